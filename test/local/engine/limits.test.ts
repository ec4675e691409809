/**
 * Answers stay bounded whatever a client stored or sent: a trace's summary indexes at most
 * X-Ray's 50 annotations however many its documents carry, and a batch of many invalid
 * documents is answered with a summary, not a list many times the size of the request.
 */
import { describe, expect, it } from "vitest";
import { XRayEngine, LocalXRayError } from "../../../src/local/index.js";
import { MAX_LISTED_UNPROCESSED } from "../../../src/local/engine/operations/put-trace-segments.js";
import { MAX_INDEXED_ANNOTATIONS } from "../../../src/local/engine/trace-analysis.js";
import { createProtocolHandler } from "../../../src/local/protocol.js";
import { T0, segmentId, traceId } from "../../support/local-scenario.js";

const TRACE = traceId(0xa770, T0);

describe("annotations per trace", () => {
  it(`indexes at most ${MAX_INDEXED_ANNOTATIONS}, the first ones, in summaries and filters`, async () => {
    const engine = new XRayEngine();
    // 40 documents of 30 distinct annotations each: 1,200 distinct key/value pairs in one trace.
    const documents = Array.from({ length: 40 }, (_, n) =>
      JSON.stringify({
        name: "svc",
        id: segmentId(n + 1),
        trace_id: TRACE,
        ...(n === 0 ? {} : { parent_id: segmentId(1) }),
        start_time: T0,
        end_time: T0 + 1,
        annotations: Object.fromEntries(Array.from({ length: 30 }, (_, k) => [`key_${k}`, `value ${n} ${k} ${"x".repeat(900)}`])),
      }),
    );
    await engine.handle("PutTraceSegments", { TraceSegmentDocuments: documents });

    const { TraceSummaries } = (await engine.handle("GetTraceSummaries", { StartTime: 0, EndTime: T0 + 10 })) as { TraceSummaries: Array<{ Annotations: Record<string, unknown[]> }> };
    const pairs = Object.values(TraceSummaries[0]!.Annotations).reduce((sum, values) => sum + values.length, 0);
    expect(pairs).toBe(MAX_INDEXED_ANNOTATIONS);

    // The first document's annotations are indexed; a value only a late document carries is not.
    const first = await engine.handle("GetTraceSummaries", { StartTime: 0, EndTime: T0 + 10, FilterExpression: `annotation.key_0 = "value 0 0 ${"x".repeat(900)}"` });
    const late = await engine.handle("GetTraceSummaries", { StartTime: 0, EndTime: T0 + 10, FilterExpression: `annotation.key_0 = "value 39 0 ${"x".repeat(900)}"` });
    expect(first["TraceSummaries"]).toHaveLength(1);
    expect(late["TraceSummaries"]).toHaveLength(0);
  });
});

describe("an answer to many invalid documents", () => {
  it("summarises 150,000 one-byte documents in one small error, storing nothing", async () => {
    const engine = new XRayEngine();
    const handle = createProtocolHandler(engine);
    const valid = JSON.stringify({ name: "svc", id: segmentId(1), trace_id: TRACE, start_time: T0, end_time: T0 + 1 });
    const body = new TextEncoder().encode(JSON.stringify({ TraceSegmentDocuments: [valid, ...Array<string>(150_000).fill("x")] }));

    const answer = await handle({ method: "POST", target: "/TraceSegments", headers: { "content-type": "application/json" }, body });

    expect(body.byteLength).toBeGreaterThan(500_000);
    expect(answer.status).toBe(400);
    expect(answer.headers["x-amzn-errortype"]).toBe("InvalidRequestException");
    expect(answer.body.length).toBeLessThan(4096);
    expect(JSON.parse(answer.body).message).toMatch(new RegExp(`^More than ${MAX_LISTED_UNPROCESSED} of the 150001 documents are invalid.*MalformedDocument ${MAX_LISTED_UNPROCESSED + 1}`));
    expect(engine.documentCount).toBe(0);
  });

  it(`still lists each refusal up to ${MAX_LISTED_UNPROCESSED}`, async () => {
    const engine = new XRayEngine();
    const output = await engine.handle("PutTraceSegments", { TraceSegmentDocuments: Array<string>(MAX_LISTED_UNPROCESSED).fill("x") });
    expect(output["UnprocessedTraceSegments"]).toHaveLength(MAX_LISTED_UNPROCESSED);
    await expect(engine.handle("PutTraceSegments", { TraceSegmentDocuments: Array<string>(MAX_LISTED_UNPROCESSED + 1).fill("x") })).rejects.toBeInstanceOf(LocalXRayError);
  });
});
