/**
 * With no `credentials` option and no `AWS_*` keys in the environment, the client falls back to
 * the full AWS chain of the optional peer `@aws-sdk/credential-provider-node` — here, a profile
 * in a shared credentials file.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { GetTraceGraphCommand, XRayClient } from "../src/index.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

it("uses a shared-credentials profile through @aws-sdk/credential-provider-node", async () => {
  const dir = mkdtempSync(join(tmpdir(), "typed-xray-chain-"));
  writeFileSync(join(dir, "credentials"), "[team]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = profile-secret\n");
  writeFileSync(join(dir, "config"), "");
  for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"]) {
    vi.stubEnv(name, undefined);
  }
  vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", join(dir, "credentials"));
  vi.stubEnv("AWS_CONFIG_FILE", join(dir, "config"));
  vi.stubEnv("AWS_PROFILE", "team");
  vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");

  let authorization = "";
  const client = new XRayClient({
    region: "us-east-1",
    requestHandler: {
      handle: async (request: { headers: Record<string, string> }) => {
        authorization = request.headers["authorization"] ?? "";
        return { response: { statusCode: 200, headers: {}, body: new TextEncoder().encode("{}") } };
      },
    } as never,
  });
  await client.send(new GetTraceGraphCommand({ TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] }));
  expect(authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDFROMPROFILE\//);
});
