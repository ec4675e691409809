/**
 * The protocol layer's routing: requests reach the operations the model binds them to, and a
 * request no implemented operation answers is told which are implemented, or that it is no
 * X-Ray operation at all. Runs the handler directly (no socket).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OperationHttp } from "../../src/generated/wire.js";
import { XRAY_OPERATIONS, XRayEngine } from "../../src/local/engine/XRayEngine.js";
import { createProtocolHandler } from "../../src/local/protocol.js";

const handle = createProtocolHandler(new XRayEngine({ now: () => 1_700_000_000_000 }));
const request = (method: string, target: string, body = "{}") =>
  handle({ method, target, headers: { "content-type": "application/json", host: "127.0.0.1" }, body: new TextEncoder().encode(body) });
const messageOf = (response: { body: string }): string => (JSON.parse(response.body) as { message: string }).message;

/** Every operation of the official X-Ray model (in this repository), with its HTTP binding. */
const officialOperations = (): Array<{ name: string; method: string; uri: string }> => {
  const model = JSON.parse(readFileSync(new URL("../fixtures/models/xray-2016-04-12.json", import.meta.url), "utf8")) as {
    shapes: Record<string, { type: string; traits?: Record<string, any> }>;
  };
  return Object.entries(model.shapes)
    .filter(([, shape]) => shape.type === "operation")
    .map(([id, shape]) => ({ name: id.slice(id.indexOf("#") + 1), ...(shape.traits!["smithy.api#http"] as { method: string; uri: string }) }));
};

const IMPLEMENTED_LIST =
  "BatchGetTraces (POST /Traces), GetSamplingRules (POST /GetSamplingRules), GetSamplingTargets (POST /SamplingTargets), GetServiceGraph (POST /ServiceGraph), GetTraceGraph (POST /TraceGraph), GetTraceSummaries (POST /TraceSummaries), PutTelemetryRecords (POST /TelemetryRecords), PutTraceSegments (POST /TraceSegments)";

describe("routing", () => {
  it("implements the eight operations of models/xray.json, at the paths the generator took from it", () => {
    expect(XRAY_OPERATIONS).toEqual(["BatchGetTraces", "GetSamplingRules", "GetSamplingTargets", "GetServiceGraph", "GetTraceGraph", "GetTraceSummaries", "PutTelemetryRecords", "PutTraceSegments"]);
    expect(OperationHttp.GetTraceSummaries).toEqual({ method: "POST", uri: "/TraceSummaries" });
    expect(OperationHttp.PutTelemetryRecords).toEqual({ method: "POST", uri: "/TelemetryRecords" });
  });

  it.each(XRAY_OPERATIONS.map((name) => [name, OperationHttp[name].uri] as const))("routes POST %s to its operation (%s)", async (_, uri) => {
    const response = await request("POST", uri);
    // Each operation answers in its own way (an empty body is valid input to some, not to others),
    // but none is an unknown operation.
    expect(response.headers["x-amzn-errortype"]).not.toBe("UnknownOperationException");
    expect([200, 400]).toContain(response.status);
  });

  it("answers an X-Ray operation it does not implement by naming the ones it does", async () => {
    const response = await request("POST", "/Groups");
    expect(response.status).toBe(404);
    expect(response.headers["x-amzn-errortype"]).toBe("UnknownOperationException");
    expect(messageOf(response)).toBe(`POST /Groups is not implemented: this local X-Ray endpoint implements only ${IMPLEMENTED_LIST}`);
    expect(messageOf(response)).not.toMatch(/No X-Ray operation/);
  });

  it("gives that answer for every operation of the official X-Ray model it does not implement", async () => {
    const others = officialOperations().filter(({ name }) => !(XRAY_OPERATIONS as readonly string[]).includes(name));
    expect(others).toHaveLength(30);
    for (const { method, uri } of others) {
      const response = await request(method, uri);
      expect(response.status, uri).toBe(404);
      expect(messageOf(response), uri).toBe(`${method} ${uri} is not implemented: this local X-Ray endpoint implements only ${IMPLEMENTED_LIST}`);
    }
  });

  it.each([
    ["GET", "/TraceSummaries"],
    ["PUT", "/Traces"],
    ["POST", "/"],
    ["POST", "/TraceSummaries/extra"],
    ["POST", "/trace-summaries"],
    ["DELETE", "/Groups"],
  ])("answers %s %s, which is no X-Ray operation, as such", async (method, path) => {
    const response = await request(method, path);
    expect(response.status).toBe(404);
    expect(response.headers["x-amzn-errortype"]).toBe("UnknownOperationException");
    expect(messageOf(response)).toBe(`${method} ${path} is no X-Ray operation: X-Ray's operations are POST requests to a path of one segment, such as POST /TraceSummaries`);
  });

  it("routes on the path alone, not the query", async () => {
    const response = await request("POST", "/TelemetryRecords?x=1", JSON.stringify({ TelemetryRecords: [] }));
    expect(response.status).toBe(200);
  });
});

describe("the engine, called by operation name", () => {
  it("names the operations it implements when asked for another", async () => {
    const engine = new XRayEngine();
    const error = await engine.handle("GetGroups", {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "UnknownOperationException", statusCode: 404 });
    expect((error as Error).message).toBe(`"GetGroups" is not implemented: this local X-Ray endpoint implements only ${IMPLEMENTED_LIST}`);
  });

  it("keeps PutTelemetryRecords batches, as its handler in operations/ does", async () => {
    const engine = new XRayEngine({ now: () => 5_000 });
    await expect(engine.handle("PutTelemetryRecords", { TelemetryRecords: [{ Timestamp: 1.5, SegmentsSentCount: 2 }], Hostname: "h" })).resolves.toEqual({});
    expect(engine.telemetry()).toEqual([{ receivedAt: 5_000, Hostname: "h", TelemetryRecords: [{ Timestamp: 1.5, SegmentsSentCount: 2 }] }]);
  });
});
