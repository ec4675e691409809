/**
 * `aws-sdk-client-mock` (`mockClient(XRayClient)`) works with typed-xray as with
 * `@aws-sdk/client-xray`: the same scenario runs against both, side by side.
 *
 * The scenario is written against typed-xray's types, as a user who migrated would write it, so
 * `npm run typecheck` also proves that the mock library's generics accept our client and
 * commands. The official module is run through the same code by viewing it through our module's
 * type (the two are structurally the same API; the cast only sets aside nominal class identity).
 */
import * as Official from "@aws-sdk/client-xray";
import type { HttpHandlerOptions, HttpRequest, HttpResponse } from "@smithy/types";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Ours from "../../src/index.js";

/** The part of a client module the scenario uses. */
type XRayModule = Pick<
  typeof Ours,
  | "XRayClient"
  | "XRay"
  | "GetTraceSummariesCommand"
  | "BatchGetTracesCommand"
  | "PutTraceSegmentsCommand"
  | "ThrottledException"
  | "XRayServiceException"
  | "paginateGetTraceSummaries"
>;

const MODULES: readonly { name: string; module: XRayModule }[] = [
  { name: "typed-xray", module: Ours },
  { name: "@aws-sdk/client-xray", module: Official as unknown as XRayModule },
];

const TRACE_A = "1-5759e988-bd862e3fe1be46a994272793";
const TRACE_B = "1-5759e988-bd862e3fe1be46a994272794";
const WINDOW = { StartTime: new Date("2024-01-01T00:00:00Z"), EndTime: new Date("2024-01-01T01:00:00Z") };

/** A transport that answers every request with the same JSON body, and counts requests. */
function cannedTransport(body: unknown): { handle: (request: HttpRequest, options?: HttpHandlerOptions) => Promise<{ response: HttpResponse }>; count: number } {
  const transport = {
    count: 0,
    handle: async () => {
      transport.count++;
      return {
        response: {
          statusCode: 200,
          headers: { "content-type": "application/json", "x-amzn-requestid": "real-request" },
          body: new TextEncoder().encode(JSON.stringify(body)),
        } as HttpResponse,
      };
    },
  };
  return transport;
}

describe.each(MODULES)("mockClient with $name", ({ module: xray }) => {
  const options = { region: "eu-west-1", credentials: { accessKeyId: "AKIDMOCK", secretAccessKey: "mock-secret" } };
  // A fresh stub of XRayClient.prototype.send per test, and the real send back after it.
  let mock: ReturnType<typeof mockClient<Ours.ServiceInputTypes, Ours.ServiceOutputTypes, Ours.ServiceResolvedConfig>>;
  beforeEach(() => {
    mock = mockClient(xray.XRayClient);
  });
  afterEach(() => mock.restore());

  it("on(Command, input).resolves answers matching input only", async () => {
    mock.on(xray.GetTraceSummariesCommand, { FilterExpression: "fault = true" }).resolves({ TraceSummaries: [{ Id: TRACE_A }] });
    const client = new xray.XRayClient(options);

    const matched = await client.send(new xray.GetTraceSummariesCommand({ ...WINDOW, FilterExpression: "fault = true" }));
    const other = await client.send(new xray.GetTraceSummariesCommand({ ...WINDOW, FilterExpression: "error = true" }));

    expect(matched.TraceSummaries?.[0]?.Id).toBe(TRACE_A);
    // sinon's default for an unconfigured call: resolves undefined, no request made.
    expect(other).toBeUndefined();
  });

  it("rejects with a typed exception the caller narrows with instanceof, or with a message", async () => {
    const client = new xray.XRayClient(options);
    mock
      .on(xray.PutTraceSegmentsCommand)
      .rejects(new xray.ThrottledException({ $metadata: { httpStatusCode: 429 }, message: "slow down" }));
    mock.on(xray.BatchGetTracesCommand).rejects("mocked failure");

    const throttled = await client.send(new xray.PutTraceSegmentsCommand({ TraceSegmentDocuments: ["{}"] })).catch((e: unknown) => e);
    const failed = await client.send(new xray.BatchGetTracesCommand({ TraceIds: [TRACE_A] })).catch((e: unknown) => e);

    expect(throttled).toBeInstanceOf(xray.ThrottledException);
    expect(throttled).toBeInstanceOf(xray.XRayServiceException);
    expect(throttled).toMatchObject({ name: "ThrottledException", $fault: "client", message: "slow down" });
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toBe("mocked failure");
  });

  it("callsFake receives the input and the client", async () => {
    mock.on(xray.BatchGetTracesCommand).callsFake(async (input: Ours.BatchGetTracesCommandInput, getClient) => ({
      Traces: (input.TraceIds ?? []).map((Id) => ({ Id })),
      UnprocessedTraceIds: [await (getClient().config as { region: () => Promise<string> }).region()],
    }));
    const client = new xray.XRayClient(options);

    const output = await client.send(new xray.BatchGetTracesCommand({ TraceIds: [TRACE_A, TRACE_B] }));

    expect(output.Traces?.map((trace) => trace.Id)).toEqual([TRACE_A, TRACE_B]);
    expect(output.UnprocessedTraceIds).toEqual(["eu-west-1"]);
  });

  it("resolvesOnce chains, onAnyCommand, and a paginator driven by the mock", async () => {
    // The fallback first: a later matching behaviour wins (sinon's withArgs order).
    mock.onAnyCommand().resolves({});
    mock
      .on(xray.GetTraceSummariesCommand)
      .resolvesOnce({ TraceSummaries: [{ Id: TRACE_A }], NextToken: "page-2" })
      .resolvesOnce({ TraceSummaries: [{ Id: TRACE_B }] });
    const client = new xray.XRayClient(options);

    const ids: (string | undefined)[] = [];
    for await (const page of xray.paginateGetTraceSummaries({ client }, WINDOW)) ids.push(...(page.TraceSummaries ?? []).map((s) => s.Id));
    const other = await client.send(new xray.PutTraceSegmentsCommand({ TraceSegmentDocuments: [] }));

    expect(ids).toEqual([TRACE_A, TRACE_B]);
    // Only the last call's input is compared: the official paginator reuses one input object
    // across pages, so the recorded first call shows the token too.
    expect(mock.commandCalls(xray.GetTraceSummariesCommand)).toHaveLength(2);
    expect(mock.commandCalls(xray.GetTraceSummariesCommand)[1]?.args[0].input.NextToken).toBe("page-2");
    expect(other).toEqual({});
  });

  it("commandCalls filters by command and input; calls() sees every send", async () => {
    mock.onAnyCommand().resolves({});
    const client = new xray.XRayClient(options);
    await client.send(new xray.BatchGetTracesCommand({ TraceIds: [TRACE_A] }));
    await client.send(new xray.BatchGetTracesCommand({ TraceIds: [TRACE_B] }));
    await client.send(new xray.PutTraceSegmentsCommand({ TraceSegmentDocuments: ["{}"] }));

    expect(mock.calls()).toHaveLength(3);
    expect(mock.commandCalls(xray.BatchGetTracesCommand)).toHaveLength(2);
    expect(mock.commandCalls(xray.BatchGetTracesCommand, { TraceIds: [TRACE_B] })).toHaveLength(1);
    expect(mock.commandCalls(xray.PutTraceSegmentsCommand)[0]?.args[0]).toBeInstanceOf(xray.PutTraceSegmentsCommand);
  });

  it("mocks the aggregated client too (it extends XRayClient)", async () => {
    mock.on(xray.GetTraceSummariesCommand).resolves({ TraceSummaries: [{ Id: TRACE_A }] });

    const output = await new xray.XRay(options).getTraceSummaries(WINDOW);

    expect(output.TraceSummaries?.[0]?.Id).toBe(TRACE_A);
    expect(mock.commandCalls(xray.GetTraceSummariesCommand)).toHaveLength(1);
  });

  it("reset() forgets behaviours and history", async () => {
    mock.onAnyCommand().resolves({ TraceSummaries: [{ Id: TRACE_A }] });
    const client = new xray.XRayClient(options);
    await client.send(new xray.GetTraceSummariesCommand(WINDOW));

    mock.reset();

    expect(mock.calls()).toHaveLength(0);
    expect(await client.send(new xray.GetTraceSummariesCommand(WINDOW))).toBeUndefined();
  });

  it("restore() puts the real send back: the request reaches the transport again", async () => {
    const transport = cannedTransport({ TraceSummaries: [{ Id: TRACE_B }] });
    const client = new xray.XRayClient({ ...options, requestHandler: transport });
    mock.onAnyCommand().resolves({ TraceSummaries: [{ Id: TRACE_A }] });
    const mocked = await client.send(new xray.GetTraceSummariesCommand(WINDOW));

    mock.restore();
    const real = await client.send(new xray.GetTraceSummariesCommand(WINDOW));

    expect(mocked.TraceSummaries?.[0]?.Id).toBe(TRACE_A);
    expect(real.TraceSummaries?.[0]?.Id).toBe(TRACE_B);
    expect(real.$metadata.requestId).toBe("real-request");
    expect(transport.count).toBe(1);
  });

  it("mocking one instance leaves other instances alone", async () => {
    mock.restore();
    const transport = cannedTransport({ Traces: [] });
    const mocked = new xray.XRayClient(options);
    const real = new xray.XRayClient({ ...options, requestHandler: transport });
    const instanceMock = mockClient(mocked);
    instanceMock.onAnyCommand().resolves({ Traces: [{ Id: TRACE_A }] });

    const fromMock = await mocked.send(new xray.BatchGetTracesCommand({ TraceIds: [TRACE_A] }));
    const fromReal = await real.send(new xray.BatchGetTracesCommand({ TraceIds: [TRACE_A] }));
    instanceMock.restore();

    expect(fromMock.Traces).toEqual([{ Id: TRACE_A }]);
    expect(fromReal.Traces).toEqual([]);
    expect(transport.count).toBe(1);
    expect(instanceMock.calls()).toHaveLength(1);
  });
});
