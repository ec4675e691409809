/**
 * The demo's instrumented scenario, shared by `npm run demo`, the examples and
 * `typed-xray --local` (src/cli/seed-shop.ts): a web shop where a request goes through two
 * services and a database call. Each request is traced the way an instrumented service would trace it, with the
 * tracing helper: a segment per service, subsegments for downstream calls, the trace header
 * passed from one service to the next, annotations, errors with stack traces.
 *
 * Times are simulated (each request gets a start time and fixed latencies) so the demo is
 * quick and its pictures are the same on every run.
 */
import { Segment, formatTraceHeader, newTraceId, parseTraceHeader } from "../tracing/index.js";

/** One simulated request: what happens at each hop. */
export interface ShopRequest {
  /** Path on the storefront. */
  readonly path: string;
  /** The signed-in customer, if any. */
  readonly user?: string;
  /** Status the payments API answers with (429: throttled). */
  readonly payments: number;
  /** Whether the orders database call fails. */
  readonly databaseFails?: boolean;
  /** Milliseconds the database query takes. */
  readonly queryMs: number;
}

/** The requests the demo traces, oldest first. */
export const SHOP_REQUESTS: readonly ShopRequest[] = [
  { path: "/checkout", user: "alice", payments: 200, queryMs: 12 },
  { path: "/checkout", user: "bob", payments: 200, queryMs: 45 },
  { path: "/checkout", user: "carol", payments: 429, queryMs: 9 },
  { path: "/checkout", user: "dave", payments: 200, queryMs: 180, databaseFails: true },
  { path: "/checkout", payments: 200, queryMs: 15 },
  { path: "/checkout", user: "erin", payments: 200, queryMs: 22 },
];

const seconds = (ms: number): number => ms / 1000;

/**
 * Traces one request through the storefront (`web-frontend`), the `checkout-api` it calls, and
 * that API's calls to its database and to a payments API.
 *
 * @param request - what happens
 * @param startMs - when the request arrives (epoch milliseconds)
 * @returns the two services' segments, closed
 */
export function traceRequest(request: ShopRequest, startMs: number): Segment[] {
  const t0 = seconds(startMs);
  // web-frontend: the entry point; it starts the trace.
  const frontend = new Segment("web-frontend", newTraceId(startMs));
  frontend.setStartTime(t0).setOrigin("AWS::EC2::Instance");
  frontend.addIncomingRequestData({ request: { method: "POST", url: `https://shop.example${request.path}`, client_ip: "203.0.113.7" } });
  if (request.user) frontend.setUser(request.user);
  frontend.addAnnotation("cart_items", 3);

  const call = frontend.addNewSubsegment("checkout-api").setNamespace("remote");
  call.setStartTime(t0 + seconds(4)).setHttpRequest({ method: "POST", url: "http://checkout-api.internal/orders", traced: true });
  // The header web-frontend sends, and checkout-api reads: same trace, parent = the call.
  const header = parseTraceHeader(formatTraceHeader({ root: frontend.traceId, parent: call.id, sampled: true }));

  // checkout-api: continues the trace from the header.
  const checkout = new Segment("checkout-api", header.root, header.parent);
  checkout.setStartTime(t0 + seconds(5)).setOrigin("AWS::ECS::Container");
  checkout.addIncomingRequestData({ request: { method: "POST", url: "http://checkout-api.internal/orders" } });
  if (request.user) checkout.setUser(request.user);
  checkout.addAnnotation("tier", request.user ? "member" : "guest");

  let clock = t0 + seconds(6);
  const db = checkout.addNewSubsegment("orders-db").setNamespace("remote");
  db.setStartTime(clock).setSql({ url: "postgresql://orders-db.internal:5432/orders", database_type: "PostgreSQL", sanitized_query: "INSERT INTO orders (customer, total) VALUES ($1, $2)" });
  clock += seconds(request.queryMs);
  db.setEndTime(clock);
  let status = 200;
  if (request.databaseFails) {
    const failure = new Error("connection terminated unexpectedly");
    failure.name = "DatabaseError";
    db.close(failure, true);
    checkout.addError(new Error("could not save the order", { cause: failure }));
    status = 500;
  } else {
    db.close();
    const payments = checkout.addNewSubsegment("payments-api").setNamespace("remote");
    payments.setStartTime(clock).setHttpRequest({ method: "POST", url: "https://payments.example/charges" });
    clock += seconds(request.payments === 429 ? 3 : 60);
    payments.setHttpResponse(request.payments).setEndTime(clock);
    payments.close();
    if (request.payments === 429) status = 503;
  }
  clock += seconds(2);
  checkout.setHttpResponse(status).setEndTime(clock);
  checkout.close();

  call.setHttpResponse(status).setEndTime(clock + seconds(1));
  call.close();
  frontend.setHttpResponse(status === 200 ? 200 : 502).setEndTime(clock + seconds(3));
  frontend.close();
  return [frontend, checkout];
}
