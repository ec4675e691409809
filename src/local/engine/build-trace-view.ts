/**
 * The {@link TraceView} a filter expression is evaluated against, built from a trace's analysis
 * (see src/local/filter/trace-view.ts for the contract). Cached per analysis, so a filter run
 * over many pages builds each view once.
 *
 * @packageDocumentation
 */
import type { AnnotationScalar, EdgeView, ServiceView, StatusFlags, TraceView } from "../filter/trace-view.js";
import { roundSeconds } from "./histogram.js";
import { CLIENT, type Observation, type TraceAnalysis } from "./trace-analysis.js";

const views = new WeakMap<TraceAnalysis, TraceView>();

/**
 * The filter's view of a trace.
 *
 * - `services`: one entry per node (instrumented first, then inferred), its flags set when any
 *   request it served had them, `responseTime` the longest completed one.
 * - `edges`: one entry per (caller, callee) pair between services (calls from the client are
 *   left out), aggregated the same way.
 *
 * @param analysis - the trace
 * @returns the view
 */
export function buildTraceView(analysis: TraceAnalysis): TraceView {
  const cached = views.get(analysis);
  if (cached) return cached;

  const served = new Map<string, Observation[]>();
  for (const request of analysis.served) push(served, request.service, request);
  const services: ServiceView[] = [...analysis.services.values()].map((service) => ({
    name: service.name,
    ...(service.type !== undefined ? { type: service.type } : {}),
    ...aggregate(served.get(service.key) ?? []),
  }));

  const calls = new Map<string, Observation[]>();
  for (const call of analysis.calls) {
    if (call.source === CLIENT.key) continue;
    push(calls, JSON.stringify([call.source, call.destination]), call);
  }
  const edges: EdgeView[] = [...calls].map(([pair, observations]) => {
    const [source, destination] = JSON.parse(pair) as [string, string];
    return {
      source: analysis.services.get(source)?.name ?? source,
      destination: analysis.services.get(destination)?.name ?? destination,
      ...aggregate(observations),
    };
  });

  // No prototype: an annotation key such as `__proto__` must be an ordinary key here.
  const annotations: Record<string, AnnotationScalar[]> = Object.create(null);
  for (const [key, values] of analysis.annotations) annotations[key] = [...values.values()].map((use) => use.value);

  const http = analysis.http;
  const view: TraceView = {
    id: analysis.id,
    duration: roundSeconds(analysis.duration),
    ...(analysis.responseTime !== undefined ? { responseTime: roundSeconds(analysis.responseTime) } : {}),
    partial: analysis.partial,
    ...analysis.flags,
    ...(http
      ? {
          http: {
            ...(http.status !== undefined ? { status: http.status } : {}),
            ...(http.url !== undefined ? { url: http.url } : {}),
            ...(http.method !== undefined ? { method: http.method } : {}),
            ...(http.userAgent !== undefined ? { userAgent: http.userAgent } : {}),
            ...(http.clientIp !== undefined ? { clientIp: http.clientIp } : {}),
          },
        }
      : {}),
    annotations,
    users: [...analysis.users.keys()],
    services,
    edges,
  };
  views.set(analysis, view);
  return view;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Flags of any observation, and the longest completed response time. */
function aggregate(observations: readonly Observation[]): StatusFlags & { responseTime?: number } {
  let fault = false;
  let error = false;
  let throttle = false;
  let responseTime: number | undefined;
  for (const { start, end, flags } of observations) {
    fault ||= flags.fault;
    error ||= flags.error;
    throttle ||= flags.throttle;
    if (end !== undefined) responseTime = Math.max(responseTime ?? 0, end - start);
  }
  return { fault, error, throttle, ...(responseTime !== undefined ? { responseTime: roundSeconds(responseTime) } : {}) };
}
