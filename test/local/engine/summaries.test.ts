/**
 * GetTraceSummaries of the local engine: every field of `TraceSummary` on hand-built traces
 * (expected values written out by hand), order, pagination, time range types, sampling, filter
 * expressions and request validation.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { LocalXRayError } from "../../../src/local/engine/errors.js";
import { XRayEngine } from "../../../src/local/engine/XRayEngine.js";
import {
  TA,
  TB,
  TC,
  TRACE_A,
  TRACE_B,
  TRACE_C,
  T0,
  WINDOW,
  scenarioDocuments,
  segmentId,
  traceId,
} from "../../support/local-scenario.js";

const frontendId = { Name: "frontend", Names: ["frontend"], AccountId: "123456789012", Type: "AWS::EC2::Instance" };
const paymentsId = { Name: "payments", Names: ["payments"], Type: "AWS::ECS::Container" };
const cartsId = { Name: "carts", Names: ["carts"], Type: "AWS::DynamoDB::Table" };
const postgresId = { Name: "postgres@db.internal", Names: ["postgres@db.internal"], Type: "Database::SQL" };
const bankId = { Name: "bank.example", Names: ["bank.example"], Type: "remote" };

/** Runs an operation and returns its output, typed loosely for assertions. */
async function run(engine: XRayEngine, operation: string, input: unknown): Promise<any> {
  return engine.handle(operation, input);
}

/** The error an operation fails with. */
async function failure(engine: XRayEngine, operation: string, input: unknown): Promise<LocalXRayError> {
  const error = await engine.handle(operation, input).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LocalXRayError);
  return error as LocalXRayError;
}

/** A minimal complete segment. */
const segment = (trace: string, id: number, start: number, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ name: "svc", id: segmentId(id), trace_id: trace, start_time: start, end_time: start + 0.1, ...extra });

describe("GetTraceSummaries: fields", () => {
  let engine: XRayEngine;
  beforeEach(async () => {
    engine = new XRayEngine();
    const { UnprocessedTraceSegments } = await run(engine, "PutTraceSegments", { TraceSegmentDocuments: scenarioDocuments() });
    expect(UnprocessedTraceSegments).toEqual([]);
  });

  it("computes every field of a multi-service trace with a fault", async () => {
    const { TraceSummaries } = await run(engine, "GetTraceSummaries", WINDOW);
    expect(TraceSummaries.find((s: any) => s.Id === TRACE_A)).toEqual({
      Id: TRACE_A,
      StartTime: TA,
      Duration: 1.5,
      ResponseTime: 1.5,
      HasFault: true,
      // Only segments count: the throttled DynamoDB call is a subsegment of frontend.
      HasError: false,
      HasThrottle: false,
      IsPartial: false,
      Http: { HttpURL: "https://shop.example/checkout", HttpStatus: 500, HttpMethod: "POST", UserAgent: "curl/8", ClientIp: "203.0.113.9" },
      Annotations: {
        tenant: [{ AnnotationValue: { StringValue: "acme" }, ServiceIds: [frontendId, paymentsId] }],
        cart_items: [{ AnnotationValue: { NumberValue: 3 }, ServiceIds: [frontendId] }],
        template: [{ AnnotationValue: { StringValue: "cart" }, ServiceIds: [frontendId] }],
        gateway_ok: [{ AnnotationValue: { BooleanValue: false }, ServiceIds: [paymentsId] }],
      },
      Users: [{ UserName: "alice", ServiceIds: [frontendId] }],
      ServiceIds: [frontendId, paymentsId, cartsId, postgresId, bankId],
      ResourceARNs: [{ ARN: "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc" }],
      InstanceIds: [{ Id: "i-0abc" }],
      AvailabilityZones: [{ Name: "us-east-1a" }],
      EntryPoint: frontendId,
      FaultRootCauses: [
        {
          Services: [
            { ...frontendId, EntityPath: [{ Name: "frontend" }, { Name: "payments", Remote: true }], Inferred: false },
            { ...paymentsId, EntityPath: [{ Name: "payments" }, { Name: "bank.example", Remote: true }], Inferred: false },
            {
              ...bankId,
              EntityPath: [{ Name: "bank.example", Remote: true, Exceptions: [{ Name: "GatewayTimeout", Message: "bank did not answer" }] }],
              Inferred: true,
            },
          ],
          ClientImpacting: true,
        },
      ],
      ErrorRootCauses: [],
      ResponseTimeRootCauses: [
        {
          Services: [
            { ...frontendId, EntityPath: [{ Name: "frontend", Coverage: 1 }, { Name: "payments", Coverage: 0.6667, Remote: true }], Inferred: false },
            { ...paymentsId, EntityPath: [{ Name: "payments", Coverage: 0.5333 }, { Name: "bank.example", Coverage: 0.3333, Remote: true }], Inferred: false },
            { ...bankId, EntityPath: [{ Name: "bank.example", Coverage: 0.3333, Remote: true }], Inferred: true },
          ],
          ClientImpacting: true,
        },
      ],
      // frontend in progress, payments, the SQL subsegment, frontend complete.
      Revision: 4,
    });
  });

  it("reports throttles as errors and in-progress traces as partial", async () => {
    const { TraceSummaries } = await run(engine, "GetTraceSummaries", WINDOW);
    expect(TraceSummaries.find((s: any) => s.Id === TRACE_B)).toEqual({
      Id: TRACE_B,
      StartTime: TB,
      Duration: 0.25,
      ResponseTime: 0.25,
      HasFault: false,
      HasError: true,
      HasThrottle: true,
      IsPartial: false,
      Http: { HttpURL: "https://shop.example/cart", HttpStatus: 429, HttpMethod: "GET" },
      Annotations: { tenant: [{ AnnotationValue: { StringValue: "globex" }, ServiceIds: [frontendId] }] },
      Users: [{ UserName: "bob", ServiceIds: [frontendId] }],
      ServiceIds: [frontendId, cartsId],
      ResourceARNs: [],
      InstanceIds: [{ Id: "i-0abc" }],
      AvailabilityZones: [{ Name: "us-east-1a" }],
      EntryPoint: frontendId,
      FaultRootCauses: [],
      ErrorRootCauses: [{ Services: [{ ...frontendId, EntityPath: [{ Name: "frontend" }], Inferred: false }], ClientImpacting: true }],
      // The table read took 8% of the time: the frontend's own work is the cause.
      ResponseTimeRootCauses: [{ Services: [{ ...frontendId, EntityPath: [{ Name: "frontend", Coverage: 1 }], Inferred: false }], ClientImpacting: true }],
      Revision: 1,
    });
    expect(TraceSummaries.find((s: any) => s.Id === TRACE_C)).toEqual({
      Id: TRACE_C,
      StartTime: TC,
      Duration: 0,
      HasFault: false,
      HasError: false,
      HasThrottle: false,
      IsPartial: true,
      Annotations: {},
      Users: [],
      ServiceIds: [frontendId],
      ResourceARNs: [],
      InstanceIds: [{ Id: "i-0abc" }],
      AvailabilityZones: [{ Name: "us-east-1a" }],
      EntryPoint: frontendId,
      FaultRootCauses: [],
      ErrorRootCauses: [],
      ResponseTimeRootCauses: [],
      Revision: 1,
    });
  });

  it("lists traces newest first, with the processed count and the page's start time", async () => {
    const page = await run(engine, "GetTraceSummaries", WINDOW);
    expect(page.TraceSummaries.map((s: any) => s.Id)).toEqual([TRACE_C, TRACE_B, TRACE_A]);
    expect(page.TracesProcessedCount).toBe(3);
    expect(page.ApproximateTime).toBe(TC);
    expect(page.NextToken).toBeUndefined();
  });

  it("keeps only traces that start inside the window", async () => {
    const page = await run(engine, "GetTraceSummaries", { StartTime: TB - 1, EndTime: TB + 1 });
    expect(page.TraceSummaries.map((s: any) => s.Id)).toEqual([TRACE_B]);
    expect(page.TracesProcessedCount).toBe(1);
    const empty = await run(engine, "GetTraceSummaries", { StartTime: T0 - 100, EndTime: T0 - 50 });
    expect(empty).toEqual({ TraceSummaries: [], ApproximateTime: T0 - 50, TracesProcessedCount: 0 });
  });

  it("marks a trace partial when a subsegment's parent never arrived", async () => {
    const trace = traceId(0x99, T0 + 10);
    const orphan = { type: "subsegment", id: segmentId(0x991), trace_id: trace, parent_id: segmentId(0x990), name: "q", start_time: T0 + 10, end_time: T0 + 11 };
    await run(engine, "PutTraceSegments", { TraceSegmentDocuments: [JSON.stringify(orphan)] });
    const { TraceSummaries } = await run(engine, "GetTraceSummaries", { StartTime: T0, EndTime: T0 + 20 });
    expect(TraceSummaries).toHaveLength(1);
    expect(TraceSummaries[0]).toMatchObject({ Id: trace, IsPartial: true, Duration: 1, ServiceIds: [] });
  });
});

describe("GetTraceSummaries: filter expressions", () => {
  let engine: XRayEngine;
  beforeEach(async () => {
    engine = new XRayEngine();
    await run(engine, "PutTraceSegments", { TraceSegmentDocuments: scenarioDocuments() });
  });

  const ids = async (FilterExpression: string): Promise<string[]> =>
    (await run(engine, "GetTraceSummaries", { ...WINDOW, FilterExpression })).TraceSummaries.map((s: any) => s.Id);

  it("selects traces by service, annotation, HTTP status, user and status flags", async () => {
    expect(await ids('service("payments") { fault }')).toEqual([TRACE_A]);
    expect(await ids('annotation.tenant = "globex"')).toEqual([TRACE_B]);
    expect(await ids("http.status = 429")).toEqual([TRACE_B]);
    expect(await ids('user = "alice"')).toEqual([TRACE_A]);
    expect(await ids("partial")).toEqual([TRACE_C]);
    expect(await ids("fault OR throttle")).toEqual([TRACE_B, TRACE_A]);
    expect(await ids('edge("frontend", "payments")')).toEqual([TRACE_A]);
  });

  it("counts filtered-out traces as processed", async () => {
    const page = await run(engine, "GetTraceSummaries", { ...WINDOW, FilterExpression: "throttle" });
    expect(page.TraceSummaries.map((s: any) => s.Id)).toEqual([TRACE_B]);
    expect(page.TracesProcessedCount).toBe(3);
  });

  it("refuses a malformed expression with a 400 that says where", async () => {
    const error = await failure(engine, "GetTraceSummaries", { ...WINDOW, FilterExpression: 'service("a") AND )' });
    expect(error.code).toBe("InvalidRequestException");
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/position 17/);
  });
});

describe("GetTraceSummaries: pagination", () => {
  it("pages newest first with opaque tokens, and never repeats a trace when new ones arrive", async () => {
    const engine = new XRayEngine({ pageSizes: { traceSummaries: 2 } });
    const traces = [1, 2, 3, 4, 5].map((n) => traceId(n, T0 + n));
    await run(engine, "PutTraceSegments", { TraceSegmentDocuments: traces.map((trace, i) => segment(trace, i + 1, T0 + i + 1)) });

    const first = await run(engine, "GetTraceSummaries", WINDOW);
    expect(first.TraceSummaries.map((s: any) => s.Id)).toEqual([traces[4], traces[3]]);
    expect(typeof first.NextToken).toBe("string");
    // A newer trace arrives between pages: it must not shift the pages already promised.
    await run(engine, "PutTraceSegments", { TraceSegmentDocuments: [segment(traceId(6, T0 + 6), 6, T0 + 6)] });
    const second = await run(engine, "GetTraceSummaries", { ...WINDOW, NextToken: first.NextToken });
    expect(second.TraceSummaries.map((s: any) => s.Id)).toEqual([traces[2], traces[1]]);
    const third = await run(engine, "GetTraceSummaries", { ...WINDOW, NextToken: second.NextToken });
    expect(third.TraceSummaries.map((s: any) => s.Id)).toEqual([traces[0]]);
    expect(third.NextToken).toBeUndefined();
  });

  it("refuses a token from another request, or one it never issued", async () => {
    const engine = new XRayEngine({ pageSizes: { traceSummaries: 1 } });
    await run(engine, "PutTraceSegments", { TraceSegmentDocuments: [1, 2].map((n) => segment(traceId(n, T0 + n), n, T0 + n)) });
    const { NextToken } = await run(engine, "GetTraceSummaries", WINDOW);
    const other = await failure(engine, "GetTraceSummaries", { ...WINDOW, EndTime: WINDOW.EndTime + 1, NextToken });
    expect(other.code).toBe("InvalidRequestException");
    expect(other.message).toMatch(/different request/);
    const forged = await failure(engine, "GetTraceSummaries", { ...WINDOW, NextToken: "bm90LWEtdG9rZW4" });
    expect(forged.code).toBe("InvalidRequestException");
    const otherOperation = await failure(engine, "BatchGetTraces", { TraceIds: ["x"], NextToken });
    expect(otherOperation.code).toBe("InvalidRequestException");
  });
});

describe("GetTraceSummaries: time range types and sampling", () => {
  it("Event matches the time a trace was last updated and reports it", async () => {
    let now = (T0 + 5000) * 1000;
    const engine = new XRayEngine({ now: () => now });
    await run(engine, "PutTraceSegments", { TraceSegmentDocuments: [segment(traceId(1, T0), 1, T0)] });
    now += 60_000;
    await run(engine, "PutTraceSegments", { TraceSegmentDocuments: [segment(traceId(2, T0), 2, T0)] });
    const window = { StartTime: T0 + 5030, EndTime: T0 + 5090, TimeRangeType: "Event" };
    const { TraceSummaries } = await run(engine, "GetTraceSummaries", window);
    expect(TraceSummaries.map((s: any) => [s.Id, s.MatchedEventTime])).toEqual([[traceId(2, T0), T0 + 5060]]);
    // By trace start time, neither is in that window.
    expect((await run(engine, "GetTraceSummaries", { ...window, TimeRangeType: "TraceId" })).TraceSummaries).toEqual([]);
  });

  it("Service matches a segment's end time", async () => {
    const engine = new XRayEngine();
    const long = JSON.stringify({ name: "svc", id: segmentId(1), trace_id: traceId(1, T0), start_time: T0, end_time: T0 + 100 });
    await run(engine, "PutTraceSegments", { TraceSegmentDocuments: [long] });
    const window = { StartTime: T0 + 50, EndTime: T0 + 150 };
    expect((await run(engine, "GetTraceSummaries", { ...window, TimeRangeType: "Service" })).TraceSummaries).toHaveLength(1);
    expect((await run(engine, "GetTraceSummaries", window)).TraceSummaries).toHaveLength(0);
  });

  it("samples deterministically: a fixed rate keeps a share, a partial scan looks at a share", async () => {
    const engine = new XRayEngine();
    const traces = Array.from({ length: 40 }, (_, n) => traceId(n + 1, T0 + n));
    await run(engine, "PutTraceSegments", { TraceSegmentDocuments: traces.map((trace, n) => segment(trace, n + 1, T0 + n)) });
    const sampled = (Name: string, Value: number) => run(engine, "GetTraceSummaries", { ...WINDOW, Sampling: true, SamplingStrategy: { Name, Value } });

    expect((await sampled("FixedRate", 1)).TraceSummaries).toHaveLength(40);
    const none = await sampled("FixedRate", 0);
    expect(none.TraceSummaries).toEqual([]);
    expect(none.TracesProcessedCount).toBe(40);
    const half = await sampled("FixedRate", 0.5);
    expect(half.TraceSummaries.length).toBeGreaterThan(0);
    expect(half.TraceSummaries.length).toBeLessThan(40);
    // The same request gives the same sample, and a percentage reads as a fraction.
    expect((await sampled("FixedRate", 50)).TraceSummaries).toEqual(half.TraceSummaries);
    const scan = await sampled("PartialScan", 0.5);
    expect(scan.TraceSummaries).toEqual(half.TraceSummaries);
    expect(scan.TracesProcessedCount).toBe(half.TraceSummaries.length);
    // Without Sampling: true, a strategy changes nothing.
    expect((await run(engine, "GetTraceSummaries", { ...WINDOW, SamplingStrategy: { Name: "FixedRate", Value: 0 } })).TraceSummaries).toHaveLength(40);
  });
});

describe("GetTraceSummaries: request validation", () => {
  const engine = new XRayEngine();

  it.each([
    ["EndTime before StartTime", { StartTime: T0 + 10, EndTime: T0 }, "InvalidRequestException", /EndTime .* must be after StartTime/],
    ["an empty window", { StartTime: T0, EndTime: T0 }, "InvalidRequestException", /must be after/],
    ["no StartTime", { EndTime: T0 }, "InvalidRequestException", /StartTime is required/],
    ["a StartTime that is not a time", { StartTime: "yesterday", EndTime: T0 }, "SerializationException", /StartTime must be a timestamp/],
    ["an unknown TimeRangeType", { ...WINDOW, TimeRangeType: "Galaxy" }, "InvalidRequestException", /TimeRangeType must be one of/],
    ["a FilterExpression that is not a string", { ...WINDOW, FilterExpression: 5 }, "SerializationException", /FilterExpression must be a string/],
    ["an unknown sampling strategy", { ...WINDOW, Sampling: true, SamplingStrategy: { Name: "Magic" } }, "InvalidRequestException", /PartialScan or FixedRate/],
  ])("refuses %s", async (_, input, code, message) => {
    const error = await failure(engine, "GetTraceSummaries", input);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it("accepts ISO 8601 strings and numeric strings as timestamps", async () => {
    const page = await run(engine, "GetTraceSummaries", { StartTime: "2023-11-14T22:13:20Z", EndTime: String(T0 + 10) });
    expect(page.ApproximateTime).toBe(T0 + 10);
  });
});
