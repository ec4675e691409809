/**
 * The `X-Amzn-Trace-Id` header: `Root=1-…;Parent=<16 hex>;Sampled=1`, sometimes with `Lineage`
 * (added by Lambda and others) and arbitrary extra fields (ALB keeps them, e.g. `Self=…`).
 *
 * Parsing is for untrusted input on request paths: it never throws, and reports what it could
 * not use in `problems` instead. Formatting is for values the program controls: it throws a
 * `TypeError` on anything that would corrupt the header.
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
 *
 * @packageDocumentation
 */
import { isSegmentId, isTraceId } from "./ids.js";

/** The sampling decision: `true` (`Sampled=1`), `false` (`0`) or `"requested"` (`?`: decide downstream). */
export type SamplingDecision = boolean | "requested";

/** The fields of a trace header, as {@link formatTraceHeader} takes them. */
export interface TraceHeader {
  /** The trace ID (`Root`). */
  readonly root: string;
  /** The ID of the calling segment or subsegment (`Parent`). */
  readonly parent?: string | undefined;
  /** The sampling decision (`Sampled`). */
  readonly sampled?: SamplingDecision | undefined;
  /** `Lineage`, opaque: services use it to detect request loops. */
  readonly lineage?: string | undefined;
  /** Other fields, in order (e.g. ALB's `Self`), as `[key, value]` pairs or a record. */
  readonly extra?: ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string>> | undefined;
}

/**
 * Why part of a trace header was ignored:
 * - `"no-header"`: the value is absent or blank; `"no-root"`: there is no `Root` field;
 * - `"bad-root"`, `"bad-parent"`, `"bad-sampled"`, `"bad-lineage"` (empty): that field's value is unusable;
 * - `"duplicate"`: a key was repeated (the first occurrence is used);
 * - `"malformed"`: a field without `=` or without a key;
 * - `"extra-over-budget"`: extra fields past {@link MAX_EXTRA_LENGTH} characters;
 * - `"too-long"`: the header is over {@link MAX_TRACE_HEADER_LENGTH} characters, so none of it was read.
 */
export type TraceHeaderProblem =
  | "no-header"
  | "no-root"
  | "bad-root"
  | "bad-parent"
  | "bad-sampled"
  | "bad-lineage"
  | "duplicate"
  | "malformed"
  | "extra-over-budget"
  | "too-long";

/**
 * What {@link parseTraceHeader} found. `root` is `undefined` when the header is absent or has no
 * usable `Root`: start a new trace then. Every field that was present but unusable is left
 * `undefined` and its problem listed in `problems` (each kind once), for a debug log or a metric.
 */
export interface ParsedTraceHeader {
  /** The trace ID, lower-cased. */
  readonly root: string | undefined;
  /** The parent segment ID, lower-cased. */
  readonly parent: string | undefined;
  /** The sampling decision. */
  readonly sampled: SamplingDecision | undefined;
  /** `Lineage`, as received. */
  readonly lineage: string | undefined;
  /** Unknown fields in order, keys as received (duplicates and fields past the budget are dropped). */
  readonly extra: ReadonlyArray<readonly [string, string]>;
  /** What was ignored, each kind once; empty for a clean header. */
  readonly problems: readonly TraceHeaderProblem[];
}

/** Longest header read; ALB rewrites headers over 7 KB, so a longer one is not from AWS and is ignored. */
export const MAX_TRACE_HEADER_LENGTH = 8192;
/** Characters of extra keys and values kept, as aws-xray-sdk-core does, to bound what is forwarded. */
export const MAX_EXTRA_LENGTH = 256;

/**
 * Parses an `X-Amzn-Trace-Id` value. Keys are case-insensitive, spaces around keys and values
 * are ignored, the first occurrence of a key wins. Never throws.
 *
 * @param value - the header value (for a repeated header, the first is used)
 * @returns the fields found, and the problems met
 * @example
 * ```ts
 * const { root, parent, sampled } = parseTraceHeader(request.headers.get("x-amzn-trace-id"));
 * const segment = new Segment("checkout", root, parent); // a new trace when root is undefined
 * ```
 */
export function parseTraceHeader(value: string | readonly string[] | null | undefined): ParsedTraceHeader {
  const problems: TraceHeaderProblem[] = [];
  // Each kind once: a hostile header must not become thousands of entries.
  const note = (problem: TraceHeaderProblem): unknown => problems.includes(problem) || problems.push(problem);
  const extra: Array<[string, string]> = [];
  const found: Record<string, unknown> = { extra, problems };
  // Keys met, lower-cased; no prototype, so `constructor` or `__proto__` is a key like any other.
  const seen: Record<string, boolean> = Object.create(null);
  let text: unknown = [value].flat()[0];
  let budget = MAX_EXTRA_LENGTH;
  if (typeof text !== "string") text = "";
  // Not from AWS, and parsing part of it could pick up a cut value: ignore all of it.
  else if (text.length > MAX_TRACE_HEADER_LENGTH) text = note("too-long") && "";
  for (const field of (text as string).split(";")) {
    const eq = field.indexOf("=");
    // Without an `=` the field is malformed or blank, and key and value go unused.
    const key = field.slice(0, eq).trim();
    const val = field.slice(eq + 1).trim();
    const lower = key.toLowerCase();
    if (eq < 0 || !key) {
      // A blank field (`;;`, a trailing `;`) is no problem; any other without a key is.
      if (field.trim()) note("malformed");
    } else if (seen[lower]) note("duplicate");
    else if (((seen[lower] = true), Object.hasOwn(READERS, lower))) {
      const read = READERS[lower]!(val);
      if (read === undefined) note(`bad-${lower}` as TraceHeaderProblem);
      else found[lower] = read;
    } else if ((budget -= key.length + val.length) >= 0) extra.push([key, val]);
    else note("extra-over-budget");
  }
  if (!seen["root"]) note((text as string).trim() || problems.length ? "no-root" : "no-header");
  return found as unknown as ParsedTraceHeader;
}

/** The reserved keys (lower-cased) and how to read each value; `undefined` means unusable. */
const READERS: Record<string, (value: string) => unknown> = {
  root: (value) => (isTraceId(value) ? value.toLowerCase() : undefined),
  parent: (value) => (isSegmentId(value) ? value.toLowerCase() : undefined),
  sampled: (value) => (value === "?" ? "requested" : value === "1" ? true : value === "0" ? false : undefined),
  lineage: (value) => value || undefined,
};

/**
 * Formats an `X-Amzn-Trace-Id` value for an outgoing request: `Root`, `Parent`, `Sampled`,
 * `Lineage`, then the extra fields in order.
 *
 * @param header - the fields; `root` is required
 * @returns e.g. `"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"`
 * @throws TypeError when `root` or `parent` is not a valid ID, or a lineage, extra key or extra
 *   value contains `;` (or a key contains `=` or is empty): such a header would not parse back.
 */
export function formatTraceHeader({ root, parent, sampled, lineage, extra = [] }: TraceHeader): string {
  if (!isTraceId(root)) throw new TypeError("formatTraceHeader: invalid root");
  if (parent !== undefined && !isSegmentId(parent)) throw new TypeError("formatTraceHeader: invalid parent");
  let out = `Root=${root}`;
  if (parent !== undefined) out += `;Parent=${parent}`;
  if (sampled !== undefined) out += `;Sampled=${sampled === "requested" ? "?" : sampled ? 1 : 0}`;
  const fields: Array<readonly [string, string]> = Array.isArray(extra) ? extra : Object.entries(extra);
  for (const [key, value] of lineage ? [["Lineage", lineage] as const, ...fields] : fields) {
    // Keys: no ';', '=' or edge spaces; values: no ';' (they would not parse back).
    if (!/^[^;=\s]([^;=]*[^;=\s])?$/.test(key) || value.includes(";")) throw new TypeError(`formatTraceHeader: invalid ${key} field`);
    out += `;${key}=${value}`;
  }
  return out;
}
