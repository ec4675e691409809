/**
 * What each keyword of the X-Ray filter language is to the local endpoint: a kind it evaluates, or
 * a documented keyword it refuses with the reason. Keywords are matched lower-cased, as X-Ray
 * matches them case-insensitively.
 *
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-console-filters.html
 */
import type { FlagKeyword, NumberKeyword, StringKeyword } from "./ast.js";

/** How the parser reads a keyword. */
export type KeywordClass =
  | { readonly kind: "flag"; readonly keyword: FlagKeyword }
  | { readonly kind: "number"; readonly keyword: NumberKeyword }
  | { readonly kind: "string"; readonly keyword: StringKeyword }
  | { readonly kind: "annotation" | "service" | "edge" | "id" }
  | { readonly kind: "unsupported"; readonly why: string };

const FLAGS: readonly FlagKeyword[] = ["ok", "error", "throttle", "fault", "partial"];
const NUMBERS: readonly NumberKeyword[] = ["responsetime", "duration", "http.status"];
const STRINGS: readonly StringKeyword[] = ["http.url", "http.method", "http.useragent", "http.clientip", "user"];

const ROOT_CAUSE = "it is a root-cause keyword, and the local endpoint does not run root-cause analysis";
const NOT_KEPT = "the local endpoint does not keep that field of the segments";

/** Documented X-Ray keywords the local endpoint refuses, with the reason given to the caller. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  inferred: NOT_KEPT,
  root: "the local endpoint does not tell the root node from the others",
  first: ROOT_CAUSE,
  last: ROOT_CAUSE,
  remote: ROOT_CAUSE,
  index: ROOT_CAUSE,
  coverage: ROOT_CAUSE,
  name: ROOT_CAUSE,
  type: ROOT_CAUSE,
  message: ROOT_CAUSE,
  json: ROOT_CAUSE,
  availabilityzone: NOT_KEPT,
  "instance.id": NOT_KEPT,
  "resource.arn": NOT_KEPT,
};

/** Keywords usable inside a `service() { … }` or `edge() { … }` body: they test that node or call. */
export const SCOPED_KEYWORDS: readonly string[] = ["ok", "error", "throttle", "fault", "responsetime"];

/**
 * Classifies a keyword.
 *
 * @param lowered - the word, lower-cased
 * @returns how to read it, or `undefined` when it is no X-Ray keyword at all
 */
export function classifyKeyword(lowered: string): KeywordClass | undefined {
  if ((FLAGS as readonly string[]).includes(lowered)) return { kind: "flag", keyword: lowered as FlagKeyword };
  if ((NUMBERS as readonly string[]).includes(lowered)) return { kind: "number", keyword: lowered as NumberKeyword };
  if ((STRINGS as readonly string[]).includes(lowered)) return { kind: "string", keyword: lowered as StringKeyword };
  if (lowered === "annotation" || lowered.startsWith("annotation.")) return { kind: "annotation" };
  if (lowered === "service" || lowered === "edge" || lowered === "id") return { kind: lowered };
  if (lowered === "rootcause" || lowered.startsWith("rootcause.")) return { kind: "unsupported", why: ROOT_CAUSE };
  if (lowered === "group" || lowered.startsWith("group.")) {
    return { kind: "unsupported", why: "the local endpoint has no groups" };
  }
  const why = Object.hasOwn(UNSUPPORTED, lowered) ? UNSUPPORTED[lowered] : undefined;
  return why === undefined ? undefined : { kind: "unsupported", why };
}
