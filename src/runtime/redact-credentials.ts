/**
 * Keeping the caller's own credentials out of what a response brings back. A server or proxy
 * that echoes request headers in its answers (error pages that print the request, debugging
 * proxies) sends the session token and the `Authorization` header (with the access key ID) back
 * to the client; from there they would reach error messages, `$response`, outputs and log
 * lines. The response text and header values are cleaned before anything is built from them.
 */
import type { AwsCredentialIdentity } from "@smithy/types";
import { SENSITIVE_STRING } from "./schema.js";

/**
 * Shortest credential part that is redacted. Real ones are 20 characters (key ID), 40 (secret)
 * or hundreds (token); placeholders such as `"a"` in tests would otherwise blank out every
 * matching letter of a response.
 */
const MIN_REDACTED_LENGTH = 8;

/** Replaces credential parts in a text. */
export type CredentialRedactor = (text: string) => string;

/** The redactor built for an identity, with the parts it was built from. */
interface CachedRedactor {
  readonly parts: readonly unknown[];
  readonly redact: CredentialRedactor;
}

/**
 * One redactor per identity object: the memoized credential provider hands out the same object
 * until it refreshes, and every response of every call is cleaned with it.
 */
const redactors = new WeakMap<object, CachedRedactor>();

const unchanged: CredentialRedactor = (text) => text;

/**
 * A redactor for an identity's access key ID, secret access key and session token, as written
 * and in the spellings an echo may use: JSON with escaped slashes (`\/`) and URL encoding.
 *
 * @param identity - the credentials the request was signed with
 * @returns the redactor (which returns the text unchanged when no part is long enough to redact)
 */
export function credentialRedactor(identity: AwsCredentialIdentity | undefined): CredentialRedactor {
  if (typeof identity !== "object" || identity === null) return unchanged;
  // The token first: should it contain the key ID, it is replaced whole.
  const parts = [identity.sessionToken, identity.secretAccessKey, identity.accessKeyId];
  const cached = redactors.get(identity);
  // An identity object changed in place (a rotated secret) gets a redactor of its own.
  if (cached && cached.parts.every((part, index) => part === parts[index])) return cached.redact;
  const redact = buildRedactor(parts);
  redactors.set(identity, { parts, redact });
  return redact;
}

function buildRedactor(parts: ReadonlyArray<string | undefined>): CredentialRedactor {
  const needles = [
    ...new Set(
      parts
        .filter((part): part is string => typeof part === "string" && part.length >= MIN_REDACTED_LENGTH)
        .flatMap((part) => [part, part.replace(/\//g, "\\/"), encodeURIComponent(part)]),
    ),
  ];
  if (needles.length === 0) return unchanged;
  // One scan finds whether any spelling occurs at all (almost never); only then are they
  // replaced one after another, in the order above.
  const anyNeedle = new RegExp(needles.map((needle) => needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"));
  return (text) => (anyNeedle.test(text) ? needles.reduce((out, needle) => out.split(needle).join(SENSITIVE_STRING), text) : text);
}
