/**
 * Segment documents for sender tests: small, valid-looking JSON strings with deterministic,
 * unique ids, and documents of an exact UTF-8 size.
 */

/**
 * A completed segment document whose ids derive from `n` (so every `n` gives a distinct document).
 *
 * @param n - the document's number
 * @param extra - more top-level fields (e.g. `{ bad: true }` to steer the fake service)
 * @returns the JSON text
 */
export function segmentDocument(n: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name: "checkout",
    id: n.toString(16).padStart(16, "0"),
    trace_id: `1-5759e988-${n.toString(16).padStart(24, "0")}`,
    start_time: 1_480_615_200 + n / 1000,
    end_time: 1_480_615_200.5 + n / 1000,
    ...extra,
  });
}

/**
 * A segment document of exactly `bytes` UTF-8 bytes, padded in its metadata.
 *
 * @param n - the document's number
 * @param bytes - the size wanted (at least a few hundred)
 * @param filler - a one-character string repeated as padding (e.g. "é" for two-byte characters)
 * @returns the JSON text
 */
export function documentOfSize(n: number, bytes: number, filler = "x"): string {
  const empty = segmentDocument(n, { metadata: { default: { pad: "" } } });
  const fillerBytes = new TextEncoder().encode(filler).length;
  const missing = bytes - new TextEncoder().encode(empty).length;
  if (missing < 0) throw new RangeError(`documentOfSize: ${bytes} bytes is too small`);
  const pad = filler.repeat(Math.floor(missing / fillerBytes)) + "x".repeat(missing % fillerBytes);
  const text = segmentDocument(n, { metadata: { default: { pad } } });
  if (new TextEncoder().encode(text).length !== bytes) throw new Error("documentOfSize: size mismatch");
  return text;
}
