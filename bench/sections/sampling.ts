/**
 * Sampling decisions per second: `XRaySampler.shouldSample` over 10 rules (9 plus Default), for
 * a mix of requests that match early, late and only Default, against aws-xray-sdk-core's local
 * sampler with the same rules as a local rules file (its centralized sampler needs the daemon).
 * The target (≥ 5 million decisions a second) is for the centralized rules.
 */
import { createRequire } from "node:module";
import type { Row } from "../lib/report.js";
import type { BenchContext, Section } from "../lib/section.js";
import { medianOf, timeTasks } from "../lib/timing.js";
import { XRaySampler, parseSamplingRules, type SamplingRequest } from "../../src/tracing/index.js";

const XRAY_SDK = "aws-xray-sdk-core";
/** Decisions per timed iteration: one takes well under a microsecond. */
const BATCH = 10_000;
const TARGET = 5_000_000;

/** Nine rules by method and path, as a service's operators might write them, then Default. */
function centralizedRules() {
  const rule = (name: string, priority: number, method: string, path: string, rate: number) => ({
    RuleName: name,
    Priority: priority,
    HTTPMethod: method,
    URLPath: path,
    FixedRate: rate,
    ReservoirSize: 5,
    ServiceName: "shop-*",
    ServiceType: "*",
    Host: "*",
    ResourceARN: "*",
    Version: 1,
  });
  return [
    rule("health", 1, "GET", "/health", 0),
    rule("login", 2, "POST", "/login", 1),
    rule("checkout", 3, "POST", "/checkout*", 0.5),
    rule("cart-write", 4, "PUT", "/cart/*", 0.2),
    rule("cart-read", 5, "GET", "/cart/*", 0.1),
    rule("search", 6, "GET", "/search?q=*", 0.05),
    rule("admin", 7, "*", "/admin/*", 1),
    rule("static", 8, "GET", "*.js", 0),
    rule("api-v2", 9, "*", "/api/v2/*", 0.1),
    { ...rule("Default", 10_000, "*", "*", 0.05), ServiceName: "*", ReservoirSize: 1 },
  ];
}

/** The same rules as a local rules file (host instead of service name). */
function localRulesFile() {
  const rules = centralizedRules().filter((rule) => rule.RuleName !== "Default");
  return {
    version: 2,
    rules: rules.map((rule) => ({ host: "*", http_method: rule.HTTPMethod, url_path: rule.URLPath, fixed_target: rule.ReservoirSize, rate: rule.FixedRate })),
    default: { fixed_target: 1, rate: 0.05 },
  };
}

/** Requests matching the 2nd, 5th and 9th rule, and only Default. */
const REQUESTS: SamplingRequest[] = [
  { serviceName: "shop-web", host: "shop.example.com", httpMethod: "POST", urlPath: "/login" },
  { serviceName: "shop-web", host: "shop.example.com", httpMethod: "GET", urlPath: "/cart/42" },
  { serviceName: "shop-web", host: "shop.example.com", httpMethod: "DELETE", urlPath: "/api/v2/orders/42" },
  { serviceName: "shop-web", host: "shop.example.com", httpMethod: "GET", urlPath: "/products/tea" },
];

/** The sampling section. */
export const samplingSection: Section = {
  name: "sampling",
  title: `sampling decisions per second over 10 rules vs ${XRAY_SDK}'s local sampler`,
  async run(context: BenchContext): Promise<Row[]> {
    const centralized = new XRaySampler({ rules: centralizedRules() });
    const local = new XRaySampler({ rules: parseSamplingRules(localRulesFile()) });
    // Its sampler module alone: the package entry would start cls-hooked's async hooks.
    const require = createRequire(import.meta.url);
    const sdk = require("aws-xray-sdk-core/dist/lib/middleware/sampling/local_sampler.js") as {
      setLocalRules(source: unknown): void;
      shouldSample(request: SamplingRequest): boolean;
    };
    sdk.setLocalRules(localRulesFile());
    const decide = (shouldSample: (request: SamplingRequest) => unknown) => () => {
      for (let i = 0; i < BATCH; i++) shouldSample(REQUESTS[i & 3]!);
    };
    const budget = context.quick ? { time: 200, iterations: 16, warmupTime: 100 } : { time: 400, iterations: 32, warmupTime: 200, rounds: 3 };
    context.log("sampling: timing 3 tasks");
    const outcomes = await timeTasks(
      {
        centralized: decide((request) => centralized.shouldSample(request)),
        local: decide((request) => local.shouldSample(request)),
        sdk: decide((request) => sdk.shouldSample(request)),
      },
      budget,
    );
    const perSecond = (name: keyof typeof outcomes): number | undefined => {
      const ms = medianOf(outcomes[name]);
      return ms === undefined || ms === 0 ? undefined : BATCH / (ms / 1000);
    };
    const centralizedRate = perSecond("centralized");
    return [
      {
        section: "sampling",
        figure: "decision, 10 centralized rules (`shouldSample`), 4 requests matching rule 2, 5, 9 and Default",
        unit: "ops/s",
        higherIsBetter: true,
        ours: centralizedRate,
        official: perSecond("sdk"),
        peer: `${XRAY_SDK} local sampler, same rules`,
        target: centralizedRate === undefined ? undefined : { text: "≥ 5 M/s", pass: centralizedRate >= TARGET },
      },
      {
        section: "sampling",
        figure: "decision, the same 10 rules as a local rules file",
        unit: "ops/s",
        higherIsBetter: true,
        ours: perSecond("local"),
        official: perSecond("sdk"),
        peer: `${XRAY_SDK} local sampler, same rules`,
      },
    ];
  },
};
