/**
 * `typed-xray/tracing`: build X-Ray segments and send them. Runs in Node and in browsers.
 *
 * - IDs: {@link newTraceId}, {@link newSegmentId}, checks, parsing and W3C conversion.
 * - The `X-Amzn-Trace-Id` header: {@link parseTraceHeader}, {@link formatTraceHeader}.
 * - The builder: {@link Segment} and {@link Subsegment}, shaped like aws-xray-sdk-core's, whose
 *   documents always validate against X-Ray's segment-document rules and split to fit 64 KB.
 * - Sending: see the sender exports.
 *
 * @packageDocumentation
 * @module typed-xray/tracing
 */
export {
  createIdGenerator,
  fromW3CTraceId,
  isSegmentId,
  isTraceId,
  newSegmentId,
  newTraceId,
  parseTraceId,
  toW3CTraceId,
  type IdGenerator,
  type RandomFill,
  type TraceIdParts,
} from "./ids.js";
export {
  MAX_EXTRA_LENGTH,
  MAX_TRACE_HEADER_LENGTH,
  formatTraceHeader,
  parseTraceHeader,
  type ParsedTraceHeader,
  type SamplingDecision,
  type TraceHeader,
  type TraceHeaderProblem,
} from "./header.js";
export { Segment, Subsegment, type SegmentOptions } from "./segment.js";
export type { Entity } from "./entity.js";
export type {
  AnnotationValue,
  AwsData,
  EntityDocument,
  HttpData,
  HttpRequestData,
  HttpResponseData,
  SegmentDocument,
  SqlData,
  SubsegmentDocument,
} from "./segment-document.js";
export { MAX_ANNOTATIONS, SegmentFieldError, type InvalidFieldPolicy } from "./fields.js";
export { MAX_STACK_FRAMES, parseStack, type CauseDocument, type ExceptionDocument, type StackFrame } from "./cause.js";
export { MIN_DOCUMENT_BYTES } from "./split.js";
export * from "./sender/sender.js";
export type { DocumentSource, SegmentDocuments } from "./document-source.js";
export { XRaySampler, RULES_TTL_MS, type TargetsUpdate, type XRaySamplerOptions } from "./sampling/sampler.js";
export { DEFAULT_RULE_NAME, type SamplingRequest, type SamplingResult } from "./sampling/rule.js";
export type { SamplingClient } from "./sampling/poller.js";
export {
  SamplingRulesError,
  parseSamplingRules,
  toSamplingRules,
  type LocalSamplingRule,
  type LocalSamplingRules,
} from "./sampling/rules-file.js";
export { beginRequestSegment, type RequestSegment, type RequestSegmentOptions } from "./request-segment.js";
