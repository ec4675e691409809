/**
 * The text renderers: the timeline, the service graph (text, Mermaid, DOT) and the summaries
 * table, on a small trace built with the tracing helper; widths honoured, colour only when asked,
 * and no input that parseTrace accepts makes a renderer throw.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTrace, renderServiceGraph, renderTimeline, renderTraceSummaries, type Service, type Trace, type TraceSummary } from "../../src/index.js";
import { Segment } from "../../src/tracing/index.js";

const TRACE_ID = "1-5759e988-bd862e3fe1be46a994272793";
const ESCAPE = /\u001b\[/;

function failingTrace(): Trace {
  const api = new Segment("api", TRACE_ID).setStartTime(10);
  api.addAnnotation("tenant", "acme");
  const db = api.addNewSubsegment("db").setStartTime(10.002);
  const failure = new Error("connection reset");
  failure.name = "DatabaseError";
  db.setEndTime(10.012).close(failure, true);
  api.setHttpResponse(500).setEndTime(10.02).close();
  return { Id: TRACE_ID, Segments: [{ Id: api.id, Document: JSON.stringify(api) }] };
}

const services: Service[] = [
  { ReferenceId: 0, Name: "api", Type: "AWS::EC2::Instance", Root: true, Edges: [{ ReferenceId: 1, SummaryStatistics: { TotalCount: 4, OkCount: 3, TotalResponseTime: 0.04, FaultStatistics: { TotalCount: 1 } } }] },
  { ReferenceId: 1, Name: 'db "main"', Type: "Database::SQL" },
];

describe("renderTimeline", () => {
  it("shows offsets, durations, bars, the HTTP status, the fault with its exception, and annotations", () => {
    const text = renderTimeline(failingTrace(), { width: 100 });
    const lines = text.split("\n");
    expect(lines[0]).toBe(`trace ${TRACE_ID}  20.0 ms  1 segment, 1 subsegments`);
    expect(lines[1]).toMatch(/^api\s+\+0\.0 ms\s+20\.0 ms  \|█+\|  HTTP 500, fault$/);
    expect(lines[2]).toBe("  # tenant=\"acme\"");
    expect(lines[3]).toMatch(/^ {2}db\s+\+2\.0 ms\s+10\.0 ms  \| +█+ +\|  fault$/);
    expect(lines[4]).toBe("    ! DatabaseError: connection reset");
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
    expect(text).not.toMatch(ESCAPE);
  });

  it("fits narrower terminals by shortening the bars, and colours only when asked", () => {
    const narrow = renderTimeline(failingTrace(), { width: 80 });
    for (const line of narrow.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
    const coloured = renderTimeline(failingTrace(), { width: 80, color: true });
    expect(coloured).toMatch(/\u001b\[31mfault\u001b\[0m/);
    expect(coloured.replace(/\u001b\[\d+m/g, "")).toBe(narrow);
  });

  it("draws a trace of 150,000 nodes (no argument spreading that overflows the stack)", () => {
    const subsegments = Array.from({ length: 150_000 }, (_, i) => ({ id: `s${i}`, name: "call", start_time: 1 + i / 1e6, end_time: 1 + i / 1e6 + 1e-6 }));
    const trace = { Id: TRACE_ID, Segments: [{ Id: "a", Document: JSON.stringify({ id: "a", name: "api", trace_id: TRACE_ID, start_time: 1, end_time: 2, subsegments }) }] };
    expect(renderTimeline(trace).split("\n")).toHaveLength(150_002);
  });

  it("says so when a trace has no usable document", () => {
    expect(renderTimeline({ Id: TRACE_ID, Segments: [{ Id: "x", Document: "nope" }] })).toBe(`trace ${TRACE_ID}  0.0 ms  0 segments, 0 subsegments, 1 unreadable document\n  (no segments)`);
  });

  it("never throws for what parseTrace accepts", () => {
    const fields = fc.record(
      { id: fc.constantFrom("a", "b"), name: fc.string(), start_time: fc.double({ noNaN: true, min: -1e12, max: 1e12 }), end_time: fc.anything(), fault: fc.anything(), error: fc.anything(), cause: fc.anything(), annotations: fc.anything(), http: fc.anything(), parent_id: fc.constantFrom("a", "b") },
      { requiredKeys: ["id", "name", "start_time"] },
    );
    fc.assert(
      fc.property(fc.array(fields, { maxLength: 5 }), fc.integer({ min: 0, max: 300 }), (docs, width) => {
        const trace = { Id: TRACE_ID, Segments: docs.map((d) => ({ Id: "s", Document: JSON.stringify(d) })) };
        expect(typeof renderTimeline(parseTrace(trace), { width, color: width % 2 === 0 })).toBe("string");
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe("renderServiceGraph", () => {
  it("draws text with each call's statistics", () => {
    expect(renderServiceGraph(services)).toBe(
      ['api [AWS::EC2::Instance]  (entry point)', '  └──▶ db "main" [Database::SQL]  4 calls, 3 ok, 1 fault, avg 10.0 ms', 'db "main" [Database::SQL]'].join("\n"),
    );
  });

  it("writes Mermaid and DOT with quotes escaped", () => {
    expect(renderServiceGraph(services, { format: "mermaid" })).toBe(
      'flowchart LR\n  n0["api<br/>AWS::EC2::Instance"]\n  n1["db #quot;main#quot;<br/>Database::SQL"]\n  n0 -->|"4 calls, 3 ok, 1 fault, avg 10.0 ms"| n1\n',
    );
    expect(renderServiceGraph(services, { format: "dot" })).toBe(
      'digraph services {\n  rankdir=LR;\n  node [shape=box];\n  n0 [label="api\\nAWS::EC2::Instance", style=bold];\n  n1 [label="db \\"main\\"\\nDatabase::SQL"];\n  n0 -> n1 [label="4 calls, 3 ok, 1 fault, avg 10.0 ms"];\n}\n',
    );
  });

  it("refuses an unknown format with a RangeError", () => {
    expect(() => renderServiceGraph(services, { format: "svg" as "dot" })).toThrow(RangeError);
  });
});

describe("renderTraceSummaries", () => {
  const summary: TraceSummary = {
    Id: TRACE_ID,
    StartTime: new Date("2026-12-07T01:02:03.456Z"),
    ResponseTime: 0.02,
    Duration: 0.025,
    HasFault: true,
    Http: { HttpMethod: "POST", HttpURL: "https://shop.example/checkout/with/a/very/long/path/indeed", HttpStatus: 500 },
    Users: [{ UserName: "alice" }],
    ServiceIds: [{ Name: "api" }, { Name: "db" }],
    Annotations: { tenant: [{ AnnotationValue: { StringValue: "acme" } }] },
  };

  it("lists each trace under a header", () => {
    const lines = renderTraceSummaries([summary], { width: Infinity }).split("\n");
    expect(lines[0]).toMatch(/^start \(UTC\)\s+trace id\s+request\s+http\s+status\s+response\s+duration\s+user\s+services\s+annotations$/);
    expect(lines[2]).toBe(`01:02:03     ${TRACE_ID}  POST https://shop.example/checkout/with/a/very/long/path/indeed  500   FAULT   20.0 ms   25.0 ms   alice  api, db   tenant="acme"`);
  });

  it("narrows the free-text columns to fit the width", () => {
    const lines = renderTraceSummaries([summary], { width: 140 }).split("\n");
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(140);
    // The widest free-text column gives way first: the request, cut, the annotations whole.
    expect(lines[2]).toMatch(/ POST https:\/\/shop\.examp… +500 .* tenant="acme"$/);
    // At 80 columns narrowing is not enough: annotations, services, user and start are left out.
    const narrow = renderTraceSummaries([summary], { width: 80 }).split("\n");
    expect(narrow[0]).toMatch(/^trace id\s+request\s+http\s+status\s+response\s+duration$/);
    for (const line of narrow) expect(line.length).toBeLessThanOrEqual(80);
    expect(renderTraceSummaries([summary], { color: true })).toMatch(/\u001b\[31mFAULT \u001b\[0m/);
  });
});
