/**
 * A browser page that traces itself and sends its segments to X-Ray, signed with temporary
 * credentials from a token-vending endpoint, then reads them back with the other five
 * operations and shows every call it made.
 *
 * What it shows:
 * - **Temporary credentials only.** A page has no ambient credentials and must never hold
 *   long-term keys: `credentials` is an async provider that fetches short-lived ones from
 *   `/credentials` on the page's own server (in production, an endpoint that calls STS
 *   AssumeRole for the signed-in user, or Amazon Cognito). The client caches them and fetches
 *   new ones 5 minutes before `expiration`.
 * - **Tracing in the browser** with `typed-xray/tracing`: a segment for the page load (from
 *   navigation start) with a subsegment for a `fetch` that passes the trace on in
 *   `X-Amzn-Trace-Id`, and a segment for a click whose handler throws (a fault with the
 *   exception and its stack), sent by a `SegmentSender` that flushes when the page is hidden.
 * - **The client in the browser**: signed with WebCrypto, over `fetch`, cross-origin (X-Ray's
 *   endpoint is another origin, so the browser sends CORS preflights), paginated and typed
 *   results, `$metadata.requestId` from the exposed `x-amzn-requestid` header, and a typed
 *   `InvalidRequestException` caught with `instanceof`.
 *
 * Query parameters: `region` (default `us-east-1`) and `endpoint` (an X-Ray endpoint such as a
 * local one, `http://127.0.0.1:2020`; default: the region's).
 *
 * In an application, import from the package: `from "typed-xray"` and `from "typed-xray/tracing"`.
 * Here the imports name the repository's sources so that `npm run typecheck` checks this page;
 * test/package/browser.test.ts bundles it with those two imports resolved as `typed-xray` and
 * `typed-xray/tracing` through the built package's `browser` exports, serves it with a
 * `/credentials` endpoint next to a local X-Ray endpoint that verifies signatures, and runs it
 * in headless Chromium: `npx vitest run test/package/browser.test.ts` (after `npm run build`).
 */
import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceGraphCommand,
  GetTraceSummariesCommand,
  InvalidRequestException,
  XRayClient,
} from "../../src/index.js";
import { Segment, SegmentSender, formatTraceHeader, newSegmentId, type SenderStats } from "../../src/tracing/index.js";

/** One X-Ray call the page made, as its client's logger saw it. */
export interface CallRecord {
  readonly operation: string;
  readonly outcome: "ok" | "error";
  readonly httpStatusCode: number | undefined;
  readonly requestId: string | undefined;
}

/** What the page did, for a person (shown on the page) and for test/package/browser.test.ts. */
export interface PageReport {
  /** `"done"`, or `"failed"` with `failure` saying why. */
  readonly status: "done" | "failed";
  readonly failure?: string;
  /** The annotation that marks this page view's traces. */
  readonly session: string;
  /** Times the credential provider fetched from the token-vending endpoint. */
  readonly credentialFetches: number;
  /** Every X-Ray call, in order: the sender's PutTraceSegments and PutTelemetryRecords included. */
  readonly calls: CallRecord[];
  /** The traces this page view sent: the page load, then the failed click. */
  readonly traceIds: string[];
  /** Segment documents the sender delivered, rejected, dropped, … */
  readonly sender?: SenderStats;
  /** What GetTraceSummaries found for this session. */
  readonly summaries: { id: string; hasFault: boolean; services: string[] }[];
  /** Segment documents BatchGetTraces returned for these traces. */
  readonly documents: number;
  /** Services of GetTraceGraph for these traces, and of GetServiceGraph for the window. */
  readonly traceGraphServices: string[];
  readonly serviceGraphServices: string[];
  readonly telemetrySent: boolean;
  /** The malformed filter's error, caught as an `InvalidRequestException`. */
  readonly typedError?: { instanceOf: boolean; name: string; httpStatusCode: number | undefined; requestId: string | undefined; message: string };
}

declare global {
  interface Window {
    /** The page's run, for scripts and tests: resolves when it is done (never rejects). */
    typedXRayReport?: Promise<PageReport>;
  }
}

const params = new URLSearchParams(location.search);
const logElement = document.getElementById("log");
const show = (line: string): void => void logElement?.append(`${line}\n`);

let credentialFetches = 0;

/**
 * The credential provider: short-lived credentials from the page's own server. The client calls
 * it once and again only near `expiration`; concurrent first calls share one fetch.
 */
async function fetchTemporaryCredentials(): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }> {
  credentialFetches++;
  const response = await fetch("/credentials", { cache: "no-store", credentials: "same-origin" });
  if (!response.ok) throw new Error(`The token-vending endpoint answered HTTP ${response.status}`);
  const body = (await response.json()) as { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: string };
  return { ...body, expiration: body.expiration === undefined ? undefined : new Date(body.expiration) };
}

const calls: CallRecord[] = [];
type LogEntry = { commandName?: string; metadata?: { httpStatusCode?: number; requestId?: string } };
/** Records each call (never its input, output or credentials): one `info` or `error` entry per call. */
const record = (outcome: CallRecord["outcome"]) => (entry: LogEntry) => {
  const call = { operation: (entry.commandName ?? "?").replace(/Command$/, ""), outcome, httpStatusCode: entry.metadata?.httpStatusCode, requestId: entry.metadata?.requestId };
  calls.push(call);
  show(`${call.operation.padEnd(20)} ${outcome.padEnd(5)} HTTP ${call.httpStatusCode ?? "-"}  request ${call.requestId ?? "-"}`);
};

const client = new XRayClient({
  region: params.get("region") ?? "us-east-1",
  endpoint: params.get("endpoint") ?? undefined,
  credentials: fetchTemporaryCredentials,
  logger: { debug() {}, info: record("ok"), warn() {}, error: record("error") },
});
// The default flush interval (1 s) sends in the background; flush when the page is hidden, the
// last moment a page can be relied on to run (unload handlers are not).
const sender = new SegmentSender({ client });
addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") void sender.flush();
});

/** Traces the page load: from navigation start to now, with the catalogue fetch as a subsegment. */
async function tracePageLoad(session: string): Promise<Segment> {
  const segment = new Segment("storefront-browser");
  segment.setStartTime(performance.timeOrigin / 1000);
  segment.setHttpRequest({ method: "GET", url: location.origin + location.pathname, user_agent: navigator.userAgent });
  segment.addAnnotation("session", session).addAnnotation("action", "page-load");
  const call = segment.addNewSubsegment("catalogue").setNamespace("remote");
  const url = new URL("catalogue.json", location.href).href;
  call.setHttpRequest({ method: "GET", url });
  // Pass the trace on, so a traced server would continue it under this subsegment.
  const response = await fetch(url, { headers: { "x-amzn-trace-id": formatTraceHeader({ root: segment.traceId, parent: call.id, sampled: true }) } });
  const products = ((await response.json()) as { products: unknown[] }).products;
  call.setHttpResponse(response.status).addMetadata("products", products.length);
  call.close();
  segment.setHttpResponse(200).close();
  return segment;
}

/** A click handler that fails, as a real one might. */
function placeOrder(): never {
  throw new TypeError("Cannot read properties of undefined (reading 'paymentMethod')");
}

/** Traces a click whose handler throws: the segment gets the fault and the exception's stack. */
function traceFailedClick(session: string): Segment {
  const segment = new Segment("storefront-browser");
  segment.addAnnotation("session", session).addAnnotation("action", "place-order");
  try {
    placeOrder();
  } catch (error) {
    segment.close(error); // fault, with the exception (type, message, stack frames) in `cause`
  }
  return segment;
}

/** Asks X-Ray for this session's traces until all are there (X-Ray takes a few seconds to index them). */
async function findTraces(session: string, expected: number, since: Date) {
  const query = { StartTime: since, FilterExpression: `annotation.session = "${session}"` };
  for (let attempt = 1; ; attempt++) {
    const { TraceSummaries = [] } = await client.send(new GetTraceSummariesCommand({ ...query, EndTime: new Date() }));
    if (TraceSummaries.length >= expected || attempt === 15) return TraceSummaries;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

async function run(): Promise<PageReport> {
  const session = newSegmentId();
  const since = new Date(Date.now() - 5 * 60_000);
  const report: { -readonly [K in keyof PageReport]: PageReport[K] } = {
    status: "done", session, credentialFetches: 0, calls, traceIds: [], summaries: [], documents: 0,
    traceGraphServices: [], serviceGraphServices: [], telemetrySent: false,
  };
  try {
    // 1. Trace, and send: PutTraceSegments.
    const segments = [await tracePageLoad(session), traceFailedClick(session)];
    report.traceIds = segments.map((segment) => segment.traceId);
    for (const segment of segments) sender.send(segment);
    await sender.flush();
    report.sender = sender.stats();
    show(`sender: ${report.sender.sent} of ${report.sender.received} segment documents sent`);

    // 2. Read them back: GetTraceSummaries, BatchGetTraces, GetTraceGraph, GetServiceGraph.
    const summaries = await findTraces(session, segments.length, since);
    report.summaries = summaries.map((s) => ({ id: s.Id ?? "", hasFault: s.HasFault === true, services: (s.ServiceIds ?? []).map((id) => id.Name ?? "") }));
    const { Traces = [] } = await client.send(new BatchGetTracesCommand({ TraceIds: report.traceIds }));
    report.documents = Traces.reduce((n, trace) => n + (trace.Segments?.length ?? 0), 0);
    const traceGraph = await client.send(new GetTraceGraphCommand({ TraceIds: report.traceIds }));
    report.traceGraphServices = (traceGraph.Services ?? []).map((s) => s.Name ?? "");
    const serviceGraph = await client.send(new GetServiceGraphCommand({ StartTime: since, EndTime: new Date() }));
    report.serviceGraphServices = (serviceGraph.Services ?? []).map((s) => s.Name ?? "");

    // 3. The sender's own health: PutTelemetryRecords.
    report.telemetrySent = (await sender.sendTelemetry()).sent;

    // 4. A typed error: a malformed filter expression is a 400 InvalidRequestException.
    try {
      await client.send(new GetTraceSummariesCommand({ StartTime: since, EndTime: new Date(), FilterExpression: "annotation.session = " }));
    } catch (error) {
      if (!(error instanceof InvalidRequestException)) throw error;
      report.typedError = { instanceOf: true, name: error.name, httpStatusCode: error.$metadata.httpStatusCode, requestId: error.$metadata.requestId, message: error.message };
      show(`typed error: ${error.name}: ${error.message}`);
    }
  } catch (error) {
    report.status = "failed";
    report.failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    show(`failed: ${report.failure}`);
  }
  report.credentialFetches = credentialFetches;
  document.body.dataset["status"] = report.status;
  return report;
}

window.typedXRayReport = run();
