/**
 * The endpoint rules compiler (src/codegen/compile-endpoint-rules.ts) beyond what X-Ray's
 * rule set exercises (that is test/runtime/endpoint.test.ts): synthetic rule sets with tree, error and
 * endpoint rules, assignment scoping, templates with `{{`/`}}` and `{Ref#attr}`, headers and
 * `parseURL` on a custom endpoint are compiled, typechecked under the repository's strict
 * options, imported, and their answers compared with `@aws-sdk/util-endpoints`' rules engine
 * (the AWS SDK's own) or, where the messages are ours, with known answers. Then what the
 * compiler refuses, and the library functions in `src/runtime/rules-functions.ts` on their own.
 */
import { resolveEndpoint } from "@aws-sdk/util-endpoints";
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { endpointRulesModule } from "../../src/codegen/emit-endpoint-rules.js";
import { generateFiles } from "../../src/codegen/generate.js";
import { ModelError, parseModel } from "../../src/codegen/model.js";
import { EndpointError, isValidHostLabel, parseURL, substring, uriEncode, type EndpointParameters, type RuleSetEndpoint } from "../../src/runtime/rules-functions.js";
import { ROOT, scratchDir, traitModel, typecheck } from "../support/codegen.js";

type Rules = (params: EndpointParameters) => RuleSetEndpoint;

const PARAMETERS = {
  Region: { type: "String", builtIn: "AWS::Region", required: false },
  UseFIPS: { type: "Boolean", builtIn: "AWS::UseFIPS", required: true, default: false },
  Endpoint: { type: "String", builtIn: "SDK::Endpoint", required: false },
};
const ruleSet = (rules: unknown[], parameters: Record<string, unknown> = PARAMETERS) => ({ version: "1.0", parameters, rules });
const endpointRule = (url: unknown, conditions: unknown[] = [], headers?: Record<string, unknown[]>) => ({
  type: "endpoint",
  conditions,
  endpoint: { url, properties: {}, headers: headers ?? {} },
});
const errorRule = (error: unknown, conditions: unknown[] = []) => ({ type: "error", conditions, error });
const treeRule = (rules: unknown[], conditions: unknown[] = []) => ({ type: "tree", conditions, rules });
const isSet = (ref: string) => ({ fn: "isSet", argv: [{ ref }] });
const fips = { fn: "booleanEquals", argv: [{ ref: "UseFIPS" }, true] };
const partition = (assign: string) => ({ fn: "aws.partition", argv: [{ ref: "Region" }], assign });

/** Rule sets compiled once, typechecked together and imported. */
const SETS = {
  templates: ruleSet([
    endpointRule("https://{Region}.{P#dnsSuffix}/{{literal}}/`tick`/${{x}}", [isSet("Region"), partition("P")], {
      "x-partition": ["{P#name}"],
      "x-fips": ["{P#supportsFIPS}", "{UseFIPS}"],
    }),
    errorRule("Invalid Configuration: Missing Region"),
  ]),
  scoping: ruleSet([
    treeRule(
      [
        // Both siblings assign P; each sees only its own, and the first's falls away with it.
        endpointRule("https://fips.{P#dnsSuffix}", [partition("P"), fips]),
        endpointRule("https://{P#authority}{P#path}", [{ fn: "parseURL", argv: ["https://other.example/base"], assign: "P" }]),
      ],
      [isSet("Region")],
    ),
    errorRule("no region"),
  ]),
  errors: ruleSet([
    treeRule([errorRule("FIPS in {Region}", [fips]), endpointRule("https://{Region}.example", [{ fn: "stringEquals", argv: [{ ref: "Region" }, "us-east-1"] }])], [isSet("Region")]),
  ]),
  required: ruleSet([endpointRule("https://{Region}.{Suffix}", [{ fn: "booleanEquals", argv: [{ ref: "Flag" }, true] }]), errorRule("flag off")], {
    Region: { type: "String", builtIn: "AWS::Region", required: true },
    Flag: { type: "Boolean", required: true, default: true },
    Suffix: { type: "String", default: "example.com", required: true },
    Unset: { type: "String", required: false },
  }),
  // The rules never reach the later siblings, nor anything guarded by the unset parameter.
  folding: ruleSet(
    [
      endpointRule("https://never", [isSet("Unset")]),
      endpointRule("https://{Region}", [isSet("UseFIPS"), { fn: "not", argv: [isSet("Unset")] }, { fn: "booleanEquals", argv: [true, true] }]),
      endpointRule("https://unreachable"),
    ],
    { ...PARAMETERS, Region: { type: "String", builtIn: "AWS::Region", required: true }, Unset: { type: "String", required: false } },
  ),
  customEndpoint: ruleSet([
    treeRule(
      [
        errorRule("Invalid Configuration: FIPS and custom endpoint are not supported", [fips]),
        endpointRule("{url#scheme}://{url#authority}{url#normalizedPath}xray/{Encoded}", [
          { fn: "parseURL", argv: [{ ref: "Endpoint" }], assign: "url" },
          { fn: "uriEncode", argv: ["a b/c*"], assign: "Encoded" },
          { fn: "not", argv: [{ fn: "getAttr", argv: [{ ref: "url" }, "isIp"] }] },
        ], { "x-path": ["{url#path}"] }),
        endpointRule("{url#scheme}://{url#authority}/ip", [{ fn: "parseURL", argv: [{ ref: "Endpoint" }], assign: "url" }]),
        errorRule("not an http(s) URL without a query: {Endpoint}"),
      ],
      [isSet("Endpoint")],
    ),
    endpointRule("https://default.example"),
  ]),
  functions: ruleSet([
    treeRule(
      [
        endpointRule("https://{Short}-{Tail}.example", [
          { fn: "substring", argv: [{ ref: "Region" }, 0, 2, false], assign: "Short" },
          { fn: "substring", argv: [{ ref: "Region" }, 0, 1, true], assign: "Tail" },
          { fn: "isValidHostLabel", argv: [{ ref: "Region" }, false] },
        ]),
        endpointRule("https://dotted.{Region}", [{ fn: "isValidHostLabel", argv: [{ ref: "Region" }, true] }]),
        endpointRule("https://invalid"),
      ],
      [isSet("Region")],
    ),
    endpointRule("https://none"),
  ]),
} satisfies Record<string, unknown>;

const out = scratchDir("endpoint-compile");
const runtime = relative(out, join(ROOT, "src/runtime/rules-functions.js")).split("\\").join("/");
const compiled: Record<string, Rules> = {};
const sources: Record<string, string> = {};

beforeAll(async () => {
  const files = Object.entries(SETS).map(([name, rules]) => {
    const file = join(out, `${name}.ts`);
    sources[name] = endpointRulesModule(rules, { at: `$.${name}`, header: "// test\n", runtime });
    writeFileSync(file, sources[name]);
    return [name, file] as const;
  });
  expect(typecheck(files.map(([, file]) => file))).toEqual([]);
  for (const [name, file] of files) compiled[name] = ((await import(pathToFileURL(file).href)) as { resolveEndpointRules: Rules }).resolveEndpointRules;
}, 60_000);

/** The AWS SDK's rules engine on the same rule set: the URL and headers, or the error message. */
function reference(rules: unknown, params: EndpointParameters): { url: string; headers: Record<string, string[]> } | string {
  try {
    const endpoint = resolveEndpoint(rules as never, { endpointParams: params as never });
    return { url: endpoint.url.href, headers: (endpoint.headers ?? {}) as Record<string, string[]> };
  } catch (error) {
    return (error as Error).message;
  }
}

/** Ours, in the same form (URLs through `new URL`, as the runtime does). */
function ours(name: keyof typeof SETS, params: EndpointParameters): { url: string; headers: Record<string, readonly string[]> } | string {
  try {
    const endpoint = compiled[name]!(params);
    return { url: new URL(endpoint.url).href, headers: endpoint.headers };
  } catch (error) {
    expect(error).toBeInstanceOf(EndpointError);
    return (error as Error).message;
  }
}

describe("compiled rule sets agree with the AWS SDK's rules engine", () => {
  it.each([
    ["templates", { Region: "cn-north-1" }],
    ["templates", { Region: "us-gov-west-1", UseFIPS: true }],
    ["templates", {}],
    ["scoping", { Region: "eu-west-1" }],
    ["scoping", { Region: "eu-west-1", UseFIPS: true }],
    ["scoping", {}],
    ["errors", { Region: "eu-west-1", UseFIPS: true }],
    ["errors", { Region: "us-east-1" }],
    ["required", { Region: "r" }],
    ["folding", { Region: "ap-south-2" }],
    ["customEndpoint", { Endpoint: "https://example.com:8443/base" }],
    ["customEndpoint", { Endpoint: "http://127.0.0.1:2020" }],
    ["customEndpoint", { Endpoint: "http://[::1]:2020/" }],
    ["customEndpoint", { Endpoint: "https://example.com/?query=1" }],
    ["customEndpoint", { Endpoint: "ftp://example.com" }],
    ["customEndpoint", { Endpoint: "https://example.com", UseFIPS: true }],
    ["customEndpoint", {}],
    ["functions", { Region: "us-west-2" }],
    ["functions", { Region: "a.b" }],
    ["functions", { Region: "-bad" }],
    ["functions", { Region: "é" }],
    ["functions", {}],
  ] as [keyof typeof SETS, EndpointParameters][])("%s with %j", (name, params) => {
    const expected = reference(SETS[name], params);
    // Where the engine reports "Rules evaluation failed", ours names the rule set's situation.
    if (expected === "Rules evaluation failed") expect(ours(name, params)).toMatch(/^No endpoint rule matched/);
    else expect(ours(name, params)).toEqual(expected);
  });
});

describe("compiled rule sets, known answers", () => {
  it("fills templates: literal braces, backticks and ${ stay text, #paths read attributes", () => {
    expect(compiled["templates"]!({ Region: "cn-north-1" })).toEqual({
      url: "https://cn-north-1.amazonaws.com.cn/{literal}/`tick`/${x}",
      headers: { "x-partition": ["aws-cn"], "x-fips": ["true", "false"] },
    });
  });

  it("rejects a missing required parameter with the rules' message, and applies defaults", () => {
    expect(() => compiled["required"]!({})).toThrow(new EndpointError("Missing required parameter: Region"));
    expect(compiled["required"]!({ Region: "r" }).url).toBe("https://r.example.com");
  });

  it("throws for a matching tree none of whose rules match, and when no rule matches", () => {
    expect(() => compiled["errors"]!({ Region: "eu-west-1" })).toThrow(new EndpointError("No endpoint rule matched inside a matching tree rule"));
    expect(() => compiled["errors"]!({})).toThrow(/^No endpoint rule matched the parameters \{\}$/);
    expect(() => compiled["errors"]!({ Region: "eu-west-1", UseFIPS: true })).toThrow(new EndpointError("FIPS in eu-west-1"));
  });

  it("parses a custom endpoint: path as written, normalized path, IP hosts", () => {
    expect(compiled["customEndpoint"]!({ Endpoint: "https://example.com" })).toEqual({ url: "https://example.com/xray/a%20b%2Fc%2A", headers: { "x-path": [""] } });
    expect(compiled["customEndpoint"]!({ Endpoint: "https://example.com:8443/base" })).toEqual({ url: "https://example.com:8443/base/xray/a%20b%2Fc%2A", headers: { "x-path": ["/base"] } });
    expect(compiled["customEndpoint"]!({ Endpoint: "http://127.0.0.1:2020/base" }).url).toBe("http://127.0.0.1:2020/ip");
  });

  it("leaves out what cannot run: unset parameters, always-true tests, rules after one that always matches", () => {
    const body = sources["folding"]!.slice(sources["folding"]!.indexOf("{\n"));
    expect(body).not.toMatch(/never|unreachable|Unset|UseFIPS|true/);
    expect(compiled["folding"]!({ Region: "x" }).url).toBe("https://x");
  });

  it("imports only the library functions a rule set calls", () => {
    expect(sources["templates"]).toContain(`import { EndpointError, awsPartition, type EndpointParameters, type RuleSetEndpoint } from "${runtime}";`);
    expect(sources["folding"]).toContain(`import { EndpointError, type EndpointParameters, type RuleSetEndpoint } from "${runtime}";`);
    expect(sources["functions"]).toMatch(/import \{ isValidHostLabel, substring, type/);
  });
});

describe("what the compiler refuses", () => {
  /** The message of the ModelError compiling `rules` throws. */
  function refusal(rules: unknown): string {
    try {
      endpointRulesModule(rules, { at: "$.rules", header: "", runtime: "x" });
    } catch (error) {
      expect(error).toBeInstanceOf(ModelError);
      return (error as Error).message;
    }
    throw new Error("the rule set compiled");
  }

  it.each([
    ["an unknown function, by name", ruleSet([endpointRule("https://h", [{ fn: "aws.parseArn", argv: ["arn"] }])]), '$.rules.rules[0].conditions[0].fn: the endpoint rules call "aws.parseArn", a function the generator does not implement'],
    ["a name not in scope", ruleSet([treeRule([endpointRule("https://h", [partition("P")]), endpointRule("https://{P#name}")], [isSet("Region")])]), "$.rules.rules[0].rules[1].endpoint.url: refers to P, which is not a parameter or an assignment in scope"],
    ["an attribute the result has not", ruleSet([endpointRule("https://{P#region}", [isSet("Region"), partition("P")])]), '$.rules.rules[0].endpoint.url: a aws.partition result has no attribute "region"'],
    ["an unset value in a template", ruleSet([endpointRule("https://{Region}")]), "inserts Region, which may be unset here"],
    ["an unset value passed to a function", ruleSet([endpointRule("https://h", [partition("P")])]), "$.rules.rules[0].conditions[0].argv[0]: the value may be unset here"],
    ["a wrongly typed argument", ruleSet([endpointRule("https://h", [{ fn: "uriEncode", argv: [true] }])]), "expected a string, got a boolean"],
    ["a reassigned name", ruleSet([endpointRule("https://h", [isSet("Region"), partition("Region")])]), "assigns Region, which is already in scope"],
    ["an unsupported parameter type", ruleSet([endpointRule("https://h")], { Ids: { type: "stringArray" } }), '$.rules.parameters.Ids: the parameter type "stringArray" is not supported'],
  ])("%s", (_, rules, message) => {
    expect(refusal(rules)).toContain(message);
  });

  it("through the generator: the model's JSON path and the function's name", () => {
    const model = traitModel("union") as unknown as { shapes: Record<string, { traits?: Record<string, any> }> };
    const [id, service] = Object.entries(model.shapes).find(([, shape]) => shape.traits?.["smithy.rules#endpointRuleSet"])!;
    service.traits!["smithy.rules#endpointRuleSet"].rules[0].conditions.push({ fn: "aws.isVirtualHostableS3Bucket", argv: [{ ref: "Endpoint" }, false] });
    expect(() => generateFiles(parseModel(JSON.stringify(model)), { modelLabel: "union" })).toThrow(
      `$.shapes[${JSON.stringify(id)}].traits["smithy.rules#endpointRuleSet"].rules[0].conditions[1].fn: the endpoint rules call "aws.isVirtualHostableS3Bucket"`,
    );
  });

  it("is deterministic", () => {
    const once = endpointRulesModule(SETS.customEndpoint, { at: "$", header: "", runtime: "x" });
    expect(endpointRulesModule(structuredClone(SETS.customEndpoint), { at: "$", header: "", runtime: "x" })).toBe(once);
  });
});

describe("rules-functions", () => {
  it("substring slices ASCII from either end, and is unset when the range does not fit", () => {
    expect(substring("abcdef", 0, 3, false)).toBe("abc");
    expect(substring("abcdef", 0, 3, true)).toBe("def");
    expect(substring("abcdef", 1, 6, false)).toBe("bcdef");
    expect(substring("ab", 0, 3, false)).toBeUndefined();
    expect(substring("abc", 2, 2, false)).toBeUndefined();
    expect(substring("aé", 0, 1, false)).toBeUndefined();
  });

  it("isValidHostLabel accepts DNS labels, dotted ones only when asked", () => {
    expect(isValidHostLabel("good-label", false)).toBe(true);
    expect(isValidHostLabel("a".repeat(63), false)).toBe(true);
    expect(isValidHostLabel("a".repeat(64), false)).toBe(false);
    for (const bad of ["-bad", "bad-", "", "a_b", "a.b"]) expect(isValidHostLabel(bad, false)).toBe(false);
    expect(isValidHostLabel("a.b", true)).toBe(true);
    expect(isValidHostLabel("a..b", true)).toBe(false);
  });

  it("uriEncode percent-encodes everything RFC 3986 reserves, including !'()*", () => {
    expect(uriEncode("a b/c*!'()~-_.")).toBe("a%20b%2Fc%2A%21%27%28%29~-_.");
    expect(uriEncode("é")).toBe("%C3%A9");
  });

  it("parseURL reads http(s) URLs without a query", () => {
    expect(parseURL("https://example.com:8443/base")).toEqual({ scheme: "https", authority: "example.com:8443", path: "/base", normalizedPath: "/base/", isIp: false });
    expect(parseURL("http://127.0.0.1:2020")).toEqual({ scheme: "http", authority: "127.0.0.1:2020", path: "", normalizedPath: "/", isIp: true });
    expect(parseURL("http://[::1]/")).toMatchObject({ authority: "[::1]", path: "/", isIp: true });
    for (const bad of ["https://example.com/?query=1", "ftp://example.com", "not a url", ""]) expect(parseURL(bad)).toBeUndefined();
  });
});
