/**
 * The quick-start demo (`npm run demo`): starts the embedded local X-Ray endpoint, traces a few
 * requests through a small shop (two services and a database call) with the tracing helper,
 * sends the segments with PutTraceSegments, and calls the other five operations, printing what a
 * user wants to see: the trace summaries as a table, one trace as a timeline, and the service
 * graph as a picture (also written as Mermaid), and lets a sampler poll the endpoint's sampling
 * rules to decide which requests to trace. No AWS account, no network.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceGraphCommand,
  GetTraceSummariesCommand,
  InvalidRequestException,
  XRayClient,
  paginateGetTraceSummaries,
  renderServiceGraph,
  renderTimeline,
  renderTraceSummaries,
  type TraceSummary,
} from "../src/index.js";
import { startLocalXRay } from "../src/local/index.js";
import { SegmentSender, XRaySampler, beginRequestSegment } from "../src/tracing/index.js";
import { SHOP_REQUESTS, traceRequest } from "../src/cli/shop-scenario.js";

const heading = (title: string): void => console.log(`\n== ${title} ${"=".repeat(Math.max(0, 72 - title.length))}`);

// One sampling rule besides X-Ray's Default (1 a second, then 5%): health checks are never traced.
const healthChecks = { RuleName: "health-checks", Priority: 1, URLPath: "/health", FixedRate: 0, ReservoirSize: 0, ResourceARN: "*", ServiceName: "*", ServiceType: "*", Host: "*", HTTPMethod: "*", Version: 1 };
const xray = await startLocalXRay({ samplingRules: [healthChecks] });
const client = new XRayClient({
  endpoint: xray.endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDLOCALDEMO", secretAccessKey: "local-demo-secret" },
});
console.log(`Local X-Ray endpoint: ${xray.endpoint}`);

try {
  // 1. Trace the requests (one a minute ago, then every 5 s) and send the segments.
  const firstMs = Date.now() - 60_000;
  const sender = new SegmentSender({ client, flushIntervalMs: 0 });
  for (const [i, request] of SHOP_REQUESTS.entries()) {
    for (const segment of traceRequest(request, firstMs + i * 5_000)) sender.send(segment);
  }
  await sender.close();
  const stats = sender.stats();
  heading("PutTraceSegments");
  console.log(`${stats.received} segment documents received by the sender, ${stats.sent} accepted by X-Ray, ${stats.rejected} rejected, ${stats.dropped.total} dropped`);

  // 2. Summaries of the last five minutes, newest first.
  const window = { StartTime: new Date(Date.now() - 300_000), EndTime: new Date() };
  const summaries: TraceSummary[] = [];
  for await (const page of paginateGetTraceSummaries({ client }, window)) summaries.push(...(page.TraceSummaries ?? []));
  heading(`GetTraceSummaries: ${summaries.length} traces`);
  console.log(renderTraceSummaries(summaries, { width: process.stdout.columns ?? Infinity }));

  const filter = 'service("checkout-api") { fault OR throttle }';
  const failing = await client.send(new GetTraceSummariesCommand({ ...window, FilterExpression: filter }));
  console.log(`\nFilter ${filter}: ${failing.TraceSummaries?.length ?? 0} traces`);
  try {
    await client.send(new GetTraceSummariesCommand({ ...window, FilterExpression: 'service("checkout-api") AND' }));
  } catch (error) {
    if (!(error instanceof InvalidRequestException)) throw error;
    console.log(`A malformed filter is a typed error: ${error.name} (HTTP ${error.$metadata.httpStatusCode})\n${error.message}`);
  }

  // 3. The slowest trace, whole, as a timeline.
  const slowest = [...summaries].sort((a, b) => (b.Duration ?? 0) - (a.Duration ?? 0))[0]!;
  const traces = await client.send(new BatchGetTracesCommand({ TraceIds: [slowest.Id!] }));
  heading("BatchGetTraces: the slowest trace");
  console.log(renderTimeline(traces.Traces![0]!, { width: process.stdout.columns ?? Infinity }));

  // 4. The service graph of the window, as text and as Mermaid.
  const graph = await client.send(new GetServiceGraphCommand(window));
  heading("GetServiceGraph");
  console.log(renderServiceGraph(graph.Services ?? [], { width: process.stdout.columns ?? Infinity }));
  const outDir = process.env["DEMO_OUT_DIR"] ?? join(tmpdir(), "typed-xray-demo");
  mkdirSync(outDir, { recursive: true });
  const mermaidFile = join(outDir, "service-graph.mmd");
  writeFileSync(mermaidFile, renderServiceGraph(graph.Services ?? [], { format: "mermaid" }));
  console.log(`(Mermaid version written to ${mermaidFile})`);

  // 5. The graph of the failing traces only.
  const traceGraph = await client.send(new GetTraceGraphCommand({ TraceIds: (failing.TraceSummaries ?? []).map((s) => s.Id!) }));
  heading("GetTraceGraph: the failing traces");
  console.log(renderServiceGraph(traceGraph.Services ?? [], { width: process.stdout.columns ?? Infinity }));

  // 6. The sender's own health, as the X-Ray daemon reports it.
  const telemetry = await sender.sendTelemetry();
  heading("PutTelemetryRecords");
  console.log(`telemetry record sent: ${JSON.stringify(telemetry)}`);

  // 7. Sampling: a sampler polls the rules (GetSamplingRules) and decides per request; a segment
  // that is not sampled is never sent.
  const sampler = new XRaySampler({ client });
  await sampler.start();
  const sampledSender = new SegmentSender({ client, flushIntervalMs: 0 });
  heading("GetSamplingRules: sampling decisions");
  for (const urlPath of ["/cart", "/health"]) {
    const { segment, sampled, ruleName, responseHeader } = beginRequestSegment("web-frontend", { sampler, request: { httpMethod: "GET", urlPath } });
    segment.close();
    sampledSender.send(segment);
    console.log(`GET ${urlPath.padEnd(8)} ${sampled ? "sampled    " : "not sampled"} by rule ${ruleName}  → x-amzn-trace-id: ${responseHeader}`);
  }
  await sampledSender.close();
  const sampling = sampledSender.stats();
  console.log(`${sampling.sent} segment sent with PutTraceSegments, ${sampling.notSampled} not sampled (never sent)`);
  sampler.close();
} finally {
  client.destroy();
  await xray.close();
}
