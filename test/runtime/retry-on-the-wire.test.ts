/**
 * Retry behaviour on the wire (docs/retry.md): which failures are retried, how many times,
 * the `amz-sdk-*` retry headers, `Retry-After`, and clock-skew correction, all against a real
 * loopback HTTP server so the transport's own error paths (resets) are exercised too.
 */
import { ConfiguredRetryStrategy } from "@smithy/util-retry";
import { describe, expect, it } from "vitest";
import {
  BatchGetTracesCommand,
  InvalidRequestException,
  ThrottledException,
  XRayClient,
  XRayServiceException,
  type XRayClientConfig,
} from "../../src/index.js";
import { parseAmzDate, useLoopback, type RecordedRequest } from "../support/loopback.js";

const credentials = { accessKeyId: "AKIDRETRYTEST", secretAccessKey: "retry-test-secret" };
const TRACE_IDS = ["1-5759e988-bd862e3fe1be46a994272793"];
const OK = { status: 200, body: { Traces: [], UnprocessedTraceIds: [] } };
const HOUR_MS = 3_600_000;

const fixture = useLoopback(credentials);
const makeClient = (options: XRayClientConfig = {}): XRayClient => fixture.client(options);

/** Keeps most tests well under a second: 10 ms between attempts instead of jittered backoff. */
const fastRetries = (maxAttempts = 3): ConfiguredRetryStrategy => new ConfiguredRetryStrategy(maxAttempts, () => 10);

const send = (client: XRayClient) => client.send(new BatchGetTracesCommand({ TraceIds: TRACE_IDS }));

/** Resolves to the rejection of a promise that must reject (so a resolution fails the test). */
async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata?: Record<string, unknown> };
  }
  throw new Error("expected the call to reject, but it resolved");
}

const header = (request: RecordedRequest | undefined, name: string): string | undefined => {
  const value = request?.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
};

describe("retried failures", () => {
  it("retries a 429 ThrottledException and reports two attempts with the retry headers", async () => {
    fixture.server.script(
      {
        status: 429,
        headers: { "x-amzn-errortype": "ThrottledException" },
        body: { message: "Rate exceeded" },
      },
      OK,
    );
    const client = makeClient({ retryStrategy: fastRetries() });

    const output = await send(client);

    expect(output.$metadata.attempts).toBe(2);
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(fixture.server.requests).toHaveLength(2);
    const [first, second] = fixture.server.requests;
    // The standard retry protocol: attempt counters, and one invocation id for the whole call.
    expect(header(first, "amz-sdk-request")).toBe("attempt=1; max=3");
    expect(header(second, "amz-sdk-request")).toBe("attempt=2; max=3");
    const invocationId = header(first, "amz-sdk-invocation-id");
    expect(invocationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(header(second, "amz-sdk-invocation-id")).toBe(invocationId);
    // The retry resends the same operation and payload.
    expect(second?.method).toBe("POST");
    expect(second?.path).toBe("/Traces");
    expect(second?.body).toBe(first?.body);
  });

  it("uses a fresh invocation id for each call", async () => {
    fixture.server.script(OK, OK);
    const client = makeClient();
    await send(client);
    await send(client);
    expect(header(fixture.server.requests[0], "amz-sdk-invocation-id")).not.toBe(
      header(fixture.server.requests[1], "amz-sdk-invocation-id"),
    );
    expect(header(fixture.server.requests[1], "amz-sdk-request")).toBe("attempt=1; max=3");
  });

  it.each([503, 500, 502, 504])("retries HTTP %i (transient) and then succeeds", async (status) => {
    fixture.server.script({ status, body: { message: "try again" } }, OK);
    // Default strategy here: its transient backoff (base 50 ms) is short enough.
    const client = makeClient();

    const output = await send(client);

    expect(fixture.server.requests).toHaveLength(2);
    expect(output.$metadata.attempts).toBe(2);
  });

  it("retries a connection reset (socket destroyed without a response) and then succeeds", async () => {
    fixture.server.script("destroy", OK);
    const client = makeClient({ retryStrategy: fastRetries() });

    const output = await send(client);

    expect(fixture.server.requests).toHaveLength(2);
    expect(output.$metadata.attempts).toBe(2);
    expect(header(fixture.server.requests[1], "amz-sdk-request")).toBe("attempt=2; max=3");
  });

  it("reports totalRetryDelay > 0 after a retry and 0 without one", async () => {
    fixture.server.script({ status: 503 }, OK, OK);
    const client = makeClient({ retryStrategy: fastRetries() });

    const retried = await send(client);
    expect(retried.$metadata.attempts).toBe(2);
    // The strategy waited 10 ms before the second attempt.
    expect(retried.$metadata.totalRetryDelay).toBeGreaterThan(0);

    const direct = await send(client);
    expect(direct.$metadata.attempts).toBe(1);
    expect(direct.$metadata.totalRetryDelay).toBe(0);
  });
});

describe("failures that are not retried", () => {
  it("never retries a 400 InvalidRequestException", async () => {
    // A 200 is queued behind it: if the client wrongly retried, the call would succeed.
    fixture.server.script(
      {
        status: 400,
        headers: { "x-amzn-errortype": "InvalidRequestException" },
        body: { message: "TraceIds is invalid" },
      },
      OK,
    );
    const client = makeClient({ retryStrategy: fastRetries() });

    const error = await rejection(send(client));

    expect(error).toBeInstanceOf(InvalidRequestException);
    expect(error.name).toBe("InvalidRequestException");
    expect(error.$metadata?.["attempts"]).toBe(1);
    expect(error.$metadata?.["httpStatusCode"]).toBe(400);
    expect(fixture.server.requests).toHaveLength(1);
  });

  it("does not retry a 501 (SERVER_ERROR, not transient)", async () => {
    fixture.server.script({ status: 501, body: { message: "not implemented" } }, OK);
    const client = makeClient({ retryStrategy: fastRetries() });

    const error = await rejection(send(client));

    expect(error).toBeInstanceOf(XRayServiceException);
    expect(error.$metadata?.["httpStatusCode"]).toBe(501);
    expect(error.$metadata?.["attempts"]).toBe(1);
    expect(fixture.server.requests).toHaveLength(1);
  });
});

describe("maxAttempts", () => {
  it("gives up after maxAttempts (3) on a persistent 503, reporting 3 attempts", async () => {
    // More 503s than attempts are queued, so the request count shows where the client stopped.
    const unavailable = { status: 503, body: { message: "unavailable" } };
    fixture.server.script(unavailable, unavailable, unavailable, unavailable, unavailable);
    const client = makeClient({ maxAttempts: 3 });

    const error = await rejection(send(client));

    expect(error).toBeInstanceOf(XRayServiceException);
    expect(error.$metadata?.["httpStatusCode"]).toBe(503);
    expect(error.$metadata?.["attempts"]).toBe(3);
    expect(fixture.server.requests).toHaveLength(3);
    expect(fixture.server.requests.map((r) => header(r, "amz-sdk-request"))).toEqual([
      "attempt=1; max=3",
      "attempt=2; max=3",
      "attempt=3; max=3",
    ]);
  });

  it("honours a smaller maxAttempts with the default strategy", async () => {
    fixture.server.script({ status: 503 }, { status: 503 }, { status: 503 });
    const client = makeClient({ maxAttempts: 2 });

    const error = await rejection(send(client));

    expect(error.$metadata?.["attempts"]).toBe(2);
    expect(fixture.server.requests).toHaveLength(2);
    expect(header(fixture.server.requests[1], "amz-sdk-request")).toBe("attempt=2; max=2");
  });
});

describe("Retry-After", () => {
  it("waits at least the Retry-After hint on a 429 with the default strategy", async () => {
    fixture.server.script(
      {
        status: 429,
        headers: { "x-amzn-errortype": "ThrottledException", "retry-after": "1" },
        body: { message: "Rate exceeded" },
      },
      OK,
    );
    // No retryStrategy: the default StandardRetryStrategy must read the hint from the response.
    const client = makeClient();

    const output = await send(client);

    expect(fixture.server.requests).toHaveLength(2);
    const gap = fixture.server.requests[1]!.receivedAt - fixture.server.requests[0]!.receivedAt;
    // 1 s hint; slack for timer granularity. The hint is capped at backoff + 5 s, so well under 7 s.
    expect(gap).toBeGreaterThanOrEqual(900);
    expect(gap).toBeLessThan(7_000);
    expect(output.$metadata.totalRetryDelay).toBeGreaterThanOrEqual(900);
  });

  it("exposes a 429 that runs out of attempts as a ThrottledException", async () => {
    const throttled = { status: 429, headers: { "x-amzn-errortype": "ThrottledException" }, body: {} };
    fixture.server.script(throttled, throttled, throttled);
    const client = makeClient({ maxAttempts: 2, retryStrategy: fastRetries(2) });

    const error = await rejection(send(client));

    expect(error).toBeInstanceOf(ThrottledException);
    expect(error.$metadata?.["attempts"]).toBe(2);
    expect(fixture.server.requests).toHaveLength(2);
  });
});

describe("clock skew", () => {
  /** An HTTP date an hour behind the local clock: the server's clock, as far as the client can tell. */
  const skewedDate = (): string => new Date(Date.now() - HOUR_MS).toUTCString();

  it("corrects the clock from a 403 'Signature expired' and retries once with the server's time", async () => {
    const date = skewedDate();
    fixture.server.script(
      {
        status: 403,
        headers: { date },
        body: { __type: "InvalidSignatureException", message: "Signature expired" },
      },
      // The server's clock stays skewed on the next response too, so the offset must stay put.
      { ...OK, headers: { date: skewedDate() } },
    );
    const client = makeClient({ retryStrategy: fastRetries() });
    expect(client.config.systemClockOffset).toBe(0);

    const output = await send(client);

    expect(output.$metadata.attempts).toBe(2);
    expect(fixture.server.requests).toHaveLength(2);
    const [first, second] = fixture.server.requests;
    // First attempt signed with the local clock.
    const firstSkew = parseAmzDate(header(first, "x-amz-date")) - first!.receivedAtEpochMs;
    expect(Math.abs(firstSkew)).toBeLessThan(5_000);
    // Second attempt signed with local time minus one hour (x-amz-date has 1 s resolution).
    const secondSkew = parseAmzDate(header(second, "x-amz-date")) - second!.receivedAtEpochMs;
    expect(Math.abs(secondSkew + HOUR_MS)).toBeLessThan(5_000);
    // The correction persists on the client for later calls.
    expect(Math.abs(client.config.systemClockOffset + HOUR_MS)).toBeLessThan(5_000);
  });

  it("retries a skew error without 'Signature expired' once, via the clock correction alone", async () => {
    // The local clock is an hour slow. The message is not "Signature expired", so only the
    // clockSkewCorrected mark makes this error retryable; once corrected, the same error again
    // (no further correction) is a plain client error and must not be retried.
    const date = new Date(Date.now() + HOUR_MS).toUTCString();
    const skewError = {
      status: 403,
      headers: { date },
      body: { __type: "InvalidSignatureException", message: "Signature not yet current" },
    };
    fixture.server.script(skewError, skewError, OK);
    const client = makeClient({ retryStrategy: fastRetries() });

    const error = await rejection(send(client));

    expect(error.name).toBe("InvalidSignatureException");
    expect(error.$metadata?.["attempts"]).toBe(2);
    expect(fixture.server.requests).toHaveLength(2);
    const second = fixture.server.requests[1]!;
    const secondSkew = parseAmzDate(header(second, "x-amz-date")) - second.receivedAtEpochMs;
    expect(Math.abs(secondSkew - HOUR_MS)).toBeLessThan(5_000);
    expect(Math.abs(client.config.systemClockOffset - HOUR_MS)).toBeLessThan(5_000);
  });

  it("does not retry a successful response whose Date is skewed, but still learns the offset", async () => {
    fixture.server.script({ ...OK, headers: { date: skewedDate() } }, OK);
    const client = makeClient({ retryStrategy: fastRetries() });

    const output = await send(client);

    expect(output.$metadata.attempts).toBe(1);
    expect(fixture.server.requests).toHaveLength(1);
    // @aws-sdk/core's signer updates systemClockOffset from every response's Date, success included.
    expect(Math.abs(client.config.systemClockOffset + HOUR_MS)).toBeLessThan(5_000);
  });
});
