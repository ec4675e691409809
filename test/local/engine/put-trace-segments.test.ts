/**
 * PutTraceSegments refuses a document it cannot handle alone, in `UnprocessedTraceSegments`:
 * a document nested thousands of levels deep (which overflowed `JSON.stringify` and failed the
 * whole batch with a 500) costs neither the documents before it nor those after it, with or
 * without a data file, and a retry gives the same answer.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { XRayEngine } from "../../../src/local/index.js";
import { MAX_DOCUMENT_DEPTH } from "../../../src/local/engine/operations/put-trace-segments.js";
import { depthBeyond } from "../../../src/local/engine/json-depth.js";
import { openDataFile } from "../../../src/local/persistence.js";
import { T0, segmentId, traceId } from "../../support/local-scenario.js";
import fc from "fast-check";

const TRACE = traceId(0xdee9, T0);
const segment = (n: number): string => JSON.stringify({ name: "svc", id: segmentId(n), trace_id: TRACE, start_time: T0, end_time: T0 + 1 });

/** An array document of one subsegment whose metadata nests `depth` arrays (built as text: JSON.stringify would overflow). */
function deepArrayDocument(depth: number): string {
  const head = JSON.stringify({ type: "subsegment", trace_id: TRACE, parent_id: segmentId(1), id: segmentId(0xd), name: "deep", start_time: T0, end_time: T0 + 1 });
  return `[${head.slice(0, -1)},"metadata":{"default":{"deep":${"[".repeat(depth)}${"]".repeat(depth)}}}}]`;
}

/** A segment whose subsegments nest `depth` levels deep, as text. */
function deepSubsegments(depth: number): string {
  let text = "";
  for (let level = depth; level >= 1; level--) {
    const children = text === "" ? "" : `,"subsegments":[${text}]`;
    text = `{"id":"${segmentId(0x1000 + level)}","name":"s","start_time":${T0},"end_time":${T0 + 1}${children}}`;
  }
  return JSON.stringify({ name: "svc", id: segmentId(0x2), trace_id: TRACE, start_time: T0, end_time: T0 + 1 }).slice(0, -1) + `,"subsegments":[${text}]}`;
}

describe("a document nested 5,000 levels deep", () => {
  it("is refused alone; the documents around it are stored, and a retry answers the same", async () => {
    const engine = new XRayEngine();
    const batch = { TraceSegmentDocuments: [segment(1), deepArrayDocument(5000), segment(3)] };

    const first = await engine.handle("PutTraceSegments", batch);
    const retry = await engine.handle("PutTraceSegments", batch);

    const unprocessed = first["UnprocessedTraceSegments"] as Array<{ ErrorCode: string; Message: string }>;
    expect(unprocessed).toHaveLength(1);
    expect(unprocessed[0]!.ErrorCode).toBe("MalformedDocument");
    expect(unprocessed[0]!.Message).toContain(`more than ${MAX_DOCUMENT_DEPTH} levels deep`);
    expect(retry).toEqual(first);
    expect(engine.documentCount).toBe(2);
  });

  it("accepts a document nested exactly as deep as the limit", async () => {
    const engine = new XRayEngine();
    // The subsegment's object, metadata, its namespace, then the arrays.
    const atLimit = deepArrayDocument(MAX_DOCUMENT_DEPTH - 4);
    expect(depthBeyond(atLimit, MAX_DOCUMENT_DEPTH)).toBeUndefined();
    expect(depthBeyond(atLimit, MAX_DOCUMENT_DEPTH - 1)).toBe(MAX_DOCUMENT_DEPTH);

    expect(await engine.handle("PutTraceSegments", { TraceSegmentDocuments: [atLimit] })).toEqual({ UnprocessedTraceSegments: [] });
  });

  it("with a data file, the stored documents reach the file and load again", async () => {
    const directory = mkdtempSync(join(tmpdir(), "typed-xray-deep-"));
    try {
      const dataFile = join(directory, "xray.jsonl");
      const opened = await openDataFile(dataFile, () => undefined);
      const engine = new XRayEngine({ journal: opened.journal });
      await engine.handle("PutTraceSegments", { TraceSegmentDocuments: [segment(1), deepArrayDocument(5000), segment(3)] });
      await opened.journal.close();

      const reloaded = new XRayEngine();
      const again = await openDataFile(dataFile, (entry) => reloaded.replay(entry));
      await again.journal.close();
      expect(again.entryCount).toBe(2);
      expect(reloaded.documentCount).toBe(2);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("every operation answers over a trace with subsegments nested as deep as 64 KB allows", async () => {
    const engine = new XRayEngine();
    const deepest = deepSubsegments(650);
    expect(deepest.length).toBeLessThan(64 * 1024);
    expect(await engine.handle("PutTraceSegments", { TraceSegmentDocuments: [deepest] })).toEqual({ UnprocessedTraceSegments: [] });

    await expect(engine.handle("GetTraceSummaries", { StartTime: 0, EndTime: T0 + 10 })).resolves.toBeDefined();
    await expect(engine.handle("BatchGetTraces", { TraceIds: [TRACE] })).resolves.toBeDefined();
    await expect(engine.handle("GetTraceGraph", { TraceIds: [TRACE] })).resolves.toBeDefined();
    await expect(engine.handle("GetServiceGraph", { StartTime: 0, EndTime: T0 + 10 })).resolves.toBeDefined();
  });
});

describe("depthBeyond", () => {
  it("agrees with the depth of the parsed value, brackets in strings not counted", () => {
    const depthOf = (value: unknown): number =>
      typeof value === "object" && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 8 }), (value, limit) => {
        const text = JSON.stringify(value);
        const depth = depthOf(value);
        expect(depthBeyond(text, limit) !== undefined).toBe(depth > limit);
      }),
      { seed: 16, numRuns: 300 },
    );
  });
});
