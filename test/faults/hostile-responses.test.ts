/**
 * Hostile responses, property-based: whatever a server sends back (random bytes, random JSON,
 * documents that almost fit the model, `__proto__`/`constructor`/`prototype` keys) with
 * whatever status, each of the six operations must resolve with a correct output or reject with
 * a typed error, never crash, never leave an unhandled rejection, and never touch a prototype.
 *
 * Responses come from the raw fault server on loopback, so the whole client (transport, body
 * reading, parsing) is in the path. Fixed seeds and bounded runs keep this deterministic.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceGraphCommand,
  GetTraceSummariesCommand,
  InvalidRequestException,
  PutTelemetryRecordsCommand,
  PutTraceSegmentsCommand,
  ThrottledException,
  XRayClient,
  XRayServiceException,
} from "../../src/index.js";
import type { MetadataBearer } from "@smithy/types";
import type { OperationDeclaration } from "../../src/runtime/schema.js";
import { startFaultServer, type FaultServer, type Reply } from "./fault-server.js";
import { documentFor, hostileJsonText, hostileObjectText } from "./hostile-arbitraries.js";
import { expectPlainData, expectPrototypesIntact, snapshotPrototypes } from "./prototype-guard.js";
import { watchUnhandledRejections } from "./unhandled-rejections.js";

const SEED = 20_261_124;
const TRACE_ID = "1-5759e988-bd862e3fe1be46a994272793";
const WINDOW = { StartTime: new Date(1_700_000_000_000), EndTime: new Date(1_700_000_060_000) };

type Output = MetadataBearer & object;

/** The six operations: how to call each, and its declaration (for the output schema). */
const OPERATIONS: ReadonlyArray<{ name: string; operation: OperationDeclaration; send: (client: XRayClient) => Promise<Output> }> = [
  { name: "BatchGetTraces", operation: BatchGetTracesCommand.operation, send: (c) => c.send(new BatchGetTracesCommand({ TraceIds: [TRACE_ID] })) },
  { name: "GetTraceSummaries", operation: GetTraceSummariesCommand.operation, send: (c) => c.send(new GetTraceSummariesCommand(WINDOW)) },
  { name: "GetServiceGraph", operation: GetServiceGraphCommand.operation, send: (c) => c.send(new GetServiceGraphCommand(WINDOW)) },
  { name: "GetTraceGraph", operation: GetTraceGraphCommand.operation, send: (c) => c.send(new GetTraceGraphCommand({ TraceIds: [TRACE_ID] })) },
  {
    name: "PutTelemetryRecords",
    operation: PutTelemetryRecordsCommand.operation,
    send: (c) => c.send(new PutTelemetryRecordsCommand({ TelemetryRecords: [{ Timestamp: WINDOW.StartTime, SegmentsSentCount: 1 }] })),
  },
  { name: "PutTraceSegments", operation: PutTraceSegmentsCommand.operation, send: (c) => c.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: ["{}"] })) },
];

watchUnhandledRejections();

let server: FaultServer;
let client: XRayClient;
let prototypes: Record<string, string[]>;
beforeAll(async () => {
  prototypes = snapshotPrototypes();
  server = await startFaultServer();
  // One attempt per call: each generated response is judged on its own.
  client = new XRayClient({
    endpoint: server.url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDHOSTILE", secretAccessKey: "hostile-secret" },
    maxAttempts: 1,
    requestTimeout: 5_000,
  });
});
afterAll(async () => {
  client.destroy();
  await server.close();
  expectPrototypesIntact(prototypes);
});

/** Statuses with no body in HTTP: whatever follows the headers is not the response's. */
const BODYLESS = new Set([204, 205, 304]);

const status = fc.oneof(fc.constantFrom(200, 400, 403, 404, 413, 429, 500, 502, 503, 504), fc.integer({ min: 200, max: 599 }));
const errorType = fc.option(
  fc.constantFrom("ThrottledException", "InvalidRequestException", "__proto__", "constructor", "prototype", "aws.xray#ThrottledException:http://x", ""),
  { nil: undefined },
);
const errorBody = fc
  .record({ key: fc.constantFrom("__type", "code"), code: fc.oneof(fc.constantFrom("ThrottledException", "__proto__", "toString"), fc.string()), message: hostileJsonText })
  .map(({ key, code, message }) => `{${JSON.stringify(key)}:${JSON.stringify(code)},"message":${message},"__proto__":{"polluted":true}}`);

/** What a call produced. */
type Settled = { output: Output } | { error: unknown };
const settle = (promise: Promise<Output>): Promise<Settled> =>
  promise.then(
    (output) => ({ output }),
    (error: unknown) => ({ error }),
  );

/** Whether a body, decoded as the client decodes it, is a JSON object (or empty, which reads as `{}`). */
function readsAsObject(bytes: Uint8Array): boolean {
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "") return true;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

describe.each(OPERATIONS)("$name", ({ name, operation, send }) => {
  const members = new Set(Object.keys(operation.output[1]));
  const bodies = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    hostileJsonText.map((text) => Buffer.from(text)),
    hostileObjectText.map((text) => Buffer.from(text)),
    documentFor(operation.output, true).map((doc) => Buffer.from(doc.wire)),
    errorBody.map((text) => Buffer.from(text)),
  );

  it("answers any status and body with a correct output or a typed error", async () => {
    await fc.assert(
      fc.asyncProperty(status, bodies, errorType, async (code, body, type) => {
        const reply: Reply = { status: code, body, headers: type === undefined ? [] : [["x-amzn-errortype", type]] };
        server.script(reply);

        const result = await settle(send(client));

        expectPrototypesIntact(prototypes);
        const success = code >= 200 && code < 300;
        if ("output" in result) {
          expect(success, `resolved on HTTP ${code}`).toBe(true);
          expect(BODYLESS.has(code) || readsAsObject(body), "resolved on a body that is not a JSON object").toBe(true);
          const { $metadata, ...output } = result.output;
          expect($metadata.httpStatusCode).toBe(code);
          for (const key of Object.keys(output)) expect(members, `unknown output member ${key}`).toContain(key);
          expectPlainData(output);
          return;
        }
        const { error } = result;
        // A framed response always arrived, so this is the service exception, never a RequestError.
        expect(error).toBeInstanceOf(XRayServiceException);
        const failure = error as XRayServiceException;
        expect(failure.$metadata.httpStatusCode).toBe(code);
        // A modelled error's fault comes from the model (both of X-Ray's are client errors).
        const modelled = failure instanceof ThrottledException || failure instanceof InvalidRequestException;
        expect(failure.$fault).toBe(modelled || code < 500 ? "client" : "server");
        expect(typeof failure.name === "string" && failure.name.length > 0).toBe(true);
        expect(failure.message.startsWith(`${name}: `)).toBe(true);
        if (success) expect(failure.name).toBe("SerializationException");
        if (!success && type === "ThrottledException") expect(failure).toBeInstanceOf(ThrottledException);
        expectPlainData({ ...failure });
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("reads every document shaped by the output schema into exactly the typed value, hostile keys as plain data", async () => {
    await fc.assert(
      fc.asyncProperty(documentFor(operation.output, false), async (doc) => {
        server.script({ status: 200, body: doc.wire });

        const result = await settle(send(client));

        if ("error" in result) throw result.error;
        const { $metadata, ...output } = result.output;
        expect($metadata.httpStatusCode).toBe(200);
        expect(output).toEqual(doc.typed);
        expectPlainData(output);
        expectPrototypesIntact(prototypes);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});

describe("prototype keys on the wire", () => {
  it("keeps __proto__, constructor and prototype map keys as data and drops them where the model has no such member", async () => {
    server.script({
      status: 200,
      body:
        '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"TraceSummaries":[{"Id":"a",' +
        '"__proto__":{"polluted":3},"Annotations":{"__proto__":[{"AnnotationValue":{"StringValue":"p"}}],' +
        '"constructor":[{"AnnotationValue":{"__proto__":{"polluted":4}}}],"prototype":[]}}]}',
    });

    const output = await client.send(new GetTraceSummariesCommand(WINDOW));

    expectPrototypesIntact(prototypes);
    expect(Object.keys(output).sort()).toEqual(["$metadata", "TraceSummaries"]);
    const summary = output.TraceSummaries![0]!;
    expect(Object.keys(summary)).toEqual(["Id", "Annotations"]);
    const annotations = summary.Annotations!;
    expect(Object.keys(annotations)).toEqual(["__proto__", "constructor", "prototype"]);
    expect(Object.getPrototypeOf(annotations)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(annotations, "__proto__")?.value).toEqual([{ AnnotationValue: { StringValue: "p" } }]);
    // An unknown union variant named __proto__ comes back as $unknown data.
    expect(annotations["constructor"]).toEqual([{ AnnotationValue: { $unknown: ["__proto__", { polluted: 4 }] } }]);
    expectPlainData(output);
  });

  it("keeps an error code named __proto__ a plain name on the base exception", async () => {
    server.script({ status: 400, headers: [["x-amzn-errortype", "__proto__"]], body: '{"__proto__":{"polluted":5},"message":"m"}' });

    const result = await settle(client.send(new BatchGetTracesCommand({ TraceIds: [TRACE_ID] })));

    expectPrototypesIntact(prototypes);
    if (!("error" in result)) return expect.unreachable("a 400 must reject");
    expect(result.error).toBeInstanceOf(XRayServiceException);
    expect(Object.getPrototypeOf(result.error)).toBe(XRayServiceException.prototype);
    expect((result.error as Error).name).toBe("__proto__");
    expect((result.error as Error).message).toBe("BatchGetTraces: m (__proto__, HTTP 400)");
  });
});

describe("members of the wrong JSON type", () => {
  // Regression (fixed): the pipeline promises that
  // "a success status with a body that ... holds a value of the wrong type is an error with an
  // excerpt, never an empty or half-typed output" (src/runtime/pipeline.ts), but serde-json.ts
  // only checks timestamps: a list that is not an array or a structure that is not an object
  // is silently dropped, and a string, number or boolean member passes whatever JSON it holds.
  it("rejects them with a SerializationException instead of a half-typed output", async () => {
    const bodies = [
      '{"TraceSummaries":"not a list"}',
      '{"NextToken":{"a":1}}',
      '{"TracesProcessedCount":"many"}',
      '{"TraceSummaries":[{"Duration":"abc"}]}',
      '{"TraceSummaries":[{"HasFault":{"yes":true}}]}',
      '{"TraceSummaries":[{"Http":"GET /"}]}',
    ];
    const accepted: string[] = [];
    for (const body of bodies) {
      server.script({ status: 200, body });
      const result = await settle(client.send(new GetTraceSummariesCommand(WINDOW)));
      if ("output" in result) accepted.push(`${body} → ${JSON.stringify(result.output, (k, v: unknown) => (k === "$metadata" ? undefined : v))}`);
      else expect((result.error as Error).name).toBe("SerializationException");
    }
    expect(accepted, "bodies read into an output that does not match its type").toEqual([]);
  });
});
