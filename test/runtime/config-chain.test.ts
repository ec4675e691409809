/**
 * Side by side with `@aws-sdk/client-xray`: the same options, environment and shared files give
 * the same identity (access key), the same credential-scope region and the same host. Each
 * client runs in a child process of its own with a temporary HOME and a clean environment
 * (test/support/config-chain.ts); a loopback server records what each request was signed with.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { runSideBySide, type ClientRun, type Combination } from "../support/config-chain.js";

const ENV_KEYS = { AWS_ACCESS_KEY_ID: "AKIDFROMENV", AWS_SECRET_ACCESS_KEY: "env-secret" };
const PROFILES =
  "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n" +
  "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n\n" +
  "[temp]\naws_access_key_id = AKIDTEMP\naws_secret_access_key = temp-secret\naws_session_token = temp-token\n";
const LOCAL_SERVICES = "[services local]\nxray =\n  endpoint_url = http://services-xray.test:4000\n";

const combinations: Combination[] = [
  // Credentials
  { name: "env keys, AWS_REGION", env: { ...ENV_KEYS, AWS_REGION: "eu-west-1" } },
  { name: "AWS_PROFILE beats env keys (one warning)", env: { ...ENV_KEYS, AWS_PROFILE: "dev", AWS_REGION: "eu-west-1" }, credentials: PROFILES, alone: true },
  { name: "AWS_PROFILE beats env keys, warning through the logger", env: { ...ENV_KEYS, AWS_PROFILE: "dev", AWS_REGION: "eu-west-1" }, credentials: PROFILES, options: { withLogger: true }, alone: true },
  { name: "env keys beat the default profile", env: { ...ENV_KEYS, AWS_REGION: "eu-west-1" }, credentials: PROFILES },
  { name: "the default profile without env keys", env: { AWS_REGION: "eu-west-1" }, credentials: PROFILES },
  { name: "the profile option beats AWS_PROFILE", env: { AWS_PROFILE: "dev", AWS_REGION: "eu-west-1" }, credentials: PROFILES, options: { profile: "temp" } },
  { name: "aws_session_token of the profile", env: { AWS_PROFILE: "temp", AWS_REGION: "eu-west-1" }, credentials: PROFILES },
  { name: "credential_process of the profile", env: { AWS_PROFILE: "proc" }, config: "[profile proc]\nregion = ap-southeast-2\ncredential_process = {NODE} {HOME}/credential-process.mjs\n" },
  // Region
  { name: "region of the default profile in ~/.aws/config", env: ENV_KEYS, config: "[default]\nregion = eu-central-1\n" },
  { name: "region of [profile dev] with AWS_PROFILE=dev", env: { AWS_PROFILE: "dev" }, config: "[default]\nregion = eu-central-1\n[profile dev]\nregion = ap-northeast-1\n", credentials: PROFILES },
  { name: "AWS_REGION beats the profile's region", env: { ...ENV_KEYS, AWS_REGION: "us-west-2" }, config: "[default]\nregion = eu-central-1\n" },
  { name: "the region option beats AWS_REGION", env: { ...ENV_KEYS, AWS_REGION: "us-west-2" }, options: { region: "sa-east-1" } },
  { name: "AWS_CONFIG_FILE moves the config file", env: { ...ENV_KEYS, AWS_CONFIG_FILE: "{HOME}/elsewhere" }, config: "[default]\nregion = eu-central-1\n", files: { elsewhere: "[default]\nregion = ca-central-1\n" } },
  { name: "no region anywhere: both fail", env: ENV_KEYS, config: "[default]\noutput = json\n" },
  // Endpoint
  { name: "AWS_ENDPOINT_URL", env: { ...ENV_KEYS, AWS_REGION: "eu-west-1", AWS_ENDPOINT_URL: "http://global.test:4566" } },
  { name: "AWS_ENDPOINT_URL_XRAY beats AWS_ENDPOINT_URL", env: { ...ENV_KEYS, AWS_REGION: "eu-west-1", AWS_ENDPOINT_URL: "http://global.test:4566", AWS_ENDPOINT_URL_XRAY: "http://xray-only.test:2000" } },
  { name: "the endpoint option beats AWS_ENDPOINT_URL_XRAY", env: { ...ENV_KEYS, AWS_REGION: "eu-west-1", AWS_ENDPOINT_URL_XRAY: "http://xray-only.test:2000" }, options: { endpoint: "http://option.test:8080" } },
  { name: "the services section's xray endpoint_url beats the profile's", env: { ...ENV_KEYS, AWS_REGION: "eu-west-1" }, config: `[default]\nservices = local\nendpoint_url = http://profile.test:5000\n\n${LOCAL_SERVICES}` },
  { name: "the profile's endpoint_url", env: { ...ENV_KEYS, AWS_REGION: "eu-west-1" }, config: "[default]\nendpoint_url = http://profile.test:5000\n" },
  { name: "AWS_ENDPOINT_URL beats the config file", env: { ...ENV_KEYS, AWS_REGION: "eu-west-1", AWS_ENDPOINT_URL: "http://global.test:4566" }, config: `[default]\nservices = local\n\n${LOCAL_SERVICES}` },
  { name: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns them all off", env: { ...ENV_KEYS, AWS_REGION: "eu-west-1", AWS_ENDPOINT_URL: "http://global.test:4566", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" }, config: "[default]\nendpoint_url = http://profile.test:5000\n" },
  { name: "ignore_configured_endpoint_urls = true in the profile", env: { ...ENV_KEYS, AWS_REGION: "eu-west-1", AWS_ENDPOINT_URL: "http://global.test:4566" }, config: "[default]\nignore_configured_endpoint_urls = true\nendpoint_url = http://profile.test:5000\n" },
  // FIPS, dual-stack, attempts, retry mode
  { name: "AWS_USE_FIPS_ENDPOINT=true", env: { ...ENV_KEYS, AWS_REGION: "us-east-1", AWS_USE_FIPS_ENDPOINT: "true" } },
  { name: "use_dualstack_endpoint = true in the profile", env: { ...ENV_KEYS, AWS_REGION: "us-east-1" }, config: "[default]\nuse_dualstack_endpoint = true\n" },
  { name: "AWS_USE_FIPS_ENDPOINT=false beats use_fips_endpoint = true", env: { ...ENV_KEYS, AWS_REGION: "us-east-1", AWS_USE_FIPS_ENDPOINT: "false" }, config: "[default]\nuse_fips_endpoint = true\n" },
  { name: "AWS_MAX_ATTEMPTS=2 on a 500", env: { ...ENV_KEYS, AWS_REGION: "eu-west-1", AWS_MAX_ATTEMPTS: "2", AWS_RETRY_MODE: "standard" }, status: 500 },
  { name: "max_attempts = 1 in the profile on a 500", env: { ...ENV_KEYS, AWS_REGION: "eu-west-1" }, config: "[default]\nmax_attempts = 1\n", status: 500 },
  { name: "AWS_RETRY_MODE=adaptive", env: { ...ENV_KEYS, AWS_REGION: "eu-west-1", AWS_RETRY_MODE: "adaptive" } },
  { name: "retry_mode = adaptive in the profile", env: { ...ENV_KEYS, AWS_REGION: "eu-west-1" }, config: "[default]\nretry_mode = adaptive\n" },
];

/** What both clients must agree on: who signed, for which region, to which host, how often. */
const choice = (run: ClientRun) => ({
  outcome: run.outcome,
  retryMode: run.retryMode,
  requests: run.requests.map(({ destination, host, accessKey, region, sessionToken }) => ({ destination, host, accessKey, region, sessionToken })),
});

let runs: Awaited<ReturnType<typeof runSideBySide>>;
beforeAll(async () => {
  runs = await runSideBySide([...combinations, AWS_DEFAULT_REGION_ONLY]);
}, 240_000);

const AWS_DEFAULT_REGION_ONLY: Combination = { name: "AWS_DEFAULT_REGION alone", env: { ...ENV_KEYS, AWS_DEFAULT_REGION: "eu-north-1" } };

describe("the same choice as @aws-sdk/client-xray", () => {
  it("covers at least 14 combinations", () => {
    expect(combinations.length).toBeGreaterThanOrEqual(14);
  });

  for (const combination of combinations) {
    it(combination.name, () => {
      const { ours, official } = runs.get(combination.name)!;
      expect(choice(ours)).toEqual(choice(official));
      if (official.outcome === "ok") expect(ours.requests.length).toBeGreaterThan(0);
    });
  }
});

describe("what each combination chose (pinned, so that both agreeing on a wrong answer fails too)", () => {
  const first = (name: string) => runs.get(name)!.ours.requests[0];

  it("identity", () => {
    expect(first("env keys, AWS_REGION")?.accessKey).toBe("AKIDFROMENV");
    expect(first("AWS_PROFILE beats env keys (one warning)")?.accessKey).toBe("AKIDDEV");
    expect(first("env keys beat the default profile")?.accessKey).toBe("AKIDFROMENV");
    expect(first("the default profile without env keys")?.accessKey).toBe("AKIDDEFAULT");
    expect(first("the profile option beats AWS_PROFILE")?.accessKey).toBe("AKIDTEMP");
    expect(first("aws_session_token of the profile")).toMatchObject({ accessKey: "AKIDTEMP", sessionToken: true });
    expect(first("credential_process of the profile")).toMatchObject({ accessKey: "AKIDFROMPROCESS", sessionToken: true, region: "ap-southeast-2" });
  });

  it("one warning when AWS_PROFILE and env keys are both set, on the console or the logger", () => {
    for (const name of ["AWS_PROFILE beats env keys (one warning)", "AWS_PROFILE beats env keys, warning through the logger"]) {
      const { ours, official } = runs.get(name)!;
      expect(official.warnings, name).toBe(1);
      expect(ours.warnings, name).toBe(1);
    }
    expect(runs.get("env keys beat the default profile")!.ours.warnings).toBe(0);
  });

  it("region", () => {
    expect(first("region of the default profile in ~/.aws/config")?.region).toBe("eu-central-1");
    expect(first("region of [profile dev] with AWS_PROFILE=dev")).toMatchObject({ region: "ap-northeast-1", accessKey: "AKIDDEV" });
    expect(first("AWS_REGION beats the profile's region")?.region).toBe("us-west-2");
    expect(first("the region option beats AWS_REGION")?.region).toBe("sa-east-1");
    expect(first("AWS_CONFIG_FILE moves the config file")?.region).toBe("ca-central-1");
    expect(runs.get("no region anywhere: both fail")!.ours.errorName).toBe("ConfigError");
  });

  it("endpoint", () => {
    expect(first("AWS_ENDPOINT_URL")?.destination).toBe("http://global.test:4566");
    expect(first("AWS_ENDPOINT_URL_XRAY beats AWS_ENDPOINT_URL")?.destination).toBe("http://xray-only.test:2000");
    expect(first("the endpoint option beats AWS_ENDPOINT_URL_XRAY")?.destination).toBe("http://option.test:8080");
    expect(first("the services section's xray endpoint_url beats the profile's")?.destination).toBe("http://services-xray.test:4000");
    expect(first("the profile's endpoint_url")?.destination).toBe("http://profile.test:5000");
    expect(first("AWS_ENDPOINT_URL beats the config file")?.destination).toBe("http://global.test:4566");
    expect(first("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns them all off")?.destination).toBe("https://xray.eu-west-1.amazonaws.com");
    expect(first("ignore_configured_endpoint_urls = true in the profile")?.destination).toBe("https://xray.eu-west-1.amazonaws.com");
    expect(first("AWS_USE_FIPS_ENDPOINT=true")?.host).toBe("xray-fips.us-east-1.amazonaws.com");
    expect(first("use_dualstack_endpoint = true in the profile")?.host).toBe("xray.us-east-1.api.aws");
    expect(first("AWS_USE_FIPS_ENDPOINT=false beats use_fips_endpoint = true")?.host).toBe("xray.us-east-1.amazonaws.com");
  });

  it("attempts and retry mode", () => {
    for (const [name, attempts] of [["AWS_MAX_ATTEMPTS=2 on a 500", 2], ["max_attempts = 1 in the profile on a 500", 1]] as const) {
      const { ours, official } = runs.get(name)!;
      expect(ours.requests.map((r) => r.attempt), name).toEqual(official.requests.map((r) => r.attempt));
      expect(ours.requests, name).toHaveLength(attempts);
    }
    expect(runs.get("AWS_RETRY_MODE=adaptive")!.ours.retryMode).toBe("adaptive");
    expect(runs.get("retry_mode = adaptive in the profile")!.ours.retryMode).toBe("adaptive");
    expect(runs.get("env keys, AWS_REGION")!.ours.retryMode).toBe("standard");
  });
});

describe("a deliberate difference", () => {
  it("AWS_DEFAULT_REGION: read by ours (as by the AWS CLI and boto3), not by the official client", () => {
    const { ours, official } = runs.get(AWS_DEFAULT_REGION_ONLY.name)!;
    expect(ours.requests[0]?.region).toBe("eu-north-1");
    expect(official.outcome).toBe("error");
  });
});
