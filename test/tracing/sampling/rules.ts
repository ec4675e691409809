/**
 * Sampling rules for the sampler tests: every field spelled out as GetSamplingRules returns it,
 * with overrides per test.
 */
import type { SamplingRule } from "../../../src/index.js";

/** A rule matching everything unless overridden. */
export function rule(name: string, overrides: Partial<SamplingRule> = {}): SamplingRule {
  return {
    RuleName: name,
    RuleARN: `arn:aws:xray:us-east-1:123456789012:sampling-rule/${name}`,
    ResourceARN: "*",
    Priority: 100,
    FixedRate: 0,
    ReservoirSize: 0,
    ServiceName: "*",
    ServiceType: "*",
    Host: "*",
    HTTPMethod: "*",
    URLPath: "*",
    Version: 1,
    ...overrides,
  };
}

/** X-Ray's Default rule: 1 a second, 5%. */
export const DEFAULT_RULE = rule("Default", { Priority: 10000, FixedRate: 0.05, ReservoirSize: 1 });

/** A start time on a whole second, so that "the same second" is easy to reason about. */
export const T0 = 1_700_000_000_000;

/** A mutable clock for `now`. */
export function clock(start = T0): { now: () => number; set: (ms: number) => void; advance: (ms: number) => void } {
  let current = start;
  return { now: () => current, set: (ms) => void (current = ms), advance: (ms) => void (current += ms) };
}

/** `random` returning the given values in order, then repeating the last one. */
export function randoms(...values: number[]): () => number {
  let index = 0;
  return () => values[Math.min(index++, values.length - 1)]!;
}
