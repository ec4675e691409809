/**
 * Reads a Node response stream (`IncomingMessage`) into bytes with plain `data` listeners.
 *
 * `@smithy/node-http-handler`'s collector pipes the response into a `Writable`, which costs a
 * measurable share of a small call on a kept-alive connection (bench "loopback"); listening for
 * chunks does the same work with fewer layers. Bodies that are not Node streams (a `Blob` or a
 * web `ReadableStream` from a fetch-based handler) go to that collector unchanged.
 */
import { streamCollector as smithyStreamCollector } from "@smithy/node-http-handler";
import type { StreamCollector } from "@smithy/types";
import { finished, type Readable } from "node:stream";

const isNodeStream = (body: unknown): body is Readable =>
  typeof (body as Readable | null)?.on === "function" && typeof (body as Readable).pipe === "function";

/**
 * Collects a response body into a fresh `Uint8Array` (never a view on a pooled buffer).
 *
 * @param body - the transport's response body
 * @returns the bytes; rejects with the stream's error, or with a premature-close error when the
 *   connection ends before the body does
 */
export const collectBody: StreamCollector = (body) => {
  if (!isNodeStream(body)) return smithyStreamCollector(body);
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let length = 0;
    body.on("data", (chunk: Uint8Array) => {
      chunks.push(chunk);
      length += chunk.byteLength;
    });
    // `finished` also reports a stream destroyed or closed before its end, so no body can
    // leave this promise pending.
    finished(body, (error) => {
      if (error) return reject(error);
      const bytes = new Uint8Array(length);
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
      }
      resolve(bytes);
    });
  });
};
