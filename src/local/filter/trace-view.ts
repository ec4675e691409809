/**
 * What a filter expression can see of one trace: the facts the local endpoint's engine derives
 * from a trace's stored segment documents, and the filter evaluator tests against.
 *
 * The engine builds one `TraceView` per trace (src/local/engine); the filter module
 * (src/local/filter) parses an expression once and evaluates it against many views. Keeping the
 * contract in one small file lets either side change without reading the other.
 *
 * @packageDocumentation
 */

/** A value an annotation can hold in X-Ray: a string, a number or a boolean. */
export type AnnotationScalar = string | number | boolean;

/** Status flags of a trace, a service or an edge, as X-Ray derives them from segments. */
export interface StatusFlags {
  /** A 5xx or a `fault: true` segment. */
  readonly fault: boolean;
  /** A 4xx or an `error: true` segment. */
  readonly error: boolean;
  /** A 429 or a `throttle: true` segment. */
  readonly throttle: boolean;
}

/** One node of the trace's graph: an instrumented service or a downstream (inferred) one. */
export interface ServiceView extends StatusFlags {
  /** The node's name (the segment's `name`, or the subsegment's for a downstream call). */
  readonly name: string;
  /** The node's type, e.g. `AWS::EC2::Instance`, `AWS::DynamoDB::Table`, `remote`, `Database::SQL`; absent when unknown. */
  readonly type?: string;
  /** Seconds the node took to answer (its segment's `end_time - start_time`), when known. */
  readonly responseTime?: number;
}

/** A call from one node to another within the trace. */
export interface EdgeView extends StatusFlags {
  /** Name of the calling node. */
  readonly source: string;
  /** Name of the called node. */
  readonly destination: string;
  /** Seconds the call took, when known. */
  readonly responseTime?: number;
}

/** The facts of one trace that filter expressions test. */
export interface TraceView extends StatusFlags {
  /** The trace id, `1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx`. */
  readonly id: string;
  /** Seconds from the earliest start to the latest end of any segment in the trace. */
  readonly duration: number;
  /** Seconds the root segment took to answer, when the root segment is complete. */
  readonly responseTime?: number;
  /** True when a segment is still `in_progress` or a referenced parent is missing. */
  readonly partial: boolean;
  /** The root segment's `http` facts, when it has any. */
  readonly http?: {
    readonly status?: number;
    readonly url?: string;
    readonly method?: string;
    readonly userAgent?: string;
    readonly clientIp?: string;
  };
  /** Annotations of every segment and subsegment, by key (a key can carry several values). */
  readonly annotations: Readonly<Record<string, readonly AnnotationScalar[]>>;
  /** The `user` fields of the trace's segments. */
  readonly users: readonly string[];
  /** Every node of the trace: instrumented services first, then downstream ones. */
  readonly services: readonly ServiceView[];
  /** Every call between nodes. */
  readonly edges: readonly EdgeView[];
}
