/**
 * Finished spans for translation tests: plain objects shaped like the SDK's `ReadableSpan`, with
 * defaults a test overrides field by field.
 */
import type { Attributes, HrTime, SpanStatus } from "@opentelemetry/api";
import type { ReadableSpan, TimedEvent } from "@opentelemetry/sdk-trace-base";

/** Fields a test may set; the rest get defaults. */
export interface SpanSpec {
  name?: string;
  kind?: number;
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  start?: HrTime;
  end?: HrTime;
  status?: SpanStatus;
  attributes?: Attributes;
  events?: TimedEvent[];
  resource?: Attributes;
}

/** The trace ID every test span shares unless it sets its own. */
export const TRACE_ID = "5759e988bd862e3fe1be46a994272793";
/** The span ID every test span has unless it sets its own. */
export const SPAN_ID = "53995c3f42cd8ad8";

/**
 * A finished span.
 *
 * @param spec - the fields to set
 * @returns the span
 */
export function finishedSpan(spec: SpanSpec = {}): ReadableSpan {
  const traceId = spec.traceId ?? TRACE_ID;
  const start = spec.start ?? [1_700_000_000, 123_456_789];
  const end = spec.end ?? [1_700_000_001, 500_000_000];
  return {
    name: spec.name ?? "GET /orders",
    kind: spec.kind ?? 1,
    spanContext: () => ({ traceId, spanId: spec.spanId ?? SPAN_ID, traceFlags: 1 }),
    parentSpanContext: spec.parentSpanId === undefined ? undefined : { traceId, spanId: spec.parentSpanId, traceFlags: 1 },
    startTime: start,
    endTime: end,
    status: spec.status ?? { code: 0 },
    attributes: spec.attributes ?? {},
    links: [],
    events: spec.events ?? [],
    duration: [end[0] - start[0], end[1] - start[1]],
    ended: true,
    resource: { attributes: spec.resource ?? {} } as ReadableSpan["resource"],
    instrumentationScope: { name: "test" },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

/**
 * An `exception` event as OpenTelemetry's `span.recordException` writes it.
 *
 * @param attributes - exception.type, exception.message, exception.stacktrace
 * @returns the event
 */
export const exceptionEvent = (attributes: Attributes): TimedEvent => ({ name: "exception", time: [1_700_000_001, 0], attributes, droppedAttributesCount: 0 });
