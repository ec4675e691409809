/**
 * A small in-memory stand-in for the X-Ray API, as msw handlers, so the demo runs without an AWS
 * account. It stores the segments it is sent and answers queries from them; it is not the local
 * endpoint the product will ship (that one validates fully and parses filter expressions).
 */
import { http, HttpResponse } from "msw";

interface StoredSegment {
  id: string;
  trace_id: string;
  name: string;
  start_time: number;
  end_time?: number;
  http?: { request?: { method?: string; url?: string }; response?: { status?: number } };
  fault?: boolean;
  error?: boolean;
  throttle?: boolean;
  subsegments?: { name: string; namespace?: string }[];
}

const error = (status: number, type: string, message: string) =>
  HttpResponse.json({ message }, { status, headers: { "x-amzn-errortype": type, "x-amzn-requestid": crypto.randomUUID() } });
const ok = (body: Record<string, unknown>) => HttpResponse.json(body, { headers: { "x-amzn-requestid": crypto.randomUUID() } });

/**
 * Creates handlers for one region's endpoint, sharing one in-memory store.
 *
 * @param region - the region whose endpoint is answered
 * @returns msw request handlers
 */
export function fakeXRay(region: string) {
  const base = `https://xray.${region}.amazonaws.com`;
  const segments = new Map<string, StoredSegment>();
  const byTrace = () => {
    const traces = new Map<string, StoredSegment[]>();
    for (const s of segments.values()) traces.set(s.trace_id, [...(traces.get(s.trace_id) ?? []), s]);
    return traces;
  };
  const services = (list: StoredSegment[]) => {
    const names = [...new Set(list.flatMap((s) => [s.name, ...(s.subsegments ?? []).filter((x) => x.namespace === "remote").map((x) => x.name)]))];
    return names.map((name, i) => ({
      ReferenceId: i,
      Name: name,
      Type: list.some((s) => s.name === name) ? "AWS::EC2::Instance" : "remote",
      Edges: list
        .filter((s) => s.name === name)
        .flatMap((s) => (s.subsegments ?? []).filter((x) => x.namespace === "remote"))
        .map((x) => names.indexOf(x.name))
        .filter((ref, i, all) => all.indexOf(ref) === i)
        .map((ReferenceId) => ({ ReferenceId })),
      SummaryStatistics: { TotalCount: list.filter((s) => s.name === name).length },
    }));
  };

  return [
    http.post(`${base}/TraceSegments`, async ({ request }) => {
      const { TraceSegmentDocuments = [] } = (await request.json()) as { TraceSegmentDocuments?: string[] };
      const unprocessed = [];
      for (const text of TraceSegmentDocuments) {
        try {
          const doc = JSON.parse(text) as StoredSegment;
          if (!doc.id || !doc.trace_id || !doc.name || typeof doc.start_time !== "number") throw new Error("missing required field");
          segments.set(doc.id, doc);
        } catch (e) {
          unprocessed.push({ Id: /"id"\s*:\s*"(\w+)"/.exec(text)?.[1], ErrorCode: "InvalidSegment", Message: (e as Error).message });
        }
      }
      return ok({ UnprocessedTraceSegments: unprocessed });
    }),
    http.post(`${base}/TraceSummaries`, async ({ request }) => {
      const { StartTime, EndTime } = (await request.json()) as { StartTime: number; EndTime: number };
      if (EndTime < StartTime) return error(400, "InvalidRequestException", "EndTime must not be before StartTime");
      const summaries = [...byTrace()].map(([id, list]) => {
        const root = list.reduce((a, b) => (a.start_time <= b.start_time ? a : b));
        const end = Math.max(...list.map((s) => s.end_time ?? s.start_time));
        return {
          Id: id,
          StartTime: root.start_time,
          Duration: end - root.start_time,
          ResponseTime: (root.end_time ?? root.start_time) - root.start_time,
          HasFault: list.some((s) => s.fault),
          HasError: list.some((s) => s.error),
          HasThrottle: list.some((s) => s.throttle),
          Http: { HttpMethod: root.http?.request?.method, HttpURL: root.http?.request?.url, HttpStatus: root.http?.response?.status },
          ServiceIds: [...new Set(list.map((s) => s.name))].map((Name) => ({ Name })),
          Revision: 1,
        };
      });
      const inWindow = summaries.filter((s) => s.StartTime >= StartTime && s.StartTime <= EndTime).sort((a, b) => b.StartTime - a.StartTime);
      return ok({ TraceSummaries: inWindow, ApproximateTime: EndTime, TracesProcessedCount: inWindow.length });
    }),
    http.post(`${base}/Traces`, async ({ request }) => {
      const { TraceIds } = (await request.json()) as { TraceIds: string[] };
      const traces = byTrace();
      return ok({
        Traces: TraceIds.filter((id) => traces.has(id)).map((id) => ({
          Id: id,
          Segments: traces.get(id)!.map((s) => ({ Id: s.id, Document: JSON.stringify(s) })),
        })),
        UnprocessedTraceIds: TraceIds.filter((id) => !traces.has(id)),
      });
    }),
    http.post(`${base}/ServiceGraph`, async ({ request }) => {
      const { StartTime, EndTime } = (await request.json()) as { StartTime: number; EndTime: number };
      const list = [...segments.values()].filter((s) => s.start_time >= StartTime && s.start_time <= EndTime);
      return ok({ StartTime, EndTime, Services: services(list), ContainsOldGroupVersions: false });
    }),
    http.post(`${base}/TraceGraph`, async ({ request }) => {
      const { TraceIds } = (await request.json()) as { TraceIds: string[] };
      return ok({ Services: services([...segments.values()].filter((s) => TraceIds.includes(s.trace_id))) });
    }),
    http.post(`${base}/TelemetryRecords`, () => ok({})),
  ];
}
