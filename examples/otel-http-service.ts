/**
 * OpenTelemetry to X-Ray in-process: `npx tsx examples/otel-http-service.ts`.
 *
 * Two `node:http` services in one process, instrumented by OpenTelemetry's own http and undici
 * (fetch) instrumentations, not by hand: `checkout-api` calls `pricing-api` with `fetch`. The
 * AWS X-Ray propagator passes the trace in `X-Amzn-Trace-Id`, the X-Ray ID generator makes trace
 * IDs that start with the time, and `XRaySpanExporter` turns every finished span into a segment
 * document and sends it with PutTraceSegments: here to the embedded local X-Ray endpoint (no AWS
 * account needed), in production to X-Ray with `new XRayClient({ region })`.
 *
 * Each service names itself with `aws.local.service` on its server spans (one process, one
 * OpenTelemetry resource); in a real deployment each process sets `service.name` instead.
 */
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { trace } from "@opentelemetry/api";
import { AWSXRayIdGenerator } from "@opentelemetry/id-generator-aws-xray";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { AWSXRayPropagator } from "@opentelemetry/propagator-aws-xray";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { GetServiceGraphCommand, GetTraceSummariesCommand, XRayClient } from "../src/index.js";
import { startLocalXRay } from "../src/local/index.js";
import { XRaySpanExporter } from "../src/otel/index.js";

// X-Ray: the embedded local endpoint here. Its own port is left out of tracing below: the
// exporter's requests to it must not become spans themselves.
const xray = await startLocalXRay();
const xrayPort = Number(new URL(xray.endpoint).port);
const client = new XRayClient({ endpoint: xray.endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });

const exporter = new XRaySpanExporter({ client, indexedAttributes: ["shop.sku"] });
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ "service.name": "shop", "telemetry.sdk.language": "nodejs" }),
  idGenerator: new AWSXRayIdGenerator(),
  spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 200 })],
});
provider.register({ propagator: new AWSXRayPropagator() });

let pricingPort = 0;
let checkoutPort = 0;
registerInstrumentations({
  tracerProvider: provider,
  instrumentations: [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (req) => req.socket.localPort === xrayPort,
      ignoreOutgoingRequestHook: (options) => Number(options.port) === xrayPort,
      // Which of the two services answered: the server span's X-Ray name.
      startIncomingSpanHook: (req) => ({ "aws.local.service": req.socket.localPort === pricingPort ? "pricing-api" : "checkout-api" }),
    }),
    new UndiciInstrumentation({
      // This script's own requests to checkout-api stand for the outside world: not traced.
      ignoreRequestHook: (request) => new URL(request.origin).port === String(checkoutPort),
      // The downstream service's X-Ray name, for the client span that calls it.
      startSpanHook: (request) => (new URL(request.origin).port === String(pricingPort) ? { "peer.service": "pricing-api" } : {}),
    }),
  ],
});

// node:http is loaded after the instrumentation is registered, so that it is the patched module.
const http = createRequire(import.meta.url)("node:http") as typeof import("node:http");
const tracer = trace.getTracer("shop");
const PRICES: Record<string, number> = { "TEA-01": 4.5, "MUG-02": 9 };

const pricing = http.createServer((req, res) => {
  const sku = new URL(req.url ?? "/", "http://pricing").searchParams.get("sku") ?? "";
  const price = PRICES[sku];
  res.writeHead(price === undefined ? 404 : 200, { "content-type": "application/json" }).end(JSON.stringify(price === undefined ? { message: `no price for ${sku}` } : { sku, price }));
});

const checkout = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://checkout");
  if (url.pathname === "/crash") {
    // A fault: the active server span records the exception and the 500.
    trace.getActiveSpan()?.recordException(new TypeError("could not load the cart"));
    res.writeHead(500).end();
    return;
  }
  const sku = url.searchParams.get("sku") ?? "";
  trace.getActiveSpan()?.setAttribute("shop.sku", sku);
  const quote = await tracer.startActiveSpan("price lookup", async (span) => {
    const answer = await fetch(`http://127.0.0.1:${pricingPort}/price?sku=${encodeURIComponent(sku)}`);
    span.end();
    return { status: answer.status, body: await answer.text() };
  });
  res.writeHead(quote.status, { "content-type": "application/json" }).end(quote.body);
});

const listen = (server: import("node:http").Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
pricingPort = await listen(pricing);
checkoutPort = await listen(checkout);

try {
  const startedAt = new Date();
  for (const path of ["/checkout?sku=TEA-01", "/checkout?sku=MUG-02", "/crash", "/checkout?sku=NOPE-00"]) {
    const response = await fetch(`http://127.0.0.1:${checkoutPort}${path}`);
    await response.text();
    console.log(`GET ${path.padEnd(22)} → ${response.status}`);
  }
  // Everything the batch processor holds goes out, and the exporter's sender is closed.
  await provider.shutdown();

  const window = { StartTime: new Date(startedAt.getTime() - 60_000), EndTime: new Date() };
  const { TraceSummaries = [] } = await client.send(new GetTraceSummariesCommand(window));
  console.log(`\nGetTraceSummaries: ${TraceSummaries.length} traces`);
  for (const summary of TraceSummaries) {
    const flags = [summary.HasFault && "fault", summary.HasError && "error"].filter(Boolean).join(" ") || "ok";
    console.log(`  ${summary.Id}  ${flags.padEnd(5)}  ${(summary.Http?.HttpURL ?? "").padEnd(48)}  ${summary.Http?.HttpStatus ?? ""}`);
  }
  const { Services = [] } = await client.send(new GetServiceGraphCommand(window));
  console.log(`\nGetServiceGraph: ${Services.length} services`);
  const names = new Map(Services.map((service) => [service.ReferenceId, service.Name]));
  for (const service of Services) {
    const edges = (service.Edges ?? []).map((edge) => names.get(edge.ReferenceId)).join(", ");
    const faults = service.SummaryStatistics?.FaultStatistics?.TotalCount ?? 0;
    console.log(`  ${service.Name} (${service.Type ?? "?"})  requests ${service.SummaryStatistics?.TotalCount ?? 0}, faults ${faults}${edges ? `  → ${edges}` : ""}`);
  }
} finally {
  for (const server of [checkout, pricing]) {
    server.closeAllConnections();
    server.close();
  }
  client.destroy();
  await xray.close();
}
