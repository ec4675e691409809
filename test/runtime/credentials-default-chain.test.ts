/**
 * With no `credentials` option, the client falls back to the full AWS chain of the optional peer
 * `@aws-sdk/credential-provider-node` when no `AWS_*` keys are in the environment — here, a
 * profile in a shared credentials file — and the `profile` option picks a profile over the
 * environment's keys, as in the AWS SDK.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { GetTraceGraphCommand, XRayClient, type XRayClientConfig } from "../../src/index.js";
import { clearAmbientAwsEnv } from "../support/ambient-env.js";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "typed-xray-chain-"));
  writeFileSync(
    join(dir, "credentials"),
    "[team]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = profile-secret\n\n" +
      "[other]\naws_access_key_id = AKIDOTHERPROFILE\naws_secret_access_key = other-secret\n",
  );
  writeFileSync(join(dir, "config"), "");
  clearAmbientAwsEnv();
  vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", join(dir, "credentials"));
  vi.stubEnv("AWS_CONFIG_FILE", join(dir, "config"));
  vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends one call and returns the access key id that signed it. */
async function signingKey(options: XRayClientConfig = {}): Promise<string | undefined> {
  let authorization = "";
  const client = new XRayClient({
    region: "us-east-1",
    ...options,
    requestHandler: {
      handle: async (request: { headers: Record<string, string> }) => {
        authorization = request.headers["authorization"] ?? "";
        return { response: { statusCode: 200, headers: {}, body: new TextEncoder().encode("{}") } };
      },
    } as never,
  });
  await client.send(new GetTraceGraphCommand({ TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] }));
  return /Credential=([A-Z0-9]+)\//.exec(authorization)?.[1];
}

it("uses a shared-credentials profile through @aws-sdk/credential-provider-node", async () => {
  vi.stubEnv("AWS_PROFILE", "team");
  expect(await signingKey()).toBe("AKIDFROMPROFILE");
});

it("prefers the environment's keys when no profile is named", async () => {
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "env-secret");
  expect(await signingKey()).toBe("AKIDFROMENV");
});

it("uses the profile option over the environment's keys and AWS_PROFILE", async () => {
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "env-secret");
  vi.stubEnv("AWS_PROFILE", "team");
  expect(await signingKey({ profile: "other" })).toBe("AKIDOTHERPROFILE");
});

it("names the profile when it has no credentials", async () => {
  await expect(signingKey({ profile: "missing" })).rejects.toThrow(/missing/);
});
