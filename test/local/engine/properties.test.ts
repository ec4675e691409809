/**
 * Properties of the local engine, checked on generated inputs (fixed seed, bounded runs):
 * paging through summaries returns every trace once in order whatever the page size and
 * however many traces share a start time; valid generated documents pass validation and lose
 * a required field only to be refused; and whatever order in-progress and complete versions
 * of a segment arrive in, the complete one is what stays.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { XRayEngine } from "../../../src/local/engine/XRayEngine.js";
import { validateSegmentDocument } from "../../../src/local/engine/validate-document.js";
import { T0, segmentId, traceId } from "../../support/local-scenario.js";

const SEED = 20261124;
const RUNS = { seed: SEED, numRuns: 60 };

const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));

describe("local engine properties", () => {
  it("pages through every trace exactly once, newest first, for any page size", async () => {
    await fc.assert(
      fc.asyncProperty(
        // Few distinct start times, so that many traces tie and the id must break ties.
        fc.uniqueArray(fc.record({ n: fc.integer({ min: 1, max: 10_000 }), offset: fc.integer({ min: 0, max: 4 }) }), { selector: (t) => t.n, maxLength: 25 }),
        fc.integer({ min: 1, max: 6 }),
        async (traces, pageSize) => {
          const engine = new XRayEngine({ pageSizes: { traceSummaries: pageSize } });
          const documents = traces.map(({ n, offset }) =>
            JSON.stringify({ name: "svc", id: segmentId(n), trace_id: traceId(n, T0), start_time: T0 + offset, end_time: T0 + offset + 1 }),
          );
          if (documents.length > 0) await engine.handle("PutTraceSegments", { TraceSegmentDocuments: documents });
          const seen: string[] = [];
          let token: string | undefined;
          do {
            const page = (await engine.handle("GetTraceSummaries", { StartTime: T0 - 1, EndTime: T0 + 10, ...(token ? { NextToken: token } : {}) })) as any;
            expect(page.TraceSummaries.length).toBeLessThanOrEqual(pageSize);
            seen.push(...page.TraceSummaries.map((s: any) => s.Id));
            token = page.NextToken;
          } while (token);
          const expected = [...traces]
            .sort((a, b) => b.offset - a.offset || (traceId(b.n, T0) < traceId(a.n, T0) ? -1 : 1))
            .map(({ n }) => traceId(n, T0));
          expect(seen).toEqual(expected);
        },
      ),
      RUNS,
    );
  });

  const subsegment = fc.record({
    id: hex(16),
    name: fc.string({ minLength: 1, maxLength: 30 }),
    start_time: fc.integer({ min: 0, max: 1000 }).map((s) => T0 + s / 10),
    duration: fc.integer({ min: 0, max: 100 }),
    annotations: fc.dictionary(fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/), fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean()), { maxKeys: 3 }),
  }).map(({ duration, ...s }) => ({ ...s, end_time: s.start_time + duration / 100 }));

  const segment = fc
    .record({
      id: hex(16),
      trace_id: fc.tuple(hex(8), hex(24)).map(([time, random]) => `1-${time}-${random}`),
      name: fc.stringMatching(/^[A-Za-z0-9 _.:/%&#=+\\@-]{1,40}$/).filter((name) => name.trim() !== ""),
      start_time: fc.integer({ min: 0, max: 1000 }).map((s) => T0 + s / 10),
      open: fc.boolean(),
      subsegments: fc.array(subsegment, { maxLength: 4 }),
    })
    .map(({ open, ...s }) => (open ? { ...s, in_progress: true } : { ...s, end_time: s.start_time + 1 }));

  it("accepts valid generated documents and refuses them without a required field", () => {
    fc.assert(
      fc.property(segment, fc.constantFrom("id", "name", "trace_id", "start_time"), (doc, field) => {
        expect(validateSegmentDocument(JSON.stringify(doc))).toMatchObject({ ok: true });
        const broken: Record<string, unknown> = { ...doc };
        delete broken[field];
        expect(validateSegmentDocument(JSON.stringify(broken))).toMatchObject({ ok: false, code: "MissingField" });
      }),
      RUNS,
    );
  });

  it("keeps the complete version of a segment whatever order its versions arrive in", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ id: fc.integer({ min: 1, max: 4 }), complete: fc.boolean(), tag: fc.integer() }), { minLength: 1, maxLength: 12 }), async (versions) => {
        const engine = new XRayEngine();
        const trace = traceId(1, T0);
        for (const { id, complete, tag } of versions) {
          const doc = { name: "svc", id: segmentId(id), trace_id: trace, start_time: T0, ...(complete ? { end_time: T0 + 1 } : { in_progress: true }), annotations: { tag } };
          await engine.handle("PutTraceSegments", { TraceSegmentDocuments: [JSON.stringify(doc)] });
        }
        const { Traces } = (await engine.handle("BatchGetTraces", { TraceIds: [trace] })) as any;
        const stored = new Map(Traces[0].Segments.map((s: any) => [s.Id, JSON.parse(s.Document)]));
        for (const id of new Set(versions.map((v) => v.id))) {
          const mine = versions.filter((v) => v.id === id);
          const lastComplete = mine.filter((v) => v.complete).at(-1);
          const expected = lastComplete ?? mine.at(-1)!;
          expect((stored.get(segmentId(id)) as any).annotations.tag).toBe(expected.tag);
        }
        expect(engine.documentCount).toBe(new Set(versions.map((v) => v.id)).size);
      }),
      RUNS,
    );
  });
});
