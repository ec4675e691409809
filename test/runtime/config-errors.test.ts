/**
 * Configuration mistakes a newcomer makes, in a client option, an environment variable or the
 * shared config file: each is a `ConfigError` (a `TypeError`) naming where the value came from
 * and showing a valid one, thrown before anything is sent; never a bare `TypeError: Invalid URL`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConfigError, GetTraceGraphCommand, XRayClient, type XRayClientConfig } from "../../src/index.js";
import { clearAmbientAwsEnv } from "../support/ambient-env.js";

const CREDENTIALS = { accessKeyId: "AKIDCONFIGTEST", secretAccessKey: "config-test-secret" };
let dir: string;
let sent: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "typed-xray-config-errors-"));
  clearAmbientAwsEnv();
  vi.stubEnv("AWS_CONFIG_FILE", join(dir, "config"));
  vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", join(dir, "credentials"));
  vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
  sent = 0;
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

const files = (config: string, credentials = ""): void => {
  writeFileSync(join(dir, "config"), config);
  writeFileSync(join(dir, "credentials"), credentials);
};

const newClient = (options: XRayClientConfig = {}): XRayClient =>
  new XRayClient({
    credentials: CREDENTIALS,
    ...options,
    requestHandler: {
      handle: async () => {
        sent += 1;
        return { response: { statusCode: 200, headers: {}, body: new TextEncoder().encode("{}") } };
      },
    } as never,
  });

/** What the constructor throws. */
function thrownBy(make: () => unknown): ConfigError {
  try {
    make();
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error("expected the constructor to throw");
}

/** What a call rejects with; the call must reject. */
async function rejection(client: XRayClient): Promise<ConfigError> {
  const outcome: unknown = await client.send(new GetTraceGraphCommand({ TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] })).then(
    () => new Error("expected the call to reject"),
    (error: unknown) => error,
  );
  return outcome as ConfigError;
}

/** The common shape: a typed error naming the setting, with an example, and nothing sent. */
function expectConfigError(error: ConfigError, setting: string, example: string): void {
  expect(error).toBeInstanceOf(ConfigError);
  expect(error).toBeInstanceOf(TypeError);
  expect(error.name).toBe("ConfigError");
  expect(error.setting).toContain(setting);
  expect(error.message).toContain(setting);
  expect(error.message).toContain(example);
  expect(error.message).not.toMatch(/^Invalid URL/);
  expect(sent).toBe(0);
}

describe("client options: thrown by the constructor", () => {
  it('region "eu west 1"', () => {
    const error = thrownBy(() => newClient({ region: "eu west 1" }));
    expectConfigError(error, "region option", '"eu-west-1"');
    expect(error.message).toContain('"eu west 1"');
  });

  it.each(["https://xray.eu-west-1.amazonaws.com", "", "eu-west-1.", "-eu-west-1"])("region %j", (region) => {
    expectConfigError(thrownBy(() => newClient({ region })), "region option", '"eu-west-1"');
  });

  it("an endpoint that is not a URL", () => {
    const error = thrownBy(() => newClient({ region: "eu-west-1", endpoint: "localhost:2000" }));
    expectConfigError(error, "endpoint option", "http://127.0.0.1:2000");
  });

  it("an unknown retryMode", () => {
    const error = thrownBy(() => newClient({ region: "eu-west-1", retryMode: "legacy" as never }));
    expectConfigError(error, "retryMode option", '"standard" or "adaptive"');
  });

  it("maxAttempts 0 stays a RangeError, with an example", () => {
    expect(() => newClient({ region: "eu-west-1", maxAttempts: 0 })).toThrow(/maxAttempts must be a positive integer .*such as 3/);
  });
});

describe("a region from a provider: rejected by the call", () => {
  it("a provider resolving to a malformed region", async () => {
    const error = await rejection(newClient({ region: async () => "eu_west_1!" }));
    expectConfigError(error, "region option", '"eu-west-1"');
  });
});

describe("environment variables: rejected by the first call", () => {
  it.each([
    ["AWS_REGION", "eu west 1", '"eu-west-1"'],
    ["AWS_DEFAULT_REGION", "Frankfurt, Germany", '"eu-west-1"'],
    ["AWS_ENDPOINT_URL", "localhost:2000", "http://127.0.0.1:2000"],
    ["AWS_ENDPOINT_URL_XRAY", "not a url", "http://127.0.0.1:2000"],
    ["AWS_MAX_ATTEMPTS", "three", "such as 3"],
    ["AWS_MAX_ATTEMPTS", "0", "such as 3"],
    ["AWS_RETRY_MODE", "legacy", '"standard" or "adaptive"'],
    ["AWS_USE_FIPS_ENDPOINT", "yes", '"true" or "false"'],
    ["AWS_USE_DUALSTACK_ENDPOINT", "1", '"true" or "false"'],
    ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE!", '"true" or "false"'],
  ])("%s=%s", async (name, value, example) => {
    vi.stubEnv(name, value);
    const region = name.endsWith("REGION") ? {} : { region: "eu-west-1" };
    const error = await rejection(newClient(region));
    expectConfigError(error, name, example);
    expect(error.message).toContain(JSON.stringify(value));
  });

  it("AWS_PROFILE naming a profile in neither file lists the profiles there", async () => {
    files("[default]\nregion = eu-west-1\n[profile prod]\nregion = us-east-1\n", "[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = ci-secret\n");
    vi.stubEnv("AWS_PROFILE", "dev");
    const error = await rejection(new XRayClient({ region: "eu-west-1", requestHandler: { handle: async () => { sent += 1; return {} as never; } } as never }));
    expectConfigError(error, "AWS_PROFILE", "AWS_PROFILE=");
    expect(error.message).toContain('"dev"');
    expect(error.message).toMatch(/profiles there: .*default.*prod.*ci|profiles there: .*ci.*default.*prod/);
  });

  it("the profile option naming a missing profile", async () => {
    files("[default]\nregion = eu-west-1\n");
    const error = await rejection(new XRayClient({ profile: "typo", region: "eu-west-1", requestHandler: { handle: async () => { sent += 1; return {} as never; } } as never }));
    expectConfigError(error, "profile option", 'profile: "default"');
  });

  it("no region anywhere names the option, the variable and the file key", async () => {
    files("[default]\noutput = json\n");
    const error = await rejection(newClient());
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/No AWS region: pass `region`.*AWS_REGION=eu-west-1.*~\/\.aws\/config/);
  });
});

describe("the shared config file: rejected by the first call, naming the key, profile and file", () => {
  it.each([
    ["region", "eu west 1", '"eu-west-1"'],
    ["max_attempts", "many", "such as 3"],
    ["retry_mode", "fast", '"standard" or "adaptive"'],
    ["use_fips_endpoint", "on", '"true" or "false"'],
    ["endpoint_url", "127.0.0.1:2000", "http://127.0.0.1:2000"],
  ])("%s = %s", async (key, value, example) => {
    files(`[default]\n${key === "region" ? "" : "region = eu-west-1\n"}${key} = ${value}\n`);
    const error = await rejection(newClient());
    expectConfigError(error, `${key} of profile "default" in ${join(dir, "config")}`, example);
  });

  it("a profile whose services section is missing", async () => {
    files("[default]\nregion = eu-west-1\nservices = local\n");
    const error = await rejection(newClient());
    expectConfigError(error, 'services of profile "default"', "[services local]");
  });
});
