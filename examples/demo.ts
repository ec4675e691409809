/**
 * The quick-start demo: every operation of the client, end to end, against an in-memory X-Ray
 * stand-in (msw), so it needs no AWS account. Run it with `npm run demo`.
 */
import { randomBytes } from "node:crypto";
import { setupServer } from "msw/node";
import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceGraphCommand,
  GetTraceSummariesCommand,
  InvalidRequestException,
  PutTelemetryRecordsCommand,
  PutTraceSegmentsCommand,
  XRayClient,
  paginateGetTraceSummaries,
} from "../src/index.js";
import { fakeXRay } from "./support/fake-xray.js";

const region = "us-east-1";
const server = setupServer(...fakeXRay(region));
server.listen({ onUnhandledRequest: "error" });

const client = new XRayClient({ region, credentials: { accessKeyId: "AKIDDEMO", secretAccessKey: "demo-secret" } });

// Segment documents as X-Ray expects them (the tracing helper that builds these is coming next).
const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const now = Date.now() / 1000;
const documents = [
  { name: "checkout", path: "/cart/checkout", status: 200, took: 0.182, calls: ["payments", "inventory"] },
  { name: "checkout", path: "/cart/checkout", status: 502, took: 1.374, calls: ["payments"] },
  { name: "catalog", path: "/products", status: 200, took: 0.043, calls: [] },
  { name: "catalog", path: "/products/42", status: 404, took: 0.012, calls: [] },
].map((r, i) => {
  const start = now - 60 + i * 5;
  return JSON.stringify({
    name: r.name,
    id: hex(8),
    trace_id: `1-${Math.floor(start).toString(16)}-${hex(12)}`,
    start_time: start,
    end_time: start + r.took,
    http: { request: { method: "GET", url: `https://shop.example${r.path}` }, response: { status: r.status } },
    fault: r.status >= 500,
    error: r.status >= 400 && r.status < 500,
    subsegments: r.calls.map((name) => ({ id: hex(8), name, namespace: "remote", start_time: start, end_time: start + r.took / 2 })),
  });
});

const put = await client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [...documents, "{not json"] }));
console.log(`PutTraceSegments: ${documents.length} accepted, ${put.UnprocessedTraceSegments?.length} rejected (${put.UnprocessedTraceSegments?.[0]?.ErrorCode})`);

const window = { StartTime: new Date(Date.now() - 3_600_000), EndTime: new Date() };
const summaries = [];
for await (const page of paginateGetTraceSummaries({ client }, window)) summaries.push(...(page.TraceSummaries ?? []));
console.log("\nGetTraceSummaries (newest first):");
console.table(
  summaries.map((s) => ({
    trace: s.Id,
    started: s.StartTime?.toISOString().slice(11, 23),
    "duration (s)": s.Duration?.toFixed(3),
    status: s.Http?.HttpStatus,
    url: s.Http?.HttpURL,
    fault: s.HasFault,
  })),
);

const traces = await client.send(new BatchGetTracesCommand({ TraceIds: summaries.slice(0, 2).map((s) => s.Id!) }));
console.log(`BatchGetTraces: ${traces.Traces?.length} traces, ${traces.Traces?.reduce((n, t) => n + (t.Segments?.length ?? 0), 0)} segments, request ${traces.$metadata.requestId}`);

const graph = await client.send(new GetServiceGraphCommand(window));
console.log("\nGetServiceGraph:");
for (const service of graph.Services ?? []) {
  const calls = (service.Edges ?? []).map((e) => graph.Services?.find((s) => s.ReferenceId === e.ReferenceId)?.Name);
  console.log(`  ${service.Name} (${service.Type})${calls.length ? ` → ${calls.join(", ")}` : ""}`);
}

const traceGraph = await client.send(new GetTraceGraphCommand({ TraceIds: [summaries[0]!.Id!] }));
console.log(`GetTraceGraph: ${traceGraph.Services?.map((s) => s.Name).join(", ")}`);

await client.send(new PutTelemetryRecordsCommand({ TelemetryRecords: [{ Timestamp: new Date(), SegmentsSentCount: documents.length, SegmentsRejectedCount: 1 }] }));
console.log("PutTelemetryRecords: sent");

try {
  await client.send(new GetTraceSummariesCommand({ StartTime: new Date(), EndTime: new Date(Date.now() - 60_000) }));
} catch (error) {
  if (!(error instanceof InvalidRequestException)) throw error;
  console.log(`\nTyped error: ${error.name} (HTTP ${error.$metadata.httpStatusCode}): ${error.message}`);
}

client.destroy();
server.close();
