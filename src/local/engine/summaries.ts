/**
 * `TraceSummary` (GetTraceSummaries) from a trace's analysis: every member of the model's shape,
 * typed by the generated wire types (`src/generated/wire.ts`, `src/generated/models.ts`).
 *
 * @packageDocumentation
 */
import type { AnnotationValue, ServiceId } from "../../generated/models.js";
import type { TraceSummaryJson } from "../../generated/wire.js";
import { roundSeconds } from "./histogram.js";
import { responseTimeRootCauses, statusRootCauses } from "./root-causes.js";
import type { AnnotationScalar } from "./validated-document.js";
import type { ServiceIdentity, TraceAnalysis } from "./trace-analysis.js";

/**
 * A service as a `ServiceId`.
 *
 * @param service - the service
 * @returns its `ServiceId`
 */
export function serviceIdJson(service: ServiceIdentity): ServiceId {
  return {
    Name: service.name,
    Names: [service.name],
    ...(service.accountId !== undefined ? { AccountId: service.accountId } : {}),
    ...(service.type !== undefined ? { Type: service.type } : {}),
  };
}

/**
 * Summarises one trace.
 *
 * - `HasFault`/`HasError`/`HasThrottle`: a segment (the work of a service) has the status, from
 *   its `fault`/`error`/`throttle` flag or its HTTP status (5xx, 4xx, 429).
 * - `Duration`: earliest start to latest completed end; `ResponseTime`: the root segment's own
 *   duration, when it is complete; `IsPartial`: something is in progress or missing.
 * - `Http`, `EntryPoint`: from the root segment. `Revision`: how many changes the trace took.
 *
 * @param analysis - the trace
 * @param matchedEventTime - for `TimeRangeType: Event`, the update time that matched (epoch seconds)
 * @returns the summary
 */
export function buildTraceSummary(analysis: TraceAnalysis, matchedEventTime?: number): TraceSummaryJson {
  const ids = (keys: Iterable<string>): ServiceId[] => {
    const out: ServiceId[] = [];
    for (const key of keys) {
      const service = analysis.services.get(key);
      if (service) out.push(serviceIdJson(service));
    }
    return out;
  };
  const http = analysis.http;
  const entry = analysis.entryPoint === undefined ? undefined : analysis.services.get(analysis.entryPoint);
  return {
    Id: analysis.id,
    StartTime: analysis.start,
    Duration: roundSeconds(analysis.duration),
    ...(analysis.responseTime !== undefined ? { ResponseTime: roundSeconds(analysis.responseTime) } : {}),
    HasFault: analysis.flags.fault,
    HasError: analysis.flags.error,
    HasThrottle: analysis.flags.throttle,
    IsPartial: analysis.partial,
    ...(http
      ? {
          Http: {
            ...(http.url !== undefined ? { HttpURL: http.url } : {}),
            ...(http.status !== undefined ? { HttpStatus: http.status } : {}),
            ...(http.method !== undefined ? { HttpMethod: http.method } : {}),
            ...(http.userAgent !== undefined ? { UserAgent: http.userAgent } : {}),
            ...(http.clientIp !== undefined ? { ClientIp: http.clientIp } : {}),
          },
        }
      : {}),
    Annotations: Object.fromEntries(
      [...analysis.annotations].map(([key, values]) => [
        key,
        [...values.values()].map((use) => ({ AnnotationValue: annotationValue(use.value), ServiceIds: ids(use.services) })),
      ]),
    ),
    Users: [...analysis.users].map(([UserName, services]) => ({ UserName, ServiceIds: ids(services) })),
    ServiceIds: ids(analysis.services.keys()),
    ResourceARNs: analysis.resourceArns.map((ARN) => ({ ARN })),
    InstanceIds: analysis.instanceIds.map((Id) => ({ Id })),
    AvailabilityZones: analysis.availabilityZones.map((Name) => ({ Name })),
    ...(entry ? { EntryPoint: serviceIdJson(entry) } : {}),
    FaultRootCauses: statusRootCauses(analysis, "fault") ?? [],
    ErrorRootCauses: statusRootCauses(analysis, "error") ?? [],
    ResponseTimeRootCauses: responseTimeRootCauses(analysis) ?? [],
    Revision: analysis.revision,
    ...(matchedEventTime !== undefined ? { MatchedEventTime: matchedEventTime } : {}),
  };
}

function annotationValue(value: AnnotationScalar): AnnotationValue {
  if (typeof value === "number") return { NumberValue: value };
  if (typeof value === "boolean") return { BooleanValue: value };
  return { StringValue: value };
}
