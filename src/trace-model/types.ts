/**
 * The typed model of one trace as BatchGetTraces returns it: each segment document parsed from
 * its JSON string, typed with the segment-document shapes of the tracing helper
 * (src/tracing/segment-document.ts), and linked into one tree.
 */
import type { SegmentDocument, SubsegmentDocument } from "../tracing/segment-document.js";

/** What a segment and a subsegment node share. */
interface TraceNodeBase {
  /** The document's `id` (16 hex digits). */
  readonly id: string;
  /** The document's `name`: the service (segment) or the call (subsegment). */
  readonly name: string;
  /** The document's `start_time`, epoch seconds. */
  readonly startTime: number;
  /** The document's `end_time`, when the work has ended. */
  readonly endTime?: number;
  /** `endTime - startTime` in seconds; absent while the work is in progress. */
  readonly duration?: number;
  /** How deep the node sits in the tree: 0 for a root. */
  readonly depth: number;
  /**
   * The node this one hangs under: the enclosing (sub)segment of a nested subsegment, the parent
   * named by `parent_id` of a standalone subsegment or of a segment called by another service.
   * Absent for a root.
   */
  readonly parent?: TraceNode;
  /** The nodes under this one, earliest start first. */
  readonly children: readonly TraceNode[];
  /**
   * The segment this node belongs to: itself for a segment; absent for a standalone subsegment
   * whose parent is not in the trace.
   */
  readonly segment?: SegmentNode;
}

/** A segment: the work one service did for the request. */
export interface SegmentNode extends TraceNodeBase {
  /** Always `"segment"`. */
  readonly kind: "segment";
  /** The parsed document, its nested subsegments included. */
  readonly document: SegmentDocument;
}

/** A subsegment: a call or a piece of work within a segment. */
export interface SubsegmentNode extends TraceNodeBase {
  /** Always `"subsegment"`. */
  readonly kind: "subsegment";
  /** The parsed document, its nested subsegments included. */
  readonly document: SubsegmentDocument;
}

/** A node of a {@link ParsedTrace}: a segment or a subsegment. */
export type TraceNode = SegmentNode | SubsegmentNode;

/** A document of the trace that could not be used, and why. */
export interface TraceProblem {
  /** The `Id` BatchGetTraces gave the segment, when it gave one. */
  readonly segmentId?: string;
  /** What is wrong, e.g. `the document is not JSON` or `start_time is not a number`. */
  readonly reason: string;
}

/** One trace from BatchGetTraces, parsed and linked into a tree. */
export interface ParsedTrace {
  /** The trace ID. */
  readonly id: string;
  /**
   * Seconds from the earliest start to the latest end of the parsed nodes (in-progress nodes
   * count up to their start); 0 for a trace without usable documents.
   */
  readonly duration: number;
  /** The earliest start of any node, epoch seconds; `undefined` when there are no nodes. */
  readonly startTime?: number;
  /** X-Ray's flag: the trace had more segments than BatchGetTraces returns. */
  readonly limitExceeded: boolean;
  /** The nodes no other node of the trace is a parent of, earliest start first. */
  readonly roots: readonly TraceNode[];
  /** Every node, depth first in the order of `roots` and `children`. */
  readonly nodes: readonly TraceNode[];
  /** Documents (or nested subsegments) that were skipped, and why. */
  readonly problems: readonly TraceProblem[];
}
