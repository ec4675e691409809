/**
 * GetServiceGraph (the graph of every trace active in a time window) and GetTraceGraph (the
 * graph of given traces), paginated by position in the deterministic service order.
 *
 * @packageDocumentation
 */
import type { GetServiceGraphResultJson, GetTraceGraphResultJson, ServiceJson } from "../../../generated/wire.js";
import type { EngineContext } from "../context.js";
import { invalidRequest } from "../errors.js";
import { buildServiceGraph } from "../graph.js";
import { optionalString, requiredTimeWindow, requiredTraceIds, type JsonObject } from "../input.js";
import { decodeToken, encodeToken } from "../pagination.js";
import { analyzeTrace, type TraceAnalysis } from "../trace-analysis.js";
import { readOffset } from "./batch-get-traces.js";

/** The one group the local endpoint knows: X-Ray's built-in group of all traces. */
const DEFAULT_GROUP = "Default";

/** Most trace ids GetTraceGraph accepts (API reference: "Minimum 1, Maximum 5 items"). */
const MAX_TRACE_GRAPH_IDS = 5;

/**
 * Runs GetServiceGraph: every trace that overlaps the window contributes.
 *
 * @param context - the engine state
 * @param input - the request body
 * @returns one page of services
 * @throws LocalXRayError InvalidRequestException for a bad window, a group other than
 *   `Default` (the local endpoint has no groups), or a bad token
 */
export function getServiceGraph(context: EngineContext, input: JsonObject): GetServiceGraphResultJson {
  const { start, end } = requiredTimeWindow(input);
  const groupName = optionalString(input, "GroupName", { min: 1, max: 32 });
  const groupArn = optionalString(input, "GroupARN", { min: 1, max: 400 });
  if (groupName !== undefined && groupName !== DEFAULT_GROUP) throw invalidRequest(`Group "${groupName}" not found: the local endpoint has only the ${DEFAULT_GROUP} group`);
  if (groupArn !== undefined && !groupArn.endsWith(`/${DEFAULT_GROUP}`)) throw invalidRequest(`Group ARN "${groupArn}" not found: the local endpoint has only the ${DEFAULT_GROUP} group`);

  const analyses: TraceAnalysis[] = [];
  for (const record of context.store.traces()) {
    const analysis = analyzeTrace(record);
    if (analysis.start <= end && analysis.start + analysis.duration >= start) analyses.push(analysis);
  }
  const page = paginate(context, "GetServiceGraph", { start, end }, input, buildServiceGraph(analyses));
  return { StartTime: start, EndTime: end, Services: page.items, ContainsOldGroupVersions: false, ...page.next };
}

/**
 * Runs GetTraceGraph: ids with nothing stored are left out.
 *
 * @param context - the engine state
 * @param input - the request body
 * @returns one page of services
 */
export function getTraceGraph(context: EngineContext, input: JsonObject): GetTraceGraphResultJson {
  const ids = requiredTraceIds(input, "TraceIds", MAX_TRACE_GRAPH_IDS);
  if (ids.length === 0) throw invalidRequest("TraceIds must name at least one trace");
  const analyses: TraceAnalysis[] = [];
  for (const id of ids) {
    const record = context.store.get(id);
    if (record) analyses.push(analyzeTrace(record));
  }
  const page = paginate(context, "GetTraceGraph", ids, input, buildServiceGraph(analyses));
  return { Services: page.items, ...page.next };
}

function paginate(
  context: EngineContext,
  operation: string,
  query: unknown,
  input: JsonObject,
  services: ServiceJson[],
): { items: ServiceJson[]; next: { NextToken?: string } } {
  const token = optionalString(input, "NextToken");
  const from = token === undefined ? 0 : readOffset(decodeToken(token, operation, query), services.length);
  const to = from + context.pageSizes.services;
  return { items: services.slice(from, to), next: to < services.length ? { NextToken: encodeToken(operation, query, to) } : {} };
}
