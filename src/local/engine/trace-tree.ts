/**
 * Reassembles one trace from its stored documents: every segment and subsegment as a node, with
 * subsegments under their parents (embedded or sent on their own), each subsegment tied to the
 * segment it belongs to, and each segment tied to the node that called it (`parent_id`).
 *
 * When the same id arrives twice (a subsegment streamed on its own while in progress, then
 * embedded complete in its segment), the complete version wins.
 *
 * @packageDocumentation
 */
import type { ValidatedDocument } from "./validated-document.js";
import type { TraceRecord } from "./store.js";

/** One segment or subsegment of a trace. */
export interface TraceNode {
  readonly id: string;
  readonly doc: ValidatedDocument;
  /** A segment (work of one service) rather than a subsegment (a unit of work inside one). */
  readonly isSegment: boolean;
  readonly start: number;
  /** `undefined` while in progress. */
  readonly end: number | undefined;
  /** A subsegment's parent (containing node), or a segment's caller; from `parent_id` or nesting. */
  readonly parentId: string | undefined;
  /** Subsegments directly inside this node, by start time. */
  readonly children: TraceNode[];
  /** Segments whose `parent_id` is this node: calls that reached an instrumented service. */
  readonly callees: TraceNode[];
  /** The segment this node belongs to (itself for a segment); `undefined` for an orphan subsegment. */
  segment: TraceNode | undefined;
}

/** A trace reassembled from its documents. */
export interface TraceTree {
  /** Every node by id. */
  readonly nodes: ReadonlyMap<string, TraceNode>;
  /** The segments, by start time. */
  readonly segments: readonly TraceNode[];
  /**
   * Segments with no caller in the trace (no `parent_id`, or a parent that was never sent): the
   * requests that entered the traced system, earliest first.
   */
  readonly entries: readonly TraceNode[];
  /** The earliest entry segment, or `undefined` when no segment has arrived yet. */
  readonly root: TraceNode | undefined;
  /** A node is in progress, a subsegment's parent is missing, or a non-root segment's caller is. */
  readonly partial: boolean;
  /** Earliest start of any node, epoch seconds. */
  readonly start: number;
  /** Latest end of any completed node; `undefined` when nothing has completed. */
  readonly end: number | undefined;
}

interface Candidate {
  readonly doc: ValidatedDocument;
  readonly isSegment: boolean;
  readonly parentId: string | undefined;
}

const byStart = (a: { start: number; id: string }, b: { start: number; id: string }): number =>
  a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Builds the tree of one trace.
 *
 * @param record - the trace's stored documents
 * @returns the reassembled trace
 */
export function buildTraceTree(record: TraceRecord): TraceTree {
  const candidates = collectCandidates(record);
  const nodes = new Map<string, TraceNode>();
  for (const [id, candidate] of candidates) {
    const { doc } = candidate;
    nodes.set(id, {
      id,
      doc,
      isSegment: candidate.isSegment,
      start: doc.start_time,
      end: doc.in_progress === true ? undefined : doc.end_time,
      parentId: candidate.parentId,
      children: [],
      callees: [],
      segment: undefined,
    });
  }
  const segments: TraceNode[] = [];
  for (const node of nodes.values()) {
    if (node.isSegment) {
      segments.push(node);
      if (node.parentId !== undefined) nodes.get(node.parentId)?.callees.push(node);
    } else if (node.parentId !== undefined) {
      nodes.get(node.parentId)?.children.push(node);
    }
  }
  for (const node of nodes.values()) {
    node.children.sort(byStart);
    node.callees.sort(byStart);
  }
  segments.sort(byStart);
  assignSegments(nodes);

  const entries = segments.filter((segment) => segment.parentId === undefined || !nodes.has(segment.parentId));
  const root = entries[0] ?? segments[0];
  let start = Number.POSITIVE_INFINITY;
  let end: number | undefined;
  let partial = false;
  for (const node of nodes.values()) {
    start = Math.min(start, node.start);
    if (node.end === undefined) partial = true;
    else end = end === undefined ? node.end : Math.max(end, node.end);
    if (!node.isSegment && node.segment === undefined) partial = true;
    if (node.isSegment && node !== root && node.parentId !== undefined && !nodes.has(node.parentId)) partial = true;
  }
  return { nodes, segments, entries, root, partial, start: Number.isFinite(start) ? start : 0, end };
}

/** Every (sub)segment of every stored document, keeping the best version of each id. */
function collectCandidates(record: TraceRecord): Map<string, Candidate> {
  const best = new Map<string, Candidate>();
  const consider = (candidate: Candidate): void => {
    const existing = best.get(candidate.doc.id);
    // A complete version beats an in-progress one; otherwise the first seen stays.
    if (!existing || (existing.doc.in_progress === true && candidate.doc.in_progress !== true)) best.set(candidate.doc.id, candidate);
  };
  const documents = [...record.documents.values()].sort(
    (a, b) => a.doc.start_time - b.doc.start_time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const stored of documents) {
    const top = stored.doc;
    consider({ doc: top, isSegment: top.type !== "subsegment", parentId: top.parent_id });
    const pending: ValidatedDocument[] = [top];
    for (let parent = pending.pop(); parent; parent = pending.pop()) {
      for (const child of parent.subsegments ?? []) {
        consider({ doc: child, isSegment: false, parentId: parent.id });
        pending.push(child);
      }
    }
  }
  return best;
}

/** Ties each subsegment to its segment by following parents up; loops and gaps leave it orphaned. */
function assignSegments(nodes: ReadonlyMap<string, TraceNode>): void {
  for (const node of nodes.values()) {
    if (node.isSegment) node.segment = node;
  }
  // Each node is walked once: resolved nodes (orphans included) end later walks.
  const resolved = new Set<TraceNode>();
  for (const node of nodes.values()) {
    if (node.segment || resolved.has(node)) continue;
    const chain = new Set<TraceNode>();
    let current: TraceNode | undefined = node;
    while (current && !current.segment && !resolved.has(current) && !chain.has(current)) {
      chain.add(current);
      current = current.parentId === undefined ? undefined : nodes.get(current.parentId);
    }
    const segment = current?.segment;
    for (const link of chain) {
      link.segment = segment;
      resolved.add(link);
    }
  }
}
