/**
 * The local endpoint over real HTTP on loopback: every operation through our client, typed
 * errors, the wire details AWS clients rely on (headers, CORS, status codes of protocol errors,
 * the body limit), the rate limit, many concurrent clients, reset and prompt close.
 */
import { request } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceGraphCommand,
  GetTraceSummariesCommand,
  InvalidRequestException,
  PutTelemetryRecordsCommand,
  PutTraceSegmentsCommand,
  ThrottledException,
  XRayClient,
  XRayServiceException,
  paginateGetTraceSummaries,
  type XRayClientConfig,
} from "../../src/index.js";
import { startLocalXRay, type LocalXRay, type LocalXRayOptions } from "../../src/local/index.js";
import { TA, TRACE_A, TRACE_B, TRACE_C, T0, WINDOW, frontend, payments, scenarioDocuments, segmentId, sql, traceId } from "../support/local-scenario.js";

const CREDENTIALS = { accessKeyId: "AKIDLOCALTEST", secretAccessKey: "local-test-secret" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const window = { StartTime: new Date(WINDOW.StartTime * 1000), EndTime: new Date(WINDOW.EndTime * 1000) };

let servers: LocalXRay[] = [];
let clients: XRayClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: LocalXRayOptions = {}): Promise<LocalXRay> {
  const server = await startLocalXRay(options);
  servers.push(server);
  return server;
}

function clientFor(server: LocalXRay, options: XRayClientConfig = {}): XRayClient {
  const client = new XRayClient({ endpoint: server.endpoint, region: "us-east-1", credentials: CREDENTIALS, ...options });
  clients.push(client);
  return client;
}

/** A raw POST, for what the typed client never sends. */
async function post(server: LocalXRay, path: string, body: string | Uint8Array, headers: Record<string, string> = {}, method = "POST") {
  // JSON unless the test says otherwise: fetch labels a string body text/plain, which the endpoint refuses.
  const response = await fetch(`${server.endpoint}${path}`, { method, body: method === "GET" ? undefined : (body as BodyInit), headers: { "content-type": "application/json", ...headers } });
  return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() };
}

describe("every operation through typed-xray", () => {
  let server: LocalXRay;
  let client: XRayClient;
  beforeEach(async () => {
    server = await start({ pageSizes: { traceSummaries: 1 } });
    client = clientFor(server);
  });

  it("stores segments, then answers summaries, traces, graphs and telemetry from them", async () => {
    const put = await client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [...scenarioDocuments(), "{oops"] }));
    expect(put.UnprocessedTraceSegments).toEqual([{ ErrorCode: "MalformedDocument", Message: expect.stringMatching(/not valid JSON/) }]);
    expect(put.$metadata).toMatchObject({ httpStatusCode: 200, requestId: expect.stringMatching(UUID) });

    const pages = [];
    for await (const page of paginateGetTraceSummaries({ client }, window)) pages.push(page);
    expect(pages.map((page) => page.TraceSummaries?.map((s) => s.Id))).toEqual([[TRACE_C], [TRACE_B], [TRACE_A]]);
    const summaryA = pages[2]!.TraceSummaries![0]!;
    expect(summaryA.StartTime).toEqual(new Date(TA * 1000));
    expect(summaryA.Annotations?.["gateway_ok"]).toEqual([{ AnnotationValue: { BooleanValue: false }, ServiceIds: [{ Name: "payments", Names: ["payments"], Type: "AWS::ECS::Container" }] }]);
    expect(summaryA.FaultRootCauses?.[0]?.Services?.at(-1)?.EntityPath?.[0]?.Exceptions).toEqual([{ Name: "GatewayTimeout", Message: "bank did not answer" }]);
    expect(pages[0]!.TracesProcessedCount).toBe(3);

    const filtered = await client.send(new GetTraceSummariesCommand({ ...window, FilterExpression: 'service("payments") { fault }' }));
    expect(filtered.TraceSummaries?.map((s) => s.Id)).toEqual([TRACE_A]);

    const traces = await client.send(new BatchGetTracesCommand({ TraceIds: [TRACE_A, traceId(0x404)] }));
    expect(traces.Traces?.[0]?.Segments?.map((s) => s.Document)).toEqual([frontend, payments, sql].map((doc) => JSON.stringify(doc)));
    expect(traces.UnprocessedTraceIds).toEqual([traceId(0x404)]);

    const graph = await client.send(new GetServiceGraphCommand(window));
    expect(graph.Services?.map((s) => s.Name)).toEqual(["client", "frontend", "payments", "bank.example", "carts", "postgres@db.internal"]);
    expect(graph.StartTime).toEqual(window.StartTime);
    expect(graph.Services?.[1]?.EndTime).toBeInstanceOf(Date);

    const traceGraph = await client.send(new GetTraceGraphCommand({ TraceIds: [TRACE_B] }));
    expect(traceGraph.Services?.map((s) => [s.ReferenceId, s.Name, s.Edges?.map((e) => e.ReferenceId)])).toEqual([
      [0, "client", [1]],
      [1, "frontend", [2]],
      [2, "carts", []],
    ]);

    await client.send(new PutTelemetryRecordsCommand({ TelemetryRecords: [{ Timestamp: new Date(T0 * 1000), SegmentsSentCount: 6 }], Hostname: "ci" }));
    expect(server.engine.telemetry()).toEqual([{ receivedAt: expect.any(Number), Hostname: "ci", TelemetryRecords: [{ Timestamp: T0, SegmentsSentCount: 6 }] }]);
  });

  it("fails with the modelled exception classes, status and request id", async () => {
    const error = await client.send(new GetTraceSummariesCommand({ StartTime: window.EndTime, EndTime: window.StartTime })).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidRequestException);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, requestId: expect.stringMatching(UUID), attempts: 1 });
    expect(error.Message).toMatch(/EndTime .* must be after StartTime/);

    const filter = await client.send(new GetTraceSummariesCommand({ ...window, FilterExpression: "responsetime >" })).catch((e) => e);
    expect(filter).toBeInstanceOf(InvalidRequestException);
    expect(filter.Message).toMatch(/position/);
  });

  it("empties the store on reset", async () => {
    await client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: scenarioDocuments() }));
    expect(server.engine.traceCount).toBe(3);
    await server.reset();
    expect(server.engine.documentCount).toBe(0);
    expect((await client.send(new GetTraceSummariesCommand(window))).TraceSummaries).toEqual([]);
  });
});

describe("the wire", () => {
  let server: LocalXRay;
  beforeEach(async () => {
    server = await start({ maxBodyBytes: 100_000 });
  });

  it("sends a request id, JSON content type, date and CORS headers on every response", async () => {
    for (const response of [
      await post(server, "/TraceSummaries", JSON.stringify(WINDOW), { origin: "http://localhost:5173" }),
      await post(server, "/TraceSummaries", "{}", { origin: "http://localhost:5173" }),
    ]) {
      expect(response.headers["x-amzn-requestid"]).toMatch(UUID);
      expect(response.headers["content-type"]).toBe("application/json");
      expect(Date.parse(response.headers["date"]!)).not.toBeNaN();
      expect(response.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
      expect(response.headers["access-control-expose-headers"]).toBe("x-amzn-requestid, x-amzn-errortype, date");
    }
  });

  it("answers a CORS preflight for the headers SDKs send", async () => {
    const response = await post(server, "/TraceSummaries", "", {
      origin: "http://localhost:5173",
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, x-amz-date, x-custom-header",
    }, "OPTIONS");
    expect(response.status).toBe(200);
    expect(response.headers["access-control-allow-methods"]).toBe("POST, OPTIONS");
    const allowed = response.headers["access-control-allow-headers"]!.split(", ");
    for (const header of ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-user-agent", "x-amz-content-sha256", "content-type", "amz-sdk-invocation-id", "amz-sdk-request", "x-custom-header"]) {
      expect(allowed).toContain(header);
    }
  });

  it.each([
    ["an unknown path", "/Groups", "{}", "POST", 404, "UnknownOperationException"],
    ["a GET", "/TraceSummaries", "", "GET", 404, "UnknownOperationException"],
    ["malformed JSON", "/TraceSummaries", "{", "POST", 400, "SerializationException"],
    ["a JSON array body", "/TraceSummaries", "[]", "POST", 400, "SerializationException"],
    ["invalid UTF-8", "/TraceSummaries", new Uint8Array([0x7b, 0xff, 0x7d]), "POST", 400, "SerializationException"],
    ["an empty body (no StartTime)", "/TraceSummaries", "", "POST", 400, "InvalidRequestException"],
  ])("answers %s as AWS does", async (_, path, body, method, status, code) => {
    const response = await post(server, path, body, {}, method);
    expect(response.status).toBe(status);
    expect(response.headers["x-amzn-errortype"]).toBe(code);
    const parsed = JSON.parse(response.text);
    expect(parsed.message).toEqual(expect.any(String));
    expect(parsed.Message).toBe(parsed.message);
  });

  it("refuses a body over the limit with 413, whether its length is declared or streamed", async () => {
    const client = clientFor(server, { maxAttempts: 1 });
    const error = await client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: ["x".repeat(200_000)] })).catch((e) => e);
    expect(error).toBeInstanceOf(XRayServiceException);
    expect(error.name).toBe("RequestEntityTooLargeException");
    expect(error.$metadata.httpStatusCode).toBe(413);

    const url = new URL(server.endpoint);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: "/TraceSegments", method: "POST", headers: { "transfer-encoding": "chunked" } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on("error", reject);
      for (let sent = 0; sent < 300_000; sent += 10_000) req.write("y".repeat(10_000));
      req.end();
    });
    expect(status).toBe(413);
    expect(server.engine.documentCount).toBe(0);
  });

  it("closes promptly with kept-alive connections open", async () => {
    const client = clientFor(server);
    await client.send(new GetTraceSummariesCommand(window));
    // The client's keep-alive socket is still open: close() must not wait for it.
    await server.close();
    await expect(client.send(new GetTraceSummariesCommand(window))).rejects.toThrow();
  });
});

describe("rate limit", () => {
  it("answers 429 ThrottledException above the configured rate", async () => {
    let now = 1_700_000_000_000;
    const server = await start({ throttle: { requestsPerSecond: 1, burst: 2 }, now: () => now });
    const client = clientFor(server, { maxAttempts: 1 });
    await client.send(new GetTraceSummariesCommand(window));
    await client.send(new GetTraceSummariesCommand(window));
    const error = await client.send(new GetTraceSummariesCommand(window)).catch((e) => e);
    expect(error).toBeInstanceOf(ThrottledException);
    expect(error.$metadata.httpStatusCode).toBe(429);
    now += 1000;
    await expect(client.send(new GetTraceSummariesCommand(window))).resolves.toMatchObject({ TraceSummaries: [] });
  });
});

describe("concurrency", () => {
  it("loses nothing when 50 clients send 20 batches each at once", async () => {
    const server = await start();
    const clientCount = 50;
    const callsPerClient = 20;
    const trace = (c: number) => traceId(0x1000 + c, T0);
    await Promise.all(
      Array.from({ length: clientCount }, async (_, c) => {
        const client = clientFor(server);
        for (let call = 0; call < callsPerClient; call++) {
          const doc = { name: `svc-${c}`, id: segmentId(c * 1000 + call + 1), trace_id: trace(c), start_time: T0 + call, end_time: T0 + call + 0.5 };
          const { UnprocessedTraceSegments } = await client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(doc)] }));
          expect(UnprocessedTraceSegments).toEqual([]);
        }
      }),
    );
    expect(server.engine.documentCount).toBe(clientCount * callsPerClient);
    expect(server.engine.traceCount).toBe(clientCount);
    const client = clientFor(server);
    const { Traces } = await client.send(new BatchGetTracesCommand({ TraceIds: [trace(0), trace(49)] }));
    expect(Traces?.map((t) => t.Segments?.length)).toEqual([callsPerClient, callsPerClient]);
  });
});
