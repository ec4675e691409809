/**
 * `parseTrace`: a BatchGetTraces `Trace` (segment documents as JSON strings) into a typed tree.
 * Input from the service is untrusted here: a document that is not JSON, or lacks what every
 * segment has (`id`, `name`, `start_time`), is reported in `problems` and skipped, never thrown.
 */
import type { Trace } from "../generated/models.js";
import type { EntityDocument, SegmentDocument, SubsegmentDocument } from "../tracing/segment-document.js";
import type { ParsedTrace, SegmentNode, TraceNode, TraceProblem } from "./types.js";

/** A node while the tree is built: the public shape with its links writable. */
interface Building {
  kind: "segment" | "subsegment";
  document: SegmentDocument | SubsegmentDocument;
  id: string;
  name: string;
  startTime: number;
  endTime?: number;
  duration?: number;
  depth: number;
  parent?: Building;
  children: Building[];
  segment?: SegmentNode;
  /** `parent_id` of a top-level document, linked once every node is known. */
  parentId?: string;
}

/** An object read from JSON, or `undefined` for anything else. */
function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Why `value` cannot be a segment or subsegment, or `undefined` when it can. */
function entityProblem(value: Record<string, unknown> | undefined): string | undefined {
  if (!value) return "the document is not a JSON object";
  if (typeof value["id"] !== "string" || value["id"] === "") return "id is not a non-empty string";
  if (typeof value["name"] !== "string") return "name is not a string";
  if (typeof value["start_time"] !== "number" || !Number.isFinite(value["start_time"])) return "start_time is not a number";
  return undefined;
}

function newNode(document: Record<string, unknown>, kind: "segment" | "subsegment", parent: Building | undefined): Building {
  const entity = document as unknown as EntityDocument;
  const end = typeof entity.end_time === "number" && Number.isFinite(entity.end_time) ? entity.end_time : undefined;
  const node: Building = { kind, document: entity as SegmentDocument, id: entity.id, name: entity.name, startTime: entity.start_time, depth: 0, children: [] };
  if (end !== undefined) [node.endTime, node.duration] = [end, Math.max(0, end - entity.start_time)];
  if (parent) node.parent = parent;
  return node;
}

/** True when `ancestor` is `node` or one of its parents. */
function isAncestor(ancestor: Building, node: Building | undefined): boolean {
  for (let at = node; at; at = at.parent) if (at === ancestor) return true;
  return false;
}

/**
 * Parses the segment documents of a trace and links them into a tree: nested subsegments under
 * their (sub)segment, standalone subsegments and segments of called services under the node their
 * `parent_id` names. A `parent_id` that names no node of the trace, or would close a cycle, leaves
 * the node a root.
 *
 * Only what every node must have is checked (`id`, `name`, `start_time`; `end_time` is used when it
 * is a number); the other fields are typed as the tracing helper writes them but come from the
 * service as they were sent, so code reading them should not trust their types blindly.
 *
 * @param trace - one element of BatchGetTraces' `Traces`
 * @returns the tree; never throws, whatever the documents hold
 * @example
 * ```ts
 * const { Traces = [] } = await client.send(new BatchGetTracesCommand({ TraceIds: [id] }));
 * for (const trace of Traces) {
 *   const parsed = parseTrace(trace);
 *   for (const node of parsed.nodes) console.log("  ".repeat(node.depth) + node.name, node.duration);
 * }
 * ```
 */
export function parseTrace(trace: Trace): ParsedTrace {
  const problems: TraceProblem[] = [];
  const byId = new Map<string, Building>();
  const topLevel: Building[] = [];
  const segments = Array.isArray(trace?.Segments) ? trace.Segments : [];

  for (const segment of segments) {
    const segmentId = typeof segment?.Id === "string" ? segment.Id : undefined;
    const report = (reason: string): void => void problems.push(segmentId === undefined ? { reason } : { segmentId, reason });
    let parsed: unknown;
    try {
      parsed = JSON.parse(typeof segment?.Document === "string" ? segment.Document : "");
    } catch {
      report("the document is not JSON");
      continue;
    }
    const document = asObject(parsed);
    const problem = entityProblem(document);
    if (problem) {
      report(problem);
      continue;
    }
    const kind = document!["type"] === "subsegment" ? "subsegment" : "segment";
    const root = newNode(document!, kind, undefined);
    if (typeof document!["parent_id"] === "string") root.parentId = document!["parent_id"];
    topLevel.push(root);
    // Nested subsegments, walked with a stack rather than recursion: a deep document cannot
    // overflow the call stack.
    const pending: Building[] = [root];
    for (let node = pending.pop(); node; node = pending.pop()) {
      if (byId.has(node.id)) report(`the id ${node.id} appears twice; the second is not linked by parent_id`);
      else byId.set(node.id, node);
      const nested = (node.document as EntityDocument).subsegments as unknown;
      if (nested === undefined) continue;
      if (!Array.isArray(nested)) {
        report(`subsegments of ${node.id} is not a list`);
        continue;
      }
      nested.forEach((item: unknown, i) => {
        const child = asObject(item);
        const why = entityProblem(child);
        if (why) report(`subsegment ${i} of ${node.id}: ${why}`);
        else node.children.push(newNode(child!, "subsegment", node));
      });
      for (const child of node.children) pending.push(child);
    }
  }

  const roots: Building[] = [];
  for (const node of topLevel) {
    const parent = node.parentId === undefined ? undefined : byId.get(node.parentId);
    if (parent && !isAncestor(node, parent)) {
      node.parent = parent;
      parent.children.push(node);
    } else roots.push(node);
  }
  return finish(trace, roots, problems);
}

/** Sorts, sets depths and the owning segment of standalone subsegments, lists nodes depth first. */
function finish(trace: Trace, roots: Building[], problems: TraceProblem[]): ParsedTrace {
  const byStart = (a: Building, b: Building): number => a.startTime - b.startTime;
  roots.sort(byStart);
  const nodes: Building[] = [];
  const pending = [...roots].reverse();
  for (let node = pending.pop(); node; node = pending.pop()) {
    node.depth = node.parent ? node.parent.depth + 1 : 0;
    const owner = node.kind === "segment" ? (node as unknown as SegmentNode) : node.parent?.segment;
    if (owner) node.segment = owner;
    nodes.push(node);
    node.children.sort(byStart);
    for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i]!);
  }
  let start = Infinity;
  let end = -Infinity;
  for (const node of nodes) {
    start = Math.min(start, node.startTime);
    end = Math.max(end, node.endTime ?? node.startTime);
  }
  const parsed: ParsedTrace = {
    id: typeof trace?.Id === "string" ? trace.Id : "",
    duration: nodes.length ? Math.max(0, end - start) : 0,
    limitExceeded: trace?.LimitExceeded === true,
    // A Building is a TraceNode with its links writable; the kind and document agree by construction.
    roots: roots as unknown as readonly TraceNode[],
    nodes: nodes as unknown as readonly TraceNode[],
    problems,
  };
  return nodes.length ? { ...parsed, startTime: start } : parsed;
}
