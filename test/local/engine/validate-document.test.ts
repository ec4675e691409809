/**
 * PutTraceSegments validation and storage in the local engine: each documented rule gives its
 * own `ErrorCode` and a message naming the field; valid documents in the same batch are stored;
 * a complete document replaces the in-progress one with the same id. The published segment
 * document JSON schema (`test/support/segment-schema.ts`, when present) is the oracle for the structural rules.
 */
import { describe, expect, it } from "vitest";
import { XRayEngine } from "../../../src/local/engine/XRayEngine.js";
import { validateSegmentDocument } from "../../../src/local/engine/validate-document.js";
import { frontend, frontendInProgress, payments, scenarioDocuments, segmentId, sql, T0, traceId, TRACE_A, WINDOW } from "../../support/local-scenario.js";
import { segmentSchemaPresent, segmentSchemaValidators } from "../../support/segment-schema.js";

const TRACE = traceId(1, T0);
const ID = segmentId(0x5e9);
const valid = { name: "checkout", id: ID, trace_id: TRACE, start_time: T0, end_time: T0 + 1 };
const json = (doc: unknown): string => JSON.stringify(doc);
const without = (key: string, doc: Record<string, unknown> = valid): Record<string, unknown> => {
  const copy = { ...doc };
  delete copy[key];
  return copy;
};
const nested = (child: Record<string, unknown>) => ({ ...valid, subsegments: [child] });
const child = { id: segmentId(0x7), name: "query", start_time: T0, end_time: T0 + 0.5 };

/** [rule, document, ErrorCode, message pattern, Id reported]. */
const RULES: Array<[string, string, string, RegExp, string | undefined]> = [
  ["not JSON", "{not json", "MalformedDocument", /not valid JSON/, undefined],
  ["not JSON, id still readable", `{"id":"${ID}", "name": oops`, "MalformedDocument", /not valid JSON/, ID],
  ["JSON but not an object", "42", "MalformedDocument", /must be a JSON object/, undefined],
  ["an empty array", "[]", "MalformedDocument", /empty array/, undefined],
  ["over 64 KB", json({ ...valid, metadata: { blob: "x".repeat(70_000) } }), "DocumentTooLarge", /7\d{4} bytes; the limit is 65536/, ID],
  ["no id", json(without("id")), "MissingField", /Missing required field id$/, undefined],
  ["no name", json(without("name")), "MissingField", /Missing required field name/, ID],
  ["no trace_id", json(without("trace_id")), "MissingField", /Missing required field trace_id/, ID],
  ["no start_time", json(without("start_time")), "MissingField", /Missing required field start_time/, ID],
  ["neither end_time nor in_progress", json(without("end_time")), "MissingField", /end_time \(or in_progress: true/, ID],
  ["in_progress: false and no end_time", json({ ...without("end_time"), in_progress: false }), "MissingField", /end_time/, ID],
  ["both end_time and in_progress", json({ ...valid, in_progress: true }), "InvalidSegment", /exclusive/, ID],
  ["in_progress not a boolean", json({ ...without("end_time"), in_progress: "yes" }), "InvalidSegment", /in_progress must be a boolean/, ID],
  ["a malformed trace_id", json({ ...valid, trace_id: "1-abc" }), "InvalidTraceId", /trace_id must look like/, ID],
  ["a trace_id of the wrong version", json({ ...valid, trace_id: `2-${TRACE.slice(2)}` }), "InvalidTraceId", /trace_id/, ID],
  ["an id that is not 16 hex digits", json({ ...valid, id: "xyz" }), "InvalidId", /^id must be 16 hexadecimal digits, got "xyz"/, "xyz"],
  ["a malformed parent_id", json({ ...valid, parent_id: "123" }), "InvalidId", /parent_id must be 16 hexadecimal digits/, ID],
  ["start_time as a string", json({ ...valid, start_time: "1700000000" }), "InvalidTime", /start_time must be epoch seconds/, ID],
  ["end_time before start_time", json({ ...valid, end_time: T0 - 1 }), "InvalidTime", /end_time .* is before start_time/, ID],
  ["a subsegment sent alone without parent_id", json({ ...valid, type: "subsegment" }), "MissingField", /parent_id \(a subsegment sent on its own/, ID],
  ["a type other than subsegment", json({ ...valid, type: "segment" }), "InvalidSegment", /type must be "subsegment"/, ID],
  ["an array element without type", json([valid]), "MissingField", /\[0\]\.type/, ID],
  ["an array element without trace_id", json([without("trace_id", { ...valid, type: "subsegment", parent_id: ID })]), "MissingField", /\[0\]\.trace_id/, ID],
  ["a nested subsegment without id", json(nested(without("id", child))), "MissingField", /subsegments\[0\]\.id/, ID],
  ["a nested subsegment open and closed", json(nested({ ...child, in_progress: true })), "InvalidSegment", /subsegments\[0\]\.end_time and/, ID],
  ["subsegments not a list", json({ ...valid, subsegments: {} }), "InvalidSegment", /subsegments must be an array/, ID],
  ["a segment name with forbidden characters", json({ ...valid, name: "checkout*" }), "InvalidSegment", /may only use letters/, ID],
  ["a name over 200 characters", json({ ...valid, name: "n".repeat(201) }), "InvalidSegment", /201 characters; the limit is 200/, ID],
  ["an annotation key with a dash", json({ ...valid, annotations: { "my-key": 1 } }), "InvalidSegment", /annotations key "my-key"/, ID],
  ["an annotation holding an object", json({ ...valid, annotations: { key: { a: 1 } } }), "InvalidSegment", /annotations\.key must be a string/, ID],
  ["a fault flag that is not a boolean", json({ ...valid, fault: "true" }), "InvalidSegment", /fault must be a boolean/, ID],
];

describe("PutTraceSegments validation", () => {
  it.each(RULES)("refuses %s", (_, document, code, message, id) => {
    const result = validateSegmentDocument(document);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    expect(result.message).toMatch(message);
    expect(result.id).toBe(id);
  });

  it("reports every refused document in order and stores every valid one of the same batch", async () => {
    const engine = new XRayEngine();
    const goodDocuments = [json(valid), json({ ...valid, id: segmentId(0x2), name: "payments" })];
    const batch = [goodDocuments[0]!, ...RULES.map(([, document]) => document), goodDocuments[1]!];
    const { UnprocessedTraceSegments } = (await engine.handle("PutTraceSegments", { TraceSegmentDocuments: batch })) as any;
    expect(UnprocessedTraceSegments).toEqual(
      RULES.map(([, , ErrorCode, , Id]) => ({ ...(Id !== undefined ? { Id } : {}), ErrorCode, Message: expect.any(String) })),
    );
    expect(engine.documentCount).toBe(2);
    const { Traces } = (await engine.handle("BatchGetTraces", { TraceIds: [TRACE] })) as any;
    // Documents come back as sent, ordered by start time, then id.
    expect(Traces[0].Segments.map((s: any) => s.Document)).toEqual([goodDocuments[1], goodDocuments[0]]);
  });

  it("accepts unicode names, unknown fields and subsegments that arrive as an array", () => {
    expect(validateSegmentDocument(json({ ...valid, name: "Zahlungsdienst café 東京 a/b:c=d", custom: { anything: [1, null] } })).ok).toBe(true);
    const alone = { ...child, type: "subsegment", trace_id: TRACE, parent_id: ID };
    const result = validateSegmentDocument(json([alone, { ...alone, id: segmentId(0x8) }]));
    expect(result.ok && result.segments.map((s) => JSON.parse(s.text).id)).toEqual([segmentId(0x7), segmentId(0x8)]);
  });

  it("refuses a request whose documents are not strings, as a serialization error", async () => {
    const error = await new XRayEngine().handle("PutTraceSegments", { TraceSegmentDocuments: [{ name: "x" }] }).catch((e) => e);
    expect(error).toMatchObject({ code: "SerializationException", statusCode: 400 });
    const missing = await new XRayEngine().handle("PutTraceSegments", {}).catch((e) => e);
    expect(missing).toMatchObject({ code: "InvalidRequestException", message: "TraceSegmentDocuments is required" });
  });
});

describe("PutTraceSegments storage", () => {
  const documentsOf = async (engine: XRayEngine, trace: string): Promise<string[]> =>
    ((await engine.handle("BatchGetTraces", { TraceIds: [trace] })) as any).Traces[0].Segments.map((s: any) => s.Document);

  it("replaces an in-progress segment with the complete one", async () => {
    const engine = new XRayEngine();
    await engine.handle("PutTraceSegments", { TraceSegmentDocuments: [json(frontendInProgress)] });
    let summary = ((await engine.handle("GetTraceSummaries", WINDOW)) as any).TraceSummaries[0];
    expect(summary).toMatchObject({ Id: TRACE_A, IsPartial: true, Revision: 1 });
    await engine.handle("PutTraceSegments", { TraceSegmentDocuments: [json(frontend)] });
    expect(await documentsOf(engine, TRACE_A)).toEqual([json(frontend)]);
    summary = ((await engine.handle("GetTraceSummaries", WINDOW)) as any).TraceSummaries[0];
    expect(summary).toMatchObject({ IsPartial: false, Duration: 1.5, Revision: 2 });
    expect(engine.documentCount).toBe(1);
  });

  it("keeps the complete segment when its in-progress version arrives late", async () => {
    const engine = new XRayEngine();
    const result = await engine.handle("PutTraceSegments", { TraceSegmentDocuments: [json(frontend), json(frontendInProgress)] });
    expect(result).toEqual({ UnprocessedTraceSegments: [] });
    expect(await documentsOf(engine, TRACE_A)).toEqual([json(frontend)]);
  });

  it("attaches a subsegment sent on its own to its parent", async () => {
    const engine = new XRayEngine();
    await engine.handle("PutTraceSegments", { TraceSegmentDocuments: [json(payments), json(sql)] });
    const graph = (await engine.handle("GetTraceGraph", { TraceIds: [TRACE_A] })) as any;
    const paymentsNode = graph.Services.find((s: any) => s.Name === "payments");
    const targets = paymentsNode.Edges.map((e: any) => graph.Services.find((s: any) => s.ReferenceId === e.ReferenceId).Name);
    expect(targets).toEqual(["bank.example", "postgres@db.internal"]);
  });
});

describe("segment document schema (oracle)", () => {
  const present = segmentSchemaPresent;
  const load = () => segmentSchemaValidators().segment;

  it.skipIf(!present)("accepts every document the engine accepts in these tests", () => {
    const schema = load();
    for (const text of [...scenarioDocuments(), json(valid), json(nested(child))]) {
      const doc = JSON.parse(text);
      if (doc.type === "subsegment") continue; // the schema describes segments only
      expect(validateSegmentDocument(text).ok).toBe(true);
      expect(schema(doc), text).toBeUndefined();
    }
  });

  it.skipIf(!present)("refuses, like the engine, documents missing a field the schema requires", () => {
    const schema = load();
    for (const field of ["id", "name", "trace_id", "start_time"]) {
      expect(schema(without(field))).toBeDefined();
      expect(validateSegmentDocument(json(without(field))).ok).toBe(false);
    }
    for (const field of ["id", "name", "start_time"]) {
      expect(schema(nested(without(field, child)))).toBeDefined();
      expect(validateSegmentDocument(json(nested(without(field, child)))).ok).toBe(false);
    }
  });
});
