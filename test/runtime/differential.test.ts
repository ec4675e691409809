/**
 * Differential test: the same inputs through our client and through `@aws-sdk/client-xray` must
 * give byte-identical requests (signature included), deep-equal outputs and equivalent errors.
 *
 * Both clients get the same region, static credentials, frozen clock and a capturing transport
 * that answers with a canned response, so nothing but the clients themselves can make the two
 * sides differ. The two headers that legitimately differ (user agent and the random
 * `amz-sdk-invocation-id`) are overwritten on both sides by the same middleware placed before
 * `httpSigningMiddleware`, so the signature still covers them and must match byte for byte.
 *
 * The official client is the oracle: where it behaves in a surprising way (error names for
 * bodies without a code, for one), this file still requires ours to match and the difference
 * is reported rather than hidden.
 *
 * Sections: 1. requests (every operation, minimal and maximal inputs, endpoints), 2. outputs,
 * 3. errors, 4. retries, 5. clock skew, 6. malformed timestamps in responses, 7. divergences we
 * accept, pinned on both sides so that a change on either side shows up.
 */
import * as Official from "@aws-sdk/client-xray";
import type { MetadataBearer } from "@smithy/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Ours from "../../src/index.js";

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

const REGION = "us-east-1";
const FROZEN_NOW = new Date("2026-11-24T12:00:00Z");
/** `x-amz-date` for the frozen clock; checked so that a broken clock mock cannot pass silently. */
const FROZEN_AMZ_DATE = "20261124T120000Z";
const CREDENTIALS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const SESSION_CREDENTIALS = {
  ...CREDENTIALS,
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE//session+token/with=padding==",
};
const REQUEST_ID = "c0ffee00-1234-4abc-9def-0123456789ab";

/** One canned HTTP response, as text so that each call can get a fresh `Uint8Array`. */
interface Canned {
  statusCode: number;
  headers?: Record<string, string>;
  text: string;
}

/** Answers attempt `n` (1-based) of a call. */
type Responder = (attempt: number) => Canned;

/** What the transport saw, copied at the time it saw it (later mutation cannot change it). */
interface WireRequest {
  method: string;
  protocol: string;
  hostname: string;
  port: number | undefined;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: string | undefined;
}

/** The result of sending one command through one client. */
interface Outcome {
  requests: WireRequest[];
  output?: MetadataBearer & Record<string, unknown>;
  error?: any;
}

type OperationName =
  | "BatchGetTraces"
  | "GetTraceSummaries"
  | "PutTelemetryRecords"
  | "GetServiceGraph"
  | "PutTraceSegments"
  | "GetTraceGraph";

type CommandCtor = new (input: any) => any;

/** Each operation's command class on both sides. */
const COMMANDS: Record<OperationName, { ours: CommandCtor; official: CommandCtor }> = {
  BatchGetTraces: { ours: Ours.BatchGetTracesCommand, official: Official.BatchGetTracesCommand },
  GetTraceSummaries: { ours: Ours.GetTraceSummariesCommand, official: Official.GetTraceSummariesCommand },
  PutTelemetryRecords: { ours: Ours.PutTelemetryRecordsCommand, official: Official.PutTelemetryRecordsCommand },
  GetServiceGraph: { ours: Ours.GetServiceGraphCommand, official: Official.GetServiceGraphCommand },
  PutTraceSegments: { ours: Ours.PutTraceSegmentsCommand, official: Official.PutTraceSegmentsCommand },
  GetTraceGraph: { ours: Ours.GetTraceGraphCommand, official: Official.GetTraceGraphCommand },
};

const decoder = new TextDecoder();

/** The body as the string that went on the wire (ours sends a string, the official bytes). */
function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return decoder.decode(body);
  throw new Error(`unexpected request body type ${Object.prototype.toString.call(body)}`);
}

function snapshot(request: any): WireRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers as Record<string, string>)) {
    const lower = name.toLowerCase();
    // Two spellings of one header would be a difference in themselves; do not let one hide the other.
    if (lower in headers) throw new Error(`header ${lower} sent twice with different casing`);
    headers[lower] = value;
  }
  return {
    method: request.method,
    protocol: request.protocol,
    hostname: request.hostname,
    port: request.port,
    path: request.path,
    query: { ...(request.query ?? {}) },
    headers,
    body: bodyText(request.body),
  };
}

interface ClientOptions {
  maxAttempts?: number;
  credentials?: typeof CREDENTIALS | typeof SESSION_CREDENTIALS;
  /** Further client options given to both sides alike (region, endpoint, FIPS, dual-stack). */
  config?: Record<string, unknown>;
}

interface AnyClient {
  send(command: unknown): Promise<any>;
  middlewareStack: { addRelativeTo(middleware: any, options: any): void };
  destroy(): void;
}

/**
 * Builds one side's client with the capturing transport and the normalising middleware.
 */
function makeClient(
  side: "ours" | "official",
  responder: Responder,
  requests: WireRequest[],
  options: ClientOptions,
): AnyClient {
  const Client = side === "ours" ? Ours.XRayClient : Official.XRayClient;
  const requestHandler = {
    handle: async (request: unknown) => {
      requests.push(snapshot(request));
      const canned = responder(requests.length);
      return {
        response: {
          statusCode: canned.statusCode,
          headers: { ...(canned.headers ?? {}) },
          // A fresh array per call: a client that consumed or mutated the body must not affect the next one.
          body: new TextEncoder().encode(canned.text),
        },
      };
    },
  };
  const client = new Client({
    region: REGION,
    credentials: options.credentials ?? CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 1,
    requestHandler: requestHandler as never,
    ...options.config,
  }) as unknown as AnyClient;
  // Placed by name relative to the official middleware names; ours must honour them too.
  client.middlewareStack.addRelativeTo(
    (next: (args: any) => Promise<unknown>) => async (args: { request: { headers: Record<string, string> } }) => {
      const h = args.request.headers;
      h["user-agent"] = "test-agent";
      h["x-amz-user-agent"] = "test-agent";
      h["amz-sdk-invocation-id"] = "00000000-0000-4000-8000-000000000000";
      return next(args);
    },
    { relation: "before", toMiddleware: "httpSigningMiddleware", name: "normalise" },
  );
  return client;
}

async function sendOne(
  side: "ours" | "official",
  operation: OperationName,
  input: unknown,
  responder: Responder,
  options: ClientOptions,
): Promise<Outcome> {
  return (await sendSeveral(side, operation, [input], responder, options))[0]!;
}

/**
 * Sends several commands, one after the other, through one client of one side (state such as
 * the clock offset carries over between them). All outcomes share the list of requests.
 */
async function sendSeveral(
  side: "ours" | "official",
  operation: OperationName,
  inputs: unknown[],
  responder: Responder,
  options: ClientOptions,
): Promise<Outcome[]> {
  const requests: WireRequest[] = [];
  const client = makeClient(side, responder, requests, options);
  const outcomes: Outcome[] = [];
  try {
    for (const input of inputs) {
      try {
        outcomes.push({ requests, output: await client.send(new COMMANDS[operation][side](input)) });
      } catch (error) {
        outcomes.push({ requests, error });
      }
    }
    return outcomes;
  } finally {
    client.destroy();
  }
}

/** Sends the same command through both clients (official first, then ours). */
async function both(
  operation: OperationName,
  input: unknown,
  responder: Responder,
  options: ClientOptions = {},
): Promise<{ ours: Outcome; official: Outcome }> {
  const official = await sendOne("official", operation, input, responder, options);
  const ours = await sendOne("ours", operation, input, responder, options);
  return { ours, official };
}

const ok = (text: string, headers: Record<string, string> = {}): Responder => () => ({
  statusCode: 200,
  headers: { "content-type": "application/json", "x-amzn-requestid": REQUEST_ID, ...headers },
  text,
});

/** Fails with the thrown error (rather than a confusing `undefined` diff) when a call threw. */
function outputOf(outcome: Outcome, side: string): MetadataBearer & Record<string, unknown> {
  if (outcome.error !== undefined) {
    throw new Error(`${side} threw instead of returning: ${outcome.error?.name}: ${outcome.error?.message}`, {
      cause: outcome.error,
    });
  }
  return outcome.output!;
}

function errorOf(outcome: Outcome, side: string): any {
  if (outcome.error === undefined) {
    throw new Error(`${side} returned instead of throwing: ${JSON.stringify(outcome.output)}`);
  }
  return outcome.error;
}

beforeEach(() => {
  // Only Date: the retry case needs real setTimeout for the backoff waits.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(FROZEN_NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

// ---------------------------------------------------------------------------------------------
// 1. Requests
// ---------------------------------------------------------------------------------------------

/** Unicode that exercises every UTF-8 length, combining marks, JSON escapes and U+2028/9. */
const UNICODE = 'é ü ß — 日本語 한국어 😀 👩‍💻 e\u0301 \u2028\u2029 "quoted" back\\slash tab\t nl\n ctl\u0001 nul\u0000';

const requestCases: Array<{ name: string; operation: OperationName; input: Record<string, unknown> }> = [
  { name: "BatchGetTraces minimal", operation: "BatchGetTraces", input: { TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] } },
  {
    name: "BatchGetTraces maximal",
    operation: "BatchGetTraces",
    input: {
      // null entries: the official drops them from non-sparse lists.
      TraceIds: ["1-5759e988-bd862e3fe1be46a994272793", null, "1-5759e988-bd862e3fe1be46a994272794", undefined],
      NextToken: `tok+/=${UNICODE}`,
    },
  },
  {
    name: "GetTraceSummaries minimal",
    operation: "GetTraceSummaries",
    input: { StartTime: new Date("2026-11-24T11:00:00Z"), EndTime: new Date("2026-11-24T12:00:00Z") },
  },
  {
    name: "GetTraceSummaries maximal (NaN sampling value)",
    operation: "GetTraceSummaries",
    input: {
      StartTime: new Date("2026-11-24T11:59:58.001Z"),
      EndTime: new Date("2026-11-24T11:59:59.999Z"),
      TimeRangeType: "Event",
      Sampling: false,
      SamplingStrategy: { Name: "FixedRate", Value: NaN },
      FilterExpression: `service("api") AND annotation.user = "${UNICODE}"`,
      NextToken: "next",
    },
  },
  {
    name: "GetTraceSummaries Infinity sampling value, undefined members",
    operation: "GetTraceSummaries",
    input: {
      StartTime: new Date("2026-11-24T11:59:59.123Z"),
      EndTime: new Date("2026-11-24T11:59:59.5Z"),
      TimeRangeType: undefined,
      Sampling: true,
      SamplingStrategy: { Name: "PartialScan", Value: Infinity },
      FilterExpression: undefined,
      NextToken: undefined,
    },
  },
  {
    name: "GetTraceSummaries -Infinity and fractional sampling values",
    operation: "GetTraceSummaries",
    input: {
      StartTime: new Date("1970-01-01T00:00:00.001Z"),
      EndTime: new Date("2286-11-20T17:46:39.999Z"),
      SamplingStrategy: { Name: "FixedRate", Value: -Infinity },
      FilterExpression: "responsetime > 0.1",
    },
  },
  {
    name: "GetTraceSummaries finite sampling value",
    operation: "GetTraceSummaries",
    input: {
      StartTime: new Date("2026-11-24T11:59:59.007Z"),
      EndTime: new Date("2026-11-24T11:59:59.070Z"),
      SamplingStrategy: { Name: "FixedRate", Value: 0.1 },
    },
  },
  {
    name: "PutTelemetryRecords minimal",
    operation: "PutTelemetryRecords",
    input: { TelemetryRecords: [{ Timestamp: new Date("2026-11-24T11:59:00Z") }] },
  },
  {
    name: "PutTelemetryRecords maximal",
    operation: "PutTelemetryRecords",
    input: {
      TelemetryRecords: [
        {
          Timestamp: new Date("2026-11-24T11:59:00.321Z"),
          SegmentsReceivedCount: 10,
          SegmentsSentCount: 9,
          SegmentsSpilloverCount: 0,
          SegmentsRejectedCount: 1,
          BackendConnectionErrors: {
            TimeoutCount: 1,
            ConnectionRefusedCount: 2,
            HTTPCode4XXCount: 3,
            HTTPCode5XXCount: 4,
            UnknownHostCount: 5,
            OtherCount: 6,
          },
        },
        null,
        {
          Timestamp: new Date("2026-11-24T11:59:30.999Z"),
          SegmentsReceivedCount: undefined,
          BackendConnectionErrors: { TimeoutCount: 0, OtherCount: undefined },
        },
      ],
      EC2InstanceId: "i-0123456789abcdef0",
      Hostname: `host-${UNICODE}`,
      ResourceARN: "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0",
    },
  },
  {
    name: "GetServiceGraph minimal",
    operation: "GetServiceGraph",
    input: { StartTime: new Date("2026-11-24T11:00:00Z"), EndTime: new Date("2026-11-24T12:00:00Z") },
  },
  {
    name: "GetServiceGraph maximal",
    operation: "GetServiceGraph",
    input: {
      StartTime: new Date("2026-11-24T11:00:00.456Z"),
      EndTime: new Date("2026-11-24T11:59:59.999Z"),
      GroupName: "ünïcødé-grøup",
      GroupARN: "arn:aws:xray:us-east-1:123456789012:group/Default/ABC",
      NextToken: "page-2",
    },
  },
  {
    name: "PutTraceSegments minimal",
    operation: "PutTraceSegments",
    input: {
      TraceSegmentDocuments: [
        '{"name":"svc","id":"70de5b6f19ff9a0a","start_time":1.478293361271E9,"trace_id":"1-581cf771-a006649127e371903a2de979","end_time":1.478293361449E9}',
      ],
    },
  },
  {
    name: "PutTraceSegments maximal (unicode documents, null entries)",
    operation: "PutTraceSegments",
    input: {
      TraceSegmentDocuments: [
        JSON.stringify({ name: "svc-😀", id: "70de5b6f19ff9a0a", annotations: { user: UNICODE }, start_time: 1795003199.999 }),
        null,
        `raw ${UNICODE}`,
        // A lone surrogate: JSON.stringify escapes it, so content-length and the hash must agree.
        "lone \ud800 surrogate \udc00 pair-less",
        "",
        undefined,
      ],
    },
  },
  {
    name: "GetTraceGraph minimal",
    operation: "GetTraceGraph",
    input: { TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] },
  },
  {
    name: "GetTraceGraph maximal",
    operation: "GetTraceGraph",
    input: {
      TraceIds: [null, "1-5759e988-bd862e3fe1be46a994272793", "1-5759e988-bd862e3fe1be46a994272794", null],
      NextToken: "🔑",
    },
  },
  {
    name: "null members and members the model does not know are left out",
    operation: "GetTraceSummaries",
    input: {
      StartTime: new Date("2026-11-24T11:00:00.010Z"),
      EndTime: new Date("2026-11-24T11:30:00.100Z"),
      TimeRangeType: null,
      SamplingStrategy: { Name: null, Value: 0.5, Future: "x" },
      FilterExpression: null,
      NotInTheModel: "dropped",
    },
  },
  {
    // Neither client validates required members: the body simply lacks them.
    name: "required members missing",
    operation: "PutTelemetryRecords",
    input: { TelemetryRecords: [{ SegmentsSentCount: 1 }, {}], Hostname: "h" },
  },
  {
    name: "empty lists",
    operation: "PutTraceSegments",
    input: { TraceSegmentDocuments: [] },
  },
];

/** Client options other than the defaults, each of which changes host, path or signing scope. */
const endpointCases: Array<{ name: string; config: Record<string, unknown> }> = [
  { name: "eu-west-1", config: { region: "eu-west-1" } },
  { name: "cn-north-1 (aws-cn partition)", config: { region: "cn-north-1" } },
  { name: "us-gov-west-1 (aws-us-gov partition)", config: { region: "us-gov-west-1" } },
  { name: "FIPS", config: { useFipsEndpoint: true } },
  { name: "dual-stack", config: { useDualstackEndpoint: true } },
  { name: "FIPS and dual-stack", config: { useFipsEndpoint: true, useDualstackEndpoint: true } },
  { name: "custom endpoint with port (local daemon)", config: { endpoint: "http://127.0.0.1:2000" } },
  { name: "custom endpoint with port and path", config: { endpoint: "https://proxy.example.com:8443/a/b" } },
  {
    name: "custom endpoint as an object",
    config: { region: "eu-west-1", endpoint: { protocol: "https:", hostname: "h.example.com", port: 444, path: "/p" } },
  },
];

describe("requests are identical on the wire", () => {
  it.each(requestCases)("$name", async ({ operation, input }) => {
    const { ours, official } = await both(operation, input, ok("{}"));
    outputOf(official, "official");
    outputOf(ours, "ours");
    expect(official.requests).toHaveLength(1);
    expect(ours.requests).toHaveLength(1);
    const [o, u] = [official.requests[0]!, ours.requests[0]!];
    // The harness itself: the clock mock and the normaliser must have taken effect on both sides.
    expect(o.headers["x-amz-date"]).toBe(FROZEN_AMZ_DATE);
    expect(u.headers["amz-sdk-invocation-id"]).toBe("00000000-0000-4000-8000-000000000000");
    expect(u.headers["user-agent"]).toBe("test-agent");
    expect(u.body).toBe(o.body);
    expect(u.headers["authorization"]).toBe(o.headers["authorization"]);
    expect(u).toEqual(o);
  });

  it("with a session token, x-amz-security-token is sent and signed identically", async () => {
    const input = requestCases.find((c) => c.name === "GetTraceSummaries maximal (NaN sampling value)")!.input;
    const { ours, official } = await both("GetTraceSummaries", input, ok("{}"), { credentials: SESSION_CREDENTIALS });
    outputOf(official, "official");
    outputOf(ours, "ours");
    const [o, u] = [official.requests[0]!, ours.requests[0]!];
    expect(o.headers["x-amz-security-token"]).toBe(SESSION_CREDENTIALS.sessionToken);
    expect(u.headers["authorization"]).toBe(o.headers["authorization"]);
    expect(u).toEqual(o);
  });

  it.each(endpointCases)("endpoint: $name", async ({ config }) => {
    const input = { TraceSegmentDocuments: ['{"name":"svc"}'] };
    const { ours, official } = await both("PutTraceSegments", input, ok("{}"), { config });
    outputOf(official, "official");
    outputOf(ours, "ours");
    expect(ours.requests[0]!.headers["authorization"]).toBe(official.requests[0]!.headers["authorization"]);
    expect(ours.requests).toEqual(official.requests);
  });

  it("in Lambda, both pass the invocation's trace header on", async () => {
    // The official client's recursion-detection middleware; ours does the same in its serializer.
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "my-function");
    vi.stubEnv("_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
    try {
      const { ours, official } = await both("PutTraceSegments", { TraceSegmentDocuments: ["{}"] }, ok("{}"));
      expect(official.requests[0]!.headers["x-amzn-trace-id"]).toBe(process.env["_X_AMZN_TRACE_ID"]);
      expect(ours.requests).toEqual(official.requests);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Outputs
// ---------------------------------------------------------------------------------------------

const serviceId = (name: string) => ({
  Name: name,
  Names: [name, `${name}-alias`],
  AccountId: "123456789012",
  Type: "AWS::EC2::Instance",
});

const rootCauseService = (entity: Record<string, unknown>) => ({
  Name: "api",
  Names: ["api", "api.example.com"],
  Type: "AWS::ECS::Container",
  AccountId: "123456789012",
  EntityPath: [entity, { Name: "downstream", Remote: true }],
  Inferred: false,
});

const traceSummariesBody = {
  TraceSummaries: [
    {
      Id: "1-5759e988-bd862e3fe1be46a994272793",
      StartTime: 1795003199.999,
      Duration: 0.125,
      ResponseTime: 0.1,
      HasFault: true,
      HasError: false,
      HasThrottle: false,
      IsPartial: false,
      Http: {
        HttpURL: "https://api.example.com/ü?q=1",
        HttpStatus: 503,
        HttpMethod: "POST",
        UserAgent: "curl/8.4.0",
        ClientIp: "203.0.113.9",
      },
      Annotations: {
        count: [{ AnnotationValue: { NumberValue: 42.5 }, ServiceIds: [serviceId("api")] }],
        flag: [{ AnnotationValue: { BooleanValue: false }, ServiceIds: [] }],
        user: [{ AnnotationValue: { StringValue: "ユーザー 😀" }, ServiceIds: [serviceId("auth")] }],
        // A variant newer than the model: both must surface it as $unknown.
        when: [{ AnnotationValue: { DateValue: "2026-11-24" }, ServiceIds: [serviceId("api")] }],
        several: [{ AnnotationValue: { NumberValue: 0 } }, { AnnotationValue: { StringValue: "" } }],
      },
      Users: [{ UserName: "alice", ServiceIds: [serviceId("api")] }],
      ServiceIds: [serviceId("api"), serviceId("auth")],
      ResourceARNs: [{ ARN: "arn:aws:ecs:us-east-1:123456789012:task/abc" }],
      InstanceIds: [{ Id: "i-0123456789abcdef0" }],
      AvailabilityZones: [{ Name: "us-east-1a" }, { Name: "us-east-1b" }],
      EntryPoint: serviceId("api"),
      FaultRootCauses: [
        {
          Services: [
            rootCauseService({
              Name: "handler",
              Exceptions: [{ Name: "TimeoutError", Message: "timed out after 3000 ms" }],
              Remote: false,
            }),
          ],
          ClientImpacting: true,
        },
      ],
      ErrorRootCauses: [
        {
          Services: [rootCauseService({ Name: "validator", Exceptions: [{ Name: "ValidationError", Message: "bad" }] })],
          ClientImpacting: false,
        },
      ],
      ResponseTimeRootCauses: [
        { Services: [rootCauseService({ Name: "db", Coverage: 0.75, Remote: true })], ClientImpacting: true },
      ],
      Revision: 3,
      // Epoch seconds quoted as a string.
      MatchedEventTime: "1795003199.5",
    },
    {
      Id: "1-5759e988-bd862e3fe1be46a994272794",
      StartTime: "1795003200",
      Duration: 2,
      Revision: 0,
    },
  ],
  ApproximateTime: 1795003200.123,
  TracesProcessedCount: 12345678901,
  NextToken: "next-page",
};

const histogram = [
  { Value: 0.005, Count: 10 },
  { Value: 1.5, Count: 2 },
];
const statistics = {
  OkCount: 100,
  ErrorStatistics: { ThrottleCount: 1, OtherCount: 2, TotalCount: 3 },
  FaultStatistics: { OtherCount: 4, TotalCount: 4 },
  TotalCount: 107,
  TotalResponseTime: 12.345,
};
const serviceGraphService = (referenceId: number, name: string) => ({
  ReferenceId: referenceId,
  Name: name,
  Names: [name],
  Root: referenceId === 0,
  AccountId: "123456789012",
  Type: "AWS::Lambda::Function",
  State: "active",
  StartTime: 1795003140.25,
  EndTime: "1795003200.75",
  Edges: [
    {
      ReferenceId: referenceId + 1,
      StartTime: 1795003140,
      EndTime: 1795003199.001,
      SummaryStatistics: statistics,
      ResponseTimeHistogram: histogram,
      Aliases: [{ Name: "db", Names: ["db", "db.internal"], Type: "remote" }],
      EdgeType: "REQUEST",
      ReceivedEventAgeHistogram: [{ Value: 3, Count: 1 }],
    },
  ],
  SummaryStatistics: statistics,
  DurationHistogram: histogram,
  ResponseTimeHistogram: [{ Value: 0.25, Count: 7 }],
});

const serviceGraphBody = {
  StartTime: 1795003140,
  EndTime: 1795003200.5,
  Services: [serviceGraphService(0, "api"), serviceGraphService(1, "db")],
  ContainsOldGroupVersions: true,
  NextToken: "sg-next",
};

const batchGetTracesBody = {
  Traces: [
    {
      Id: "1-5759e988-bd862e3fe1be46a994272793",
      Duration: 0.125,
      LimitExceeded: false,
      Segments: [
        { Id: "70de5b6f19ff9a0a", Document: '{"name":"api","id":"70de5b6f19ff9a0a","start_time":1795003199.874}' },
        { Id: "70de5b6f19ff9a0b", Document: JSON.stringify({ name: "db 😀", annotations: { user: "ü" } }) },
      ],
    },
  ],
  UnprocessedTraceIds: ["1-5759e988-bd862e3fe1be46a994272799"],
  NextToken: "bgt-next",
};

const outputCases: Array<{
  name: string;
  operation: OperationName;
  input: Record<string, unknown>;
  body: string;
  /** All the response headers, when not the usual content type and request id. */
  headers?: Record<string, string>;
}> = [
  {
    name: "GetTraceSummaries realistic",
    operation: "GetTraceSummaries",
    input: { StartTime: new Date("2026-11-24T11:00:00Z"), EndTime: new Date("2026-11-24T12:00:00Z") },
    body: JSON.stringify(traceSummariesBody),
    // Every header $metadata is read from.
    headers: {
      "content-type": "application/json",
      "x-amzn-requestid": REQUEST_ID,
      "x-amz-id-2": "extended/id+2=",
      "x-amz-cf-id": "cloudfront-id==",
    },
  },
  {
    name: "GetServiceGraph realistic",
    operation: "GetServiceGraph",
    input: { StartTime: new Date("2026-11-24T11:00:00Z"), EndTime: new Date("2026-11-24T12:00:00Z") },
    body: JSON.stringify(serviceGraphBody),
  },
  {
    name: "GetTraceGraph realistic",
    operation: "GetTraceGraph",
    input: { TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] },
    body: JSON.stringify({ Services: serviceGraphBody.Services, NextToken: "tg-next" }),
  },
  {
    name: "BatchGetTraces realistic",
    operation: "BatchGetTraces",
    input: { TraceIds: ["1-5759e988-bd862e3fe1be46a994272793", "1-5759e988-bd862e3fe1be46a994272799"] },
    body: JSON.stringify(batchGetTracesBody),
  },
  {
    name: "PutTraceSegments realistic (UnprocessedTraceSegments)",
    operation: "PutTraceSegments",
    input: { TraceSegmentDocuments: ["{}"] },
    body: JSON.stringify({
      UnprocessedTraceSegments: [
        { Id: "70de5b6f19ff9a0a", ErrorCode: "InvalidSegment", Message: "segment is missing trace_id" },
        { Id: "70de5b6f19ff9a0b", ErrorCode: "ThrottledException" },
      ],
    }),
  },
  {
    name: "PutTraceSegments nothing unprocessed",
    operation: "PutTraceSegments",
    input: { TraceSegmentDocuments: ["{}"] },
    body: JSON.stringify({ UnprocessedTraceSegments: [] }),
  },
  {
    name: "PutTelemetryRecords {}",
    operation: "PutTelemetryRecords",
    input: { TelemetryRecords: [{ Timestamp: new Date("2026-11-24T11:59:00Z") }] },
    body: "{}",
  },
  // --- edge cases, one concern each so that a difference points at its cause ---
  {
    name: "unknown top-level and nested fields are ignored",
    operation: "GetTraceSummaries",
    input: { StartTime: new Date(0), EndTime: new Date(1000) },
    body: JSON.stringify({
      FutureTopLevel: { nested: [1, 2, 3] },
      TraceSummaries: [
        {
          Id: "1-a",
          FutureMember: "x",
          Http: { HttpStatus: 200, FutureHttp: true },
          EntryPoint: { Name: "api", FutureId: 1 },
          Annotations: { k: [{ AnnotationValue: { StringValue: "v" }, FutureField: 1 }] },
        },
      ],
      ApproximateTime: 1795003200,
    }),
  },
  {
    name: "null members are omitted",
    operation: "GetTraceSummaries",
    input: { StartTime: new Date(0), EndTime: new Date(1000) },
    body: JSON.stringify({
      TraceSummaries: [{ Id: "1-a", Duration: null, Http: null, HasFault: null, Annotations: null, Users: null, EntryPoint: null }],
      ApproximateTime: null,
      TracesProcessedCount: null,
      NextToken: null,
    }),
  },
  {
    name: "null list entries",
    operation: "BatchGetTraces",
    input: { TraceIds: ["1-a"] },
    body: JSON.stringify({
      Traces: [null, { Id: "1-a", Segments: [null, { Id: "s", Document: "{}" }] }],
      UnprocessedTraceIds: ["1-b", null, "1-c"],
    }),
  },
  {
    name: "null map values and null entries in map values",
    operation: "GetTraceSummaries",
    input: { StartTime: new Date(0), EndTime: new Date(1000) },
    body: JSON.stringify({
      TraceSummaries: [
        {
          Id: "1-a",
          Annotations: {
            gone: null,
            sparse: [null, { AnnotationValue: { NumberValue: 1 } }],
          },
        },
      ],
    }),
  },
  {
    name: "union with a null variant next to a set one",
    operation: "GetTraceSummaries",
    input: { StartTime: new Date(0), EndTime: new Date(1000) },
    body: JSON.stringify({
      TraceSummaries: [
        {
          Annotations: {
            a: [{ AnnotationValue: { NumberValue: null, StringValue: "s" } }],
            b: [{ AnnotationValue: { BooleanValue: true, FutureVariant: null } }],
          },
        },
      ],
    }),
  },
  {
    name: '"NaN" / "Infinity" / "-Infinity" doubles',
    operation: "GetServiceGraph",
    input: { StartTime: new Date(0), EndTime: new Date(1000) },
    body: JSON.stringify({
      Services: [
        {
          Name: "api",
          SummaryStatistics: { TotalResponseTime: "NaN" },
          DurationHistogram: [
            { Value: "Infinity", Count: 1 },
            { Value: "-Infinity", Count: 2 },
            { Value: "NaN", Count: 3 },
          ],
          Edges: [{ SummaryStatistics: { TotalResponseTime: "-Infinity" } }],
        },
      ],
    }),
  },
  {
    name: '"NaN" / "Infinity" in summaries and annotation values',
    operation: "GetTraceSummaries",
    input: { StartTime: new Date(0), EndTime: new Date(1000) },
    body: JSON.stringify({
      TraceSummaries: [
        {
          Duration: "Infinity",
          ResponseTime: "-Infinity",
          Annotations: { n: [{ AnnotationValue: { NumberValue: "NaN" } }] },
          ResponseTimeRootCauses: [{ Services: [{ EntityPath: [{ Coverage: "NaN" }] }] }],
        },
      ],
    }),
  },
  {
    name: "timestamps: integer, fractional, numeric-string, sub-millisecond",
    operation: "GetServiceGraph",
    input: { StartTime: new Date(0), EndTime: new Date(1000) },
    body: JSON.stringify({
      StartTime: 0,
      EndTime: "1795003200.0015",
      Services: [
        { StartTime: 1795003199.9995, EndTime: "1795003200" },
        { StartTime: 1.7950032e9, EndTime: -1.5 },
      ],
    }),
  },
  {
    name: "members the model gives defaults (Revision, ContainsOldGroupVersions, histogram) are absent",
    operation: "GetServiceGraph",
    input: { StartTime: new Date(0), EndTime: new Date(1000) },
    body: JSON.stringify({ Services: [{ Name: "api", DurationHistogram: [{}] }] }),
  },
  {
    // Custom transports may not lower-case header names (Node's http does).
    name: "response header names in mixed case",
    operation: "PutTraceSegments",
    input: { TraceSegmentDocuments: ["{}"] },
    body: "{}",
    headers: { "X-Amzn-RequestId": "MixedCaseId", "X-Amz-Id-2": "ext", "X-Amz-Cf-Id": "cf", "Content-Type": "application/json" },
  },
  {
    name: "request id from x-amz-request-id",
    operation: "PutTraceSegments",
    input: { TraceSegmentDocuments: ["{}"] },
    body: "{}",
    headers: { "x-amz-request-id": "alternative-id" },
  },
  {
    name: "empty body with 200",
    operation: "GetServiceGraph",
    input: { StartTime: new Date(0), EndTime: new Date(1000) },
    body: "",
  },
  {
    name: "whitespace-only body with 200",
    operation: "PutTelemetryRecords",
    input: { TelemetryRecords: [{ Timestamp: new Date(0) }] },
    body: " \n",
  },
];

describe("outputs are deep-equal", () => {
  it.each(outputCases)("$name", async ({ operation, input, body, headers }) => {
    const responder: Responder = () => ({ statusCode: 200, headers: { ...headers }, text: body });
    const { ours, official } = await both(operation, input, headers ? responder : ok(body));
    const expected = outputOf(official, "official");
    const actual = outputOf(ours, "ours");
    // `$metadata` is part of the comparison: status, request ids, attempts, retry delay.
    expect(expected.$metadata.httpStatusCode).toBe(200);
    expect(actual).toEqual(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Errors
// ---------------------------------------------------------------------------------------------

type ErrorClassName = "InvalidRequestException" | "ThrottledException" | "XRayServiceException";

const errorCases: Array<{
  name: string;
  canned: Canned;
  ours: ErrorClassName;
  maxAttempts?: number;
}> = [
  {
    name: "400 InvalidRequestException, code in x-amzn-errortype",
    canned: {
      statusCode: 400,
      headers: { "x-amzn-errortype": "InvalidRequestException" },
      text: '{"Message":"TraceIds must not be empty"}',
    },
    ours: "InvalidRequestException",
  },
  {
    name: "400 code only in body __type with a namespace",
    canned: {
      statusCode: 400,
      text: '{"__type":"com.amazonaws.xray#InvalidRequestException","message":"namespaced code"}',
    },
    ours: "InvalidRequestException",
  },
  {
    name: "400 code in body code",
    canned: { statusCode: 400, text: '{"code":"InvalidRequestException","Message":"code in body"}' },
    ours: "InvalidRequestException",
  },
  {
    name: "400 code with a :http:// suffix",
    canned: {
      statusCode: 400,
      headers: { "x-amzn-errortype": "InvalidRequestException:http://internal.amazon.com/coral/com.amazonaws.xray/" },
      text: '{"Message":"suffixed code"}',
    },
    ours: "InvalidRequestException",
  },
  {
    name: "429 ThrottledException (maxAttempts 1)",
    canned: {
      statusCode: 429,
      headers: { "x-amzn-errortype": "ThrottledException" },
      text: '{"Message":"Rate exceeded"}',
    },
    ours: "ThrottledException",
    maxAttempts: 1,
  },
  {
    name: "403 unmodelled AccessDeniedException",
    canned: {
      statusCode: 403,
      headers: { "x-amzn-errortype": "AccessDeniedException" },
      text: '{"Message":"User: arn:aws:iam::123456789012:user/x is not authorized to perform: xray:GetTraceSummaries"}',
    },
    ours: "XRayServiceException",
  },
  {
    // Official (3.1169.0): XRayServiceException named "Unknown", message "UnknownError".
    name: "502 empty body",
    canned: { statusCode: 502, text: "" },
    ours: "XRayServiceException",
  },
  {
    // Official (3.1169.0): XRayServiceException named "Unknown".
    name: "404 message but no code",
    canned: { statusCode: 404, text: '{"message":"Not Found"}' },
    ours: "XRayServiceException",
  },
];

/** Further code-finding and message-finding rules, beyond the cases above. */
const moreErrorCases: typeof errorCases = [
  {
    name: "x-amzn-errortype header name in mixed case",
    canned: { statusCode: 400, headers: { "X-Amzn-ErrorType": "InvalidRequestException" }, text: '{"Message":"m"}' },
    ours: "InvalidRequestException",
  },
  {
    name: "header code wins over body code and __type",
    canned: {
      statusCode: 400,
      headers: { "x-amzn-errortype": "ThrottledException" },
      text: '{"__type":"InvalidRequestException","code":"Other","Message":"m"}',
    },
    ours: "ThrottledException",
  },
  {
    name: "body code wins over __type",
    canned: { statusCode: 400, text: '{"__type":"InvalidRequestException","code":"ThrottledException","Message":"m"}' },
    ours: "ThrottledException",
  },
  {
    name: "namespaced code in the header",
    canned: { statusCode: 400, headers: { "x-amzn-errortype": "aws.other#InvalidRequestException" }, text: '{"Message":"m"}' },
    ours: "InvalidRequestException",
  },
  {
    name: "both message and Message in the body",
    canned: {
      statusCode: 400,
      headers: { "x-amzn-errortype": "InvalidRequestException" },
      text: '{"message":"lower-case wins","Message":"upper-case"}',
    },
    ours: "InvalidRequestException",
  },
  {
    // The modelled class decides $fault, not the status.
    name: "modelled code with status 500",
    canned: { statusCode: 500, headers: { "x-amzn-errortype": "InvalidRequestException" }, text: '{"Message":"odd"}' },
    ours: "InvalidRequestException",
  },
  {
    name: "unmodelled code with status 500",
    canned: { statusCode: 500, headers: { "x-amzn-errortype": "InternalFailure" }, text: '{"message":"internal"}' },
    ours: "XRayServiceException",
  },
  {
    name: "unmodelled code with status 503",
    canned: { statusCode: 503, headers: { "x-amzn-errortype": "ServiceUnavailable" }, text: '{"message":"busy"}' },
    ours: "XRayServiceException",
  },
  {
    name: "unmodelled code without a message",
    canned: { statusCode: 400, headers: { "x-amzn-errortype": "ValidationException" }, text: "{}" },
    ours: "XRayServiceException",
  },
];

/** Our error class by name; official instances are checked against the official class of the same name. */
const OUR_CLASSES: Record<ErrorClassName, new (...args: any[]) => Error> = {
  InvalidRequestException: Ours.InvalidRequestException,
  ThrottledException: Ours.ThrottledException,
  XRayServiceException: Ours.XRayServiceException,
};

/** The modelled members of X-Ray's errors (both have exactly `Message`). */
const MODELLED_ERROR_MEMBERS = ["Message"] as const;

async function errorPair(canned: Canned, maxAttempts = 1): Promise<{ ours: any; official: any; o: Outcome; u: Outcome }> {
  const responder: Responder = () => ({
    ...canned,
    headers: { "x-amzn-requestid": REQUEST_ID, ...(canned.headers ?? {}) },
  });
  const { ours, official } = await both("GetTraceSummaries", { StartTime: new Date(0), EndTime: new Date(1000) }, responder, {
    maxAttempts,
  });
  return { ours: errorOf(ours, "ours"), official: errorOf(official, "official"), o: official, u: ours };
}

describe("errors are equivalent", () => {
  it.each([...errorCases, ...moreErrorCases])("$name", async ({ canned, ours: className, maxAttempts }) => {
    const { ours, official, o, u } = await errorPair(canned, maxAttempts);
    // The failed call's request is also byte-identical.
    expect(u.requests).toEqual(o.requests);
    expect(ours).toBeInstanceOf(OUR_CLASSES[className]);
    expect({
      name: ours.name,
      $fault: ours.$fault,
      httpStatusCode: ours.$metadata?.httpStatusCode,
      requestId: ours.$metadata?.requestId,
      attempts: ours.$metadata?.attempts,
    }).toEqual({
      name: official.name,
      $fault: official.$fault,
      httpStatusCode: official.$metadata?.httpStatusCode,
      requestId: official.$metadata?.requestId,
      attempts: official.$metadata?.attempts,
    });
    // Ours adds operation, code, status and request id to the message on purpose; the service's
    // own message must still be in it. "UnknownError" is the official client's stand-in for "the
    // service sent no message", not text from the service, so ours need not repeat it.
    if (typeof official.message === "string" && official.message !== "" && official.message !== "UnknownError") {
      expect(ours.message).toContain(official.message);
    }
  });

  // A known, accepted divergence, pinned on both sides: the official client (3.1169.0) builds the
  // error with `Message` from the body and then deletes it again in `decorateServiceException`
  // (moving it to `message`), so its `Message` is always undefined; ours keeps the modelled
  // member as the model declares it, with the service's text.
  it.each(errorCases.filter((c) => c.ours !== "XRayServiceException"))("$name: modelled members", async ({ canned, maxAttempts }) => {
    const { ours, official } = await errorPair(canned, maxAttempts);
    const body = JSON.parse(canned.text) as Record<string, unknown>;
    for (const member of MODELLED_ERROR_MEMBERS) {
      expect(official[member]).toBeUndefined();
      expect(ours[member]).toBe(body[member]);
    }
  });

  it("the official classes are what the cases expect (guards the oracle)", async () => {
    // If the official client changes how it maps these, the expectations above need a second look.
    const invalid = await errorPair(errorCases[0]!.canned);
    expect(invalid.official).toBeInstanceOf(Official.InvalidRequestException);
    const throttled = await errorPair(errorCases[4]!.canned);
    expect(throttled.official).toBeInstanceOf(Official.ThrottledException);
    const denied = await errorPair(errorCases[5]!.canned);
    expect(denied.official).toBeInstanceOf(Official.XRayServiceException);
    expect(denied.official.name).toBe("AccessDeniedException");
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Retries
// ---------------------------------------------------------------------------------------------

describe("retries", () => {
  const flaky: Responder = (attempt): Canned =>
    attempt === 1
      ? { statusCode: 503, headers: { "x-amzn-requestid": "first-attempt" }, text: '{"message":"Service Unavailable"}' }
      : {
          statusCode: 200,
          headers: { "content-type": "application/json", "x-amzn-requestid": REQUEST_ID },
          text: JSON.stringify({ UnprocessedTraceSegments: [] }),
        };
  const input = { TraceSegmentDocuments: ['{"name":"svc"}'] };

  /** Headers whose value depends on the signed content (which includes amz-sdk-request). */
  const withoutSignature = (request: WireRequest): WireRequest => {
    const { authorization: _authorization, "amz-sdk-request": _attempt, ...headers } = request.headers;
    return { ...request, headers };
  };

  it("503 then 200: both succeed after 2 attempts with the same requests", async () => {
    // Date stays frozen (so the signatures of both clients are comparable); setTimeout is real,
    // so the backoff waits (tens of milliseconds) actually happen.
    const { ours, official } = await both("PutTraceSegments", input, flaky, { maxAttempts: 3 });
    const expected = outputOf(official, "official");
    const actual = outputOf(ours, "ours");
    expect(expected.$metadata.attempts).toBe(2);
    expect(actual.$metadata.attempts).toBe(2);
    // totalRetryDelay is random (jittered backoff), so it is compared apart below.
    const { totalRetryDelay: _o, ...officialMetadata } = expected.$metadata;
    const { totalRetryDelay: _u, ...ourMetadata } = actual.$metadata;
    expect({ ...actual, $metadata: ourMetadata }).toEqual({ ...expected, $metadata: officialMetadata });

    for (const side of [official, ours]) {
      expect(side.requests).toHaveLength(2);
      expect(side.requests.map((r) => r.headers["amz-sdk-request"])).toEqual(["attempt=1; max=3", "attempt=2; max=3"]);
      // Within one client, the two attempts differ only in the attempt header and the signature.
      expect(withoutSignature(side.requests[1]!)).toEqual(withoutSignature(side.requests[0]!));
    }
    // Across clients, each attempt is byte-identical, signature included.
    expect(ours.requests).toEqual(official.requests);
  });

  it("503 then 200 on a real clock: both report a positive totalRetryDelay", async () => {
    // Ours measures the wait with Date.now(), the official adds up the delays it chose; on a real
    // clock both must be positive. Both jitter the delay with Math.random(), which now and then
    // draws a delay under 1 ms (0 in whole milliseconds): fixed at the middle of its range here,
    // so the waits are real and the test cannot flake.
    vi.useRealTimers();
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const { ours, official } = await both("PutTraceSegments", input, flaky, { maxAttempts: 3 }).finally(() => vi.mocked(Math.random).mockRestore());
    expect(outputOf(official, "official").$metadata.totalRetryDelay).toBeGreaterThan(0);
    expect(outputOf(ours, "ours").$metadata.totalRetryDelay).toBeGreaterThan(0);
  });

  it("429 ThrottledException then 200 (maxAttempts 3): both retry once, same requests", async () => {
    const throttledOnce: Responder = (attempt): Canned =>
      attempt === 1
        ? { statusCode: 429, headers: { "x-amzn-errortype": "ThrottledException" }, text: '{"Message":"Rate exceeded"}' }
        : { statusCode: 200, headers: { "x-amzn-requestid": REQUEST_ID }, text: "{}" };
    const { ours, official } = await both("PutTraceSegments", input, throttledOnce, { maxAttempts: 3 });
    expect(outputOf(official, "official").$metadata.attempts).toBe(2);
    expect(outputOf(ours, "ours").$metadata.attempts).toBe(2);
    expect(ours.requests).toEqual(official.requests);
  });

  it("a 500 is retried the same number of times by both (maxAttempts 2)", async () => {
    const { ours, official } = await errorPair(
      { statusCode: 500, headers: { "x-amzn-errortype": "InternalFailure" }, text: '{"message":"oops"}' },
      2,
    );
    expect(official.$metadata.attempts).toBe(2);
    expect(ours.$metadata.attempts).toBe(official.$metadata.attempts);
    expect(ours.name).toBe(official.name);
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Clock skew
// ---------------------------------------------------------------------------------------------

describe("clock skew", () => {
  const input = { TraceSegmentDocuments: ['{"name":"svc"}'] };
  const httpDate = (offsetMs: number) => new Date(FROZEN_NOW.getTime() + offsetMs).toUTCString();

  it("a 403 InvalidSignatureException with a server Date an hour ahead: both correct the clock and retry identically", async () => {
    const skewed: Responder = (attempt): Canned =>
      attempt === 1
        ? {
            statusCode: 403,
            headers: { "x-amzn-errortype": "InvalidSignatureException", date: httpDate(3_600_000) },
            text: '{"message":"Signature expired: 20261124T120000Z is now earlier than 20261124T125500Z"}',
          }
        : { statusCode: 200, headers: { "x-amzn-requestid": REQUEST_ID }, text: "{}" };
    const { ours, official } = await both("PutTraceSegments", input, skewed, { maxAttempts: 3 });
    expect(outputOf(official, "official").$metadata.attempts).toBe(2);
    expect(outputOf(ours, "ours").$metadata.attempts).toBe(2);
    expect(official.requests[1]!.headers["x-amz-date"]).toBe("20261124T130000Z");
    expect(ours.requests).toEqual(official.requests);
  });

  it("a server Date 90 s ahead on a successful response moves the next request's signing time", async () => {
    // The official client (AwsSdkSigV4Signer.successHandler/errorHandler) adopts the server's
    // clock from every response's Date header, however small the skew; it only flags
    // `clockSkewCorrected` (and so retries) from 4 minutes on. The second call must therefore
    // be signed at 12:01:30 by both.
    const responder: Responder = (attempt) => ({
      statusCode: 200,
      headers: { "x-amzn-requestid": REQUEST_ID, ...(attempt === 1 ? { date: httpDate(90_000) } : {}) },
      text: "{}",
    });
    const official = await sendSeveral("official", "PutTraceSegments", [input, input], responder, {});
    const ours = await sendSeveral("ours", "PutTraceSegments", [input, input], responder, {});
    const officialRequests = official[0]!.requests;
    expect(officialRequests.map((r) => r.headers["x-amz-date"])).toEqual(["20261124T120000Z", "20261124T120130Z"]);
    expect(ours[0]!.requests).toEqual(officialRequests);
  });
});

// ---------------------------------------------------------------------------------------------
// 6. Malformed timestamps in responses
// ---------------------------------------------------------------------------------------------

describe("malformed timestamps in responses", () => {
  it.each(['"NaN"', '"Infinity"', '"-Infinity"'])("ApproximateTime %s is rejected, not turned into an Invalid Date", async (value) => {
    // The official client throws ("Epoch timestamps must be valid, non-Infinite, non-NaN
    // numerics"); a typed `Date` field holding an Invalid Date would only fail later, far from
    // the response that caused it.
    const { ours, official } = await both(
      "GetTraceSummaries",
      { StartTime: new Date(0), EndTime: new Date(1000) },
      ok(`{"ApproximateTime":${value}}`),
    );
    expect(errorOf(official, "official")).toBeInstanceOf(TypeError);
    errorOf(ours, "ours");
  });
});

// ---------------------------------------------------------------------------------------------
// 7. Known divergences
// ---------------------------------------------------------------------------------------------

/**
 * Inputs and responses outside what the model and the service produce, where the two clients
 * differ and ours is deliberately different (and, we judge, no worse). Each test pins BOTH
 * behaviours, so that it fails when either client changes and the divergence needs a new look.
 */
describe("known divergences (pinned on both sides)", () => {
  it("a 500 with an HTML body: the official throws a bare SyntaxError, ours a server-fault XRayServiceException quoting the body", async () => {
    const { ours, official } = await errorPair({
      statusCode: 500,
      headers: { "content-type": "text/html" },
      text: "<html><head><title>500</title></head><body><h1>Internal Server Error</h1></body></html>",
    });
    expect(official.name).toBe("SyntaxError");
    expect(official.$fault).toBeUndefined();
    expect(ours).toBeInstanceOf(Ours.XRayServiceException);
    expect({ name: ours.name, $fault: ours.$fault, status: ours.$metadata?.httpStatusCode }).toEqual({ name: "Unknown", $fault: "server", status: 500 });
    expect(ours.message).toContain("Internal Server Error");
  });

  const summariesInput = { StartTime: new Date(0), EndTime: new Date(1000) };
  const annotations = (outcome: Outcome): any =>
    (outputOf(outcome, "?") as unknown as { TraceSummaries: Array<{ Annotations: any }> }).TraceSummaries[0]!.Annotations;

  it("an annotation keyed __proto__: the official loses its value, ours keeps it as data", async () => {
    const body = '{"TraceSummaries":[{"Annotations":{"__proto__":[{"AnnotationValue":{"StringValue":"p"}}]}}]}';
    const { ours, official } = await both("GetTraceSummaries", summariesInput, ok(body));
    const o = annotations(official);
    const u = annotations(ours);
    expect(Object.getOwnPropertyDescriptor(o, "__proto__")?.value).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(u, "__proto__")?.value).toEqual([{ AnnotationValue: { StringValue: "p" } }]);
    // Neither pollutes prototypes.
    expect(Object.getPrototypeOf(u)).toBe(Object.prototype);
  });

  it("a union with two variants set: the official keeps both, ours the first in model order", async () => {
    const body = '{"TraceSummaries":[{"Annotations":{"a":[{"AnnotationValue":{"StringValue":"x","NumberValue":1}}]}}]}';
    const { ours, official } = await both("GetTraceSummaries", summariesInput, ok(body));
    expect(annotations(official).a[0].AnnotationValue).toEqual({ StringValue: "x", NumberValue: 1 });
    expect(annotations(ours).a[0].AnnotationValue).toEqual({ NumberValue: 1 });
  });

  it.each(["{}", '{"NumberValue":null}'])("a union with no variant set (%s): the official gives {}, ours leaves the member out", async (union) => {
    const body = `{"TraceSummaries":[{"Annotations":{"a":[{"AnnotationValue":${union}}]}}]}`;
    const { ours, official } = await both("GetTraceSummaries", summariesInput, ok(body));
    expect(annotations(official).a[0]).toEqual({ AnnotationValue: {} });
    expect(annotations(official).a[0]).toHaveProperty("AnnotationValue");
    expect(annotations(ours).a[0]).not.toHaveProperty("AnnotationValue");
  });

  it("an epoch-seconds timestamp sent as an ISO string: the official throws, ours parses it", async () => {
    const { ours, official } = await both("GetTraceSummaries", summariesInput, ok('{"ApproximateTime":"2026-11-24T12:00:00Z"}'));
    expect(errorOf(official, "official")).toBeInstanceOf(TypeError);
    expect(outputOf(ours, "ours")["ApproximateTime"]).toEqual(new Date("2026-11-24T12:00:00Z"));
  });

  it("a 200 whose body is not JSON: the official throws a SyntaxError, ours an XRayServiceException", async () => {
    const { ours, official } = await both("PutTraceSegments", { TraceSegmentDocuments: [] }, ok("<html>OK</html>"));
    expect(errorOf(official, "official").name).toBe("SyntaxError");
    const error = errorOf(ours, "ours");
    expect(error).toBeInstanceOf(Ours.XRayServiceException);
    expect(error.name).toBe("SerializationException");
    expect(error.$metadata.httpStatusCode).toBe(200);
  });

  it.each(["[1,2]", '"text"'])("a 200 whose JSON body is not an object (%s): the official returns an empty output, ours throws", async (body) => {
    const { ours, official } = await both("PutTraceSegments", { TraceSegmentDocuments: [] }, ok(body));
    const { $metadata: _, ...rest } = outputOf(official, "official");
    expect(rest).toEqual({});
    expect(errorOf(ours, "ours").name).toBe("SerializationException");
  });

  it("a 200 whose body is null: the official fails with a TypeError, ours with an XRayServiceException", async () => {
    const { ours, official } = await both("PutTraceSegments", { TraceSegmentDocuments: [] }, ok("null"));
    expect(errorOf(official, "official")).toBeInstanceOf(TypeError);
    expect(errorOf(ours, "ours").name).toBe("SerializationException");
  });

  it("error bodies: both copy an unmodelled code's other fields onto the error (no longer a divergence)", async () => {
    const { ours, official } = await errorPair({
      statusCode: 403,
      headers: { "x-amzn-errortype": "AccessDeniedException" },
      text: '{"Message":"denied","Reason":"SCP","__type":"AccessDeniedException"}',
    });
    expect(official.Reason).toBe("SCP");
    expect(official.__type).toBe("AccessDeniedException");
    expect(ours.Reason).toBe(official.Reason);
    expect(ours.__type).toBe(official.__type);
  });

  it("an error message in errorMessage: the official says UnknownError, ours quotes it", async () => {
    const { ours, official } = await errorPair({
      statusCode: 400,
      headers: { "x-amzn-errortype": "AccessDeniedException" },
      text: '{"errorMessage":"from errorMessage"}',
    });
    expect(official.message).toBe("UnknownError");
    expect(ours.message).toContain("from errorMessage");
  });

  it("a custom endpoint with a trailing slash: the official sends //, ours a single /", async () => {
    const { ours, official } = await both("PutTraceSegments", { TraceSegmentDocuments: [] }, ok("{}"), {
      config: { endpoint: "https://proxy.example.com/xray/" },
    });
    expect(official.requests[0]!.path).toBe("/xray//TraceSegments");
    expect(ours.requests[0]!.path).toBe("/xray/TraceSegments");
  });

  it("a timestamp input given as a string (untyped callers): the official sends the string, ours a number or a TypeError", async () => {
    const iso = await both("GetTraceSummaries", { StartTime: "2026-11-24T11:00:00Z", EndTime: new Date(0) }, ok("{}"));
    expect(JSON.parse(iso.official.requests[0]!.body!)).toEqual({ StartTime: "2026-11-24T11:00:00Z", EndTime: 0 });
    expect(JSON.parse(iso.ours.requests[0]!.body!)).toEqual({ StartTime: Date.parse("2026-11-24T11:00:00Z") / 1000, EndTime: 0 });
    const numeric = await both("GetTraceSummaries", { StartTime: "1795000000", EndTime: new Date(0) }, ok("{}"));
    expect(JSON.parse(numeric.official.requests[0]!.body!)).toEqual({ StartTime: "1795000000", EndTime: 0 });
    expect(errorOf(numeric.ours, "ours")).toBeInstanceOf(TypeError);
    expect(numeric.ours.requests).toHaveLength(0);
  });

  it("an Invalid Date input: the official sends the invalid JSON `NaN`, ours throws a TypeError before sending", async () => {
    const { ours, official } = await both("GetTraceSummaries", { StartTime: new Date(NaN), EndTime: new Date(0) }, ok("{}"));
    expect(official.requests[0]!.body).toBe('{"StartTime":NaN,"EndTime":0}');
    expect(errorOf(ours, "ours")).toBeInstanceOf(TypeError);
    expect(ours.requests).toHaveLength(0);
  });
});
