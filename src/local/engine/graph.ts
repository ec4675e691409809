/**
 * Service graphs (GetServiceGraph, GetTraceGraph) from trace analyses: one node per service
 * (the client, the instrumented services, the inferred downstream ones), one edge per pair of
 * services that called each other, with statistics and histograms over every request and call.
 *
 * Node order, and so `ReferenceId`s, is deterministic: the client first, then instrumented
 * services, then inferred ones, each group by name and type. The same traces always give the
 * same graph, which keeps pagination by position stable.
 *
 * @packageDocumentation
 */
import type { EdgeJson, ServiceJson } from "../../generated/wire.js";
import { histogram } from "./histogram.js";
import { responseTimes, statistics } from "./statistics.js";
import { CLIENT, type Observation, type ServiceIdentity, type TraceAnalysis } from "./trace-analysis.js";

interface NodeFacts {
  readonly identity: ServiceIdentity;
  root: boolean;
  readonly served: Observation[];
  readonly traceDurations: number[];
  readonly outgoing: Map<string, Observation[]>;
}

const KIND_ORDER = { client: 0, instrumented: 1, inferred: 2 } as const;

/**
 * Builds the graph of a set of traces.
 *
 * - A service's `SummaryStatistics` and `ResponseTimeHistogram` cover the requests it served
 *   (its segments; for an inferred service, the calls it received); its `DurationHistogram`
 *   the durations of the traces it took part in. The client node has no statistics of its own.
 * - An edge's statistics and histogram cover the calls along it, judged by the callee's
 *   outcome when the callee is instrumented.
 * - `Root` marks the services that received requests from the client; `State` is `active` for
 *   instrumented services and `unknown` for the others.
 *
 * @param analyses - the traces
 * @returns the services, ordered by `ReferenceId`
 */
export function buildServiceGraph(analyses: Iterable<TraceAnalysis>): ServiceJson[] {
  const nodes = new Map<string, NodeFacts>();
  const node = (identity: ServiceIdentity): NodeFacts => {
    let facts = nodes.get(identity.key);
    if (!facts) nodes.set(identity.key, (facts = { identity, root: false, served: [], traceDurations: [], outgoing: new Map() }));
    return facts;
  };
  for (const analysis of analyses) {
    const identityOf = (key: string): ServiceIdentity | undefined => (key === CLIENT.key ? CLIENT : analysis.services.get(key));
    for (const service of analysis.services.values()) {
      const facts = node(service);
      if (analysis.tree.end !== undefined) facts.traceDurations.push(analysis.duration);
    }
    for (const request of analysis.served) {
      const identity = identityOf(request.service);
      if (identity) node(identity).served.push(request);
    }
    for (const call of analysis.calls) {
      const source = identityOf(call.source);
      const destination = identityOf(call.destination);
      if (!source || !destination) continue;
      const facts = node(source);
      if (source.kind === "client") node(destination).root = true;
      const list = facts.outgoing.get(destination.key);
      if (list) list.push(call);
      else facts.outgoing.set(destination.key, [call]);
    }
  }

  const ordered = [...nodes.values()].sort(
    (a, b) =>
      KIND_ORDER[a.identity.kind] - KIND_ORDER[b.identity.kind] ||
      compare(a.identity.name, b.identity.name) ||
      compare(a.identity.type ?? "", b.identity.type ?? "") ||
      compare(a.identity.accountId ?? "", b.identity.accountId ?? ""),
  );
  const referenceIds = new Map(ordered.map((facts, index) => [facts.identity.key, index]));
  return ordered.map((facts, index) => serviceJson(facts, index, referenceIds));
}

function serviceJson(facts: NodeFacts, referenceId: number, referenceIds: ReadonlyMap<string, number>): ServiceJson {
  const { identity } = facts;
  const edges: EdgeJson[] = [...facts.outgoing]
    .map(([destination, calls]) => ({
      ReferenceId: referenceIds.get(destination)!,
      ...timeRange(calls),
      SummaryStatistics: statistics(calls),
      ResponseTimeHistogram: histogram(responseTimes(calls)),
      Aliases: [],
    }))
    .sort((a, b) => a.ReferenceId - b.ReferenceId);
  // The client served nothing; its time range is that of the requests it sent.
  const own = identity.kind === "client" ? [...facts.outgoing.values()].flat() : facts.served;
  return {
    ReferenceId: referenceId,
    Name: identity.name,
    Names: [identity.name],
    Root: facts.root,
    ...(identity.accountId !== undefined ? { AccountId: identity.accountId } : {}),
    ...(identity.type !== undefined ? { Type: identity.type } : {}),
    State: identity.kind === "instrumented" ? "active" : "unknown",
    ...timeRange(own),
    Edges: edges,
    ...(identity.kind === "client" ? {} : { SummaryStatistics: statistics(facts.served) }),
    DurationHistogram: histogram(facts.traceDurations),
    ResponseTimeHistogram: histogram(responseTimes(facts.served)),
  };
}

/** Earliest start and latest completed end of some observations. */
function timeRange(observations: readonly Observation[]): { StartTime?: number; EndTime?: number } {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const observation of observations) {
    start = Math.min(start, observation.start);
    if (observation.end !== undefined) end = Math.max(end, observation.end);
  }
  return {
    ...(Number.isFinite(start) ? { StartTime: start } : {}),
    ...(Number.isFinite(end) ? { EndTime: end } : {}),
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
