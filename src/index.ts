/**
 * typed-xray: a typed AWS X-Ray client generated from the service's Smithy model, a drop-in for
 * `@aws-sdk/client-xray` for the operations it covers.
 *
 * @packageDocumentation
 * @module typed-xray
 */
export * from "./generated/index.js";
export type { ClientConfig } from "./runtime/config.js";
export type { SendOptions, ServiceResolvedConfig } from "./runtime/client.js";
export type { PaginationConfiguration } from "./runtime/paginate.js";
export { RequestError } from "./runtime/errors.js";
export { ConfigError } from "./runtime/config-error.js";
export { ResponseTooLargeError } from "./runtime/response-limit.js";
export { ValidationError, type ConstraintKind, type Violation } from "./runtime/validate-error.js";
export { parseTrace } from "./trace-model/parse-trace.js";
export type { ParsedTrace, SegmentNode, SubsegmentNode, TraceNode, TraceProblem } from "./trace-model/types.js";
export { renderTimeline } from "./trace-model/render-timeline.js";
export { renderServiceGraph, type ServiceGraphFormat, type ServiceGraphRenderOptions } from "./trace-model/render-service-graph.js";
export { renderTraceSummaries } from "./trace-model/render-summaries.js";
export type { TextRenderOptions } from "./trace-model/text-style.js";
