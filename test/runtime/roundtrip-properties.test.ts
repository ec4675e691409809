/**
 * Round trips through the whole stack, on generated inputs (fixed seed,
 * bounded runs): the client serializes, the local endpoint (real HTTP) stores, the client
 * deserializes, and what comes back is what went in.
 *
 * - Segments built with the tracing `Segment` builder from random names, annotations, metadata
 *   and HTTP fields (unicode, lone surrogates, and `__proto__`/`constructor`-style keys):
 *   PutTraceSegments accepts them and BatchGetTraces returns each `Document` byte for byte;
 *   GetTraceSummaries reports exactly their annotations.
 * - Random telemetry records: `engine.telemetry()` holds them as sent (timestamps to the second).
 * - Random GetTraceSummaries windows, range types, sampling, filter expressions and tokens never
 *   crash the endpoint: each call succeeds or fails with a typed 4xx error.
 * - Keys such as `__proto__` and `constructor` stay data in the builder, the engine and the
 *   client, and no prototype changes.
 */
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BatchGetTracesCommand,
  GetTraceSummariesCommand,
  PutTelemetryRecordsCommand,
  PutTraceSegmentsCommand,
  XRayClient,
  XRayServiceException,
  type AnnotationValue,
  type GetTraceSummariesCommandInput,
  type TelemetryRecord,
} from "../../src/index.js";
import { startLocalXRay, type LocalXRay } from "../../src/local/index.js";
import { Segment, type Subsegment } from "../../src/tracing/segment.js";
import { expectPlainData, expectPrototypesIntact, snapshotPrototypes } from "../faults/prototype-guard.js";

const SEED = 20260801;
/** Start of the generated segments' clock, epoch ms. */
const T0_MS = 1_700_000_000_000;
/** Keys that name properties every object inherits, or its prototype. */
const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"] as const;

let server: LocalXRay;
let client: XRayClient;
/** Failures the endpoint did not expect (it answers them with a 500): there must be none. */
const unexpected: unknown[] = [];
let prototypes: ReturnType<typeof snapshotPrototypes>;

beforeAll(async () => {
  prototypes = snapshotPrototypes();
  server = await startLocalXRay({ onError: (error) => unexpected.push(error) });
  // One attempt per call: a 5xx must show, not be retried away.
  client = new XRayClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: "AKIDROUNDTRIP", secretAccessKey: "roundtrip-secret" }, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await server.close();
  expectPrototypesIntact(prototypes);
});
beforeEach(async () => {
  await server.reset();
});

// ---------------------------------------------------------------------------------------------
// Segments

/** Characters of valid segment names, ASCII and not: letters, digits, separators, `_.:/%&#=+-@`. */
const NAME_CHARS = [..."abcXYZ019 _.:/%&#=+-@", "é", "ß", "Ж", "日", "本", "ا", "٣", "\u00a0", "\u2028", "𝒜", "𠀀"];
const validName = fc.string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 1, maxLength: 30 });
const anyText = (maxLength: number) => fc.oneof(fc.string({ unit: "grapheme", maxLength }), fc.string({ unit: "binary", maxLength }));
const validKey = fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.stringMatching(/^\w{1,20}$/));
const annotationValue: fc.Arbitrary<string | number | boolean> = fc.oneof(
  anyText(30),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
);
const metadataKey = fc.oneof(fc.constantFrom(...HOSTILE_KEYS), anyText(12));
/** Metadata values, including the classic pollution payload (an own `__proto__` holding a property). */
const metadataValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3, stringUnit: "binary" }),
  fc.constant(null).map(() => JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}') as unknown),
);

/** What to build: names and keys are valid when `sanitize` is false, anything at all when it is true. */
const segmentPlan = fc.boolean().chain((sanitize) => {
  const name = sanitize ? fc.oneof(validName, anyText(30)) : validName;
  const key = sanitize ? fc.oneof(validKey, anyText(12)) : validKey;
  const annotations = fc.array(fc.tuple(key, annotationValue), { maxLength: 6 });
  const metadata = fc.array(fc.tuple(metadataKey, metadataValue, fc.option(metadataKey, { nil: undefined })), { maxLength: 4 });
  return fc.record({
    sanitize: fc.constant(sanitize),
    clockMs: fc.integer({ min: 0, max: 1e9 }).map((offset) => T0_MS + offset),
    name,
    annotations,
    metadata,
    http: fc.option(fc.record({ method: anyText(10), url: anyText(60), user_agent: anyText(40), client_ip: anyText(20) }, { requiredKeys: [] }), { nil: undefined }),
    status: fc.option(fc.integer({ min: 100, max: 599 }), { nil: undefined }),
    user: fc.option(anyText(20), { nil: undefined }),
    subsegments: fc.array(fc.record({ name, annotations, metadata }), { maxLength: 3 }),
  });
});
type SegmentPlan = typeof segmentPlan extends fc.Arbitrary<infer T> ? T : never;

function decorate(entity: Segment | Subsegment, plan: Pick<SegmentPlan, "annotations" | "metadata">): void {
  for (const [key, value] of plan.annotations) entity.addAnnotation(key, value);
  for (const [key, value, namespace] of plan.metadata) entity.addMetadata(key, value, namespace);
}

function build(plan: SegmentPlan): Segment {
  const segment = new Segment(plan.name, undefined, undefined, { onInvalid: plan.sanitize ? "sanitize" : "throw", now: () => plan.clockMs });
  decorate(segment, plan);
  if (plan.http) segment.setHttpRequest(plan.http);
  if (plan.status !== undefined) segment.setHttpResponse(plan.status, 0);
  if (plan.user !== undefined) segment.setUser(plan.user);
  for (const child of plan.subsegments) {
    const subsegment = segment.addNewSubsegment(child.name);
    decorate(subsegment, child);
    subsegment.close();
  }
  segment.close();
  return segment;
}

type Scalar = string | number | boolean;
interface DocumentNode {
  annotations?: Record<string, Scalar>;
  subsegments?: DocumentNode[];
}

/** Annotation key → distinct values, over a document and its subsegments, sorted for comparing. */
function annotationsOf(document: DocumentNode): Array<[string, Scalar[]]> {
  const byKey = new Map<string, Map<string, Scalar>>();
  const visit = (node: DocumentNode): void => {
    for (const [key, value] of Object.entries(node.annotations ?? {})) {
      if (!byKey.has(key)) byKey.set(key, new Map());
      byKey.get(key)!.set(`${typeof value}:${String(value)}`, value);
    }
    node.subsegments?.forEach(visit);
  };
  visit(document);
  return sortEntries([...byKey].map(([key, values]) => [key, [...values.values()]]));
}

/** The same, from a summary's `Annotations` (own keys only: a `__proto__` key must be one). */
function annotationsOfSummary(annotations: Record<string, Array<{ AnnotationValue?: AnnotationValue }>>): Array<[string, Scalar[]]> {
  return sortEntries(
    Object.keys(annotations).map((key) => [
      key,
      annotations[key]!.map(({ AnnotationValue: value }) => {
        if (value?.StringValue !== undefined) return value.StringValue;
        if (value?.NumberValue !== undefined) return value.NumberValue;
        if (value?.BooleanValue !== undefined) return value.BooleanValue;
        throw new Error(`annotation ${key} has no value: ${JSON.stringify(value)}`);
      }),
    ]),
  );
}

function sortEntries(entries: Array<[string, Scalar[]]>): Array<[string, Scalar[]]> {
  const order = (a: Scalar, b: Scalar): number => (`${typeof a}:${String(a)}` < `${typeof b}:${String(b)}` ? -1 : 1);
  return entries.map(([key, values]): [string, Scalar[]] => [key, [...values].sort(order)]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe("segments: builder → PutTraceSegments → BatchGetTraces and GetTraceSummaries", () => {
  it("returns every Document byte for byte and exactly the annotations sent", async () => {
    await fc.assert(
      fc.asyncProperty(segmentPlan, async (plan) => {
        await server.reset();
        const segment = build(plan);
        const text = segment.serialize();
        const put = await client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [text] }));
        expect(put.UnprocessedTraceSegments).toEqual([]);

        const { Traces, UnprocessedTraceIds } = await client.send(new BatchGetTracesCommand({ TraceIds: [segment.traceId] }));
        expect(UnprocessedTraceIds).toEqual([]);
        expect(Traces?.map((trace) => trace.Segments?.map((stored) => [stored.Id, stored.Document]))).toEqual([[[segment.id, text]]]);

        const start = new Date(plan.clockMs - 2000);
        const { TraceSummaries } = await client.send(new GetTraceSummariesCommand({ StartTime: start, EndTime: new Date(plan.clockMs + 2000) }));
        expect(TraceSummaries?.map((summary) => summary.Id)).toEqual([segment.traceId]);
        const summary = TraceSummaries![0]!;
        expectPlainData(summary.Annotations, "Annotations");
        expect(annotationsOfSummary(summary.Annotations ?? {})).toEqual(annotationsOf(JSON.parse(text) as DocumentNode));
      }),
      { seed: SEED, numRuns: 150 },
    );
    expect(unexpected).toEqual([]);
    expectPrototypesIntact(prototypes);
  });
});

describe("hostile keys stay data", () => {
  it("in the builder: annotations and metadata keyed __proto__ or constructor are own keys of the document", () => {
    const segment = new Segment("checkout", undefined, undefined, { now: () => T0_MS });
    for (const key of HOSTILE_KEYS) segment.addAnnotation(key, key);
    segment.addMetadata("__proto__", JSON.parse('{"__proto__":{"polluted":"yes"}}'), "__proto__");
    segment.addMetadata("constructor", { prototype: { polluted: "yes" } }, "constructor");
    segment.close();
    const document = JSON.parse(segment.serialize()) as { annotations: Record<string, unknown>; metadata: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.annotations).sort()).toEqual([...HOSTILE_KEYS].sort());
    for (const key of HOSTILE_KEYS) expect(Object.getOwnPropertyDescriptor(document.annotations, key)?.value).toBe(key);
    expect(Object.keys(document.metadata).sort()).toEqual(["__proto__", "constructor"]);
    expect(Object.keys(Object.getOwnPropertyDescriptor(document.metadata, "__proto__")!.value as object)).toEqual(["__proto__"]);
    expectPrototypesIntact(prototypes);
  });

  it("in the engine and the client: every operation over documents with hostile keys in every block", async () => {
    const hostile = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":1}';
    const trace = new Segment("x").traceId;
    const t = T0_MS / 1000;
    const document =
      `{"name":"checkout","id":"00000000000000a1","trace_id":"${trace}","start_time":${t},"end_time":${t + 1},` +
      `"annotations":{"__proto__":"p","constructor":1,"prototype":true},"metadata":{"__proto__":${hostile},"default":${hostile}},` +
      `"http":${hostile},"aws":${hostile},"sql":${hostile},"service":${hostile},"cause":${hostile},` +
      `"subsegments":[{"name":"__proto__","id":"00000000000000b1","start_time":${t},"end_time":${t + 0.5},"namespace":"remote",` +
      `"annotations":{"__proto__":"q"},"http":{"request":${hostile},"response":{"status":500}}}]}`;
    expect((await client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [document] }))).UnprocessedTraceSegments).toEqual([]);
    const window = { StartTime: new Date(T0_MS - 5000), EndTime: new Date(T0_MS + 5000) };
    const { Traces } = await client.send(new BatchGetTracesCommand({ TraceIds: [trace] }));
    expect(Traces?.[0]?.Segments?.map((segment) => segment.Document)).toEqual([document]);
    const { TraceSummaries } = await client.send(new GetTraceSummariesCommand(window));
    expectPlainData(TraceSummaries, "TraceSummaries");
    expect(annotationsOfSummary(TraceSummaries?.[0]?.Annotations ?? {})).toEqual(annotationsOf(JSON.parse(document) as DocumentNode));
    for (const operation of ["GetServiceGraph", "GetTraceGraph"] as const) {
      const output = await server.engine.handle(operation, operation === "GetServiceGraph" ? { StartTime: t - 5, EndTime: t + 5 } : { TraceIds: [trace] });
      expectPlainData(output, operation);
    }
    expect(unexpected).toEqual([]);
    expectPrototypesIntact(prototypes);
  });

  // Regression (fixed): src/local/engine/build-trace-view.ts builds the filter's
  // annotation map as a plain `{}` and assigns `annotations[key] = …`; for the key `__proto__`
  // that sets the map's prototype instead of adding a key, so `annotation.__proto__` never
  // matches (evaluate.ts checks Object.hasOwn). No global pollution, but a stored annotation is
  // invisible to filters. Fix: `Object.create(null)` or `Object.fromEntries(…)` there.
  it("in filter expressions: annotation.__proto__ finds the trace that has it", async () => {
    const segment = new Segment("checkout", undefined, undefined, { now: () => T0_MS });
    segment.addAnnotation("__proto__", "x").addAnnotation("constructor", "x").close();
    await client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [segment.serialize()] }));
    const window = { StartTime: new Date(T0_MS - 5000), EndTime: new Date(T0_MS + 5000) };
    const found = async (FilterExpression: string) =>
      (await client.send(new GetTraceSummariesCommand({ ...window, FilterExpression }))).TraceSummaries?.map((summary) => summary.Id);
    expect(await found('annotation.constructor = "x"')).toEqual([segment.traceId]);
    expect(await found('annotation.__proto__ = "x"')).toEqual([segment.traceId]);
  });
});

describe("builder and endpoint agree on lengths", () => {
  // Regression (fixed): the builder counts name and annotation-string lengths in
  // code points (src/tracing/fields.ts: the `u`-flag NAME pattern and `clip`, as JSON-schema
  // maxLength does), the local endpoint in UTF-16 units (src/local/engine/validate-document.ts:
  // `name.length > 200`, `annotation.length <= 1000`). A name of 150 astral letters or an
  // annotation of 600 astral characters passes the builder (even in sanitize mode, which clips
  // to 200/1000 code points) and is refused with InvalidSegment.
  it("stores what the builder accepts, astral characters included", async () => {
    const named = new Segment("𠀀".repeat(150), undefined, undefined, { now: () => T0_MS });
    named.close();
    const annotated = new Segment("checkout", undefined, undefined, { now: () => T0_MS });
    annotated.addAnnotation("text", "𝒜".repeat(600)).close();
    const sanitized = new Segment("𠀀".repeat(300), undefined, undefined, { now: () => T0_MS, onInvalid: "sanitize" });
    sanitized.close();
    const documents = [named, annotated, sanitized].map((segment) => segment.serialize());
    const { UnprocessedTraceSegments } = await client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: documents }));
    expect(UnprocessedTraceSegments).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Telemetry

const count = fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: undefined });
/** A record; `Timestamp` is the one member the endpoint requires. */
const telemetryRecord: fc.Arbitrary<TelemetryRecord> = fc.record(
  {
    Timestamp: fc.date({ min: new Date(0), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }),
    SegmentsReceivedCount: count,
    SegmentsSentCount: count,
    SegmentsSpilloverCount: count,
    SegmentsRejectedCount: count,
    BackendConnectionErrors: fc.option(
      fc.record(
        { TimeoutCount: count, ConnectionRefusedCount: count, HTTPCode4XXCount: count, HTTPCode5XXCount: count, UnknownHostCount: count, OtherCount: count },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
  },
  { requiredKeys: ["Timestamp"] },
);

/** A copy without `undefined` members, as JSON would carry it. */
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;

describe("telemetry: PutTelemetryRecords → engine.telemetry()", () => {
  it("keeps every record and identity field as sent, timestamps to the second", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(telemetryRecord, { minLength: 1, maxLength: 5 }),
        fc.option(fc.string({ unit: "grapheme-ascii", maxLength: 20 }), { nil: undefined }),
        // Within the model's lengths (255 and 500 UTF-16 units): a grapheme may take several.
        fc.option(fc.string({ unit: "grapheme", maxLength: 60 }).filter((text) => text.length <= 255), { nil: undefined }),
        fc.option(fc.string({ unit: "grapheme", maxLength: 100 }).filter((text) => text.length <= 500), { nil: undefined }),
        async (records, EC2InstanceId, Hostname, ResourceARN) => {
          await client.send(new PutTelemetryRecordsCommand({ TelemetryRecords: records, EC2InstanceId, Hostname, ResourceARN }));
          const batch = server.engine.telemetry().at(-1)!;
          const { receivedAt: _, TelemetryRecords, ...identity } = batch;
          expect(identity).toEqual(defined({ EC2InstanceId, Hostname, ResourceARN }));
          const toSeconds = TelemetryRecords.map(({ Timestamp, ...rest }) => ({ ...rest, Timestamp: Math.floor(Timestamp) }));
          const expected = records.map(({ Timestamp, BackendConnectionErrors, ...rest }) => ({
            ...defined(rest),
            ...(BackendConnectionErrors ? { BackendConnectionErrors: defined(BackendConnectionErrors) } : {}),
            Timestamp: Math.floor(Timestamp!.getTime() / 1000),
          }));
          expect(toSeconds).toEqual(expected);
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
    expect(unexpected).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// GetTraceSummaries fuzzing

/** Pieces of filter expressions: keywords, operators, literals, hostile annotation keys. */
const FILTER_PIECES = [
  ..."ok error throttle fault partial responsetime duration http.status http.url http.method http.useragent http.clientip user".split(" "),
  ...HOSTILE_KEYS.map((key) => `annotation.${key}`),
  'annotation["__proto__"]', "annotation[constructor]", 'service("checkout")', 'service(id(name: "checkout", type: "AWS::EC2::Instance"))',
  'edge("a", "b")', 'id(name: "x")', "rootcause.fault.entity", "group.name", "{", "}", "(", ")", "[", "]", ",",
  "=", "!=", "<", "<=", ">", ">=", "CONTAINS", "BEGINSWITH", "ENDSWITH", "AND", "OR", "!", "&&", "||", "NOT",
  "0", "-1", "1.5", "1e308", "-1e400", "true", "false", '"x"', '"\\u0000"', '"', "'", "\\", "𝒜", "\u0000",
];
const filterExpression = fc.oneof(
  fc.array(fc.constantFrom(...FILTER_PIECES), { maxLength: 10 }).map((pieces) => pieces.join(" ")),
  fc.array(fc.constantFrom(...FILTER_PIECES), { maxLength: 10 }).map((pieces) => pieces.join("")),
  anyText(40),
);
const anyDate = fc.oneof(fc.date({ noInvalidDate: true }), fc.integer({ min: -5, max: 5 }).map((offset) => new Date(T0_MS + offset * 1000)));
const summariesInput = fc.record(
  {
    StartTime: anyDate,
    EndTime: anyDate,
    TimeRangeType: fc.oneof(fc.constantFrom("TraceId", "Event", "Service"), fc.string({ maxLength: 10 })),
    Sampling: fc.boolean(),
    SamplingStrategy: fc.record(
      { Name: fc.oneof(fc.constantFrom("PartialScan", "FixedRate"), fc.string({ maxLength: 10 })), Value: fc.double() },
      { requiredKeys: [] },
    ),
    FilterExpression: filterExpression,
    NextToken: fc.oneof(fc.string({ maxLength: 40 }), fc.base64String({ maxLength: 60 })),
  },
  { requiredKeys: ["StartTime", "EndTime"] },
) as fc.Arbitrary<GetTraceSummariesCommandInput>;

describe("GetTraceSummaries: random windows, range types, sampling, filters and tokens", () => {
  it("never crash the endpoint: each call succeeds or fails with a typed client error", async () => {
    // Something to filter: traces whose annotations use hostile keys.
    for (const [n, key] of HOSTILE_KEYS.entries()) {
      const segment = new Segment("checkout", undefined, undefined, { now: () => T0_MS + n });
      segment.addAnnotation(key, n % 2 === 0 ? "x" : n).setHttpResponse(n % 2 === 0 ? 200 : 503).close();
      await client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [segment.serialize()] }));
    }
    let succeeded = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(summariesInput, async (input) => {
        try {
          const output = await client.send(new GetTraceSummariesCommand(input));
          expect(Array.isArray(output.TraceSummaries)).toBe(true);
          expectPlainData(output.TraceSummaries, "TraceSummaries");
          succeeded++;
        } catch (error) {
          if (!(error instanceof XRayServiceException)) throw error;
          expect({ name: error.name, fault: error.$fault, status: error.$metadata.httpStatusCode }).toMatchObject({ fault: "client", status: 400 });
          refused++;
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
    // Both outcomes were exercised, so neither check above was vacuous.
    expect(succeeded).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    expect(unexpected).toEqual([]);
    expectPrototypesIntact(prototypes);
  });
});
