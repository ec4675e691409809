/**
 * `SegmentSender.close()` with the endpoint down and a full queue: it resolves by its deadline
 * (default 10 s), counts what it could not deliver as `"close-timeout"`, leaves no timer behind,
 * and the ledger adds up. Without a deadline it still ends quickly: queued batches share one
 * backoff once the endpoint has failed `maxAttempts` requests in a row, instead of each batch
 * waiting through its own attempts one after another (7.4 hours for 10,000 documents before).
 * Fake timers throughout; the clock the sender reads is the fake one.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { XRayClient } from "../../../src/index.js";
import { SegmentSender, type SenderStats } from "../../../src/tracing/index.js";

const DOCUMENTS = 10_000;
const document = (n: number): string =>
  JSON.stringify({ name: "svc", id: n.toString(16).padStart(16, "0"), trace_id: "1-5759e988-bd862e3fe1be46a994272793", start_time: 1, end_time: 2 });

/** A client whose every call fails at once as a refused connection: the endpoint is down. */
function downClient(): { client: XRayClient; calls: () => number } {
  let calls = 0;
  const send = (): Promise<never> => {
    calls++;
    return Promise.reject(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }));
  };
  return { client: { send } as unknown as XRayClient, calls: () => calls };
}

/** A client whose calls never settle and ignore the abort signal. */
const hangingClient = { send: () => new Promise<never>(() => undefined) } as unknown as XRayClient;

const balanced = (stats: SenderStats): boolean => stats.received === stats.sent + stats.rejected + stats.dropped.total + stats.pending;

/** Runs fake time until `promise` settles; returns the simulated milliseconds it took. */
async function elapsedUntil(promise: Promise<unknown>, stepMs = 250, limitMs = 48 * 3_600_000): Promise<number> {
  let settled = false;
  void promise.then(() => (settled = true));
  const start = Date.now();
  while (!settled && Date.now() - start < limitMs) await vi.advanceTimersByTimeAsync(stepMs);
  return Date.now() - start;
}

function fill(sender: SegmentSender): void {
  for (let n = 0; n < DOCUMENTS; n++) sender.send(document(n));
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_800_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("close() with the endpoint down and a full queue", () => {
  it("resolves by its default deadline of 10 s, and the ledger adds up", async () => {
    const { client } = downClient();
    const sender = new SegmentSender({ client, maxQueueDocuments: DOCUMENTS, random: () => 0.5 });
    fill(sender);
    const elapsed = await elapsedUntil(sender.close());
    expect(elapsed).toBeLessThanOrEqual(10_000);
    const stats = sender.stats();
    expect(stats).toMatchObject({ received: DOCUMENTS, sent: 0, pending: 0, pendingBytes: 0 });
    expect(stats.dropped.total).toBe(DOCUMENTS);
    expect(balanced(stats)).toBe(true);
    // Nothing is left to hold a process open.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("without a deadline, queued batches share one backoff: done in seconds, not hours", async () => {
    const { client, calls } = downClient();
    const sender = new SegmentSender({ client, maxQueueDocuments: DOCUMENTS, random: () => 0.5 });
    fill(sender);
    const elapsed = await elapsedUntil(sender.close({ timeoutMs: 0 }));
    // Six attempts, five backoffs of 0.375-6 s (500 ms doubling, equal jitter at 0.5): 11.6 s.
    expect(elapsed).toBeLessThan(15_000);
    expect(calls()).toBe(6);
    const stats = sender.stats();
    expect(stats.dropped.byReason).toEqual({ "retries-exhausted": DOCUMENTS });
    expect(stats.pending).toBe(0);
    expect(balanced(stats)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("counts what is still pending at the deadline as close-timeout, its own reason", async () => {
    const { client } = downClient();
    const sender = new SegmentSender({ client, maxQueueDocuments: DOCUMENTS, backoff: { baseDelayMs: 4_000 }, random: () => 0.5 });
    fill(sender);
    const elapsed = await elapsedUntil(sender.close({ timeoutMs: 5_000 }));
    expect(elapsed).toBeLessThanOrEqual(5_000);
    const stats = sender.stats();
    expect(stats.dropped.byReason).toEqual({ "close-timeout": DOCUMENTS });
    expect(balanced(stats)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does not wait past the deadline for a call whose transport ignores the abort", async () => {
    const sender = new SegmentSender({ client: hangingClient, maxQueueDocuments: DOCUMENTS, maxConcurrentRequests: 4 });
    fill(sender);
    const elapsed = await elapsedUntil(sender.close({ timeoutMs: 2_000 }));
    expect(elapsed).toBeLessThanOrEqual(2_000);
    const stats = sender.stats();
    expect(stats).toMatchObject({ pending: 0, dropped: { total: DOCUMENTS, byReason: { "close-timeout": DOCUMENTS } } });
    expect(balanced(stats)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("refuses a deadline that is not a non-negative integer", () => {
    const sender = new SegmentSender({ client: hangingClient });
    expect(() => sender.close({ timeoutMs: -1 })).toThrow(RangeError);
    expect(() => new SegmentSender({ client: hangingClient, closeTimeoutMs: 1.5 })).toThrow(RangeError);
  });
});
