/**
 * Tracing inside AWS Lambda. Lambda owns the function's segment: it records it itself and passes
 * its IDs to each invocation in the `_X_AMZN_TRACE_ID` environment variable
 * (`Root=…;Parent=…;Sampled=…`, a new value per invocation). Code in the function adds
 * subsegments under that segment and sends them to Lambda's X-Ray daemon as independent
 * subsegment documents (`type`, `trace_id`, `parent_id`) over UDP (`AWS_XRAY_DAEMON_ADDRESS`).
 *
 * {@link lambdaInvocation} gives the parent for one invocation: a facade of Lambda's segment that
 * is never sent itself. Node only, like the UDP emitter it is used with.
 *
 * @packageDocumentation
 * @module typed-xray/tracing/lambda
 */
import type { SegmentDocuments } from "./document-source.js";
import { parseTraceHeader } from "./header.js";
import { Segment, type SegmentOptions } from "./segment.js";

// The facade's inherited methods document themselves with links into these.
export type { Entity } from "./entity.js";
export type { Segment, SegmentOptions } from "./segment.js";

/** The environment variable in which Lambda passes each invocation's trace header. */
export const LAMBDA_TRACE_VARIABLE = "_X_AMZN_TRACE_ID";

/**
 * Lambda's function segment for one invocation, as a parent for subsegments. Its `id` and
 * `traceId` are those Lambda passed; it is never sent: its `toDocuments()` gives only its
 * subsegments, each as an independent subsegment document, and none at all when Lambda did not
 * sample the invocation (`Sampled=0`). Fields set on the facade itself (annotations, metadata,
 * errors) are not sent: the function segment is Lambda's; put them on a subsegment.
 */
export class LambdaInvocation extends Segment {
  /** Whether Lambda sampled this invocation (`Sampled=1`); when not, nothing is sent. */
  declare readonly sampled: boolean;

  /**
   * @internal Use {@link lambdaInvocation}.
   * @param root - the trace ID
   * @param parent - the function segment's ID
   * @param sampled - Lambda's decision
   * @param options - clock and ID source for the subsegments
   */
  constructor(root: string, parent: string, sampled: boolean, options?: SegmentOptions) {
    super("lambda-invocation", root, undefined, options);
    // The facade is Lambda's segment: subsegments name it as their parent.
    Object.defineProperty(this, "id", { value: parent, enumerable: true });
    this.sampled = sampled;
  }

  /**
   * The subsegments, each (with its own subsegments) as independent subsegment documents of at
   * most `maxBytes`; no document for the facade itself; none at all when not sampled.
   *
   * @param maxBytes - the per-document limit in UTF-8 bytes
   * @returns the documents and how many fields were truncated
   */
  override toDocuments(maxBytes?: number): SegmentDocuments {
    const documents: string[] = [];
    let truncated = 0;
    if (this.sampled) {
      for (const child of this.children) {
        const split = child.toDocuments(maxBytes);
        documents.push(...split.documents);
        truncated += split.truncated;
      }
    }
    return { documents, truncated };
  }
}

/** Options of {@link lambdaInvocation}. */
export interface LambdaInvocationOptions extends Pick<SegmentOptions, "now" | "ids" | "onInvalid"> {
  /**
   * Where `_X_AMZN_TRACE_ID` is read from.
   * @defaultValue process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The parent for this invocation's subsegments, from `_X_AMZN_TRACE_ID`. Call it inside the
 * handler, once per invocation: Lambda sets a new header for each one. Never throws.
 *
 * @param options - the environment to read, and the subsegments' clock and ID source
 * @returns the facade, or `undefined` outside Lambda or when tracing is off (no header, or one
 *   without `Root` and `Parent`)
 * @example
 * ```ts
 * const emitter = new UdpEmitter(); // Lambda sets AWS_XRAY_DAEMON_ADDRESS
 * export const handler = async (event: unknown) => {
 *   const invocation = lambdaInvocation();
 *   const work = invocation?.addNewSubsegment("process-order");
 *   // … the work …
 *   work?.close();
 *   if (invocation) emitter.send(invocation); // its subsegments; nothing when Sampled=0
 * };
 * ```
 */
export function lambdaInvocation(options: LambdaInvocationOptions = {}): LambdaInvocation | undefined {
  const env = options.env ?? (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const { root, parent, sampled } = parseTraceHeader(env[LAMBDA_TRACE_VARIABLE]);
  if (!root || !parent) return undefined;
  return new LambdaInvocation(root, parent, sampled === true, options);
}
