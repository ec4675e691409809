/**
 * `XRaySampler`: decides which requests to trace the way the X-Ray SDKs do, under rules managed
 * centrally in X-Ray (GetSamplingRules) with quotas X-Ray assigns (GetSamplingTargets), or under
 * a local rules file, or by default 1 request a second plus 5% (see `docs/sampling.md`).
 * Browser-safe; a decision allocates nothing.
 *
 * @packageDocumentation
 */
import type { GetSamplingTargetsResult, SamplingRule, SamplingStatisticsDocument } from "../../generated/models.js";
import { PatternTable } from "./matcher.js";
import { SamplingPoller, TARGETS_INTERVAL_MS, type SamplingClient } from "./poller.js";
import { CompiledRule, DEFAULT_RULE_NAME, compareRules, epochMs, type SamplingRequest, type SamplingResult } from "./rule.js";
import { toSamplingRules, type LocalSamplingRules } from "./rules-file.js";
import { checkClientId, newClientId, takeRuleStatistics } from "./statistics.js";

/** Centralized rules older than this are not trusted any more: 1 hour. */
export const RULES_TTL_MS = 3_600_000;

/** The rules used without centralized ones: X-Ray's own default, 1 request a second and 5% of the rest. */
const BUILT_IN_DEFAULT: SamplingRule = {
  RuleName: DEFAULT_RULE_NAME,
  ResourceARN: "*",
  Priority: 10_000,
  FixedRate: 0.05,
  ReservoirSize: 1,
  ServiceName: "*",
  ServiceType: "*",
  Host: "*",
  HTTPMethod: "*",
  URLPath: "*",
  Version: 1,
};

/** Options of {@link XRaySampler}. */
export interface XRaySamplerOptions {
  /** The client `start()` polls X-Ray through; without one the sampler only uses what it is given. */
  readonly client?: SamplingClient | undefined;
  /**
   * Rules to start with: X-Ray `SamplingRule`s (as if `updateRules` had been called with them),
   * or a local rules file from `parseSamplingRules`, used whenever there are no centralized rules
   * or they are over an hour old.
   * @defaultValue none: 1 request a second plus 5% until centralized rules arrive
   */
  readonly rules?: readonly SamplingRule[] | LocalSamplingRules | undefined;
  /**
   * The clock, epoch ms.
   * @defaultValue Date.now
   */
  readonly now?: (() => number) | undefined;
  /**
   * Randomness for the fixed rate and jitter, in [0, 1).
   * @defaultValue Math.random
   */
  readonly random?: (() => number) | undefined;
  /**
   * The ClientID statistics are reported under: 24 hex digits.
   * @defaultValue 24 random hex digits
   */
  readonly clientId?: string | undefined;
  /** Told about each failed GetSamplingRules or GetSamplingTargets call; its exceptions are ignored. */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** What {@link XRaySampler.updateTargets} says about the next poll. */
export interface TargetsUpdate {
  /** When to ask for targets again, in ms: the smallest `Interval` returned, else 10 s. */
  readonly nextPollMs: number;
  /** Whether the rules changed in X-Ray since they were last fetched (`LastRuleModification`). */
  readonly refreshRules: boolean;
}

const EMPTY_REQUEST: SamplingRequest = Object.freeze({});

const isLocalRules = (rules: unknown): rules is LocalSamplingRules =>
  typeof rules === "object" && rules !== null && !Array.isArray(rules) && "version" in rules;

/**
 * Decides whether to trace each request, per X-Ray's sampling rules: the first matching rule
 * (by `Priority`, then name; `Default` last) samples up to its reservoir each second, then its
 * fixed rate. With a `client`, `start()` keeps rules and quotas current; `shouldSample` never
 * waits for the network and never throws.
 *
 * @example
 * ```ts
 * const sampler = new XRaySampler({ client: new XRayClient({ region: "us-east-1" }) });
 * sampler.start(); // GetSamplingRules now, GetSamplingTargets every 10 s; close() stops it
 * const { sampled } = sampler.shouldSample({ serviceName: "checkout", httpMethod: "GET", urlPath: "/cart" });
 * ```
 */
export class XRaySampler {
  readonly #client: SamplingClient | undefined;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #clientId: string;
  readonly #onError: ((error: unknown) => void) | undefined;
  /** Centralized rules in X-Ray's order. */
  #central: CompiledRule[] = [];
  /** When centralized rules were last updated (epoch ms), or -Infinity. */
  #rulesAt = Number.NEGATIVE_INFINITY;
  /** Local rules (a file's, or the built-in default), `Default` last. */
  readonly #local: CompiledRule[];
  readonly #fallback: CompiledRule;
  #poller: SamplingPoller | undefined;
  /** Counts decisions, so that patterns shared by several rules are tested once per decision. */
  #decisions = 0;
  #closed = false;

  /**
   * @param options - client, rules, clock, randomness, ClientID
   * @throws TypeError when `client` has no `send`, `now` or `random` is not a function, or
   *   `clientId` is not 24 hex digits
   */
  constructor(options: XRaySamplerOptions = {}) {
    if (options.client !== undefined && typeof options.client?.send !== "function") throw new TypeError("XRaySampler: client must be an XRayClient");
    for (const name of ["now", "random", "onError"] as const) {
      if (options[name] !== undefined && typeof options[name] !== "function") throw new TypeError(`XRaySampler: ${name} must be a function`);
    }
    this.#client = options.client;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#onError = options.onError;
    this.#clientId = options.clientId === undefined ? newClientId() : checkClientId(options.clientId);
    const local = isLocalRules(options.rules) ? toSamplingRules(options.rules) : [BUILT_IN_DEFAULT];
    const patterns = new PatternTable();
    this.#local = local.map((rule) => localRule(rule, patterns));
    this.#fallback = this.#local[this.#local.length - 1]!;
    if (Array.isArray(options.rules)) this.updateRules(options.rules);
  }

  /** The ClientID statistics are reported under. */
  get clientId(): string {
    return this.#clientId;
  }

  /**
   * Decides for one request. Never throws, never waits, allocates nothing: the result object is
   * shared and frozen.
   *
   * @param request - what rules match on; every field is optional
   * @returns whether to sample, and which rule decided
   */
  shouldSample(request: SamplingRequest): SamplingResult {
    const now = this.#now();
    const given = request ?? EMPTY_REQUEST;
    const rules = this.#central.length > 0 && now - this.#rulesAt <= RULES_TTL_MS ? this.#central : this.#local;
    const decision = ++this.#decisions;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (rule.matches(given, decision)) return rule.decide(now, this.#random);
    }
    return this.#fallback.decide(now, this.#random);
  }

  /**
   * Replaces the centralized rules with those of a GetSamplingRules answer. A rule that was
   * already known keeps its target and its unreported counts. Rules of another `Version` than 1,
   * or without a name, are skipped, as the X-Ray SDKs do.
   *
   * @param rules - the `SamplingRule` of each `SamplingRuleRecord`
   */
  updateRules(rules: readonly SamplingRule[]): void {
    const previous = new Map(this.#central.map((rule) => [rule.name, rule]));
    const next: CompiledRule[] = [];
    const names = new Set<string>();
    const patterns = new PatternTable();
    for (const rule of Array.isArray(rules) ? rules : []) {
      if (!isUsableRule(rule) || names.has(rule.RuleName)) continue;
      names.add(rule.RuleName);
      const compiled = new CompiledRule(rule, true, patterns);
      const known = previous.get(rule.RuleName);
      if (known) compiled.inherit(known);
      next.push(compiled);
    }
    this.#central = next.sort(compareRules);
    this.#rulesAt = this.#now();
  }

  /**
   * Applies a GetSamplingTargets answer: each named rule's rate, quota and quota TTL.
   *
   * @param output - the command's output (or its JSON body, timestamps in epoch seconds)
   * @returns when to poll next, and whether the rules must be fetched again now
   */
  updateTargets(output: GetSamplingTargetsResult): TargetsUpdate {
    let interval = Number.POSITIVE_INFINITY;
    for (const target of output?.SamplingTargetDocuments ?? []) {
      const rule = target?.RuleName === undefined ? undefined : this.#central.find((candidate) => candidate.name === target.RuleName);
      rule?.applyTarget(target);
      const seconds = target?.Interval;
      if (typeof seconds === "number" && seconds > 0) interval = Math.min(interval, seconds * 1000);
    }
    const modified = epochMs(output?.LastRuleModification);
    return {
      nextPollMs: Number.isFinite(interval) ? Math.min(interval, RULES_TTL_MS) : TARGETS_INTERVAL_MS,
      refreshRules: modified !== undefined && modified > this.#rulesAt,
    };
  }

  /**
   * The statistics the next GetSamplingTargets call carries, one document per centralized rule,
   * and sets the counts back to zero.
   *
   * @returns `SamplingStatisticsDocuments` (empty without centralized rules)
   */
  takeStatistics(): SamplingStatisticsDocument[] {
    return takeRuleStatistics(this.#central, this.#clientId, this.#now());
  }

  /** Starts polling X-Ray through `client` (a no-op without one, after `close()`, or when started). */
  start(): void {
    if (this.#client === undefined || this.#closed || this.#poller !== undefined) return;
    this.#poller = new SamplingPoller(this.#client, this, this.#random, this.#onError);
    this.#poller.start();
  }

  /** Stops polling and cancels calls in flight; decisions go on with the rules already known. */
  close(): void {
    this.#closed = true;
    this.#poller?.stop();
  }
}

function isUsableRule(rule: unknown): rule is SamplingRule & { RuleName: string } {
  if (typeof rule !== "object" || rule === null) return false;
  const { RuleName, Version } = rule as SamplingRule;
  return typeof RuleName === "string" && RuleName.length > 0 && (Version === undefined || Version === 1);
}

/** A local rule: its reservoir is a fixed target per second that never expires, and it never borrows. */
function localRule(rule: SamplingRule, patterns: PatternTable): CompiledRule {
  const compiled = new CompiledRule(rule as SamplingRule & { RuleName: string }, false, patterns);
  compiled.reservoir.quota = compiled.reservoirSize;
  compiled.reservoir.quotaUntil = Number.POSITIVE_INFINITY;
  return compiled;
}
