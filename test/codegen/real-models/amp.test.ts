/**
 * Amazon Managed Service for Prometheus (`test/fixtures/models/other-services/amp-2020-08-01.json`,
 * 27 operations, `sdkId` `amp`): the whole model is generated (its `@pattern` that is not a
 * valid regular expression with the `u` flag included), typechecked under strict, and calls are
 * sent through the generated client and through `@aws-sdk/client-amp`: the requests must be
 * byte-identical (signature included) and the outputs and errors equal.
 */
import * as Official from "@aws-sdk/client-amp";
import { beforeAll, describe, expect, it } from "vitest";
import { expectOfficialNames, expectSameCall, expectSameError, generateClient, jsonResponse, sendBoth, useFrozenClock, type Call, type ClientModule } from "./harness.js";

let ours: ClientModule;

beforeAll(async () => {
  const generated = await generateClient("amp-2020-08-01.json", "amp");
  expect(generated.diagnostics).toEqual([]);
  expect(generated.stdout.join("\n")).toMatch(/^Generated \d+ files in /);
  ours = generated.module;
}, 120_000);

useFrozenClock();

const WORKSPACE = "ws-12345678-abcd-1234-abcd-123456789012";
const ARN = `arn:aws:aps:us-west-2:123456789012:workspace/${WORKSPACE}`;
const json = jsonResponse;
const workspace = {
  workspaceId: WORKSPACE,
  alias: "prod team",
  arn: ARN,
  status: { statusCode: "ACTIVE" },
  prometheusEndpoint: `https://aps-workspaces.us-west-2.amazonaws.com/workspaces/${WORKSPACE}/`,
  createdAt: 1714521600.125,
  tags: { team: "obs", "cost center": "42" },
};

describe("names", () => {
  it("are the official ones: AmpClient, Amp, AmpServiceException, <Op>Command", () => {
    expectOfficialNames(ours, Official, ["AmpClient", "Amp", "AmpServiceException", "ListWorkspacesCommand", "ResourceNotFoundException", "paginateListWorkspaces"], 27);
  });
});

const calls: Call[] = [
  { what: "query strings (a space and reserved characters), an integer", operation: "ListWorkspaces", input: { alias: "prod team", maxResults: 5, nextToken: "tok/+=&x" }, response: json(200, { workspaces: [{ ...workspace, kmsKeyArn: undefined }], nextToken: "next" }) },
  { what: "a label, a nested output with timestamps and maps", operation: "DescribeWorkspace", input: { workspaceId: WORKSPACE }, response: json(200, { workspace }) },
  {
    what: "a label, a blob in the JSON body, an idempotency token given, 202",
    operation: "CreateAlertManagerDefinition",
    input: { workspaceId: WORKSPACE, data: new TextEncoder().encode("alertmanager_config: |\n  route:\n    receiver: default\n"), clientToken: "token-0001" },
    response: json(202, { status: { statusCode: "CREATING" } }),
  },
  {
    what: "a blob and whole-second timestamps in the output",
    operation: "DescribeAlertManagerDefinition",
    input: { workspaceId: WORKSPACE },
    response: json(200, { alertManagerDefinition: { status: { statusCode: "ACTIVE" }, data: "YWxlcnRtYW5hZ2VyX2NvbmZpZzogfAo=", createdAt: 1714521600, modifiedAt: 1714521601.5 } }),
  },
  { what: "an idempotency token in the query, an empty 202", operation: "DeleteWorkspace", input: { workspaceId: WORKSPACE, clientToken: "token-0002" }, response: { status: 202 } },
  { what: "an ARN label, a query list", operation: "UntagResource", input: { resourceArn: ARN, tagKeys: ["team", "cost center", "a&b"] }, response: json(200, {}) },
  { what: "an ARN label, a map in the body", operation: "TagResource", input: { resourceArn: ARN, tags: { team: "obs", empty: "" } }, response: json(200, {}) },
  { what: "a query map of lists (@httpQueryParams)", operation: "ListScrapers", input: { filters: { status: ["ACTIVE", "CREATING"], alias: ["a b"] }, maxResults: 10 }, response: json(200, { scrapers: [] }) },
  { what: "two labels and a query", operation: "ListRuleGroupsNamespaces", input: { workspaceId: WORKSPACE, name: "rules", maxResults: 2 }, response: json(200, { ruleGroupsNamespaces: [{ arn: `${ARN}/rg`, name: "rules", status: { statusCode: "ACTIVE", statusReason: "ok" }, createdAt: 1714521600, modifiedAt: 1714521600.001 }] }) },
  { what: "a 204 with no body", operation: "UpdateWorkspaceAlias", input: { workspaceId: WORKSPACE, alias: "new", clientToken: "token-0003" }, response: { status: 204 } },
  { what: "a custom endpoint with a base path", operation: "DescribeWorkspace", input: { workspaceId: WORKSPACE }, response: json(200, { workspace }), config: { endpoint: "https://localhost:8443/prefix" } },
  { what: "FIPS and dual-stack endpoint rules", operation: "DescribeWorkspace", input: { workspaceId: WORKSPACE }, response: json(200, { workspace }), config: { region: "us-east-1", useFipsEndpoint: true, useDualstackEndpoint: true } },
  { what: "an operation without input", operation: "GetDefaultScraperConfiguration", input: {}, response: json(200, { configuration: "Z2xvYmFsOgo=" }) },
  {
    what: "a union in the body",
    operation: "CreateScraper",
    input: {
      alias: "s",
      scrapeConfiguration: { configurationBlob: new TextEncoder().encode("global:\n") },
      source: { eksConfiguration: { clusterArn: "arn:aws:eks:us-west-2:123456789012:cluster/c", subnetIds: ["subnet-1"] } },
      destination: { ampConfiguration: { workspaceArn: ARN } },
      clientToken: "token-0004",
    },
    response: json(202, { scraperId: "s-1", arn: "arn:aws:aps:us-west-2:123456789012:scraper/s-1", status: { statusCode: "CREATING" }, tags: {} }),
  },
];

describe("requests and outputs, against @aws-sdk/client-amp", () => {
  it.each(calls.map((call) => [`${call.operation}: ${call.what}`, call] as const))("%s", async (_, call) => {
    await expectSameCall(Official, ours, "AmpClient", call);
  });

  // A divergence this project accepts (as for X-Ray, `test/runtime/differential.test.ts`), pinned
  // on both sides: after a base path ending in "/", the official client sends "//".
  it("a custom endpoint whose path ends in /: the official sends //, ours a single /", async () => {
    const call: Call = { what: "", operation: "DescribeWorkspace", input: { workspaceId: WORKSPACE }, response: json(200, { workspace }), config: { endpoint: "https://localhost:8443/prefix/" } };
    const { official, ours: generated } = await sendBoth(Official, ours, "AmpClient", call);
    expect(official.request!.path).toBe(`/prefix//workspaces/${WORKSPACE}`);
    expect(generated.request!.path).toBe(`/prefix/workspaces/${WORKSPACE}`);
  });

  it("fills a missing idempotency token with a UUID v4 on both sides, in the query and in the body", async () => {
    for (const [operation, input] of [
      ["DeleteWorkspace", { workspaceId: WORKSPACE }],
      ["CreateWorkspace", { alias: "a" }],
    ] as const) {
      const { official, ours: generated } = await sendBoth(Official, ours, "AmpClient", { what: "", operation, input, response: json(202, { workspaceId: WORKSPACE, arn: ARN, status: { statusCode: "CREATING" } }) });
      if (official.error) throw official.error;
      if (generated.error) throw generated.error;
      const token = (outcome: typeof official) => (outcome.request!.query["clientToken"] as string | undefined) ?? JSON.parse(outcome.request!.body!).clientToken;
      for (const outcome of [official, generated]) expect(token(outcome)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});

describe("errors, against @aws-sdk/client-amp", () => {
  it.each<[string, Call]>([
    ["a modelled 404 with members", { what: "", operation: "DescribeWorkspace", input: { workspaceId: WORKSPACE }, response: json(404, { message: "no such workspace", resourceId: WORKSPACE, resourceType: "Workspace" }, { "x-amzn-errortype": "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.amp/" }) }],
    ["a 429 with Retry-After bound to a member", { what: "", operation: "ListWorkspaces", input: {}, response: json(429, { message: "slow down", serviceCode: "aps", quotaCode: "q-1" }, { "x-amzn-errortype": "ThrottlingException", "retry-after": "30" }) }],
    ["a 400 with a list of fields", { what: "", operation: "CreateWorkspace", input: { alias: "a", clientToken: "t" }, response: json(400, { __type: "ValidationException", message: "bad", reason: "FIELD_VALIDATION_FAILED", fieldList: [{ name: "alias", message: "too long" }] }) }],
    ["a 409", { what: "", operation: "DeleteWorkspace", input: { workspaceId: WORKSPACE, clientToken: "t" }, response: json(409, { message: "busy", resourceId: WORKSPACE, resourceType: "Workspace" }, { "x-amzn-errortype": "ConflictException" }) }],
    ["an error code the model does not know", { what: "", operation: "DescribeWorkspace", input: { workspaceId: WORKSPACE }, response: json(400, { message: "who knows" }, { "x-amzn-errortype": "BrandNewException" }) }],
  ])("%s", async (_, call) => {
    await expectSameError(Official, ours, "AmpClient", call);
  });
});
