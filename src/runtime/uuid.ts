/**
 * Random (version 4) UUIDs, in every environment the package runs in.
 */

/**
 * A random version 4 UUID. Browsers offer `crypto.randomUUID` only in secure contexts (https,
 * localhost); a page served over plain http still has `getRandomValues`, from which the UUID is
 * built as RFC 9562 §5.4 describes.
 *
 * @returns e.g. `"1b4e28ba-2fa1-4d2e-8c3f-5d9c8e7c1a2b"`
 */
export function randomUuid(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
