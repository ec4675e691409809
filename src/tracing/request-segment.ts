/**
 * Starting the segment of an incoming request: the trace header says which trace to join and
 * may carry the caller's sampling decision; otherwise a sampler decides. The decision travels
 * on in the response header (the answer to a caller's `Sampled=?`) and in the segment, which a
 * sender then never sends when it is not sampled (see `docs/sampling.md`).
 *
 * @packageDocumentation
 */
import { formatTraceHeader, parseTraceHeader, type ParsedTraceHeader } from "./header.js";
import type { SamplingRequest, SamplingResult } from "./sampling/rule.js";
import { Segment, type SegmentOptions } from "./segment.js";

/** Options of {@link beginRequestSegment}. */
export interface RequestSegmentOptions extends Omit<SegmentOptions, "sampled"> {
  /** The incoming `X-Amzn-Trace-Id` value (a repeated header's values: the first is used). */
  readonly traceHeader?: string | readonly string[] | null | undefined;
  /**
   * Decides when the caller did not (no header, no `Sampled`, or `Sampled=?`): an
   * `XRaySampler`, or anything with its `shouldSample`.
   * @defaultValue none: such requests are sampled
   */
  readonly sampler?: { shouldSample(request: SamplingRequest): SamplingResult } | undefined;
  /** What sampling rules match on; `serviceName` defaults to the segment's name. */
  readonly request?: SamplingRequest | undefined;
}

/** What {@link beginRequestSegment} started. */
export interface RequestSegment {
  /** The request's segment, in progress; not sampled means senders will not send it. */
  readonly segment: Segment;
  /** Whether the request is traced: pass it on to downstream calls' headers. */
  readonly sampled: boolean;
  /** The rule that decided, or `undefined` when the caller's `Sampled=1`/`0` decided. */
  readonly ruleName: string | undefined;
  /** The value for the response's `X-Amzn-Trace-Id`: `Root=…;Sampled=1` or `…;Sampled=0`. */
  readonly responseHeader: string;
  /** The incoming header as parsed (`problems` says what was ignored). */
  readonly incoming: ParsedTraceHeader;
}

/**
 * Starts the segment for an incoming request. A caller's `Sampled=1` or `Sampled=0` wins;
 * otherwise the sampler decides (and the response header answers a `Sampled=?`). A missing or
 * malformed header starts a new trace; parsing never throws.
 *
 * @param name - the service's name, as for `new Segment`
 * @param options - the incoming header, the sampler, the request's values, and segment options
 * @returns the segment, the decision, and the response header value
 * @throws SegmentFieldError for an invalid `name` (unless `onInvalid: "sanitize"`)
 * @example
 * ```ts
 * const { segment, sampled, responseHeader } = beginRequestSegment("checkout-api", {
 *   traceHeader: req.headers["x-amzn-trace-id"],
 *   sampler,
 *   request: { host: req.headers.host, httpMethod: req.method, urlPath: req.url },
 * });
 * res.setHeader("x-amzn-trace-id", responseHeader);
 * // … handle the request; then:
 * segment.close();
 * sender.send(segment); // not sampled: counted as notSampled, never sent
 * ```
 */
export function beginRequestSegment(name: string, options: RequestSegmentOptions = {}): RequestSegment {
  const { traceHeader, sampler, request, ...segmentOptions } = options;
  const incoming = parseTraceHeader(traceHeader);
  let sampled = true;
  let ruleName: string | undefined;
  if (typeof incoming.sampled === "boolean") {
    sampled = incoming.sampled;
  } else if (sampler !== undefined) {
    const decision = sampler.shouldSample(request?.serviceName === undefined ? { ...request, serviceName: name } : request);
    sampled = decision.sampled;
    ruleName = decision.ruleName;
  }
  const segment = new Segment(name, incoming.root, incoming.parent, { ...segmentOptions, sampled });
  return { segment, sampled, ruleName, responseHeader: formatTraceHeader({ root: segment.traceId, sampled }), incoming };
}
