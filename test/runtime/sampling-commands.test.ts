/**
 * GetSamplingRules and GetSamplingTargets on the wire (msw behind the default Node transport):
 * the exact request bodies, the typed outputs (epoch-second timestamps become `Date`s), the
 * paginator over rule pages, and the aggregated client's methods.
 *
 * Expected bodies are written out by hand as JSON text: member order follows the model, not the
 * input, and absent members are omitted.
 */
import { describe, expect, it } from "vitest";
import {
  GetSamplingRulesCommand,
  GetSamplingTargetsCommand,
  XRay,
  XRayClient,
  paginateGetSamplingRules,
  type SamplingRule,
} from "../../src/index.js";
import { CREDENTIALS, ENDPOINT, REGION, json, useXRayMock } from "../support/msw.js";

const xray = useXRayMock();
const newClient = (): XRayClient => new XRayClient({ region: REGION, credentials: CREDENTIALS });

/** A rule as GetSamplingRules sends it, and as the client types it. */
const RULE_WIRE = {
  RuleName: "checkout",
  RuleARN: "arn:aws:xray:us-east-1:123456789012:sampling-rule/checkout",
  ResourceARN: "*",
  Priority: 10,
  FixedRate: 0.1,
  ReservoirSize: 5,
  ServiceName: "shop",
  ServiceType: "*",
  Host: "*",
  HTTPMethod: "POST",
  URLPath: "/checkout*",
  Version: 1,
  Attributes: { tier: "gold" },
  SomethingNew: "ignored",
};
const { SomethingNew: _unknown, ...RULE_TYPED } = RULE_WIRE;

describe("GetSamplingRules", () => {
  it("POSTs the token to /GetSamplingRules and types the records, with dates from epoch seconds", async () => {
    xray.on("/GetSamplingRules", () =>
      json({ SamplingRuleRecords: [{ SamplingRule: RULE_WIRE, CreatedAt: 1700000000.5, ModifiedAt: 1700000600 }], NextToken: null }),
    );
    const { $metadata, ...output } = await newClient().send(new GetSamplingRulesCommand({ NextToken: "p2" }));
    expect(xray.requests).toHaveLength(1);
    expect(xray.requests[0]!.method).toBe("POST");
    expect(xray.requests[0]!.url).toBe(`${ENDPOINT}/GetSamplingRules`);
    expect(xray.requests[0]!.body).toBe('{"NextToken":"p2"}');
    expect($metadata.httpStatusCode).toBe(200);
    expect(output).toStrictEqual({
      SamplingRuleRecords: [
        { SamplingRule: RULE_TYPED as SamplingRule, CreatedAt: new Date(1700000000500), ModifiedAt: new Date(1700000600000) },
      ],
    });
  });

  it("an empty input sends an empty JSON object", async () => {
    xray.on("/GetSamplingRules", () => json({ SamplingRuleRecords: [] }));
    await newClient().send(new GetSamplingRulesCommand({}));
    expect(xray.requests[0]!.body).toBe("{}");
  });

  it("paginateGetSamplingRules follows NextToken until it is absent", async () => {
    const pages = [
      { SamplingRuleRecords: [{ SamplingRule: { ...RULE_WIRE, RuleName: "a" } }], NextToken: "t1" },
      { SamplingRuleRecords: [{ SamplingRule: { ...RULE_WIRE, RuleName: "b" } }] },
    ];
    xray.on("/GetSamplingRules", (_request, index) => json(pages[index]));
    const names: string[] = [];
    for await (const page of paginateGetSamplingRules({ client: newClient() }, {})) {
      for (const record of page.SamplingRuleRecords ?? []) names.push(record.SamplingRule!.RuleName!);
    }
    expect(names).toEqual(["a", "b"]);
    expect(xray.requests.map((request) => request.body)).toEqual(["{}", '{"NextToken":"t1"}']);
  });
});

describe("GetSamplingTargets", () => {
  it("POSTs statistics to /SamplingTargets in model member order, timestamps as epoch seconds", async () => {
    xray.on("/SamplingTargets", () =>
      json({
        SamplingTargetDocuments: [{ RuleName: "checkout", FixedRate: 0.2, ReservoirQuota: 3, ReservoirQuotaTTL: 1700000070, Interval: 10 }],
        LastRuleModification: 1699999000,
        UnprocessedStatistics: [{ RuleName: "gone", ErrorCode: "400", Message: "Unknown rule" }],
      }),
    );
    const output = await new XRay({ region: REGION, credentials: CREDENTIALS }).getSamplingTargets({
      SamplingStatisticsDocuments: [
        { BorrowCount: 1, SampledCount: 4, RequestCount: 9, Timestamp: new Date(1700000060250), ClientID: "0123456789abcdef01234567", RuleName: "checkout" },
      ],
    });
    expect(xray.requests[0]!.url).toBe(`${ENDPOINT}/SamplingTargets`);
    expect(xray.requests[0]!.body).toBe(
      '{"SamplingStatisticsDocuments":[{"RuleName":"checkout","ClientID":"0123456789abcdef01234567",' +
        '"Timestamp":1700000060.25,"RequestCount":9,"SampledCount":4,"BorrowCount":1}]}',
    );
    const { $metadata, ...typed } = output;
    expect(typed).toStrictEqual({
      SamplingTargetDocuments: [
        { RuleName: "checkout", FixedRate: 0.2, ReservoirQuota: 3, ReservoirQuotaTTL: new Date(1700000070000), Interval: 10 },
      ],
      LastRuleModification: new Date(1699999000000),
      UnprocessedStatistics: [{ RuleName: "gone", ErrorCode: "400", Message: "Unknown rule" }],
    });
  });

  it("with validateInput, a ClientID that is not 24 characters is refused before anything is sent", async () => {
    const client = new XRayClient({ region: REGION, credentials: CREDENTIALS, validateInput: true });
    await expect(
      client.send(
        new GetSamplingTargetsCommand({
          SamplingStatisticsDocuments: [{ RuleName: "r", ClientID: "short", Timestamp: new Date(0), RequestCount: 0, SampledCount: 0 }],
        }),
      ),
    ).rejects.toMatchObject({ name: "ValidationError" });
    expect(xray.intercepted.count).toBe(0);
  });
});
