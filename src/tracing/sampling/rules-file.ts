/**
 * Local sampling rules in the file format users of `aws-xray-sdk-core` already have
 * (`AWS_XRAY_SAMPLING_RULES` / `setSamplingRules`), validated with errors that name the bad
 * member, and turned into X-Ray `SamplingRule`s so one matcher serves both (see
 * `docs/sampling.md`).
 *
 * ```json
 * { "version": 2,
 *   "rules": [{ "description": "health checks", "host": "*", "http_method": "GET", "url_path": "/health", "fixed_target": 0, "rate": 0 }],
 *   "default": { "fixed_target": 1, "rate": 0.05 } }
 * ```
 * Version 1 files name `service_name` where version 2 names `host`.
 *
 * @packageDocumentation
 */
import type { SamplingRule } from "../../generated/models.js";
import { DEFAULT_RULE_NAME } from "./rule.js";

/** One rule of a local rules file (version 2 uses `host`, version 1 `service_name`). */
export interface LocalSamplingRule {
  /** What the rule is for; free text. */
  readonly description?: string;
  /** Pattern for the request's host (version 2). */
  readonly host?: string;
  /** Pattern for the service name (version 1's name for what version 2 calls `host`). */
  readonly service_name?: string;
  /** Pattern for the HTTP method. */
  readonly http_method: string;
  /** Pattern for the URL path. */
  readonly url_path: string;
  /** Requests a second sampled before `rate` applies. */
  readonly fixed_target: number;
  /** Fraction sampled beyond `fixed_target`, 0 to 1. */
  readonly rate: number;
}

/** A validated local rules file. */
export interface LocalSamplingRules {
  /** 1 or 2. */
  readonly version: 1 | 2;
  /** The rule for requests no other rule matches. */
  readonly default: { readonly fixed_target: number; readonly rate: number };
  /** Rules tried in order before `default`. */
  readonly rules: readonly LocalSamplingRule[];
}

/** A rules file that cannot be used, with the JSON path of the problem (e.g. `rules[2].rate`). */
export class SamplingRulesError extends Error {
  override readonly name = "SamplingRulesError";
  /** Where in the document: `$` for the whole, `default.rate`, `rules[0].url_path`, … */
  readonly path: string;

  /**
   * @param path - where the problem is
   * @param problem - what is wrong, without the value itself
   */
  constructor(path: string, problem: string) {
    super(`Sampling rules: ${path} ${problem}`);
    this.path = path;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function checkKeys(value: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new SamplingRulesError(`${path}.${key}`, `is not a known member (expected ${allowed.join(", ")})`);
  }
}

function fixedTarget(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw new SamplingRulesError(path, "must be a non-negative integer");
  return value;
}

function rate(value: unknown, path: string): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) throw new SamplingRulesError(path, "must be a number from 0 to 1");
  return value;
}

function pattern(value: unknown, path: string): string {
  if (typeof value !== "string") throw new SamplingRulesError(path, "must be a string (a pattern with * and ? wildcards)");
  return value;
}

/**
 * Parses and validates a local rules file.
 *
 * @param input - the file's text, or its parsed JSON
 * @returns the rules, checked
 * @throws SamplingRulesError naming the first problem: bad JSON, an unknown version, a missing or
 *   mistyped member, a member the version does not know
 */
export function parseSamplingRules(input: unknown): LocalSamplingRules {
  let document = input;
  if (typeof input === "string") {
    try {
      document = JSON.parse(input);
    } catch (error) {
      throw new SamplingRulesError("$", `is not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (!isObject(document)) throw new SamplingRulesError("$", "must be a JSON object with version, default and rules");
  const version = document["version"];
  if (version !== 1 && version !== 2) throw new SamplingRulesError("$.version", "must be 1 or 2");
  checkKeys(document, "$", ["version", "default", "rules"]);
  const fallback = document["default"];
  if (!isObject(fallback)) throw new SamplingRulesError("$.default", "is required: an object with fixed_target and rate");
  checkKeys(fallback, "$.default", ["fixed_target", "rate"]);
  const rules = document["rules"] ?? [];
  if (!Array.isArray(rules)) throw new SamplingRulesError("$.rules", "must be an array");
  const target = version === 2 ? "host" : "service_name";
  const checked = rules.map((rule: unknown, index): LocalSamplingRule => {
    const path = `$.rules[${index}]`;
    if (!isObject(rule)) throw new SamplingRulesError(path, "must be an object");
    checkKeys(rule, path, ["description", target, "http_method", "url_path", "fixed_target", "rate"]);
    if (rule["description"] !== undefined && typeof rule["description"] !== "string") throw new SamplingRulesError(`${path}.description`, "must be a string");
    return {
      ...(rule["description"] === undefined ? {} : { description: rule["description"] as string }),
      [target]: pattern(rule[target], `${path}.${target}`),
      http_method: pattern(rule["http_method"], `${path}.http_method`),
      url_path: pattern(rule["url_path"], `${path}.url_path`),
      fixed_target: fixedTarget(rule["fixed_target"], `${path}.fixed_target`),
      rate: rate(rule["rate"], `${path}.rate`),
    } as LocalSamplingRule;
  });
  return {
    version,
    default: { fixed_target: fixedTarget(fallback["fixed_target"], "$.default.fixed_target"), rate: rate(fallback["rate"], "$.default.rate") },
    rules: checked,
  };
}

/**
 * Turns local rules into X-Ray rules, in order: `local-1`, `local-2`, … (priorities 1, 2, …),
 * then `Default`. `fixed_target` becomes `ReservoirSize`, `rate` `FixedRate`; version 1's
 * `service_name` matches the service name, version 2's `host` the host.
 *
 * @param file - a validated file from {@link parseSamplingRules}
 * @returns the rules, `Default` last
 */
export function toSamplingRules(file: LocalSamplingRules): SamplingRule[] {
  const base = { ResourceARN: "*", ServiceType: "*", Version: 1 };
  const rules: SamplingRule[] = file.rules.map((rule, index) => ({
    ...base,
    RuleName: `local-${index + 1}`,
    Priority: index + 1,
    FixedRate: rule.rate,
    ReservoirSize: rule.fixed_target,
    ServiceName: rule.service_name ?? "*",
    Host: rule.host ?? "*",
    HTTPMethod: rule.http_method,
    URLPath: rule.url_path,
  }));
  rules.push({
    ...base,
    RuleName: DEFAULT_RULE_NAME,
    Priority: 10_000,
    FixedRate: file.default.rate,
    ReservoirSize: file.default.fixed_target,
    ServiceName: "*",
    Host: "*",
    HTTPMethod: "*",
    URLPath: "*",
  });
  return rules;
}
