/**
 * `typed-xray/local/msw`: the engine behind msw handlers. Our client, with its default endpoint
 * for any region, talks to it through `setupServer`; signatures can be checked; an engine can be
 * shared with the HTTP server; and the module bundles for browsers without Node built-ins.
 */
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { http, HttpResponse, passthrough } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceSummariesCommand,
  InvalidRequestException,
  PutTelemetryRecordsCommand,
  PutTraceSegmentsCommand,
  XRayClient,
  type XRayClientConfig,
} from "../../src/index.js";
import { startLocalXRay } from "../../src/local/index.js";
import { createLocalXRayHandlers } from "../../src/local/msw.js";
import { TRACE_A, TRACE_B, TRACE_C, T0, WINDOW, scenarioDocuments } from "../support/local-scenario.js";

const CREDENTIALS = { accessKeyId: "AKIDMSWTEST", secretAccessKey: "msw-test-secret" };
const window = { StartTime: new Date(WINDOW.StartTime * 1000), EndTime: new Date(WINDOW.EndTime * 1000) };
const root = fileURLToPath(new URL("../..", import.meta.url));

const server = setupServer();
const clients: XRayClient[] = [];
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  for (const client of clients.splice(0)) client.destroy();
});
afterAll(() => server.close());

function client(options: XRayClientConfig = {}): XRayClient {
  const made = new XRayClient({ region: "eu-west-1", credentials: CREDENTIALS, maxAttempts: 1, ...options });
  clients.push(made);
  return made;
}

describe("createLocalXRayHandlers", () => {
  it("serves every operation to our client at its default endpoint", async () => {
    const { handlers, engine } = createLocalXRayHandlers();
    server.use(...handlers);
    const xray = client();
    const put = await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [...scenarioDocuments(), "nope"] }));
    expect(put.UnprocessedTraceSegments?.map((u) => u.ErrorCode)).toEqual(["MalformedDocument"]);
    const summaries = await xray.send(new GetTraceSummariesCommand(window));
    expect(summaries.TraceSummaries?.map((s) => s.Id)).toEqual([TRACE_C, TRACE_B, TRACE_A]);
    expect(summaries.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const traces = await xray.send(new BatchGetTracesCommand({ TraceIds: [TRACE_B] }));
    expect(traces.Traces?.[0]?.Segments).toHaveLength(1);
    const graph = await xray.send(new GetServiceGraphCommand(window));
    expect(graph.Services?.map((s) => s.Name)).toContain("payments");
    await xray.send(new PutTelemetryRecordsCommand({ TelemetryRecords: [{ Timestamp: new Date(T0 * 1000) }] }));
    expect(engine.telemetry()).toHaveLength(1);
    const error = await xray.send(new GetTraceSummariesCommand({ ...window, FilterExpression: "annotation." })).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidRequestException);
  });

  it("answers every region and partition by default, and only the given endpoint when told", async () => {
    const { handlers } = createLocalXRayHandlers();
    server.use(...handlers);
    for (const region of ["us-east-1", "cn-north-1", "eu-central-2"]) {
      await expect(client({ region }).send(new GetTraceSummariesCommand(window))).resolves.toMatchObject({ TraceSummaries: [] });
    }
    await expect(client({ region: "us-west-2", useFipsEndpoint: true }).send(new GetTraceSummariesCommand(window))).resolves.toBeDefined();

    // Handlers match in order: a request the local handlers leave alone reaches the teapot.
    const teapot = http.all("*", () => new HttpResponse(null, { status: 418 }));
    server.resetHandlers(...createLocalXRayHandlers({ baseUrl: "https://xray.us-east-1.amazonaws.com/" }).handlers, teapot);
    await expect(client({ region: "us-east-1" }).send(new GetTraceSummariesCommand(window))).resolves.toBeDefined();
    await expect(client({ region: "eu-west-1" }).send(new GetTraceSummariesCommand(window))).rejects.toMatchObject({ $metadata: { httpStatusCode: 418 } });
  });

  it("checks signatures when asked to", async () => {
    server.use(...createLocalXRayHandlers({ verifySignatures: true, credentials: CREDENTIALS }).handlers);
    await expect(client().send(new GetTraceSummariesCommand(window))).resolves.toBeDefined();
    const error = await client({ credentials: { ...CREDENTIALS, secretAccessKey: "wrong" } }).send(new GetTraceSummariesCommand(window)).catch((e) => e);
    expect(error).toMatchObject({ name: "InvalidSignatureException", $metadata: { httpStatusCode: 403 } });
  });

  it("can share its engine with the HTTP server", async () => {
    const local = await startLocalXRay();
    try {
      // msw intercepts every request of the process: let the loopback ones through to the real server.
      server.use(...createLocalXRayHandlers({ engine: local.engine }).handlers, http.all(`${local.endpoint}/*`, () => passthrough()));
      await client().send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: scenarioDocuments() }));
      const viaHttp = client({ endpoint: local.endpoint });
      expect((await viaHttp.send(new GetTraceSummariesCommand(window))).TraceSummaries).toHaveLength(3);
    } finally {
      await local.close();
    }
  });

  it("bundles for browsers without Node built-ins", async () => {
    const result = await build({
      entryPoints: [`${root}/src/local/msw.ts`],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
      external: ["msw"],
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.endsWith("src/local/engine/XRayEngine.ts"))).toBe(true);
    expect(inputs.filter((input) => input.startsWith("node:") || /src\/local\/(index|http-server|persistence|cli)\.ts$/.test(input))).toEqual([]);
  });
});
