/**
 * The fault table: every way the fault server misbehaves, with the exact outcome the client
 * must produce, the requests that must reach the wire, and a time bound that proves the call
 * did not hang. `faults.test.ts` asserts each row; `secrets.test.ts` replays every row to
 * collect the errors, logs and objects it scans for credentials.
 */
import { expect } from "vitest";
import { BatchGetTracesCommand, InvalidRequestException, RequestError, XRayServiceException } from "../../src/index.js";
import type { Reply, Step } from "./fault-server.js";
import {
  REQUEST_TIMEOUT_MS,
  SLACK_MS,
  THROTTLING_BACKOFF_MS,
  TRACE_ID,
  TRANSIENT_BACKOFF_MS,
  gapMs,
  type FaultScenario,
} from "./run-scenario.js";

const OK: Reply = { status: 200, body: { Traces: [], UnprocessedTraceIds: [] } };
const HOUR_MS = 3_600_000;

const retries = (n: number, step: Step): Step[] => Array.from({ length: n }, () => step);
const httpDate = (epochMs: number): string => new Date(epochMs).toUTCString();
const throttled = (headers: ReadonlyArray<readonly [string, string]>): Reply => ({
  status: 429,
  headers: [["x-amzn-errortype", "ThrottledException"], ...headers],
  body: { message: "Rate exceeded" },
});

/** A 200 whose body is cut off by a reset after `{"Traces":[`, 100 bytes announced. */
const RESET_MID_BODY: Step = { raw: 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"Traces":[', then: "reset" };
const RESET_MID_HEADERS: Step = { raw: "HTTP/1.1 200 OK\r\nContent-Type: applica", then: "reset" };
/** Headers at once, then a 40-byte body at one byte per 50 ms (2 s, five times the timeout). */
const DRIP_BODY: Step = {
  first: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n",
  drip: `{"Traces":[]${" ".repeat(27)}}`,
  everyMs: 50,
};
/** The status line and headers at one byte per 50 ms. */
const DRIP_HEADERS: Step = { drip: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", everyMs: 50 };
const HTML_502: Reply = {
  status: 502,
  headers: [["Content-Type", "text/html"]],
  body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
};
const FIFTY_MB = 50 * 1024 * 1024;

/** The fault table. */
export const FAULT_SCENARIOS: readonly FaultScenario[] = [
  {
    fault: "connection refused on every attempt",
    refused: true,
    steps: () => [],
    expected: { outcome: "error", type: RequestError, name: "Error", code: "ECONNREFUSED", attempts: 3 },
    requests: 0,
    boundMs: TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "reset (RST) before any byte, then 200",
    steps: () => ["reset", OK],
    expected: { outcome: "success", attempts: 2 },
    requests: 2,
    connections: 2,
    boundMs: TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "reset (RST) before any byte, every attempt",
    steps: () => retries(3, "reset"),
    // @smithy/node-http-handler renames ECONNRESET errors TimeoutError, as in @aws-sdk/client-xray.
    expected: { outcome: "error", type: RequestError, name: "TimeoutError", code: "ECONNRESET", attempts: 3 },
    requests: 3,
    boundMs: TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "clean close (FIN) without a response, every attempt",
    steps: () => retries(3, "close"),
    expected: { outcome: "error", type: RequestError, name: "TimeoutError", code: "ECONNRESET", attempts: 3 },
    requests: 3,
    boundMs: TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "reset mid-headers, then 200",
    steps: () => [RESET_MID_HEADERS, OK],
    expected: { outcome: "success", attempts: 2 },
    requests: 2,
    boundMs: TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "reset mid-headers, every attempt",
    steps: () => retries(3, RESET_MID_HEADERS),
    expected: { outcome: "error", type: RequestError, name: "TimeoutError", code: "ECONNRESET", attempts: 3 },
    requests: 3,
    boundMs: TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "reset mid-body, then 200",
    steps: () => [RESET_MID_BODY, OK],
    expected: { outcome: "success", attempts: 2 },
    requests: 2,
    boundMs: TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "reset mid-body, every attempt",
    steps: () => retries(3, RESET_MID_BODY),
    // The body stream's "aborted" error: plain Error, code ECONNRESET, still retried.
    expected: { outcome: "error", type: RequestError, name: "Error", code: "ECONNRESET", attempts: 3 },
    requests: 3,
    boundMs: TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "server never answers, every attempt",
    steps: () => retries(3, "hang"),
    expected: { outcome: "error", type: RequestError, name: "TimeoutError", code: "ETIMEDOUT", attempts: 3 },
    requests: 3,
    boundMs: 3 * REQUEST_TIMEOUT_MS + TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "server never answers once, then 200",
    steps: () => ["hang", OK],
    expected: { outcome: "success", attempts: 2 },
    requests: 2,
    boundMs: REQUEST_TIMEOUT_MS + TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "interim 100 Continue and no final response, then 200",
    steps: () => [{ raw: "HTTP/1.1 100 Continue\r\n\r\n" }, OK],
    expected: { outcome: "success", attempts: 2 },
    requests: 2,
    boundMs: REQUEST_TIMEOUT_MS + TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "slow drip of the status line and headers (1 B / 50 ms), every attempt",
    steps: () => retries(3, DRIP_HEADERS),
    expected: { outcome: "error", type: RequestError, name: "TimeoutError", code: "ETIMEDOUT", attempts: 3 },
    requests: 3,
    boundMs: 3 * REQUEST_TIMEOUT_MS + TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "slow drip of the body (1 B / 50 ms) after prompt headers, then 200",
    steps: () => [DRIP_BODY, OK],
    expected: { outcome: "success", attempts: 2 },
    requests: 2,
    boundMs: REQUEST_TIMEOUT_MS + TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "slow drip of the body (1 B / 50 ms) after prompt headers, every attempt",
    steps: () => retries(3, DRIP_BODY),
    expected: { outcome: "error", type: RequestError, name: "TimeoutError", code: "ETIMEDOUT", attempts: 3 },
    requests: 3,
    boundMs: 3 * REQUEST_TIMEOUT_MS + TRANSIENT_BACKOFF_MS + SLACK_MS,
    check: ({ error }) => {
      // The transport's timer stops at the headers; this is the pipeline's whole-body deadline.
      expect((error as Error).message).toContain(`no complete response within the ${REQUEST_TIMEOUT_MS} ms requestTimeout`);
    },
  },
  {
    fault: "truncated JSON in a 200 (Content-Length matches)",
    steps: () => [{ status: 200, body: '{"Traces":[{"Id":"1-5759e988-bd8' }, OK],
    expected: { outcome: "error", type: XRayServiceException, name: "SerializationException", status: 200, fault: "client", attempts: 1 },
    requests: 1,
    boundMs: SLACK_MS,
    check: ({ error }) => expect((error as Error).message).toContain('response body is not JSON: "{\\"Traces\\":[{\\"Id\\"'),
  },
  {
    fault: "Content-Length larger than the body, connection held open, then 200",
    steps: () => [{ raw: 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"Traces":[]}' }, OK],
    expected: { outcome: "success", attempts: 2 },
    requests: 2,
    boundMs: REQUEST_TIMEOUT_MS + TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "Content-Length larger than the body, then close (FIN), every attempt",
    steps: () => retries(3, { raw: 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"Traces":[]}', then: "close" }),
    expected: { outcome: "error", type: RequestError, name: "Error", code: "ECONNRESET", attempts: 3 },
    requests: 3,
    boundMs: TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "Content-Length smaller than the body (client reads a prefix)",
    steps: () => [{ raw: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{"Traces":[]}' }, OK],
    expected: { outcome: "error", type: XRayServiceException, name: "SerializationException", status: 200, fault: "client", attempts: 1 },
    requests: 1,
    boundMs: SLACK_MS,
  },
  {
    fault: "chunked body cut off mid-chunk, every attempt",
    steps: () => retries(3, { raw: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"Tra\r\n', then: "close" }),
    expected: { outcome: "error", type: RequestError, name: "Error", code: "ECONNRESET", attempts: 3 },
    requests: 3,
    boundMs: TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "non-JSON 200 (text/plain)",
    steps: () => [{ status: 200, headers: [["Content-Type", "text/plain"]], body: "OK" }, OK],
    expected: { outcome: "error", type: XRayServiceException, name: "SerializationException", status: 200, fault: "client", attempts: 1 },
    requests: 1,
    boundMs: SLACK_MS,
  },
  {
    fault: "JSON 200 that is not an object ([])",
    steps: () => [{ status: 200, body: "[]" }, OK],
    expected: { outcome: "error", type: XRayServiceException, name: "SerializationException", status: 200, fault: "client", attempts: 1 },
    requests: 1,
    boundMs: SLACK_MS,
  },
  {
    fault: "HTML 502 page from a proxy, every attempt",
    steps: () => retries(4, HTML_502),
    expected: { outcome: "error", type: XRayServiceException, name: "Unknown", status: 502, fault: "server", attempts: 3 },
    requests: 3,
    boundMs: TRANSIENT_BACKOFF_MS + SLACK_MS,
    check: ({ error }) => expect((error as Error).message).toContain("<h1>502 Bad Gateway</h1>"),
  },
  {
    fault: "HTML 500 page, then 200",
    steps: () => [{ ...HTML_502, status: 500 }, OK],
    expected: { outcome: "success", attempts: 2 },
    requests: 2,
    boundMs: TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "429 with Retry-After: 1 (seconds), then 200",
    steps: () => [throttled([["Retry-After", "1"]]), OK],
    expected: { outcome: "success", attempts: 2 },
    requests: 2,
    boundMs: THROTTLING_BACKOFF_MS + SLACK_MS,
    // The hint is a lower bound on the wait; the server's clock measures it.
    check: (run) => expect(gapMs(run)).toBeGreaterThanOrEqual(900),
  },
  {
    fault: "429 with Retry-After as an HTTP date 3 s ahead, then 200",
    steps: () => [throttled([["Retry-After", httpDate(Date.now() + 3_000)]]), OK],
    expected: { outcome: "success", attempts: 2 },
    requests: 2,
    boundMs: 3_000 + THROTTLING_BACKOFF_MS + SLACK_MS,
    // The date has 1 s resolution, so the hint lies 2–3 s ahead.
    check: (run) => expect(gapMs(run)).toBeGreaterThanOrEqual(1_500),
  },
  {
    fault: "429 with Retry-After: 3600 (an hour), then 200",
    steps: () => [throttled([["Retry-After", "3600"]]), OK],
    expected: { outcome: "success", attempts: 2 },
    requests: 2,
    // The hint is capped at backoff + 5 s: the client waits 5–6 s, not an hour.
    boundMs: THROTTLING_BACKOFF_MS + 5_000 + SLACK_MS,
    check: (run) => expect(gapMs(run)).toBeGreaterThanOrEqual(4_500),
    heavy: true,
  },
  {
    fault: "503 storm longer than maxAttempts",
    steps: () => retries(10, { status: 503, body: { message: "Service Unavailable" } }),
    expected: { outcome: "error", type: XRayServiceException, name: "Unknown", status: 503, fault: "server", attempts: 3 },
    requests: 3,
    boundMs: TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "Date header in 1970 on a 200 (clock skew)",
    steps: () => [{ ...OK, headers: [["Date", httpDate(0)]] }, OK],
    expected: { outcome: "success", attempts: 1 },
    requests: 1,
    boundMs: SLACK_MS,
    check: async (run) => {
      // The offset is learned from the success, and the next call is signed on the server's clock.
      expect(Math.abs(run.client.config.systemClockOffset + Date.now())).toBeLessThan(60_000);
      await run.client.send(new BatchGetTracesCommand({ TraceIds: [TRACE_ID] }));
      expect(run.server.requests[1]?.headers["x-amz-date"]?.[0]).toMatch(/^19700101T0000\d\dZ$/);
    },
  },
  {
    fault: "Date header 1 h behind on every 403 InvalidSignatureException (clock skew)",
    steps: () =>
      retries(3, {
        status: 403,
        headers: [["Date", httpDate(Date.now() - HOUR_MS)]],
        body: { __type: "InvalidSignatureException", message: "Signature not yet current" },
      }),
    // One retry with the corrected clock; a still-failing skew error is then final.
    expected: { outcome: "error", type: XRayServiceException, name: "InvalidSignatureException", status: 403, fault: "client", attempts: 2 },
    requests: 2,
    boundMs: TRANSIENT_BACKOFF_MS + SLACK_MS,
  },
  {
    fault: "Date header unparseable on a 200",
    steps: () => [{ ...OK, headers: [["Date", "yesterday, roughly"]] }],
    expected: { outcome: "success", attempts: 1 },
    requests: 1,
    boundMs: SLACK_MS,
    check: ({ client }) => expect(client.config.systemClockOffset).toBe(0),
  },
  {
    fault: "duplicated headers: two error types, two request ids, two Dates",
    steps: () => [
      {
        status: 400,
        headers: [
          ["x-amzn-ErrorType", "InvalidRequestException"],
          ["x-amzn-ErrorType", "ThrottledException"],
          ["x-amzn-RequestId", "first-id"],
          ["x-amzn-RequestId", "second-id"],
          ["Date", httpDate(Date.now() - HOUR_MS)],
          ["Date", httpDate(Date.now())],
        ],
        body: { message: "TraceIds is invalid" },
      },
      OK,
    ],
    // The first error type wins, so the 400 is not mistaken for throttling and not retried.
    expected: { outcome: "error", type: InvalidRequestException, name: "InvalidRequestException", status: 400, fault: "client", attempts: 1 },
    requests: 1,
    boundMs: SLACK_MS,
    check: ({ error }) => expect((error as XRayServiceException).$metadata.requestId).toContain("first-id"),
  },
  {
    fault: "duplicated Content-Length (same value)",
    steps: () => [{ raw: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}" }, OK],
    // Node's parser refuses it (request smuggling guard); not a transient error, so not retried.
    expected: { outcome: "error", type: RequestError, name: "Error", code: "HPE_UNEXPECTED_CONTENT_LENGTH", attempts: 1 },
    requests: 1,
    boundMs: SLACK_MS,
  },
  {
    fault: "huge header (20 KB value, over Node's 16 KB limit)",
    steps: () => [{ ...OK, headers: [["x-padding", "a".repeat(20_000)]] }, OK],
    expected: { outcome: "error", type: RequestError, name: "Error", code: "HPE_HEADER_OVERFLOW", attempts: 1 },
    requests: 1,
    boundMs: SLACK_MS,
  },
  {
    fault: "1,000 header lines (under the size limit)",
    steps: () => [{ ...OK, headers: Array.from({ length: 1_000 }, (_, i) => [`x-h${i}`, "v"] as const) }],
    expected: { outcome: "success", attempts: 1 },
    requests: 1,
    boundMs: SLACK_MS,
  },
  {
    fault: "garbage status line",
    steps: () => [{ raw: "HTTX/1.1 200 OK\r\n\r\n" }, OK],
    expected: { outcome: "error", type: RequestError, name: "Error", code: "HPE_INVALID_CONSTANT", attempts: 1 },
    requests: 1,
    boundMs: SLACK_MS,
  },
  {
    fault: "50 MB JSON body in a 200",
    steps: () => [{ status: 200, body: Buffer.from(JSON.stringify({ Traces: [], NextToken: "n".repeat(FIFTY_MB) })) }],
    client: { requestTimeout: 15_000 },
    expected: { outcome: "success", attempts: 1 },
    requests: 1,
    boundMs: 15_000 + SLACK_MS,
    check: ({ output }) => expect(output?.NextToken).toHaveLength(FIFTY_MB),
    heavy: true,
  },
  {
    fault: "50 MB HTML body in a 502",
    steps: () => [{ status: 502, headers: [["Content-Type", "text/html"]], body: Buffer.alloc(FIFTY_MB, "<p>down</p>") }],
    client: { requestTimeout: 15_000, maxAttempts: 1 },
    expected: { outcome: "error", type: XRayServiceException, name: "Unknown", status: 502, fault: "server", attempts: 1 },
    requests: 1,
    boundMs: 15_000 + SLACK_MS,
    // The message quotes an excerpt, not 50 MB.
    check: ({ error }) => expect((error as Error).message.length).toBeLessThan(500),
    heavy: true,
  },
];

