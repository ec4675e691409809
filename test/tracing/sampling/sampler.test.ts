/**
 * XRaySampler's decisions on an injected clock and injected randomness, against counts worked
 * out by hand: rule order, the per-second reservoir, borrowing before the first target, quotas
 * until their TTL, the fixed rate, statistics, targets, and the 1/s + 5% fallback.
 */
import { describe, expect, it } from "vitest";
import { XRaySampler, parseSamplingRules, type SamplingRequest } from "../../../src/tracing/index.js";
import { DEFAULT_RULE, T0, clock, randoms, rule } from "./rules.js";

const GET_CART: SamplingRequest = { serviceName: "shop", httpMethod: "GET", urlPath: "/cart", host: "shop.example.com" };

/** Decides `count` times and returns how many were sampled. */
function sampledOf(sampler: XRaySampler, count: number, request: SamplingRequest = GET_CART): number {
  let sampled = 0;
  for (let i = 0; i < count; i++) if (sampler.shouldSample(request).sampled) sampled++;
  return sampled;
}

describe("rule order", () => {
  it("goes by Priority, then RuleName by code units, with Default last whatever its priority", () => {
    const rules = [rule("b-low", { Priority: 5 }), rule("Zed", { Priority: 1 }), rule("apple", { Priority: 1 }), { ...DEFAULT_RULE, Priority: 1 }];
    const sampler = new XRaySampler({ rules, now: clock().now });
    // "Zed" < "apple": upper-case letters come first in code-unit order.
    expect(sampler.shouldSample(GET_CART).ruleName).toBe("Zed");
    sampler.updateRules([rule("b-low", { Priority: 5 }), rule("apple", { Priority: 1 }), DEFAULT_RULE]);
    expect(sampler.shouldSample(GET_CART).ruleName).toBe("apple");
    sampler.updateRules([{ ...DEFAULT_RULE, Priority: 1 }, rule("b-low", { Priority: 5, HTTPMethod: "POST" })]);
    expect(sampler.shouldSample(GET_CART).ruleName).toBe("Default");
  });

  it("first match wins, and Default matches whatever its own fields say", () => {
    const rules = [
      rule("posts", { Priority: 1, HTTPMethod: "POST" }),
      rule("cart", { Priority: 2, URLPath: "/cart*" }),
      { ...DEFAULT_RULE, URLPath: "/never" },
    ];
    const sampler = new XRaySampler({ rules, now: clock().now });
    expect(sampler.shouldSample(GET_CART).ruleName).toBe("cart");
    expect(sampler.shouldSample({ ...GET_CART, httpMethod: "post" }).ruleName).toBe("posts");
    expect(sampler.shouldSample({ urlPath: "/health" }).ruleName).toBe("Default");
  });

  it("skips rules of another Version and repeated names", () => {
    const sampler = new XRaySampler({ rules: [rule("v2", { Priority: 1, Version: 2 }), rule("one", { Priority: 2 }), rule("one", { Priority: 1, HTTPMethod: "PUT" }), DEFAULT_RULE], now: clock().now });
    expect(sampler.shouldSample(GET_CART).ruleName).toBe("one");
    expect(sampler.takeStatistics().map((document) => document.RuleName)).toEqual(["one", "Default"]);
  });
});

describe("matching", () => {
  it("matches every field and attribute with case-insensitive * and ?, and a missing value only with *", () => {
    const sampler = new XRaySampler({
      rules: [
        rule("gold", {
          Priority: 1,
          ServiceName: "SHOP-?",
          ServiceType: "AWS::ECS::*",
          Host: "*.example.COM",
          HTTPMethod: "g?t",
          URLPath: "/API/*/orders",
          ResourceARN: "arn:aws:ecs:*",
          Attributes: { tier: "gold*", region: "eu-*" },
        }),
        DEFAULT_RULE,
      ],
      now: clock().now,
    });
    const request: SamplingRequest = {
      serviceName: "shop-1",
      serviceType: "AWS::ECS::Container",
      host: "Shop.Example.com",
      httpMethod: "GET",
      urlPath: "/api/v2/orders",
      resourceArn: "arn:aws:ecs:eu-west-1:123456789012:task/x",
      attributes: { tier: "GOLDEN", region: "eu-west-1", other: "ignored" },
    };
    expect(sampler.shouldSample(request).ruleName).toBe("gold");
    expect(sampler.shouldSample({ ...request, serviceName: "shop-12" }).ruleName).toBe("Default");
    expect(sampler.shouldSample({ ...request, urlPath: "/api/v2/orders/1" }).ruleName).toBe("Default");
    expect(sampler.shouldSample({ ...request, host: undefined }).ruleName).toBe("Default");
    expect(sampler.shouldSample({ ...request, attributes: { tier: "gold" } }).ruleName).toBe("Default");
    expect(sampler.shouldSample({ ...request, attributes: { tier: "silver", region: "eu-1" } }).ruleName).toBe("Default");
  });

  it("a rule whose fields are all * matches a request with no values at all", () => {
    const sampler = new XRaySampler({ rules: [rule("any", { Priority: 1 }), DEFAULT_RULE], now: clock().now });
    expect(sampler.shouldSample({}).ruleName).toBe("any");
  });

  it("returns shared frozen results instead of a new object per decision", () => {
    const sampler = new XRaySampler({ rules: [rule("all", { Priority: 1, FixedRate: 1 }), DEFAULT_RULE], now: clock().now, random: randoms(0.5) });
    const first = sampler.shouldSample(GET_CART);
    expect(sampler.shouldSample(GET_CART)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first).toEqual({ sampled: true, ruleName: "all" });
  });
});

describe("before the first target: borrowing", () => {
  it("a rule with a reservoir lends 1 request a second, then its FixedRate applies", () => {
    const time = clock();
    const sampler = new XRaySampler({ rules: [rule("cart", { Priority: 1, ReservoirSize: 50, FixedRate: 0 }), DEFAULT_RULE], now: time.now });
    // Second 0: 1 borrowed of 5. Later in the same second: none. Next second: 1 more.
    expect(sampledOf(sampler, 5)).toBe(1);
    time.advance(999);
    expect(sampledOf(sampler, 3)).toBe(0);
    time.advance(1);
    expect(sampledOf(sampler, 3)).toBe(1);
    const [cart] = sampler.takeStatistics();
    expect(cart).toMatchObject({ RuleName: "cart", RequestCount: 11, SampledCount: 2, BorrowCount: 2 });
  });

  it("a rule without a reservoir borrows nothing", () => {
    const sampler = new XRaySampler({ rules: [rule("none", { Priority: 1, ReservoirSize: 0, FixedRate: 0 }), DEFAULT_RULE], now: clock().now });
    expect(sampledOf(sampler, 10)).toBe(0);
    expect(sampler.takeStatistics()[0]).toMatchObject({ RequestCount: 10, SampledCount: 0, BorrowCount: 0 });
  });
});

describe("targets", () => {
  it("ReservoirQuota a second until ReservoirQuotaTTL, with the target's FixedRate; borrowing again after the TTL", () => {
    const time = clock();
    // 0.3 < 0.5 is sampled, 0.7 is not.
    const sampler = new XRaySampler({ rules: [rule("cart", { Priority: 1, ReservoirSize: 50, FixedRate: 0 }), DEFAULT_RULE], now: time.now, random: randoms(0.7) });
    const update = sampler.updateTargets({
      SamplingTargetDocuments: [{ RuleName: "cart", FixedRate: 0.5, ReservoirQuota: 3, ReservoirQuotaTTL: new Date(T0 + 10_000), Interval: 10 }],
    });
    expect(update).toEqual({ nextPollMs: 10_000, refreshRules: false });
    // 3 from the quota, then the rate: random 0.7 ≥ 0.5, not sampled.
    expect(sampledOf(sampler, 6)).toBe(3);
    time.advance(1000);
    expect(sampledOf(sampler, 6)).toBe(3);
    expect(sampler.takeStatistics()[0]).toMatchObject({ RequestCount: 12, SampledCount: 6, BorrowCount: 0 });
    // At the TTL the quota ends: back to 1 borrowed a second, and the target's rate stays.
    time.set(T0 + 10_000);
    expect(sampledOf(sampler, 6)).toBe(1);
    expect(sampler.takeStatistics()[0]).toMatchObject({ RequestCount: 6, SampledCount: 1, BorrowCount: 1 });
  });

  it("a quota of 0 samples only by the rate, and a later target replaces the rate", () => {
    const time = clock();
    const sampler = new XRaySampler({ rules: [rule("r", { Priority: 1, ReservoirSize: 5, FixedRate: 0.9 }), DEFAULT_RULE], now: time.now, random: randoms(0.2, 0.2, 0.2, 0.2) });
    sampler.updateTargets({ SamplingTargetDocuments: [{ RuleName: "r", FixedRate: 0.1, ReservoirQuota: 0, ReservoirQuotaTTL: new Date(T0 + 60_000) }] });
    expect(sampledOf(sampler, 4)).toBe(0);
    sampler.updateTargets({ SamplingTargetDocuments: [{ RuleName: "r", FixedRate: 0.25 }] });
    expect(sampledOf(sampler, 4)).toBe(4);
  });

  it("accepts the wire form too: timestamps in epoch seconds", () => {
    const time = clock();
    const sampler = new XRaySampler({ rules: [rule("r", { Priority: 1, ReservoirSize: 5 }), DEFAULT_RULE], now: time.now });
    const wire = { SamplingTargetDocuments: [{ RuleName: "r", FixedRate: 0, ReservoirQuota: 2, ReservoirQuotaTTL: (T0 + 5000) / 1000 }] };
    sampler.updateTargets(wire as never);
    expect(sampledOf(sampler, 5)).toBe(2);
  });

  it("nextPollMs is the smallest Interval (10 s without one); refreshRules when LastRuleModification is newer than the rules", () => {
    const time = clock();
    const sampler = new XRaySampler({ now: time.now });
    time.advance(5000);
    sampler.updateRules([rule("a"), rule("b"), DEFAULT_RULE]);
    const targets = [
      { RuleName: "a", Interval: 20 },
      { RuleName: "b", Interval: 15 },
      { RuleName: "unknown", Interval: 30 },
    ];
    expect(sampler.updateTargets({ SamplingTargetDocuments: targets })).toEqual({ nextPollMs: 15_000, refreshRules: false });
    expect(sampler.updateTargets({})).toEqual({ nextPollMs: 10_000, refreshRules: false });
    expect(sampler.updateTargets({ LastRuleModification: new Date(T0 + 5000) }).refreshRules).toBe(false);
    expect(sampler.updateTargets({ LastRuleModification: new Date(T0 + 5001) }).refreshRules).toBe(true);
  });

  it("a rule fetched again keeps its target and its unreported counts", () => {
    const time = clock();
    const sampler = new XRaySampler({ rules: [rule("r", { Priority: 1, ReservoirSize: 5, FixedRate: 0 }), DEFAULT_RULE], now: time.now });
    sampler.updateTargets({ SamplingTargetDocuments: [{ RuleName: "r", FixedRate: 0, ReservoirQuota: 2, ReservoirQuotaTTL: new Date(T0 + 60_000) }] });
    expect(sampledOf(sampler, 3)).toBe(2);
    sampler.updateRules([rule("r", { Priority: 1, ReservoirSize: 5, FixedRate: 0, Host: "*" }), DEFAULT_RULE]);
    time.advance(1000);
    expect(sampledOf(sampler, 3)).toBe(2);
    expect(sampler.takeStatistics()[0]).toMatchObject({ RuleName: "r", RequestCount: 6, SampledCount: 4, BorrowCount: 0 });
  });
});

describe("the fixed rate", () => {
  it("samples when random() is below FixedRate, once the reservoir is used up", () => {
    const sampler = new XRaySampler({ rules: [rule("quarter", { Priority: 1, FixedRate: 0.25 }), DEFAULT_RULE], now: clock().now, random: randoms(0.1, 0.25, 0.3, 0.2499) });
    expect([1, 2, 3, 4].map(() => sampler.shouldSample(GET_CART).sampled)).toEqual([true, false, false, true]);
  });
});

describe("statistics", () => {
  it("one document per rule with the ClientID and the time, counts reset on each take", () => {
    const time = clock();
    const clientId = "0123456789ABCDEF01234567";
    const sampler = new XRaySampler({ rules: [rule("cart", { Priority: 1, URLPath: "/cart", ReservoirSize: 1 }), DEFAULT_RULE], now: time.now, random: randoms(0.99), clientId });
    sampledOf(sampler, 3);
    sampledOf(sampler, 2, { urlPath: "/other" });
    time.advance(2500);
    expect(sampler.takeStatistics()).toEqual([
      { RuleName: "cart", ClientID: "0123456789abcdef01234567", Timestamp: new Date(T0 + 2500), RequestCount: 3, SampledCount: 1, BorrowCount: 1 },
      { RuleName: "Default", ClientID: "0123456789abcdef01234567", Timestamp: new Date(T0 + 2500), RequestCount: 2, SampledCount: 1, BorrowCount: 1 },
    ]);
    expect(sampler.takeStatistics().map((document) => document.RequestCount)).toEqual([0, 0]);
  });

  it("a generated ClientID is 24 hex digits, and a bad one is refused", () => {
    expect(new XRaySampler().clientId).toMatch(/^[0-9a-f]{24}$/);
    expect(() => new XRaySampler({ clientId: "abc" })).toThrow(TypeError);
  });
});

describe("fallback: 1 a second plus 5%", () => {
  it("without rules", () => {
    const time = clock();
    const sampler = new XRaySampler({ now: time.now, random: randoms(0.5, 0.5, 0.04, 0.05) });
    // First request of the second from the reservoir; then 0.5 no, 0.5 no, 0.04 yes, 0.05 no.
    expect([1, 2, 3, 4, 5].map(() => sampler.shouldSample(GET_CART))).toEqual([
      { sampled: true, ruleName: "Default" },
      { sampled: false, ruleName: "Default" },
      { sampled: false, ruleName: "Default" },
      { sampled: true, ruleName: "Default" },
      { sampled: false, ruleName: "Default" },
    ]);
    expect(sampler.takeStatistics()).toEqual([]);
  });

  it("when the rules are more than an hour old, and again at once when they are refreshed", () => {
    const time = clock();
    const sampler = new XRaySampler({ rules: [rule("all", { Priority: 1, FixedRate: 1 }), DEFAULT_RULE], now: time.now, random: randoms(0.5) });
    time.set(T0 + 3_600_000);
    expect(sampler.shouldSample(GET_CART)).toEqual({ sampled: true, ruleName: "all" });
    time.set(T0 + 3_600_001);
    // Fallback: the reservoir's 1 of this second, then 0.5 ≥ 5%.
    expect(sampler.shouldSample(GET_CART)).toEqual({ sampled: true, ruleName: "Default" });
    expect(sampler.shouldSample(GET_CART)).toEqual({ sampled: false, ruleName: "Default" });
    // The fallback's decisions are not the centralized rules' statistics.
    expect(sampler.takeStatistics().map((document) => document.RequestCount)).toEqual([1, 0]);
    sampler.updateRules([rule("all", { Priority: 1, FixedRate: 1 }), DEFAULT_RULE]);
    expect(sampler.shouldSample(GET_CART).ruleName).toBe("all");
  });

  it("uses a local rules file instead of the built-in default, with fixed_target a second and no expiry", () => {
    const time = clock();
    const local = parseSamplingRules({
      version: 2,
      rules: [{ description: "cart", host: "*.example.com", http_method: "GET", url_path: "/cart*", fixed_target: 2, rate: 0 }],
      default: { fixed_target: 0, rate: 0 },
    });
    const sampler = new XRaySampler({ rules: local, now: time.now });
    expect(sampledOf(sampler, 5)).toBe(2);
    expect(sampledOf(sampler, 5, { urlPath: "/other" })).toBe(0);
    expect(sampler.shouldSample(GET_CART).ruleName).toBe("local-1");
    time.advance(86_400_000);
    expect(sampledOf(sampler, 5)).toBe(2);
    expect(sampler.takeStatistics()).toEqual([]);
  });
});
