/**
 * Wire compatibility of the local endpoint: the same scenario through `@aws-sdk/client-xray`
 * and through typed-xray, each against its own local endpoint with the same clock, gives
 * deep-equal outputs (minus `$metadata`, whose request ids differ) and the same errors. The
 * official client parses the restJson1 responses with its own deserializers, so any departure
 * from the protocol shows up here.
 */
import * as Official from "@aws-sdk/client-xray";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Ours from "../../src/index.js";
import { startLocalXRay, type LocalXRay } from "../../src/local/index.js";
import { TRACE_A, TRACE_B, TRACE_C, T0, WINDOW, scenarioDocuments, traceId } from "../support/local-scenario.js";

const CREDENTIALS = { accessKeyId: "AKIDLOCALTEST", secretAccessKey: "local-test-secret" };
const NOW_MS = (T0 + 3000) * 1000;
const window = { StartTime: new Date(WINDOW.StartTime * 1000), EndTime: new Date(WINDOW.EndTime * 1000) };

type Sdk = typeof Ours | typeof Official;
interface Side {
  readonly server: LocalXRay;
  readonly client: { send(command: unknown): Promise<any>; destroy(): void };
  readonly sdk: Sdk;
}

const sides: Record<"ours" | "official", Side> = {} as never;

beforeAll(async () => {
  for (const [name, sdk] of [
    ["ours", Ours],
    ["official", Official],
  ] as const) {
    const server = await startLocalXRay({ now: () => NOW_MS, pageSizes: { traceSummaries: 2, services: 4, traces: 2 } });
    const client = new sdk.XRayClient({ endpoint: server.endpoint, region: "us-east-1", credentials: CREDENTIALS, maxAttempts: 1 });
    sides[name] = { server, client: client as Side["client"], sdk };
  }
});

afterAll(async () => {
  for (const side of Object.values(sides)) {
    side.client.destroy();
    await side.server.close();
  }
});

const strip = ({ $metadata, ...rest }: { $metadata: unknown }) => {
  expect($metadata).toMatchObject({ httpStatusCode: 200 });
  return rest;
};

/** Sends the same command through both clients; returns both outputs (or both errors). */
async function both(command: string, input: Record<string, unknown>): Promise<{ ours: any; official: any }> {
  const send = async (side: Side) => {
    const Command = (side.sdk as unknown as Record<string, new (input: unknown) => unknown>)[`${command}Command`]!;
    return side.client.send(new Command(input)).then(strip, (error: unknown) => ({ error }));
  };
  return { ours: await send(sides.ours), official: await send(sides.official) };
}

async function same(command: string, input: Record<string, unknown>): Promise<any> {
  const { ours, official } = await both(command, input);
  expect(ours.error).toBeUndefined();
  expect(official.error).toBeUndefined();
  expect(ours).toEqual(official);
  return ours;
}

describe("typed-xray and @aws-sdk/client-xray against the local endpoint", () => {
  it("PutTraceSegments", async () => {
    const output = await same("PutTraceSegments", { TraceSegmentDocuments: [...scenarioDocuments(), "[]", "{"] });
    expect(output.UnprocessedTraceSegments).toHaveLength(2);
  });

  it("GetTraceSummaries, page by page, filtered and by event time", async () => {
    const first = await same("GetTraceSummaries", window);
    expect(first.TraceSummaries.map((s: any) => s.Id)).toEqual([TRACE_C, TRACE_B]);
    const second = await same("GetTraceSummaries", { ...window, NextToken: first.NextToken });
    expect(second.TraceSummaries.map((s: any) => s.Id)).toEqual([TRACE_A]);
    // Every member of TraceSummary, root causes and unions included, goes through both parsers.
    expect(Object.keys(second.TraceSummaries[0]).length).toBeGreaterThanOrEqual(20);
    await same("GetTraceSummaries", { ...window, FilterExpression: 'annotation.tenant = "acme" AND fault' });
    const event = await same("GetTraceSummaries", { StartTime: new Date(NOW_MS - 1000), EndTime: new Date(NOW_MS + 1000), TimeRangeType: "Event" });
    expect(event.TraceSummaries[0].MatchedEventTime).toEqual(new Date(NOW_MS));
  });

  it("BatchGetTraces", async () => {
    const first = await same("BatchGetTraces", { TraceIds: [TRACE_A, traceId(0x404), TRACE_C] });
    expect(first.UnprocessedTraceIds).toEqual([traceId(0x404)]);
    await same("BatchGetTraces", { TraceIds: [TRACE_A, traceId(0x404), TRACE_C], NextToken: first.NextToken });
  });

  it("GetServiceGraph and GetTraceGraph", async () => {
    const graph = await same("GetServiceGraph", window);
    expect(graph.Services).toHaveLength(4);
    await same("GetServiceGraph", { ...window, NextToken: graph.NextToken });
    const traceGraph = await same("GetTraceGraph", { TraceIds: [TRACE_A, TRACE_B] });
    expect(traceGraph.Services[1].Edges[0].SummaryStatistics.FaultStatistics.TotalCount).toBe(1);
  });

  it("PutTelemetryRecords", async () => {
    await same("PutTelemetryRecords", { TelemetryRecords: [{ Timestamp: new Date(NOW_MS), SegmentsSentCount: 3, BackendConnectionErrors: { OtherCount: 1 } }] });
    expect(sides.ours.server.engine.telemetry()).toEqual(sides.official.server.engine.telemetry());
  });

  it.each([
    ["an inverted window", "GetTraceSummaries", { StartTime: window.EndTime, EndTime: window.StartTime }],
    ["a malformed filter", "GetTraceSummaries", { ...window, FilterExpression: "service(" }],
    ["too many trace ids", "GetTraceGraph", { TraceIds: [1, 2, 3, 4, 5, 6].map((n) => traceId(n)) }],
  ])("errors the same way on %s", async (_, command, input) => {
    const { ours, official } = await both(command, input);
    for (const { error } of [ours, official]) {
      expect(error.name).toBe("InvalidRequestException");
      expect(error.$fault).toBe("client");
      expect(error.$metadata.httpStatusCode).toBe(400);
    }
    expect(ours.error).toBeInstanceOf(Ours.InvalidRequestException);
    expect(official.error).toBeInstanceOf(Official.InvalidRequestException);
    // Official: the service's message as `message`; ours: it as `Message`, and within a richer `message`.
    expect(official.error.message).toBe(ours.error.Message);
    expect(ours.error.message).toContain(official.error.message);
  });
});
