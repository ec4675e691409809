/**
 * Every document the builder produces validates against the official segment-document JSON
 * schema (draft-04; docs/sources.md), read from outside the repository by
 * `test/support/segment-schema.ts`. When the file is absent, these tests are skipped and say why.
 */
import { describe, expect, it } from "vitest";
import { Segment, type SegmentOptions, type Subsegment } from "../../src/tracing/index.js";
import { SEGMENT_SCHEMA_PATH, segmentSchemaPresent, segmentSchemaValidators } from "../support/segment-schema.js";

const present = segmentSchemaPresent;
const SCHEMA_PATH = SEGMENT_SCHEMA_PATH;
const validators = segmentSchemaValidators;

/** Asserts one serialized document is valid: top-level schema, and for a subsegment its definition too. */
function expectValid(text: string): void {
  const { segment, subsegment } = validators();
  const doc = JSON.parse(text) as { type?: string };
  expect(segment(doc), text).toBeUndefined();
  if (doc.type === "subsegment") expect(subsegment(doc), text).toBeUndefined();
}

/** A segment using every setter, with nested, closed and open subsegments and errors. */
function everything(options: SegmentOptions = {}): { segment: Segment; subsegments: Subsegment[] } {
  const segment = new Segment("checkout.example.com", "1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8", options);
  segment
    .setHttpRequest({ method: "POST", url: "https://checkout.example.com/cart", user_agent: "curl/8", client_ip: "203.0.113.9", x_forwarded_for: true })
    .setHttpResponse(503, 120)
    .setAws({ account_id: "123456789012", ec2: { instance_id: "i-0abc", availability_zone: "eu-west-1a" } })
    .setAws({ elastic_beanstalk: { environment_name: "prod", version_label: "v1", deployment_id: 7 }, xray: { sdk: "typed-xray" } })
    .setUser("alice")
    .setOrigin("AWS::EC2::Instance")
    .setResourceArn("arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc")
    .setService({ version: "1.2.3" })
    .addAnnotation("user_id", "u-1")
    .addAnnotation("items", 3.5)
    .addAnnotation("gift", true)
    .addMetadata("cart", { items: [1, 2], total: 9.99, note: null })
    .addMetadata("raw", "text", "debug")
    .addErrorFlag()
    .addThrottleFlag();
  const db = segment.addNewSubsegment("orders-db").setNamespace("remote");
  db.setSql({ url: "postgres://db/orders", sanitized_query: "SELECT * FROM orders WHERE id = $1", database_type: "PostgreSQL", database_version: "16", driver_version: "pg 8", user: "app", preparation: "statement", connection_string: "postgres://db" });
  const query = db.addNewSubsegment("SELECT orders");
  query.addAnnotation("rows", 0).setHttpResponse(404);
  const notFound = new Error("not found", { cause: new RangeError("index out of range") });
  query.close(notFound);
  // Propagated: db's cause becomes the ID of the exception recorded in query.
  db.close(notFound);
  const call = segment.addNewSubsegment("payments.example.com").setNamespace("aws").addPrecursorId(db.id);
  call.setHttpRequest({ method: "GET", url: "https://payments.example.com/charge", traced: true }).setHttpResponse(429);
  call.setAws({ operation: "Charge", region: "eu-west-1", request_id: "r-1", retries: 2, queue_url: "https://sqs/q", table_name: "t" });
  call.addError("timeout", true);
  const open = segment.addNewSubsegment("still running");
  open.addMetadata("progress", 0.5);
  segment.close(new TypeError("card declined"));
  return { segment, subsegments: [db, query, call, open] };
}

describe.runIf(present)("segment-document schema", () => {
  it("the validator can fail (a bad annotation key, a subsegment without a name)", () => {
    const { segment, subsegment } = validators();
    const doc = { name: "a", id: "0123456789abcdef", trace_id: "1-5759e988-bd862e3fe1be46a994272793", start_time: 1 };
    expect(segment(doc)).toBeUndefined();
    expect(segment({ ...doc, annotations: { "user-id": 1 } })).toBeDefined();
    expect(subsegment({ id: "0123456789abcdef", start_time: 1 })).toBeDefined();
  });

  it("accepts a segment that uses every setter, and its subsegments standalone", () => {
    const { segment, subsegments } = everything();
    expect(typeof segment.toJSON().subsegments![0]!.cause).toBe("string");
    expectValid(segment.serialize());
    for (const subsegment of subsegments) expectValid(subsegment.serialize());
  });

  it("accepts a segment just started, and one with only an in-progress subsegment", () => {
    const segment = new Segment("a");
    expectValid(segment.serialize());
    segment.addNewSubsegment("b");
    expectValid(segment.serialize());
  });

  it("accepts what sanitize mode makes of invalid input", () => {
    const options: SegmentOptions = { onInvalid: "sanitize" };
    const segment = new Segment("GET /users/{id}\n", "1-bad", "bad", options);
    segment.addAnnotation("user-id", "x".repeat(2000)).addAnnotation("", Number.NaN).addAnnotation("ok", { no: 1 } as unknown as string);
    for (let i = 0; i < 60; i++) segment.addAnnotation(`k${i}`, i);
    segment.setStartTime(Number.NaN).setHttpResponse(Number.POSITIVE_INFINITY).setUser("u".repeat(400));
    segment.setHttpRequest({ url: "😀".repeat(300), method: "M".repeat(300), client_ip: "1".repeat(251), user_agent: "a".repeat(251) });
    const child = segment.addNewSubsegment("{child}").addPrecursorId("nope");
    child.setSql({ user: "é".repeat(300) });
    child.close();
    segment.close();
    expect(segment.repairs).toBeGreaterThan(10);
    expectValid(segment.serialize());
    expectValid(child.serialize());
  });

  it("accepts every document a split produces, including cut fields", () => {
    const { segment } = everything();
    segment.addMetadata("huge", "é".repeat(40_000));
    for (let i = 0; i < 30; i++) segment.addNewSubsegment(`part ${i}`).addMetadata("blob", "x".repeat(1500)).close();
    const { documents, truncated } = segment.toDocuments(8192);
    expect(documents.length).toBeGreaterThan(5);
    expect(truncated).toBeGreaterThan(0);
    for (const text of documents) expectValid(text);
  });

  it("knows one gap: the schema's letters are Unicode 8's, the builder follows X-Ray's \\p{L} rule", () => {
    // U+1D49C MATHEMATICAL SCRIPT CAPITAL A is a letter, outside the schema's BMP-only list.
    const text = new Segment("𝒜").serialize();
    expect(validators().segment(JSON.parse(text))).toContain("pattern");
  });
});

describe.skipIf(present)("segment-document schema", () => {
  it.skip(`skipped: ${SCHEMA_PATH} is absent (it is read in place, never copied into the repository: docs/sources.md)`, () => {});
});
