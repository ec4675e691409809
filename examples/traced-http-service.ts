/**
 * A traced `node:http` service, end to end: `npx tsx examples/traced-http-service.ts`.
 *
 * Two plain node:http services, `checkout-api` and the `pricing-api` it calls, each trace every
 * incoming request with `typed-xray/tracing`:
 * - the `X-Amzn-Trace-Id` header is read (continue the caller's trace, or start one; `Sampled=0`
 *   means the caller decided not to trace) and written back on the response;
 * - an `XRaySampler` decides for requests whose caller did not, under sampling rules it polls
 *   from X-Ray (here: trace everything except health checks); a segment that is not sampled is
 *   never sent;
 * - a `Segment` per request is made current with `withSegment`, so code anywhere below can reach
 *   it without passing it around;
 * - the downstream call is a `captureAsync` subsegment around `fetch`, passing the trace on in
 *   the header, so `pricing-api`'s own segment joins the same trace under that subsegment;
 * - a route that throws records a fault with the exception, its `cause` chain and stack frames.
 *
 * A `SegmentSender` ships the segments with PutTraceSegments. Here they go to the embedded local
 * X-Ray endpoint, no AWS account needed; in production, use `new XRayClient({ region })` with the
 * default credentials. The script sends a few requests, then asks X-Ray what it recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BatchGetTracesCommand, GetServiceGraphCommand, XRayClient, paginateGetTraceSummaries, type TraceSummary, renderServiceGraph, renderTraceSummaries } from "../src/index.js";
import { startLocalXRay } from "../src/local/index.js";
import { captureAsync, withSegment } from "../src/tracing/context.js";
import { Segment, SegmentSender, XRaySampler, beginRequestSegment, formatTraceHeader, newSegmentId, newTraceId } from "../src/tracing/index.js";

// Sampling rules as an operator would set them in the X-Ray console: never trace health checks,
// trace everything else (X-Ray's own Default is 1 request a second plus 5%).
const samplingRules = [
  { RuleName: "health-checks", Priority: 1, URLPath: "/health", FixedRate: 0, ReservoirSize: 0, ResourceARN: "*", ServiceName: "*", ServiceType: "*", Host: "*", HTTPMethod: "*", Version: 1 },
  { RuleName: "shop", Priority: 100, URLPath: "*", FixedRate: 1, ReservoirSize: 0, ResourceARN: "*", ServiceName: "*", ServiceType: "*", Host: "*", HTTPMethod: "*", Version: 1 },
];
// X-Ray: the embedded local endpoint here; in production `new XRayClient({ region: "eu-west-1" })`.
const xray = await startLocalXRay({ samplingRules });
const client = new XRayClient({ endpoint: xray.endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
// Batches of up to 50 documents, flushed every second and on close(); send() never throws.
const sender = new SegmentSender({ client });
// Polls GetSamplingRules (every 5 minutes) and GetSamplingTargets (every 10 s); awaiting start()
// waits for the first rules, so the first requests are not decided by the fallback.
const sampler = new XRaySampler({ client });
await sampler.start();

const sendJson = (res: ServerResponse, status: number, body: unknown): void => void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

/** What a traced handler gets besides the request: its segment, and whether the request is sampled. */
interface Trace {
  readonly segment: Segment;
  /** `false` when the caller sent `Sampled=0`: pass that on, so downstream services do not trace either. */
  readonly sampled: boolean;
}
type Handler = (req: IncomingMessage, res: ServerResponse, trace: Trace) => Promise<void>;

/**
 * Wraps a request handler so that each request is traced: the segment is current while the
 * handler runs, a thrown error becomes a fault (and a 500), and the segment is sent at the end.
 */
function traced(service: string, handler: Handler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // The caller's Sampled=1/0 wins; otherwise the sampler decides. A missing or malformed header
    // just starts a new trace: parsing never throws.
    const urlPath = new URL(req.url ?? "/", "http://local").pathname;
    const { segment, sampled, responseHeader } = beginRequestSegment(service, {
      traceHeader: req.headers["x-amzn-trace-id"],
      sampler,
      request: { host: req.headers.host, httpMethod: req.method, urlPath },
    });
    segment.setOrigin("AWS::ECS::Container"); // where the service runs: the node's type in the service graph
    segment.setHttpRequest({ method: req.method, url: `http://${req.headers.host}${req.url}`, user_agent: req.headers["user-agent"] });
    res.setHeader("x-amzn-trace-id", responseHeader);
    void withSegment(segment, async () => {
      try {
        await handler(req, res, { segment, sampled });
      } catch (error) {
        segment.addError(error); // fault, with the exception, its cause chain and stack in `cause`
        if (res.headersSent) res.destroy(); // too late for a 500: cut the response short
        else sendJson(res, 500, { message: "internal error" });
      } finally {
        segment.setHttpResponse(res.statusCode).close();
        sender.send(segment); // not sampled: counted as notSampled, never sent
      }
    });
  };
}

// pricing-api: the downstream service. Its segment continues the trace checkout-api passes on.
const PRICES: Record<string, number> = { "TEA-01": 4.5, "MUG-02": 9 };
const pricing = createServer(
  traced("pricing-api", async (req, res) => {
    const sku = new URL(req.url ?? "/", "http://pricing").searchParams.get("sku") ?? "";
    // A local subsegment: captureAsync nests it under the current segment, across awaits.
    const price = await captureAsync("price-table", async () => PRICES[sku]);
    if (price === undefined) return sendJson(res, 404, { message: `no price for ${sku}` });
    sendJson(res, 200, { sku, price, currency: "EUR" });
  }),
);

/** Reads a cart that is not there: the bug the /crash route hits. */
function loadCart(cart: { items: string[] } | undefined): string[] {
  try {
    return cart!.items;
  } catch (error) {
    throw new Error("could not load the cart", { cause: error });
  }
}

// checkout-api: the entry point. /checkout calls pricing-api; /crash throws.
const checkout = createServer(
  traced("checkout-api", async (req, res, { segment, sampled }) => {
    const url = new URL(req.url ?? "/", "http://checkout");
    if (url.pathname === "/health") return sendJson(res, 200, { ok: true });
    if (url.pathname === "/crash") {
      loadCart(undefined);
      return;
    }
    const priceUrl = `http://127.0.0.1:${port(pricing)}/price?sku=${encodeURIComponent(url.searchParams.get("sku") ?? "")}`;
    const quote = await captureAsync("pricing-api", async (call) => {
      call?.setNamespace("remote").setHttpRequest({ method: "GET", url: priceUrl, traced: true });
      // The header passes the trace on: same root, this subsegment as the parent, same sampling decision.
      const header = formatTraceHeader({ root: segment.traceId, parent: call?.id, sampled });
      const answer = await fetch(priceUrl, { headers: { "x-amzn-trace-id": header } });
      call?.setHttpResponse(answer.status);
      return (await answer.json()) as { price?: number; currency?: string; message?: string };
    });
    if (quote.currency) segment.addAnnotation("currency", quote.currency); // indexed: filter on annotation.currency
    sendJson(res, quote.price === undefined ? 404 : 200, quote);
  }),
);

const port = (server: Server): number => (server.address() as AddressInfo).port;
const listen = (server: Server): Promise<void> => new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
await Promise.all([listen(pricing), listen(checkout)]);

try {
  const startedAt = new Date();
  console.log(`checkout-api on :${port(checkout)}, pricing-api on :${port(pricing)}, X-Ray on ${xray.endpoint}\n`);
  // Some traffic: a plain request, one continuing a caller's trace, one that crashes, one the
  // caller chose not to sample, one for an unknown product, and a health check (not sampled by rule).
  const upstream = formatTraceHeader({ root: newTraceId(), parent: newSegmentId(), sampled: true });
  const requests: [string, string | undefined][] = [
    ["/checkout?sku=TEA-01", undefined],
    ["/checkout?sku=MUG-02", upstream],
    ["/crash", undefined],
    ["/checkout?sku=TEA-01", formatTraceHeader({ root: newTraceId(), sampled: false })],
    ["/checkout?sku=NOPE-00", undefined],
    ["/health", undefined],
  ];
  for (const [path, header] of requests) {
    const response = await fetch(`http://127.0.0.1:${port(checkout)}${path}`, { headers: header ? { "x-amzn-trace-id": header } : {} });
    await response.text();
    console.log(`GET ${path.padEnd(22)} → ${response.status}  x-amzn-trace-id: ${response.headers.get("x-amzn-trace-id")}`);
  }
  console.log(`(the second request sent x-amzn-trace-id: ${upstream})`);

  // Flush what is queued, then ask X-Ray what it recorded.
  await sender.close();
  const stats = sender.stats();
  console.log(`\n${stats.received} segment documents sent with PutTraceSegments: ${stats.sent} accepted, ${stats.rejected} rejected, ${stats.dropped.total} dropped`);
  console.log(`${stats.notSampled} segments not sampled, so not sent`);

  const window = { StartTime: new Date(startedAt.getTime() - 60_000), EndTime: new Date() };
  const summaries: TraceSummary[] = [];
  for await (const page of paginateGetTraceSummaries({ client }, window)) summaries.push(...(page.TraceSummaries ?? []));
  console.log(`\nGetTraceSummaries: ${summaries.length} traces\n${renderTraceSummaries(summaries, { width: process.stdout.columns ?? Infinity })}`);

  // The crash, as X-Ray keeps it: the exceptions of checkout-api's segment, with their stacks.
  const crashed = summaries.find((summary) => summary.HasFault);
  if (crashed?.Id) {
    const { Traces = [] } = await client.send(new BatchGetTracesCommand({ TraceIds: [crashed.Id] }));
    console.log(`\nThe fault in trace ${crashed.Id}:`);
    for (const stored of Traces[0]?.Segments ?? []) {
      const document = JSON.parse(stored.Document ?? "{}") as { name: string; cause?: { exceptions?: { type?: string; message?: string; stack?: { label?: string; path?: string; line?: number }[] }[] } };
      for (const exception of document.cause?.exceptions ?? []) {
        const top = exception.stack?.[0];
        console.log(`  ${document.name}: ${exception.type}: ${exception.message}${top ? `  at ${top.label ?? "?"} (${top.path}:${top.line})` : ""}`);
      }
    }
  }

  const { Services = [] } = await client.send(new GetServiceGraphCommand(window));
  console.log(`\nGetServiceGraph:\n${renderServiceGraph(Services, { width: process.stdout.columns ?? Infinity })}`);
} finally {
  for (const server of [checkout, pricing]) {
    server.closeAllConnections();
    server.close();
  }
  sampler.close();
  client.destroy();
  await xray.close();
}
