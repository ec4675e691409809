/**
 * Local rules files in aws-xray-sdk-core's format: what is accepted (versions 1 and 2), what it
 * becomes as X-Ray rules, and the typed error, naming the member, for each kind of mistake.
 */
import { describe, expect, it } from "vitest";
import { SamplingRulesError, parseSamplingRules, toSamplingRules } from "../../../src/tracing/index.js";

const V2 = {
  version: 2,
  rules: [
    { description: "Player moves.", host: "*", http_method: "*", url_path: "/api/move/*", fixed_target: 0, rate: 0.05 },
    { host: "api.example.com", http_method: "GET", url_path: "/health", fixed_target: 0, rate: 0 },
  ],
  default: { fixed_target: 1, rate: 0.1 },
};

describe("parseSamplingRules", () => {
  it("accepts a version 2 file, as text or parsed, and turns it into ordered X-Ray rules with Default last", () => {
    const parsed = parseSamplingRules(JSON.stringify(V2));
    expect(parsed).toEqual(V2);
    expect(parseSamplingRules(V2)).toEqual(V2);
    const rules = toSamplingRules(parsed);
    expect(rules.map((rule) => [rule.RuleName, rule.Priority, rule.Host, rule.HTTPMethod, rule.URLPath, rule.ReservoirSize, rule.FixedRate])).toEqual([
      ["local-1", 1, "*", "*", "/api/move/*", 0, 0.05],
      ["local-2", 2, "api.example.com", "GET", "/health", 0, 0],
      ["Default", 10000, "*", "*", "*", 1, 0.1],
    ]);
  });

  it("accepts version 1, whose rules name service_name instead of host, and a file without rules", () => {
    const v1 = { version: 1, rules: [{ service_name: "shop", http_method: "POST", url_path: "/cart", fixed_target: 2, rate: 0.5 }], default: { fixed_target: 1, rate: 0.05 } };
    const rules = toSamplingRules(parseSamplingRules(v1));
    expect(rules[0]).toMatchObject({ ServiceName: "shop", Host: "*", HTTPMethod: "POST", URLPath: "/cart", ReservoirSize: 2, FixedRate: 0.5 });
    expect(parseSamplingRules({ version: 2, default: { fixed_target: 0, rate: 0 } }).rules).toEqual([]);
  });

  it.each([
    ["not JSON", "{ version: 2", "$"],
    ["an array", [], "$"],
    ["version 3", { ...V2, version: 3 }, "$.version"],
    ["an unknown top-level member", { ...V2, extra: true }, "$.extra"],
    ["no default", { version: 2, rules: [] }, "$.default"],
    ["default with a host", { ...V2, default: { fixed_target: 1, rate: 0.1, host: "*" } }, "$.default.host"],
    ["a negative fixed_target", { ...V2, default: { fixed_target: -1, rate: 0.1 } }, "$.default.fixed_target"],
    ["a fractional fixed_target", { ...V2, rules: [{ ...V2.rules[0], fixed_target: 1.5 }] }, "$.rules[0].fixed_target"],
    ["a rate above 1", { ...V2, rules: [V2.rules[0], { ...V2.rules[1], rate: 1.5 }] }, "$.rules[1].rate"],
    ["a rate as text", { ...V2, default: { fixed_target: 1, rate: "0.1" } }, "$.default.rate"],
    ["rules not an array", { ...V2, rules: {} }, "$.rules"],
    ["a rule missing url_path", { ...V2, rules: [{ host: "*", http_method: "*", fixed_target: 0, rate: 0 }] }, "$.rules[0].url_path"],
    ["service_name in version 2", { ...V2, rules: [{ ...V2.rules[0], service_name: "x" }] }, "$.rules[0].service_name"],
    ["host in version 1", { ...V2, version: 1 }, "$.rules[0].host"],
    ["a numeric description", { ...V2, rules: [{ ...V2.rules[0], description: 7 }] }, "$.rules[0].description"],
  ])("refuses %s with a SamplingRulesError at %s", (_label, input, path) => {
    let caught: unknown;
    try {
      parseSamplingRules(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SamplingRulesError);
    expect((caught as SamplingRulesError).path).toBe(path);
    expect((caught as SamplingRulesError).name).toBe("SamplingRulesError");
    expect((caught as SamplingRulesError).message).toMatch(/^Sampling rules: \$/);
  });
});
