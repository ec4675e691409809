/**
 * Load script, run in its own process by `client-load.test.ts`:
 *
 * ```sh
 * node --expose-gc --import tsx test/load/client-load.ts [concurrent] [sequential]
 * ```
 *
 * Against the local X-Ray endpoint in this process: a warm-up, then `concurrent` calls at once
 * (default 10,000) and `sequential` calls one after another (default 100,000), all sharing one
 * abort signal. Prints one JSON line of figures: calls per second, failures, heap after forced
 * GCs before and after the load, RSS, abort listeners left on the shared signal, and the open
 * handles by type at start and after the client is destroyed and the server closed.
 *
 * Its own process so that the heap figures are this load's alone (not vitest's), and so that
 * `--expose-gc` is available.
 *
 * `LOAD_INJECTED_LEAK_BYTES=n` makes every loaded call leave behind an abort listener holding
 * `n` bytes: a control run, so the test can show that its checks do catch a leak.
 */
import { getEventListeners } from "node:events";
import { performance } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";
import { PutTraceSegmentsCommand, XRayClient } from "../../src/index.js";
import { startLocalXRay, type LocalXRay } from "../../src/local/index.js";
import { seedDocuments, sendMixed } from "./operation-mix.js";

/** The figures printed, one JSON object. */
export interface LoadFigures {
  readonly concurrent: PhaseFigures;
  readonly sequential: PhaseFigures;
  /** Heap used after forced GCs, MiB: after the warm-up, and after the load. */
  readonly heapBeforeMiB: number;
  readonly heapAfterMiB: number;
  /** heapAfter / heapBefore. */
  readonly heapRatio: number;
  /** Resident set size after the load, MiB. */
  readonly rssAfterMiB: number;
  /** Abort listeners on the shared signal: the most seen while the concurrent calls were in flight, and after. */
  readonly abortListenersPeak: number;
  readonly abortListenersAfter: number;
  /** `process.getActiveResourcesInfo()` by type: at start, while loaded (before closing), and after closing. */
  readonly handlesAtStart: Record<string, number>;
  readonly handlesLoaded: Record<string, number>;
  readonly handlesAfterClose: Record<string, number>;
}

/** What one phase did. */
export interface PhaseFigures {
  readonly calls: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Up to 5 distinct failure descriptions. */
  readonly failures: string[];
  /** Calls that needed more than one attempt (the client retried them). */
  readonly retried: number;
  readonly seconds: number;
  readonly callsPerSecond: number;
}

const CONCURRENT = Number(process.argv[2] ?? 10_000);
const SEQUENTIAL = Number(process.argv[3] ?? 100_000);
/** Warm-up: both shapes of load, so the JIT, the keep-alive pool and caches are as they will be after it. */
const WARM_UP_CONCURRENT = 1_000;
const WARM_UP_SEQUENTIAL = 1_000;

const INJECTED_LEAK_BYTES = Number(process.env["LOAD_INJECTED_LEAK_BYTES"] ?? 0);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");

const MiB = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 100) / 100;

function handleCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** Heap used after several full GCs, letting finalizers and closing sockets run in between. */
async function settledHeap(): Promise<number> {
  for (let round = 0; round < 6; round++) {
    gc!();
    await nextTurn();
  }
  return process.memoryUsage().heapUsed;
}

/** Empties the store (what it keeps is its job, not a leak) and stores the known trace again. */
async function resetData(server: LocalXRay, client: XRayClient): Promise<void> {
  await server.reset();
  await client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: seedDocuments() }));
}

class Phase {
  succeeded = 0;
  failed = 0;
  retried = 0;
  readonly failures = new Set<string>();
  readonly #started = performance.now();

  constructor(readonly calls: number) {}

  record(call: Promise<unknown>): Promise<void> {
    return call.then(
      (output) => {
        this.succeeded++;
        if (((output as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1) > 1) this.retried++;
      },
      (error: unknown) => {
        this.failed++;
        if (this.failures.size < 5) this.failures.add(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      },
    );
  }

  figures(): PhaseFigures {
    const seconds = (performance.now() - this.#started) / 1000;
    const { calls, succeeded, failed, retried } = this;
    return { calls, succeeded, failed, retried, failures: [...this.failures], seconds: Math.round(seconds * 100) / 100, callsPerSecond: Math.round(calls / seconds) };
  }
}

async function runConcurrent(client: XRayClient, count: number, signal: AbortSignal, onLaunched?: () => void): Promise<PhaseFigures> {
  const phase = new Phase(count);
  const calls: Promise<void>[] = [];
  for (let i = 0; i < count; i++) calls.push(phase.record(sendMixed(client, i, signal)));
  onLaunched?.();
  leak(signal, count);
  await Promise.all(calls);
  return phase.figures();
}

async function runSequential(client: XRayClient, count: number, signal: AbortSignal): Promise<PhaseFigures> {
  const phase = new Phase(count);
  for (let i = 0; i < count; i++) await phase.record(sendMixed(client, i, signal));
  leak(signal, count);
  return phase.figures();
}

/** The control run's deliberate leak: one listener per call, never removed, each holding some bytes. */
function leak(signal: AbortSignal, calls: number): void {
  if (!loading || INJECTED_LEAK_BYTES === 0) return;
  for (let i = 0; i < calls; i++) {
    const held = new Uint8Array(INJECTED_LEAK_BYTES);
    signal.addEventListener("abort", () => held.fill(0));
  }
}

/** Whether the measured load is running (the warm-up is not measured, so it leaks nothing). */
let loading = false;

async function main(): Promise<LoadFigures> {
  const handlesAtStart = handleCounts();
  const server = await startLocalXRay();
  const client = new XRayClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: "AKIDLOAD", secretAccessKey: "load-secret" } });
  const controller = new AbortController();
  const { signal } = controller;

  await resetData(server, client);
  await runConcurrent(client, WARM_UP_CONCURRENT, signal);
  await runSequential(client, WARM_UP_SEQUENTIAL, signal);
  await resetData(server, client);
  const heapBefore = await settledHeap();

  let abortListenersPeak = 0;
  const sample = (): void => {
    abortListenersPeak = Math.max(abortListenersPeak, getEventListeners(signal, "abort").length);
  };
  loading = true;
  // Sampled once every call is launched, and again a few turns later, while they are in flight.
  const concurrent = await runConcurrent(client, CONCURRENT, signal, () => {
    sample();
    void nextTurn().then(sample);
  });
  const sequential = await runSequential(client, SEQUENTIAL, signal);
  const abortListenersAfter = getEventListeners(signal, "abort").length;
  loading = false;

  await resetData(server, client);
  const heapAfter = await settledHeap();
  const rssAfter = process.memoryUsage().rss;
  const handlesLoaded = handleCounts();

  client.destroy();
  await server.close();
  // Destroyed sockets report their closing on later turns.
  for (let round = 0; round < 10; round++) await nextTurn();
  const handlesAfterClose = handleCounts();

  return {
    concurrent,
    sequential,
    heapBeforeMiB: MiB(heapBefore),
    heapAfterMiB: MiB(heapAfter),
    heapRatio: Math.round((heapAfter / heapBefore) * 1000) / 1000,
    rssAfterMiB: MiB(rssAfter),
    abortListenersPeak,
    abortListenersAfter,
    handlesAtStart,
    handlesLoaded,
    handlesAfterClose,
  };
}

process.stdout.write(`${JSON.stringify(await main())}\n`);
