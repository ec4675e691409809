/**
 * Idempotency tokens for `@idempotencyToken` members the caller leaves unset: a UUID v4, made
 * once per call (before the retry loop, so every attempt carries the same token).
 *
 * Web Crypto only, so the module runs in browsers as in Node ≥ 19 (`globalThis.crypto`).
 */

/**
 * Makes a random UUID v4.
 *
 * @returns the token, e.g. `"1b4e28ba-2fa1-4d2e-8c3f-5d9c8e7c1a2b"`
 */
export function newIdempotencyToken(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // Browsers only offer randomUUID in secure contexts (https, localhost); an http page still
  // has getRandomValues, from which a v4 UUID is built as RFC 9562 §5.4 describes.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
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
