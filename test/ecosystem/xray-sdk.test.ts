/**
 * The most common client instrumentation in the X-Ray world, `aws-xray-sdk-core`'s
 * `captureAWSv3Client`, works on typed-xray as on `@aws-sdk/client-xray`: it adds build-step
 * middleware that reads `context.clientName`/`commandName`, `config.region()` and the output's
 * `$metadata`, records a subsegment and sends the trace header. Both clients run side by side
 * (manual mode, so no context propagation is involved) against a loopback server.
 */
import * as Official from "@aws-sdk/client-xray";
import AWSXRay from "aws-xray-sdk-core";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as Ours from "../../src/index.js";
import { startLoopback, type Loopback } from "../support/loopback.js";

/** The part of a client module these tests use, typed as typed-xray's (see ecosystem-client-mock.test.ts). */
type XRayModule = Pick<typeof Ours, "XRayClient" | "BatchGetTracesCommand">;

const MODULES: readonly { name: string; module: XRayModule }[] = [
  { name: "typed-xray", module: Ours },
  { name: "@aws-sdk/client-xray", module: Official as unknown as XRayModule },
];

const TRACE_ID = "1-5759e988-bd862e3fe1be46a994272793";

beforeAll(() => {
  AWSXRay.enableManualMode();
  // The SDK logs a line per traced call; nothing here needs it.
  AWSXRay.setLogger({ debug() {}, info() {}, warn() {}, error() {} });
});

describe.each(MODULES)("captureAWSv3Client on $name", ({ module: xray }) => {
  let server: Loopback;
  let client: InstanceType<XRayModule["XRayClient"]>;

  beforeEach(async () => {
    server = await startLoopback();
    client = new xray.XRayClient({
      endpoint: server.url,
      region: "eu-west-1",
      credentials: { accessKeyId: "AKIDINSTRUMENTED", secretAccessKey: "instrumented-secret" },
      maxAttempts: 2,
    });
  });

  afterEach(async () => {
    client.destroy();
    await server.close();
  });

  it("records a subsegment for the call and propagates the trace header on the wire", async () => {
    const segment = new AWSXRay.Segment("checkout");
    AWSXRay.captureAWSv3Client(client as never, segment);
    server.script(
      { status: 503, body: { message: "busy" } },
      { status: 200, body: { Traces: [] }, headers: { "x-amzn-requestid": "req-traced" } },
    );

    await client.send(new xray.BatchGetTracesCommand({ TraceIds: [TRACE_ID] }));

    const [subsegment] = (segment.subsegments ?? []) as unknown as { id: string; toJSON(): Record<string, unknown> }[];
    const recorded = JSON.parse(JSON.stringify(subsegment)) as Record<string, unknown>;
    expect(recorded).toMatchObject({
      name: "XRay",
      namespace: "aws",
      aws: { operation: "BatchGetTraces", region: "eu-west-1", request_id: "req-traced", retries: 2 },
      http: { response: { status: 200 } },
    });
    expect(recorded["fault"]).toBeUndefined();
    // The header goes out on every attempt, naming the segment's trace and the subsegment.
    expect(server.requests.map((request) => request.headers["x-amzn-trace-id"])).toEqual(
      Array(2).fill(`Root=${segment.trace_id};Parent=${subsegment!.id};Sampled=1`),
    );
  });

  it("marks the subsegment with the error when the call fails", async () => {
    const segment = new AWSXRay.Segment("checkout");
    AWSXRay.captureAWSv3Client(client as never, segment);
    server.script({
      status: 400,
      body: { message: "bad ids" },
      headers: { "x-amzn-errortype": "InvalidRequestException", "x-amzn-requestid": "req-bad" },
    });

    const error = await client.send(new xray.BatchGetTracesCommand({ TraceIds: [TRACE_ID] })).catch((e: unknown) => e);

    expect((error as Error).name).toBe("InvalidRequestException");
    const recorded = JSON.parse(JSON.stringify(segment.subsegments?.[0])) as Record<string, unknown>;
    expect(recorded).toMatchObject({
      error: true,
      aws: { operation: "BatchGetTraces", request_id: "req-bad" },
      http: { response: { status: 400 } },
      cause: { exceptions: [{ type: "InvalidRequestException", remote: true }] },
    });
  });
});
