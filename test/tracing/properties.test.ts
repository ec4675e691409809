/**
 * Property tests of the segment builder: random sequences of builder calls, with valid and
 * invalid input, in both validation modes. Whatever the sequence, every document the builder
 * produces (whole, standalone, or split to a random limit) validates against the official
 * segment-document schema, fits the limit, and keeps every subsegment exactly once; invalid
 * input throws SegmentFieldError in "throw" mode and never throws in "sanitize" mode.
 * Fixed seed, bounded runs. The schema is read by `test/support/segment-schema.ts`; absent, the
 * schema checks are skipped and say so.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Segment, SegmentFieldError, type InvalidFieldPolicy, type Subsegment } from "../../src/tracing/index.js";
import { SEGMENT_SCHEMA_PATH, segmentSchemaPresent, segmentSchemaValidators } from "../support/segment-schema.js";

const SEED = 20260505;
const present = segmentSchemaPresent;
const SCHEMA_PATH = SEGMENT_SCHEMA_PATH;
const validators = segmentSchemaValidators;

/** Schema errors of one serialized document (none when the schema file is absent). */
function schemaErrors(text: string): string | undefined {
  if (!present) return undefined;
  const doc = JSON.parse(text) as { type?: string };
  return validators().segment(doc) ?? (doc.type === "subsegment" ? validators().subsegment(doc) : undefined);
}

// Names: characters X-Ray accepts (including letters of several scripts, a no-break space and
// an Arabic-Indic digit, all in the schema's Unicode 8 tables) and characters it does not.
const nameChar = fc.constantFrom(..."aZ0 _.:/%&#=+-@éßж中ع\u00a0٣", ..."!{}\n\t\\😀");
const name = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: nameChar, minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom("", "a".repeat(201), "é".repeat(200)) },
);
const annotationKey = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: fc.constantFrom(..."aZ9_"), minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(..."a_- é!"), maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constant("k".repeat(501)) },
);
const annotationValue = fc.oneof(
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.double(),
  fc.boolean(),
  fc.constantFrom("😀".repeat(1001), null, { a: 1 }, [1]),
);
const large = fc.tuple(fc.constantFrom("x", "é", "中", "😀", '"', "\n"), fc.integer({ min: 200, max: 6000 })).map(([c, n]) => c.repeat(n));
const text = fc.oneof({ weight: 4, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) }, { weight: 1, arbitrary: large });
const metadataValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), large, fc.array(large, { maxLength: 3 }), fc.bigInt());
const time = fc.oneof(fc.double({ min: 1e9, max: 2e9, noNaN: true }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY));
const errorValue = fc.oneof(
  fc.string({ maxLength: 30 }).map((message) => new Error(message)),
  fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([a, b]) => new TypeError(a, { cause: new RangeError(b) })),
  text,
  fc.constantFrom<unknown>(42, { code: "E1" }, null, undefined),
);
const id = fc.oneof(fc.stringMatching(/^[0-9a-f]{16}$/), fc.constantFrom("nope", "0123456789ABCDEF"));

/** One builder call on the (sub)segment at `target` (modulo how many exist). */
const operation = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("subsegment" as const), target: fc.nat(), name }) },
  fc.record({ op: fc.constant("close" as const), target: fc.nat(), error: fc.option(errorValue) }),
  fc.record({ op: fc.constant("annotation" as const), target: fc.nat(), key: annotationKey, value: annotationValue }),
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant("metadata" as const), target: fc.nat(), key: fc.string({ maxLength: 8 }), value: metadataValue, namespace: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }) }),
  },
  fc.record({ op: fc.constant("error" as const), target: fc.nat(), error: errorValue, remote: fc.option(fc.boolean(), { nil: undefined }) }),
  fc.record({ op: fc.constant("request" as const), target: fc.nat(), request: fc.record({ method: text, url: text, user_agent: text, client_ip: text, x_forwarded_for: fc.boolean(), traced: fc.boolean() }, { requiredKeys: [] }) }),
  fc.record({ op: fc.constant("response" as const), target: fc.nat(), status: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.double()), length: fc.option(fc.nat(), { nil: undefined }) }),
  fc.record({ op: fc.constant("aws" as const), target: fc.nat(), aws: fc.record({ account_id: fc.string(), operation: text, region: fc.string(), request_id: fc.string(), retries: fc.nat(), ec2: fc.record({ instance_id: fc.string() }) }, { requiredKeys: [] }) }),
  fc.record({ op: fc.constant("sql" as const), target: fc.nat(), sql: fc.record({ url: fc.string(), sanitized_query: text, database_type: fc.string(), user: text, preparation: fc.constantFrom("call" as const, "statement" as const) }, { requiredKeys: [] }) }),
  fc.record({ op: fc.constant("flag" as const), target: fc.nat(), flag: fc.constantFrom("addFaultFlag" as const, "addErrorFlag" as const, "addThrottleFlag" as const) }),
  fc.record({ op: fc.constant("time" as const), target: fc.nat(), which: fc.constantFrom("setStartTime" as const, "setEndTime" as const), value: time }),
  fc.record({ op: fc.constant("precursor" as const), target: fc.nat(), id }),
  fc.record({ op: fc.constant("namespace" as const), target: fc.nat(), namespace: fc.constantFrom("aws" as const, "remote" as const) }),
  fc.record({ op: fc.constant("segmentField" as const), user: text, origin: fc.string(), arn: fc.string(), version: fc.string() }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/** Builds a segment from a program; returns it, its subsegments, and the errors thrown. */
function run(policy: InvalidFieldPolicy, segmentName: string, rootId: string | undefined, program: Operation[]) {
  const thrown: unknown[] = [];
  const attempt = (call: () => unknown): void => {
    try {
      call();
    } catch (error) {
      thrown.push(error);
    }
  };
  let segment: Segment | undefined;
  attempt(() => (segment = new Segment(segmentName, rootId, undefined, { onInvalid: policy })));
  // A refused name or root still needs a segment to run the rest of the program on.
  segment ??= new Segment("fallback", undefined, undefined, { onInvalid: policy });
  const subsegments: Subsegment[] = [];
  const entities = (): Array<Segment | Subsegment> => [segment!, ...subsegments];
  for (const step of program) {
    const target = "target" in step ? entities()[step.target % entities().length]! : segment;
    attempt(() => {
      switch (step.op) {
        case "subsegment":
          subsegments.push(target.addNewSubsegment(step.name));
          break;
        case "close":
          target.close(step.error);
          break;
        case "annotation":
          target.addAnnotation(step.key, step.value as string);
          break;
        case "metadata":
          target.addMetadata(step.key, step.value, step.namespace);
          break;
        case "error":
          target.addError(step.error, step.remote);
          break;
        case "request":
          target.setHttpRequest(step.request);
          break;
        case "response":
          target.setHttpResponse(step.status, step.length);
          break;
        case "aws":
          target.setAws(step.aws);
          break;
        case "sql":
          target.setSql(step.sql);
          break;
        case "flag":
          target[step.flag]();
          break;
        case "time":
          target[step.which](step.value);
          break;
        case "precursor":
          if (target !== segment) (target as Subsegment).addPrecursorId(step.id);
          break;
        case "namespace":
          if (target !== segment) (target as Subsegment).setNamespace(step.namespace);
          break;
        case "segmentField":
          segment!.setUser(step.user).setOrigin(step.origin).setResourceArn(step.arn).setService({ version: step.version });
          break;
      }
    });
  }
  return { segment: segment!, subsegments, thrown };
}

const program = fc.record({
  policy: fc.constantFrom<InvalidFieldPolicy>("throw", "sanitize"),
  segmentName: name,
  rootId: fc.option(fc.constantFrom("1-5759e988-bd862e3fe1be46a994272793", "1-5759E988-BD862E3FE1BE46A994272793", "1-bad"), { nil: undefined }),
  steps: fc.array(operation, { maxLength: 60, size: "medium" }),
  maxBytes: fc.integer({ min: 2048, max: 16_000 }),
});

describe("the segment builder, under random programs", () => {
  it.skipIf(present)(`schema checks skipped: ${SCHEMA_PATH} is absent (read in place, never copied: docs/sources.md)`, () => {});

  it("only ever throws SegmentFieldError, and never in sanitize mode", () => {
    let throwing = 0;
    let repaired = 0;
    fc.assert(
      fc.property(program, ({ policy, segmentName, rootId, steps }) => {
        const { segment, thrown } = run(policy, segmentName, rootId, steps);
        for (const error of thrown) expect(error).toBeInstanceOf(SegmentFieldError);
        if (policy === "sanitize") expect(thrown).toEqual([]);
        if (thrown.length) throwing++;
        if (policy === "sanitize" && segment.repairs) repaired++;
      }),
      { seed: SEED, numRuns: 300 },
    );
    // The programs do exercise both modes on invalid input.
    expect(throwing).toBeGreaterThan(30);
    expect(repaired).toBeGreaterThan(30);
  });

  it("produces documents that validate, whole and standalone", () => {
    fc.assert(
      fc.property(program, ({ policy, segmentName, rootId, steps }) => {
        const { segment, subsegments } = run(policy, segmentName, rootId, steps);
        for (const text of [segment.serialize(), ...subsegments.map((s) => s.serialize())]) {
          expect(schemaErrors(text), text.slice(0, 2000)).toBeUndefined();
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("splits to any limit into valid documents that fit, losing no subsegment", () => {
    let split = 0;
    let cut = 0;
    fc.assert(
      fc.property(program, ({ policy, segmentName, rootId, steps, maxBytes }) => {
        const { segment, subsegments } = run(policy, segmentName, rootId, steps);
        const { documents, truncated } = segment.toDocuments(maxBytes);
        expect(truncated).toBeGreaterThanOrEqual(0);
        const seen = new Map<string, string | undefined>();
        const visit = (doc: { id: string; parent_id?: string; subsegments?: unknown[] }, parent: string | undefined): void => {
          expect(seen.has(doc.id), `${doc.id} twice`).toBe(false);
          seen.set(doc.id, parent);
          for (const child of doc.subsegments ?? []) visit(child as typeof doc, doc.id);
        };
        for (const text of documents) {
          expect(Buffer.byteLength(text)).toBeLessThanOrEqual(maxBytes);
          expect(schemaErrors(text), text.slice(0, 2000)).toBeUndefined();
          const doc = JSON.parse(text) as { id: string; parent_id?: string; trace_id: string };
          expect(doc.trace_id).toBe(segment.traceId);
          visit(doc, doc.parent_id);
        }
        expect(seen.get(segment.id)).toBe(segment.toJSON().parent_id);
        for (const subsegment of subsegments) expect(seen.get(subsegment.id)).toBe(subsegment.parent.id);
        expect(seen.size).toBe(subsegments.length + 1);
        if (documents.length > 1) split++;
        if (truncated) cut++;
      }),
      { seed: SEED, numRuns: 200 },
    );
    // The programs do exercise splitting and cutting.
    expect(split).toBeGreaterThan(20);
    expect(cut).toBeGreaterThan(10);
  });

  it("never throws for valid input in throw mode", () => {
    const validName = fc.string({ unit: fc.constantFrom(..."aZ0 _.:/%&#=+-@éж中"), minLength: 1, maxLength: 20 });
    const validOperation = fc.oneof(
      fc.record({ op: fc.constant("subsegment" as const), target: fc.nat(), name: validName }),
      fc.record({ op: fc.constant("close" as const), target: fc.nat(), error: fc.option(fc.string().map((m) => new Error(m))) }),
      fc.record({
        op: fc.constant("annotation" as const),
        target: fc.nat(),
        key: fc.string({ unit: fc.constantFrom(..."aZ9_"), minLength: 1, maxLength: 8 }),
        value: fc.oneof(fc.string({ maxLength: 1000 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()),
      }),
      fc.record({ op: fc.constant("metadata" as const), target: fc.nat(), key: fc.string(), value: fc.jsonValue(), namespace: fc.option(fc.string(), { nil: undefined }) }),
      fc.record({ op: fc.constant("response" as const), target: fc.nat(), status: fc.integer({ min: 100, max: 599 }), length: fc.option(fc.nat(), { nil: undefined }) }),
      // Starts before now and ends after it: an end before the start is invalid.
      fc.record({ op: fc.constant("time" as const), target: fc.nat(), which: fc.constant("setStartTime" as const), value: fc.double({ min: 1e9, max: 1.5e9, noNaN: true }) }),
      fc.record({ op: fc.constant("time" as const), target: fc.nat(), which: fc.constant("setEndTime" as const), value: fc.double({ min: 3e9, max: 4e9, noNaN: true }) }),
      fc.record({ op: fc.constant("precursor" as const), target: fc.nat(), id: fc.stringMatching(/^[0-9a-f]{16}$/) }),
    );
    fc.assert(
      fc.property(validName, fc.array(validOperation, { maxLength: 30 }), (segmentName, steps) => {
        // At most 50 annotations: the 51st is invalid by X-Ray's rules.
        const capped = steps.filter((step, i) => step.op !== "annotation" || steps.slice(0, i).filter((s) => s.op === "annotation").length < 50);
        expect(run("throw", segmentName, undefined, capped).thrown).toEqual([]);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
