/**
 * A real HTTP server on 127.0.0.1 for wire-level tests: it answers each request with the next
 * step of a per-test script and records every request it receives.
 *
 * Why a real server rather than a mocked handler: retries, timeouts, aborts and connection
 * resets are behaviours of the transport (`NodeHttpHandler`, keep-alive agent, sockets), and
 * only a socket shows what the client actually sends (retry headers, signing date, tokens).
 *
 * Usage:
 *
 * ```ts
 * let server: Loopback;
 * beforeEach(async () => { server = await startLoopback(); });
 * afterEach(() => server.close());
 * server.script({ status: 503 }, { status: 200, body: {} });
 * ```
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { afterEach, beforeEach } from "vitest";
import { XRayClient, type XRayClientConfig } from "../../src/index.js";

/** A scripted answer. */
export interface ResponseStep {
  /** HTTP status; default 200. */
  status?: number;
  /** Response headers; `content-type: application/json` is added when absent. */
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. Default `{}`. */
  body?: unknown;
  /** Milliseconds to wait before answering. */
  delay?: number;
  /**
   * Send the status, headers and `body`, then never end the response (until the server
   * closes): a server that stalls mid-body. `body` should then be a truncated document.
   */
  stall?: boolean;
}

/**
 * One step: a response, `"hang"` (read the request, never answer, until the server closes) or
 * `"destroy"` (read the request, then destroy the socket without answering: a connection reset).
 */
export type Step = ResponseStep | "hang" | "destroy";

/** What the server saw of one request. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-cased, as node:http delivers them. */
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** `performance.now()` when the request's headers arrived. */
  readonly receivedAt: number;
  /** `Date.now()` when the request's headers arrived. */
  readonly receivedAtEpochMs: number;
}

/** A running loopback server. */
export interface Loopback {
  /** `http://127.0.0.1:<port>`, for the client's `endpoint` option. */
  readonly url: string;
  readonly port: number;
  /** Every request received so far, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Replaces the script: request N gets step N. */
  script(...steps: Step[]): void;
  /** Resolves once at least `count` requests have arrived; rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Stops the server and destroys every socket (kept-alive and hanging ones too). */
  close(): Promise<void>;
}

/**
 * The status sent when a request arrives after the script ran out. 418 is a client error that
 * no retry strategy retries, so an unexpected extra request shows up in the test's assertions
 * instead of being silently absorbed.
 */
export const UNSCRIPTED_STATUS = 418;

/**
 * Starts a loopback server on an ephemeral port.
 *
 * @param steps - the initial script (may be replaced with `script()`)
 * @returns the running server
 */
export async function startLoopback(...steps: Step[]): Promise<Loopback> {
  let queue: Step[] = [...steps];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<() => void>();
  let closed = false;

  const server: Server = createServer((req, res) => {
    const receivedAt = performance.now();
    const receivedAtEpochMs = Date.now();
    const step: Step = queue.shift() ?? {
      status: UNSCRIPTED_STATUS,
      body: { __type: "UnscriptedRequest", message: "loopback: no scripted response left for this request" },
    };
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        receivedAt,
        receivedAtEpochMs,
      });
      for (const wake of [...waiters]) wake();
      if (step === "hang") return;
      if (step === "destroy") {
        req.socket.destroy();
        return;
      }
      if (step.delay) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          respond(res, step);
        }, step.delay);
        timers.add(timer);
      } else {
        respond(res, step);
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    script(...next: Step[]) {
      queue = [...next];
    },
    waitForRequests(count, timeoutMs = 5_000) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`loopback: expected ${count} requests within ${timeoutMs} ms, got ${requests.length}`));
        }, timeoutMs);
        const check = (): void => {
          if (requests.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      // server.close() only stops accepting; kept-alive and hanging sockets must be ended by hand.
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await done;
    },
  };
}

function respond(res: ServerResponse, step: ResponseStep): void {
  if (res.destroyed) return;
  const body = step.body === undefined ? "{}" : typeof step.body === "string" ? step.body : JSON.stringify(step.body);
  const headers: Record<string, string> = { ...step.headers };
  if (!Object.keys(headers).some((name) => name.toLowerCase() === "content-type")) {
    headers["content-type"] = "application/json";
  }
  if (step.stall) {
    // No content-length: chunked, so the client cannot know the body is incomplete.
    res.writeHead(step.status ?? 200, headers);
    res.write(body);
    return;
  }
  res.writeHead(step.status ?? 200, headers);
  res.end(body);
}

/**
 * Parses an `x-amz-date` value (`20240102T030405Z`) into epoch milliseconds.
 *
 * @param value - the header value
 * @returns the time, or NaN when malformed
 */
export function parseAmzDate(value: string | string[] | undefined): number {
  const match = typeof value === "string" ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** A fresh loopback server per test, and clients aimed at it that are destroyed afterwards. */
export interface LoopbackFixture {
  /** The current test's server. */
  readonly server: Loopback;
  /**
   * A client for the current test's server.
   *
   * @param options - overrides of the default options
   * @returns the client
   */
  client(options?: XRayClientConfig): XRayClient;
}

/**
 * Registers `beforeEach`/`afterEach` hooks that start and stop a loopback server and destroy the
 * clients made for it.
 *
 * @param credentials - the clients' static credentials
 * @returns the fixture
 */
export function useLoopback(credentials: { accessKeyId: string; secretAccessKey: string }): LoopbackFixture {
  let server: Loopback | undefined;
  const clients: XRayClient[] = [];
  beforeEach(async () => {
    server = await startLoopback();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error("the loopback server runs only inside a test");
      return server;
    },
    client(options = {}) {
      const client = new XRayClient({ endpoint: this.server.url, region: "us-east-1", credentials, ...options });
      clients.push(client);
      return client;
    },
  };
}
