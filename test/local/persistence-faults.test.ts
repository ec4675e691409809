/**
 * The data file under a failing disk: an append that fails halfway (ENOSPC) is cut back to the
 * length the file had before it, the request gets a retryable 500 and nothing of it stays in
 * memory, later appends land on a clean line, and the file loads again with exactly what was
 * acknowledged. Loading itself is checked on arbitrary chunk boundaries.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalXRayError, XRayEngine, type JournalEntry } from "../../src/local/index.js";
import { FileJournal, openDataFile, type JournalFile } from "../../src/local/persistence.js";
import { T0, segmentId, traceId } from "../support/local-scenario.js";

let directory: string;
let dataFile: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "typed-xray-faults-"));
  dataFile = join(directory, "xray.jsonl");
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const segment = (n: number): string =>
  JSON.stringify({ name: "svc", id: segmentId(n), trace_id: traceId(0x500 + n, T0), start_time: T0 + n, end_time: T0 + n + 1 });

function enospc(): Error {
  return Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
}

/**
 * A real file whose next `failAppends` appends write half their text and then fail, as a full
 * disk does, and whose next `failTruncates` truncations fail.
 */
function fullDisk(handle: FileHandle, faults: { failAppends: number; failTruncates?: number }): JournalFile {
  let failTruncates = faults.failTruncates ?? 0;
  return {
    async appendFile(data, options) {
      if (faults.failAppends > 0) {
        faults.failAppends--;
        const text = String(data);
        await handle.appendFile(text.slice(0, Math.floor(text.length / 2)), options);
        throw enospc();
      }
      return handle.appendFile(data, options);
    },
    async truncate(length) {
      if (failTruncates > 0) {
        failTruncates--;
        throw enospc();
      }
      return handle.truncate(length);
    },
    sync: () => handle.sync(),
    close: () => handle.close(),
  };
}

async function load(path: string): Promise<JournalEntry[]> {
  const entries: JournalEntry[] = [];
  const opened = await openDataFile(path, (entry) => entries.push(entry));
  await opened.journal.close();
  return entries;
}

const texts = (entries: readonly JournalEntry[]): string[] => entries.map((entry) => (entry.type === "segment" ? entry.text : "telemetry"));

describe("a failed append", () => {
  it("is cut back, refused with a retryable 500, kept out of memory, and the file reloads with what was acknowledged", async () => {
    const handle = await open(dataFile, "a+");
    const faults = { failAppends: 0 };
    const journal = new FileJournal(fullDisk(handle, faults), 0);
    const engine = new XRayEngine({ journal, now: () => T0 * 1000 });

    await engine.handle("PutTraceSegments", { TraceSegmentDocuments: [segment(1)] });
    faults.failAppends = 1;
    const refused = await engine.handle("PutTraceSegments", { TraceSegmentDocuments: [segment(2), segment(3)] }).catch((error: unknown) => error);
    // The half line the failed write left is gone.
    const afterFailure = readFileSync(dataFile, "utf8");
    await engine.handle("PutTraceSegments", { TraceSegmentDocuments: [segment(4)] });
    await journal.close();

    expect(refused).toBeInstanceOf(LocalXRayError);
    expect((refused as LocalXRayError).statusCode).toBe(500);
    expect((refused as LocalXRayError).code).toBe("InternalFailure");
    expect((refused as LocalXRayError).message).toMatch(/retry/);
    expect(afterFailure).toBe(`${JSON.stringify({ type: "segment", receivedAt: T0 * 1000, text: segment(1) })}\n`);
    // Memory holds exactly what was acknowledged, and so does the file.
    expect(engine.documentCount).toBe(2);
    expect(engine.traceIds()).toEqual([traceId(0x501, T0), traceId(0x504, T0)]);
    expect(texts(await load(dataFile))).toEqual([segment(1), segment(4)]);
  });

  it("when cutting back fails too, cuts back before the next append", async () => {
    const handle = await open(dataFile, "a+");
    const faults = { failAppends: 1, failTruncates: 1 };
    const journal = new FileJournal(fullDisk(handle, faults), 0);
    const engine = new XRayEngine({ journal });

    await expect(engine.handle("PutTraceSegments", { TraceSegmentDocuments: [segment(1)] })).rejects.toThrow(/retry the request/);
    // The disk is still full: half a line is left until the next append.
    expect(readFileSync(dataFile, "utf8")).not.toBe("");
    await engine.handle("PutTraceSegments", { TraceSegmentDocuments: [segment(2)] });
    await journal.close();

    expect(texts(await load(dataFile))).toEqual([segment(2)]);
    expect(engine.documentCount).toBe(1);
  });

  it("refuses every request of a failed group commit and none of the next", async () => {
    const handle = await open(dataFile, "a+");
    const faults = { failAppends: 1 };
    const journal = new FileJournal(fullDisk(handle, faults), 0);
    const engine = new XRayEngine({ journal });

    const calls = [1, 2, 3].map((n) => engine.handle("PutTraceSegments", { TraceSegmentDocuments: [segment(n)] }).then(() => "ok", () => "refused"));
    const outcomes = await Promise.all(calls);
    await engine.handle("PutTelemetryRecords", { TelemetryRecords: [{ Timestamp: T0, SegmentsSentCount: 1 }] });
    await journal.close();

    expect(outcomes).toEqual(["refused", "refused", "refused"]);
    expect(engine.documentCount).toBe(0);
    expect(texts(await load(dataFile))).toEqual(["telemetry"]);
    expect(engine.telemetry()).toHaveLength(1);
  });

  it("keeps a reset consistent with a write in flight: neither memory nor file keeps it", async () => {
    const opened = await openDataFile(dataFile, () => undefined);
    const engine = new XRayEngine({ journal: opened.journal });
    const put = engine.handle("PutTraceSegments", { TraceSegmentDocuments: [segment(1)] });
    engine.reset();
    await opened.journal.truncate();
    await put;
    await opened.journal.close();

    expect(engine.documentCount).toBe(0);
    expect(await load(dataFile)).toEqual([]);
  });
});

describe("loading", () => {
  const entryArbitrary = fc.oneof(
    fc.record({ type: fc.constant("segment" as const), receivedAt: fc.nat(), text: fc.string({ unit: "binary", maxLength: 40 }) }),
    fc.record({ type: fc.constant("telemetry" as const), batch: fc.record({ receivedAt: fc.nat(), records: fc.constant([]) }) }),
  );

  it("hands over every entry, whatever the read chunk size, and cuts off a torn tail", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entryArbitrary, { maxLength: 12 }), fc.integer({ min: 1, max: 64 }), fc.string({ maxLength: 30 }), async (entries, chunkBytes, torn) => {
        const body = entries.map((entry) => `${JSON.stringify(entry)}\n`).join("");
        writeFileSync(dataFile, body);
        if (!torn.includes("\n")) appendFileSync(dataFile, torn);
        const loaded: JournalEntry[] = [];
        const opened = await openDataFile(dataFile, (entry) => loaded.push(entry), { chunkBytes });
        await opened.journal.close();
        expect(loaded).toEqual(entries);
        expect(opened.repaired).toBe(torn !== "" && !torn.includes("\n"));
        expect(readFileSync(dataFile, "utf8")).toBe(body);
      }),
      { seed: 16, numRuns: 60 },
    );
  });

  it("refuses a line longer than the limit, naming it, but cuts off a torn tail of any length", async () => {
    const line = `${JSON.stringify({ type: "segment", receivedAt: 1, text: "x".repeat(100) })}\n`;
    writeFileSync(dataFile, `${line}${line}`);
    await expect(openDataFile(dataFile, () => undefined, { chunkBytes: 16, maxLineBytes: 64 })).rejects.toThrow(/line 1: longer than 64 bytes/);

    writeFileSync(dataFile, `${line}${"y".repeat(500)}`);
    const loaded: JournalEntry[] = [];
    const opened = await openDataFile(dataFile, (entry) => loaded.push(entry), { chunkBytes: 16, maxLineBytes: 200 });
    await opened.journal.close();
    expect(loaded).toHaveLength(1);
    expect(opened.repaired).toBe(true);
    expect(readFileSync(dataFile, "utf8")).toBe(line);
  });
});
