/**
 * Hand-built traces for the local endpoint's tests, at fixed times, so expected summaries and
 * graphs can be written out by hand in the tests.
 *
 * Trace A ("checkout", fault): client → frontend (EC2, 500) → payments (ECS, fault) → bank.example
 * (remote, 504, GatewayTimeout); frontend also calls DynamoDB table `carts` (429) and renders
 * locally; payments queries PostgreSQL (that subsegment is sent on its own). The frontend segment
 * is sent in progress first, then complete.
 *
 * Trace B ("cart", throttled): frontend answers 429, after a successful `carts` read.
 *
 * Trace C ("slow"): a frontend segment still in progress.
 */

/** Start of the scenario, epoch seconds. */
export const T0 = 1_700_000_000;
/** Trace A starts here. */
export const TA = T0 + 100;
/** Trace B starts here. */
export const TB = T0 + 200;
/** Trace C starts here. */
export const TC = T0 + 300;

/**
 * A trace id whose time part is `time` and whose random part is `n`.
 *
 * @param n - distinguishes traces
 * @param time - epoch seconds
 * @returns the id
 */
export const traceId = (n: number, time = T0): string => `1-${Math.floor(time).toString(16)}-${n.toString(16).padStart(24, "0")}`;

/**
 * A 16-hex-digit (sub)segment id.
 *
 * @param n - distinguishes ids
 * @returns the id
 */
export const segmentId = (n: number): string => n.toString(16).padStart(16, "0");

export const TRACE_A = traceId(0xa, TA);
export const TRACE_B = traceId(0xb, TB);
export const TRACE_C = traceId(0xc, TC);

/** Ids of trace A's (sub)segments. */
export const A = {
  frontend: segmentId(0xa1),
  callPayments: segmentId(0xb1),
  dynamo: segmentId(0xb2),
  render: segmentId(0xb3),
  payments: segmentId(0xa2),
  sql: segmentId(0xc1),
  bank: segmentId(0xc2),
};

const frontendAws = { account_id: "123456789012", ec2: { instance_id: "i-0abc", availability_zone: "us-east-1a" } };

/** Trace A's frontend segment, in progress (sent first). */
export const frontendInProgress = {
  name: "frontend",
  id: A.frontend,
  trace_id: TRACE_A,
  start_time: TA,
  in_progress: true,
  origin: "AWS::EC2::Instance",
};

/** Trace A's frontend segment, complete. */
export const frontend = {
  name: "frontend",
  id: A.frontend,
  trace_id: TRACE_A,
  start_time: TA,
  end_time: TA + 1.5,
  origin: "AWS::EC2::Instance",
  aws: frontendAws,
  resource_arn: "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc",
  user: "alice",
  http: {
    request: { method: "POST", url: "https://shop.example/checkout", user_agent: "curl/8", client_ip: "203.0.113.9" },
    response: { status: 500 },
  },
  fault: true,
  annotations: { tenant: "acme", cart_items: 3 },
  subsegments: [
    {
      id: A.dynamo,
      name: "DynamoDB",
      namespace: "aws",
      start_time: TA + 0.05,
      end_time: TA + 0.08,
      aws: { table_name: "carts", operation: "GetItem" },
      http: { response: { status: 429 } },
      throttle: true,
    },
    {
      id: A.callPayments,
      name: "payments",
      namespace: "remote",
      start_time: TA + 0.1,
      end_time: TA + 1.1,
      http: { request: { method: "POST", url: "http://payments/charge" }, response: { status: 500 } },
    },
    { id: A.render, name: "render", start_time: TA + 1.2, end_time: TA + 1.4, annotations: { template: "cart" } },
  ],
};

/** Trace A's payments segment, called by frontend's `payments` subsegment. */
export const payments = {
  name: "payments",
  id: A.payments,
  trace_id: TRACE_A,
  parent_id: A.callPayments,
  start_time: TA + 0.2,
  end_time: TA + 1.0,
  origin: "AWS::ECS::Container",
  fault: true,
  annotations: { tenant: "acme", gateway_ok: false },
  subsegments: [
    {
      id: A.bank,
      name: "bank.example",
      namespace: "remote",
      start_time: TA + 0.45,
      end_time: TA + 0.95,
      http: { response: { status: 504 } },
      fault: true,
      cause: { exceptions: [{ id: segmentId(0xe1), type: "GatewayTimeout", message: "bank did not answer" }] },
    },
  ],
};

/** Trace A's SQL query, sent on its own as a subsegment of payments. */
export const sql = {
  type: "subsegment",
  id: A.sql,
  trace_id: TRACE_A,
  parent_id: A.payments,
  name: "postgres@db.internal",
  namespace: "remote",
  start_time: TA + 0.3,
  end_time: TA + 0.4,
  sql: { url: "postgres://db.internal/pay", database_type: "PostgreSQL" },
};

/** Trace B: a throttled request after a successful table read. */
export const cartThrottled = {
  name: "frontend",
  id: segmentId(0xb0),
  trace_id: TRACE_B,
  start_time: TB,
  end_time: TB + 0.25,
  origin: "AWS::EC2::Instance",
  aws: frontendAws,
  user: "bob",
  http: { request: { method: "GET", url: "https://shop.example/cart" }, response: { status: 429 } },
  annotations: { tenant: "globex" },
  subsegments: [
    { id: segmentId(0xb5), name: "DynamoDB", namespace: "aws", start_time: TB + 0.01, end_time: TB + 0.03, aws: { table_name: "carts" } },
  ],
};

/** Trace C: still in progress. */
export const slowInProgress = {
  name: "frontend",
  id: segmentId(0xc0),
  trace_id: TRACE_C,
  start_time: TC,
  in_progress: true,
  origin: "AWS::EC2::Instance",
  aws: frontendAws,
};

/**
 * The scenario's documents in the order a client sends them (trace A's frontend in progress
 * first, then complete).
 *
 * @returns the documents, as JSON strings
 */
export function scenarioDocuments(): string[] {
  return [frontendInProgress, payments, sql, frontend, cartThrottled, slowInProgress].map((doc) => JSON.stringify(doc));
}

/** A window covering the whole scenario, epoch seconds. */
export const WINDOW = { StartTime: T0, EndTime: T0 + 3600 };
