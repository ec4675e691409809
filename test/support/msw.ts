/**
 * msw at the network boundary for the X-Ray endpoint of us-east-1.
 *
 * Why msw rather than a stubbed `requestHandler`: the client's default Node transport
 * (`@smithy/node-http-handler`, i.e. node:http/https) stays in the path, so what a handler
 * sees is what would leave the process: the final URL, every header the transport adds, and
 * the body bytes.
 *
 * Usage (one mock per test file; handlers and recorded requests are reset after each test):
 *
 * ```ts
 * const xray = useXRayMock();
 * xray.on("/TraceSummaries", () => json({ TraceSummaries: [] }));
 * await client.send(command);
 * expect(xray.requests[0]!.json).toEqual({ ... });
 * ```
 */
import { createHash } from "node:crypto";
import { http, HttpResponse } from "msw";
import { setupServer, type SetupServerApi } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";

/** The endpoint the model's rules resolve for us-east-1. */
export const ENDPOINT = "https://xray.us-east-1.amazonaws.com";
/** The region every test client uses. */
export const REGION = "us-east-1";
/** Static test credentials (the SigV4 test-suite key id). */
export const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

/** One request as the msw handler received it. */
export interface CapturedRequest {
  readonly method: string;
  readonly url: string;
  /** Lower-cased names, as the Fetch `Headers` of the intercepted request give them. */
  readonly headers: Record<string, string>;
  /** The body decoded as UTF-8. */
  readonly body: string;
  /** The raw body bytes (to compare with `content-length`). */
  readonly bodyBytes: Uint8Array;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  readonly json: unknown;
  /** SHA-256 of the body bytes, hex. */
  readonly bodySha256: string;
}

/** What a handler returns. */
export type Reply = Response | Promise<Response>;

/** The mock of one test file. */
export interface XRayMock {
  readonly server: SetupServerApi;
  /** Requests that reached one of our handlers, in arrival order. */
  readonly requests: CapturedRequest[];
  /**
   * Every request msw intercepted, handled or not. `onUnhandledRequest: "error"` already fails
   * an unexpected request; this count also proves that a request was never even attempted.
   */
  readonly intercepted: { count: number };
  /**
   * Answers POSTs to `ENDPOINT + path`.
   *
   * @param path - the operation path, e.g. `/TraceSummaries`
   * @param reply - builds the response; `index` counts requests to this path in this test
   */
  on(path: string, reply: (request: CapturedRequest, index: number) => Reply): void;
}

async function capture(request: Request): Promise<CapturedRequest> {
  const bodyBytes = new Uint8Array(await request.arrayBuffer());
  const body = new TextDecoder().decode(bodyBytes);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return {
    method: request.method,
    url: request.url,
    headers,
    body,
    bodyBytes,
    json,
    bodySha256: createHash("sha256").update(bodyBytes).digest("hex"),
  };
}

/**
 * Starts msw for the current test file (`beforeAll`), resets it after each test and closes it
 * after the file.
 *
 * @returns the mock
 */
export function useXRayMock(): XRayMock {
  const server = setupServer();
  const requests: CapturedRequest[] = [];
  const intercepted = { count: 0 };
  server.events.on("request:start", () => {
    intercepted.count++;
  });
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    server.resetHandlers();
    requests.length = 0;
    intercepted.count = 0;
  });
  afterAll(() => server.close());
  return {
    server,
    requests,
    intercepted,
    on(path, reply) {
      let index = 0;
      server.use(
        http.post(`${ENDPOINT}${path}`, async ({ request }) => {
          const captured = await capture(request);
          requests.push(captured);
          return reply(captured, index++);
        }),
      );
    },
  };
}

/**
 * A JSON response as X-Ray sends it: `content-type: application/json` and a request id.
 *
 * @param body - the JSON body (a string is sent verbatim)
 * @param init - status (default 200), request id (default `req-0001`), extra headers
 * @returns the response
 */
export function json(
  body: unknown,
  init: { status?: number; requestId?: string; headers?: Record<string, string> } = {},
): Response {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return new HttpResponse(text, {
    status: init.status ?? 200,
    headers: {
      "content-type": "application/json",
      "x-amzn-requestid": init.requestId ?? "req-0001",
      ...init.headers,
    },
  });
}

/**
 * A raw (non-JSON) response, e.g. an HTML page from a load balancer.
 *
 * @param status - HTTP status
 * @param body - the body text
 * @param contentType - the content type
 * @returns the response
 */
export function raw(status: number, body: string, contentType = "text/html"): Response {
  return new HttpResponse(body, { status, headers: { "content-type": contentType } });
}
