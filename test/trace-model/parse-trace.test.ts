/**
 * parseTrace: BatchGetTraces' segment documents into a typed tree. Examples pin the linking
 * rules; properties check that any input (any JSON, any string, any shape) yields a tree and
 * never an exception, and that every node of a tree is reachable once from its roots.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTrace, type Trace, type TraceNode } from "../../src/index.js";
import { Segment } from "../../src/tracing/index.js";

const SEED = 20261207;
const TRACE_ID = "1-5759e988-bd862e3fe1be46a994272793";

const doc = (value: unknown): { Id: string; Document: string } => ({ Id: String((value as { id?: unknown }).id ?? "?"), Document: JSON.stringify(value) });

/** A trace of two services as the tracing helper writes them: the second called from a subsegment of the first. */
function twoServices(): Trace {
  const front = new Segment("front", TRACE_ID).setStartTime(100);
  const call = front.addNewSubsegment("call back").setStartTime(100.01);
  const back = new Segment("back", TRACE_ID, call.id).setStartTime(100.02);
  back.addAnnotation("tier", "gold");
  const query = back.addNewSubsegment("query").setStartTime(100.03);
  query.setEndTime(100.05).close();
  back.setEndTime(100.08).close();
  call.setEndTime(100.09).close();
  front.setEndTime(100.1).close();
  return { Id: TRACE_ID, Duration: 0.1, Segments: [back, front].map((s) => ({ Id: s.id, Document: JSON.stringify(s) })) };
}

describe("parseTrace", () => {
  it("links a called service's segment under the subsegment that called it, with durations and depths", () => {
    const parsed = parseTrace(twoServices());
    expect(parsed.problems).toEqual([]);
    expect(parsed.id).toBe(TRACE_ID);
    expect(parsed.roots.map((n) => n.name)).toEqual(["front"]);
    expect(parsed.nodes.map((n) => [n.kind, n.name, n.depth, n.parent?.name, n.segment?.name])).toEqual([
      ["segment", "front", 0, undefined, "front"],
      ["subsegment", "call back", 1, "front", "front"],
      ["segment", "back", 2, "call back", "back"],
      ["subsegment", "query", 3, "back", "back"],
    ]);
    expect(parsed.nodes[3]!.duration).toBeCloseTo(0.02, 9);
    expect(parsed.duration).toBeCloseTo(0.1, 9);
    expect(parsed.startTime).toBe(100);
    const back = parsed.nodes[2]!;
    expect(back.kind === "segment" && back.document.annotations).toEqual({ tier: "gold" });
  });

  it("hangs standalone subsegments under their parent and leaves an unknown parent a root", () => {
    const parsed = parseTrace({
      Id: TRACE_ID,
      Segments: [
        doc({ id: "a", name: "svc", trace_id: TRACE_ID, start_time: 1, end_time: 3 }),
        doc({ id: "b", name: "late", type: "subsegment", parent_id: "a", trace_id: TRACE_ID, start_time: 2, in_progress: true }),
        doc({ id: "c", name: "orphan", type: "subsegment", parent_id: "zz", trace_id: TRACE_ID, start_time: 0.5, end_time: 1 }),
      ],
    });
    expect(parsed.roots.map((n) => n.name)).toEqual(["orphan", "svc"]);
    const late = parsed.nodes.find((n) => n.name === "late")!;
    expect([late.parent?.name, late.segment?.name, late.duration, late.endTime]).toEqual(["svc", "svc", undefined, undefined]);
    expect(parsed.nodes.find((n) => n.name === "orphan")!.segment).toBeUndefined();
  });

  it("reports documents it cannot use instead of throwing, and keeps the rest", () => {
    const parsed = parseTrace({
      Id: TRACE_ID,
      Segments: [
        { Id: "x1", Document: "{not json" },
        { Id: "x2", Document: "[1,2]" },
        doc({ id: "x3", name: "no start" }),
        doc({ id: "ok", name: "fine", start_time: 1, end_time: 2, subsegments: [{ id: "s", name: 7, start_time: 1 }, "junk"] }),
        { Id: "x4" },
      ],
    });
    expect(parsed.nodes.map((n) => n.name)).toEqual(["fine"]);
    expect(parsed.problems).toEqual([
      { segmentId: "x1", reason: "the document is not JSON" },
      { segmentId: "x2", reason: "the document is not a JSON object" },
      { segmentId: "x3", reason: "start_time is not a number" },
      { segmentId: "ok", reason: "subsegment 0 of ok: name is not a string" },
      { segmentId: "ok", reason: "subsegment 1 of ok: the document is not a JSON object" },
      { segmentId: "x4", reason: "the document is not JSON" },
    ]);
  });

  it("does not follow parent_id into a cycle", () => {
    const parsed = parseTrace({
      Segments: [doc({ id: "a", name: "A", parent_id: "b", start_time: 1 }), doc({ id: "b", name: "B", parent_id: "a", start_time: 2 })],
    });
    expect(parsed.roots).toHaveLength(1);
    expect(parsed.nodes.map((n) => [n.name, n.depth])).toEqual([
      ["B", 0],
      ["A", 1],
    ]);
  });

  it("walks a deeply nested document without recursion", () => {
    // Built as text: JSON.stringify itself recurses.
    const open = Array.from({ length: 5000 }, (_, i) => `{"id":"n${i}","name":"n","start_time":1,"subsegments":[`).join("");
    const document = `${open}{"id":"leaf","name":"leaf","start_time":1}${"]}".repeat(5000)}`;
    const parsed = parseTrace({ Segments: [{ Id: "deep", Document: document }] });
    expect(parsed.nodes).toHaveLength(5001);
    expect(parsed.nodes.at(-1)!.depth).toBe(5000);
  });
});

// ---- Properties ----

const entity = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
  node: fc.record(
    {
      id: fc.oneof(fc.constantFrom("a", "b", "c", "d"), fc.anything()),
      name: fc.oneof(fc.string(), fc.anything()),
      start_time: fc.oneof(fc.double(), fc.integer(), fc.anything()),
      end_time: fc.oneof(fc.double(), fc.anything()),
      parent_id: fc.constantFrom("a", "b", "c", "d", "zz"),
      type: fc.constantFrom("subsegment", "segment", 3),
      fault: fc.anything(),
      http: fc.anything(),
      cause: fc.anything(),
      annotations: fc.anything(),
      subsegments: fc.oneof(fc.array(tie("node"), { maxLength: 3 }), fc.anything()),
    },
    { requiredKeys: [] },
  ),
})).node;

const documentText = fc.oneof(entity.map((e) => JSON.stringify(e) ?? ""), fc.string(), fc.json());
const anyTrace: fc.Arbitrary<Trace> = fc.record(
  {
    Id: fc.oneof(fc.string(), fc.constant(TRACE_ID)),
    LimitExceeded: fc.boolean(),
    Segments: fc.array(fc.record({ Id: fc.string(), Document: documentText }, { requiredKeys: [] }), { maxLength: 8 }),
  },
  { requiredKeys: [] },
);

describe("parseTrace properties", () => {
  it("never throws, and every node is reached exactly once from the roots at the depth of its parent + 1", () => {
    fc.assert(
      fc.property(anyTrace, (trace) => {
        const parsed = parseTrace(trace);
        const seen = new Set<TraceNode>();
        const walk = (node: TraceNode, depth: number): void => {
          expect(seen.has(node)).toBe(false);
          seen.add(node);
          expect(node.depth).toBe(depth);
          for (const child of node.children) {
            expect(child.parent).toBe(node);
            walk(child, depth + 1);
          }
        };
        for (const root of parsed.roots) walk(root, 0);
        expect(seen.size).toBe(parsed.nodes.length);
        for (const node of parsed.nodes) {
          expect(typeof node.id === "string" && typeof node.name === "string" && Number.isFinite(node.startTime)).toBe(true);
          if (node.duration !== undefined) expect(node.duration).toBeGreaterThanOrEqual(0);
        }
        expect(parsed.duration).toBeGreaterThanOrEqual(0);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("never throws on values that are not traces at all", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(() => parseTrace(value as Trace)).not.toThrow();
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
