/**
 * Reads a `fetch` response body (a web `ReadableStream`, or a `Blob` where streams are missing)
 * into bytes, stopping at a size limit: past it the stream is cancelled, which makes the browser
 * (or undici) drop the connection instead of downloading the rest.
 */
import { ResponseTooLargeError } from "./response-limit.js";

/**
 * Collects a web body into one `Uint8Array`.
 *
 * @param body - a `ReadableStream<Uint8Array>` or a `Blob`
 * @param maxBytes - the most bytes accepted
 * @returns the bytes; rejects with the stream's error or a `ResponseTooLargeError`
 */
export async function collectWebBody(body: unknown, maxBytes = Infinity): Promise<Uint8Array> {
  if (typeof (body as ReadableStream | null)?.getReader !== "function") {
    const blob = body as Blob;
    if (typeof blob?.size === "number" && blob.size > maxBytes) throw new ResponseTooLargeError(maxBytes, blob.size);
    return new Uint8Array(await new Response(body as BodyInit).arrayBuffer());
  }
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      const error = new ResponseTooLargeError(maxBytes);
      await reader.cancel(error).catch(() => {});
      throw error;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
