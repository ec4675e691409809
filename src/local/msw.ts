/**
 * `typed-xray/local/msw`: the local X-Ray endpoint as msw request handlers, for browser tests
 * and unit tests that should not open a socket. The same engine and protocol as the node:http
 * server of `typed-xray/local` (validation, summaries, filters, graphs, errors, signatures),
 * answering the X-Ray endpoints of every region by default. Browser-safe.
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createLocalXRayHandlers } from "typed-xray/local/msw";
 *
 * const { handlers, engine } = createLocalXRayHandlers();
 * const server = setupServer(...handlers);
 * server.listen({ onUnhandledRequest: "error" });
 * // new XRayClient({ region: "eu-west-1", credentials }) now talks to `engine`.
 * ```
 *
 * @packageDocumentation
 * @module typed-xray/local/msw
 */
import { http, HttpResponse, type HttpHandler } from "msw";
import { XRayEngine, type XRayEngineOptions } from "./engine/XRayEngine.js";
import { createProtocolHandler, type ProtocolOptions } from "./protocol.js";

/**
 * Every X-Ray endpoint: `https://xray.<region>.<partition domain>` and its FIPS variant, for any
 * region and partition (`amazonaws.com`, `amazonaws.com.cn`, `api.aws`, …).
 */
export const ANY_XRAY_ENDPOINT = /^https:\/\/xray(?:-fips)?\.[a-z0-9-]+\.[a-z0-9.-]+\.[a-z]+(?::\d+)?\/[^?#]*$/;

/** Options of {@link createLocalXRayHandlers}. */
export interface LocalXRayHandlersOptions extends ProtocolOptions, Omit<XRayEngineOptions, "journal"> {
  /**
   * Which requests to answer: an endpoint URL such as `https://xray.us-east-1.amazonaws.com` (any
   * path under it), or a pattern matched against the whole URL.
   * @defaultValue {@link ANY_XRAY_ENDPOINT}
   */
  readonly baseUrl?: string | RegExp;
  /** An engine to serve, e.g. one shared with a node:http server; a new one by default. */
  readonly engine?: XRayEngine;
}

/** The handlers and the engine behind them. */
export interface LocalXRayHandlers {
  /** Pass to `setupServer(...)` or `setupWorker(...)`. */
  readonly handlers: HttpHandler[];
  /** The engine, for inspecting or resetting what the handlers stored. */
  readonly engine: XRayEngine;
}

/**
 * Creates msw handlers that serve X-Ray from an in-memory engine.
 *
 * @param options - which URLs to answer, engine options, authentication, rate limit
 * @returns the handlers and their engine
 * @throws TypeError when `verifySignatures` is set without `credentials`
 */
export function createLocalXRayHandlers(options: LocalXRayHandlersOptions = {}): LocalXRayHandlers {
  const engine = options.engine ?? new XRayEngine(options);
  // No network, no foreign page: any origin the intercepted requests carry is the test's own.
  const handle = createProtocolHandler(engine, { ...options, corsOrigins: options.corsOrigins ?? "*" });
  const pattern = typeof options.baseUrl === "string" ? underBase(options.baseUrl) : (options.baseUrl ?? ANY_XRAY_ENDPOINT);
  const handler = http.all(pattern, async ({ request }) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    // Fetch requests may not carry `host` as a header; a signature covers it, so restore it from the URL.
    headers["host"] ??= url.host;
    const response = await handle({
      method: request.method,
      target: url.pathname + url.search,
      headers,
      body: new Uint8Array(await request.arrayBuffer()),
    });
    return new HttpResponse(response.body === "" ? null : response.body, { status: response.status, headers: response.headers });
  });
  return { handlers: [handler], engine };
}

/** A pattern for every path under an endpoint URL. */
function underBase(baseUrl: string): RegExp {
  const base = baseUrl.replace(/\/+$/, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${base}(?:/[^?#]*)?$`);
}

export type { XRayEngine, XRayEngineOptions, XRayOperationName } from "./engine/XRayEngine.js";
export type { LocalXRayError } from "./engine/errors.js";
export type { LocalCredentials } from "./sigv4-verify.js";
export type { ThrottleOptions } from "./throttle.js";
export type { ProtocolOptions } from "./protocol.js";
export type { CorsOrigins } from "./origin-policy.js";
export type { PageSizes } from "./engine/context.js";
export type { TelemetryBatch } from "./engine/telemetry.js";
