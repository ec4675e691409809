/**
 * Endpoint resolution, end to end through `client.send`.
 *
 * 1. The model's own `smithy.rules#endpointTests` (read from models/xray.json, not copied) are
 *    run as test vectors: each case's params become client options, and the URL the request was
 *    actually sent to (or the error `send` rejects with) must be what the case expects.
 * 2. The forms of the `endpoint` option `@aws-sdk/client-xray` accepts (string, URL, EndpointV2,
 *    v1 Endpoint, provider), path prefixes, ports and the `host` header.
 *
 * Requests are captured by a fake `requestHandler`, so nothing touches the network.
 */
import { readFileSync } from "node:fs";
import type { HttpRequest } from "@smithy/protocol-http";
import type { BuildMiddleware, MetadataBearer } from "@smithy/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConfigError, GetTraceGraphCommand, XRayClient, type XRayClientConfig } from "../../src/index.js";
import { resolveEndpointRules } from "../../src/generated/endpoint-rules.js";
import { clearAmbientAwsEnv } from "../support/ambient-env.js";

/** The shape of one `smithy.rules#endpointTests` case, as far as this test reads it. */
interface EndpointTestCase {
  documentation: string;
  params?: { Region?: string; UseFIPS?: boolean; UseDualStack?: boolean; Endpoint?: string };
  expect: { endpoint?: { url: string }; error?: string };
}

const model = JSON.parse(readFileSync(new URL("../../models/xray.json", import.meta.url), "utf8")) as {
  shapes: Record<string, { traits?: Record<string, unknown> }>;
};
const endpointTests = model.shapes["com.amazonaws.xray#AWSXRay"]?.traits?.["smithy.rules#endpointTests"] as
  | { testCases: EndpointTestCase[] }
  | undefined;
const testCases = endpointTests?.testCases ?? [];

const TRACE_ID = "1-5759e988-bd862e3fe1be46a994272793";
/** The HTTP path of GetTraceGraph; anything before it in the request path is the endpoint's path prefix. */
const OPERATION_PATH = "/TraceGraph";

/** A client whose transport records requests instead of sending them. */
function capturingClient(options: XRayClientConfig): { client: XRayClient; sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  const client = new XRayClient({
    credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET" },
    ...options,
    requestHandler: {
      handle: async (request: HttpRequest) => {
        sent.push(request);
        return { response: { statusCode: 200, headers: {}, body: new TextEncoder().encode("{}") } };
      },
    },
  });
  return { client, sent };
}

const send = (client: XRayClient) => client.send(new GetTraceGraphCommand({ TraceIds: [TRACE_ID] }));

/** The URL a request went to, in the form endpoint tests state it: origin plus path prefix. */
function endpointUrlOf(request: HttpRequest): string {
  // Guard the slice below: the operation path must be the request path's tail.
  expect(request.path.endsWith(OPERATION_PATH)).toBe(true);
  const prefix = request.path.slice(0, -OPERATION_PATH.length);
  return `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ""}${prefix}`;
}

/** Maps endpoint-rule parameters to the client options that feed them. */
function optionsFor(params: EndpointTestCase["params"] = {}): XRayClientConfig {
  const options: XRayClientConfig = {};
  if (params.Region !== undefined) options.region = params.Region;
  if (params.UseFIPS !== undefined) options.useFipsEndpoint = params.UseFIPS;
  if (params.UseDualStack !== undefined) options.useDualstackEndpoint = params.UseDualStack;
  if (params.Endpoint !== undefined) options.endpoint = params.Endpoint;
  return options;
}

// "No region" must mean no region: the client falls back to these variables, which a developer
// machine or CI runner may well have set.
beforeEach(() => {
  clearAmbientAwsEnv();
  // Nor may the machine's shared config file give one.
  vi.stubEnv("AWS_CONFIG_FILE", "/nonexistent/typed-xray/config");
  vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/typed-xray/credentials");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("smithy.rules#endpointTests from models/xray.json", () => {
  it("are all present (so that a model change cannot silently drop them)", () => {
    expect(testCases).toHaveLength(48);
    expect(new Set(testCases.map((c) => c.documentation)).size).toBe(testCases.length);
  });

  for (const testCase of testCases) {
    const { params = {}, expect: expected } = testCase;
    it(testCase.documentation, async () => {
      const { client, sent } = capturingClient(optionsFor(params));

      if (expected.error === "Invalid Configuration: Missing Region" && params.Endpoint === undefined) {
        // The rule set's own word for it, from the rules; the client says how to set a region.
        expect(() => resolveEndpointRules(params)).toThrow(expected.error);
        await expect(send(client)).rejects.toThrow(ConfigError);
        await expect(send(client)).rejects.toThrow(/No AWS region: pass `region`.*AWS_REGION/);
        expect(sent).toHaveLength(0);
        return;
      }

      if (expected.error !== undefined) {
        // The message must be the rule set's own, word for word.
        await expect(send(client)).rejects.toMatchObject({ message: expected.error });
        // A configuration error must stop the call before anything is sent.
        expect(sent).toHaveLength(0);
        return;
      }

      const expectedUrl = expected.endpoint?.url;
      expect(expectedUrl).toBeTypeOf("string");

      if (params.Region === undefined) {
        // The rules route a custom endpoint without a region, but SigV4 cannot sign without one
        // (its credential scope names the region), so `send` rejects, as `@aws-sdk/client-xray`'s
        // does ("Region is missing"). Check the routing at the build step, after the endpoint
        // is resolved and before signing, and stop the call there.
        let routed: HttpRequest | undefined;
        const captureRoute: BuildMiddleware<any, MetadataBearer> = () => async (args) => {
          routed = args.request as HttpRequest;
          return { response: undefined, output: { $metadata: {} } };
        };
        client.middlewareStack.add(captureRoute, { step: "build", name: "captureRoute" });
        await send(client);
        expect(routed).toBeDefined();
        expect(endpointUrlOf(routed!)).toBe(expectedUrl);
        expect(sent).toHaveLength(0);
        return;
      }

      await send(client);
      expect(sent).toHaveLength(1);
      expect(endpointUrlOf(sent[0]!)).toBe(expectedUrl);
    });
  }
});

describe("custom endpoint without a region", () => {
  it("rejects before sending, with an error that names the missing region", async () => {
    const { client, sent } = capturingClient({ endpoint: "https://example.com" });
    await expect(send(client)).rejects.toThrow(/region/i);
    expect(sent).toHaveLength(0);
  });
});

describe("the endpoint option", () => {
  /** Sends one call with the given endpoint and returns the request as sent. */
  async function sentWith(endpoint: XRayClientConfig["endpoint"]): Promise<HttpRequest> {
    const { client, sent } = capturingClient({ region: "us-east-1", endpoint });
    await send(client);
    expect(sent).toHaveLength(1);
    return sent[0]!;
  }

  // Every accepted form of the same local endpoint must route identically.
  const local = "http://127.0.0.1:2000";
  const forms: Array<[string, XRayClientConfig["endpoint"]]> = [
    ["a string", local],
    ["a URL", new URL(local)],
    ["an EndpointV2 ({ url: URL })", { url: new URL(local) }],
    ["a v1 Endpoint ({ protocol, hostname, port, path })", { protocol: "http:", hostname: "127.0.0.1", port: 2000, path: "/" }],
    ["a v1 Endpoint whose protocol has no colon", { protocol: "http", hostname: "127.0.0.1", port: 2000, path: "/" }],
    ["a provider of a string", async () => local],
    ["a provider of a v1 Endpoint", async () => ({ protocol: "http:", hostname: "127.0.0.1", port: 2000, path: "/" })],
  ];
  it.each(forms)("accepts %s", async (_name, endpoint) => {
    const request = await sentWith(endpoint);
    expect(request.protocol).toBe("http:");
    expect(request.hostname).toBe("127.0.0.1");
    expect(request.port).toBe(2000);
    expect(request.path).toBe("/TraceGraph");
    expect(request.method).toBe("POST");
  });

  it("prefixes operation paths with the endpoint's path", async () => {
    const request = await sentWith("http://127.0.0.1:4566/xray");
    expect(request.path).toBe("/xray/TraceGraph");
    expect(endpointUrlOf(request)).toBe("http://127.0.0.1:4566/xray");
  });

  it("does not double the slash when the path prefix ends with one", async () => {
    expect((await sentWith("http://127.0.0.1:4566/xray/")).path).toBe("/xray/TraceGraph");
  });

  it("keeps the path prefix of a v1 Endpoint", async () => {
    const request = await sentWith({ protocol: "http:", hostname: "localhost", port: 4566, path: "/xray" });
    expect(request.path).toBe("/xray/TraceGraph");
  });

  it("throws a TypeError from the constructor for a string that is not a URL", () => {
    expect(() => new XRayClient({ region: "us-east-1", endpoint: "not a url" })).toThrow(TypeError);
    // Relative references are not absolute URLs either.
    expect(() => new XRayClient({ region: "us-east-1", endpoint: "/xray" })).toThrow(TypeError);
  });

  it("sends a host header with the port for a custom port", async () => {
    const request = await sentWith("http://127.0.0.1:4566");
    expect(request.headers["host"]).toBe("127.0.0.1:4566");
    // The host header is what SigV4 signs; it must be among the signed headers.
    expect(request.headers["authorization"]).toMatch(/SignedHeaders=[^,]*\bhost\b/);
  });

  it("sends a host header without a port for the scheme's default port", async () => {
    // URL parsing drops :443 for https; neither the request nor the host header may carry it.
    const request = await sentWith("https://example.com:443");
    expect(request.port).toBeUndefined();
    expect(request.headers["host"]).toBe("example.com");
  });

  it("sends the resolved regional host as the host header when no endpoint is given", async () => {
    const { client, sent } = capturingClient({ region: "eu-west-1" });
    await send(client);
    expect(sent[0]?.headers["host"]).toBe("xray.eu-west-1.amazonaws.com");
  });
});
