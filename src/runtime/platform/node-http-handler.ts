/**
 * The default Node transport: a Smithy `RequestHandler` over `node:http`/`node:https` with a
 * keep-alive agent, doing per request only what a call needs.
 *
 * Why not `@smithy/node-http-handler` (still what users may pass as `requestHandler`): per
 * request it arms four timers (socket-acquisition warning, request timeout, a deferred
 * keep-alive and socket-timeout registration), awaits the body write before settling, and hands
 * back a stream that the client then collects under a deadline of its own, a fifth timer. The
 * profile of the loopback bench (bench/README.md, "Finding out why") put that machinery at
 * about a third of a call's CPU. Here one timer covers the whole attempt, headers and body,
 * the body is collected as it arrives, within `maxResponseBytes`, and the response carries it
 * as bytes, which every reader of a Smithy response accepts.
 *
 * Errors keep the shapes of `@smithy/node-http-handler`, which the retry rules and the fault
 * suite (test/faults/scenarios.ts) rely on: a socket reset or broken pipe before the response
 * is named `TimeoutError` (keeping its `code`), the deadline is a `TimeoutError` with code
 * `ETIMEDOUT`, an abort is an `AbortError`.
 */
import http from "node:http";
import type https from "node:https";
import { HttpResponse } from "@smithy/protocol-http";
import type { HttpHandlerOptions, HttpRequest, RequestHandler } from "@smithy/types";
import { DEFAULT_MAX_RESPONSE_BYTES, declaredLengthError, ResponseTooLargeError } from "../response-limit.js";
import { ENFORCED_REQUEST_TIMEOUT } from "../request-timeout.js";
import { pathOf } from "../request-path.js";

/** Options of {@link NodeRequestHandler}. */
export interface NodeRequestHandlerOptions {
  /**
   * Milliseconds an attempt may take, from sending to the last byte of the body (0: no limit).
   * A call's own `requestTimeout` send option overrides it.
   * @defaultValue 0
   */
  readonly requestTimeout?: number;
  /**
   * The largest response body accepted, in bytes.
   * @defaultValue 64 MiB
   */
  readonly maxResponseBytes?: number;
  /**
   * Sockets per origin. Calls beyond it wait for a free socket.
   * @defaultValue 50, as `@smithy/node-http-handler`
   */
  readonly maxSockets?: number;
  /** An agent of your own for `http:` endpoints (it replaces the keep-alive default). */
  readonly httpAgent?: http.Agent;
  /** An agent of your own for `https:` endpoints. */
  readonly httpsAgent?: https.Agent;
}

/** `node:https`, once the first https request has loaded it. */
let httpsModule: typeof https | undefined;

/** Socket errors `@smithy/node-http-handler` reports as `TimeoutError`. */
const RENAMED_AS_TIMEOUT = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT"]);

/**
 * A lean `node:http` request handler (see the file comment). Pass it, or any other Smithy
 * `RequestHandler`, as the client's `requestHandler`.
 */
export class NodeRequestHandler implements RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  /** What the Smithy clients read to know the protocol. */
  readonly metadata = { handlerProtocol: "http/1.1" };
  /**
   * The client-wide deadline this handler enforces on headers and body alike, so the client
   * skips its own (src/runtime/request-timeout.ts).
   */
  [ENFORCED_REQUEST_TIMEOUT]: number;
  private readonly requestTimeout: number;
  private readonly maxResponseBytes: number;
  private readonly maxSockets: number;
  private httpAgent: http.Agent | undefined;
  private httpsAgent: https.Agent | undefined;
  private readonly ownAgents: boolean;

  /** @param options - timeout, size cap, sockets, agents */
  constructor(options: NodeRequestHandlerOptions = {}) {
    this.requestTimeout = options.requestTimeout ?? 0;
    this[ENFORCED_REQUEST_TIMEOUT] = this.requestTimeout;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.maxSockets = options.maxSockets ?? 50;
    this.httpAgent = options.httpAgent;
    this.httpsAgent = options.httpsAgent;
    this.ownAgents = options.httpAgent === undefined && options.httpsAgent === undefined;
  }

  /**
   * Sends one request and reads its whole response.
   *
   * @param request - the signed request
   * @param options - the call's `abortSignal` and `requestTimeout`
   * @returns the response, its body as bytes
   */
  handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    // node:https (and TLS under it) is loaded by the first https request, not at start-up: a
    // client of an http endpoint (a local one, tests) never needs it, and it is a few
    // milliseconds of every cold start.
    if (request.protocol === "https:" && httpsModule === undefined) {
      return import("node:https").then((loaded) => {
        httpsModule = loaded.default;
        return this.handle(request, options);
      });
    }
    // Smithy types the signal loosely; at run time it is the caller's (DOM-style) AbortSignal.
    const abortSignal = options.abortSignal as AbortSignal | undefined;
    const requestTimeout = options.requestTimeout;
    return new Promise((resolve, reject) => {
      if (abortSignal?.aborted) {
        reject(abortError(abortSignal));
        return;
      }
      const secure = request.protocol === "https:";
      const limit = this.maxResponseBytes;
      const req = (secure ? httpsModule! : http).request(
        {
          host: unbracket(request.hostname),
          port: request.port,
          method: request.method,
          path: pathOf(request),
          headers: request.headers,
          agent: secure ? (this.httpsAgent ??= new httpsModule!.Agent({ keepAlive: true, maxSockets: this.maxSockets })) : (this.httpAgent ??= new http.Agent({ keepAlive: true, maxSockets: this.maxSockets })),
          ...(request.username != null || request.password != null ? { auth: `${request.username ?? ""}:${request.password ?? ""}` } : {}),
        },
        (res) => {
          response = res;
          const tooLarge = declaredLengthError(res.headers["content-length"], limit);
          if (tooLarge) {
            fail(tooLarge);
            return;
          }
          const chunks: Buffer[] = [];
          let length = 0;
          res.on("data", (chunk: Buffer) => {
            length += chunk.length;
            if (length > limit) fail(new ResponseTooLargeError(limit));
            else chunks.push(chunk);
          });
          res.on("end", () => {
            const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
            settle();
            resolve({
              response: new HttpResponse({
                statusCode: res.statusCode ?? -1,
                ...(res.statusMessage === undefined ? {} : { reason: res.statusMessage }),
                headers: flattenHeaders(res.headers),
                // A view of its own: the pool's buffer behind a lone chunk is not ours to hand out.
                body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
              }),
            });
          });
          // "aborted" (ECONNRESET) when the connection ends mid-body: kept as it is, not renamed.
          res.on("error", fail);
          // Some Node lines (24 here) close a response cut off mid-body without an "error" event:
          // the same failure, or the attempt would wait for its timeout.
          res.on("close", () => {
            if (!res.complete) fail(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
          });
        },
      );

      let settled = false;
      let response: http.IncomingMessage | undefined;
      const timeout = requestTimeout ?? this.requestTimeout;
      const timer =
        timeout > 0
          ? setTimeout(() => {
              fail(Object.assign(new Error(`no complete response within the ${timeout} ms requestTimeout`), { name: "TimeoutError", code: "ETIMEDOUT" }));
            }, timeout)
          : undefined;
      const onAbort = () => fail(abortError(abortSignal!));
      const settle = () => {
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        abortSignal?.removeEventListener?.("abort", onAbort);
      };
      // Destroying the request closes its socket at once: nothing more is read or kept.
      function fail(error: Error): void {
        if (settled) return;
        settle();
        req.destroy();
        reject(error);
      }
      req.on("error", (error: NodeJS.ErrnoException) => {
        // Bytes after a complete response (a body on a 204, more than Content-Length said) make
        // the parser fail the socket; the response itself is whole, and its "end" still comes.
        if (settled || response?.complete) return;
        // Once the response has begun, a reset is the body's "aborted" failure, whichever of
        // the request and the response reports it first (Node 24 reports it on the request).
        if (response !== undefined) fail(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
        else fail(RENAMED_AS_TIMEOUT.has(error.code ?? "") ? Object.assign(error, { name: "TimeoutError" }) : error);
      });
      abortSignal?.addEventListener?.("abort", onAbort, { once: true });

      const body = request.body as unknown;
      if (body == null || typeof body === "string" || body instanceof Uint8Array) req.end(body ?? undefined);
      else if (typeof (body as NodeJS.ReadableStream).pipe === "function") (body as NodeJS.ReadableStream).pipe(req);
      else req.end(Buffer.from(body as ArrayBuffer));
    });
  }

  /**
   * Changes an option for later requests (the Smithy `RequestHandler` contract).
   *
   * @param key - `requestTimeout`, `maxResponseBytes` or `maxSockets`
   * @param value - its new value
   */
  updateHttpClientConfig(key: keyof NodeRequestHandlerOptions, value: number): void {
    if (key === "requestTimeout" || key === "maxResponseBytes" || key === "maxSockets") {
      (this as unknown as Record<string, number>)[key] = value;
      if (key === "requestTimeout") this[ENFORCED_REQUEST_TIMEOUT] = value;
    }
  }

  /**
   * The options in force.
   *
   * @returns them
   */
  httpHandlerConfigs(): NodeRequestHandlerOptions {
    return { requestTimeout: this.requestTimeout, maxResponseBytes: this.maxResponseBytes, maxSockets: this.maxSockets };
  }

  /** Closes the sockets of agents this handler made (not those it was given). */
  destroy(): void {
    if (!this.ownAgents) return;
    this.httpAgent?.destroy();
    this.httpsAgent?.destroy();
    this.httpAgent = undefined;
    this.httpsAgent = undefined;
  }
}

/** `[::1]` → `::1`: node:http wants an IPv6 host without brackets. */
const unbracket = (hostname: string): string => (hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname);

/** Response headers as one string each (repeated ones joined with `, `). */
function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** The `AbortError` of an aborted signal, as `@smithy/node-http-handler` builds it. */
function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason === undefined) return Object.assign(new Error("Request aborted"), { name: "AbortError" });
  if (reason instanceof Error) return Object.assign(new Error("Request aborted", { cause: reason }), { name: "AbortError" });
  return Object.assign(new Error(String(reason)), { name: "AbortError" });
}
