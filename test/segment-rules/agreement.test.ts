/**
 * The segment builder and the local endpoint apply one rule set (src/segment-rules/rules.ts), so
 * they agree on every document: a value the builder refuses in `onInvalid: "throw"` mode is one
 * the endpoint refuses in a document, and the reverse; and whatever a random program of builder
 * calls with random values makes in the default mode, every document it sends is one the
 * endpoint accepts. Fixed seeds, bounded runs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateSegmentDocument } from "../../src/local/engine/validate-document.js";
import { Segment, SegmentFieldError, type Subsegment } from "../../src/tracing/index.js";

const SEED = 20261207;
const ROOT = "1-5759e988-bd862e3fe1be46a994272793";
const strict = { onInvalid: "throw" as const, now: () => 1_480_615_200_000 };

/** Whether the builder call throws a SegmentFieldError (and nothing else). */
function builderRefuses(call: () => unknown): boolean {
  try {
    call();
    return false;
  } catch (error) {
    expect(error).toBeInstanceOf(SegmentFieldError);
    return true;
  }
}

/** Whether the endpoint refuses a closed segment with `fields` (and `child` as its only subsegment). */
function endpointRefuses(fields: Record<string, unknown>, child?: Record<string, unknown>): boolean {
  const doc = { name: "a", id: "0123456789abcdef", trace_id: ROOT, start_time: 1_480_615_200, end_time: 1_480_615_201, ...fields };
  if (child) Object.assign(doc, { subsegments: [{ name: "c", id: "fedcba9876543210", start_time: 1_480_615_200, end_time: 1_480_615_201, ...child }] });
  return !validateSegmentDocument(JSON.stringify(doc)).ok;
}

// Characters on both sides of every rule: letters of several scripts, separators, the allowed
// symbols (with `\`), refused ASCII, controls, an astral emoji and a lone surrogate.
const char = fc.constantFrom(..."aZ09_ .:/%&#=+\\-@é中\u00a0\u2003!{}()[]\"'\n\t\u0000", "😀", "\ud800");
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: char, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("a", "é", "😀", "-"), fc.integer({ min: 195, max: 1005 })).map(([c, n]) => c.repeat(n)) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
);
const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-0, -1, 0, 1e9, Number.MAX_VALUE));
// JSON cannot carry `undefined`, functions or BigInts: a document has no such values.
const scalar = fc.oneof(text, number, fc.boolean(), fc.constantFrom<unknown>(null, { a: 1 }, [1], ["x"]));
const id = fc.oneof(fc.stringMatching(/^[0-9a-fA-F]{16}$/), fc.stringMatching(/^[0-9a-g]{15,17}$/), text);
const traceId = fc.oneof(fc.stringMatching(/^1-[0-9a-fA-F]{8}-[0-9a-fA-F]{24}$/), fc.stringMatching(/^[12]-[0-9a-g]{7,9}-[0-9a-f]{23,25}$/), text);

describe("the builder and the local endpoint agree on each rule", () => {
  const agree = <T>(arbitrary: fc.Arbitrary<T>, builder: (value: T) => unknown, fields: (value: T) => [Record<string, unknown>, Record<string, unknown>?]) =>
    fc.assert(
      fc.property(arbitrary, (value) => {
        expect(builderRefuses(() => builder(value))).toBe(endpointRefuses(...fields(value)));
      }),
      { seed: SEED, numRuns: 1500 },
    );

  it("segment names", () => agree(text, (name) => new Segment(name, ROOT, undefined, strict), (name) => [{ name }]));
  it("subsegment names", () => agree(text, (name) => new Segment("a", ROOT, undefined, strict).addNewSubsegment(name), (name) => [{}, { name }]));
  it("annotation keys", () => agree(text, (key) => new Segment("a", ROOT, undefined, strict).addAnnotation(key, 1), (key) => [{ annotations: { [key]: 1 } }]));
  it("annotation values", () => agree(scalar, (value) => new Segment("a", ROOT, undefined, strict).addAnnotation("k", value as string), (value) => [{ annotations: { k: value } }]));
  it("trace IDs", () => agree(traceId, (root) => new Segment("a", root, undefined, strict), (root) => [{ trace_id: root }]));
  it("parent IDs", () => agree(id, (parent) => new Segment("a", ROOT, parent, strict), (parent) => [{ parent_id: parent }]));
  it("start and end times", () =>
    agree(
      fc.tuple(number, number),
      ([start, end]) => new Segment("a", ROOT, undefined, strict).setStartTime(start).setEndTime(end),
      ([start, end]) => [{ start_time: start, end_time: end }],
    ));
});

/** A hostile object: every trap throws. */
const hostile = (): object =>
  new Proxy(
    {},
    Object.fromEntries(["get", "has", "ownKeys", "getOwnPropertyDescriptor", "getPrototypeOf"].map((trap) => [trap, () => { throw new Error(`${trap} trap`); }])),
  );
const HOSTILE = Symbol("hostile");
const materialize = (value: unknown): unknown => (value === HOSTILE ? hostile() : value);
// Anything at all, including what JSON cannot hold and objects that throw when touched.
const anything = fc.oneof(
  { weight: 4, arbitrary: fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withNullPrototype: true, withObjectString: true }) },
  { weight: 2, arbitrary: scalar },
  // fast-check itself touches what it generates, so the Proxy is made inside the property.
  { weight: 1, arbitrary: fc.constantFrom<unknown>(HOSTILE, { toJSON: () => { throw new Error("toJSON"); } }, Symbol("s"), () => 1, { toString: () => { throw new Error("toString"); } }) },
);

const call = fc.record({
  method: fc.constantFrom(
    "addNewSubsegment", "addAnnotation", "addMetadata", "addError", "close", "setStartTime", "setEndTime", "setHttpRequest", "setHttpResponse",
    "addIncomingRequestData", "setAws", "setSql", "addFaultFlag", "addErrorFlag", "addThrottleFlag", "setUser", "setOrigin", "setResourceArn",
    "setService", "setNamespace", "addPrecursorId",
  ),
  target: fc.nat(),
  args: fc.array(fc.oneof(anything, text), { maxLength: 3 }),
});

describe("in the default mode", () => {
  it("no builder call throws, whatever it is given, and the endpoint accepts every document sent", () => {
    fc.assert(
      fc.property(fc.oneof(text, anything), fc.oneof(traceId, anything), fc.oneof(id, anything), fc.array(call, { maxLength: 40 }), (name, root, parent, calls) => {
        const segment = new Segment(materialize(name) as string, materialize(root) as string, materialize(parent) as string);
        const entities: Array<Segment | Subsegment> = [segment];
        for (const { method, target, args } of calls) {
          const entity = entities[target % entities.length]! as unknown as Record<string, (...a: unknown[]) => unknown>;
          if (typeof entity[method] !== "function") continue;
          const result = entity[method]!(...args.map(materialize));
          if (method === "addNewSubsegment") entities.push(result as Subsegment);
        }
        for (const entity of entities) if (entity.depth % 3 === 0) entity.close();
        for (const text of segment.toDocuments().documents) {
          const verdict = validateSegmentDocument(text);
          expect(verdict.ok, `${JSON.stringify(verdict)}\n${text.slice(0, 1500)}`).toBe(true);
        }
        for (const entity of entities.slice(1)) expect(validateSegmentDocument(entity.serialize()).ok).toBe(true);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});
