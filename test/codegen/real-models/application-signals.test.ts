/**
 * CloudWatch Application Signals
 * (`test/fixtures/models/other-services/application-signals-2024-04-15.json`, 17 operations,
 * `sdkId` `Application Signals`): the whole model is generated, typechecked under strict, and
 * calls are sent through the generated client and through `@aws-sdk/client-application-signals`:
 * the requests must be byte-identical (signature included) and the outputs and errors equal.
 * Timestamps in the query string (whole seconds and fractional) and in bodies, unions, doubles
 * and labels that are ARNs are the point of this model.
 */
import * as Official from "@aws-sdk/client-application-signals";
import { beforeAll, describe, expect, it } from "vitest";
import { expectOfficialNames, expectSameCall, expectSameError, generateClient, jsonResponse, sendBoth, useFrozenClock, type Call, type ClientModule } from "./harness.js";

let ours: ClientModule;

beforeAll(async () => {
  const generated = await generateClient("application-signals-2024-04-15.json", "application-signals");
  expect(generated.diagnostics).toEqual([]);
  ours = generated.module;
}, 120_000);

useFrozenClock();

const json = jsonResponse;
const SLO_ARN = "arn:aws:application-signals:us-west-2:123456789012:slo/checkout latency";
const KEY_ATTRIBUTES = { Type: "Service", Name: "checkout", Environment: "eks:prod/default" };
const queries = [
  { Id: "m1", MetricStat: { Metric: { Namespace: "AWS/ApplicationSignals", MetricName: "Latency", Dimensions: [{ Name: "Service", Value: "checkout" }] }, Period: 60, Stat: "p99", Unit: "Milliseconds" }, ReturnData: true },
  { Id: "e1", Expression: "m1 * 2", Label: "double", ReturnData: false, Period: 300, AccountId: "123456789012" },
];
const slo = {
  Arn: SLO_ARN,
  Name: "checkout latency",
  Description: "p99 under 250 ms",
  CreatedTime: 1714521600,
  LastUpdatedTime: 1714521600.25,
  Sli: { SliMetric: { KeyAttributes: KEY_ATTRIBUTES, OperationName: "POST /checkout", MetricType: "LATENCY", MetricDataQueries: queries }, MetricThreshold: 250.5, ComparisonOperator: "LessThan" },
  EvaluationType: "PeriodBased",
  Goal: { Interval: { CalendarInterval: { StartTime: 1714521600, DurationUnit: "MONTH", Duration: 1 } }, AttainmentGoal: 99.9, WarningThreshold: 30 },
  BurnRateConfigurations: [{ LookBackWindowMinutes: 60 }],
};
const summary = { KeyAttributes: KEY_ATTRIBUTES, AttributeMaps: [{ PlatformType: "AWS::EKS", "EKS.Cluster": "prod" }], MetricReferences: [{ Namespace: "AWS/ApplicationSignals", MetricType: "LATENCY", MetricName: "Latency", Dimensions: [{ Name: "Service", Value: "checkout" }], AccountId: "123456789012" }] };

describe("names", () => {
  it("are the official ones for an sdkId with a space: ApplicationSignalsClient, ApplicationSignals", () => {
    expectOfficialNames(ours, Official, ["ApplicationSignalsClient", "ApplicationSignals", "ApplicationSignalsServiceException", "ListServicesCommand", "paginateListServices"], 17);
  });
});

const calls: Call[] = [
  {
    what: "timestamps in the query on whole seconds, a boolean and an integer",
    operation: "ListServices",
    input: { StartTime: new Date("2024-05-01T00:00:00Z"), EndTime: new Date("2024-05-01T03:00:00Z"), MaxResults: 50, IncludeLinkedAccounts: true, AwsAccountId: "123456789012" },
    response: json(200, { StartTime: 1714521600, EndTime: 1714532400, ServiceSummaries: [summary], NextToken: "n/+=" }),
  },
  {
    what: "fractional timestamps in the query, a map in the body",
    operation: "GetService",
    input: { StartTime: new Date("2024-05-01T00:00:00.120Z"), EndTime: new Date("2024-05-01T00:59:59.999Z"), KeyAttributes: KEY_ATTRIBUTES },
    response: json(200, { Service: { ...summary, LogGroupReferences: [{ Identifier: "/aws/app" }] }, StartTime: 1714521600.12, EndTime: 1714525199.999, LogGroupReferences: [] }),
  },
  { what: "a label with spaces, unions, doubles and enums in the output", operation: "GetServiceLevelObjective", input: { Id: SLO_ARN }, response: json(200, { Slo: slo }) },
  {
    what: "a body with nested structures, a union, doubles and a list of tags",
    operation: "CreateServiceLevelObjective",
    input: {
      Name: "checkout latency",
      SliConfig: { SliMetricConfig: { KeyAttributes: KEY_ATTRIBUTES, OperationName: "POST /checkout", MetricType: "LATENCY", Statistic: "p99", PeriodSeconds: 60 }, MetricThreshold: 0.1, ComparisonOperator: "LessThanOrEqualTo" },
      Goal: { Interval: { RollingInterval: { DurationUnit: "DAY", Duration: 7 } }, AttainmentGoal: 99.95 },
      Tags: [{ Key: "team", Value: "payments" }],
      BurnRateConfigurations: [{ LookBackWindowMinutes: 5 }],
    },
    response: json(200, { Slo: slo }),
  },
  {
    what: "a fractional timestamp in the body (epoch seconds)",
    operation: "BatchGetServiceLevelObjectiveBudgetReport",
    input: { Timestamp: new Date("2024-05-01T12:34:56.789Z"), SloIds: ["checkout latency", SLO_ARN] },
    response: json(200, {
      Timestamp: 1714566896.789,
      Reports: [{ Arn: SLO_ARN, Name: "checkout latency", EvaluationType: "RequestBased", BudgetStatus: "WARNING", Attainment: 99.912345, TotalBudgetRequests: 1000, BudgetRequestsRemaining: -3, Goal: slo.Goal }],
      Errors: [{ Name: "gone", Arn: `${SLO_ARN}-2`, ErrorCode: "NotFound", ErrorMessage: "no such SLO" }],
    }),
  },
  {
    what: "a union variant the model does not know, and members it does not know",
    operation: "GetServiceLevelObjective",
    input: { Id: "checkout" },
    response: json(200, { Slo: { ...slo, Goal: { Interval: { FiscalInterval: { Quarter: 2 } }, AttainmentGoal: 99 }, FutureMember: { a: 1 } }, Extra: true }),
  },
  { what: "an ARN in the query", operation: "ListTagsForResource", input: { ResourceArn: SLO_ARN }, response: json(200, { Tags: [{ Key: "team", Value: "payments" }] }) },
  { what: "an ARN label, an empty output", operation: "DeleteServiceLevelObjective", input: { Id: SLO_ARN }, response: json(200, {}) },
  {
    what: "query and body together",
    operation: "ListServiceLevelObjectives",
    input: { KeyAttributes: KEY_ATTRIBUTES, OperationName: "GET /cart", MaxResults: 10, IncludeLinkedAccounts: false, SloOwnerAwsAccountId: "123456789012" },
    response: json(200, { SloSummaries: [{ Arn: SLO_ARN, Name: "checkout latency", KeyAttributes: KEY_ATTRIBUTES, OperationName: "GET /cart", CreatedTime: 1714521600.5 }] }),
  },
  { what: "an operation without input", operation: "StartDiscovery", input: {}, response: json(200, {}) },
];

describe("requests and outputs, against @aws-sdk/client-application-signals", () => {
  it.each(calls.map((call) => [`${call.operation}: ${call.what}`, call] as const))("%s", async (_, call) => {
    await expectSameCall(Official, ours, "ApplicationSignalsClient", call);
  });

  it("writes whole-second query timestamps without a fraction (the bytes the official client sends)", async () => {
    const { ours: generated } = await sendBoth(Official, ours, "ApplicationSignalsClient", calls[0]!);
    expect(generated.request!.query).toMatchObject({ StartTime: "2024-05-01T00:00:00Z", EndTime: "2024-05-01T03:00:00Z" });
  });
});

describe("errors, against @aws-sdk/client-application-signals", () => {
  it.each<[string, Call]>([
    ["a modelled 404 with members (and a Message member)", { what: "", operation: "GetServiceLevelObjective", input: { Id: "x" }, response: json(404, { Message: "no such SLO", ResourceType: "SLO", ResourceId: "x" }, { "x-amzn-errortype": "ResourceNotFoundException" }) }],
    ["a 400", { what: "", operation: "ListServices", input: { StartTime: new Date(0), EndTime: new Date(1000) }, response: json(400, { message: "EndTime must be after StartTime" }, { "x-amzn-errortype": "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/" }) }],
    ["a 429", { what: "", operation: "StartDiscovery", input: {}, response: json(429, { __type: "ThrottlingException", Message: "slow down" }) }],
  ])("%s", async (_, call) => {
    await expectSameError(Official, ours, "ApplicationSignalsClient", call);
  });
});
