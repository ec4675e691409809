/**
 * One finished OpenTelemetry span to one X-Ray segment document, following the OpenTelemetry
 * Collector's `awsxrayexporter` translator (the rules, and where we chose between its versions,
 * are in docs/otel-translation.md).
 */
import type { HrTime } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { newSegmentId } from "../tracing/ids.js";
import { annotationsAndMetadata, type IndexingOptions } from "./annotations.js";
import { awsBlock, originOf } from "./aws.js";
import { causeBlock, outcomeFlags } from "./cause.js";
import { httpBlock } from "./http.js";
import { segmentName, segmentNamespace } from "./names.js";
import { resourceString, SpanKinds, SpanValues } from "./span-values.js";
import { sqlBlock } from "./sql.js";

/** Options of {@link spanToSegmentDocument}. */
export interface SpanTranslationOptions extends IndexingOptions {}

/** An all-zero span ID: OpenTelemetry's "no parent". */
const INVALID_SPAN_ID = "0000000000000000";

/**
 * Epoch seconds with microsecond precision.
 *
 * @param time - an OpenTelemetry `[seconds, nanoseconds]` pair
 * @returns the seconds
 */
const epochSeconds = (time: HrTime): number => time[0] + Math.round(time[1] / 1000) / 1e6;

/**
 * The X-Ray form of a W3C trace ID: `1-` + the first 8 hex digits + `-` + the other 24.
 *
 * @param traceId - 32 hex digits
 * @returns the X-Ray trace ID
 */
export const toXRayTraceId = (traceId: string): string => `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`;

/**
 * Translates one finished span into one segment document: a subsegment document when the span
 * is not a SERVER span and has a parent, else a segment. Pure apart from exception IDs; the
 * result is a plain object ready for `JSON.stringify`, valid against X-Ray's segment-document
 * schema.
 *
 * @param span - the finished span
 * @param options - which attributes become annotations
 * @returns the document
 * @example
 * ```ts
 * import { spanToSegmentDocument } from "typed-xray/otel";
 * const text = JSON.stringify(spanToSegmentDocument(span, { indexedAttributes: ["order.id"] }));
 * ```
 */
export function spanToSegmentDocument(span: ReadableSpan, options: SpanTranslationOptions = {}): object {
  const context = span.spanContext();
  const parentId = span.parentSpanContext?.spanId;
  const hasParent = parentId !== undefined && parentId !== "" && parentId !== INVALID_SPAN_ID;
  const segment = span.kind === SpanKinds.SERVER || !hasParent;
  const resource = span.resource?.attributes ?? {};
  const values = new SpanValues(span.attributes ?? {});

  const document: Record<string, unknown> = {
    name: segmentName(span, values, resource),
    id: context.spanId,
    trace_id: toXRayTraceId(context.traceId),
    start_time: epochSeconds(span.startTime),
    end_time: epochSeconds(span.endTime),
  };
  if (hasParent) document["parent_id"] = parentId;
  if (!segment) document["type"] = "subsegment";
  const namespace = segment ? undefined : segmentNamespace(span.kind, values);
  if (namespace !== undefined) document["namespace"] = namespace;

  const http = httpBlock(span.kind, values);
  const statusText = values.string("http.status_text");
  Object.assign(document, outcomeFlags(http?.response?.status, span.status));
  const cause = causeBlock(span, resourceString(resource, "telemetry.sdk.language"), statusText, newSegmentId);
  if (cause !== undefined) document["cause"] = cause;
  if (http !== undefined) document["http"] = http;

  const aws = awsBlock(values, resource, segment);
  if (aws !== undefined) document["aws"] = aws;
  const sql = segment ? undefined : sqlBlock(span.name, values);
  if (sql !== undefined) document["sql"] = sql;
  const user = values.string("enduser.id");
  if (user !== undefined) document["user"] = user;
  if (segment) {
    const origin = originOf(resource);
    if (origin !== undefined) document["origin"] = origin;
    const version = resourceString(resource, "service.version");
    if (version !== undefined) document["service"] = { version };
  }
  Object.assign(document, annotationsAndMetadata(values.unused(), options, segment ? resource : undefined));
  return document;
}
