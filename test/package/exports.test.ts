/**
 * The built package as users meet it: `import` and `require` through the `exports` map, a browser
 * bundle free of Node built-ins, and the public export list. Needs `npm run build` first (the
 * `pretest` script does it).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** A script that sends one command through the package against a canned transport. */
const smoke = (load: string): string => `
${load}
const client = new pkg.XRayClient({
  region: "eu-west-1",
  credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET" },
  requestHandler: { handle: async (request) => ({ response: { statusCode: 200, headers: { "x-amzn-requestid": "r-1" },
    body: new TextEncoder().encode(JSON.stringify({ Services: [{ Name: "checkout", StartTime: 1700000000.5 }] })) } }) },
});
Promise.resolve(client.send(new pkg.GetTraceGraphCommand({ TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] }))).then((out) => {
  console.log(JSON.stringify({ name: out.Services[0].Name, start: out.Services[0].StartTime.toISOString(), id: out.$metadata.requestId,
    throttled: new pkg.ThrottledException({ $metadata: {}, message: "m" }) instanceof pkg.XRayServiceException }));
});`;

const run = (args: string[]): unknown => JSON.parse(execFileSync(process.execPath, args, { cwd: root, encoding: "utf8" }));
const expected = { name: "checkout", start: "2023-11-14T22:13:20.500Z", id: "r-1", throttled: true };

describe("built package", () => {
  beforeAll(() => {
    if (!existsSync(`${root}/dist/index.js`)) throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
  });

  it("works with import from ESM", () => {
    expect(run(["--input-type=module", "-e", smoke('const pkg = await import("typed-xray");')])).toEqual(expected);
  });

  it("works with require from CommonJS", () => {
    expect(run(["--input-type=commonjs", "-e", smoke('const pkg = require("typed-xray");')])).toEqual(expected);
  });

  it("bundles for browsers without Node built-ins", async () => {
    const result = await build({
      stdin: { contents: 'export { XRayClient, GetTraceSummariesCommand } from "typed-xray";', resolveDir: root },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes("dist/browser/index.js"))).toBe(true);
    expect(inputs.filter((input) => /^node:|node-http-handler|platform\.node/.test(input))).toEqual([]);
  });
});

describe("public API", () => {
  it("exports exactly these values", async () => {
    const api = await import("../../src/index.js");
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "BatchGetTracesCommand",
        "ConfigError",
        "GetSamplingRulesCommand",
        "GetSamplingTargetsCommand",
        "GetServiceGraphCommand",
        "GetTraceGraphCommand",
        "GetTraceSummariesCommand",
        "InvalidRequestException",
        "PutTelemetryRecordsCommand",
        "PutTraceSegmentsCommand",
        "RequestError",
        "ResponseTooLargeError",
        "SamplingStrategyName",
        "ThrottledException",
        "TimeRangeType",
        "ValidationError",
        "XRay",
        "XRayClient",
        "XRayServiceException",
        "paginateBatchGetTraces",
        "paginateGetSamplingRules",
        "paginateGetServiceGraph",
        "paginateGetTraceGraph",
        "paginateGetTraceSummaries",
        "parseTrace",
        "renderServiceGraph",
        "renderTimeline",
        "renderTraceSummaries",
      ]
    `);
  });
});
