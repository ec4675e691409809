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

/**
 * A redactor for an identity's access key ID, secret access key and session token, as written
 * and in the spellings an echo may use: JSON with escaped slashes (`\/`) and URL encoding.
 *
 * @param identity - the credentials the request was signed with
 * @returns the redactor (which returns the text unchanged when no part is long enough to redact)
 */
export function credentialRedactor(identity: AwsCredentialIdentity | undefined): CredentialRedactor {
  // The token first: should it contain the key ID, it is replaced whole.
  const needles = [identity?.sessionToken, identity?.secretAccessKey, identity?.accessKeyId]
    .filter((part): part is string => !!part && part.length >= MIN_REDACTED_LENGTH)
    .flatMap((part) => [part, part.replace(/\//g, "\\/"), encodeURIComponent(part)]);
  return (text) => needles.reduce((out, needle) => out.split(needle).join(SENSITIVE_STRING), text);
}
