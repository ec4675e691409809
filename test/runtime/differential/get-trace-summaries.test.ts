/**
 * Differential test of GetTraceSummaries (harness: `test/support/differential.ts`): its requests are
 * byte-identical on the wire and its outputs deep-equal between our client and
 * `@aws-sdk/client-xray`.
 */
import { describe, expect, it } from "vitest";
import { REQUEST_ID, SESSION_CREDENTIALS, UNICODE, both, expectEqualOutputs, expectIdenticalRequests, ok, outputOf, type OutputCase, type RequestCase, useFrozenDate } from "../../support/differential.js";

useFrozenDate();

const requestCases: RequestCase[] = [
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
];

describe("requests are identical on the wire", () => {
  it.each(requestCases)("$name", expectIdenticalRequests);

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
});

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

const outputCases: OutputCase[] = [
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
];

describe("outputs are deep-equal", () => {
  it.each(outputCases)("$name", expectEqualOutputs);
});
