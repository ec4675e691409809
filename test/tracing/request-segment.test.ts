/**
 * beginRequestSegment: the caller's Sampled=1/0 wins, otherwise the sampler decides (and the
 * response header answers Sampled=?); and a segment that is not sampled never reaches
 * PutTraceSegments: SegmentSender counts it as notSampled, outside received/sent/dropped.
 */
import { describe, expect, it } from "vitest";
import { XRayClient } from "../../src/index.js";
import { SegmentSender, XRaySampler, beginRequestSegment, type SamplingRequest } from "../../src/tracing/index.js";
import { CREDENTIALS, REGION, json, useXRayMock } from "../support/msw.js";

const ROOT = "1-5759e988-bd862e3fe1be46a994272793";
const PARENT = "53995c3f42cd8ad8";

/** A sampler that says no (or yes) to everything and records what it was asked. */
function fixedSampler(sampled: boolean) {
  const asked: SamplingRequest[] = [];
  return { asked, shouldSample: (request: SamplingRequest) => (asked.push(request), { sampled, ruleName: "fixed" }) };
}

describe("beginRequestSegment", () => {
  it.each([
    ["Sampled=1", true],
    ["Sampled=0", false],
  ])("the caller's %s wins over the sampler", (field, expected) => {
    const sampler = fixedSampler(!expected);
    const started = beginRequestSegment("api", { traceHeader: `Root=${ROOT};Parent=${PARENT};${field}`, sampler });
    expect(started.sampled).toBe(expected);
    expect(started.ruleName).toBeUndefined();
    expect(sampler.asked).toEqual([]);
    expect(started.segment.traceId).toBe(ROOT);
    expect(started.segment.sampled).toBe(expected);
    expect(started.responseHeader).toBe(`Root=${ROOT};Sampled=${expected ? 1 : 0}`);
  });

  it("Sampled=? is decided by the sampler and answered in the response header, serviceName defaulting to the segment's name", () => {
    const sampler = fixedSampler(false);
    const started = beginRequestSegment("api", { traceHeader: `Root=${ROOT};Sampled=?`, sampler, request: { httpMethod: "GET", urlPath: "/x" } });
    expect(sampler.asked).toEqual([{ serviceName: "api", httpMethod: "GET", urlPath: "/x" }]);
    expect(started).toMatchObject({ sampled: false, ruleName: "fixed", responseHeader: `Root=${ROOT};Sampled=0` });
    expect(started.segment.addNewSubsegment("db").sampled).toBe(false);
  });

  it("no header: a new trace, decided by the sampler (an XRaySampler's fallback here); without a sampler, sampled", () => {
    const sampler = new XRaySampler({ now: () => 1_700_000_000_000, random: () => 0.99 });
    const first = beginRequestSegment("api", { traceHeader: undefined, sampler });
    const second = beginRequestSegment("api", { traceHeader: "garbage", sampler });
    expect([first.sampled, second.sampled]).toEqual([true, false]);
    expect(first.ruleName).toBe("Default");
    expect(first.segment.traceId).not.toBe(second.segment.traceId);
    expect(second.incoming.problems).toContain("malformed");
    expect(beginRequestSegment("api").sampled).toBe(true);
  });
});

describe("a segment that is not sampled", () => {
  const xray = useXRayMock();

  it("never reaches PutTraceSegments, and counts as notSampled rather than as a loss", async () => {
    xray.on("/TraceSegments", () => json({ UnprocessedTraceSegments: [] }));
    const sender = new SegmentSender({ client: new XRayClient({ region: REGION, credentials: CREDENTIALS }), flushIntervalMs: 0 });
    const kept = beginRequestSegment("api", { traceHeader: `Root=${ROOT};Sampled=1` }).segment;
    const skipped = beginRequestSegment("api", { traceHeader: `Root=1-5759e988-bd862e3fe1be46a994272794;Sampled=0` }).segment;
    const child = skipped.addNewSubsegment("db");
    for (const entity of [kept, skipped, child]) entity.close();
    expect(sender.send([skipped, kept])).toBe(true);
    sender.send(child);
    await sender.close();
    expect(xray.requests).toHaveLength(1);
    const documents = (xray.requests[0]!.json as { TraceSegmentDocuments: string[] }).TraceSegmentDocuments;
    expect(documents.map((document) => (JSON.parse(document) as { trace_id: string }).trace_id)).toEqual([ROOT]);
    expect(sender.stats()).toMatchObject({ received: 1, sent: 1, rejected: 0, dropped: { total: 0 }, pending: 0, notSampled: 2 });
  });

  it("alone, sends nothing at all", async () => {
    const sender = new SegmentSender({ client: new XRayClient({ region: REGION, credentials: CREDENTIALS }), flushIntervalMs: 0 });
    const { segment } = beginRequestSegment("api", { sampler: fixedSampler(false) });
    segment.close();
    sender.send(segment);
    await sender.close();
    expect(xray.intercepted.count).toBe(0);
    expect(sender.stats()).toMatchObject({ received: 0, notSampled: 1 });
  });
});
