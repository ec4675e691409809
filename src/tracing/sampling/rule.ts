/**
 * A sampling rule compiled for the request path: its patterns folded once, its reservoir, its
 * rate, and the counts GetSamplingTargets reports. Matching and deciding read fields and compare
 * character codes; nothing is allocated per request (see `docs/sampling.md`).
 *
 * @packageDocumentation
 */
import type { SamplingRule, SamplingTargetDocument } from "../../generated/models.js";
import { PatternTable, type FieldPattern } from "./matcher.js";
import { Reservoir, TAKE_BORROWED, TAKE_NONE } from "./reservoir.js";

/** The request values rules match against; every field is optional. */
export interface SamplingRequest {
  /** The service's name (a segment's `name`). */
  readonly serviceName?: string | undefined;
  /** Where it runs, e.g. `"AWS::EC2::Instance"` (a segment's `origin`). */
  readonly serviceType?: string | undefined;
  /** The `Host` of the incoming request. */
  readonly host?: string | undefined;
  /** The HTTP method, e.g. `"GET"`. */
  readonly httpMethod?: string | undefined;
  /** The URL's path, e.g. `"/api/orders"`. */
  readonly urlPath?: string | undefined;
  /** The ARN of the resource running the service. */
  readonly resourceArn?: string | undefined;
  /** Values for rules' `Attributes`, by key. */
  readonly attributes?: Readonly<Record<string, string>> | undefined;
}

/** A decision: sampled or not, and the rule that decided. */
export interface SamplingResult {
  /** Whether to record and send the request's trace. */
  readonly sampled: boolean;
  /** The name of the rule that matched (`"Default"` for the fallback). */
  readonly ruleName: string;
}

/** The name X-Ray gives the rule that matches every request, always applied last. */
export const DEFAULT_RULE_NAME = "Default";

/** A rule ready for the request path. */
export class CompiledRule {
  readonly name: string;
  readonly priority: number;
  /** The rule's own `FixedRate`, before a target replaces it. */
  readonly ruleRate: number;
  /** The rule's `ReservoirSize`. */
  readonly reservoirSize: number;
  /** The fraction sampled once the reservoir is used up: the rule's, then the latest target's. */
  fixedRate: number;
  readonly reservoir: Reservoir;
  /** Whether a GetSamplingTargets answer has set this rule's rate and quota. */
  targeted = false;
  /** Requests matched since the last report. */
  requests = 0;
  /** Requests sampled since the last report, borrowed ones included. */
  sampled = 0;
  /** Requests sampled on borrowed reservoir since the last report. */
  borrowed = 0;
  readonly #matchesAll: boolean;
  readonly #service: FieldPattern | undefined;
  readonly #serviceType: FieldPattern | undefined;
  readonly #host: FieldPattern | undefined;
  readonly #method: FieldPattern | undefined;
  readonly #path: FieldPattern | undefined;
  readonly #arn: FieldPattern | undefined;
  readonly #attributeKeys: readonly string[];
  readonly #attributePatterns: readonly (FieldPattern | undefined)[];
  /** Shared results, so that a decision returns an existing object instead of making one. */
  readonly #yes: SamplingResult;
  readonly #no: SamplingResult;

  /**
   * @param rule - the rule's fields, as GetSamplingRules returns them (missing patterns match all)
   * @param canBorrow - whether the reservoir lends one a second without a target (centralized rules)
   * @param patterns - where patterns are shared with the other rules of the same set
   */
  constructor(rule: SamplingRule & { RuleName: string }, canBorrow: boolean, patterns: PatternTable = new PatternTable()) {
    this.name = rule.RuleName;
    this.priority = rule.Priority ?? 10_000;
    this.ruleRate = rule.FixedRate ?? 0;
    this.reservoirSize = rule.ReservoirSize ?? 0;
    this.fixedRate = this.ruleRate;
    this.reservoir = new Reservoir(canBorrow && this.reservoirSize > 0);
    this.#matchesAll = this.name === DEFAULT_RULE_NAME;
    this.#service = patterns.get("service", rule.ServiceName);
    this.#serviceType = patterns.get("type", rule.ServiceType);
    this.#host = patterns.get("host", rule.Host);
    this.#method = patterns.get("method", rule.HTTPMethod);
    this.#path = patterns.get("path", rule.URLPath);
    this.#arn = patterns.get("arn", rule.ResourceARN);
    const attributes = Object.entries(rule.Attributes ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.#attributeKeys = attributes.map(([key]) => key);
    this.#attributePatterns = attributes.map(([key, pattern]) => patterns.get(`attr:${key}`, pattern));
    this.#yes = Object.freeze({ sampled: true, ruleName: this.name });
    this.#no = Object.freeze({ sampled: false, ruleName: this.name });
  }

  /**
   * Whether the request matches every field of the rule (`Default` matches everything).
   *
   * @param request - the request's values
   * @param decision - a number that changes with every decision (shared patterns keep results per decision)
   * @returns true on a match
   */
  matches(request: SamplingRequest, decision: number): boolean {
    if (this.#matchesAll) return true;
    // Short values first: a method or service name usually differs at its first character.
    if (
      (this.#method !== undefined && !this.#method.test(request.httpMethod, decision)) ||
      (this.#service !== undefined && !this.#service.test(request.serviceName, decision)) ||
      (this.#serviceType !== undefined && !this.#serviceType.test(request.serviceType, decision)) ||
      (this.#host !== undefined && !this.#host.test(request.host, decision)) ||
      (this.#path !== undefined && !this.#path.test(request.urlPath, decision)) ||
      (this.#arn !== undefined && !this.#arn.test(request.resourceArn, decision))
    ) {
      return false;
    }
    const keys = this.#attributeKeys;
    if (keys.length === 0) return true;
    const given = request.attributes;
    for (let i = 0; i < keys.length; i++) {
      const value = given !== undefined && Object.hasOwn(given, keys[i]!) ? given[keys[i]!] : undefined;
      const pattern = this.#attributePatterns[i];
      if (pattern !== undefined && !pattern.test(value, decision)) return false;
    }
    return true;
  }

  /**
   * Decides for a matched request: the reservoir first, then the fixed rate; counts both.
   *
   * @param now - the clock, epoch ms
   * @param random - a source of numbers in [0, 1), called only when the reservoir is used up
   * @returns a shared, frozen result
   */
  decide(now: number, random: () => number): SamplingResult {
    this.requests++;
    const taken = this.reservoir.take(now);
    if (taken !== TAKE_NONE) {
      this.sampled++;
      if (taken === TAKE_BORROWED) this.borrowed++;
      return this.#yes;
    }
    if (this.fixedRate > 0 && random() < this.fixedRate) {
      this.sampled++;
      return this.#yes;
    }
    return this.#no;
  }

  /**
   * Applies a GetSamplingTargets answer for this rule: the new rate, and the quota with its TTL.
   * A member that is absent or not a sensible value leaves the current one.
   *
   * @param target - the rule's `SamplingTargetDocument`
   */
  applyTarget(target: SamplingTargetDocument): void {
    this.targeted = true;
    const rate = target.FixedRate;
    if (typeof rate === "number" && rate >= 0 && rate <= 1) this.fixedRate = rate;
    const quota = target.ReservoirQuota;
    if (typeof quota === "number" && Number.isInteger(quota) && quota >= 0) this.reservoir.quota = quota;
    const ttl = epochMs(target.ReservoirQuotaTTL);
    if (ttl !== undefined) this.reservoir.quotaUntil = ttl;
  }

  /**
   * Keeps what the previous version of this rule learned: its target and its unreported counts.
   *
   * @param previous - the rule of the same name from the previous GetSamplingRules answer
   */
  inherit(previous: CompiledRule): void {
    if (previous.targeted) {
      this.targeted = true;
      this.fixedRate = previous.fixedRate;
    }
    this.reservoir.quota = previous.reservoir.quota;
    this.reservoir.quotaUntil = previous.reservoir.quotaUntil;
    this.requests = previous.requests;
    this.sampled = previous.sampled;
    this.borrowed = previous.borrowed;
  }
}

/**
 * X-Ray's order: `Priority` ascending, ties by `RuleName` (code units), `Default` always last.
 *
 * @param a - a rule
 * @param b - another rule
 * @returns a negative number when `a` comes first
 */
export function compareRules(a: CompiledRule, b: CompiledRule): number {
  const aDefault = a.name === DEFAULT_RULE_NAME;
  if (aDefault !== (b.name === DEFAULT_RULE_NAME)) return aDefault ? 1 : -1;
  if (a.priority !== b.priority) return a.priority - b.priority;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * A timestamp as epoch ms: a `Date` as the client parses it, or epoch seconds as on the wire.
 *
 * @param value - a `Date`, a number of seconds, or anything else
 * @returns epoch ms, or `undefined` when the value is not a valid time
 */
export function epochMs(value: unknown): number | undefined {
  const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? value * 1000 : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}
