/**
 * Opaque `NextToken`s. A token carries where the next page starts and a fingerprint of the
 * request it belongs to, so a token replayed with a different request (another time window, a
 * different filter) is refused rather than silently skipping or repeating results. Tokens hold
 * no server state: they survive a restart with `dataFile` and cost nothing to forget.
 *
 * @packageDocumentation
 */
import { invalidRequest } from "./errors.js";

/**
 * Encodes a page position as a token.
 *
 * @param operation - the operation the token is for
 * @param request - the request members that define the result set (not `NextToken`)
 * @param position - where the next page starts (JSON-serialisable, ASCII)
 * @returns the token
 */
export function encodeToken(operation: string, request: unknown, position: unknown): string {
  const json = JSON.stringify({ o: operation, f: fingerprint(request), p: position });
  return btoa(json).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Decodes a token made by {@link encodeToken} for the same operation and request.
 *
 * @param token - the token from the request
 * @param operation - the operation being served
 * @param request - the request members that define the result set
 * @returns the page position
 * @throws LocalXRayError InvalidRequestException when the token is malformed or belongs to another request
 */
export function decodeToken(token: string, operation: string, request: unknown): unknown {
  let decoded: { o?: unknown; f?: unknown; p?: unknown };
  try {
    const base64 = token.replace(/-/g, "+").replace(/_/g, "/");
    decoded = JSON.parse(atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4))) as typeof decoded;
  } catch {
    throw invalidRequest("NextToken is not a token this endpoint issued");
  }
  if (typeof decoded !== "object" || decoded === null || decoded.o !== operation) {
    throw invalidRequest("NextToken is not a token this endpoint issued");
  }
  if (decoded.f !== fingerprint(request)) {
    throw invalidRequest("NextToken belongs to a different request: send the same parameters as the request that returned it");
  }
  return decoded.p;
}

/** FNV-1a (32-bit) of the request's JSON, in hex: enough to tell requests apart, not a security measure. */
function fingerprint(request: unknown): string {
  const text = JSON.stringify(request) ?? "";
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/**
 * A number in [0, 1) derived from a string, the same on every run: used to sample traces
 * deterministically, so tests that sample can assert exact results.
 *
 * @param text - e.g. a trace id
 * @returns the fraction
 */
export function stableFraction(text: string): number {
  return Number.parseInt(fingerprint(text), 16) / 2 ** 32;
}
