/**
 * A floor below `node:http`: the same unsigned POST written on one raw keep-alive TCP socket,
 * its answer read by the least HTTP/1.1 it takes (status line, headers, a `Content-Length`
 * body) and parsed with `JSON.parse`. It shows, in every run, what `node:http` itself costs
 * per call (README "Performance", docs/performance.md). Bench-only: no chunked bodies, no
 * pipelining, one call at a time, answers of the bench's loopback server only.
 */
import { connect, type Socket } from "node:net";

/** One call at a time over one socket, and a way to close it. */
export interface RawSocketPost {
  readonly call: () => Promise<unknown>;
  readonly close: () => void;
}

/**
 * Opens the socket lazily and returns the call.
 *
 * @param endpoint - `http://127.0.0.1:<port>`
 * @param path - the request path
 * @param body - the JSON body
 * @returns the call and `close`
 */
export function rawSocketPost(endpoint: string, path: string, body: string): RawSocketPost {
  const url = new URL(endpoint);
  const request = `POST ${path} HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  let socket: Socket | undefined;
  let pending: { resolve: (value: unknown) => void; reject: (error: Error) => void } | undefined;
  let buffered: Buffer = Buffer.alloc(0);

  const settle = (outcome: { value: unknown } | { error: Error }): void => {
    const waiting = pending;
    pending = undefined;
    buffered = Buffer.alloc(0);
    if ("error" in outcome) waiting?.reject(outcome.error);
    else waiting?.resolve(outcome.value);
  };
  const onData = (chunk: Buffer): void => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    const headerEnd = buffered.indexOf("\r\n\r\n");
    if (headerEnd < 0) return;
    const head = buffered.toString("latin1", 0, headerEnd);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!head.startsWith("HTTP/1.1 200") || !length) {
      settle({ error: new Error(`unexpected answer: ${head.split("\r\n")[0]}`) });
      return;
    }
    const end = headerEnd + 4 + Number(length[1]);
    if (buffered.length < end) return;
    try {
      settle({ value: JSON.parse(buffered.toString("utf8", headerEnd + 4, end)) });
    } catch (error) {
      settle({ error: error as Error });
    }
  };
  const open = (): Socket => {
    const opened = connect(Number(url.port), url.hostname);
    opened.setNoDelay(true);
    opened.on("data", onData);
    opened.on("error", (error) => settle({ error }));
    opened.on("close", () => {
      if (socket === opened) socket = undefined;
      settle({ error: new Error("socket closed") });
    });
    return opened;
  };
  return {
    call: () =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject };
        (socket ??= open()).write(request);
      }),
    close: () => socket?.destroy(),
  };
}
