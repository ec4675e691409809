/**
 * OpenTelemetry in a browser page, exported to X-Ray in-process with `typed-xray/otel`: a
 * `WebTracerProvider` whose spans `XRaySpanExporter` turns into segment documents and sends with
 * PutTraceSegments, signed with temporary credentials from the page's own `/credentials`
 * token-vending endpoint (a page never holds long-term keys). It then reads the traces back
 * with GetTraceSummaries.
 *
 * In an application, import from the package (`typed-xray`, `typed-xray/otel`); here the imports
 * name the repository's sources so that `npm run typecheck` checks the page, and
 * test/otel/browser.test.ts bundles it against the built package's `browser` exports and runs it
 * in headless Chromium.
 */
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { BatchSpanProcessor, WebTracerProvider, type SpanExporter } from "@opentelemetry/sdk-trace-web";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { GetTraceSummariesCommand, XRayClient } from "../../src/index.js";
import { XRaySpanExporter } from "../../src/otel/index.js";

/** What the page did, for test/otel/browser.test.ts. */
export interface OtelPageReport {
  readonly status: "done" | "failed";
  readonly failure?: string;
  /** The X-Ray trace IDs of the spans the page made. */
  readonly traceIds: string[];
  /** How the exporter's batches ended: 0 success, 1 failed. */
  readonly exportCodes: number[];
  /** Trace IDs GetTraceSummaries returned afterwards. */
  readonly summarized: string[];
  /** Whether a summary had a fault (the failed payment). */
  readonly fault: boolean;
}

declare global {
  interface Window {
    otelReport?: OtelPageReport;
  }
}

const params = new URLSearchParams(location.search);
const region = params.get("region") ?? "us-east-1";
const endpoint = params.get("endpoint") ?? undefined;
const log = (line: string): void => void (document.getElementById("log")!.textContent += `${line}\n`);

const client = new XRayClient({
  region,
  ...(endpoint ? { endpoint } : {}),
  // Temporary credentials from the page's server, fetched when needed and cached by the client.
  credentials: async () => {
    const answer = (await (await fetch("/credentials")).json()) as { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: string };
    return { ...answer, expiration: new Date(answer.expiration) };
  },
});

const exportCodes: number[] = [];
const exporter = new XRaySpanExporter({ client, indexedAttributes: ["shop.cart"] });
// The exporter, with each batch's outcome recorded as OpenTelemetry's processor sees it.
const recording: SpanExporter = {
  export: (spans, done) =>
    exporter.export(spans, (result) => {
      exportCodes.push(result.code);
      done(result);
    }),
  forceFlush: () => exporter.forceFlush(),
  shutdown: () => exporter.shutdown(),
};
const provider = new WebTracerProvider({
  resource: resourceFromAttributes({ "service.name": "shop-web", "telemetry.sdk.language": "webjs" }),
  spanProcessors: [new BatchSpanProcessor(recording, { scheduledDelayMillis: 100 })],
});
const tracer = provider.getTracer("shop-web");

async function run(): Promise<OtelPageReport> {
  const traceIds: string[] = [];
  const startedAt = new Date(Date.now() - 60_000);
  // A checkout: a root span with a downstream call, and a payment that fails.
  await tracer.startActiveSpan("checkout", { kind: SpanKind.SERVER, attributes: { "shop.cart": "c-42", "http.method": "POST", "url.full": `${location.origin}/checkout` } }, async (span) => {
    traceIds.push(span.spanContext().traceId);
    await tracer.startActiveSpan("GET catalogue", { kind: SpanKind.CLIENT, attributes: { "http.request.method": "GET", "url.full": `${location.origin}/credentials`, "peer.service": "catalogue" } }, async (child) => {
      const answer = await fetch("/credentials", { method: "HEAD" });
      child.setAttribute("http.response.status_code", answer.status);
      child.end();
    });
    span.setAttribute("http.response.status_code", 200);
    span.end();
  });
  tracer.startActiveSpan("pay", { kind: SpanKind.SERVER, attributes: { "http.method": "POST", "url.full": `${location.origin}/pay` } }, (span) => {
    traceIds.push(span.spanContext().traceId);
    span.recordException(new RangeError("card declined"));
    span.setStatus({ code: SpanStatusCode.ERROR, message: "card declined" });
    span.setAttribute("http.response.status_code", 502);
    span.end();
  });
  await provider.forceFlush();
  const xrayIds = traceIds.map((id) => `1-${id.slice(0, 8)}-${id.slice(8)}`);
  const { TraceSummaries = [] } = await client.send(new GetTraceSummariesCommand({ StartTime: startedAt, EndTime: new Date(Date.now() + 60_000) }));
  const summarized = TraceSummaries.map((summary) => summary.Id ?? "").filter((id) => xrayIds.includes(id));
  for (const summary of TraceSummaries) log(`${summary.Id} ${summary.HasFault ? "fault" : "ok"} ${summary.Http?.HttpURL ?? ""}`);
  return { status: "done", traceIds: xrayIds, exportCodes, summarized, fault: TraceSummaries.some((summary) => summary.HasFault) };
}

run().then(
  (report) => {
    document.body.dataset["status"] = report.status;
    window.otelReport = report;
  },
  (error: unknown) => {
    document.body.dataset["status"] = "failed";
    window.otelReport = { status: "failed", failure: String(error), traceIds: [], exportCodes, summarized: [], fault: false };
  },
);
