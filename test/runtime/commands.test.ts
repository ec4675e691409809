/**
 * The six commands on the wire, seen from the network boundary (msw behind the default
 * `NodeHttpHandler`): the exact request each one sends, and what each one makes of realistic
 * responses.
 *
 * Expected bodies are written out by hand as JSON text, not computed with the code under
 * test: member order, number formatting and omitted members are part of what is checked.
 * The clock is fixed (only `Date` is faked, so sockets and msw keep real timers) to make
 * `x-amz-date` and the signature deterministic; the signature is recomputed with `aws4`, an
 * independent SigV4 implementation.
 */
import aws4 from "aws4";
import { Buffer } from "node:buffer";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceGraphCommand,
  GetTraceSummariesCommand,
  PutTelemetryRecordsCommand,
  PutTraceSegmentsCommand,
  XRay,
  XRayClient,
  type BatchGetTracesCommandInput,
  type GetServiceGraphCommandInput,
  type GetTraceGraphCommandInput,
  type GetTraceSummariesCommandInput,
  type PutTelemetryRecordsCommandInput,
  type PutTraceSegmentsCommandInput,
} from "../../src/index.js";
import { VERSION } from "../../src/runtime/version.js";
import { CREDENTIALS, ENDPOINT, REGION, json, useXRayMock, type CapturedRequest } from "../support/msw.js";

const xray = useXRayMock();

/** The fixed signing time: 2026-01-15T12:34:56.789Z. */
const NOW = new Date("2026-01-15T12:34:56.789Z");
const AMZ_DATE = "20260115T123456Z";

beforeEach(() => {
  // Only Date: the transport and msw need real timers and microtasks.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

const newClient = (): XRayClient => new XRayClient({ region: REGION, credentials: CREDENTIALS });

/** The headers a signed request carries (`connection` is the transport's business and left out). */
const EXPECTED_HEADER_NAMES = [
  "amz-sdk-invocation-id",
  "amz-sdk-request",
  "authorization",
  "content-length",
  "content-type",
  "host",
  "user-agent",
  "x-amz-content-sha256",
  "x-amz-date",
  "x-amz-user-agent",
];
const SIGNED_HEADERS =
  "amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-user-agent";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * Recomputes the request's SigV4 signature with `aws4` from what arrived on the wire: the
 * headers the request says it signed, the path and the body bytes.
 */
function independentSignature(request: CapturedRequest): string {
  const signed = /SignedHeaders=([^,]+)/.exec(request.headers["authorization"] ?? "")?.[1]?.split(";") ?? [];
  const headers: Record<string, string> = {};
  for (const name of signed) headers[name] = request.headers[name] ?? "";
  const url = new URL(request.url);
  const result = aws4.sign(
    { method: request.method, host: url.host, path: url.pathname, headers, body: Buffer.from(request.bodyBytes), service: "xray", region: REGION },
    CREDENTIALS,
  );
  const authorization = String((result.headers as Record<string, unknown>)["Authorization"]);
  return /Signature=([0-9a-f]{64})$/.exec(authorization)?.[1] ?? `unparsed: ${authorization}`;
}

/** Everything about one signed request that does not depend on the operation. */
function expectSignedJsonRequest(request: CapturedRequest, path: string, body: string): void {
  expect(request.method).toBe("POST");
  expect(request.url).toBe(`${ENDPOINT}${path}`);
  expect(Object.keys(request.headers).filter((name) => name !== "connection").sort()).toEqual(EXPECTED_HEADER_NAMES);
  // Byte-exact body: member order, number formats and omissions all matter.
  expect(request.body).toBe(body);
  expect(request.headers["content-type"]).toBe("application/json");
  expect(request.headers["content-length"]).toBe(String(Buffer.byteLength(body, "utf8")));
  expect(request.bodyBytes.length).toBe(Buffer.byteLength(body, "utf8"));
  expect(request.headers["host"]).toBe("xray.us-east-1.amazonaws.com");
  expect(request.headers["x-amz-date"]).toBe(AMZ_DATE);
  expect(request.headers["x-amz-content-sha256"]).toBe(request.bodySha256);
  expect(request.headers["amz-sdk-invocation-id"]).toMatch(UUID);
  expect(request.headers["amz-sdk-request"]).toBe("attempt=1; max=3");
  expect(request.headers["x-amz-user-agent"]).toBe(`typed-xray/${VERSION}`);
  expect(request.headers["user-agent"]).toMatch(/^typed-xray\//);
  expect(request.headers["authorization"]).toMatch(
    new RegExp(
      `^AWS4-HMAC-SHA256 Credential=${CREDENTIALS.accessKeyId}/20260115/us-east-1/xray/aws4_request, ` +
        `SignedHeaders=${SIGNED_HEADERS}, Signature=[0-9a-f]{64}$`,
    ),
  );
  expect(request.headers["authorization"]!.endsWith(`Signature=${independentSignature(request)}`)).toBe(true);
}

const TRACE_A = "1-5759e988-bd862e3fe1be46a994272793";
const TRACE_B = "1-5759e988-bd862e3fe1be46a994272794";
/** A segment document with non-ASCII text (2-, 3- and 4-byte UTF-8) and characters JSON escapes. */
const SEGMENT_DOC = `{"name":"checkout – café ☕ 🚀","id":"70de5b6f19ff9a0a","trace_id":"${TRACE_A}","start_time":1.478293361271E9,"end_time":1.478293361449E9,"annotations":{"path":"C:\\\\tmp\\n"}}`;

/**
 * One case per operation. Inputs list members out of model order (and some as `undefined`) so
 * that the expected body proves model order and omission rather than echoing the input.
 */
const requestCases = [
  {
    operation: "BatchGetTraces",
    path: "/Traces",
    input: (): BatchGetTracesCommandInput => ({ NextToken: "page-2", TraceIds: [TRACE_A, TRACE_B] }),
    command: (input: never) => new BatchGetTracesCommand(input),
    body: `{"TraceIds":["${TRACE_A}","${TRACE_B}"],"NextToken":"page-2"}`,
  },
  {
    operation: "GetTraceSummaries",
    path: "/TraceSummaries",
    input: (): GetTraceSummariesCommandInput => ({
      NextToken: "tok-1",
      FilterExpression: 'service("api") AND annotation.user = "ana"',
      SamplingStrategy: { Value: 0.25, Name: "FixedRate" },
      Sampling: true,
      TimeRangeType: "Event",
      EndTime: new Date(1700000600000),
      StartTime: new Date(1700000000123),
    }),
    command: (input: never) => new GetTraceSummariesCommand(input),
    body:
      '{"StartTime":1700000000.123,"EndTime":1700000600,"TimeRangeType":"Event","Sampling":true,' +
      '"SamplingStrategy":{"Name":"FixedRate","Value":0.25},' +
      '"FilterExpression":"service(\\"api\\") AND annotation.user = \\"ana\\"","NextToken":"tok-1"}',
  },
  {
    operation: "PutTelemetryRecords",
    path: "/TelemetryRecords",
    input: (): PutTelemetryRecordsCommandInput => ({
      ResourceARN: undefined,
      Hostname: "ip-10-0-0-1",
      TelemetryRecords: [
        {
          BackendConnectionErrors: {
            OtherCount: 0,
            UnknownHostCount: 5,
            HTTPCode5XXCount: 4,
            HTTPCode4XXCount: 3,
            ConnectionRefusedCount: 2,
            TimeoutCount: 1,
          },
          SegmentsRejectedCount: 1,
          SegmentsSpilloverCount: 0,
          SegmentsSentCount: 9,
          SegmentsReceivedCount: 10,
          Timestamp: new Date(1700000000999),
        },
        { Timestamp: new Date(1700000060000), SegmentsSentCount: undefined },
      ],
      EC2InstanceId: "i-0123456789abcdef0",
    }),
    command: (input: never) => new PutTelemetryRecordsCommand(input),
    body:
      '{"TelemetryRecords":[{"Timestamp":1700000000.999,"SegmentsReceivedCount":10,"SegmentsSentCount":9,' +
      '"SegmentsSpilloverCount":0,"SegmentsRejectedCount":1,"BackendConnectionErrors":{"TimeoutCount":1,' +
      '"ConnectionRefusedCount":2,"HTTPCode4XXCount":3,"HTTPCode5XXCount":4,"UnknownHostCount":5,"OtherCount":0}},' +
      '{"Timestamp":1700000060}],"EC2InstanceId":"i-0123456789abcdef0","Hostname":"ip-10-0-0-1"}',
  },
  {
    operation: "GetServiceGraph",
    path: "/ServiceGraph",
    input: (): GetServiceGraphCommandInput => ({
      GroupARN: undefined,
      NextToken: undefined,
      GroupName: "prod",
      EndTime: new Date(1700003600000),
      StartTime: new Date(1700000000500),
    }),
    command: (input: never) => new GetServiceGraphCommand(input),
    body: '{"StartTime":1700000000.5,"EndTime":1700003600,"GroupName":"prod"}',
  },
  {
    operation: "PutTraceSegments",
    path: "/TraceSegments",
    input: (): PutTraceSegmentsCommandInput => ({ TraceSegmentDocuments: [SEGMENT_DOC, '{"id":"2"}'] }),
    command: (input: never) => new PutTraceSegmentsCommand(input),
    // The documents are JSON strings inside JSON: quotes and backslashes escaped once more,
    // non-ASCII characters sent as raw UTF-8.
    body:
      '{"TraceSegmentDocuments":["{\\"name\\":\\"checkout – café ☕ 🚀\\",\\"id\\":\\"70de5b6f19ff9a0a\\",' +
      `\\"trace_id\\":\\"${TRACE_A}\\",\\"start_time\\":1.478293361271E9,\\"end_time\\":1.478293361449E9,` +
      '\\"annotations\\":{\\"path\\":\\"C:\\\\\\\\tmp\\\\n\\"}}","{\\"id\\":\\"2\\"}"]}',
  },
  {
    operation: "GetTraceGraph",
    path: "/TraceGraph",
    input: (): GetTraceGraphCommandInput => ({ NextToken: "g-2", TraceIds: [TRACE_A] }),
    command: (input: never) => new GetTraceGraphCommand(input),
    body: `{"TraceIds":["${TRACE_A}"],"NextToken":"g-2"}`,
  },
] as const;

describe("requests on the wire", () => {
  it.each(requestCases)("$operation sends a signed POST to $path with the exact JSON body", async ({ path, input, command, body }) => {
    xray.on(path, () => json({}));
    // `as never`: the table's commands form a union that `send`'s generics cannot narrow.
    await newClient().send(command(input() as never) as never);
    expect(xray.requests).toHaveLength(1);
    expectSignedJsonRequest(xray.requests[0]!, path, body);
  });

  it("the hand-written bodies are valid JSON of the inputs (guards the fixtures themselves)", () => {
    // If a hand-escaped body above were wrong, the wire tests would compare against garbage.
    const documents = (JSON.parse(requestCases[4].body) as { TraceSegmentDocuments: string[] }).TraceSegmentDocuments;
    expect(documents).toEqual([SEGMENT_DOC, '{"id":"2"}']);
    expect(JSON.parse(documents[0]!)).toMatchObject({ name: "checkout – café ☕ 🚀", annotations: { path: "C:\\tmp\n" } });
    for (const testCase of requestCases) expect(() => JSON.parse(testCase.body)).not.toThrow();
  });

  it("a required-only input sends only the required members", async () => {
    xray.on("/TraceSummaries", () => json({}));
    await newClient().send(new GetTraceSummariesCommand({ StartTime: new Date(1700000000000), EndTime: new Date(1700000000001) }));
    expectSignedJsonRequest(xray.requests[0]!, "/TraceSummaries", '{"StartTime":1700000000,"EndTime":1700000000.001}');
  });

  it("each call gets its own invocation id", async () => {
    xray.on("/TraceGraph", () => json({}));
    const client = newClient();
    await client.send(new GetTraceGraphCommand({ TraceIds: [TRACE_A] }));
    await client.send(new GetTraceGraphCommand({ TraceIds: [TRACE_A] }));
    const [first, second] = xray.requests.map((r) => r.headers["amz-sdk-invocation-id"]);
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(first).not.toBe(second);
  });

  it("the aggregated XRay client sends the same request as the command", async () => {
    xray.on("/TraceSummaries", () => json({ TracesProcessedCount: 1 }));
    const input = requestCases[1].input();
    const viaCommand = await newClient().send(new GetTraceSummariesCommand(input));
    const viaMethod = await new XRay({ region: REGION, credentials: CREDENTIALS }).getTraceSummaries(input);
    expect(viaMethod.TracesProcessedCount).toBe(1);
    expect(viaMethod).toEqual(viaCommand);
    const [a, b] = xray.requests as [CapturedRequest, CapturedRequest];
    expectSignedJsonRequest(b, "/TraceSummaries", requestCases[1].body);
    expect(b.url).toBe(a.url);
    expect(b.body).toBe(a.body);
    // Only the invocation id (and so the signature) may differ between two calls.
    const stable = (r: CapturedRequest) => {
      const { "amz-sdk-invocation-id": _id, authorization, ...rest } = r.headers;
      return { ...rest, authorization: authorization?.replace(/Signature=.*$/, "") };
    };
    expect(stable(b)).toEqual(stable(a));
  });

  it("a 1 MB PutTraceSegments batch of week-old, non-ASCII segments arrives whole with the right content-length", async () => {
    xray.on("/TraceSegments", () => json({ UnprocessedTraceSegments: [] }));
    const weekAgoSeconds = NOW.getTime() / 1000 - 7 * 24 * 3600;
    const traceId = `1-${Math.floor(weekAgoSeconds).toString(16)}-a006649127e371903a2de979`;
    // Mixed 1-, 2-, 3- and 4-byte characters, a line separator and an escaped lone surrogate,
    // so a content-length counted in UTF-16 units (or wrongly for surrogates) would be off.
    const text = "ascii é ß 東京 ☕ 🚀 \u2028 ";
    const documents = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({
        name: `checkout-${i} café`,
        id: (0x70de5b6f19ff9a00n + BigInt(i)).toString(16),
        trace_id: traceId,
        start_time: weekAgoSeconds + i,
        end_time: weekAgoSeconds + i + 0.25,
        annotations: { lone: "\ud83d" },
        metadata: { default: { payload: text.repeat(1800) } },
      }),
    );
    const response = await newClient().send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: documents }));
    expect(response.UnprocessedTraceSegments).toEqual([]);
    const request = xray.requests[0]!;
    const expectedText = JSON.stringify({ TraceSegmentDocuments: documents });
    const expectedBytes = Buffer.byteLength(expectedText, "utf8");
    expect(expectedBytes).toBeGreaterThan(1_000_000);
    // Sanity of the fixture: a length in UTF-16 units would be far off.
    expect(expectedBytes - expectedText.length).toBeGreaterThan(100_000);
    expect(request.headers["content-length"]).toBe(String(expectedBytes));
    expect(request.bodyBytes.length).toBe(expectedBytes);
    expect(request.headers["x-amz-content-sha256"]).toBe(request.bodySha256);
    expect((request.json as { TraceSegmentDocuments: string[] }).TraceSegmentDocuments).toEqual(documents);
  });
});

/** Freezes an object graph so that any write by the code under test throws (ESM is strict). */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

describe("inputs", () => {
  it.each(requestCases)("$operation does not mutate its input", async ({ path, input, command }) => {
    xray.on(path, () => json({}));
    const original = input();
    const snapshot = structuredClone(original);
    const dates = JSON.stringify(original); // Date contents: a frozen Date can still be setTime()'d.
    await newClient().send(command(deepFreeze(original) as never) as never);
    expect(original).toStrictEqual(snapshot);
    expect(JSON.stringify(original)).toBe(dates);
  });
});

describe("responses", () => {
  const metadata = (requestId: string) => ({ httpStatusCode: 200, requestId, attempts: 1, totalRetryDelay: 0 });

  it("BatchGetTraces: traces and segments; unknown fields ignored, null members omitted", async () => {
    xray.on("/Traces", () =>
      json(
        {
          Traces: [
            {
              Id: TRACE_A,
              Duration: 0.178,
              LimitExceeded: false,
              Segments: [
                { Id: "70de5b6f19ff9a0a", Document: SEGMENT_DOC, AddedIn2030: true },
                { Id: "70de5b6f19ff9a0b", Document: null },
              ],
              FutureField: { nested: [1, 2] },
            },
          ],
          UnprocessedTraceIds: [TRACE_B],
          NextToken: null,
          SomethingNew: "ignored",
        },
        { requestId: "b1-req" },
      ),
    );
    const { $metadata, ...output } = await newClient().send(new BatchGetTracesCommand({ TraceIds: [TRACE_A, TRACE_B] }));
    expect(output).toStrictEqual({
      Traces: [
        {
          Id: TRACE_A,
          Duration: 0.178,
          LimitExceeded: false,
          Segments: [{ Id: "70de5b6f19ff9a0a", Document: SEGMENT_DOC }, { Id: "70de5b6f19ff9a0b" }],
        },
      ],
      UnprocessedTraceIds: [TRACE_B],
    });
    expect($metadata).toEqual(metadata("b1-req"));
  });

  it("GetTraceSummaries: dates, every annotation variant, root causes", async () => {
    const serviceId = { Name: "api", Names: ["api"], AccountId: "123456789012", Type: "AWS::EC2::Instance" };
    xray.on("/TraceSummaries", () =>
      json(
        {
          TraceSummaries: [
            {
              Id: TRACE_A,
              StartTime: 1700000000.123,
              Duration: 0.2,
              ResponseTime: 0.15,
              HasFault: true,
              HasError: false,
              HasThrottle: false,
              IsPartial: false,
              Http: { HttpURL: "https://api.example.com/cart", HttpStatus: 500, HttpMethod: "POST", UserAgent: "curl/8", ClientIp: "10.0.0.1", Extra: 1 },
              Annotations: {
                user: [{ AnnotationValue: { StringValue: "ana" }, ServiceIds: [serviceId] }],
                items: [{ AnnotationValue: { NumberValue: 3 } }, { AnnotationValue: { NumberValue: 0 } }],
                premium: [{ AnnotationValue: { BooleanValue: false } }],
                // A variant added to the service after this client was generated.
                region: [{ AnnotationValue: { GeoValue: { lat: 1, lon: 2 } } }],
                // A null variant next to a set one: the set one wins.
                mixed: [{ AnnotationValue: { StringValue: null, NumberValue: 7.5 } }],
              },
              Users: [{ UserName: "ana", ServiceIds: [serviceId] }],
              ServiceIds: [serviceId, { Name: "db", Names: ["db"], Type: "Database::SQL" }],
              ResourceARNs: [{ ARN: "arn:aws:lambda:us-east-1:123456789012:function:cart" }],
              InstanceIds: [{ Id: "i-0123456789abcdef0" }],
              AvailabilityZones: [{ Name: "us-east-1a" }],
              EntryPoint: serviceId,
              FaultRootCauses: [
                {
                  Services: [
                    {
                      Name: "db",
                      Names: ["db"],
                      Type: "Database::SQL",
                      AccountId: "123456789012",
                      EntityPath: [
                        { Name: "db", Exceptions: [{ Name: "SQLException", Message: "deadlock" }], Remote: true },
                      ],
                      Inferred: true,
                    },
                  ],
                  ClientImpacting: true,
                },
              ],
              ErrorRootCauses: [
                { Services: [{ Name: "api", EntityPath: [{ Name: "validate", Exceptions: [{ Name: "ValidationError" }] }] }], ClientImpacting: false },
              ],
              ResponseTimeRootCauses: [
                { Services: [{ Name: "api", EntityPath: [{ Name: "GET /cart", Coverage: 0.83, Remote: false }], Inferred: false }] },
              ],
              Revision: 2,
              MatchedEventTime: 1700000000,
            },
            { Id: TRACE_B, StartTime: 1478293361.271123, Http: null, Revision: null, Annotations: null },
          ],
          ApproximateTime: 1700000600.5,
          TracesProcessedCount: 2,
          NextToken: "next-page",
        },
        { requestId: "ts-req" },
      ),
    );
    const { $metadata, ...output } = await newClient().send(
      new GetTraceSummariesCommand({ StartTime: new Date(1700000000000), EndTime: new Date(1700000600000) }),
    );
    expect(output).toStrictEqual({
      TraceSummaries: [
        {
          Id: TRACE_A,
          StartTime: new Date(1700000000123),
          Duration: 0.2,
          ResponseTime: 0.15,
          HasFault: true,
          HasError: false,
          HasThrottle: false,
          IsPartial: false,
          Http: { HttpURL: "https://api.example.com/cart", HttpStatus: 500, HttpMethod: "POST", UserAgent: "curl/8", ClientIp: "10.0.0.1" },
          Annotations: {
            user: [{ AnnotationValue: { StringValue: "ana" }, ServiceIds: [serviceId] }],
            items: [{ AnnotationValue: { NumberValue: 3 } }, { AnnotationValue: { NumberValue: 0 } }],
            premium: [{ AnnotationValue: { BooleanValue: false } }],
            region: [{ AnnotationValue: { $unknown: ["GeoValue", { lat: 1, lon: 2 }] } }],
            mixed: [{ AnnotationValue: { NumberValue: 7.5 } }],
          },
          Users: [{ UserName: "ana", ServiceIds: [serviceId] }],
          ServiceIds: [serviceId, { Name: "db", Names: ["db"], Type: "Database::SQL" }],
          ResourceARNs: [{ ARN: "arn:aws:lambda:us-east-1:123456789012:function:cart" }],
          InstanceIds: [{ Id: "i-0123456789abcdef0" }],
          AvailabilityZones: [{ Name: "us-east-1a" }],
          EntryPoint: serviceId,
          FaultRootCauses: [
            {
              Services: [
                {
                  Name: "db",
                  Names: ["db"],
                  Type: "Database::SQL",
                  AccountId: "123456789012",
                  EntityPath: [{ Name: "db", Exceptions: [{ Name: "SQLException", Message: "deadlock" }], Remote: true }],
                  Inferred: true,
                },
              ],
              ClientImpacting: true,
            },
          ],
          ErrorRootCauses: [
            { Services: [{ Name: "api", EntityPath: [{ Name: "validate", Exceptions: [{ Name: "ValidationError" }] }] }], ClientImpacting: false },
          ],
          ResponseTimeRootCauses: [
            { Services: [{ Name: "api", EntityPath: [{ Name: "GET /cart", Coverage: 0.83, Remote: false }], Inferred: false }] },
          ],
          Revision: 2,
          MatchedEventTime: new Date(1700000000000),
        },
        // Microseconds round to the nearest millisecond; nulls leave no key behind.
        { Id: TRACE_B, StartTime: new Date(1478293361271) },
      ],
      ApproximateTime: new Date(1700000600500),
      TracesProcessedCount: 2,
      NextToken: "next-page",
    });
    const first = output.TraceSummaries![0]!;
    expect(first.StartTime).toBeInstanceOf(Date);
    expect(first.StartTime!.toISOString()).toBe("2023-11-14T22:13:20.123Z");
    expect($metadata).toEqual(metadata("ts-req"));
  });

  /** A service node as GetServiceGraph and GetTraceGraph return it, with one edge. */
  const serviceNode = {
    wire: {
      ReferenceId: 0,
      Name: "api",
      Names: ["api"],
      Root: true,
      AccountId: "123456789012",
      Type: "AWS::ECS::Container",
      State: "active",
      StartTime: 1700000000.25,
      EndTime: 1700003600,
      Edges: [
        {
          ReferenceId: 1,
          StartTime: 1700000000.25,
          EndTime: 1700003600,
          SummaryStatistics: {
            OkCount: 90,
            ErrorStatistics: { ThrottleCount: 1, OtherCount: 2, TotalCount: 3 },
            FaultStatistics: { OtherCount: 7, TotalCount: 7 },
            TotalCount: 100,
            TotalResponseTime: 12.5,
          },
          ResponseTimeHistogram: [
            { Value: 0.05, Count: 60 },
            { Value: 0.5, Count: 40 },
          ],
          Aliases: [{ Name: "orders", Names: ["orders-v2"], Type: "AWS::DynamoDB::Table" }],
          EdgeType: "synchronous",
          ReceivedEventAgeHistogram: [{ Value: 1.5, Count: 2, Unknown: "x" }],
          BrandNew: [1],
        },
      ],
      SummaryStatistics: {
        OkCount: 95,
        ErrorStatistics: { ThrottleCount: 0, OtherCount: 1, TotalCount: 1 },
        FaultStatistics: { OtherCount: 4, TotalCount: 4 },
        TotalCount: 100,
        TotalResponseTime: 20.75,
      },
      DurationHistogram: [{ Value: 0.1, Count: 100 }],
      ResponseTimeHistogram: [{ Value: 0.2, Count: 100 }],
      Unmodelled: { a: 1 },
    },
    typed: {
      ReferenceId: 0,
      Name: "api",
      Names: ["api"],
      Root: true,
      AccountId: "123456789012",
      Type: "AWS::ECS::Container",
      State: "active",
      StartTime: new Date(1700000000250),
      EndTime: new Date(1700003600000),
      Edges: [
        {
          ReferenceId: 1,
          StartTime: new Date(1700000000250),
          EndTime: new Date(1700003600000),
          SummaryStatistics: {
            OkCount: 90,
            ErrorStatistics: { ThrottleCount: 1, OtherCount: 2, TotalCount: 3 },
            FaultStatistics: { OtherCount: 7, TotalCount: 7 },
            TotalCount: 100,
            TotalResponseTime: 12.5,
          },
          ResponseTimeHistogram: [
            { Value: 0.05, Count: 60 },
            { Value: 0.5, Count: 40 },
          ],
          Aliases: [{ Name: "orders", Names: ["orders-v2"], Type: "AWS::DynamoDB::Table" }],
          EdgeType: "synchronous",
          ReceivedEventAgeHistogram: [{ Value: 1.5, Count: 2 }],
        },
      ],
      SummaryStatistics: {
        OkCount: 95,
        ErrorStatistics: { ThrottleCount: 0, OtherCount: 1, TotalCount: 1 },
        FaultStatistics: { OtherCount: 4, TotalCount: 4 },
        TotalCount: 100,
        TotalResponseTime: 20.75,
      },
      DurationHistogram: [{ Value: 0.1, Count: 100 }],
      ResponseTimeHistogram: [{ Value: 0.2, Count: 100 }],
    },
  };

  it("GetServiceGraph: services, edges, histograms, statistics and dates", async () => {
    xray.on("/ServiceGraph", () =>
      json(
        {
          StartTime: 1700000000,
          EndTime: 1700003600.75,
          Services: [serviceNode.wire, { Name: "db", Edges: [], DurationHistogram: null }],
          ContainsOldGroupVersions: false,
          NextToken: "sg-2",
        },
        { requestId: "sg-req" },
      ),
    );
    const { $metadata, ...output } = await newClient().send(
      new GetServiceGraphCommand({ StartTime: new Date(1700000000000), EndTime: new Date(1700003600000) }),
    );
    expect(output).toStrictEqual({
      StartTime: new Date(1700000000000),
      EndTime: new Date(1700003600750),
      Services: [serviceNode.typed, { Name: "db", Edges: [] }],
      ContainsOldGroupVersions: false,
      NextToken: "sg-2",
    });
    expect($metadata).toEqual(metadata("sg-req"));
  });

  it("GetTraceGraph: the same service nodes", async () => {
    xray.on("/TraceGraph", () => json({ Services: [serviceNode.wire], NextToken: null }, { requestId: "tg-req" }));
    const { $metadata, ...output } = await newClient().send(new GetTraceGraphCommand({ TraceIds: [TRACE_A] }));
    expect(output).toStrictEqual({ Services: [serviceNode.typed] });
    expect($metadata).toEqual(metadata("tg-req"));
  });

  it("PutTraceSegments: unprocessed segments", async () => {
    xray.on("/TraceSegments", () =>
      json(
        {
          UnprocessedTraceSegments: [
            { Id: "70de5b6f19ff9a0a", ErrorCode: "InvalidTraceId", Message: "Invalid segment. ErrorCode: InvalidTraceId", Retryable: false },
          ],
        },
        { requestId: "ps-req" },
      ),
    );
    const { $metadata, ...output } = await newClient().send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [SEGMENT_DOC] }));
    expect(output).toStrictEqual({
      UnprocessedTraceSegments: [{ Id: "70de5b6f19ff9a0a", ErrorCode: "InvalidTraceId", Message: "Invalid segment. ErrorCode: InvalidTraceId" }],
    });
    expect($metadata).toEqual(metadata("ps-req"));
  });

  it("PutTelemetryRecords: an empty output structure, from `{}` and from an empty body", async () => {
    xray.on("/TelemetryRecords", (_request, index) => (index === 0 ? json({}, { requestId: "pt-req" }) : json("", { requestId: "pt-req-2" })));
    const client = newClient();
    const input = { TelemetryRecords: [{ Timestamp: new Date(1700000000000) }] };
    const { $metadata, ...output } = await client.send(new PutTelemetryRecordsCommand(input));
    expect(output).toStrictEqual({});
    expect($metadata).toEqual(metadata("pt-req"));
    const second = await client.send(new PutTelemetryRecordsCommand(input));
    expect(second.$metadata).toEqual(metadata("pt-req-2"));
  });
});
