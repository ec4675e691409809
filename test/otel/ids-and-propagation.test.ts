/**
 * The OpenTelemetry packages that already do X-Ray's IDs and header, combined with ours:
 * `@opentelemetry/id-generator-aws-xray` makes trace IDs whose X-Ray form (src/otel/span-to-segment.ts
 * `toXRayTraceId`) starts with the time, and `@opentelemetry/propagator-aws-xray` writes an
 * `X-Amzn-Trace-Id` that our parser (src/tracing/header.ts) reads as the same trace, and reads ours.
 */
import { ROOT_CONTEXT, trace, TraceFlags, type TextMapGetter, type TextMapSetter } from "@opentelemetry/api";
import { AWSXRayIdGenerator } from "@opentelemetry/id-generator-aws-xray";
import { AWSXRayPropagator } from "@opentelemetry/propagator-aws-xray";
import { describe, expect, it } from "vitest";
import { toXRayTraceId } from "../../src/otel/index.js";
import { formatTraceHeader, isTraceId, newSegmentId, newTraceId, parseTraceHeader } from "../../src/tracing/index.js";

const setter: TextMapSetter<Record<string, string>> = { set: (carrier, key, value) => void (carrier[key] = value) };
const getter: TextMapGetter<Record<string, string>> = { get: (carrier, key) => carrier[key], keys: (carrier) => Object.keys(carrier) };

describe("AWSXRayIdGenerator with toXRayTraceId", () => {
  it("gives X-Ray trace IDs whose time part is now", () => {
    const ids = new AWSXRayIdGenerator();
    const before = Math.floor(Date.now() / 1000);
    const id = toXRayTraceId(ids.generateTraceId());
    expect(isTraceId(id)).toBe(true);
    expect(Number.parseInt(id.slice(2, 10), 16)).toBeGreaterThanOrEqual(before);
    expect(Number.parseInt(id.slice(2, 10), 16)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  });
});

describe("AWSXRayPropagator with parseTraceHeader and formatTraceHeader", () => {
  const propagator = new AWSXRayPropagator();
  it("writes a header our parser reads as the same trace, parent and decision", () => {
    const traceId = new AWSXRayIdGenerator().generateTraceId();
    const spanId = new AWSXRayIdGenerator().generateSpanId();
    const context = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.SAMPLED });
    const carrier: Record<string, string> = {};
    propagator.inject(context, carrier, setter);
    const parsed = parseTraceHeader(carrier["x-amzn-trace-id"]);
    expect(parsed).toMatchObject({ root: toXRayTraceId(traceId), parent: spanId, sampled: true });
  });
  it("reads the header we write", () => {
    const root = newTraceId();
    const parent = newSegmentId();
    const context = propagator.extract(ROOT_CONTEXT, { "x-amzn-trace-id": formatTraceHeader({ root, parent, sampled: false }) }, getter);
    const spanContext = trace.getSpanContext(context)!;
    expect(toXRayTraceId(spanContext.traceId)).toBe(root);
    expect(spanContext.spanId).toBe(parent);
    expect(spanContext.traceFlags & TraceFlags.SAMPLED).toBe(0);
  });
});
