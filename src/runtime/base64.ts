/**
 * Base64 for `blob` members, on web standards only (`btoa`/`atob` exist in Node ≥ 16 and every
 * browser), so the browser build needs no Buffer polyfill.
 */

/**
 * Encodes bytes, or a string as UTF-8, to base64.
 *
 * @param value - the bytes or text
 * @returns the base64 text
 */
export function toBase64(value: Uint8Array | string): string {
  const bytes = typeof value === "string" ? new TextEncoder().encode(value) : value;
  let binary = "";
  // Chunked so a large blob does not overflow the argument limit of String.fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Decodes base64 text to bytes.
 *
 * @param text - the base64 text
 * @returns the bytes
 */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
