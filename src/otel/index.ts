/**
 * `typed-xray/otel`: OpenTelemetry to X-Ray in-process. Runs in Node and in browsers.
 *
 * - {@link spanToSegmentDocument}: one finished span to one segment document, as the
 *   OpenTelemetry Collector's X-Ray exporter translates it.
 * - {@link XRaySpanExporter}: a `SpanExporter` writing those documents through a
 *   `SegmentSender` (PutTraceSegments) or a UDP emitter (daemon, agent, Lambda).
 *
 * OpenTelemetry's packages are optional peer dependencies: this entry imports only their types,
 * so none of their code is bundled through it.
 *
 * @packageDocumentation
 * @module typed-xray/otel
 */
export { spanToSegmentDocument, toXRayTraceId, type SpanTranslationOptions } from "./span-to-segment.js";
export type { IndexingOptions } from "./annotations.js";
export { XRaySpanExporter, type SegmentEmitter, type XRaySpanExporterOptions } from "./XRaySpanExporter.js";
export { serviceTypeOf } from "./aws.js";
export { XRayRemoteSampler, type XRayRemoteSamplerOptions } from "./XRayRemoteSampler.js";
