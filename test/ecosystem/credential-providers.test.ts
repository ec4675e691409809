/**
 * Credential providers of `@aws-sdk/credential-providers` plug into typed-xray and are refreshed
 * before they expire, exactly as with `@aws-sdk/client-xray`: every scenario runs against both
 * clients, and a loopback server shows which access key signed each request (the `Credential=`
 * of its `Authorization` header) and which session token came with it.
 *
 * Time moves with `vi.setSystemTime` (only `Date` is faked, so sockets and timers run normally).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Official from "@aws-sdk/client-xray";
import { fromEnv, fromIni, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Ours from "../../src/index.js";
import { startLoopback, type Loopback, type RecordedRequest } from "../support/loopback.js";
import { clearAmbientAwsEnv } from "../support/ambient-env.js";

/** What both clients are built with here. */
interface TestClientConfig {
  region: string;
  endpoint: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** A client that sends one BatchGetTraces per `send()`. */
interface TestClient {
  send(): Promise<unknown>;
  destroy(): void;
}

const TRACE_ID = "1-5759e988-bd862e3fe1be46a994272793";

const CLIENTS: readonly { name: string; create: (config: TestClientConfig) => TestClient }[] = [
  {
    name: "typed-xray",
    create: (config) => {
      const client = new Ours.XRayClient(config);
      return { send: () => client.send(new Ours.BatchGetTracesCommand({ TraceIds: [TRACE_ID] })), destroy: () => client.destroy() };
    },
  },
  {
    name: "@aws-sdk/client-xray",
    create: (config) => {
      const client = new Official.XRayClient(config);
      return { send: () => client.send(new Official.BatchGetTracesCommand({ TraceIds: [TRACE_ID] })), destroy: () => client.destroy() };
    },
  },
];

const MINUTE = 60_000;
/** A fixed "now" for the tests that move the clock. */
const T0 = Date.parse("2030-01-01T00:00:00Z");
const OK = { status: 200, body: { Traces: [] } };

/** Who signed a request: the access key id and region of its credential scope. */
function signedWith(request: RecordedRequest | undefined): { key: string; region: string } | undefined {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/[^/]+\/aws4_request,/.exec(request?.headers.authorization ?? "");
  return match ? { key: match[1]!, region: match[2]! } : undefined;
}

const keys = (server: Loopback): (string | undefined)[] => server.requests.map((request) => signedWith(request)?.key);
const tokens = (server: Loopback): unknown[] => server.requests.map((request) => request.headers["x-amz-security-token"]);

/** An STS AssumeRole answer (awsQuery protocol, XML) carrying temporary credentials. */
function assumeRoleResponse(key: string, token: string, expiration: number): { status: number; headers: Record<string, string>; body: string } {
  return {
    status: 200,
    headers: { "content-type": "text/xml" },
    body:
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
      `<Credentials><AccessKeyId>${key}</AccessKeyId><SecretAccessKey>secret-of-${key}</SecretAccessKey>` +
      `<SessionToken>${token}</SessionToken><Expiration>${new Date(expiration).toISOString()}</Expiration></Credentials>` +
      `<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:session</AssumedRoleId>` +
      `<Arn>arn:aws:sts::123456789012:assumed-role/tracing/session</Arn></AssumedRoleUser>` +
      `</AssumeRoleResult><ResponseMetadata><RequestId>sts-request</RequestId></ResponseMetadata></AssumeRoleResponse>`,
  };
}

describe.each(CLIENTS)("credential providers with $name", ({ create }) => {
  let xray: Loopback;
  let sts: Loopback | undefined;
  let scratch: string;
  const clients: TestClient[] = [];
  const client = (credentials: TestClientConfig["credentials"], region = "eu-west-2"): TestClient => {
    const made = create({ region, endpoint: xray.url, credentials });
    clients.push(made);
    return made;
  };

  beforeEach(async () => {
    clearAmbientAwsEnv();
    scratch = mkdtempSync(join(tmpdir(), "typed-xray-credentials-"));
    // Shared files that do not exist, so nothing is read from the machine's ~/.aws.
    vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", join(scratch, "no-credentials"));
    vi.stubEnv("AWS_CONFIG_FILE", join(scratch, "no-config"));
    vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
    xray = await startLoopback();
  });

  afterEach(async () => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
    for (const made of clients.splice(0)) made.destroy();
    await xray.close();
    await sts?.close();
    sts = undefined;
    rmSync(scratch, { recursive: true, force: true });
  });

  it("fromEnv: signs with the environment's key and sends its session token", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "env-secret");
    vi.stubEnv("AWS_SESSION_TOKEN", "env-session-token");
    xray.script(OK);

    await client(fromEnv()).send();

    expect(signedWith(xray.requests[0])).toEqual({ key: "AKIDFROMENV", region: "eu-west-2" });
    expect(tokens(xray)).toEqual(["env-session-token"]);
  });

  it("fromEnv with AWS_CREDENTIAL_EXPIRATION: keeps the key until 5 minutes before expiry, then reads the rotated one", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDENVFIRST");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "env-secret-1");
    vi.stubEnv("AWS_CREDENTIAL_EXPIRATION", new Date(T0 + 15 * MINUTE).toISOString());
    xray.script(OK, OK, OK);
    const sender = client(fromEnv());

    await sender.send();
    // The environment rotates (as a process manager would), but the cached key is still good.
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDENVSECOND");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "env-secret-2");
    vi.stubEnv("AWS_CREDENTIAL_EXPIRATION", new Date(T0 + 75 * MINUTE).toISOString());
    vi.setSystemTime(T0 + 9 * MINUTE);
    await sender.send();
    vi.setSystemTime(T0 + 11 * MINUTE);
    await sender.send();

    expect(keys(xray)).toEqual(["AKIDENVFIRST", "AKIDENVFIRST", "AKIDENVSECOND"]);
  });

  it("fromIni: signs with the named profile of a shared-credentials file", async () => {
    const credentialsFile = join(scratch, "credentials");
    writeFileSync(
      credentialsFile,
      "[default]\naws_access_key_id = AKIDDEFAULTPROFILE\naws_secret_access_key = default-secret\n\n" +
        "[tracing]\naws_access_key_id = AKIDTRACINGPROFILE\naws_secret_access_key = tracing-secret\n" +
        "aws_session_token = tracing-session-token\n",
    );
    writeFileSync(join(scratch, "config"), "");
    xray.script(OK);

    await client(fromIni({ profile: "tracing", filepath: credentialsFile, configFilepath: join(scratch, "config") })).send();

    expect(signedWith(xray.requests[0])).toEqual({ key: "AKIDTRACINGPROFILE", region: "eu-west-2" });
    expect(tokens(xray)).toEqual(["tracing-session-token"]);
  });

  it("fromIni: follows AWS_SHARED_CREDENTIALS_FILE and AWS_PROFILE", async () => {
    const credentialsFile = join(scratch, "credentials-from-env");
    writeFileSync(
      credentialsFile,
      "[default]\naws_access_key_id = AKIDDEFAULTPROFILE\naws_secret_access_key = default-secret\n\n" +
        "[ci]\naws_access_key_id = AKIDCIPROFILE\naws_secret_access_key = ci-secret\n",
    );
    vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", credentialsFile);
    vi.stubEnv("AWS_PROFILE", "ci");
    xray.script(OK);

    await client(fromIni()).send();

    expect(keys(xray)).toEqual(["AKIDCIPROFILE"]);
    expect(tokens(xray)).toEqual([undefined]);
  });

  it("an async provider with expiry: called again in the last 5 minutes before expiry, not earlier", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    let generation = 0;
    const provider = vi.fn(async (): Promise<AwsCredentialIdentity> => {
      generation += 1;
      return {
        accessKeyId: `AKIDGENERATION${generation}`,
        secretAccessKey: `secret-${generation}`,
        sessionToken: `token-${generation}`,
        expiration: new Date(Date.now() + 15 * MINUTE),
      };
    });
    xray.script(OK, OK, OK, OK);
    const sender = client(provider);

    await sender.send(); // generation 1, expires at T0 + 15 min
    vi.setSystemTime(T0 + 9 * MINUTE + 59_000); // 5 min 1 s left: still good
    await sender.send();
    vi.setSystemTime(T0 + 10 * MINUTE + 1_000); // 4 min 59 s left: refresh now, before it expires
    await sender.send();
    vi.setSystemTime(T0 + 10 * MINUTE + 2_000); // generation 2 is fresh
    await sender.send();

    expect(provider).toHaveBeenCalledTimes(2);
    expect(keys(xray)).toEqual(["AKIDGENERATION1", "AKIDGENERATION1", "AKIDGENERATION2", "AKIDGENERATION2"]);
    expect(tokens(xray)).toEqual(["token-1", "token-1", "token-2", "token-2"]);
  });

  it("fromTemporaryCredentials: assumes the role once, then again shortly before the session expires", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    sts = await startLoopback(
      assumeRoleResponse("ASIAFIRSTSESSION", "session-1", T0 + 15 * MINUTE),
      assumeRoleResponse("ASIASECONDSESSION", "session-2", T0 + 75 * MINUTE),
    );
    xray.script(OK, OK, OK);
    const sender = client(
      fromTemporaryCredentials({
        params: { RoleArn: "arn:aws:iam::123456789012:role/tracing", RoleSessionName: "typed-xray-test" },
        masterCredentials: { accessKeyId: "AKIDMASTER", secretAccessKey: "master-secret" },
        clientConfig: { region: "eu-west-2", endpoint: sts.url },
      }),
    );

    await sender.send();
    vi.setSystemTime(T0 + 9 * MINUTE);
    await sender.send();
    vi.setSystemTime(T0 + 11 * MINUTE);
    await sender.send();

    expect(keys(xray)).toEqual(["ASIAFIRSTSESSION", "ASIAFIRSTSESSION", "ASIASECONDSESSION"]);
    expect(tokens(xray)).toEqual(["session-1", "session-1", "session-2"]);
    expect(sts.requests).toHaveLength(2);
    for (const request of sts.requests) {
      expect(signedWith(request)).toEqual({ key: "AKIDMASTER", region: "eu-west-2" });
      expect(new URLSearchParams(request.body).get("Action")).toBe("AssumeRole");
      expect(new URLSearchParams(request.body).get("RoleArn")).toBe("arn:aws:iam::123456789012:role/tracing");
    }
  });

  it("fromTemporaryCredentials without a region of its own: calls STS in the X-Ray client's region", async () => {
    // The official client passes its configuration to providers (`callerClientConfig`), and
    // fromTemporaryCredentials takes the region from it before falling back to us-east-1.
    sts = await startLoopback(assumeRoleResponse("ASIACALLERREGION", "session-caller", Date.now() + 60 * MINUTE));
    xray.script(OK);
    const sender = client(
      fromTemporaryCredentials({
        params: { RoleArn: "arn:aws:iam::123456789012:role/tracing", RoleSessionName: "typed-xray-test" },
        masterCredentials: { accessKeyId: "AKIDMASTER", secretAccessKey: "master-secret" },
        clientConfig: { endpoint: sts.url },
      }),
      "ap-southeast-2",
    );

    await sender.send();

    expect(keys(xray)).toEqual(["ASIACALLERREGION"]);
    expect(signedWith(sts.requests[0])).toEqual({ key: "AKIDMASTER", region: "ap-southeast-2" });
  });
});
