/**
 * The operations the load script sends: all six, weighted towards the cheap ones (PutTraceSegments
 * with one small document, GetTraceGraph on a known trace), over a bounded set of segment ids so
 * the endpoint's store stops growing after the first round and a heap figure measures the
 * client and server machinery, not the data they were asked to keep.
 */
import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceGraphCommand,
  GetTraceSummariesCommand,
  PutTelemetryRecordsCommand,
  PutTraceSegmentsCommand,
  type XRayClient,
} from "../../src/index.js";

/** Start of the load's traces, epoch seconds (fixed, so every run stores the same data). */
const T0 = 1_700_000_000;
/** Distinct segment ids PutTraceSegments cycles through: later puts replace earlier ones. */
const SEGMENT_SLOTS = 64;

const traceId = (n: number): string => `1-${T0.toString(16)}-${n.toString(16).padStart(24, "0")}`;
const segmentId = (n: number): string => n.toString(16).padStart(16, "0");

/** The trace GetTraceGraph and BatchGetTraces ask for; {@link seedDocuments} stores it. */
export const KNOWN_TRACE = traceId(0xfeed);

/** A window around every document of the load. */
const WINDOW = { StartTime: new Date((T0 - 60) * 1000), EndTime: new Date((T0 + 120) * 1000) };

/**
 * The known trace: a frontend calling a database, so the graphs have an edge.
 *
 * @returns its segment documents
 */
export function seedDocuments(): string[] {
  return [
    JSON.stringify({
      name: "frontend",
      id: segmentId(0xfeed),
      trace_id: KNOWN_TRACE,
      start_time: T0,
      end_time: T0 + 0.2,
      http: { request: { method: "GET", url: "https://shop.example/" }, response: { status: 200 } },
      subsegments: [{ name: "orders-db", id: segmentId(0xfeee), start_time: T0 + 0.05, end_time: T0 + 0.1, namespace: "remote" }],
    }),
  ];
}

/** One small segment document for slot `i % SEGMENT_SLOTS`. */
function smallDocument(i: number): string {
  const slot = i % SEGMENT_SLOTS;
  return JSON.stringify({
    name: "load",
    id: segmentId(slot + 1),
    trace_id: traceId(slot + 1),
    start_time: T0 + slot,
    end_time: T0 + slot + 0.01,
    annotations: { call: i % 1000 },
  });
}

/**
 * Sends the `i`-th call of the mix. Out of every 12 calls: 5 PutTraceSegments, 3 GetTraceGraph,
 * 1 each of BatchGetTraces, GetTraceSummaries, GetServiceGraph and PutTelemetryRecords.
 *
 * @param client - the client under load
 * @param i - the call's index
 * @param abortSignal - the signal every call shares (to catch listeners left behind)
 * @returns the call's promise
 */
export function sendMixed(client: XRayClient, i: number, abortSignal: AbortSignal): Promise<unknown> {
  const options = { abortSignal };
  switch (i % 12) {
    case 0:
    case 2:
    case 4:
    case 6:
    case 8:
      return client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [smallDocument(i)] }), options);
    case 1:
    case 5:
    case 9:
      return client.send(new GetTraceGraphCommand({ TraceIds: [KNOWN_TRACE] }), options);
    case 3:
      return client.send(new BatchGetTracesCommand({ TraceIds: [KNOWN_TRACE] }), options);
    case 7:
      return client.send(new GetTraceSummariesCommand({ ...WINDOW, FilterExpression: "responsetime < 5" }), options);
    case 10:
      return client.send(new GetServiceGraphCommand(WINDOW), options);
    default:
      return client.send(
        new PutTelemetryRecordsCommand({ TelemetryRecords: [{ Timestamp: new Date(T0 * 1000), SegmentsReceivedCount: 1, SegmentsSentCount: 1 }] }),
        options,
      );
  }
}
