/**
 * Reads a Node response stream (`IncomingMessage`) into bytes with plain `data` listeners.
 *
 * `@smithy/node-http-handler`'s collector pipes the response into a `Writable`, which costs a
 * measurable share of a small call on a kept-alive connection (bench "loopback"); listening for
 * chunks does the same work with fewer layers. Bodies that are not Node streams (a `Blob` or a
 * web `ReadableStream` from a fetch-based handler) go to collect-body.web.ts, under the same cap.
 */
import type { StreamCollector } from "@smithy/types";
import { collectWebBody } from "./collect-body.web.js";
import { ResponseTooLargeError } from "./response-limit.js";
import { finished, type Readable } from "node:stream";

const isNodeStream = (body: unknown): body is Readable =>
  typeof (body as Readable | null)?.on === "function" && typeof (body as Readable).pipe === "function";

/**
 * Collects a response body into a fresh `Uint8Array` (never a view on a pooled buffer).
 *
 * @param body - the transport's response body
 * @param maxBytes - the most bytes accepted; past it the stream is destroyed (its socket closed)
 * @returns the bytes; rejects with the stream's error, with a premature-close error when the
 *   connection ends before the body does, or with a `ResponseTooLargeError`
 */
export const collectBody: StreamCollector & ((body: any, maxBytes?: number) => Promise<Uint8Array>) = (body: any, maxBytes: number = Infinity) => {
  if (!isNodeStream(body)) return collectWebBody(body, maxBytes);
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let length = 0;
    let tooLarge: ResponseTooLargeError | undefined;
    body.on("data", (chunk: Uint8Array) => {
      length += chunk.byteLength;
      if (length <= maxBytes) chunks.push(chunk);
      else if (!tooLarge) {
        tooLarge = new ResponseTooLargeError(maxBytes);
        body.destroy(tooLarge);
      }
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
