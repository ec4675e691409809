/**
 * Credentials and region resolution, checked on the wire: what the loopback server receives in
 * `Authorization` (access key id and credential scope) and `x-amz-security-token` shows which
 * identity and region signed each request; provider call counts show the memoization.
 */
import { inspect } from "node:util";
import { fromEnv } from "@aws-sdk/credential-provider-env";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BatchGetTracesCommand, XRayClient, type XRayClientConfig } from "../../src/index.js";
import { startLoopback, type Loopback, type RecordedRequest } from "../support/loopback.js";
import { clearAmbientAwsEnv } from "../support/ambient-env.js";

/**
 * `@aws-sdk/credential-provider-node` is in node_modules (a dependency of the dev dependency
 * `@aws-sdk/client-xray`), but users of this package may not have it. Make its import fail the
 * way a missing package does, so the "no credentials anywhere" path is what gets tested, and so
 * no test here can wander into ~/.aws or the instance metadata service.
 */
vi.mock("@aws-sdk/credential-provider-node", () => {
  throw Object.assign(new Error("Cannot find package '@aws-sdk/credential-provider-node'"), {
    code: "ERR_MODULE_NOT_FOUND",
  });
});

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEYZ";
const staticCredentials = { accessKeyId: "AKIDSTATICEXAMPLE", secretAccessKey: SECRET };
const OK = { status: 200, body: { Traces: [] } };
const MINUTE_MS = 60_000;

let server: Loopback;
const clients: XRayClient[] = [];

beforeEach(async () => {
  clearAmbientAwsEnv();
  server = await startLoopback();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  for (const client of clients.splice(0)) client.destroy();
  await server.close();
});

function makeClient(options: XRayClientConfig): XRayClient {
  const client = new XRayClient({ endpoint: server.url, ...options });
  clients.push(client);
  return client;
}

const send = (client: XRayClient) =>
  client.send(new BatchGetTracesCommand({ TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] }));

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to reject, but it resolved");
}

/** The access key id and credential scope the request was signed with. */
function signedWith(request: RecordedRequest | undefined): { accessKeyId: string; region: string } | undefined {
  const authorization = request?.headers.authorization;
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/xray\/aws4_request,/.exec(authorization ?? "");
  return match ? { accessKeyId: match[1]!, region: match[2]! } : undefined;
}

const oneOk = (count: number) => Array.from({ length: count }, () => OK);

describe("credentials option", () => {
  it("signs with static credentials", async () => {
    server.script(OK);
    const client = makeClient({ region: "us-east-1", credentials: staticCredentials });

    await send(client);

    expect(signedWith(server.requests[0])).toEqual({ accessKeyId: "AKIDSTATICEXAMPLE", region: "us-east-1" });
    expect(server.requests[0]?.headers["x-amz-security-token"]).toBeUndefined();
  });

  it("calls a provider without expiration once for many sends", async () => {
    server.script(...oneOk(4));
    const provider = vi.fn(async (): Promise<AwsCredentialIdentity> => ({
      accessKeyId: "AKIDPROVIDED",
      secretAccessKey: SECRET,
    }));
    const client = makeClient({ region: "us-east-1", credentials: provider });

    for (let i = 0; i < 4; i++) await send(client);

    expect(provider).toHaveBeenCalledTimes(1);
    expect(server.requests.map((r) => signedWith(r)?.accessKeyId)).toEqual(Array(4).fill("AKIDPROVIDED"));
  });

  it("refreshes credentials that expire within 5 minutes on the next send", async () => {
    server.script(...oneOk(2));
    let generation = 0;
    const provider = vi.fn(async (): Promise<AwsCredentialIdentity> => {
      generation += 1;
      return {
        accessKeyId: `AKIDGEN${generation}`,
        secretAccessKey: SECRET,
        sessionToken: `token-${generation}`,
        expiration: new Date(Date.now() + 2 * MINUTE_MS),
      };
    });
    const client = makeClient({ region: "us-east-1", credentials: provider });

    await send(client);
    await send(client);

    expect(provider).toHaveBeenCalledTimes(2);
    // The second request really used the refreshed identity.
    expect(signedWith(server.requests[1])?.accessKeyId).toBe("AKIDGEN2");
    expect(server.requests[1]?.headers["x-amz-security-token"]).toBe("token-2");
  });

  it("keeps credentials that expire in an hour", async () => {
    server.script(...oneOk(3));
    const provider = vi.fn(async (): Promise<AwsCredentialIdentity> => ({
      accessKeyId: "AKIDLONGLIVED",
      secretAccessKey: SECRET,
      sessionToken: "long-token",
      expiration: new Date(Date.now() + 60 * MINUTE_MS),
    }));
    const client = makeClient({ region: "us-east-1", credentials: provider });

    for (let i = 0; i < 3; i++) await send(client);

    expect(provider).toHaveBeenCalledTimes(1);
  });

  it("shares one in-flight provider call between concurrent sends", async () => {
    server.script(...oneOk(5));
    const provider = vi.fn(async (): Promise<AwsCredentialIdentity> => {
      // Slow enough that all five sends ask while the first load is still pending.
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { accessKeyId: "AKIDSHARED", secretAccessKey: SECRET };
    });
    const client = makeClient({ region: "us-east-1", credentials: provider });

    const outputs = await Promise.all(Array.from({ length: 5 }, () => send(client)));

    expect(outputs).toHaveLength(5);
    expect(provider).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(5);
  });

  it("rejects with the provider's error and tries the provider again on the next send", async () => {
    server.script(OK);
    const failure = Object.assign(new Error("could not reach the credential endpoint"), { name: "MyProviderError" });
    const provider = vi
      .fn<() => Promise<AwsCredentialIdentity>>()
      .mockRejectedValueOnce(failure)
      .mockResolvedValue({ accessKeyId: "AKIDSECONDTRY", secretAccessKey: SECRET });
    const client = makeClient({ region: "us-east-1", credentials: provider });

    const error = await rejection(send(client));
    expect(error.name).toBe("MyProviderError");
    expect(error.message).toBe("could not reach the credential endpoint");
    // Nothing unsigned went out, and the failure was not retried (it is not transient).
    expect(server.requests).toHaveLength(0);
    expect(provider).toHaveBeenCalledTimes(1);

    // A failed load is not cached.
    await send(client);
    expect(provider).toHaveBeenCalledTimes(2);
    expect(signedWith(server.requests[0])?.accessKeyId).toBe("AKIDSECONDTRY");
  });

  it("does not retry the call when the provider fails with a network-looking error", async () => {
    // Instance-metadata and container providers fail with Node network codes. The official
    // client resolves the identity before its retry loop, so such a failure costs one provider
    // call, not one per attempt with backoff in between.
    server.script(OK);
    const failure = Object.assign(new Error("connect ECONNREFUSED 169.254.169.254:80"), {
      name: "CredentialsProviderError",
      code: "ECONNREFUSED",
    });
    const provider = vi.fn<() => Promise<AwsCredentialIdentity>>().mockRejectedValue(failure);
    const client = makeClient({ region: "us-east-1", credentials: provider });

    const error = await rejection(send(client));

    expect(error.message).toBe("connect ECONNREFUSED 169.254.169.254:80");
    expect(provider).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(0);
  });

  it("passes a provider's rejection through even when it is not an extensible Error", async () => {
    // A frozen error, and a bare string (as hand-written providers sometimes throw): the
    // official client rejects with exactly that value. The client must not replace it with
    // a TypeError from trying to attach $metadata to it.
    const frozen = Object.freeze(Object.assign(new Error("frozen provider failure"), { name: "FrozenProviderError" }));
    const frozenClient = makeClient({ region: "us-east-1", credentials: () => Promise.reject(frozen) });
    await expect(send(frozenClient)).rejects.toBe(frozen);

    const stringClient = makeClient({ region: "us-east-1", credentials: () => Promise.reject("provider said no") });
    const reason: unknown = await send(stringClient).then(
      () => "resolved",
      (e: unknown) => e,
    );
    // Either the string itself or an Error carrying exactly its text.
    const text = typeof reason === "string" ? reason : (reason as Error).message;
    expect(text).toBe("provider said no");
    expect(server.requests).toHaveLength(0);
  });

  it("accepts a @aws-sdk/credential-providers style provider: async (props?) => identity", async () => {
    server.script(...oneOk(2));
    const seenProps: unknown[] = [];
    // The shape of fromTemporaryCredentials, fromIni, ...: typed as the SDK's identity provider.
    const fromSomewhere =
      (init: { key: string }): AwsCredentialIdentityProvider =>
      async (props) => {
        seenProps.push(props);
        return {
          accessKeyId: init.key,
          secretAccessKey: SECRET,
          sessionToken: "session-from-provider",
          expiration: new Date(Date.now() + 60 * MINUTE_MS),
        };
      };
    const client = makeClient({ region: "us-east-1", credentials: fromSomewhere({ key: "AKIDPLUGGEDIN" }) });

    await send(client);
    await send(client);

    expect(seenProps).toHaveLength(1);
    expect(signedWith(server.requests[0])?.accessKeyId).toBe("AKIDPLUGGEDIN");
    expect(server.requests[1]?.headers["x-amz-security-token"]).toBe("session-from-provider");
  });

  it("accepts a real provider from the AWS SDK (fromEnv of @aws-sdk/credential-provider-env)", async () => {
    server.script(OK);
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDFROMENVPROVIDER");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", SECRET);
    vi.stubEnv("AWS_SESSION_TOKEN", "token-from-fromEnv");
    const client = makeClient({ region: "us-east-1", credentials: fromEnv() });

    await send(client);

    expect(signedWith(server.requests[0])?.accessKeyId).toBe("AKIDFROMENVPROVIDER");
    expect(server.requests[0]?.headers["x-amz-security-token"]).toBe("token-from-fromEnv");
  });
});

describe("default credentials (no credentials option)", () => {
  it("uses AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN", async () => {
    server.script(OK);
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDFROMENVIRONMENT");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", SECRET);
    vi.stubEnv("AWS_SESSION_TOKEN", "session-token-from-env");
    const client = makeClient({ region: "us-east-1" });

    await send(client);

    expect(signedWith(server.requests[0])?.accessKeyId).toBe("AKIDFROMENVIRONMENT");
    expect(server.requests[0]?.headers["x-amz-security-token"]).toBe("session-token-from-env");
    // The token is signed, not just sent: a server would reject it otherwise.
    expect(server.requests[0]?.headers.authorization).toMatch(/SignedHeaders=[^,]*x-amz-security-token/);
  });

  it("rejects with CredentialsProviderError saying how to fix it when there are none", async () => {
    server.script(OK);
    const client = makeClient({ region: "us-east-1" });

    const error = await rejection(send(client));

    expect(error.name).toBe("CredentialsProviderError");
    // The message must point at the ways out: the option, the variables, the optional package.
    expect(error.message).toMatch(/credentials/);
    expect(error.message).toContain("AWS_ACCESS_KEY_ID");
    expect(error.message).toContain("AWS_SECRET_ACCESS_KEY");
    expect(error.message).toContain("@aws-sdk/credential-provider-node");
    expect(server.requests).toHaveLength(0);
  });
});

describe("region", () => {
  it("uses AWS_REGION when no region option is given", async () => {
    server.script(OK);
    vi.stubEnv("AWS_REGION", "eu-west-1");
    const client = makeClient({ credentials: staticCredentials });

    await send(client);

    expect(signedWith(server.requests[0])?.region).toBe("eu-west-1");
    await expect(client.config.region()).resolves.toBe("eu-west-1");
  });

  it("falls back to AWS_DEFAULT_REGION, with AWS_REGION taking precedence", async () => {
    server.script(OK, OK);
    vi.stubEnv("AWS_DEFAULT_REGION", "ap-southeast-2");
    await send(makeClient({ credentials: staticCredentials }));
    vi.stubEnv("AWS_REGION", "eu-central-1");
    await send(makeClient({ credentials: staticCredentials }));

    expect(server.requests.map((r) => signedWith(r)?.region)).toEqual(["ap-southeast-2", "eu-central-1"]);
  });

  it("rejects with a clear error when no region is configured anywhere", async () => {
    server.script(OK);
    const client = makeClient({ credentials: staticCredentials });

    const error = await rejection(send(client));

    expect(error.message).toMatch(/region/i);
    expect(error.message).toContain("AWS_REGION");
    expect(server.requests).toHaveLength(0);
  });
});

describe("secrecy", () => {
  it("never shows the secret key in util.inspect(client), before or after a send", async () => {
    server.script(...oneOk(2));
    const fromStatic = makeClient({ region: "us-east-1", credentials: staticCredentials });
    const fromProvider = makeClient({
      region: "us-east-1",
      credentials: async () => ({ accessKeyId: "AKIDINSPECT", secretAccessKey: SECRET, sessionToken: "inspect-token" }),
    });

    const before = [inspect(fromStatic, { depth: 10 }), inspect(fromProvider, { depth: 10 })];
    await send(fromStatic);
    await send(fromProvider);
    const after = [inspect(fromStatic, { depth: 10 }), inspect(fromProvider, { depth: 10 })];

    // Sanity: inspect does render the client's configuration (so the check is not vacuous).
    expect(after[0]).toContain("2016-04-12");
    for (const text of [...before, ...after]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain("inspect-token");
    }
  });
});
