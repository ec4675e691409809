/**
 * Users who instrument clients add middleware to `client.middlewareStack` (or a command's
 * stack), by step or relative to the named steps of the official client. The same middleware
 * runs against typed-xray and `@aws-sdk/client-xray` side by side, checked on the wire of a
 * loopback server.
 */
import * as Official from "@aws-sdk/client-xray";
import type {
  BuildMiddleware,
  DeserializeMiddleware,
  FinalizeRequestMiddleware,
  HttpRequest,
  HttpResponse,
  InitializeMiddleware,
  MetadataBearer,
  MiddlewareStack,
} from "@smithy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Ours from "../../src/index.js";
import { startLoopback, type Loopback, type RecordedRequest } from "../support/loopback.js";

/** The part of a client module these tests use, typed as typed-xray's (see ecosystem-client-mock.test.ts). */
type XRayModule = Pick<typeof Ours, "XRayClient" | "BatchGetTracesCommand" | "GetTraceSummariesCommand">;

const MODULES: readonly { name: string; module: XRayModule }[] = [
  { name: "typed-xray", module: Ours },
  { name: "@aws-sdk/client-xray", module: Official as unknown as XRayModule },
];

const TRACE_ID = "1-5759e988-bd862e3fe1be46a994272793";
const OK = { status: 200, body: { Traces: [] }, headers: { "x-amzn-requestid": "req-ok" } };
const UNAVAILABLE = { status: 503, body: { message: "try again" }, headers: { "x-amzn-errortype": "ServiceUnavailable" } };

/** The header names a request was signed over. */
function signedHeaders(request: RecordedRequest | undefined): string[] {
  return /SignedHeaders=([^,]+)/.exec(request?.headers.authorization ?? "")?.[1]?.split(";") ?? [];
}

type Stack = MiddlewareStack<any, MetadataBearer>;

describe.each(MODULES)("middleware on $name", ({ module: xray }) => {
  let server: Loopback;
  let client: InstanceType<XRayModule["XRayClient"]>;
  let stack: Stack;
  const send = () => client.send(new xray.BatchGetTracesCommand({ TraceIds: [TRACE_ID] }));

  beforeEach(async () => {
    server = await startLoopback();
    client = new xray.XRayClient({
      endpoint: server.url,
      region: "eu-west-1",
      credentials: { accessKeyId: "AKIDMIDDLEWARE", secretAccessKey: "middleware-secret" },
      maxAttempts: 2,
    });
    stack = client.middlewareStack as unknown as Stack;
  });

  afterEach(async () => {
    client.destroy();
    await server.close();
  });

  it("names the steps as the official client does, so middleware can be placed relative to them", () => {
    // Entries read "name - step" or "name (a.k.a. aliases) - step".
    const names = stack.identify().map((entry) => entry.split(/ - | \(/)[0]);
    expect(names).toEqual(expect.arrayContaining(["serializerMiddleware", "retryMiddleware", "httpSigningMiddleware", "deserializerMiddleware"]));
  });

  it("a build-step middleware adds a header that is sent and signed; an initialize-step one sees the command", async () => {
    const seen: { clientName?: string; commandName?: string; input: unknown }[] = [];
    const recordCommand: InitializeMiddleware<any, MetadataBearer> = (next, context) => async (args) => {
      seen.push({ clientName: context.clientName, commandName: context.commandName, input: args.input });
      return next(args);
    };
    const addHeader: BuildMiddleware<any, MetadataBearer> = (next) => async (args) => {
      (args.request as HttpRequest).headers["x-team"] = "checkout";
      return next(args);
    };
    stack.add(recordCommand, { step: "initialize", name: "recordCommand" });
    stack.add(addHeader, { step: "build", name: "addTeamHeader" });
    server.script(OK);

    await send();

    expect(seen).toEqual([{ clientName: "XRayClient", commandName: "BatchGetTracesCommand", input: { TraceIds: [TRACE_ID] } }]);
    expect(server.requests[0]?.headers["x-team"]).toBe("checkout");
    expect(signedHeaders(server.requests[0])).toContain("x-team");
  });

  it("addRelativeTo retryMiddleware: before runs once per call, after runs once per attempt", async () => {
    const calls = { before: 0, after: 0 };
    const beforeRetry: FinalizeRequestMiddleware<any, MetadataBearer> = (next) => async (args) => {
      calls.before++;
      return next(args);
    };
    const afterRetry: FinalizeRequestMiddleware<any, MetadataBearer> = (next) => async (args) => {
      calls.after++;
      const request = args.request as HttpRequest;
      return next({ ...args, request: Object.assign(Object.create(Object.getPrototypeOf(request)), request, { headers: { ...request.headers, "x-attempt-seen": String(calls.after) } }) });
    };
    stack.addRelativeTo(beforeRetry, { name: "beforeRetry", relation: "before", toMiddleware: "retryMiddleware" });
    stack.addRelativeTo(afterRetry, { name: "afterRetry", relation: "after", toMiddleware: "retryMiddleware" });
    server.script(UNAVAILABLE, OK);

    const output = await send();

    expect(output.$metadata.attempts).toBe(2);
    expect(calls).toEqual({ before: 1, after: 2 });
    expect(server.requests.map((request) => request.headers["x-attempt-seen"])).toEqual(["1", "2"]);
  });

  it("a deserialize-step middleware sees the raw response and the parsed output", async () => {
    const seen: { status: number; requestId: unknown; traces: unknown }[] = [];
    const observe: DeserializeMiddleware<any, MetadataBearer> = (next) => async (args) => {
      const result = await next(args);
      const output = result.output as MetadataBearer & { Traces?: unknown };
      seen.push({ status: (result.response as HttpResponse).statusCode, requestId: output.$metadata.requestId, traces: output.Traces });
      return result;
    };
    // High priority in the deserialize step wraps the deserializer, so the output is parsed.
    stack.add(observe, { step: "deserialize", name: "observeResponse", priority: "high" });
    server.script(OK);

    await send();

    expect(seen).toEqual([{ status: 200, requestId: "req-ok", traces: [] }]);
  });

  it("command-level middleware applies to that command only; removing client middleware by name works", async () => {
    const addHeader: BuildMiddleware<any, MetadataBearer> = (next) => async (args) => {
      (args.request as HttpRequest).headers["x-only-this-command"] = "yes";
      return next(args);
    };
    const clientWide: BuildMiddleware<any, MetadataBearer> = (next) => async (args) => {
      (args.request as HttpRequest).headers["x-client-wide"] = "yes";
      return next(args);
    };
    stack.add(clientWide, { step: "build", name: "clientWide" });
    const command = new xray.BatchGetTracesCommand({ TraceIds: [TRACE_ID] });
    (command.middlewareStack as unknown as Stack).add(addHeader, { step: "build", name: "onlyThisCommand" });
    server.script(OK, OK, OK);

    await client.send(command);
    await send();
    expect(stack.remove("clientWide")).toBe(true);
    await send();

    expect(server.requests.map((r) => [r.headers["x-only-this-command"], r.headers["x-client-wide"]])).toEqual([
      ["yes", "yes"],
      [undefined, "yes"],
      [undefined, undefined],
    ]);
  });
});
