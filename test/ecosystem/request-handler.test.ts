/**
 * Swapping the transport (`requestHandler`): a tuned `NodeHttpHandler` with the user's own
 * keep-alive agent, a `FetchHttpHandler`, or any object with `handle()`, exactly as with
 * `@aws-sdk/client-xray` (both run side by side against a loopback server).
 */
import { Agent } from "node:http";
import * as Official from "@aws-sdk/client-xray";
import { FetchHttpHandler } from "@smithy/fetch-http-handler";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from "@smithy/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Ours from "../../src/index.js";
import { startLoopback, type Loopback } from "../support/loopback.js";

/** The part of a client module these tests use, typed as typed-xray's (see ecosystem-client-mock.test.ts). */
type XRayModule = Pick<typeof Ours, "XRayClient" | "GetTraceSummariesCommand">;

const MODULES: readonly { name: string; module: XRayModule }[] = [
  { name: "typed-xray", module: Ours },
  { name: "@aws-sdk/client-xray", module: Official as unknown as XRayModule },
];

const TRACE_ID = "1-5759e988-bd862e3fe1be46a994272793";
const WINDOW = { StartTime: new Date("2024-01-01T00:00:00Z"), EndTime: new Date("2024-01-01T01:00:00Z") };
const SUMMARIES = {
  status: 200,
  headers: { "x-amzn-requestid": "req-handler" },
  body: { TraceSummaries: [{ Id: TRACE_ID, StartTime: 1704067200.5, HasFault: true }], TracesProcessedCount: 1 },
};

describe.each(MODULES)("requestHandler on $name", ({ module: xray }) => {
  let server: Loopback;
  const cleanups: (() => void)[] = [];
  const client = (requestHandler: RequestHandler<any, any, HttpHandlerOptions>) => {
    const made = new xray.XRayClient({
      endpoint: server.url,
      region: "eu-west-1",
      credentials: { accessKeyId: "AKIDHANDLER", secretAccessKey: "handler-secret" },
      requestHandler,
    });
    cleanups.push(() => made.destroy());
    return made;
  };
  const send = (made: InstanceType<XRayModule["XRayClient"]>, options?: { abortSignal?: AbortSignal }) =>
    made.send(new xray.GetTraceSummariesCommand(WINDOW), options);

  beforeEach(async () => {
    server = await startLoopback();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await server.close();
  });

  it("a NodeHttpHandler with the user's keep-alive agent: one socket for sequential calls", async () => {
    const httpAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => httpAgent.destroy());
    const connections = vi.spyOn(httpAgent, "createConnection");
    server.script(SUMMARIES, SUMMARIES, SUMMARIES);
    const made = client(new NodeHttpHandler({ httpAgent, requestTimeout: 5_000 }));

    const outputs = [await send(made), await send(made), await send(made)];

    expect(outputs.map((output) => output.TraceSummaries?.[0]?.StartTime?.toISOString())).toEqual(
      Array(3).fill("2024-01-01T00:00:00.500Z"),
    );
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((request) => request.headers.connection)).toEqual(Array(3).fill("keep-alive"));
    expect(connections).toHaveBeenCalledTimes(1);
  });

  it("a FetchHttpHandler: the response stream is read and parsed", async () => {
    server.script(SUMMARIES);

    const output = await send(client(new FetchHttpHandler({ requestTimeout: 5_000 })));

    expect(output.TraceSummaries).toEqual([{ Id: TRACE_ID, StartTime: new Date("2024-01-01T00:00:00.500Z"), HasFault: true }]);
    expect(output.TracesProcessedCount).toBe(1);
    expect(output.$metadata).toMatchObject({ httpStatusCode: 200, requestId: "req-handler" });
    expect(server.requests[0]?.path).toBe("/TraceSummaries");
  });

  it("any object with handle(): it gets the signed request and the call's abortSignal; destroy() reaches it", async () => {
    const inner = new NodeHttpHandler({ requestTimeout: 5_000 });
    const seen: { method: string; path: string; signed: boolean; hasSignal: boolean }[] = [];
    const destroy = vi.fn(() => inner.destroy());
    const wrapper = {
      handle: (request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> => {
        seen.push({
          method: request.method,
          path: request.path,
          signed: /^AWS4-HMAC-SHA256 /.test(request.headers["authorization"] ?? request.headers["Authorization"] ?? ""),
          hasSignal: options?.abortSignal !== undefined,
        });
        return inner.handle(request as Parameters<NodeHttpHandler["handle"]>[0], options);
      },
      destroy,
    };
    server.script(SUMMARIES);
    const made = client(wrapper);

    const output = await send(made, { abortSignal: new AbortController().signal });
    made.destroy();

    expect(output.TraceSummaries?.[0]?.Id).toBe(TRACE_ID);
    expect(seen).toEqual([{ method: "POST", path: "/TraceSummaries", signed: true, hasSignal: true }]);
    expect(destroy).toHaveBeenCalled();
  });
});
