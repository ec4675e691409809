/**
 * The Node credential chain without the optional peer `@aws-sdk/credential-provider-node`: a
 * profile named by `AWS_PROFILE` (or the `profile` option) still wins over the `AWS_*` key
 * variables, with one warning, and its static keys (session token included) are read from the
 * shared files; a profile in neither file is a `ConfigError`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, expect, it, vi } from "vitest";
import { ConfigError, GetTraceGraphCommand, XRayClient, type XRayClientConfig } from "../../../src/index.js";
import { clearAmbientAwsEnv } from "../../support/ambient-env.js";

// As if the optional peer were not installed.
vi.mock("@aws-sdk/credential-provider-node", () => {
  throw new Error("Cannot find package '@aws-sdk/credential-provider-node'");
});

const dir = mkdtempSync(join(tmpdir(), "typed-xray-no-peer-"));
let fileNumber = 0;

beforeEach(() => {
  clearAmbientAwsEnv();
  fileNumber += 1;
  const credentials = join(dir, `credentials-${fileNumber}`);
  writeFileSync(
    credentials,
    "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n\n" +
      "[temp]\naws_access_key_id = AKIDTEMP\naws_secret_access_key = temp-secret\naws_session_token = temp-token\n",
  );
  vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", credentials);
  vi.stubEnv("AWS_CONFIG_FILE", join(dir, `config-${fileNumber}`));
});
afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Sends one call; returns the signing key id and whether a session token was sent. */
async function signing(options: XRayClientConfig = {}): Promise<{ key: string | undefined; token: boolean }> {
  let headers: Record<string, string> = {};
  const client = new XRayClient({
    region: "eu-west-1",
    ...options,
    requestHandler: {
      handle: async (request: { headers: Record<string, string> }) => {
        headers = request.headers;
        return { response: { statusCode: 200, headers: {}, body: new TextEncoder().encode("{}") } };
      },
    } as never,
  });
  await client.send(new GetTraceGraphCommand({ TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] }));
  return { key: /Credential=([A-Z0-9]+)\//.exec(headers["authorization"] ?? "")?.[1], token: headers["x-amz-security-token"] !== undefined };
}

it("AWS_PROFILE wins over the env keys, with one warning on the client's logger", async () => {
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "env-secret");
  vi.stubEnv("AWS_PROFILE", "dev");
  const warn = vi.fn();
  const logger = { trace() {}, debug() {}, info() {}, warn, error() {} };
  expect(await signing({ logger })).toEqual({ key: "AKIDDEV", token: false });
  expect(await signing({ logger })).toEqual({ key: "AKIDDEV", token: false });
  expect(warn).toHaveBeenCalledTimes(1);
  expect(String(warn.mock.calls[0]?.[0])).toMatch(/both AWS_PROFILE and AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY are set; using profile "dev"/);
  expect(String(warn.mock.calls[0]?.[0])).not.toContain("env-secret");
});

it("the profile option's static keys and session token", async () => {
  expect(await signing({ profile: "temp" })).toEqual({ key: "AKIDTEMP", token: true });
});

it("the env keys when no profile is named", async () => {
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "env-secret");
  expect(await signing()).toEqual({ key: "AKIDFROMENV", token: false });
});

it("a profile in neither file is a ConfigError listing the profiles there", async () => {
  vi.stubEnv("AWS_PROFILE", "prod");
  const error = await signing().then(() => undefined, (e: unknown) => e as ConfigError);
  expect(error).toBeInstanceOf(ConfigError);
  expect(error?.message).toMatch(/AWS_PROFILE names profile "prod".*profiles there: dev, temp/);
});

it("a profile without static keys says what to install", async () => {
  writeFileSync(join(dir, `config-${fileNumber}`), "[profile sso]\nsso_session = corp\nregion = eu-west-1\n");
  const error = await signing({ profile: "sso" }).then(() => undefined, (e: unknown) => e as Error);
  expect(error?.name).toBe("CredentialsProviderError");
  expect(error?.message).toMatch(/No AWS credentials in profile "sso" \(from the profile option\).*install @aws-sdk\/credential-provider-node/);
});
