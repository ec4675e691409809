/**
 * Graphs, traces and telemetry in the local engine: GetTraceGraph and GetServiceGraph on the
 * hand-built scenario (nodes, edges, statistics and histograms written out by hand),
 * BatchGetTraces (documents exactly as sent, unknown ids, pages, the trace size limit) and
 * PutTelemetryRecords.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { XRayEngine } from "../../../src/local/engine/XRayEngine.js";
import {
  TA,
  TB,
  TRACE_A,
  TRACE_B,
  TRACE_C,
  T0,
  WINDOW,
  frontend,
  payments,
  scenarioDocuments,
  segmentId,
  sql,
  traceId,
} from "../../support/local-scenario.js";

/** Expected statistics from counts: each request is OK, throttled, another error, or a fault. */
function stats({ ok = 0, throttle = 0, error = 0, fault = 0, time }: { ok?: number; throttle?: number; error?: number; fault?: number; time: number }) {
  return {
    OkCount: ok,
    ErrorStatistics: { ThrottleCount: throttle, OtherCount: error, TotalCount: throttle + error },
    FaultStatistics: { OtherCount: fault, TotalCount: fault },
    TotalCount: ok + throttle + error + fault,
    TotalResponseTime: time,
  };
}
const once = (Value: number) => [{ Value, Count: 1 }];
const edge = (ReferenceId: number, start: number, end: number, statistics: ReturnType<typeof stats>) => ({
  ReferenceId,
  StartTime: start,
  EndTime: end,
  SummaryStatistics: statistics,
  ResponseTimeHistogram: once(statistics.TotalResponseTime),
  Aliases: [],
});

async function run(engine: XRayEngine, operation: string, input: unknown): Promise<any> {
  return engine.handle(operation, input);
}

describe("GetTraceGraph", () => {
  let engine: XRayEngine;
  beforeEach(async () => {
    engine = new XRayEngine();
    await run(engine, "PutTraceSegments", { TraceSegmentDocuments: scenarioDocuments() });
  });

  it("builds the client, instrumented and inferred nodes of a trace with edge statistics and histograms", async () => {
    const { Services, NextToken } = await run(engine, "GetTraceGraph", { TraceIds: [TRACE_A] });
    expect(NextToken).toBeUndefined();
    expect(Services).toEqual([
      {
        ReferenceId: 0,
        Name: "client",
        Names: ["client"],
        Root: false,
        Type: "client",
        State: "unknown",
        StartTime: TA,
        EndTime: TA + 1.5,
        Edges: [edge(1, TA, TA + 1.5, stats({ fault: 1, time: 1.5 }))],
        DurationHistogram: [],
        ResponseTimeHistogram: [],
      },
      {
        ReferenceId: 1,
        Name: "frontend",
        Names: ["frontend"],
        Root: true,
        AccountId: "123456789012",
        Type: "AWS::EC2::Instance",
        State: "active",
        StartTime: TA,
        EndTime: TA + 1.5,
        Edges: [
          // The call to payments failed on the callee's side too: a fault.
          edge(2, TA + 0.1, TA + 1.1, stats({ fault: 1, time: 1 })),
          edge(4, TA + 0.05, TA + 0.08, stats({ throttle: 1, time: 0.03 })),
        ],
        SummaryStatistics: stats({ fault: 1, time: 1.5 }),
        DurationHistogram: once(1.5),
        ResponseTimeHistogram: once(1.5),
      },
      {
        ReferenceId: 2,
        Name: "payments",
        Names: ["payments"],
        Root: false,
        Type: "AWS::ECS::Container",
        State: "active",
        StartTime: TA + 0.2,
        EndTime: TA + 1.0,
        Edges: [edge(3, TA + 0.45, TA + 0.95, stats({ fault: 1, time: 0.5 })), edge(5, TA + 0.3, TA + 0.4, stats({ ok: 1, time: 0.1 }))],
        SummaryStatistics: stats({ fault: 1, time: 0.8 }),
        DurationHistogram: once(1.5),
        ResponseTimeHistogram: once(0.8),
      },
      {
        ReferenceId: 3,
        Name: "bank.example",
        Names: ["bank.example"],
        Root: false,
        Type: "remote",
        State: "unknown",
        StartTime: TA + 0.45,
        EndTime: TA + 0.95,
        Edges: [],
        SummaryStatistics: stats({ fault: 1, time: 0.5 }),
        DurationHistogram: once(1.5),
        ResponseTimeHistogram: once(0.5),
      },
      {
        ReferenceId: 4,
        Name: "carts",
        Names: ["carts"],
        Root: false,
        Type: "AWS::DynamoDB::Table",
        State: "unknown",
        StartTime: TA + 0.05,
        EndTime: TA + 0.08,
        Edges: [],
        SummaryStatistics: stats({ throttle: 1, time: 0.03 }),
        DurationHistogram: once(1.5),
        ResponseTimeHistogram: once(0.03),
      },
      {
        ReferenceId: 5,
        Name: "postgres@db.internal",
        Names: ["postgres@db.internal"],
        Root: false,
        Type: "Database::SQL",
        State: "unknown",
        StartTime: TA + 0.3,
        EndTime: TA + 0.4,
        Edges: [],
        SummaryStatistics: stats({ ok: 1, time: 0.1 }),
        DurationHistogram: once(1.5),
        ResponseTimeHistogram: once(0.1),
      },
    ]);
  });

  it("pages through the services in ReferenceId order", async () => {
    const paged = new XRayEngine({ pageSizes: { services: 4 } });
    await run(paged, "PutTraceSegments", { TraceSegmentDocuments: scenarioDocuments() });
    const first = await run(paged, "GetTraceGraph", { TraceIds: [TRACE_A] });
    const second = await run(paged, "GetTraceGraph", { TraceIds: [TRACE_A], NextToken: first.NextToken });
    expect(second.NextToken).toBeUndefined();
    const all = (await run(engine, "GetTraceGraph", { TraceIds: [TRACE_A] })).Services;
    expect([...first.Services, ...second.Services]).toEqual(all);
    expect(first.Services).toHaveLength(4);
  });

  it("leaves out unknown traces and refuses more than five ids", async () => {
    expect(await run(engine, "GetTraceGraph", { TraceIds: [traceId(0x404)] })).toEqual({ Services: [] });
    const ids = [1, 2, 3, 4, 5, 6].map((n) => traceId(n));
    await expect(engine.handle("GetTraceGraph", { TraceIds: ids })).rejects.toMatchObject({ code: "InvalidRequestException", message: expect.stringMatching(/at most 5/) });
    await expect(engine.handle("GetTraceGraph", { TraceIds: [] })).rejects.toMatchObject({ code: "InvalidRequestException" });
  });
});

describe("GetServiceGraph", () => {
  let engine: XRayEngine;
  beforeEach(async () => {
    engine = new XRayEngine();
    await run(engine, "PutTraceSegments", { TraceSegmentDocuments: scenarioDocuments() });
  });

  it("aggregates every trace of the window, counting only completed requests", async () => {
    const graph = await run(engine, "GetServiceGraph", WINDOW);
    expect(graph).toMatchObject({ StartTime: WINDOW.StartTime, EndTime: WINDOW.EndTime, ContainsOldGroupVersions: false });
    expect(graph.Services.map((s: any) => s.Name)).toEqual(["client", "frontend", "payments", "bank.example", "carts", "postgres@db.internal"]);
    const [client, frontendNode, , , carts] = graph.Services;
    // Trace C's request is still in progress: it starts the client's time range but is not counted.
    expect(client.StartTime).toBe(TA);
    expect(client.EndTime).toBe(TB + 0.25);
    expect(client.Edges[0].SummaryStatistics).toEqual(stats({ fault: 1, throttle: 1, time: 1.75 }));
    expect(frontendNode.SummaryStatistics).toEqual(stats({ fault: 1, throttle: 1, time: 1.75 }));
    expect(frontendNode.ResponseTimeHistogram).toEqual([
      { Value: 0.25, Count: 1 },
      { Value: 1.5, Count: 1 },
    ]);
    expect(frontendNode.DurationHistogram).toEqual(frontendNode.ResponseTimeHistogram);
    expect(carts.SummaryStatistics).toEqual(stats({ ok: 1, throttle: 1, time: 0.05 }));
    expect(frontendNode.Edges.find((e: any) => e.ReferenceId === 4).ResponseTimeHistogram).toEqual([
      { Value: 0.02, Count: 1 },
      { Value: 0.03, Count: 1 },
    ]);
  });

  it("honours the time window", async () => {
    const graph = await run(engine, "GetServiceGraph", { StartTime: TB - 1, EndTime: TB + 1 });
    expect(graph.Services.map((s: any) => s.Name)).toEqual(["client", "frontend", "carts"]);
    expect((await run(engine, "GetServiceGraph", { StartTime: T0 - 100, EndTime: T0 - 1 })).Services).toEqual([]);
  });

  it("pages through services and refuses groups it does not have", async () => {
    const paged = new XRayEngine({ pageSizes: { services: 5 } });
    await run(paged, "PutTraceSegments", { TraceSegmentDocuments: scenarioDocuments() });
    const first = await run(paged, "GetServiceGraph", { ...WINDOW, GroupName: "Default" });
    const second = await run(paged, "GetServiceGraph", { ...WINDOW, GroupName: "Default", NextToken: first.NextToken });
    expect([...first.Services, ...second.Services]).toEqual((await run(engine, "GetServiceGraph", WINDOW)).Services);
    await expect(paged.handle("GetServiceGraph", { ...WINDOW, NextToken: first.NextToken, EndTime: WINDOW.EndTime + 1 })).rejects.toMatchObject({
      code: "InvalidRequestException",
    });
    await expect(engine.handle("GetServiceGraph", { ...WINDOW, GroupName: "checkout-team" })).rejects.toMatchObject({
      code: "InvalidRequestException",
      message: expect.stringMatching(/not found/),
    });
  });
});

describe("BatchGetTraces", () => {
  let engine: XRayEngine;
  beforeEach(async () => {
    engine = new XRayEngine({ pageSizes: { traces: 2 } });
    await run(engine, "PutTraceSegments", { TraceSegmentDocuments: scenarioDocuments() });
  });

  it("returns the documents exactly as sent, with the trace's duration", async () => {
    const result = await run(engine, "BatchGetTraces", { TraceIds: [TRACE_A] });
    expect(result).toEqual({
      Traces: [
        {
          Id: TRACE_A,
          Duration: 1.5,
          LimitExceeded: false,
          Segments: [frontend, payments, sql].map((doc) => ({ Id: doc.id, Document: JSON.stringify(doc) })),
        },
      ],
      UnprocessedTraceIds: [],
    });
  });

  it("reports unknown ids and pages through many", async () => {
    const unknown = traceId(0x404);
    const first = await run(engine, "BatchGetTraces", { TraceIds: [TRACE_B, unknown, TRACE_C] });
    expect(first.Traces.map((t: any) => t.Id)).toEqual([TRACE_B]);
    expect(first.UnprocessedTraceIds).toEqual([unknown]);
    const second = await run(engine, "BatchGetTraces", { TraceIds: [TRACE_B, unknown, TRACE_C], NextToken: first.NextToken });
    expect(second.Traces.map((t: any) => [t.Id, t.Duration])).toEqual([[TRACE_C, 0]]);
    expect(second.NextToken).toBeUndefined();
  });

  it("stops at the trace size limit and says so", async () => {
    const big = new XRayEngine();
    const trace = traceId(0xb19, T0);
    const documents = Array.from({ length: 9 }, (_, n) =>
      JSON.stringify({ name: "svc", id: segmentId(n + 1), trace_id: trace, start_time: T0 + n, end_time: T0 + n + 1, metadata: { pad: "x".repeat(60_000) } }),
    );
    expect((await run(big, "PutTraceSegments", { TraceSegmentDocuments: documents })).UnprocessedTraceSegments).toEqual([]);
    const { Traces } = await run(big, "BatchGetTraces", { TraceIds: [trace] });
    expect(Traces[0].LimitExceeded).toBe(true);
    expect(Traces[0].Segments).toHaveLength(8);
    expect(Traces[0].Duration).toBe(9);
  });

  it("refuses ids longer than the model allows", async () => {
    await expect(engine.handle("BatchGetTraces", { TraceIds: ["1".repeat(36)] })).rejects.toMatchObject({ code: "InvalidRequestException" });
    await expect(engine.handle("BatchGetTraces", { TraceIds: "abc" })).rejects.toMatchObject({ code: "SerializationException" });
  });
});

describe("PutTelemetryRecords", () => {
  it("keeps each batch with its records, timestamps in epoch seconds", async () => {
    const engine = new XRayEngine({ now: () => 1_700_000_000_500 });
    const input = {
      EC2InstanceId: "i-0abc",
      Hostname: "worker-1",
      TelemetryRecords: [{ Timestamp: T0, SegmentsSentCount: 10, SegmentsRejectedCount: 1, BackendConnectionErrors: { TimeoutCount: 2 } }],
    };
    expect(await run(engine, "PutTelemetryRecords", input)).toEqual({});
    expect(engine.telemetry()).toEqual([{ receivedAt: 1_700_000_000_500, ...input }]);
  });

  it.each([
    ["a record without Timestamp", { TelemetryRecords: [{ SegmentsSentCount: 1 }] }, "InvalidRequestException", /Timestamp is required/],
    ["a negative count", { TelemetryRecords: [{ Timestamp: T0, SegmentsSentCount: -1 }] }, "InvalidRequestException", /between 0 and/],
    ["a fractional count", { TelemetryRecords: [{ Timestamp: T0, SegmentsSentCount: 1.5 }] }, "SerializationException", /must be an integer/],
    ["a hostname over 255 characters", { TelemetryRecords: [], Hostname: "h".repeat(256) }, "InvalidRequestException", /Hostname must be 0 to 255/],
    ["no records", {}, "InvalidRequestException", /TelemetryRecords is required/],
  ])("refuses %s", async (_, input, code, message) => {
    const engine = new XRayEngine();
    await expect(engine.handle("PutTelemetryRecords", input)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    expect(engine.telemetry()).toEqual([]);
  });
});
