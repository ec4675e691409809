/**
 * The package as users meet it: `npm pack` of the build, installed into a throwaway project,
 * then used the four ways users use it: `import` from ESM Node, `require` from CommonJS Node,
 * type-checked by TypeScript (`node16` and `bundler` resolution), and bundled by esbuild for
 * the browser. Every subpath of the `exports` map is covered.
 *
 * Needs the build: run `npm run build` first (`npm test` does it through `pretest`). One install
 * (about a second with a warm npm cache) is shared by every test here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundleForBrowser,
  exportConditions,
  manifestTargets,
  packAndInstall,
  PACKAGE_NAME,
  type PackedInstall,
} from "../support/packed.js";

/** What one subpath of the package must provide. */
interface SubpathContract {
  /** The import specifier. */
  readonly specifier: string;
  /** Runs in browsers: it has a `browser` export condition and its browser bundle reaches no Node built-in. */
  readonly browser: boolean;
  /** Runtime values (classes, functions, constants) it must export, under import and require alike. */
  readonly values: readonly string[];
}

/**
 * The public subpaths and what each must export by name (the names their issues promise users;
 * a subpath may export more). A subpath added to `exports` must be added here: a test checks.
 */
const CONTRACT: readonly SubpathContract[] = [
  {
    specifier: "typed-xray",
    browser: true,
    values: [
      "XRayClient",
      "XRay",
      "BatchGetTracesCommand",
      "GetServiceGraphCommand",
      "GetTraceGraphCommand",
      "GetTraceSummariesCommand",
      "PutTelemetryRecordsCommand",
      "PutTraceSegmentsCommand",
      "GetSamplingRulesCommand",
      "GetSamplingTargetsCommand",
      "XRayServiceException",
      "InvalidRequestException",
      "ThrottledException",
      "RequestError",
      "ResponseTooLargeError",
      "paginateBatchGetTraces",
      "paginateGetServiceGraph",
      "paginateGetTraceGraph",
      "paginateGetTraceSummaries",
      "paginateGetSamplingRules",
      "TimeRangeType",
      "SamplingStrategyName",
    ],
  },
  { specifier: "typed-xray/runtime", browser: true, values: ["OperationCommand", "ServiceClient"] },
  {
    specifier: "typed-xray/tracing",
    browser: true,
    values: [
      "Segment",
      "Subsegment",
      "SegmentSender",
      "newTraceId",
      "newSegmentId",
      "isTraceId",
      "isSegmentId",
      "parseTraceId",
      "toW3CTraceId",
      "fromW3CTraceId",
      "parseTraceHeader",
      "formatTraceHeader",
      "XRaySampler",
      "beginRequestSegment",
      "parseSamplingRules",
      "SamplingRulesError",
    ],
  },
  { specifier: "typed-xray/tracing/context", browser: false, values: ["withSegment", "currentSegment", "captureAsync"] },
  { specifier: "typed-xray/tracing/udp", browser: false, values: ["UdpEmitter"] },
  { specifier: "typed-xray/tracing/lambda", browser: false, values: ["lambdaInvocation", "LambdaInvocation"] },
  { specifier: "typed-xray/local", browser: false, values: ["startLocalXRay"] },
  { specifier: "typed-xray/local/msw", browser: true, values: ["createLocalXRayHandlers"] },
  { specifier: "typed-xray/otel", browser: true, values: ["spanToSegmentDocument", "XRaySpanExporter", "XRayRemoteSampler", "toXRayTraceId"] },
];

/** The optional OpenTelemetry peers `typed-xray/otel` needs, as an OpenTelemetry user has them. */
const OTEL_PEERS = ["@opentelemetry/api", "@opentelemetry/core", "@opentelemetry/resources", "@opentelemetry/sdk-trace-base"];

const BROWSER = CONTRACT.filter((subpath) => subpath.browser);
const subpathOf = (specifier: string): string => `.${specifier.slice(PACKAGE_NAME.length)}`;

/** Prints `{ specifier: sorted export names }` for every subpath, loaded with `load`. */
const listExports = (load: string): string => `
const specifiers = ${JSON.stringify(CONTRACT.map((subpath) => subpath.specifier))};
const result = {};
for (const specifier of specifiers) {
  try { result[specifier] = Object.keys(${load}).sort(); }
  catch (error) { result[specifier] = String(error && error.message || error).split("\\n")[0]; }
}
console.log(JSON.stringify(result));`;

/**
 * Sends GetTraceSummaries twice through the package against a canned transport: a success
 * (timestamps come back as Dates) and an InvalidRequestException (typed, with $metadata).
 */
const sendTwice = (load: string): string => `
${load}
const responses = [
  { statusCode: 200, headers: { "x-amzn-requestid": "r-1" },
    body: JSON.stringify({ TraceSummaries: [{ Id: "1-5759e988-bd862e3fe1be46a994272793", StartTime: 1700000000.25 }] }) },
  { statusCode: 400, headers: { "x-amzn-requestid": "r-2", "x-amzn-errortype": "InvalidRequestException" },
    body: JSON.stringify({ message: "bad filter" }) },
];
const client = new pkg.XRayClient({
  region: "eu-west-1",
  credentials: { accessKeyId: "AKIDPACKED", secretAccessKey: "not-a-real-secret" },
  requestHandler: { handle: async () => { const r = responses.shift(); return { response: { ...r, body: new TextEncoder().encode(r.body) } }; } },
});
const input = { StartTime: new Date(0), EndTime: new Date(1), FilterExpression: "fault" };
(async () => {
  const out = await client.send(new pkg.GetTraceSummariesCommand(input));
  const error = await client.send(new pkg.GetTraceSummariesCommand(input)).catch((e) => e);
  console.log(JSON.stringify({
    start: out.TraceSummaries[0].StartTime.toISOString(),
    requestId: out.$metadata.requestId,
    errorName: error.name,
    typed: error instanceof pkg.InvalidRequestException && error instanceof pkg.XRayServiceException,
    status: error.$metadata.httpStatusCode,
  }));
})();`;

const SENT_TWICE = {
  start: "2023-11-14T22:13:20.250Z",
  requestId: "r-1",
  errorName: "InvalidRequestException",
  typed: true,
  status: 400,
};

let install: PackedInstall;
let esmExports: Record<string, string[] | string>;
let cjsExports: Record<string, string[] | string>;

beforeAll(async () => {
  // msw is the optional peer of typed-xray/local/msw; @types/node is what a Node consumer has.
  install = await packAndInstall({ link: ["msw", "@types/node", ...OTEL_PEERS] });
  [esmExports, cjsExports] = await Promise.all([
    install.runNode("list-exports.mjs", listExports("await import(specifier)")).then(JSON.parse),
    install.runNode("list-exports.cjs", listExports("require(specifier)")).then(JSON.parse),
  ]);
}, 120_000);

afterAll(() => install?.remove());

describe("the tarball", () => {
  it("contains every file package.json points at", () => {
    const missing = manifestTargets(install.manifest).filter(([, path]) => !install.packedFiles.has(path));
    expect(missing).toEqual([]);
  });

  it("contains the build and nothing from the repo besides README and package.json", () => {
    const stray = [...install.packedFiles].filter((path) => !/^(dist\/|README\.md$|package\.json$|LICEN[CS]E)/.test(path));
    expect(stray).toEqual([]);
  });

  it("CONTRACT covers every subpath of `exports`, with a browser condition exactly where it says", () => {
    const conditions = exportConditions(install.manifest);
    conditions.delete("./package.json");
    expect([...conditions.keys()].sort()).toEqual(CONTRACT.map((subpath) => subpathOf(subpath.specifier)).sort());
    for (const subpath of CONTRACT) {
      expect({ [subpath.specifier]: conditions.get(subpathOf(subpath.specifier))?.includes("browser") }).toEqual({
        [subpath.specifier]: subpath.browser,
      });
    }
  });
});

describe.each(CONTRACT)("$specifier in Node", ({ specifier, values }) => {
  it("exports its values to `import`", () => {
    expect(esmExports[specifier]).toEqual(expect.arrayContaining([...values]));
  });

  it("exports the same names to `require`", () => {
    expect(cjsExports[specifier]).toEqual(esmExports[specifier]);
  });
});

describe("the client from the installed package", () => {
  it("works with import from ESM", async () => {
    const stdout = await install.runNode("send.mjs", sendTwice(`const pkg = await import("${PACKAGE_NAME}");`));
    expect(JSON.parse(stdout)).toEqual(SENT_TWICE);
  });

  it("works with require from CommonJS", async () => {
    const stdout = await install.runNode("send.cjs", sendTwice(`const pkg = require("${PACKAGE_NAME}");`));
    expect(JSON.parse(stdout)).toEqual(SENT_TWICE);
  });
});

/**
 * A strict TypeScript consumer of the root entry: typed input and output, `$metadata`, an
 * exception narrowed with `instanceof` in a catch. The `@ts-expect-error` lines make the check
 * able to fail: were the types lost (`any`), those directives would be reported as unused.
 */
const TYPED_CONSUMER = `
import {
  GetTraceSummariesCommand, InvalidRequestException, paginateGetTraceSummaries, RequestError, ThrottledException,
  TimeRangeType, XRayClient, XRayServiceException,
  type AnnotationValue, type GetTraceSummariesCommandInput, type GetTraceSummariesCommandOutput, type XRayClientConfig,
} from "typed-xray";

const config: XRayClientConfig = { region: "eu-west-1", maxAttempts: 2, requestTimeout: 1_000 };
const input: GetTraceSummariesCommandInput = { StartTime: new Date(0), EndTime: new Date(), TimeRangeType: TimeRangeType.Event };

// @ts-expect-error StartTime is a Date, not a string
export const wrongType: GetTraceSummariesCommandInput = { StartTime: "yesterday", EndTime: new Date() };
// @ts-expect-error EndTime is required
export const missingMember = new GetTraceSummariesCommand({ StartTime: new Date() });

export function describeAnnotation(value: AnnotationValue): string {
  if (value.NumberValue !== undefined) return value.NumberValue.toFixed(1);
  if (value.StringValue !== undefined) return value.StringValue.toUpperCase();
  return String(value.BooleanValue);
}

export async function slowest(client = new XRayClient(config)): Promise<string | undefined> {
  try {
    const output: GetTraceSummariesCommandOutput = await client.send(new GetTraceSummariesCommand(input));
    const status: number | undefined = output.$metadata.httpStatusCode;
    const first: Date | undefined = output.TraceSummaries?.[0]?.StartTime;
    // @ts-expect-error the output's members are typed, this one does not exist
    void output.NoSuchMember;
    return \`\${status} \${first?.toISOString()}\`;
  } catch (error) {
    if (error instanceof ThrottledException) {
      const name: "ThrottledException" = error.name;
      const fault: "client" = error.$fault;
      return \`\${name} \${fault} \${error.$metadata.attempts}\`;
    }
    if (error instanceof InvalidRequestException) return error.Message;
    if (error instanceof XRayServiceException) return \`\${error.name} \${error.$metadata.requestId}\`;
    if (error instanceof RequestError) return error.code;
    throw error;
  } finally {
    client.destroy();
  }
}

export async function countPages(client: XRayClient): Promise<number> {
  let pages = 0;
  for await (const page of paginateGetTraceSummaries({ client }, input)) pages += page.TraceSummaries?.length ?? 0;
  return pages;
}
`;

/** The same from a CommonJS module (`.cts`), which resolves the `require` condition and its `.d.cts` types. */
const TYPED_CJS_CONSUMER = `
import { GetTraceSummariesCommand, ThrottledException, XRayClient, type GetTraceSummariesCommandOutput } from "typed-xray";

export async function send(client: XRayClient): Promise<GetTraceSummariesCommandOutput | "throttled"> {
  try {
    return await client.send(new GetTraceSummariesCommand({ StartTime: new Date(0), EndTime: new Date() }));
  } catch (error) {
    if (error instanceof ThrottledException) return "throttled";
    throw error;
  }
}
// @ts-expect-error the client takes an options object
export const wrong = new XRayClient("eu-west-1");
`;

/** Each subpath's required values, referenced by name, so a missing export is a type error. */
const subpathsConsumer = (subpaths: readonly SubpathContract[]): string =>
  subpaths
    .map(
      ({ specifier, values }, index) =>
        `import * as entry${index} from "${specifier}";\n` +
        `export const values${index}: readonly unknown[] = [${values.map((name) => `entry${index}.${name}`).join(", ")}];\n` +
        `export type Entry${index} = typeof entry${index};\n`,
    )
    .join("");

/** Compiler options of a careful consumer. */
const strictOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  target: "ES2022",
  lib: ["ES2022", "DOM", "DOM.Iterable"],
  noEmit: true,
};

/**
 * A Node project: `node16` resolution (the `import` and `require` conditions, `.d.ts` and
 * `.d.cts`), with Node's types and every declaration file checked (`skipLibCheck: false`).
 */
const NODE16_PROJECT = {
  compilerOptions: { ...strictOptions, module: "node16", moduleResolution: "node16", types: ["node"], skipLibCheck: false },
  include: ["node16"],
};

/**
 * A browser app as bundler templates set it up: `bundler` resolution with the `browser`
 * condition, no Node types, `skipLibCheck` (the `@smithy/types` declarations we re-export refer
 * to Node's types, as they do for `@aws-sdk/client-xray`).
 */
const BUNDLER_PROJECT = {
  compilerOptions: {
    ...strictOptions,
    module: "esnext",
    moduleResolution: "bundler",
    customConditions: ["browser"],
    types: [],
    skipLibCheck: true,
  },
  include: ["bundler"],
};

/**
 * A Node service as most are set up: `"module": "commonjs"`, which makes TypeScript resolve as
 * `node10` (no `exports` map: package.json `typesVersions` must lead it to each subpath's
 * types), with Node's types and every declaration file checked.
 */
const NODE10_PROJECT = {
  compilerOptions: { ...strictOptions, module: "commonjs", types: ["node"], skipLibCheck: false },
  include: ["node10"],
};

/** A client generated by the installed `typed-xray-codegen`, used with its types. */
const GENERATED_CONSUMER = `
import { GetGroupsCommand, XRayClient, XRayServiceException, type GetGroupsCommandOutput } from "./generated/index";

export async function groupNames(client = new XRayClient({ region: "eu-west-1" })): Promise<string[]> {
  try {
    const output: GetGroupsCommandOutput = await client.send(new GetGroupsCommand({}));
    // @ts-expect-error the output's members are typed, this one does not exist
    void output.NoSuchMember;
    return (output.Groups ?? []).map((group) => group.GroupName ?? "");
  } catch (error) {
    if (error instanceof XRayServiceException) return [error.name];
    throw error;
  }
}
// @ts-expect-error NextToken is a string
export const wrong = new GetGroupsCommand({ NextToken: 3 });
`;

describe("TypeScript consumers", () => {
  let node16: Map<string, string[]>;
  let bundler: Map<string, string[]>;
  let node10: Map<string, string[]>;
  /** The diagnostics of the given files (`[]` when they type-check). */
  const of = (diagnostics: Map<string, string[]>, ...files: string[]): string[] => files.flatMap((file) => diagnostics.get(file) ?? []);
  /** The diagnostics of every other file (declaration files, configuration). */
  const except = (diagnostics: Map<string, string[]>, ...files: string[]): string[] =>
    [...diagnostics].filter(([file]) => !files.includes(file)).flatMap(([, lines]) => lines);

  beforeAll(async () => {
    install.writeFile("node16/consumer.ts", TYPED_CONSUMER);
    install.writeFile("node16/consumer-cjs.cts", TYPED_CJS_CONSUMER);
    install.writeFile("node16/subpaths.ts", subpathsConsumer(CONTRACT));
    install.writeFile("node16/subpaths-cjs.cts", subpathsConsumer(CONTRACT));
    install.writeFile("tsconfig.node16.json", JSON.stringify(NODE16_PROJECT));
    install.writeFile("bundler/consumer.ts", TYPED_CONSUMER);
    install.writeFile("bundler/subpaths.ts", subpathsConsumer(BROWSER));
    install.writeFile("tsconfig.bundler.json", JSON.stringify(BUNDLER_PROJECT));
    install.writeFile("node10/consumer.ts", TYPED_CONSUMER);
    install.writeFile("node10/subpaths.ts", subpathsConsumer(CONTRACT));
    install.writeFile("node10/generated-consumer.ts", GENERATED_CONSUMER);
    install.writeFile("tsconfig.node10.json", JSON.stringify(NODE10_PROJECT));
    // Generated as a user would: the installed bin, its default runtime import (typed-xray/runtime).
    const model = fileURLToPath(new URL("../fixtures/models/xray-2016-04-12.json", import.meta.url));
    await install.runBin("typed-xray-codegen", ["--model", model, "--out", "node10/generated", "--operations", "GetGroups,GetSamplingRules,PutTraceSegments"]);
    // One compiler run per project; the tests below read its diagnostics file by file.
    [node16, bundler, node10] = await Promise.all([
      install.typeCheck("tsconfig.node16.json"),
      install.typeCheck("tsconfig.bundler.json"),
      install.typeCheck("tsconfig.node10.json"),
    ]);
  }, 120_000);

  it("node16: an ESM consumer of the root entry type-checks strictly", () => {
    expect(of(node16, "node16/consumer.ts")).toEqual([]);
  });

  it("node16: a CommonJS consumer (.cts, the require condition) type-checks strictly", () => {
    expect(of(node16, "node16/consumer-cjs.cts")).toEqual([]);
  });

  it("node16: every subpath's values are declared, for import and require", () => {
    expect(of(node16, "node16/subpaths.ts", "node16/subpaths-cjs.cts")).toEqual([]);
  });

  it("node16: the package's declaration files and their dependencies' have no errors", () => {
    expect(except(node16, "node16/consumer.ts", "node16/consumer-cjs.cts", "node16/subpaths.ts", "node16/subpaths-cjs.cts")).toEqual([]);
  });

  it('node10 ("module": "commonjs"): the root consumer type-checks strictly', () => {
    expect(of(node10, "node10/consumer.ts")).toEqual([]);
  });

  it('node10 ("module": "commonjs"): every subpath resolves, with its values declared', () => {
    expect(of(node10, "node10/subpaths.ts")).toEqual([]);
  });

  it('node10 ("module": "commonjs"): a client generated by typed-xray-codegen (importing typed-xray/runtime) type-checks', () => {
    expect(install.packedFiles.size).toBeGreaterThan(0);
    expect(readFileSync(join(install.dir, "node10/generated/XRayClient.ts"), "utf8")).toContain('from "typed-xray/runtime"');
    expect(of(node10, "node10/generated-consumer.ts")).toEqual([]);
    expect([...node10.keys()].filter((file) => file.startsWith("node10/generated/"))).toEqual([]);
  });

  it('node10 ("module": "commonjs"): the declaration files have no errors', () => {
    expect([...node10.values()].flat()).toEqual([]);
  });

  it("bundler: a browser app's consumer of the root entry type-checks strictly without Node types", () => {
    expect(of(bundler, "bundler/consumer.ts")).toEqual([]);
  });

  it("bundler: every browser subpath's values are declared", () => {
    expect(of(bundler, "bundler/subpaths.ts")).toEqual([]);
    expect(except(bundler, "bundler/consumer.ts", "bundler/subpaths.ts")).toEqual([]);
  });
});

describe.each(BROWSER)("$specifier bundled by esbuild for the browser", ({ specifier }) => {
  it("reaches no Node built-in, uses the browser build, and exports what Node's build does", async () => {
    const bundle = await bundleForBrowser(install.dir, `export * from "${specifier}";`);
    expect(bundle.errors).toEqual([]);
    expect(bundle.builtins).toEqual([]);
    const ours = bundle.inputs.filter((input) => input.startsWith(`node_modules/${PACKAGE_NAME}/`));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.filter((input) => !input.startsWith(`node_modules/${PACKAGE_NAME}/dist/browser/`))).toEqual([]);
    expect(bundle.exports).toEqual(esmExports[specifier]);
  });
});

describe("a browser app", () => {
  it("bundles the client and a command without Node built-ins or the Node transport", async () => {
    const bundle = await bundleForBrowser(
      install.dir,
      `import { XRayClient, GetTraceSummariesCommand } from "${PACKAGE_NAME}";
       const client = new XRayClient({ region: "eu-west-1", credentials: async () => ({ accessKeyId: "A", secretAccessKey: "S" }) });
       export const send = () => client.send(new GetTraceSummariesCommand({ StartTime: new Date(0), EndTime: new Date() }));`,
    );
    expect(bundle.errors).toEqual([]);
    expect(bundle.builtins).toEqual([]);
    expect(bundle.inputs.filter((input) => /node-http-handler|platform\.node|credential-provider-node/.test(input))).toEqual([]);
    // Browsers get the fetch transport of our own (src/runtime/platform/fetch-handler.ts), not Smithy's.
    expect(bundle.inputs.some((input) => input.includes("fetch-http-handler"))).toBe(false);
  });
});
