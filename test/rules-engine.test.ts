/**
 * The endpoint rules evaluator beyond what X-Ray's rule set exercises (that is
 * test/endpoint.test.ts): templates, `getAttr` paths, assignment scoping, the string functions,
 * and refusing what it does not implement.
 */
import { describe, expect, it } from "vitest";
import { EndpointError, evaluateRuleSet } from "../src/runtime/rules-engine.js";

const endpointRule = (url: unknown, conditions: unknown[] = [], headers?: Record<string, unknown[]>) => ({
  type: "endpoint",
  conditions,
  endpoint: { url, ...(headers ? { headers } : {}) },
});

const ruleSet = (rules: unknown[], parameters: Record<string, unknown> = { Region: { type: "string" } }) => ({
  version: "1.0",
  parameters,
  rules,
});

describe("evaluateRuleSet", () => {
  it("fills templates with refs, getAttr paths and literal braces", () => {
    const rules = ruleSet([
      endpointRule("https://{Region}.{PartitionResult#dnsSuffix}/{{literal}}", [
        { fn: "aws.partition", argv: [{ ref: "Region" }], assign: "PartitionResult" },
      ], { "x-partition": ["{PartitionResult#name}"] }),
    ]);
    expect(evaluateRuleSet(rules, { Region: "cn-north-1" })).toEqual({
      url: "https://cn-north-1.amazonaws.com.cn/{literal}",
      headers: { "x-partition": ["aws-cn"] },
    });
  });

  it("applies parameter defaults and rejects a missing required parameter", () => {
    const parameters = { Region: { type: "string", required: true }, Flag: { type: "boolean", required: true, default: true } };
    const rules = ruleSet([endpointRule("https://{Region}", [{ fn: "booleanEquals", argv: [{ ref: "Flag" }, true] }])], parameters);
    expect(evaluateRuleSet(rules, { Region: "r" }).url).toBe("https://r");
    expect(() => evaluateRuleSet(rules, {})).toThrow(new EndpointError("Missing required parameter: Region"));
  });

  it("keeps assignments inside the rule whose conditions made them", () => {
    const rules = ruleSet([
      {
        type: "tree",
        conditions: [],
        rules: [
          endpointRule("https://never", [
            { fn: "aws.partition", argv: [{ ref: "Region" }], assign: "P" },
            { fn: "booleanEquals", argv: [true, false] },
          ]),
          endpointRule("https://{Region}", [{ fn: "not", argv: [{ fn: "isSet", argv: [{ ref: "P" }] }] }]),
        ],
      },
    ]);
    expect(evaluateRuleSet(rules, { Region: "eu-west-1" }).url).toBe("https://eu-west-1");
  });

  it("reports error rules with their message and a tree with no match as an error", () => {
    expect(() => evaluateRuleSet(ruleSet([{ type: "error", conditions: [], error: "Invalid: {Region}" }]), { Region: "x" })).toThrow(
      "Invalid: x",
    );
    expect(() => evaluateRuleSet(ruleSet([{ type: "tree", conditions: [], rules: [] }]), {})).toThrow(EndpointError);
    expect(() => evaluateRuleSet(ruleSet([]), {})).toThrow(/No endpoint rule matched/);
  });

  it("implements substring, isValidHostLabel, uriEncode, stringEquals and parseURL", () => {
    const call = (fn: string, ...argv: unknown[]) =>
      evaluateRuleSet(ruleSet([endpointRule("https://h", [{ fn, argv, assign: "out" }]), endpointRule("https://none")]), {}).url;
    expect(call("substring", "abcdef", 0, 3, false)).toBe("https://h");
    expect(call("substring", "ab", 0, 3, false)).toBe("https://none");
    expect(call("isValidHostLabel", "good-label", false)).toBe("https://h");
    expect(call("isValidHostLabel", "-bad", false)).toBe("https://none");
    expect(call("isValidHostLabel", "a.b", false)).toBe("https://none");
    expect(call("isValidHostLabel", "a.b", true)).toBe("https://h");
    expect(call("stringEquals", "a", "b")).toBe("https://none");
    expect(call("parseURL", "https://example.com:8443/base")).toBe("https://h");
    expect(call("parseURL", "https://example.com/?query=1")).toBe("https://none");
    const parsed = ruleSet([
      endpointRule("{u#scheme}://{u#authority}{u#normalizedPath}x/{enc}", [
        { fn: "parseURL", argv: ["http://127.0.0.1:2020/base"], assign: "u" },
        { fn: "uriEncode", argv: ["a b/c*"], assign: "enc" },
      ]),
    ]);
    expect(evaluateRuleSet(parsed, {}).url).toBe("http://127.0.0.1:2020/base/x/a%20b%2Fc%2A");
  });

  it("names a function it does not implement instead of guessing", () => {
    expect(() => evaluateRuleSet(ruleSet([endpointRule("https://h", [{ fn: "aws.parseArn", argv: ["arn"] }])]), {})).toThrow(
      /function "aws.parseArn"/,
    );
  });
});
