/**
 * Settings a client resolves once (src/runtime/configured.ts `fixed`): a value given as an
 * option, or read from the environment and files, is the same on every call, so calls share it;
 * a provider function of the caller's is asked on every call, and a provider swapped on
 * `client.config` is the one used from the next call on.
 */
import type { HttpRequest } from "@smithy/protocol-http";
import { HttpResponse } from "@smithy/protocol-http";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GetTraceGraphCommand, XRayClient, type XRayClientConfig } from "../../src/index.js";
import { clearAmbientAwsEnv } from "../support/ambient-env.js";

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

function capturingClient(options: XRayClientConfig): { client: XRayClient; sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  const requestHandler = {
    handle: async (request: HttpRequest) => {
      sent.push(request);
      return { response: new HttpResponse({ statusCode: 200, headers: { "content-type": "application/json" }, body: new TextEncoder().encode('{"Services":[]}') }) };
    },
  };
  return { client: new XRayClient({ credentials: CREDENTIALS, ...options, requestHandler }), sent };
}

const call = (client: XRayClient) => client.send(new GetTraceGraphCommand({ TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] }));
const scopeOf = (request: HttpRequest | undefined) => /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(request?.headers["authorization"] ?? "")?.[1];

describe("settings resolved once per client", () => {
  beforeEach(() => clearAmbientAwsEnv());
  afterEach(() => vi.unstubAllEnvs());

  it("asks a region function of the caller's on every call, and signs and routes with what it says", async () => {
    const regions = ["eu-west-1", "ap-southeast-2", "us-west-2"];
    let asked = 0;
    const { client, sent } = capturingClient({ region: async () => regions[asked++ % regions.length]! });
    for (let i = 0; i < 3; i++) await call(client);
    // Once for the endpoint rules and once for the signature, each call.
    expect(asked).toBe(6);
    expect(sent.map((request) => request.hostname)).toEqual(["xray.eu-west-1.amazonaws.com", "xray.us-west-2.amazonaws.com", "xray.ap-southeast-2.amazonaws.com"]);
    expect(sent.map(scopeOf)).toEqual(["ap-southeast-2", "eu-west-1", "us-west-2"]);
  });

  it("asks an endpoint function of the caller's on every call", async () => {
    let asked = 0;
    const { client, sent } = capturingClient({ region: "us-east-1", endpoint: async () => `http://127.0.0.1:${4000 + asked++}` });
    for (let i = 0; i < 3; i++) await call(client);
    expect(sent.map((request) => request.port)).toEqual([4000, 4001, 4002]);
  });

  it("uses a provider swapped on client.config from the next call on", async () => {
    const { client, sent } = capturingClient({ region: "us-east-1" });
    await call(client);
    await call(client);
    (client.config as { region: () => Promise<string> }).region = async () => "eu-central-1";
    await call(client);
    expect(sent.map((request) => request.hostname)).toEqual(["xray.us-east-1.amazonaws.com", "xray.us-east-1.amazonaws.com", "xray.eu-central-1.amazonaws.com"]);
    expect(scopeOf(sent[2])).toBe("eu-central-1");
  });

  it("reads a region from the environment once per client, as the official client does", async () => {
    vi.stubEnv("AWS_REGION", "sa-east-1");
    const { client, sent } = capturingClient({});
    await call(client);
    vi.stubEnv("AWS_REGION", "eu-north-1");
    await call(client);
    expect(sent.map((request) => request.hostname)).toEqual(["xray.sa-east-1.amazonaws.com", "xray.sa-east-1.amazonaws.com"]);
    // A new client reads it again.
    const second = capturingClient({});
    await call(second.client);
    expect(second.sent[0]?.hostname).toBe("xray.eu-north-1.amazonaws.com");
  });
});
