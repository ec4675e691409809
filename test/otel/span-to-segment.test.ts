/**
 * The span → segment-document translation (src/otel/span-to-segment.ts), rule by rule as
 * docs/otel-translation.md states them, and every produced document checked against the
 * segment-document schema when it is present.
 */
import { afterAll, describe, expect, it } from "vitest";
import { spanToSegmentDocument, type SpanTranslationOptions } from "../../src/otel/index.js";
import { exceptionEvent, finishedSpan, SPAN_ID, TRACE_ID, type SpanSpec } from "../support/otel-spans.js";
import { segmentSchemaPresent, segmentSchemaValidators } from "../support/segment-schema.js";

const SERVER = 1;
const CLIENT = 2;
const PRODUCER = 3;
const CONSUMER = 4;
const INTERNAL = 0;
const PARENT = "aaaaaaaaaaaaaaaa";

const produced: Array<Record<string, unknown>> = [];

/** Translates a span built from `spec`, keeping the document for the schema check. */
function translate(spec: SpanSpec, options?: SpanTranslationOptions): Record<string, any> {
  const document = spanToSegmentDocument(finishedSpan(spec), options) as Record<string, any>;
  produced.push(document);
  return document;
}

afterAll(() => {
  if (!segmentSchemaPresent) return;
  const { segment } = segmentSchemaValidators();
  const failures = produced.map((document) => [document, segment(document)] as const).filter(([, error]) => error !== undefined);
  expect(failures).toEqual([]);
});

describe("segment or subsegment", () => {
  it.each<[string, number, string | undefined, string]>([
    ["SERVER with a parent", SERVER, PARENT, "segment"],
    ["SERVER without a parent", SERVER, undefined, "segment"],
    ["CLIENT with a parent", CLIENT, PARENT, "subsegment"],
    ["CLIENT without a parent", CLIENT, undefined, "segment"],
    ["INTERNAL with a parent", INTERNAL, PARENT, "subsegment"],
    ["INTERNAL without a parent", INTERNAL, undefined, "segment"],
    ["PRODUCER with a parent", PRODUCER, PARENT, "subsegment"],
    ["CONSUMER with a parent", CONSUMER, PARENT, "subsegment"],
    ["CLIENT with the all-zero parent ID", CLIENT, "0000000000000000", "segment"],
  ])("%s", (_, kind, parentSpanId, expected) => {
    const document = translate({ kind, ...(parentSpanId ? { parentSpanId } : {}) });
    expect(document["type"] === "subsegment" ? "subsegment" : "segment").toBe(expected);
    if (parentSpanId && parentSpanId !== "0000000000000000") expect(document["parent_id"]).toBe(parentSpanId);
    else expect(document).not.toHaveProperty("parent_id");
  });
});

describe("IDs and times", () => {
  it("keeps the span ID and reformats the trace ID", () => {
    const document = translate({});
    expect(document["id"]).toBe(SPAN_ID);
    expect(document["trace_id"]).toBe(`1-${TRACE_ID.slice(0, 8)}-${TRACE_ID.slice(8)}`);
  });
  it("keeps a trace ID whose first 8 digits are no recent epoch, never regenerating it", () => {
    expect(translate({ traceId: "0000000123456789abcdef0123456789" })["trace_id"]).toBe("1-00000001-23456789abcdef0123456789");
  });
  it("writes epoch seconds with microsecond precision", () => {
    const document = translate({ start: [1_700_000_000, 123_456_789], end: [1_700_000_002, 999_999_999] });
    expect(document["start_time"]).toBe(1_700_000_000.123457);
    expect(document["end_time"]).toBe(1_700_000_003);
  });
});

describe("name", () => {
  it.each<[string, SpanSpec, string]>([
    ["aws.local.service on a SERVER span", { kind: SERVER, attributes: { "aws.local.service": "checkout", "peer.service": "x" } }, "checkout"],
    ["aws.remote.service on a CLIENT span", { kind: CLIENT, parentSpanId: PARENT, attributes: { "aws.remote.service": "payments", "peer.service": "x" } }, "payments"],
    ["aws.remote.service without the AWS.SDK. prefix for aws-api", { kind: CLIENT, parentSpanId: PARENT, attributes: { "aws.remote.service": "AWS.SDK.DynamoDB", "rpc.system": "aws-api" } }, "DynamoDB"],
    ["aws.local.service ignored on a CLIENT span", { kind: CLIENT, parentSpanId: PARENT, attributes: { "aws.local.service": "me", "peer.service": "them" } }, "them"],
    ["peer.service", { kind: CLIENT, attributes: { "peer.service": "inventory" } }, "inventory"],
    ["aws.service", { kind: CLIENT, parentSpanId: PARENT, attributes: { "aws.service": "S3" } }, "S3"],
    ["db.name@host of the connection string, jdbc: stripped", { kind: CLIENT, parentSpanId: PARENT, attributes: { "db.name": "shop", "db.connection_string": "jdbc:postgresql://db.internal:5432/shop" } }, "shop@db.internal:5432"],
    ["db.name alone without a connection string", { kind: CLIENT, parentSpanId: PARENT, attributes: { "db.name": "shop" } }, "shop"],
    ["service.name of the resource on SERVER spans", { kind: SERVER, resource: { "service.name": "frontend" } }, "frontend"],
    ["not service.name on CLIENT spans", { kind: CLIENT, parentSpanId: PARENT, name: "call", resource: { "service.name": "frontend" } }, "call"],
    ["rpc.service", { kind: CLIENT, parentSpanId: PARENT, attributes: { "rpc.service": "Greeter" } }, "Greeter"],
    ["http.host", { kind: CLIENT, parentSpanId: PARENT, attributes: { "http.host": "api.example.com" } }, "api.example.com"],
    ["net.peer.name", { kind: CLIENT, parentSpanId: PARENT, attributes: { "net.peer.name": "cache.local" } }, "cache.local"],
    ["never server.address", { kind: CLIENT, parentSpanId: PARENT, name: "fallback", attributes: { "server.address": "x.example" } }, "fallback"],
    ["the span name, disallowed characters removed", { name: "GET /users/{id} <b>!", kind: INTERNAL }, "GET /users/id b"],
    ["the span name cut at 200 characters", { name: "n".repeat(250), kind: INTERNAL }, "n".repeat(200)],
    ["span when nothing is left", { name: "{}<>!", kind: INTERNAL }, "span"],
    ["letters of any script kept", { name: "注文 Bestellung ñ", kind: INTERNAL }, "注文 Bestellung ñ"],
  ])("%s", (_, spec, expected) => {
    expect(translate(spec)["name"]).toBe(expected);
  });
});

describe("namespace", () => {
  it.each<[string, SpanSpec, string | undefined]>([
    ["aws for aws-api calls", { kind: CLIENT, parentSpanId: PARENT, attributes: { "rpc.system": "aws-api", "rpc.service": "S3" } }, "aws"],
    ["remote for CLIENT spans", { kind: CLIENT, parentSpanId: PARENT }, "remote"],
    ["remote for PRODUCER spans", { kind: PRODUCER, parentSpanId: PARENT }, "remote"],
    ["none for INTERNAL spans", { kind: INTERNAL, parentSpanId: PARENT }, undefined],
    ["none on segments", { kind: SERVER }, undefined],
  ])("%s", (_, spec, expected) => {
    expect(translate(spec)["namespace"]).toBe(expected);
  });
});

describe("http", () => {
  it("reads the old attribute names", () => {
    const document = translate({
      kind: SERVER,
      attributes: { "http.method": "GET", "http.status_code": 200, "http.user_agent": "curl/8", "http.url": "https://shop.example/orders?id=1", "http.client_ip": "203.0.113.9", "net.peer.ip": "10.0.0.1" },
    });
    expect(document["http"]).toEqual({ request: { method: "GET", url: "https://shop.example/orders?id=1", user_agent: "curl/8", client_ip: "203.0.113.9" }, response: { status: 200 } });
  });
  it("reads the stable attribute names", () => {
    const document = translate({ kind: SERVER, attributes: { "http.request.method": "POST", "http.response.status_code": 201, "user_agent.original": "k6", "url.full": "http://a.example/x", "client.address": "198.51.100.1", "network.peer.address": "10.0.0.2" } });
    expect(document["http"]).toEqual({ request: { method: "POST", url: "http://a.example/x", user_agent: "k6", client_ip: "198.51.100.1" }, response: { status: 201 } });
  });
  it("assembles a server URL from scheme, host, port and target", () => {
    const document = translate({ kind: SERVER, attributes: { "http.method": "GET", "http.scheme": "http", "http.host": "shop.example", "net.host.port": 8080, "http.target": "/orders?id=1" } });
    expect(document["http"].request.url).toBe("http://shop.example:8080/orders?id=1");
  });
  it("leaves out the default port", () => {
    const document = translate({ kind: SERVER, attributes: { "http.method": "GET", "url.scheme": "https", "server.address": "shop.example", "server.port": 443, "url.path": "/a", "url.query": "b=1" } });
    expect(document["http"].request.url).toBe("https://shop.example/a?b=1");
  });
  it("uses the client's host keys for client spans", () => {
    const document = translate({ kind: CLIENT, parentSpanId: PARENT, attributes: { "http.method": "GET", "net.peer.name": "api.example", "net.peer.port": 9000, "http.target": "/v1" } });
    expect(document["http"].request.url).toBe("http://api.example:9000/v1");
  });
  it("assembles no URL without a host", () => {
    const document = translate({ kind: SERVER, attributes: { "http.method": "GET", "http.target": "/x" } });
    expect(document["http"].request).toEqual({ method: "GET" });
  });
  it("marks x_forwarded_for when the client IP came without a peer address", () => {
    const document = translate({ kind: SERVER, attributes: { "http.method": "GET", "http.client_ip": "203.0.113.9" } });
    expect(document["http"].request).toMatchObject({ client_ip: "203.0.113.9", x_forwarded_for: true });
  });
  it("uses the peer address when client.address is no IP", () => {
    const document = translate({ kind: SERVER, attributes: { "http.method": "GET", "client.address": "proxy.internal", "net.peer.ip": "10.1.1.1" } });
    expect(document["http"].request.client_ip).toBe("10.1.1.1");
    expect(document["http"].request).not.toHaveProperty("x_forwarded_for");
  });
  it("keeps http attributes out of metadata", () => {
    const document = translate({ kind: SERVER, attributes: { "http.method": "GET", "http.status_code": 200, custom: "kept" } });
    expect(document["metadata"]).toEqual({ default: { custom: "kept" } });
  });
  it("gives no http block to a span without HTTP attributes", () => {
    expect(translate({ kind: INTERNAL })).not.toHaveProperty("http");
  });
});

describe("fault, error and throttle", () => {
  it.each<[string, number | undefined, number, Record<string, boolean>]>([
    ["200 and UNSET", 200, 0, {}],
    ["404 and UNSET: error", 404, 0, { error: true }],
    ["404 and ERROR: only an error", 404, 2, { error: true }],
    ["429: error and throttle", 429, 0, { error: true, throttle: true }],
    ["500 and UNSET: fault", 500, 0, { fault: true }],
    ["503 and OK: fault", 503, 1, { fault: true }],
    ["no status code and ERROR: fault", undefined, 2, { fault: true }],
    ["no status code and OK", undefined, 1, {}],
    ["302 and ERROR: fault (no status in the deciding ranges)", 302, 2, { fault: true }],
  ])("%s", (_, status, code, expected) => {
    const document = translate({ kind: SERVER, status: { code }, attributes: status === undefined ? {} : { "http.status_code": status } });
    expect({ fault: document["fault"], error: document["error"], throttle: document["throttle"] }).toEqual({ fault: expected["fault"], error: expected["error"], throttle: expected["throttle"] });
  });
});

describe("cause", () => {
  const stack = "Error: boom\n    at handler (/app/server.js:10:5)\n    at async Server.<anonymous> (/app/index.js:3:1)";
  it("turns each exception event into an exception, even without ERROR status", () => {
    const document = translate({ kind: SERVER, events: [exceptionEvent({ "exception.type": "TypeError", "exception.message": "bad" }), exceptionEvent({ "exception.message": "worse" })] });
    const exceptions = document["cause"].exceptions;
    expect(exceptions).toHaveLength(2);
    expect(exceptions[0]).toMatchObject({ type: "TypeError", message: "bad" });
    expect(exceptions[0].id).toMatch(/^[0-9a-f]{16}$/);
    expect(exceptions[0].id).not.toBe(exceptions[1].id);
    expect(document).not.toHaveProperty("fault");
  });
  it("parses JavaScript stacks when the SDK language is nodejs", () => {
    const document = translate({ kind: SERVER, resource: { "telemetry.sdk.language": "nodejs" }, events: [exceptionEvent({ "exception.message": "boom", "exception.stacktrace": stack })] });
    expect(document["cause"].exceptions[0].stack).toEqual([
      { path: "/app/server.js", line: 10, label: "handler" },
      { path: "/app/index.js", line: 3, label: "Server.<anonymous>" },
    ]);
  });
  it("does not parse stacks of other languages", () => {
    const document = translate({ kind: SERVER, resource: { "telemetry.sdk.language": "java" }, events: [exceptionEvent({ "exception.message": "boom", "exception.stacktrace": stack })] });
    expect(document["cause"].exceptions[0]).not.toHaveProperty("stack");
  });
  it("marks exceptions of CLIENT and PRODUCER spans remote", () => {
    for (const kind of [CLIENT, PRODUCER]) {
      const document = translate({ kind, parentSpanId: PARENT, events: [exceptionEvent({ "exception.message": "down" })] });
      expect(document["cause"].exceptions[0].remote).toBe(true);
    }
    expect(translate({ kind: SERVER, events: [exceptionEvent({ "exception.message": "x" })] })["cause"].exceptions[0]).not.toHaveProperty("remote");
  });
  it("gives ERROR without events one exception from the status message", () => {
    const document = translate({ kind: SERVER, status: { code: 2, message: "deadline exceeded" } });
    expect(document["cause"].exceptions).toEqual([{ id: expect.stringMatching(/^[0-9a-f]{16}$/), message: "deadline exceeded" }]);
  });
  it("falls back to http.status_text", () => {
    const document = translate({ kind: SERVER, status: { code: 2 }, attributes: { "http.status_text": "Service Unavailable" } });
    expect(document["cause"].exceptions[0].message).toBe("Service Unavailable");
  });
  it("gives no cause for ERROR with an empty message", () => {
    expect(translate({ kind: SERVER, status: { code: 2, message: "" } })).not.toHaveProperty("cause");
  });
  it("keeps 50 frames and counts the rest", () => {
    const long = ["Error: deep", ...Array.from({ length: 60 }, (_, i) => `    at f${i} (/app/x.js:${i + 1}:1)`)].join("\n");
    const exception = translate({ kind: SERVER, resource: { "telemetry.sdk.language": "webjs" }, events: [exceptionEvent({ "exception.stacktrace": long })] })["cause"].exceptions[0];
    expect(exception.stack).toHaveLength(50);
    expect(exception.truncated).toBe(10);
  });
});

describe("aws", () => {
  it("reads operation, account, region, request ID and queue URL", () => {
    const document = translate({
      kind: CLIENT,
      parentSpanId: PARENT,
      attributes: { "rpc.system": "aws-api", "rpc.service": "SQS", "rpc.method": "SendMessage", "aws.account_id": "123456789012", "aws.region": "eu-west-1", "aws.request_id": "req-1", "aws.queue_url": "https://sqs.eu-west-1.amazonaws.com/1/q" },
    });
    expect(document["aws"]).toEqual({ operation: "SendMessage", account_id: "123456789012", region: "eu-west-1", request_id: "req-1", queue_url: "https://sqs.eu-west-1.amazonaws.com/1/q" });
  });
  it("prefers aws.operation to rpc.method", () => {
    expect(translate({ kind: CLIENT, parentSpanId: PARENT, attributes: { "rpc.system": "aws-api", "aws.operation": "GetItem", "rpc.method": "X" } })["aws"].operation).toBe("GetItem");
  });
  it("reads aws.requestId", () => {
    expect(translate({ kind: CLIENT, parentSpanId: PARENT, attributes: { "aws.requestId": "r2" } })["aws"].request_id).toBe("r2");
  });
  it("writes one DynamoDB table as table_name", () => {
    expect(translate({ kind: CLIENT, parentSpanId: PARENT, attributes: { "aws.dynamodb.table_names": ["Orders"] } })["aws"]).toEqual({ table_name: "Orders" });
  });
  it("writes several DynamoDB tables as table_names", () => {
    expect(translate({ kind: CLIENT, parentSpanId: PARENT, attributes: { "aws.dynamodb.table_names": ["Orders", "Users"] } })["aws"]).toEqual({ table_names: ["Orders", "Users"] });
  });
  it("adds the EC2 block and origin on segments", () => {
    const document = translate({ kind: SERVER, resource: { "cloud.provider": "aws", "cloud.platform": "aws_ec2", "host.id": "i-0abc", "cloud.availability_zone": "us-east-1a", "host.type": "m5.large", "cloud.account.id": "123456789012" } });
    expect(document["origin"]).toBe("AWS::EC2::Instance");
    expect(document["aws"]).toMatchObject({ account_id: "123456789012", ec2: { instance_id: "i-0abc", availability_zone: "us-east-1a", instance_size: "m5.large" } });
  });
  it("tells ECS on Fargate from ECS on EC2", () => {
    expect(translate({ kind: SERVER, resource: { "cloud.platform": "aws_ecs", "aws.ecs.launchtype": "fargate", "container.id": "c1" } })["origin"]).toBe("AWS::ECS::Fargate");
    expect(translate({ kind: SERVER, resource: { "cloud.platform": "aws_ecs", "aws.ecs.launchtype": "ec2" } })["origin"]).toBe("AWS::ECS::EC2");
    expect(translate({ kind: SERVER, resource: { "cloud.platform": "aws_ecs" } })["origin"]).toBe("AWS::ECS::Container");
  });
  it("adds EKS, Elastic Beanstalk and log group blocks", () => {
    const eks = translate({ kind: SERVER, resource: { "cloud.platform": "aws_eks", "k8s.cluster.name": "prod", "k8s.pod.name": "web-1" } });
    expect(eks["aws"].eks).toEqual({ cluster_name: "prod", pod: "web-1" });
    expect(eks["origin"]).toBe("AWS::EKS::Container");
    const beanstalk = translate({ kind: SERVER, resource: { "cloud.platform": "aws_elastic_beanstalk", "service.namespace": "shop-env", "service.instance.id": "42" } });
    expect(beanstalk["aws"].elastic_beanstalk).toEqual({ environment_name: "shop-env", deployment_id: 42 });
    const logs = translate({ kind: SERVER, resource: { "aws.log.group.names": ["/app/a", "/app/b"], "aws.log.group.arns": ["arn:a"] } });
    expect(logs["aws"].cloudwatch_logs).toEqual([{ log_group: "/app/a", arn: "arn:a" }, { log_group: "/app/b" }]);
  });
  it("gives Lambda no origin", () => {
    expect(translate({ kind: SERVER, resource: { "cloud.platform": "aws_lambda" } })).not.toHaveProperty("origin");
  });
  it("puts resource data on segments only", () => {
    const document = translate({ kind: CLIENT, parentSpanId: PARENT, resource: { "cloud.platform": "aws_ec2", "host.id": "i-1", "service.version": "1.2.3" } });
    expect(document).not.toHaveProperty("aws");
    expect(document).not.toHaveProperty("origin");
    expect(document).not.toHaveProperty("service");
    expect(document).not.toHaveProperty("metadata");
  });
  it("describes the SDK in aws.xray", () => {
    const document = translate({ kind: SERVER, resource: { "telemetry.sdk.name": "opentelemetry", "telemetry.sdk.language": "nodejs", "telemetry.sdk.version": "2.12.1", "telemetry.auto.version": "0.60.0" } });
    expect(document["aws"].xray).toEqual({ sdk: "opentelemetry for nodejs", sdk_version: "2.12.1", auto_instrumentation: true });
  });
  it("writes no aws block for another cloud provider", () => {
    expect(translate({ kind: SERVER, attributes: { "aws.region": "x" }, resource: { "cloud.provider": "gcp", "cloud.platform": "aws_ec2" } })).not.toHaveProperty("aws");
  });
});

describe("sql", () => {
  it("fills the block for SQL databases", () => {
    const document = translate({ kind: CLIENT, parentSpanId: PARENT, name: "SELECT shop.orders", attributes: { "db.system": "postgresql", "db.name": "shop", "db.connection_string": "postgresql://db:5432", "db.user": "app", "db.statement": "SELECT * FROM orders WHERE id = $1" } });
    expect(document["sql"]).toEqual({ url: "SELECT shop.orders", connection_string: "postgresql://db:5432/shop", database_type: "postgresql", user: "app", sanitized_query: "SELECT * FROM orders WHERE id = $1" });
  });
  it("uses localhost without a connection string", () => {
    expect(translate({ kind: CLIENT, parentSpanId: PARENT, attributes: { "db.system": "mysql", "db.name": "app" } })["sql"].connection_string).toBe("localhost/app");
  });
  it("gives no sql block to other databases", () => {
    expect(translate({ kind: CLIENT, parentSpanId: PARENT, attributes: { "db.system": "redis", "db.statement": "GET k" } })).not.toHaveProperty("sql");
  });
});

describe("annotations and metadata", () => {
  it("indexes the keys the span lists in aws.xray.annotations", () => {
    const document = translate({ kind: SERVER, attributes: { "aws.xray.annotations": ["order.id", "vip"], "order.id": "o-1", vip: true, other: 3 } });
    expect(document["annotations"]).toEqual({ order_id: "o-1", vip: true });
    expect(document["metadata"]).toEqual({ default: { other: 3 } });
  });
  it("indexes configured keys", () => {
    expect(translate({ kind: SERVER, attributes: { tenant: "acme", n: 1 } }, { indexedAttributes: ["tenant"] })["annotations"]).toEqual({ tenant: "acme" });
  });
  it("indexes every scalar with indexAllAttributes, arrays go to metadata", () => {
    const document = translate({ kind: SERVER, attributes: { a: "x", b: 2, c: false, d: ["l"] } }, { indexAllAttributes: true });
    expect(document["annotations"]).toEqual({ a: "x", b: 2, c: false });
    expect(document["metadata"]).toEqual({ default: { d: ["l"] } });
  });
  it("reduces keys to X-Ray's allowed characters", () => {
    expect(translate({ kind: SERVER, attributes: { "app.user-tier/x": "gold" } }, { indexAllAttributes: true })["annotations"]).toEqual({ app_user_tier_x: "gold" });
  });
  it("keeps at most 50 annotations; the rest go to metadata", () => {
    const attributes = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i]));
    const document = translate({ kind: SERVER, attributes }, { indexAllAttributes: true });
    expect(Object.keys(document["annotations"])).toHaveLength(50);
    expect(Object.keys(document["metadata"].default)).toHaveLength(10);
  });
  it("parses aws.xray.metadata.<namespace> JSON into its namespace", () => {
    expect(translate({ kind: SERVER, attributes: { "aws.xray.metadata.orders": '{"items":3}' } })["metadata"]).toEqual({ orders: { items: 3 } });
  });
  it("adds resource attributes to segment metadata as otel.resource.<key>", () => {
    expect(translate({ kind: SERVER, resource: { "deployment.environment": "prod" } })["metadata"]).toEqual({ default: { "otel.resource.deployment.environment": "prod" } });
  });
  it("maps enduser.id to user and service.version to service", () => {
    const document = translate({ kind: SERVER, attributes: { "enduser.id": "u-7" }, resource: { "service.version": "2.0.1" } });
    expect(document["user"]).toBe("u-7");
    expect(document["service"]).toEqual({ version: "2.0.1" });
  });
  it("keeps an attribute named __proto__ as a plain key", () => {
    const document = translate({ kind: SERVER, attributes: JSON.parse('{"__proto__": "x"}') });
    expect(Object.getPrototypeOf(document["metadata"].default)).toBe(Object.prototype);
    expect(JSON.stringify(document["metadata"])).toBe('{"default":{"__proto__":"x"}}');
    const indexed = translate({ kind: SERVER, attributes: JSON.parse('{"__proto__": "y"}') }, { indexAllAttributes: true });
    expect(JSON.stringify(indexed["annotations"])).toBe('{"__proto__":"y"}');
  });
});
