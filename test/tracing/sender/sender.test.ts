/**
 * SegmentSender against a stateful fake PutTraceSegments on a real socket: batching, limits,
 * retries, partial failures, closing, timers, and the accounting invariant
 * `received = sent + rejected + dropped + pending`, checked against what the service stored.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { XRayClient } from "../../../src/index.js";
import { Segment } from "../../../src/tracing/segment.js";
import { utf8Length as utf8ByteLength } from "../../../src/runtime/utf8.js";
import { SegmentSender, type DropInfo, type SegmentSenderOptions, type SenderStats } from "../../../src/tracing/sender/sender.js";
import { idOf, startFakeSegmentService, type FakeSegmentService, type Fault } from "../../support/fake-segment-service.js";
import { documentOfSize, segmentDocument } from "../../support/segment-documents.js";

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

let service: FakeSegmentService;
const clients: XRayClient[] = [];
const senders: SegmentSender[] = [];

beforeEach(async () => {
  service = await startFakeSegmentService();
});
afterEach(async () => {
  for (const sender of senders.splice(0)) await sender.close({ signal: AbortSignal.abort() });
  for (const client of clients.splice(0)) client.destroy();
  await service.close();
});

/** A client aimed at the fake service that does not retry by itself: retries are the sender's. */
function clientFor(url = service.url): XRayClient {
  const client = new XRayClient({ endpoint: url, region: "us-east-1", credentials: CREDENTIALS, maxAttempts: 1 });
  clients.push(client);
  return client;
}

/** A sender with fast backoff, no flush timer, and its drops collected in `drops`. */
function senderFor(options: Partial<SegmentSenderOptions> = {}, drops: DropInfo[] = []): SegmentSender {
  const sender = new SegmentSender({
    client: clientFor(),
    flushIntervalMs: 0,
    backoff: { baseDelayMs: 1, maxDelayMs: 4 },
    onDrop: (info) => drops.push(info),
    ...options,
  });
  senders.push(sender);
  return sender;
}

const balanced = (stats: SenderStats): boolean => stats.received === stats.sent + stats.rejected + stats.dropped.total + stats.pending;

/**
 * Checks that every document is accounted for exactly once: stored by the service (once), or
 * reported by `onDrop`, never both, and that the sender's `sent` is what the service stored.
 */
function expectAccountedFor(all: readonly string[], drops: readonly DropInfo[], stats: SenderStats): void {
  const stored = new Map<string, number>();
  for (const document of service.stored) stored.set(document, (stored.get(document) ?? 0) + 1);
  expect([...stored.values()].filter((count) => count > 1)).toEqual([]);
  expect(service.stored.length).toBe(stats.sent);
  const reported = drops.flatMap((info) => info.documents);
  expect(reported.filter((document) => stored.has(document))).toEqual([]);
  expect(new Set([...stored.keys(), ...reported])).toEqual(new Set(all));
  expect(reported.length).toBe(stats.rejected + stats.dropped.total);
  expect(balanced(stats)).toBe(true);
}

describe("delivery under failures", () => {
  it("delivers 10,000 segments through throttling, 5xx, resets, invalid requests and unprocessed documents with zero unaccounted losses", async () => {
    const drops: DropInfo[] = [];
    const sender = senderFor({ maxConcurrentRequests: 4, maxAttempts: 30, maxQueueDocuments: 20_000 }, drops);
    const violations: unknown[] = [];
    service.onRequest(() => {
      const stats = sender.stats();
      if (!balanced(stats)) violations.push(stats);
    });
    service.plan(({ index, documents }) => {
      if (index % 13 === 7) return "reset";
      if (index % 7 === 3) return { status: 429, code: "ThrottledException" };
      if (index % 11 === 5) return { status: 503, code: "ServiceUnavailableException" };
      if (documents.some((document) => document.includes('"poison":true'))) return { status: 400, code: "InvalidRequestException" };
      return undefined;
    });
    service.unprocessed((document, position, { index }) => {
      if (index % 5 === 1 && position < 2) return { ErrorCode: position === 0 ? "ThrottledException" : "InternalFailure" };
      if (document.includes('"bad":true')) return { ErrorCode: "InvalidTraceId" };
      if (idOf(document) === undefined) return { ErrorCode: "InvalidSegment", omitId: true };
      return undefined;
    });

    const all: string[] = [];
    for (let n = 0; n < 10_000; n++) all.push(segmentDocument(n, n % 500 === 250 ? { bad: true } : {}));
    all.splice(1234, 0, segmentDocument(20_001, { poison: true }));
    all.splice(4321, 0, "this is not JSON {");
    for (const at of [10, 5000, 9999]) all.splice(at, 0, documentOfSize(30_000 + at, 70_000));
    const refusedAtSend = all.filter((document) => !sender.send(document));
    await sender.close();

    const stats = sender.stats();
    expect(refusedAtSend).toHaveLength(3);
    expect(stats).toMatchObject({ received: 10_005, pending: 0, pendingBytes: 0, dropped: { total: 0 } });
    expect(stats.rejectedByReason).toEqual({ "too-large": 3, InvalidTraceId: 20, InvalidSegment: 1, InvalidRequestException: 1 });
    expect(stats.sent).toBe(10_005 - 25);
    expectAccountedFor(all, drops, stats);
    expect(violations).toEqual([]);
    // The faults really happened, and were retried.
    expect(stats.backendConnectionErrors.HTTPCode4XXCount).toBeGreaterThan(0);
    expect(stats.backendConnectionErrors.HTTPCode5XXCount).toBeGreaterThan(0);
    expect(stats.backendConnectionErrors.OtherCount).toBeGreaterThan(0);
    expect(stats.retried).toBeGreaterThan(0);
    // Nothing over the limits went on the wire.
    expect(Math.max(...service.batches.map((batch) => batch.length))).toBeLessThanOrEqual(50);
    expect(service.batches.flat().every((document) => new TextEncoder().encode(document).length <= 65_536)).toBe(true);
  });

  it("accounts for every document under arbitrary fault sequences, limits and attempts (property)", async () => {
    const faultKinds: (Fault | "ok" | "partial")[] = [
      "ok",
      "ok",
      "partial",
      "reset",
      { status: 429, code: "ThrottledException" },
      { status: 500, code: "InternalFailure" },
      { status: 403, code: "AccessDeniedException" },
    ];
    let nextRunBase = 1_000_000;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...faultKinds), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 20, max: 400 }),
        async (faults, count, maxAttempts, concurrency, maxQueueDocuments) => {
          const drops: DropInfo[] = [];
          const sender = senderFor({ maxAttempts, maxConcurrentRequests: concurrency, maxQueueDocuments, batchSize: 20 }, drops);
          const planFor = (index: number) => faults[index % faults.length]!;
          service.stored.length = 0;
          service.plan(({ index }) => {
            const fault = planFor(index);
            return fault === "ok" || fault === "partial" ? undefined : fault;
          });
          service.unprocessed((document, position, { index }) => {
            if (planFor(index) !== "partial") return undefined;
            return position % 3 === 0 ? { ErrorCode: "ThrottledException" } : position % 3 === 1 ? { ErrorCode: "InvalidName" } : undefined;
          });
          const base = (nextRunBase += 1000);
          const all = Array.from({ length: count }, (_, i) => segmentDocument(base + i));
          for (const document of all) sender.send(document);
          await sender.close();
          const stats = sender.stats();
          expect(stats.pending).toBe(0);
          expectAccountedFor(all, drops, stats);
        },
      ),
      { seed: 20_240_601, numRuns: 25 },
    );
  });
});

describe("batching and limits", () => {
  it("sends full batches of 50 at once and partial ones on flush, in order", async () => {
    const sender = senderFor();
    const all = Array.from({ length: 60 }, (_, i) => segmentDocument(i));
    for (const document of all) sender.send(document);
    await service.waitForBatches(1);
    expect(service.batches[0]).toEqual(all.slice(0, 50));
    await sender.flush();
    expect(service.batches).toEqual([all.slice(0, 50), all.slice(50)]);
    expect(sender.stats()).toMatchObject({ received: 60, sent: 60, pending: 0, requests: 2 });
  });

  it("sends partial batches on the flush interval without flush()", async () => {
    const sender = senderFor({ flushIntervalMs: 5 });
    sender.send([segmentDocument(1), segmentDocument(2), segmentDocument(3)]);
    await service.waitForBatches(1);
    expect(service.batches[0]).toHaveLength(3);
  });

  it("accepts a document of exactly 64 KB and rejects one byte more without sending it", async () => {
    const drops: DropInfo[] = [];
    const sender = senderFor({}, drops);
    const fits = documentOfSize(1, 65_536, "é");
    const over = documentOfSize(2, 65_537, "é");
    expect(sender.send(fits)).toBe(true);
    expect(sender.send(over)).toBe(false);
    await sender.flush();
    expect(service.batches).toEqual([[fits]]);
    expect(drops).toEqual([expect.objectContaining({ outcome: "rejected", reason: "too-large", count: 1, documents: [over] })]);
    expect(sender.stats()).toMatchObject({ received: 2, sent: 1, rejected: 1, rejectedByReason: { "too-large": 1 } });
  });

  it("splits a DocumentSource with a 64 KB limit and counts its truncations", async () => {
    const limits: (number | undefined)[] = [];
    const source = {
      toDocuments(maxBytes?: number) {
        limits.push(maxBytes);
        return { documents: [segmentDocument(1), segmentDocument(2)], truncated: 2 };
      },
    };
    const sender = senderFor();
    expect(sender.send([source, segmentDocument(3)])).toBe(true);
    await sender.flush();
    expect(limits).toEqual([65_536]);
    expect(service.batches).toEqual([[segmentDocument(1), segmentDocument(2), segmentDocument(3)]]);
    expect(sender.stats()).toMatchObject({ received: 3, sent: 3, truncated: 2 });
  });

  it("sends a Segment too large for one document as several, each within 64 KB, losing no subsegment", async () => {
    const segment = new Segment("big");
    const subsegmentIds: string[] = [];
    for (let i = 0; i < 40; i++) {
      const sub = segment.addNewSubsegment(`part-${i}`).addMetadata("blob", "x".repeat(3000));
      sub.close();
      subsegmentIds.push(sub.id);
    }
    segment.close();
    const sender = senderFor();
    expect(sender.send(segment)).toBe(true);
    await sender.flush();
    const stats = sender.stats();
    expect(stats.sent).toBeGreaterThan(1);
    expect(stats).toMatchObject({ received: stats.sent, truncated: 0 });
    expect(service.stored.every((document) => utf8ByteLength(document) <= 65_536)).toBe(true);
    const ids = new Set<string>();
    const collect = (node: { id?: string; subsegments?: unknown[] }): void => {
      if (node.id) ids.add(node.id);
      for (const child of node.subsegments ?? []) collect(child as typeof node);
    };
    for (const document of service.stored) collect(JSON.parse(document) as { id: string });
    expect([...ids].sort()).toEqual([segment.id, ...subsegmentIds].sort());
  });

  it("measures UTF-8 sizes as Buffer.byteLength does (property)", () => {
    fc.assert(
      // Any UTF-16 code units: ASCII, 2- and 3-byte characters, surrogate pairs and lone surrogates.
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 0x7ff }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.integer({ min: 0, max: 0xffff })), { maxLength: 40 }),
        (units) => {
          const text = String.fromCharCode(...units);
          return utf8ByteLength(text) === Buffer.byteLength(text, "utf8");
        },
      ),
      { seed: 7, numRuns: 300 },
    );
    // Lone surrogates become U+FFFD (3 bytes), as TextEncoder encodes them.
    expect(utf8ByteLength("\ud800x\udc00")).toBe(new TextEncoder().encode("\ud800x\udc00").length);
  });

  it("counts documents over the queue limits as spillover and reports them", async () => {
    const drops: DropInfo[] = [];
    const sender = senderFor({ maxQueueDocuments: 10 }, drops);
    const all = Array.from({ length: 15 }, (_, i) => segmentDocument(i));
    const accepted = all.map((document) => sender.send(document));
    expect(accepted).toEqual([...Array(10).fill(true), ...Array(5).fill(false)]);
    expect(sender.stats()).toMatchObject({ received: 15, pending: 10, dropped: { total: 5, byReason: { "queue-full": 5 } } });
    await sender.flush();
    expect(service.stored).toEqual(all.slice(0, 10));
    expect(drops.flatMap((info) => info.documents)).toEqual(all.slice(10));
    expect(drops.every((info) => info.outcome === "dropped" && info.reason === "queue-full")).toBe(true);
  });

  it("bounds the queue in bytes too", () => {
    const sender = senderFor({ maxQueueBytes: 65_536 });
    expect(sender.send(documentOfSize(1, 40_000))).toBe(true);
    expect(sender.send(documentOfSize(2, 40_000))).toBe(false);
    expect(sender.stats()).toMatchObject({ pending: 1, pendingBytes: 40_000, dropped: { byReason: { "queue-full": 1 } } });
  });

  it("never throws from send() on bad input, and counts it", () => {
    const sender = senderFor();
    const throwing = {
      toDocuments(): never {
        throw new Error("boom");
      },
    };
    const bad = [null, 42, {}, "", throwing] as unknown as string[];
    for (const input of bad) expect(sender.send(input)).toBe(false);
    expect(sender.send([] as string[])).toBe(true);
    expect(sender.stats()).toMatchObject({ received: 5, rejected: 5, rejectedByReason: { "invalid-document": 5 }, pending: 0 });
  });

  it("keeps delivering when onDrop throws", async () => {
    const sender = senderFor({
      onDrop: () => {
        throw new Error("logger down");
      },
    });
    expect(sender.send("")).toBe(false);
    sender.send(segmentDocument(1));
    await sender.flush();
    expect(sender.stats()).toMatchObject({ received: 2, sent: 1, rejected: 1 });
  });
});

describe("retries and failures", () => {
  it("retries documents X-Ray reports as throttled and rejects the others with their code", async () => {
    const drops: DropInfo[] = [];
    const sender = senderFor({}, drops);
    const [a, b, c] = [segmentDocument(1), segmentDocument(2), segmentDocument(3)];
    service.unprocessed((document, _position, { index }) => {
      if (index === 0 && document === a) return { ErrorCode: "ThrottledException" };
      if (document === b) return { ErrorCode: "InvalidTraceId", Message: "Invalid trace id" };
      return undefined;
    });
    sender.send([a, b, c]);
    await sender.flush();
    expect(service.batches).toEqual([[a, b, c], [a]]);
    expect(service.stored).toEqual([c, a]);
    expect(drops).toEqual([{ outcome: "rejected", reason: "InvalidTraceId", count: 1, documents: [b], message: "Invalid trace id" }]);
    expect(sender.stats()).toMatchObject({ sent: 2, rejected: 1, retried: 1, pending: 0 });
  });

  it("pairs unprocessed entries without an Id with the documents that have none", async () => {
    const sender = senderFor();
    service.unprocessed((document) => (idOf(document) === undefined ? { ErrorCode: "MissingId", omitId: true } : undefined));
    sender.send([segmentDocument(1), "[]", segmentDocument(2)]);
    await sender.flush();
    expect(service.stored).toEqual([segmentDocument(1), segmentDocument(2)]);
    expect(sender.stats()).toMatchObject({ sent: 2, rejectedByReason: { MissingId: 1 }, unmatchedUnprocessed: 0 });
  });

  it("drops documents still throttled after maxAttempts, and counts each failed call", async () => {
    const drops: DropInfo[] = [];
    const sender = senderFor({ maxAttempts: 3 }, drops);
    service.plan(() => ({ status: 429, code: "ThrottledException" }));
    sender.send([segmentDocument(1), segmentDocument(2)]);
    await sender.flush();
    expect(service.batches).toHaveLength(3);
    expect(sender.stats()).toMatchObject({
      sent: 0,
      dropped: { total: 2, byReason: { "retries-exhausted": 2 } },
      requests: 3,
      backendConnectionErrors: { HTTPCode4XXCount: 3, HTTPCode5XXCount: 0 },
    });
    expect(drops[0]?.message).toContain("ThrottledException");
  });

  it("does not retry a request refused for a reason retrying cannot fix", async () => {
    const sender = senderFor();
    service.plan(() => ({ status: 403, code: "AccessDeniedException" }));
    sender.send(segmentDocument(1));
    await sender.flush();
    expect(service.batches).toHaveLength(1);
    expect(sender.stats()).toMatchObject({ dropped: { byReason: { "request-failed": 1 } }, backendConnectionErrors: { HTTPCode4XXCount: 1 } });
  });

  it("isolates the document that makes X-Ray refuse a whole batch by halving it", async () => {
    const drops: DropInfo[] = [];
    const sender = senderFor({}, drops);
    const all = Array.from({ length: 8 }, (_, i) => segmentDocument(i, i === 5 ? { poison: true } : {}));
    service.plan(({ documents }) =>
      documents.some((document) => document.includes("poison")) ? { status: 400, code: "InvalidRequestException" } : undefined,
    );
    sender.send(all);
    await sender.flush();
    expect(service.stored.sort()).toEqual(all.filter((_, i) => i !== 5).sort());
    expect(drops).toEqual([expect.objectContaining({ outcome: "rejected", reason: "InvalidRequestException", documents: [all[5]] })]);
    // Depth first: 8 refused → 4 (good) → 4 refused → 2 refused → 1 (good) → 1 refused → 2 (good).
    expect(service.batches.map((batch) => batch.length)).toEqual([8, 4, 4, 2, 1, 1, 2]);
  });

  it("counts refused connections and retries them", async () => {
    const closed = await startFakeSegmentService();
    await closed.close();
    const sender = new SegmentSender({ client: clientFor(closed.url), flushIntervalMs: 0, maxAttempts: 2, backoff: { baseDelayMs: 1, maxDelayMs: 1 } });
    senders.push(sender);
    sender.send(segmentDocument(1));
    await sender.flush();
    expect(sender.stats()).toMatchObject({
      dropped: { byReason: { "retries-exhausted": 1 } },
      requests: 2,
      backendConnectionErrors: { ConnectionRefusedCount: 2 },
    });
  });

  it("retries after a connection reset without storing anything twice", async () => {
    const sender = senderFor();
    service.plan(({ index }) => (index === 0 ? "reset" : undefined));
    const all = [segmentDocument(1), segmentDocument(2)];
    sender.send(all);
    await sender.flush();
    expect(service.stored).toEqual(all);
    expect(sender.stats()).toMatchObject({ sent: 2, backendConnectionErrors: { OtherCount: 1 } });
  });
});

describe("closing and timers", () => {
  it("close() flushes everything, then rejects later sends as sender-closed", async () => {
    const drops: DropInfo[] = [];
    const sender = senderFor({ flushIntervalMs: 60_000 }, drops);
    sender.send([segmentDocument(1), segmentDocument(2)]);
    const closing = sender.close();
    expect(sender.close()).toBe(closing);
    await closing;
    expect(service.stored).toEqual([segmentDocument(1), segmentDocument(2)]);
    expect(sender.send(segmentDocument(3))).toBe(false);
    await sender.flush();
    expect(service.batches).toHaveLength(1);
    expect(sender.stats()).toMatchObject({ received: 3, sent: 2, rejectedByReason: { "sender-closed": 1 }, pending: 0 });
  });

  it("close({ signal }) cuts a stuck flush short and counts what it dropped", async () => {
    const drops: DropInfo[] = [];
    const sender = senderFor({ batchSize: 1 }, drops);
    service.plan(() => "hang");
    sender.send([segmentDocument(1), segmentDocument(2)]);
    await service.waitForBatches(1);
    const controller = new AbortController();
    const closing = sender.close({ signal: controller.signal });
    controller.abort();
    await closing;
    expect(sender.stats()).toMatchObject({ received: 2, sent: 0, pending: 0, dropped: { total: 2, byReason: { aborted: 2 } } });
  });

  it("timers never keep the process alive, except a backoff that flush() waits for", async () => {
    // Watch the timers themselves (Node's Timeout.hasRef) rather than global counts, which other
    // timers in the process would blur.
    const created: { delay: number | undefined; timer: NodeJS.Timeout }[] = [];
    const record = (original: typeof setTimeout) =>
      ((callback: () => void, delay?: number) => {
        const timer = original(callback, delay);
        created.push({ delay, timer });
        return timer;
      }) as typeof setTimeout;
    const originalTimeout = globalThis.setTimeout;
    const originalInterval = globalThis.setInterval as unknown as typeof setTimeout;
    const timeoutSpy = vi.spyOn(globalThis, "setTimeout").mockImplementation(record(originalTimeout));
    const intervalSpy = vi.spyOn(globalThis, "setInterval").mockImplementation(record(originalInterval) as never);
    try {
      const sender = senderFor({ flushIntervalMs: 1000, telemetry: { intervalMs: 60_000 }, backoff: { baseDelayMs: 600_000, maxDelayMs: 600_000 }, random: () => 0 });
      const intervals = created.filter(({ delay }) => delay === 1000 || delay === 60_000);
      expect(intervals).toHaveLength(2);
      expect(intervals.map(({ timer }) => timer.hasRef())).toEqual([false, false]);
      service.plan(() => ({ status: 429, code: "ThrottledException" }));
      sender.send(Array.from({ length: 50 }, (_, i) => segmentDocument(i)));
      // Let the throttled answer arrive and the backoff timer (half of 600 s with random 0) be armed.
      while (sender.stats().requests === 0) await new Promise((resolve) => setImmediate(resolve));
      const backoff = created.filter(({ delay }) => delay !== undefined && delay > 250_000 && delay <= 300_000);
      expect(backoff).toHaveLength(1);
      expect(backoff[0]!.timer.hasRef()).toBe(false);
      void sender.flush();
      expect(backoff[0]!.timer.hasRef()).toBe(true);
      await sender.close({ signal: AbortSignal.abort() });
      expect(sender.stats()).toMatchObject({ pending: 0, dropped: { byReason: { aborted: 50 } } });
    } finally {
      timeoutSpy.mockRestore();
      intervalSpy.mockRestore();
    }
  });
});

describe("process lifetime", () => {
  it("lets a Node process with queued documents and both intervals running exit on its own", async () => {
    const repo = fileURLToPath(new URL("../../..", import.meta.url));
    // Minute-long intervals: if either timer were ref'd, the child would outlive the test's timeout.
    const script = `
      const { SegmentSender } = await import(${JSON.stringify(`${repo}src/tracing/sender/sender.ts`)});
      const { XRayClient } = await import(${JSON.stringify(`${repo}src/index.ts`)});
      const client = new XRayClient({ region: "us-east-1", endpoint: "http://127.0.0.1:9", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
      const sender = new SegmentSender({ client, flushIntervalMs: 60000, telemetry: { intervalMs: 60000 }, flushOnExit: false });
      sender.send(${JSON.stringify(segmentDocument(1))});
      console.log("pending", sender.stats().pending);
    `;
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repo, timeout: 15_000 }, (_error, stdout) =>
        resolve({ code: child.exitCode, stdout }),
      );
    });
    expect(result).toEqual({ code: 0, stdout: "pending 1\n" });
  });
});

describe("options", () => {
  it.each([
    ["batchSize 0", { batchSize: 0 }, RangeError],
    ["batchSize 51", { batchSize: 51 }, RangeError],
    ["negative flushIntervalMs", { flushIntervalMs: -1 }, RangeError],
    ["fractional maxQueueDocuments", { maxQueueDocuments: 1.5 }, RangeError],
    ["maxQueueBytes under one document", { maxQueueBytes: 1000 }, RangeError],
    ["maxAttempts as a string", { maxAttempts: "3" }, TypeError],
    ["onDrop not a function", { onDrop: "log" }, TypeError],
    ["a 256-character Hostname", { telemetry: { Hostname: "h".repeat(256) } }, RangeError],
    ["a 21-character EC2InstanceId", { telemetry: { EC2InstanceId: "i".repeat(21) } }, RangeError],
    ["a numeric EC2InstanceId", { telemetry: { EC2InstanceId: 7 } }, TypeError],
  ])("rejects %s", (_label, options, type) => {
    expect(() => new SegmentSender({ client: clientFor(), ...(options as object) })).toThrow(type);
  });

  it("requires a client", () => {
    expect(() => new SegmentSender({} as SegmentSenderOptions)).toThrow(TypeError);
  });
});
