/**
 * A misbehaving HTTP/1.1 server on 127.0.0.1, built on raw `node:net` sockets so that a test can
 * do what `node:http` would never let it: reset a connection halfway through the headers, lie
 * in `Content-Length`, repeat a header, drip bytes one at a time, or send 50 MB.
 *
 * Each request that arrives takes the next step of the test's script:
 *
 * ```ts
 * const server = await startFaultServer();
 * server.script({ status: 503 }, { status: 503 }, { status: 200, body: { Traces: [] } });
 * server.script({ raw: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{", then: "reset" });
 * ```
 *
 * The server parses requests itself (request line, headers, `Content-Length` body), so it counts
 * exactly what reached the wire: connections opened and requests received.
 */
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { performance } from "node:perf_hooks";

/** What to do with the connection after a step has written its bytes. */
export type After =
  /** Keep the connection open and read the next request from it (keep-alive). */
  | "keep"
  /** End the connection cleanly (FIN). */
  | "close"
  /** Abort the connection with a TCP RST: the client sees `ECONNRESET`. */
  | "reset"
  /** Keep the connection open and never write again (until the server closes). */
  | "hang";

/** A well-formed response, assembled by the server. */
export interface Reply {
  /** Default 200. Any number is sent as is, even one HTTP does not define. */
  readonly status?: number;
  /** Header pairs in order; the same name may appear twice. `Content-Type: application/json` is added when absent. */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  /** A string or bytes are sent as they are; anything else as JSON. Default `{}`. */
  readonly body?: unknown;
  /**
   * The `Content-Length` to announce: the body's true length when left out, another number to
   * lie, or `"none"` to send no length at all (the body then ends when the connection does).
   */
  readonly contentLength?: number | "none";
  /** Default `"keep"`, or `"close"` when `contentLength` is `"none"`. */
  readonly then?: After;
}

/** Bytes written exactly as given: a truncated status line, a broken header block, anything. */
export interface Raw {
  readonly raw: string | Uint8Array;
  /** Default `"keep"`. */
  readonly then?: After;
}

/** Bytes written one small piece at a time: a slow peer, or a slow-loris attack in reverse. */
export interface Drip {
  /** Written at once before the drip starts, e.g. a complete header block. */
  readonly first?: string | Uint8Array;
  readonly drip: string | Uint8Array;
  /** Milliseconds between pieces. */
  readonly everyMs: number;
  /** Bytes per piece; default 1. */
  readonly bytesPerPiece?: number;
  /** After the last piece; default `"keep"`. */
  readonly then?: After;
}

/**
 * One scripted step. `"hang"` reads the request and never answers, `"reset"` answers it with a
 * TCP RST, `"close"` with a clean close and no bytes.
 */
export type Step = Reply | Raw | Drip | "hang" | "reset" | "close";

/** One request as it arrived on the wire. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  /** Header names lower-cased; a repeated header keeps every value, in order. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly body: string;
  /** Which connection (0, 1, …, in accept order) carried the request. */
  readonly connection: number;
  /** `performance.now()` when the request was complete. */
  readonly at: number;
}

/** A running fault server. */
export interface FaultServer {
  /** `http://127.0.0.1:<port>`, for the client's `endpoint` option. */
  readonly url: string;
  /** Requests received so far, in arrival order. */
  readonly requests: readonly ReceivedRequest[];
  /** Connections accepted so far. */
  readonly connections: number;
  /** Replaces the script: the next request gets `steps[0]`, and so on. */
  script(...steps: Step[]): void;
  /** Decides every request the script does not cover (by default a 418, which nothing retries). */
  otherwise(decide: (request: ReceivedRequest, index: number) => Step): void;
  /** Stops listening and destroys every connection, hanging ones included. */
  close(): Promise<void>;
}

/**
 * Answered to a request after the script ran out: a client error that no retry strategy
 * retries, so an unexpected extra request shows up in the test's counts.
 */
export const UNSCRIPTED: Reply = {
  status: 418,
  headers: [["x-amzn-errortype", "UnscriptedRequest"]],
  body: { message: "fault server: no scripted step left for this request" },
};

const HEAD_END = Buffer.from("\r\n\r\n");
/** Larger request heads are a client bug; refuse rather than buffer forever. */
const MAX_HEAD_BYTES = 64 * 1024;

/**
 * Starts a fault server on an ephemeral loopback port.
 *
 * @param steps - the initial script
 * @returns the running server
 */
export async function startFaultServer(...steps: Step[]): Promise<FaultServer> {
  let queue: Step[] = [...steps];
  let decide: (request: ReceivedRequest, index: number) => Step = () => UNSCRIPTED;
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;

  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const server: Server = createServer((socket) => {
    const connection = connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // A client that resets its side (a timeout, an abort) is part of the game, not a server failure.
    socket.on("error", () => {});
    let pending: Buffer = Buffer.alloc(0);
    let busy = false;

    const readRequests = (): void => {
      while (!busy) {
        const parsed = parseRequest(pending, connection);
        if (parsed === "incomplete") {
          if (pending.length > MAX_HEAD_BYTES) socket.destroy();
          return;
        }
        if (parsed === "malformed") {
          socket.destroy();
          return;
        }
        pending = pending.subarray(parsed.consumed);
        requests.push(parsed.request);
        const index = requests.length - 1;
        const step = queue.length > 0 ? queue.shift()! : decide(parsed.request, index);
        busy = true;
        perform(socket, step, later, (after) => {
          // Only a kept-alive connection reads on; a hung one ignores whatever else arrives.
          busy = after !== "keep";
          finish(socket, after);
          if (after === "keep") readRequests();
        });
      }
    };
    socket.on("data", (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      readRequests();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get connections() {
      return connections;
    },
    script(...next) {
      queue = [...next];
    },
    otherwise(next) {
      decide = next;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/**
 * A URL on which nothing listens: a port that was just bound and released, so connecting to it
 * is refused (`ECONNREFUSED`).
 *
 * @returns the URL
 */
export async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

type Parsed = { request: ReceivedRequest; consumed: number } | "incomplete" | "malformed";

/** Parses one HTTP/1.1 request (head and `Content-Length` body) from the front of `data`. */
function parseRequest(data: Buffer, connection: number): Parsed {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd < 0) return "incomplete";
  const [requestLine = "", ...lines] = data.subarray(0, headEnd).toString("latin1").split("\r\n");
  const [method, path] = requestLine.split(" ");
  if (!method || !path) return "malformed";
  const headers: Record<string, string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) return "malformed";
    const name = line.slice(0, colon).trim().toLowerCase();
    (headers[name] ??= []).push(line.slice(colon + 1).trim());
  }
  const length = Number(headers["content-length"]?.[0] ?? 0);
  if (!Number.isInteger(length) || length < 0) return "malformed";
  const bodyStart = headEnd + HEAD_END.length;
  if (data.length < bodyStart + length) return "incomplete";
  const body = data.subarray(bodyStart, bodyStart + length).toString("utf8");
  return { request: { method, path, headers, body, connection, at: performance.now() }, consumed: bodyStart + length };
}

/** Writes a step's bytes, then reports what to do with the connection. */
function perform(socket: Socket, step: Step, later: (ms: number, run: () => void) => void, done: (after: After) => void): void {
  if (step === "hang") return done("hang");
  if (step === "reset" || step === "close") return done(step);
  if ("raw" in step) {
    socket.write(step.raw);
    return done(step.then ?? "keep");
  }
  if ("drip" in step) {
    const bytes = typeof step.drip === "string" ? Buffer.from(step.drip, "latin1") : Buffer.from(step.drip);
    const size = step.bytesPerPiece ?? 1;
    if (step.first !== undefined) socket.write(step.first);
    const next = (offset: number): void => {
      if (socket.destroyed) return;
      if (offset >= bytes.length) return done(step.then ?? "keep");
      socket.write(bytes.subarray(offset, offset + size));
      later(step.everyMs, () => next(offset + size));
    };
    return next(0);
  }
  socket.write(encodeReply(step));
  done(step.then ?? (step.contentLength === "none" ? "close" : "keep"));
}

function finish(socket: Socket, after: After): void {
  if (socket.destroyed) return;
  if (after === "reset") socket.resetAndDestroy();
  else if (after === "close") socket.end();
}

const REASONS: Readonly<Record<number, string>> = {
  200: "OK",
  400: "Bad Request",
  403: "Forbidden",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/**
 * Serializes a reply into the bytes of a response.
 *
 * @param reply - the reply
 * @returns status line, headers and body
 */
function encodeReply(reply: Reply): Buffer {
  const status = reply.status ?? 200;
  const body =
    reply.body === undefined
      ? Buffer.from("{}")
      : typeof reply.body === "string"
        ? Buffer.from(reply.body, "utf8")
        : reply.body instanceof Uint8Array
          ? Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength)
          : Buffer.from(JSON.stringify(reply.body), "utf8");
  const headers: Array<readonly [string, string]> = [...(reply.headers ?? [])];
  const has = (name: string): boolean => headers.some(([n]) => n.toLowerCase() === name);
  if (!has("content-type")) headers.push(["Content-Type", "application/json"]);
  if (reply.contentLength !== "none" && !has("content-length")) {
    headers.push(["Content-Length", String(reply.contentLength ?? body.length)]);
  }
  const head =
    `HTTP/1.1 ${status} ${REASONS[status] ?? "Whatever"}\r\n` +
    headers.map(([name, value]) => `${name}: ${value}\r\n`).join("") +
    "\r\n";
  return Buffer.concat([Buffer.from(head, "latin1"), body]);
}
