/**
 * Root causes of a trace's faults, errors and response time, as `TraceSummary` reports them.
 *
 * X-Ray does not publish its root-cause algorithm; this one follows the documented meaning:
 * - a fault (error) root cause is a flagged (sub)segment with nothing flagged below it, reached
 *   from the root through the chain of services that led to it; the last entity carries the
 *   exceptions recorded in its `cause`;
 * - the response-time root cause follows the slowest child from the root segment down while
 *   that child takes at least half of its parent's time (below that, the parent's own work
 *   dominates), each entity with `Coverage`, its share of the root's response time.
 *
 * @packageDocumentation
 */
import type { StatusFlags } from "../filter/trace-view.js";
import type { FaultRootCause, FaultRootCauseEntity, FaultRootCauseService, ResponseTimeRootCause, ResponseTimeRootCauseEntity, RootCauseException } from "../../generated/models.js";
import { asObject, asString } from "./validated-document.js";
import { flagsOf, type TraceAnalysis } from "./trace-analysis.js";
import type { TraceNode } from "./trace-tree.js";

/** Share of its parent's time a child must take to be followed as the response-time root cause. */
const DOMINANT_SHARE = 0.5;

/**
 * One step of a root cause's path inside a service while it is built: the model's entity shapes
 * share `Name` and `Remote`; fault and error entities add `Exceptions`, response-time ones
 * `Coverage`.
 */
type RootCauseEntity = FaultRootCauseEntity & ResponseTimeRootCauseEntity;

/** A service on a root cause's path while it is built (the model's `…RootCauseService` shapes). */
type RootCauseService = Omit<FaultRootCauseService, "EntityPath"> & { Name: string; EntityPath: RootCauseEntity[] };

/**
 * Root causes of the trace's faults or errors (`FaultRootCause` and `ErrorRootCause` have the
 * same members).
 *
 * @param analysis - the trace
 * @param flag - `fault` or `error`
 * @returns the root causes, or `undefined` when the trace has no such status
 */
export function statusRootCauses(analysis: TraceAnalysis, flag: keyof StatusFlags): FaultRootCause[] | undefined {
  if (!analysis.flags[flag]) return undefined;
  const { tree } = analysis;
  const flagged = (node: TraceNode): boolean => flagsOf(node.doc)[flag];
  const below = flaggedBelow(tree.nodes.values(), flagged);
  const clientImpacting = tree.root !== undefined && flagged(tree.root);
  const causes = new Map<string, FaultRootCause>();
  for (const node of tree.nodes.values()) {
    if (!flagged(node) || below.get(node)) continue;
    const services = servicesAlong(analysis, pathFromRoot(analysis, node), (entity, last) => {
      if (last) {
        const exceptions = exceptionsOf(node);
        if (exceptions.length > 0) entity.Exceptions = exceptions;
      }
    });
    if (services.length === 0) continue;
    const cause = { Services: services, ClientImpacting: clientImpacting };
    causes.set(JSON.stringify(cause), cause);
  }
  return [...causes.values()];
}

/**
 * The response-time root cause: the slowest path from the root segment down.
 *
 * @param analysis - the trace
 * @returns one root cause, or `undefined` when the root segment is not complete
 */
export function responseTimeRootCauses(analysis: TraceAnalysis): ResponseTimeRootCause[] | undefined {
  const root = analysis.tree.root;
  if (!root || root.end === undefined || root.end <= root.start) return undefined;
  const total = root.end - root.start;
  const path = [root];
  const seen = new Set([root]);
  for (let node: TraceNode = root; ; ) {
    let slowest: TraceNode | undefined;
    for (const next of [...node.children, ...node.callees]) {
      if (next.end === undefined || seen.has(next)) continue;
      if (!slowest || next.end - next.start > slowest.end! - slowest.start) slowest = next;
    }
    if (!slowest || slowest.end! - slowest.start < DOMINANT_SHARE * (node.end! - node.start)) break;
    path.push(slowest);
    seen.add(slowest);
    node = slowest;
  }
  const coverage = (node: TraceNode): number => Math.round(((node.end! - node.start) / total) * 10_000) / 10_000;
  const services = servicesAlong(analysis, path, (entity, _last, node) => {
    entity.Coverage = coverage(node);
  });
  return services.length > 0 ? [{ Services: services, ClientImpacting: true }] : undefined;
}

/** For every node: whether a flagged node lies below it (subsegments and called segments). */
function flaggedBelow(nodes: Iterable<TraceNode>, flagged: (node: TraceNode) => boolean): Map<TraceNode, boolean> {
  const below = new Map<TraceNode, boolean>();
  for (const start of nodes) {
    if (below.has(start)) continue;
    // Iterative post-order: documents can nest thousands of levels.
    const stack: Array<{ node: TraceNode; expanded: boolean }> = [{ node: start, expanded: false }];
    const onPath = new Set<TraceNode>();
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (!top.expanded && below.has(top.node)) {
        // Reached twice (two parents name it): already computed.
        stack.pop();
        continue;
      }
      const next = [...top.node.children, ...top.node.callees];
      if (!top.expanded) {
        top.expanded = true;
        onPath.add(top.node);
        for (const child of next) if (!below.has(child) && !onPath.has(child)) stack.push({ node: child, expanded: false });
        continue;
      }
      stack.pop();
      onPath.delete(top.node);
      below.set(top.node, next.some((child) => flagged(child) || below.get(child) === true));
    }
  }
  return below;
}

/** The chain of nodes from the trace's entry down to `node`, through parents and callers. */
function pathFromRoot(analysis: TraceAnalysis, node: TraceNode): TraceNode[] {
  const path: TraceNode[] = [];
  const seen = new Set<TraceNode>();
  for (let current: TraceNode | undefined = node; current && !seen.has(current); ) {
    seen.add(current);
    path.push(current);
    current = current.parentId === undefined ? undefined : analysis.tree.nodes.get(current.parentId);
  }
  return path.reverse();
}

/**
 * Groups a path of nodes by the service each belongs to; a final call to an inferred service
 * becomes that service's own (remote) entity.
 */
function servicesAlong(
  analysis: TraceAnalysis,
  path: readonly TraceNode[],
  decorate: (entity: RootCauseEntity, last: boolean, node: TraceNode) => void,
): RootCauseService[] {
  const services: RootCauseService[] = [];
  let currentKey: string | undefined;
  path.forEach((node, index) => {
    const key = analysis.nodeService.get(node.id);
    if (key === undefined) return;
    if (key !== currentKey) {
      services.push(serviceJson(analysis, key));
      currentKey = key;
    }
    const last = index === path.length - 1;
    const target = analysis.callTarget.get(node.id);
    const entity: RootCauseEntity = { Name: node.doc.name, ...(target !== undefined ? { Remote: true } : {}) };
    const inferredTarget = target !== undefined && analysis.services.get(target)?.kind === "inferred" ? target : undefined;
    if (last && inferredTarget !== undefined) {
      decorate(entity, false, node);
      services.at(-1)!.EntityPath.push(entity);
      const remote = serviceJson(analysis, inferredTarget);
      const remoteEntity: RootCauseEntity = { Name: remote.Name, Remote: true };
      decorate(remoteEntity, true, node);
      remote.EntityPath.push(remoteEntity);
      services.push(remote);
      return;
    }
    decorate(entity, last, node);
    services.at(-1)!.EntityPath.push(entity);
  });
  return services;
}

function serviceJson(analysis: TraceAnalysis, key: string): RootCauseService {
  const service = analysis.services.get(key);
  const name = service?.name ?? "unknown";
  return {
    Name: name,
    Names: [name],
    ...(service?.type !== undefined ? { Type: service.type } : {}),
    ...(service?.accountId !== undefined ? { AccountId: service.accountId } : {}),
    EntityPath: [],
    Inferred: service?.kind === "inferred",
  };
}

/** The exceptions a (sub)segment's `cause` records, as `RootCauseException`s. */
function exceptionsOf(node: TraceNode): RootCauseException[] {
  const exceptions = asObject(node.doc.cause)?.["exceptions"];
  if (!Array.isArray(exceptions)) return [];
  return exceptions.flatMap((exception) => {
    const name = asString(asObject(exception)?.["type"]);
    const message = asString(asObject(exception)?.["message"]);
    if (name === undefined && message === undefined) return [];
    return [{ ...(name !== undefined ? { Name: name } : {}), ...(message !== undefined ? { Message: message } : {}) }];
  });
}
