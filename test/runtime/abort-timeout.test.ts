/**
 * Cancellation and timeouts against a real loopback server: an abort must end the call
 * promptly wherever it is (before sending, waiting for a response, waiting to retry), a
 * timeout must fire on a server that never answers, and none of this may leave listeners on
 * the caller's signal (a long-lived signal shared by many calls would otherwise leak and trip
 * Node's MaxListenersExceededWarning).
 */
import { getEventListeners } from "node:events";
import { performance } from "node:perf_hooks";
import { ConfiguredRetryStrategy } from "@smithy/util-retry";
import { describe, expect, it, vi } from "vitest";
import { BatchGetTracesCommand, XRayClient, type XRayClientConfig } from "../../src/index.js";
import { useLoopback } from "../support/loopback.js";

const credentials = { accessKeyId: "AKIDABORTTEST", secretAccessKey: "abort-test-secret" };
const OK = { status: 200, body: { Traces: [] } };
/** How soon after `abort()` the call must reject: generous for CI, far below any timeout or backoff. */
const PROMPT_MS = 200;

const fixture = useLoopback(credentials);
const makeClient = (options: XRayClientConfig = {}): XRayClient => fixture.client(options);

const command = (): BatchGetTracesCommand => new BatchGetTracesCommand({ TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] });

/** Settles a promise that must reject, returning the error and when it rejected. */
async function rejection(promise: Promise<unknown>): Promise<{ error: Error; at: number }> {
  try {
    await promise;
  } catch (error) {
    return { error: error as Error, at: performance.now() };
  }
  throw new Error("expected the call to reject, but it resolved");
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Abort listeners still registered on a signal. */
const abortListeners = (signal: AbortSignal): number => getEventListeners(signal, "abort").length;

/**
 * Waits for the transport to drop its abort listener: `NodeHttpHandler` removes it on the
 * request's `close` event, which may come a tick after the call settles. A real leak never
 * drops to 0, so this still fails.
 */
const expectNoAbortListeners = (signal: AbortSignal): Promise<void> =>
  vi.waitFor(() => expect(abortListeners(signal)).toBe(0), { timeout: 1_000, interval: 10 });

// A broken abort or timeout leaves a call hanging: fail in seconds rather than at the 20 s default.
describe("abortSignal", { timeout: 5_000 }, () => {
  it("rejects with AbortError and sends nothing when the signal is already aborted", async () => {
    fixture.server.script(OK);
    const client = makeClient();
    const controller = new AbortController();
    controller.abort();

    const { error } = await rejection(client.send(command(), { abortSignal: controller.signal }));

    expect(error.name).toBe("AbortError");
    // Give a wrongly sent request time to arrive.
    await sleep(50);
    expect(fixture.server.requests).toHaveLength(0);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it("rejects promptly when aborted while the server hangs, and does not retry", async () => {
    fixture.server.script("hang", OK);
    const client = makeClient({ retryStrategy: new ConfiguredRetryStrategy(3, () => 10) });
    const controller = new AbortController();

    const call = rejection(client.send(command(), { abortSignal: controller.signal }));
    await fixture.server.waitForRequests(1);
    const abortedAt = performance.now();
    controller.abort();
    const { error, at } = await call;

    expect(error.name).toBe("AbortError");
    expect(at - abortedAt).toBeLessThan(PROMPT_MS);
    // An abort is final: the queued 200 must not be fetched by a retry.
    await sleep(50);
    expect(fixture.server.requests).toHaveLength(1);
    await expectNoAbortListeners(controller.signal);
  });

  it("rejects promptly when aborted during the backoff wait, without a second request", async () => {
    fixture.server.script({ status: 503, body: { message: "unavailable" } }, OK);
    // A 5 s backoff: the call can only end early through the abort.
    const client = makeClient({ retryStrategy: new ConfiguredRetryStrategy(3, () => 5_000) });
    const controller = new AbortController();

    const call = rejection(client.send(command(), { abortSignal: controller.signal }));
    await fixture.server.waitForRequests(1);
    // Let the 503 arrive and the client enter its backoff.
    await sleep(100);
    const abortedAt = performance.now();
    controller.abort();
    const { error, at } = await call;

    expect(error.name).toBe("AbortError");
    expect(at - abortedAt).toBeLessThan(PROMPT_MS);
    await sleep(100);
    expect(fixture.server.requests).toHaveLength(1);
    await expectNoAbortListeners(controller.signal);
  });

  it("rejects with AbortError when aborted while the response body is still arriving", async () => {
    // Headers and part of the body arrive, then the server stalls: the transport has already
    // resolved, so the abort surfaces as a reset of the body stream. The caller still asked for
    // an abort and must see AbortError (the official client's retry middleware turns any
    // failure after an abort into AbortError).
    fixture.server.script({ status: 200, body: '{"Traces":[', stall: true }, OK);
    const client = makeClient({ retryStrategy: new ConfiguredRetryStrategy(3, () => 10) });
    const controller = new AbortController();

    const call = rejection(client.send(command(), { abortSignal: controller.signal }));
    await fixture.server.waitForRequests(1);
    // Let the headers and the first body chunk reach the client.
    await sleep(100);
    const abortedAt = performance.now();
    controller.abort();
    const { error, at } = await call;

    expect(at - abortedAt).toBeLessThan(PROMPT_MS);
    expect(error.name).toBe("AbortError");
    await sleep(50);
    expect(fixture.server.requests).toHaveLength(1);
    await expectNoAbortListeners(controller.signal);
  });

  it("leaves no abort listeners on a long-lived signal shared by many calls", async () => {
    fixture.server.script(
      OK,
      { status: 503 },
      OK,
      { status: 400, headers: { "x-amzn-errortype": "InvalidRequestException" }, body: {} },
      "hang",
      ...Array.from({ length: 15 }, () => OK),
    );
    const client = makeClient({ retryStrategy: new ConfiguredRetryStrategy(3, () => 10), maxAttempts: 3 });
    const controller = new AbortController();
    const { signal } = controller;
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on("warning", onWarning);
    try {
      // Success.
      await client.send(command(), { abortSignal: signal });
      await expectNoAbortListeners(signal);
      // A retried failure (503, then 200): listeners from the backoff wait and both attempts.
      const retried = await client.send(command(), { abortSignal: signal });
      expect(retried.$metadata.attempts).toBe(2);
      await expectNoAbortListeners(signal);
      // A client error.
      await rejection(client.send(command(), { abortSignal: signal }));
      await expectNoAbortListeners(signal);
      // A timeout (not retried: one attempt allowed for this call via a one-attempt client).
      const oneShot = makeClient({ maxAttempts: 1 });
      const { error } = await rejection(oneShot.send(command(), { abortSignal: signal, requestTimeout: 200 }));
      expect(error.name).toBe("TimeoutError");
      await expectNoAbortListeners(signal);
      // Many calls in a row: more than Node's default of 10 listeners if any were kept.
      for (let i = 0; i < 15; i++) await client.send(command(), { abortSignal: signal });
      await expectNoAbortListeners(signal);
    } finally {
      process.off("warning", onWarning);
    }
    expect(signal.aborted).toBe(false);
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
  });
});

describe("requestTimeout", { timeout: 5_000 }, () => {
  it("rejects with TimeoutError when the client's requestTimeout passes on a hanging server", async () => {
    fixture.server.script("hang", OK);
    const client = makeClient({ requestTimeout: 300, maxAttempts: 1 });

    const started = performance.now();
    const { error, at } = await rejection(client.send(command()));

    expect(error.name).toBe("TimeoutError");
    // Not before the timeout (timer slack allowed), and well before the 30 s default.
    expect(at - started).toBeGreaterThanOrEqual(250);
    expect(at - started).toBeLessThan(2_000);
    expect(fixture.server.requests).toHaveLength(1);
  });

  it("honours a per-call requestTimeout send option", async () => {
    fixture.server.script("hang", OK);
    // The client keeps its 30 s default; only the call's option can end this quickly.
    const client = makeClient({ maxAttempts: 1 });

    const started = performance.now();
    const { error, at } = await rejection(client.send(command(), { requestTimeout: 300 }));

    expect(error.name).toBe("TimeoutError");
    expect(at - started).toBeGreaterThanOrEqual(250);
    expect(at - started).toBeLessThan(2_000);
    expect(fixture.server.requests).toHaveLength(1);
  });

  it("times out a response whose body stalls after the headers", async () => {
    // requestTimeout is documented as the per-attempt timeout that keeps a call from hanging;
    // a server that sends headers and then stalls must not defeat it.
    fixture.server.script({ status: 200, body: '{"Traces":[', stall: true }, OK);
    const client = makeClient({ requestTimeout: 300, maxAttempts: 1 });

    const started = performance.now();
    // Race against a guard so that a hang fails with a clear message instead of the test timeout.
    const outcome = await Promise.race([
      rejection(client.send(command())),
      sleep(2_500).then(() => ({ error: new Error("still pending 2.5 s after a 300 ms requestTimeout"), at: NaN })),
    ]);

    expect(outcome.error.message).not.toContain("still pending");
    expect(outcome.error.name).toBe("TimeoutError");
    expect(outcome.at - started).toBeLessThan(2_000);
  });

  it("retries a timed-out attempt (TimeoutError is transient) and then succeeds", async () => {
    fixture.server.script("hang", OK);
    const client = makeClient({ requestTimeout: 200, retryStrategy: new ConfiguredRetryStrategy(3, () => 10) });

    const output = await client.send(command());

    expect(output.$metadata.attempts).toBe(2);
    expect(fixture.server.requests).toHaveLength(2);
  });
});
