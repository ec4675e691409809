/**
 * `$metadata.totalRetryDelay` is the time actually waited between attempts, read from the
 * monotonic clock (`performance.now()`), so a frozen or jumping wall clock does not change it.
 */
import type { FinalizeHandlerArguments, MetadataBearer, RetryStrategyV2, RetryToken } from "@smithy/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ResolvedClientConfig } from "../../src/runtime/config.js";
import { silentLogger } from "../../src/runtime/config.js";
import { runWithRetries } from "../../src/runtime/retry.js";

/** A strategy that grants retries with the given delays, one per retry, and reports them in its token. */
function scriptedDelays(delays: readonly number[]): RetryStrategyV2 {
  const token = (count: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => delays[count - 1] ?? 0 });
  return {
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous) => {
      const next = previous.getRetryCount() + 1;
      if (next > delays.length) throw new Error("no more retries");
      return token(next);
    },
    recordSuccess: () => {},
  };
}

const configWith = (strategy: RetryStrategyV2): ResolvedClientConfig =>
  ({ retryStrategy: async () => strategy, maxAttempts: async () => 5, logger: silentLogger }) as unknown as ResolvedClientConfig;

const args = (): FinalizeHandlerArguments<any> => ({ input: {}, request: { headers: {} } });

const transient = (): Error => Object.assign(new Error("unavailable"), { name: "ServiceUnavailable", $metadata: {} });

afterEach(() => {
  vi.useRealTimers();
});

describe("totalRetryDelay", () => {
  it("is the sum of the waits even when the wall clock jumps back an hour during them", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T12:00:00Z") });
    let calls = 0;
    const next = async () => {
      calls += 1;
      // NTP steps the clock back an hour while the client waits: the wall clock would read a negative delay.
      setTimeout(() => vi.setSystemTime(Date.now() - 3_600_000), 10);
      if (calls < 3) throw transient();
      return { response: {}, output: { $metadata: {} } as MetadataBearer };
    };
    const call = runWithRetries(next, args(), configWith(scriptedDelays([250, 700])), undefined);
    await vi.runAllTimersAsync();
    const { output } = await call;
    expect(output.$metadata).toMatchObject({ attempts: 3, totalRetryDelay: 950 });
  });

  it("is the waits, not zero, when Date is frozen and only timers and performance run", async () => {
    // Only Date is faked (frozen); setTimeout and performance.now are the real ones.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-01-01T12:00:00Z") });
    let calls = 0;
    const next = async () => {
      calls += 1;
      if (calls < 2) throw transient();
      return { response: {}, output: { $metadata: {} } as MetadataBearer };
    };
    const frozenBefore = Date.now();
    const { output } = await runWithRetries(next, args(), configWith(scriptedDelays([40])), undefined);
    expect(Date.now()).toBe(frozenBefore);
    // A real 40 ms timer: at least that long was waited (timers never fire early by more than 1 ms).
    expect(output.$metadata.totalRetryDelay).toBeGreaterThanOrEqual(39);
  });

  it("is reported on the final error as the waits before it", async () => {
    vi.useFakeTimers();
    const next = async () => {
      // The wall clock jumps forward a day during each wait.
      setTimeout(() => vi.setSystemTime(Date.now() + 86_400_000), 10);
      throw transient();
    };
    const call = runWithRetries(next, args(), configWith(scriptedDelays([100, 200, 300])), undefined);
    const settled = call.then(
      () => undefined,
      (error: unknown) => error as { $metadata: { attempts: number; totalRetryDelay: number } },
    );
    await vi.runAllTimersAsync();
    expect((await settled)?.$metadata).toMatchObject({ attempts: 4, totalRetryDelay: 600 });
  });
});
