/**
 * When the shared-config parser (`@smithy/shared-ini-file-loader`, tens of milliseconds to load)
 * is loaded: only once a shared file can change an answer. A client given its region, or
 * running where the files set nothing it needs, never loads it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GetTraceGraphCommand, XRayClient, type XRayClientConfig } from "../../../src/index.js";
import { clearAmbientAwsEnv } from "../../support/ambient-env.js";

const parserLoads = vi.hoisted(() => ({ count: 0 }));
vi.mock("@smithy/shared-ini-file-loader", async (importOriginal) => {
  parserLoads.count += 1;
  return importOriginal();
});

const dir = mkdtempSync(join(tmpdir(), "typed-xray-lazy-config-"));
let fileNumber = 0;
let hosts: string[] = [];

/** Fresh files per test: the texts are read once per path and process, as the Smithy loader does. */
function files(config: string | undefined): void {
  fileNumber += 1;
  const configPath = join(dir, `config-${fileNumber}`);
  if (config !== undefined) writeFileSync(configPath, config);
  vi.stubEnv("AWS_CONFIG_FILE", configPath);
  vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", join(dir, `credentials-${fileNumber}`));
}

async function send(options: XRayClientConfig = {}): Promise<void> {
  const client = new XRayClient({
    credentials: { accessKeyId: "AKIDLAZY", secretAccessKey: "lazy-secret" },
    ...options,
    requestHandler: {
      handle: async (request: { hostname: string }) => {
        hosts.push(request.hostname);
        return { response: { statusCode: 200, headers: {}, body: new TextEncoder().encode("{}") } };
      },
    } as never,
  });
  await client.send(new GetTraceGraphCommand({ TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] }));
}

beforeEach(() => {
  clearAmbientAwsEnv();
  hosts = [];
});
afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// In order: the parser, once loaded, stays loaded for the rest of the file.
describe("the shared-config parser", () => {
  it("is not loaded when there is no config file", async () => {
    files(undefined);
    await send({ region: "eu-west-1" });
    vi.stubEnv("AWS_REGION", "eu-central-1");
    await send();
    expect(hosts).toEqual(["xray.eu-west-1.amazonaws.com", "xray.eu-central-1.amazonaws.com"]);
    expect(parserLoads.count).toBe(0);
  });

  it("is not loaded when the region is given and the file sets nothing else the client reads", async () => {
    files("[default]\nregion = us-west-2\noutput = json\n\n[profile dev]\nregion = ap-south-1\nsso_session = corp\n");
    await send({ region: "eu-west-1" });
    await send({ region: "eu-west-1", profile: "dev" });
    expect(hosts).toEqual(["xray.eu-west-1.amazonaws.com", "xray.eu-west-1.amazonaws.com"]);
    expect(parserLoads.count).toBe(0);
  });

  it("is loaded, once, when the region comes from the file", async () => {
    files("[default]\nregion = us-west-2\n\n[profile dev]\nregion = ap-south-1\n");
    await send();
    await send({ profile: "dev" });
    expect(hosts).toEqual(["xray.us-west-2.amazonaws.com", "xray.ap-south-1.amazonaws.com"]);
    expect(parserLoads.count).toBe(1);
  });

  it("reads a region from the credentials file's profile too, the config file's winning", async () => {
    writeFileSync(join(dir, "credentials-merge"), "[default]\nregion = ca-central-1\n[solo]\nregion = sa-east-1\n");
    files("[default]\nregion = us-west-2\n");
    vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", join(dir, "credentials-merge"));
    await send();
    await send({ profile: "solo" });
    expect(hosts).toEqual(["xray.us-west-2.amazonaws.com", "xray.sa-east-1.amazonaws.com"]);
  });
});
