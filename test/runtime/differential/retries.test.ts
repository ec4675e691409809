/**
 * Differential test of retries: both clients retry the same responses the same number of
 * times with the same requests. Harness: `test/support/differential.ts`.
 */
import { describe, expect, it, vi } from "vitest";
import { REQUEST_ID, both, errorPair, outputOf, type Canned, type Responder, type WireRequest, useFrozenDate } from "../../support/differential.js";

useFrozenDate();

describe("retries", () => {
  const flaky: Responder = (attempt): Canned =>
    attempt === 1
      ? { statusCode: 503, headers: { "x-amzn-requestid": "first-attempt" }, text: '{"message":"Service Unavailable"}' }
      : {
          statusCode: 200,
          headers: { "content-type": "application/json", "x-amzn-requestid": REQUEST_ID },
          text: JSON.stringify({ UnprocessedTraceSegments: [] }),
        };
  const input = { TraceSegmentDocuments: ['{"name":"svc"}'] };

  /** Headers whose value depends on the signed content (which includes amz-sdk-request). */
  const withoutSignature = (request: WireRequest): WireRequest => {
    const { authorization: _authorization, "amz-sdk-request": _attempt, ...headers } = request.headers;
    return { ...request, headers };
  };

  it("503 then 200: both succeed after 2 attempts with the same requests", async () => {
    // Date stays frozen (so the signatures of both clients are comparable); setTimeout is real,
    // so the backoff waits (tens of milliseconds) actually happen.
    const { ours, official } = await both("PutTraceSegments", input, flaky, { maxAttempts: 3 });
    const expected = outputOf(official, "official");
    const actual = outputOf(ours, "ours");
    expect(expected.$metadata.attempts).toBe(2);
    expect(actual.$metadata.attempts).toBe(2);
    // totalRetryDelay is random (jittered backoff), so it is compared apart below.
    const { totalRetryDelay: _o, ...officialMetadata } = expected.$metadata;
    const { totalRetryDelay: _u, ...ourMetadata } = actual.$metadata;
    expect({ ...actual, $metadata: ourMetadata }).toEqual({ ...expected, $metadata: officialMetadata });

    for (const side of [official, ours]) {
      expect(side.requests).toHaveLength(2);
      expect(side.requests.map((r) => r.headers["amz-sdk-request"])).toEqual(["attempt=1; max=3", "attempt=2; max=3"]);
      // Within one client, the two attempts differ only in the attempt header and the signature.
      expect(withoutSignature(side.requests[1]!)).toEqual(withoutSignature(side.requests[0]!));
    }
    // Across clients, each attempt is byte-identical, signature included.
    expect(ours.requests).toEqual(official.requests);
  });

  it("503 then 200 on a real clock: both report a positive totalRetryDelay", async () => {
    // Ours measures the wait with Date.now(), the official adds up the delays it chose; on a real
    // clock both must be positive. Both jitter the delay with Math.random(), which now and then
    // draws a delay under 1 ms (0 in whole milliseconds): fixed at the middle of its range here,
    // so the waits are real and the test cannot flake.
    vi.useRealTimers();
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const { ours, official } = await both("PutTraceSegments", input, flaky, { maxAttempts: 3 }).finally(() => vi.mocked(Math.random).mockRestore());
    expect(outputOf(official, "official").$metadata.totalRetryDelay).toBeGreaterThan(0);
    expect(outputOf(ours, "ours").$metadata.totalRetryDelay).toBeGreaterThan(0);
  });

  it("429 ThrottledException then 200 (maxAttempts 3): both retry once, same requests", async () => {
    const throttledOnce: Responder = (attempt): Canned =>
      attempt === 1
        ? { statusCode: 429, headers: { "x-amzn-errortype": "ThrottledException" }, text: '{"Message":"Rate exceeded"}' }
        : { statusCode: 200, headers: { "x-amzn-requestid": REQUEST_ID }, text: "{}" };
    const { ours, official } = await both("PutTraceSegments", input, throttledOnce, { maxAttempts: 3 });
    expect(outputOf(official, "official").$metadata.attempts).toBe(2);
    expect(outputOf(ours, "ours").$metadata.attempts).toBe(2);
    expect(ours.requests).toEqual(official.requests);
  });

  it("a 500 is retried the same number of times by both (maxAttempts 2)", async () => {
    const { ours, official } = await errorPair(
      { statusCode: 500, headers: { "x-amzn-errortype": "InternalFailure" }, text: '{"message":"oops"}' },
      2,
    );
    expect(official.$metadata.attempts).toBe(2);
    expect(ours.$metadata.attempts).toBe(official.$metadata.attempts);
    expect(ours.name).toBe(official.name);
  });
});
