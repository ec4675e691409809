/**
 * Idempotency tokens for `@idempotencyToken` members the caller leaves unset: a UUID v4, made
 * once per call (before the retry loop, so every attempt carries the same token).
 *
 * Web Crypto only, so the module runs in browsers as in Node ≥ 19 (`globalThis.crypto`).
 */
import { randomUuid } from "./uuid.js";

/**
 * Makes a random UUID v4.
 *
 * @returns the token, e.g. `"1b4e28ba-2fa1-4d2e-8c3f-5d9c8e7c1a2b"`
 */
export function newIdempotencyToken(): string {
  return randomUuid();
}

/**
 * Gives each unset idempotency-token member a fresh token.
 *
 * @param input - the caller's input (not modified)
 * @param members - the `@idempotencyToken` members
 * @returns the input, or a copy with the tokens filled in
 */
export function fillIdempotencyTokens(input: Record<string, unknown>, members: readonly string[]): Record<string, unknown> {
  let filled = input;
  for (const member of members) if (filled[member] == null) filled = { ...filled, [member]: newIdempotencyToken() };
  return filled;
}
