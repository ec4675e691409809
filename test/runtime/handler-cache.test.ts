/**
 * The middleware chain is reused across calls but never stale: a middleware added to or removed
 * from the client's stack after calls were made takes effect on the next call, and command
 * middleware and per-call options still apply.
 */
import type { HttpRequest } from "@smithy/protocol-http";
import type { BuildMiddleware, MetadataBearer } from "@smithy/types";
import { describe, expect, it } from "vitest";
import { GetTraceGraphCommand, GetTraceSummariesCommand, XRayClient } from "../../src/index.js";

function recordingClient(): { client: XRayClient; headers: Array<Record<string, string>> } {
  const headers: Array<Record<string, string>> = [];
  const client = new XRayClient({
    region: "eu-west-1",
    credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET" },
    requestHandler: {
      handle: async (request: HttpRequest) => {
        headers.push({ ...request.headers });
        return { response: { statusCode: 200, headers: {}, body: new TextEncoder().encode("{}") } };
      },
    } as never,
  });
  return { client, headers };
}

const tagging = (value: string): BuildMiddleware<any, MetadataBearer> => (next) => (args) => {
  (args.request as HttpRequest).headers["x-tag"] = value;
  return next(args);
};

const graph = () => new GetTraceGraphCommand({ TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] });

describe("handler cache", () => {
  it("applies client middleware added or removed after earlier calls", async () => {
    const { client, headers } = recordingClient();
    await client.send(graph());
    client.middlewareStack.add(tagging("one"), { step: "build", name: "tagOne" });
    await client.send(graph());
    await client.send(graph());
    client.middlewareStack.remove("tagOne");
    await client.send(graph());
    client.middlewareStack.use({ applyToStack: (stack) => stack.add(tagging("plugin"), { step: "build", name: "tagPlugin" }) });
    await client.send(graph());
    expect(headers.map((h) => h["x-tag"])).toEqual([undefined, "one", "one", undefined, "plugin"]);
  });

  it("keeps one chain per command class", async () => {
    const { client, headers } = recordingClient();
    await client.send(graph());
    await client.send(new GetTraceSummariesCommand({ StartTime: new Date(0), EndTime: new Date(1000) }));
    await client.send(graph());
    expect(headers).toHaveLength(3);
  });

  it("runs command middleware and honours per-call options", async () => {
    const { client, headers } = recordingClient();
    await client.send(graph());
    const command = graph();
    command.middlewareStack.add(tagging("command"), { step: "build", name: "tagCommand" });
    await client.send(command);
    await client.send(graph());
    expect(headers.map((h) => h["x-tag"])).toEqual([undefined, "command", undefined]);
    const controller = new AbortController();
    controller.abort();
    await expect(client.send(graph(), { abortSignal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("serves concurrent calls from one cached chain", async () => {
    const { client, headers } = recordingClient();
    const outputs = await Promise.all(Array.from({ length: 50 }, () => client.send(graph())));
    expect(outputs.every((o) => o.$metadata.httpStatusCode === 200)).toBe(true);
    expect(new Set(headers.map((h) => h["amz-sdk-invocation-id"])).size).toBe(50);
  });
});
