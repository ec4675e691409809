/**
 * The segment builder: the aws-xray-sdk-core-shaped API, every typed setter, X-Ray's field rules
 * (thrown as SegmentFieldError, or repaired and counted in sanitize mode), errors with parsed
 * stacks and cause chains, and serialization. Schema validity is tested in tracing-schema.
 */
import AWSXRay from "aws-xray-sdk-core";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  MAX_ANNOTATIONS,
  MAX_STACK_FRAMES,
  Segment,
  SegmentFieldError,
  createIdGenerator,
  isSegmentId,
  isTraceId,
  parseStack,
  parseTraceHeader,
  type CauseDocument,
  type ExceptionDocument,
  type SegmentOptions,
  type Subsegment,
} from "../../src/tracing/index.js";

const ROOT = "1-5759e988-bd862e3fe1be46a994272793";
const PARENT = "53995c3f42cd8ad8";
const T0 = 1_700_000_000_000;

/** A clock that starts at T0 and moves 5 ms per reading, and IDs from counting bytes. */
function deterministic(extra: SegmentOptions = {}): SegmentOptions {
  let now = T0;
  let next = 0;
  return {
    now: () => (now += 5) - 5,
    ids: createIdGenerator((bytes) => bytes.forEach((_, i) => (bytes[i] = next++ & 0xff))),
    ...extra,
  };
}

const sanitize = (): SegmentOptions => ({ onInvalid: "sanitize" });
const strict: SegmentOptions = { onInvalid: "throw" };

/** The exceptions in a (sub)segment's cause object. */
function exceptionsOf(entity: Segment | Subsegment): ExceptionDocument[] {
  const cause = entity.toJSON().cause;
  if (typeof cause !== "object") throw new Error(`expected a cause object, got ${String(cause)}`);
  return (cause as CauseDocument).exceptions ?? [];
}

/** The error a call throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("Segment", () => {
  it("starts a new trace, in progress, and ends it on close", () => {
    const segment = new Segment("checkout", undefined, undefined, deterministic());
    expect(segment.toJSON()).toEqual({
      name: "checkout",
      id: "0c0d0e0f10111213",
      trace_id: `1-${(T0 / 1000).toString(16)}-000102030405060708090a0b`,
      start_time: (T0 + 5) / 1000,
      in_progress: true,
    });
    expect(segment.isClosed()).toBe(false);
    segment.close();
    expect(segment.isClosed()).toBe(true);
    const closed = segment.toJSON();
    expect(closed.end_time).toBe((T0 + 10) / 1000);
    expect(closed.in_progress).toBeUndefined();
    expect(segment.traceId).toBe(closed.trace_id);
    expect(segment.id).toBe(closed.id);
  });

  it("keeps millisecond precision in epoch-second times", () => {
    const segment = new Segment("a", undefined, undefined, { now: () => 1_480_615_200_010 });
    expect(segment.toJSON().start_time).toBe(1_480_615_200.01);
  });

  it("joins the trace of an incoming header, lower-casing IDs", () => {
    const header = parseTraceHeader(`Root=${ROOT.toUpperCase()};Parent=${PARENT.toUpperCase()};Sampled=1`);
    const segment = new Segment("checkout", header.root, header.parent);
    expect(segment.traceId).toBe(ROOT);
    expect(segment.toJSON()).toMatchObject({ trace_id: ROOT, parent_id: PARENT });
  });

  it("uses the secure generator by default", () => {
    const segment = new Segment("a");
    expect(isTraceId(segment.traceId)).toBe(true);
    expect(isSegmentId(segment.id)).toBe(true);
    expect(new Segment("a").id).not.toBe(segment.id);
  });

  it("keeps a preset end time when closed, and a second close changes nothing", () => {
    const segment = new Segment("a", undefined, undefined, deterministic());
    segment.setStartTime(1_480_615_200.001).setEndTime(1_480_615_200.5);
    expect(segment.isClosed()).toBe(true);
    segment.close();
    segment.close();
    expect(segment.toJSON()).toMatchObject({ start_time: 1_480_615_200.001, end_time: 1_480_615_200.5 });
  });

  describe('with onInvalid: "throw", invalid fields throw SegmentFieldError (a TypeError)', () => {
    it.each<[string, () => unknown, string]>([
      ["a name with '{'", () => new Segment("GET /users/{id}", undefined, undefined, strict), "name"],
      ["an empty name", () => new Segment("", undefined, undefined, strict), "name"],
      ["a name over 200 characters", () => new Segment("a".repeat(201), undefined, undefined, strict), "name"],
      ["a bad root", () => new Segment("a", "1-xyz", undefined, strict), "trace_id"],
      ["a bad parent", () => new Segment("a", ROOT, "xyz", strict), "parent_id"],
      ["a NaN start time", () => new Segment("a", undefined, undefined, strict).setStartTime(Number.NaN), "start_time"],
      ["an infinite end time", () => new Segment("a", undefined, undefined, strict).setEndTime(Number.POSITIVE_INFINITY), "end_time"],
      ["a negative start time", () => new Segment("a", undefined, undefined, strict).setStartTime(-1), "start_time"],
      ["an end before the start", () => new Segment("a", undefined, undefined, strict).setEndTime(1), "end_time"],
      ["an empty subsegment name", () => new Segment("a", undefined, undefined, strict).addNewSubsegment(""), "name"],
      ["a subsegment name over 200 characters", () => new Segment("a", undefined, undefined, strict).addNewSubsegment("b".repeat(201)), "name"],
      ["a bad precursor ID", () => new Segment("a", undefined, undefined, strict).addNewSubsegment("b").addPrecursorId("nope"), "precursor_ids"],
      ["a NaN status", () => new Segment("a", undefined, undefined, strict).setHttpResponse(Number.NaN), "status"],
    ])("%s", (_, build, field) => {
      const error = thrown(build);
      expect(error).toBeInstanceOf(SegmentFieldError);
      expect(error).toBeInstanceOf(TypeError);
      expect(error).toMatchObject({ name: "SegmentFieldError", field });
    });

    it("accepts segment names of Unicode letters, numbers, spaces and _.:/%&#=+\\-@, up to 200 code points", () => {
      for (const name of ["api.example.com:443", "Zahlungsdienst für Bestellungen", "订单服务", "a_b-c@d/e%f&g#h=i+j", "CORP\\checkout", "ü".repeat(200)]) {
        expect(new Segment(name, undefined, undefined, strict).toJSON().name).toBe(name);
      }
    });

    it("accepts free-form subsegment names up to 200 code points", () => {
      for (const name of ["GET /users/{id}", "SELECT * FROM t WHERE a = 'b'", "a\nb", "😀".repeat(200)]) {
        expect(new Segment("a", undefined, undefined, strict).addNewSubsegment(name).toJSON().name).toBe(name);
      }
    });
  });

  describe("the default mode repairs and counts instead, never throwing", () => {
    it("is the default", () => {
      const segment = new Segment("GET /users/{id}", "1-xyz", "xyz");
      segment.setStartTime(Number.NaN).addNewSubsegment("").addPrecursorId("nope");
      segment.addAnnotation("a-b", Number.NaN);
      expect(segment.toJSON().name).toBe("GET /users/_id_");
      // name, root, parent, start time, subsegment name, precursor, annotation key and value.
      expect(segment.repairs).toBe(8);
    });

    it("moves an end before the start to the start", () => {
      const segment = new Segment("a", undefined, undefined, deterministic());
      segment.setEndTime(1);
      expect(segment.toJSON()).toMatchObject({ end_time: T0 / 1000 + 0.005 });
      expect(segment.repairs).toBe(1);
    });

    it("replaces invalid name characters with _ and clips to 200", () => {
      const segment = new Segment("GET /users/{id}", undefined, undefined, sanitize());
      expect(segment.toJSON().name).toBe("GET /users/_id_");
      expect(segment.repairs).toBe(1);
      expect(new Segment("", undefined, undefined, sanitize()).toJSON().name).toBe("_");
      expect(new Segment("é".repeat(300), undefined, undefined, sanitize()).toJSON().name).toBe("é".repeat(200));
    });

    it("starts a new trace for a bad root and leaves out a bad parent", () => {
      const segment = new Segment("a", "1-xyz", "xyz", sanitize());
      expect(isTraceId(segment.traceId)).toBe(true);
      expect(segment.toJSON().parent_id).toBeUndefined();
      expect(segment.repairs).toBe(2);
    });

    it("ignores bad times and statuses", () => {
      const segment = new Segment("a", undefined, undefined, { ...deterministic(), onInvalid: "sanitize" });
      segment.setStartTime(Number.NaN).setEndTime(Number.NaN).setHttpResponse(Number.NaN, Number.NaN);
      expect(segment.toJSON()).toMatchObject({ start_time: T0 / 1000 + 0.005, in_progress: true, http: { response: {} } });
      expect(segment.repairs).toBe(4);
    });
  });
});

describe("subsegments", () => {
  it("nest, share the trace, and serialize standalone with type, trace_id and parent_id", () => {
    const segment = new Segment("checkout", ROOT);
    const db = segment.addNewSubsegment("orders-db");
    const query = db.addNewSubsegment("SELECT");
    expect(db.parent).toBe(segment);
    expect(query.parent).toBe(db);
    expect(query.traceId).toBe(ROOT);
    query.close();
    db.close();
    const nested = segment.toJSON().subsegments!;
    expect(nested.map((s) => s.id)).toEqual([db.id]);
    expect(nested[0]!.subsegments!.map((s) => s.id)).toEqual([query.id]);
    expect(nested[0]).not.toHaveProperty("type");
    expect(JSON.parse(query.serialize())).toMatchObject({ type: "subsegment", trace_id: ROOT, parent_id: db.id, name: "SELECT" });
    expect(JSON.parse(db.serialize())).toMatchObject({ type: "subsegment", parent_id: segment.id, subsegments: [{ id: query.id }] });
  });

  it("stay in progress in the parent's document until closed", () => {
    const segment = new Segment("a");
    const child = segment.addNewSubsegment("b");
    segment.close();
    expect(segment.toJSON().subsegments![0]!.in_progress).toBe(true);
    child.close();
    expect(segment.toJSON().subsegments![0]!.in_progress).toBeUndefined();
  });

  it("have namespace and precursor IDs", () => {
    const segment = new Segment("a");
    const first = segment.addNewSubsegment("first");
    const second = segment.addNewSubsegment("second").setNamespace("remote").addPrecursorId(first.id.toUpperCase());
    expect(second.toJSON()).toMatchObject({ namespace: "remote", precursor_ids: [first.id] });
  });
});

describe("annotations", () => {
  it("take strings, finite numbers and booleans, and replace by key", () => {
    const segment = new Segment("a").addAnnotation("user_id", "u-1").addAnnotation("items", 3).addAnnotation("gift", false);
    segment.addAnnotation("items", 4);
    expect(segment.toJSON().annotations).toEqual({ user_id: "u-1", items: 4, gift: false });
  });

  it.each<[string, string, unknown]>([
    ["a key with '-'", "user-id", 1],
    ["an empty key", "", 1],
    ["a key over 500 characters", "k".repeat(501), 1],
    ["NaN", "k", Number.NaN],
    ["Infinity", "k", Number.POSITIVE_INFINITY],
    ["an object", "k", { a: 1 }],
    ["null", "k", null],
    ["a string over 1000 code points", "k", "😀".repeat(1001)],
  ])("refuse %s", (_, key, value) => {
    expect(() => new Segment("a", undefined, undefined, strict).addAnnotation(key, value as string)).toThrow(SegmentFieldError);
  });

  it("count code points, not UTF-16 units, against the 1000 limit", () => {
    expect(new Segment("a").addAnnotation("k", "😀".repeat(1000)).toJSON().annotations!["k"]).toHaveLength(2000);
  });

  it(`allow ${MAX_ANNOTATIONS} per segment tree`, () => {
    const segment = new Segment("a", undefined, undefined, strict);
    const child = segment.addNewSubsegment("b");
    for (let i = 0; i < MAX_ANNOTATIONS - 1; i++) (i % 2 ? segment : child).addAnnotation(`k${i}`, i);
    child.addAnnotation("last", 1);
    // Replacing an existing one is not a new one.
    child.addAnnotation("last", 2);
    expect(thrown(() => segment.addAnnotation("one_more", 1))).toMatchObject({ field: "annotation one_more" });
  });

  it("in sanitize mode, repair keys, clip strings, and keep the rest as metadata", () => {
    const segment = new Segment("a", undefined, undefined, sanitize());
    segment.addAnnotation("user-id", "u-1").addAnnotation("long", "é".repeat(1200)).addAnnotation("nan", Number.NaN);
    segment.addAnnotation("obj", { a: 1 } as unknown as string);
    for (let i = 0; i < MAX_ANNOTATIONS; i++) segment.addAnnotation(`k${i}`, i);
    const doc = segment.toJSON();
    expect(doc.annotations!["user_id"]).toBe("u-1");
    expect(doc.annotations!["long"]).toBe("é".repeat(1000));
    expect(Object.keys(doc.annotations!)).toHaveLength(MAX_ANNOTATIONS);
    expect(doc.metadata!["annotations"]).toEqual({ nan: Number.NaN, obj: { a: 1 }, k48: 48, k49: 49 });
    // user-id, long, nan, obj, and the two over the limit.
    expect(segment.repairs).toBe(6);
  });
});

describe("metadata", () => {
  it("goes in the default namespace or a given one, by reference", () => {
    const cart = { items: 1 };
    const segment = new Segment("a").addMetadata("cart", cart).addMetadata("debug", undefined, "app");
    cart.items = 2;
    expect(segment.toJSON().metadata).toEqual({ default: { cart: { items: 2 } }, app: { debug: null } });
  });

  it("cannot reach Object.prototype through __proto__", () => {
    const segment = new Segment("a").addMetadata("__proto__", { polluted: true }, "__proto__");
    segment.addAnnotation("__proto__", "x");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    const doc = JSON.parse(segment.serialize());
    expect(Object.keys(doc.metadata)).toEqual(["__proto__"]);
    expect(Object.keys(doc.annotations)).toEqual(["__proto__"]);
  });

  it("serializes BigInts as strings and cycles as [circular] instead of throwing", () => {
    const loop: Record<string, unknown> = { name: "loop" };
    loop["self"] = loop;
    const segment = new Segment("a").addMetadata("big", 2n ** 70n).addMetadata("loop", loop);
    const doc = JSON.parse(segment.serialize());
    expect(doc.metadata.default).toEqual({ big: "1180591620717411303424", loop: { name: "loop", self: "[circular]" } });
  });
});

describe("HTTP, AWS, SQL and segment fields", () => {
  it("clip request strings to 250 code points and count it", () => {
    const segment = new Segment("a");
    const url = `https://example.com/${"p".repeat(300)}`;
    segment.setHttpRequest({ method: "GET", url, user_agent: "ua", client_ip: "10.0.0.1", x_forwarded_for: true });
    expect(segment.toJSON().http!.request).toEqual({
      method: "GET",
      url: url.slice(0, 250),
      user_agent: "ua",
      client_ip: "10.0.0.1",
      x_forwarded_for: true,
    });
    expect(segment.repairs).toBe(1);
  });

  it("take aws-xray-sdk-core's IncomingRequestData shape", () => {
    const segment = new Segment("a").addIncomingRequestData({ request: { method: "POST", url: "https://x/y" } });
    expect(segment.toJSON().http).toEqual({ request: { method: "POST", url: "https://x/y" } });
  });

  it.each([
    [200, {}],
    [302, {}],
    [404, { error: true }],
    [429, { error: true, throttle: true }],
    [500, { fault: true }],
    [503, { fault: true }],
  ])("set flags from status %i", (status, flags) => {
    const doc = new Segment("a").setHttpResponse(status, 12).toJSON();
    expect(doc.http!.response).toEqual({ status, content_length: 12 });
    expect({ error: doc.error, throttle: doc.throttle, fault: doc.fault }).toEqual({
      error: undefined,
      throttle: undefined,
      fault: undefined,
      ...flags,
    });
  });

  it("set flags directly", () => {
    const doc = new Segment("a").addErrorFlag().addThrottleFlag().addFaultFlag().toJSON();
    expect(doc).toMatchObject({ error: true, throttle: true, fault: true });
  });

  it("merge aws data, and set sql (clipping user), user, origin, resource ARN and service", () => {
    const segment = new Segment("a")
      .setAws({ account_id: "123456789012" })
      .setAws({ ec2: { instance_id: "i-0abc", availability_zone: "eu-west-1a" } })
      .setSql({ url: "postgres://db/orders", sanitized_query: "SELECT 1", database_type: "PostgreSQL", user: "u".repeat(300) })
      .setUser("alice")
      .setOrigin("AWS::EC2::Instance")
      .setResourceArn("arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc")
      .setService({ version: "1.2.3" });
    expect(segment.toJSON()).toMatchObject({
      aws: { account_id: "123456789012", ec2: { instance_id: "i-0abc", availability_zone: "eu-west-1a" } },
      sql: { url: "postgres://db/orders", sanitized_query: "SELECT 1", database_type: "PostgreSQL", user: "u".repeat(250) },
      user: "alice",
      origin: "AWS::EC2::Instance",
      resource_arn: "arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc",
      service: { version: "1.2.3" },
    });
    expect(segment.repairs).toBe(1);
    expect(new Segment("a").setUser("x".repeat(251)).toJSON().user).toHaveLength(250);
  });
});

describe("errors", () => {
  function failing(): Error {
    return new TypeError("card declined");
  }

  it("record an exception with ID, message, type and parsed stack, and set fault", () => {
    const error = failing();
    const segment = new Segment("a").addError(error);
    expect(segment.toJSON().fault).toBe(true);
    expect((segment.toJSON().cause as CauseDocument).working_directory).toBe(process.cwd());
    expect(exceptionsOf(segment)).toHaveLength(1);
    const [exception] = exceptionsOf(segment);
    expect(isSegmentId(exception!.id)).toBe(true);
    expect(exception).toMatchObject({ message: "card declined", type: "TypeError" });
    expect(exception!.remote).toBeUndefined();
    expect(exception!.stack![0]).toMatchObject({ label: "failing", path: expect.stringContaining("tracing/segment.test.ts") });
    expect(exception!.stack![0]!.line).toBeGreaterThan(0);
  });

  it("mark remote errors, and take strings and other thrown values", () => {
    const exceptions = exceptionsOf(new Segment("a").addError("timeout", true).addError(42).addError({ code: "E1" }));
    expect(exceptions.map(({ message, remote }) => ({ message, remote }))).toEqual([
      { message: "timeout", remote: true },
      { message: "42", remote: undefined },
      { message: undefined, remote: undefined },
    ]);
  });

  it("follow error.cause chains, linking each exception to the one that caused it", () => {
    const root = new RangeError("socket closed");
    const middle = new Error("query failed", { cause: root });
    const top = new Error("checkout failed", { cause: middle });
    const exceptions = exceptionsOf(new Segment("a").addError(top));
    expect(exceptions.map((e) => e.message)).toEqual(["checkout failed", "query failed", "socket closed"]);
    expect(exceptions[0]!.cause).toBe(exceptions[1]!.id);
    expect(exceptions[1]!.cause).toBe(exceptions[2]!.id);
    expect(exceptions[2]!.cause).toBeUndefined();
  });

  it("stop at a cycle in the cause chain", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(exceptionsOf(new Segment("x").addError(a))).toHaveLength(2);
  });

  it("refer to an error already recorded in the tree by its exception ID, once", () => {
    const error = failing();
    const segment = new Segment("a");
    const child: Subsegment = segment.addNewSubsegment("b");
    child.close(error);
    child.addError(error);
    segment.close(error);
    const recorded = exceptionsOf(child);
    expect(recorded).toHaveLength(1);
    expect(segment.toJSON().cause).toBe(recorded[0]!.id);
    expect(segment.toJSON().fault).toBe(true);
  });
});

describe("parseStack", () => {
  it("reads V8 frames", () => {
    const stack = [
      "Error: boom",
      "    at handler (/app/src/routes.js:42:13)",
      "    at /app/src/index.js:7:1",
      "    at async Promise.all (index 0)",
      "    at new Cart (file:///C:/app/cart.mjs:3:9)",
      "    at Object.<anonymous> (/app/a b/c.js:1:2)",
    ].join("\n");
    expect(parseStack(stack)).toEqual([
      { label: "handler", path: "/app/src/routes.js", line: 42 },
      { label: "anonymous", path: "/app/src/index.js", line: 7 },
      { label: "Promise.all", path: "index 0" },
      { label: "new Cart", path: "file:///C:/app/cart.mjs", line: 3 },
      { label: "Object.<anonymous>", path: "/app/a b/c.js", line: 1 },
    ]);
  });

  it("reads Firefox and Safari frames", () => {
    const stack = ["handler@https://app.example/main.js:42:13", "@https://app.example/main.js:7:1", "global code@https://app.example/:3:9", "[native code]"].join("\n");
    expect(parseStack(stack)).toEqual([
      { label: "handler", path: "https://app.example/main.js", line: 42 },
      { label: "anonymous", path: "https://app.example/main.js", line: 7 },
      { label: "global code", path: "https://app.example/", line: 3 },
    ]);
  });

  it(`keeps ${MAX_STACK_FRAMES} frames of an exception and counts the rest as truncated`, () => {
    const error = new Error("deep");
    error.stack = ["Error: deep", ...Array.from({ length: 70 }, (_, i) => `    at f${i} (/app/x.js:${i + 1}:1)`)].join("\n");
    const [exception] = exceptionsOf(new Segment("a").addError(error));
    expect(exception!.stack).toHaveLength(MAX_STACK_FRAMES);
    expect(exception!.truncated).toBe(70 - MAX_STACK_FRAMES);
  });
});

describe("serialization", () => {
  it("serialize() is the JSON of toJSON() for a segment", () => {
    const segment = new Segment("a").addAnnotation("k", 1);
    segment.addNewSubsegment("b").close();
    expect(segment.serialize()).toBe(JSON.stringify(segment.toJSON()));
    expect(JSON.stringify(segment)).toBe(segment.serialize());
  });

  it("matches the document aws-xray-sdk-core builds from the same calls", () => {
    const theirs = new AWSXRay.Segment("checkout", ROOT, PARENT);
    const ours = new Segment("checkout", ROOT, PARENT);
    for (const segment of [theirs, ours]) {
      segment.addAnnotation("user_id", "u-1");
      segment.addMetadata("cart", { items: 2 });
      segment.addMetadata("debug", true, "app");
      const child = segment.addNewSubsegment("orders-db");
      child.addAnnotation("rows", 3);
      child.close();
      segment.addFaultFlag();
      segment.close();
    }
    // Theirs adds its SDK's own service and aws data; ids and times differ.
    const normalize = (text: string): unknown =>
      JSON.parse(text, (key, value: unknown) =>
        key === "id" ? "<id>" : key.endsWith("_time") ? "<time>" : key === "service" || key === "aws" ? undefined : value,
      );
    expect(normalize(ours.serialize())).toEqual(normalize(theirs.format()));
  });
});

describe("annotation value types", () => {
  it("AnnotationScalar is what addAnnotation takes; AnnotationValue is its deprecated alias", async () => {
    const tracing = await import("../../src/tracing/index.js");
    type Scalar = import("../../src/tracing/index.js").AnnotationScalar;
    type Deprecated = import("../../src/tracing/index.js").AnnotationValue;
    expectTypeOf<Deprecated>().toEqualTypeOf<Scalar>();
    expectTypeOf<Scalar>().toEqualTypeOf<string | number | boolean>();
    expectTypeOf<Parameters<InstanceType<typeof tracing.Segment>["addAnnotation"]>[1]>().toEqualTypeOf<Scalar>();
    const segment = new tracing.Segment("svc");
    const values: Scalar[] = ["a", 1, true];
    values.forEach((value, index) => segment.addAnnotation(`k${index}`, value));
    expect(JSON.parse(segment.serialize()).annotations).toEqual({ k0: "a", k1: 1, k2: true });
  });
});
