/**
 * Tracing helper throughput: trace IDs, segment IDs and whole segment documents per second, ours
 * (`newTraceId`, `newSegmentId`, `new Segment(...)…serialize()` from src/tracing/index.ts)
 * against `aws-xray-sdk-core` and `@opentelemetry/id-generator-aws-xray` where they do the same.
 * When our tracing module is not written yet, its rows say "not available" and the peers are
 * still measured.
 */
import { randomBytes } from "node:crypto";
import { describeError } from "../lib/format.js";
import type { Row } from "../lib/report.js";
import type { BenchContext, Section } from "../lib/section.js";
import { medianOf, timeTasks } from "../lib/timing.js";

/** The parts of our tracing API the bench drives (the module is written by another engineer). */
interface TracingApi {
  newTraceId(): string;
  newSegmentId(): string;
  Segment: new (name: string) => SegmentLike;
}

/** What the segment workload calls, shared by our `Segment` and aws-xray-sdk-core's. */
interface SegmentLike {
  addNewSubsegment(name: string): { addAnnotation(key: string, value: string): unknown; close(): unknown };
  addAnnotation(key: string, value: string | number | boolean): unknown;
  addMetadata(key: string, value: unknown): unknown;
  close(): unknown;
}

const XRAY_SDK = "aws-xray-sdk-core";
const OTEL = "@opentelemetry/id-generator-aws-xray";
/** IDs per timed iteration: one ID takes well under a microsecond, below the timer's resolution. */
const ID_BATCH = 1_000;
/** Segment documents per timed iteration. */
const SEGMENT_BATCH = 50;

/** The tracing section. */
export const tracingSection: Section = {
  name: "tracing",
  title: `trace-ID, segment-ID and segment-document generation vs ${XRAY_SDK} and ${OTEL}`,
  async run(context: BenchContext): Promise<Row[]> {
    let ours: TracingApi | undefined;
    let unavailable = "";
    try {
      const module = (await import("../../src/tracing/index.js")) as unknown as Partial<TracingApi>;
      const missing = (["newTraceId", "newSegmentId", "Segment"] as const).filter((name) => typeof module[name] !== "function");
      if (missing.length > 0) unavailable = `not available: src/tracing/index.ts does not export ${missing.join(", ")} yet`;
      else ours = module as TracingApi;
    } catch (error) {
      unavailable = `not available: src/tracing/index.ts does not load (${describeError(error)})`;
    }

    // The SDK's segment module itself: its package entry would also start cls-hooked's async
    // hooks, which would slow every promise in this process and skew the sections after this one.
    const [{ default: XRaySegment }, { default: XRayTraceId }, { AWSXRayIdGenerator }] = await Promise.all([
      import("aws-xray-sdk-core/dist/lib/segments/segment.js"),
      import("aws-xray-sdk-core/dist/lib/segments/attributes/trace_id.js"),
      import("@opentelemetry/id-generator-aws-xray"),
    ]);
    // close() would hand the document to the SDK's UDP emitter; the bench measures building and
    // serializing, so sending is switched off (format() below is what the emitter would send).
    XRaySegment.prototype.flush = () => {};
    const otel = new AWSXRayIdGenerator();

    const segmentWorkload = (segment: SegmentLike): SegmentLike => {
      const subsegment = segment.addNewSubsegment("DynamoDB");
      subsegment.addAnnotation("table", "orders");
      subsegment.close();
      segment.addAnnotation("customer", "customer-42");
      segment.addMetadata("cart", { items: 3, total: 42.5 });
      segment.close();
      return segment;
    };
    const batch = (size: number, work: () => unknown) => () => {
      for (let i = 0; i < size; i++) work();
    };
    const unavailableTask = () => {
      throw new Error(unavailable);
    };

    const budget = context.quick ? { time: 200, iterations: 16, warmupTime: 100 } : { time: 400, iterations: 32, warmupTime: 200, rounds: 3 };
    context.log("tracing: timing 8 tasks");
    const outcomes = await timeTasks(
      {
        oursTraceId: ours ? batch(ID_BATCH, ours.newTraceId) : unavailableTask,
        xrayTraceId: batch(ID_BATCH, () => new XRayTraceId().toString()),
        otelTraceId: batch(ID_BATCH, () => otel.generateTraceId()),
        oursSegmentId: ours ? batch(ID_BATCH, ours.newSegmentId) : unavailableTask,
        // What aws-xray-sdk-core's Segment and Subsegment constructors do for an ID (no public function).
        xraySegmentId: batch(ID_BATCH, () => randomBytes(8).toString("hex")),
        otelSegmentId: batch(ID_BATCH, () => otel.generateSpanId()),
        oursSegment: ours
          ? batch(SEGMENT_BATCH, () => (segmentWorkload(new ours.Segment("checkout")) as unknown as { serialize(): string }).serialize())
          : unavailableTask,
        xraySegment: batch(SEGMENT_BATCH, () => (segmentWorkload(new XRaySegment("checkout")) as unknown as InstanceType<typeof XRaySegment>).format()),
      },
      budget,
    );

    const perSecond = (name: keyof typeof outcomes, size: number): number | undefined => {
      const ms = medianOf(outcomes[name]);
      return ms === undefined || ms === 0 ? undefined : size / (ms / 1000);
    };
    const note = (name: keyof typeof outcomes): string | undefined => {
      const outcome = outcomes[name];
      if (outcome.ok) return undefined;
      return unavailable || `failed: ${describeError(outcome.error)}`;
    };
    const row = (figure: string, oursName: keyof typeof outcomes, peerName: keyof typeof outcomes, peer: string, size: number): Row => ({
      section: "tracing",
      figure,
      unit: "ops/s",
      higherIsBetter: true,
      ours: perSecond(oursName, size),
      official: perSecond(peerName, size),
      peer,
      note: note(oursName) ?? note(peerName),
    });
    return [
      row("trace ID (`newTraceId` vs `new TraceID().toString()`)", "oursTraceId", "xrayTraceId", XRAY_SDK, ID_BATCH),
      row("trace ID (`newTraceId` vs `generateTraceId()`, 32 hex)", "oursTraceId", "otelTraceId", OTEL, ID_BATCH),
      row("segment ID (`newSegmentId` vs `randomBytes(8)` hex, as its Segment does)", "oursSegmentId", "xraySegmentId", XRAY_SDK, ID_BATCH),
      row("segment ID (`newSegmentId` vs `generateSpanId()`)", "oursSegmentId", "otelSegmentId", OTEL, ID_BATCH),
      row(
        "segment document: new Segment + 1 subsegment + 2 annotations + metadata, close, serialize",
        "oursSegment",
        "xraySegment",
        XRAY_SDK,
        SEGMENT_BATCH,
      ),
    ];
  },
};
