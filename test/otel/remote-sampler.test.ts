/**
 * XRayRemoteSampler (src/otel/XRayRemoteSampler.ts): parent-based decisions, root spans decided
 * by X-Ray rules matched on old and stable attribute names and the resource, statistics for root
 * spans only, and polling that OpenTelemetry never traces.
 */
import { context, ROOT_CONTEXT, trace, TraceFlags } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { isTracingSuppressed } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SamplingRule } from "../../src/index.js";
import { XRayRemoteSampler } from "../../src/otel/index.js";

const RECORD_AND_SAMPLED = 2;
const NOT_RECORD = 0;
const NOW = Date.UTC(2026, 11, 7, 12);
const TRACE = "5759e988bd862e3fe1be46a994272793";

const rule = (fields: Partial<SamplingRule> & { RuleName: string; Priority: number }): SamplingRule => ({
  ResourceARN: "*", FixedRate: 0, ReservoirSize: 0, ServiceName: "*", ServiceType: "*", Host: "*", HTTPMethod: "*", URLPath: "*", Version: 1, ...fields,
});
const RULES = [
  rule({ RuleName: "payments", Priority: 1, ServiceName: "checkout", HTTPMethod: "POST", URLPath: "/pay*", FixedRate: 1 }),
  rule({ RuleName: "on-ecs", Priority: 2, ServiceType: "AWS::ECS::Fargate", Host: "admin.*", FixedRate: 1 }),
  rule({ RuleName: "tenant", Priority: 3, Attributes: { tenant: "gold-*" }, FixedRate: 1 }),
  rule({ RuleName: "Default", Priority: 10000, FixedRate: 0, ReservoirSize: 0 }),
];

function sampler(resource: Record<string, string> = { "service.name": "checkout" }): XRayRemoteSampler {
  const made = new XRayRemoteSampler({ resource: resourceFromAttributes(resource), now: () => NOW, random: () => 0.5 });
  made.sampler.updateRules(RULES);
  return made;
}
const parentContext = (flags: number) => trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: "aaaaaaaaaaaaaaaa", traceFlags: flags, isRemote: true });

describe("parent-based", () => {
  it("follows a sampled parent and a not-sampled parent, and counts neither", () => {
    const made = sampler();
    expect(made.shouldSample(parentContext(TraceFlags.SAMPLED), TRACE, "GET /", 1, {}, []).decision).toBe(RECORD_AND_SAMPLED);
    expect(made.shouldSample(parentContext(TraceFlags.NONE), TRACE, "POST /pay", 1, { "http.method": "POST", "http.target": "/pay" }, []).decision).toBe(NOT_RECORD);
    expect(made.sampler.takeStatistics().every((document) => document.RequestCount === 0)).toBe(true);
  });
});

describe("root spans", () => {
  it.each([
    ["old names", { "http.method": "POST", "http.target": "/pay/card?x=1" }],
    ["stable names", { "http.request.method": "POST", "url.path": "/pay/card" }],
    ["a full URL", { "http.request.method": "POST", "url.full": "https://shop.example/pay/card" }],
  ])("match the rule's method and path from %s", (_, attributes) => {
    expect(sampler().shouldSample(ROOT_CONTEXT, TRACE, "x", 1, attributes, []).decision).toBe(RECORD_AND_SAMPLED);
  });
  it("take the service name from the resource", () => {
    const other = sampler({ "service.name": "search" });
    expect(other.shouldSample(ROOT_CONTEXT, TRACE, "x", 1, { "http.method": "POST", "http.target": "/pay" }, []).decision).toBe(NOT_RECORD);
  });
  it("map cloud.platform to the X-Ray service type and read the host from server.address", () => {
    const onFargate = sampler({ "service.name": "admin", "cloud.platform": "aws_ecs", "aws.ecs.launchtype": "fargate" });
    expect(onFargate.shouldSample(ROOT_CONTEXT, TRACE, "x", 1, { "server.address": "admin.shop.example" }, []).decision).toBe(RECORD_AND_SAMPLED);
    expect(onFargate.shouldSample(ROOT_CONTEXT, TRACE, "x", 1, { "server.address": "www.shop.example" }, []).decision).toBe(NOT_RECORD);
  });
  it("match rule attributes on string span attributes", () => {
    expect(sampler().shouldSample(ROOT_CONTEXT, TRACE, "x", 1, { tenant: "gold-7" }, []).decision).toBe(RECORD_AND_SAMPLED);
    expect(sampler().shouldSample(ROOT_CONTEXT, TRACE, "x", 1, { tenant: "tin-1" }, []).decision).toBe(NOT_RECORD);
  });
  it("are counted in the statistics of the rule that decided", () => {
    const made = sampler();
    made.shouldSample(ROOT_CONTEXT, TRACE, "x", 1, { "http.method": "POST", "http.target": "/pay" }, []);
    made.shouldSample(ROOT_CONTEXT, TRACE, "x", 1, { "http.method": "GET", "http.target": "/" }, []);
    const counts = Object.fromEntries(made.sampler.takeStatistics().map((document) => [document.RuleName, [document.RequestCount, document.SampledCount]]));
    expect(counts).toMatchObject({ payments: [1, 1], Default: [1, 0] });
  });
});

describe("polling", () => {
  const manager = new AsyncLocalStorageContextManager();
  beforeAll(() => void context.setGlobalContextManager(manager.enable()));
  afterAll(() => void context.disable());

  it("asks X-Ray with tracing suppressed", async () => {
    const seen: boolean[] = [];
    const client = {
      send: async (command: { constructor: { name: string } }) => {
        seen.push(isTracingSuppressed(context.active()));
        return command.constructor.name.startsWith("GetSamplingRules") ? { SamplingRuleRecords: [{ SamplingRule: RULES[0] }] } : { SamplingTargetDocuments: [] };
      },
    };
    const made = new XRayRemoteSampler({ resource: resourceFromAttributes({ "service.name": "checkout" }), client: client as never });
    for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    made.close();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every(Boolean)).toBe(true);
  });
});
