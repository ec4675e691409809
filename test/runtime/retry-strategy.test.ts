/**
 * The retry rules in isolation: classification agrees with `@smithy/core`'s on a table of
 * failures, `Retry-After` hints parse, and the standard strategy's quota and backoff maths match
 * docs/retry.md ("retries 2026").
 */
import { isServerError, isThrottlingError, isTransientError } from "@smithy/core/retry";
import type { RetryErrorType, SdkError } from "@smithy/types";
import { describe, expect, it } from "vitest";
import { classifyError, retryAfterHint } from "../../src/runtime/retry-classify.js";
import {
  MAX_RETRY_DELAY,
  RETRY_COST,
  RETRY_QUOTA,
  StandardRetryStrategy,
  THROTTLING_RETRY_COST,
} from "../../src/runtime/retry-strategy.js";

const failure = (name: string, extra: Record<string, unknown> = {}): SdkError =>
  Object.assign(new Error(String(extra["message"] ?? name)), { name, $metadata: {} }, extra) as unknown as SdkError;

/** Smithy's classification, composed as its standard strategy does. */
function smithyClassify(error: SdkError): RetryErrorType {
  if (isThrottlingError(error)) return "THROTTLING";
  if (isTransientError(error)) return "TRANSIENT";
  if (isServerError(error)) return "SERVER_ERROR";
  return "CLIENT_ERROR";
}

const TABLE: Array<[string, SdkError]> = [
  ["429", failure("Whatever", { $metadata: { httpStatusCode: 429 } })],
  ["ThrottledException", failure("ThrottledException", { $metadata: { httpStatusCode: 400 } })],
  ["ThrottlingException", failure("ThrottlingException")],
  ["$retryable throttling", failure("X", { $retryable: { throttling: true } })],
  ["$retryable", failure("X", { $retryable: {} })],
  ["500", failure("InternalFailure", { $metadata: { httpStatusCode: 500 } })],
  ["501", failure("NotImplemented", { $metadata: { httpStatusCode: 501 } })],
  ["503", failure("ServiceUnavailable", { $metadata: { httpStatusCode: 503 } })],
  ["400", failure("InvalidRequestException", { $metadata: { httpStatusCode: 400 } })],
  ["403 AccessDenied", failure("AccessDeniedException", { $metadata: { httpStatusCode: 403 } })],
  ["clock skew corrected", failure("InvalidSignatureException", { $metadata: { httpStatusCode: 403, clockSkewCorrected: true } })],
  ["signature expired", failure("InvalidSignatureException", { message: "Signature expired: 20200101T000000Z is now earlier than ..." })],
  ["TimeoutError", failure("TimeoutError")],
  ["ECONNRESET", failure("Error", { code: "ECONNRESET" })],
  ["ENOTFOUND", failure("Error", { code: "ENOTFOUND" })],
  ["EPROTO", failure("Error", { code: "EPROTO" })],
  ["browser fetch failure", Object.assign(new TypeError("Failed to fetch"), { $metadata: {} }) as unknown as SdkError],
  ["other TypeError", Object.assign(new TypeError("x is not a function"), { $metadata: {} }) as unknown as SdkError],
  ["transient cause", failure("RequestError", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) })],
  ["AbortError", failure("AbortError", { code: "ECONNRESET" })],
  ["HTTP/2 refused stream", failure("Error", { code: "ERR_HTTP2_STREAM_ERROR", message: "Stream closed with error code NGHTTP2_REFUSED_STREAM" })],
];

describe("classifyError", () => {
  it.each(TABLE)("%s is classified as @smithy/core classifies it", (_, error) => {
    expect(classifyError(error)).toBe(smithyClassify(error));
  });
});

describe("retryAfterHint", () => {
  const now = Date.UTC(2026, 10, 24, 12, 0, 0);
  it.each([
    [{ "Retry-After": "3" }, now + 3000],
    [{ "retry-after": "1.5" }, now + 1500],
    [{ "retry-after": "Tue, 24 Nov 2026 12:00:10 GMT" }, now + 10_000],
    [{ "retry-after": "Tue, 24 Nov 2026 11:00:00 GMT" }, now],
    [{ "x-amz-retry-after": "250" }, now + 250],
  ])("%j → %d", (headers, expected) => {
    expect(retryAfterHint(headers, now)?.getTime()).toBe(expected);
  });

  it.each([[{}], [{ "retry-after": "soon" }], [{ "x-amz-retry-after": "-5" }], [{ "retry-after": "" }], [undefined]])(
    "%j gives no hint",
    (headers) => {
      expect(retryAfterHint(headers, now)).toBeUndefined();
    },
  );
});

describe("StandardRetryStrategy", () => {
  const attempts = (n: number) => async () => n;
  const info = (errorType: RetryErrorType, retryAfterHint?: Date) => ({ errorType, ...(retryAfterHint ? { retryAfterHint } : {}) });

  it("backs off exponentially with full jitter, from 50 ms (1 s after throttling), capped at 20 s", async () => {
    const strategy = new StandardRetryStrategy(attempts(20), () => 0.5);
    let token = await strategy.acquireInitialRetryToken();
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      token = await strategy.refreshRetryTokenForRetry(token, info("TRANSIENT"));
      delays.push(token.getRetryDelay());
    }
    expect(delays).toEqual([25, 50, 100]);
    const throttled = await strategy.refreshRetryTokenForRetry(token, info("THROTTLING"));
    expect(throttled.getRetryDelay()).toBe(0.5 * 1000 * 2 ** 3);
    let capped = throttled;
    for (let i = 0; i < 6; i++) capped = await strategy.refreshRetryTokenForRetry(capped, info("THROTTLING"));
    expect(capped.getRetryDelay()).toBe(0.5 * MAX_RETRY_DELAY);
  });

  it("honours Retry-After up to the backoff plus 5 s", async () => {
    const strategy = new StandardRetryStrategy(attempts(5), () => 0);
    const start = await strategy.acquireInitialRetryToken();
    const near = await strategy.refreshRetryTokenForRetry(start, info("THROTTLING", new Date(Date.now() + 2_000)));
    expect(near.getRetryDelay()).toBeGreaterThan(1_900);
    expect(near.getRetryDelay()).toBeLessThanOrEqual(2_000);
    const far = await strategy.refreshRetryTokenForRetry(start, info("THROTTLING", new Date(Date.now() + 60_000)));
    expect(far.getRetryDelay()).toBe(5_000);
  });

  it("charges the quota per retry, refunds on success, and stops when it is spent", async () => {
    const strategy = new StandardRetryStrategy(attempts(3), () => 0);
    const first = await strategy.acquireInitialRetryToken();
    const retry = await strategy.refreshRetryTokenForRetry(first, info("TRANSIENT"));
    expect(strategy.getCapacity()).toBe(RETRY_QUOTA - RETRY_COST);
    strategy.recordSuccess(retry);
    expect(strategy.getCapacity()).toBe(RETRY_QUOTA);
    await strategy.refreshRetryTokenForRetry(first, info("THROTTLING"));
    expect(strategy.getCapacity()).toBe(RETRY_QUOTA - THROTTLING_RETRY_COST);
    let granted = 1;
    for (;;) {
      try {
        await strategy.refreshRetryTokenForRetry(first, info("TRANSIENT"));
        granted++;
      } catch (error) {
        expect((error as Error).message).toBe("No retry token available");
        break;
      }
    }
    expect(granted).toBe(1 + Math.floor((RETRY_QUOTA - THROTTLING_RETRY_COST) / RETRY_COST));
    strategy.recordSuccess(first);
    expect(strategy.getCapacity()).toBe(((RETRY_QUOTA - THROTTLING_RETRY_COST) % RETRY_COST) + 1);
  });

  it("refuses non-retryable failures and the last attempt", async () => {
    const strategy = new StandardRetryStrategy(attempts(2), () => 0);
    const first = await strategy.acquireInitialRetryToken();
    await expect(strategy.refreshRetryTokenForRetry(first, info("CLIENT_ERROR"))).rejects.toThrow(/not retried/);
    await expect(strategy.refreshRetryTokenForRetry(first, info("SERVER_ERROR"))).rejects.toThrow(/not retried/);
    const second = await strategy.refreshRetryTokenForRetry(first, info("TRANSIENT"));
    await expect(strategy.refreshRetryTokenForRetry(second, info("TRANSIENT"))).rejects.toThrow(/attempts exhausted/);
  });
});

describe("retryMode", () => {
  it('"adaptive" loads @smithy/util-retry\'s AdaptiveRetryStrategy on first use (Node)', async () => {
    const { XRayClient } = await import("../../src/index.js");
    const client = new XRayClient({ region: "eu-west-1", retryMode: "adaptive", maxAttempts: 4 });
    const strategy = (await client.config.retryStrategy()) as unknown as { mode: string; maxAttemptsProvider(): Promise<number> };
    expect(strategy.mode).toBe("adaptive");
    expect(await strategy.maxAttemptsProvider()).toBe(4);
    expect(((await new XRayClient({ region: "eu-west-1" }).config.retryStrategy()) as unknown as { mode: string }).mode).toBe("standard");
  });
});
