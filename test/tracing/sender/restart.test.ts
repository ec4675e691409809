/**
 * The tracing sender across a restart of the endpoint. Segments stream into a
 * `SegmentSender` while the local X-Ray endpoint is killed and started again on the same port
 * with the same `dataFile`. Whatever the timing:
 *
 * - `received = sent + rejected + dropped + pending` at every moment it is looked at;
 * - an outage shorter than the sender's retry budget costs nothing: every segment is delivered;
 * - a longer one costs exactly the segments counted as dropped (`retries-exhausted`), each
 *   reported through `onDrop`;
 * - the endpoint finally holds exactly the documents counted as sent, each id once, those
 *   stored before the kill included (they survive in the data file).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { XRayClient, paginateBatchGetTraces } from "../../../src/index.js";
import { startLocalXRay, type LocalXRay } from "../../../src/local/index.js";
import { Segment } from "../../../src/tracing/segment.js";
import { SegmentSender, type DropInfo, type SegmentSenderOptions, type SenderStats } from "../../../src/tracing/sender/sender.js";

const CREDENTIALS = { accessKeyId: "AKIDRESTART", secretAccessKey: "restart-test-secret" };
/** Traces the streamed segments are spread over (several services' segments per trace). */
const TRACES = 12;
/** Time between two streamed segments, ms: a steady stream of ~200 segments per second. */
const STREAM_GAP_MS = 5;

let directory: string;
let dataFile: string;
const running = new Set<LocalXRay>();
const cleanups: Array<() => unknown> = [];
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "typed-xray-restart-"));
  dataFile = join(directory, "xray.jsonl");
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await Promise.all([...running].map((server) => server.close()));
  running.clear();
  rmSync(directory, { recursive: true, force: true });
});

async function start(port = 0): Promise<LocalXRay> {
  const server = await startLocalXRay({ port, dataFile });
  running.add(server);
  return server;
}

async function kill(server: LocalXRay): Promise<void> {
  running.delete(server);
  await server.close();
}

function clientFor(server: LocalXRay, options: { maxAttempts?: number } = {}): XRayClient {
  const client = new XRayClient({ endpoint: server.endpoint, region: "us-east-1", credentials: CREDENTIALS, ...options });
  cleanups.push(() => client.destroy());
  return client;
}

const balanced = (stats: SenderStats): boolean => stats.received === stats.sent + stats.rejected + stats.dropped.total + stats.pending;

/** A stream of segments built with the tracing helper, their documents, and their traces. */
class SegmentStream {
  readonly documents: string[] = [];
  readonly traceIds: string[] = [];
  #count = 0;

  constructor(readonly sender: SegmentSender) {}

  /** Sends segments, one every {@link STREAM_GAP_MS}, for `ms` milliseconds (at least one). */
  async sendFor(ms: number): Promise<void> {
    const until = Date.now() + ms;
    do {
      this.sendOne();
      await sleep(STREAM_GAP_MS);
    } while (Date.now() < until);
  }

  sendOne(): void {
    const n = this.#count++;
    const traceId = this.traceIds[n % TRACES];
    const segment = new Segment(`service-${n % 5}`, traceId);
    if (traceId === undefined) this.traceIds.push(segment.traceId);
    segment.addAnnotation("n", n);
    segment.addNewSubsegment("downstream").close();
    segment.setHttpResponse(200).close();
    this.documents.push(segment.serialize());
    this.sender.send(segment);
  }
}

interface RestartRun {
  readonly documents: readonly string[];
  readonly drops: readonly DropInfo[];
  readonly stats: SenderStats;
  /** Snapshots taken during the run that broke the invariant (should be none). */
  readonly violations: readonly SenderStats[];
  /** Documents counted as sent before the kill. */
  readonly sentBeforeKill: number;
  /** The documents the restarted endpoint returns for the streamed traces. */
  readonly stored: ReadonlyArray<{ Id: string; Document: string }>;
  /** Segment lines in the data file, and how many distinct documents they hold. */
  readonly journal: { readonly lines: number; readonly distinct: number };
}

/**
 * Streams segments for `beforeMs`, kills the endpoint (after a flush when `quietKill`, so no
 * call is in flight; otherwise wherever the stream is), keeps streaming through an outage of
 * `outageMs`, restarts the endpoint on the same port and data file, streams for `afterMs`, and
 * flushes.
 */
async function streamAcrossRestart(options: {
  sender: Partial<SegmentSenderOptions>;
  outageMs: number;
  quietKill: boolean;
}): Promise<RestartRun> {
  const first = await start();
  const port = first.port;
  const drops: DropInfo[] = [];
  const violations: SenderStats[] = [];
  const check = (): void => {
    const stats = sender.stats();
    if (!balanced(stats)) violations.push(stats);
  };
  const sender: SegmentSender = new SegmentSender({
    // Retries are the sender's: one attempt per client call, so its counts see every failure.
    client: clientFor(first, { maxAttempts: 1 }),
    flushIntervalMs: 10,
    batchSize: 10,
    onDrop: (info) => {
      drops.push(info);
      check();
    },
    ...options.sender,
  });
  cleanups.push(() => sender.close({ signal: AbortSignal.abort() }));
  const sampler = setInterval(check, 1);
  cleanups.push(() => clearInterval(sampler));
  const stream = new SegmentStream(sender);

  await stream.sendFor(300);
  if (options.quietKill) await sender.flush();
  const sentBeforeKill = sender.stats().sent;
  await kill(first);
  await stream.sendFor(options.outageMs);
  const second = await start(port);
  await stream.sendFor(300);
  await sender.flush();
  clearInterval(sampler);
  check();

  const stored: Array<{ Id: string; Document: string }> = [];
  for await (const page of paginateBatchGetTraces({ client: clientFor(second) }, { TraceIds: stream.traceIds })) {
    for (const trace of page.Traces ?? []) for (const segment of trace.Segments ?? []) stored.push({ Id: segment.Id!, Document: segment.Document! });
  }
  const lines = readFileSync(dataFile, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as { type: string; text?: string })
    .filter((entry) => entry.type === "segment");
  const stats = sender.stats();
  console.info(
    `restart (outage ${options.outageMs} ms): ${stream.documents.length} segments, ${stats.sent} sent (${sentBeforeKill} before the kill), ` +
      `${stats.dropped.total} dropped, ${stats.retried} re-queued, ${stats.backendConnectionErrors.ConnectionRefusedCount} calls refused, ` +
      `${stats.backendConnectionErrors.OtherCount} cut off; data file ${lines.length} segment lines`,
  );
  return {
    documents: stream.documents,
    drops,
    stats,
    violations,
    sentBeforeKill,
    stored,
    journal: { lines: lines.length, distinct: new Set(lines.map((entry) => entry.text)).size },
  };
}

/** The endpoint holds exactly the documents not reported dropped or rejected, each id once, and that many were counted sent. */
function expectStoredExactlyTheSent(run: RestartRun): void {
  const lost = new Set(run.drops.flatMap((info) => info.documents));
  const expected = run.documents.filter((document) => !lost.has(document));
  expect(run.stored.map((segment) => segment.Document).sort()).toEqual([...expected].sort());
  const ids = run.stored.map((segment) => segment.Id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(run.stored.length).toBe(run.stats.sent);
  expect(run.drops.reduce((total, info) => total + info.count, 0)).toBe(run.stats.rejected + run.stats.dropped.total);
}

describe("SegmentSender across a restart of the endpoint", () => {
  it("rides out a ~1 s outage that hits mid-stream: every segment delivered, none twice, earlier data kept", async () => {
    const run = await streamAcrossRestart({
      // ~1 s of backoff before the 12th attempt of a document: well past the outage.
      sender: { backoff: { baseDelayMs: 10, maxDelayMs: 100 }, maxAttempts: 40 },
      outageMs: 1000,
      quietKill: false,
    });
    expect(run.violations).toEqual([]);
    expect(run.stats).toMatchObject({ received: run.documents.length, sent: run.documents.length, rejected: 0, pending: 0 });
    expect(run.stats.dropped.total).toBe(0);
    expect(run.drops).toEqual([]);
    // The outage was real: calls failed and documents were queued again.
    expect(run.stats.backendConnectionErrors.ConnectionRefusedCount).toBeGreaterThan(0);
    expect(run.stats.retried).toBeGreaterThan(0);
    // Something was stored before the kill, so the restarted endpoint read it back from the data file.
    expect(run.sentBeforeKill).toBeGreaterThan(0);
    expectStoredExactlyTheSent(run);
    // A call cut off by the kill may have been stored and then sent again: the data file may
    // hold a document twice, the endpoint keeps it once (checked above).
    expect(run.journal.distinct).toBe(run.documents.length);
  });

  it("counts what an outage longer than its retry budget costs as retries-exhausted, and stores exactly the rest", async () => {
    const run = await streamAcrossRestart({
      // 3 attempts, at most ~30 ms of backoff in all: far shorter than the outage.
      sender: { backoff: { baseDelayMs: 5, maxDelayMs: 20 }, maxAttempts: 3 },
      outageMs: 1000,
      // Killed between calls: a call cut off mid-flight could be stored and still counted lost
      // (no answer came), which would blur what this test checks: that lost means not stored.
      quietKill: true,
    });
    expect(run.violations).toEqual([]);
    expect(run.stats).toMatchObject({ received: run.documents.length, rejected: 0, pending: 0 });
    expect(run.stats.dropped.total).toBeGreaterThan(0);
    expect(run.stats.dropped.byReason).toEqual({ "retries-exhausted": run.stats.dropped.total });
    expect(run.drops.every((info) => info.outcome === "dropped" && info.reason === "retries-exhausted")).toBe(true);
    expect(run.stats.sent + run.stats.dropped.total).toBe(run.documents.length);
    // Segments sent after the restart got through again.
    expect(run.stats.sent).toBeGreaterThan(run.sentBeforeKill);
    expect(run.sentBeforeKill).toBeGreaterThan(0);
    expectStoredExactlyTheSent(run);
    expect(run.journal.distinct).toBe(run.stats.sent);
  });
});
