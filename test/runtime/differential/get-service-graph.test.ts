/**
 * Differential test of GetServiceGraph (harness: `test/support/differential.ts`): its requests are
 * byte-identical on the wire and its outputs deep-equal between our client and
 * `@aws-sdk/client-xray`.
 */
import { serviceGraphBody } from "../../support/differential-service-graph.js";
import { describe, it } from "vitest";
import { expectEqualOutputs, expectIdenticalRequests, type OutputCase, type RequestCase, useFrozenDate } from "../../support/differential.js";

useFrozenDate();

const requestCases: RequestCase[] = [
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
];

describe("requests are identical on the wire", () => {
  it.each(requestCases)("$name", expectIdenticalRequests);
});

const outputCases: OutputCase[] = [
  {
    name: "GetServiceGraph realistic",
    operation: "GetServiceGraph",
    input: { StartTime: new Date("2026-11-24T11:00:00Z"), EndTime: new Date("2026-11-24T12:00:00Z") },
    body: JSON.stringify(serviceGraphBody),
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
    name: "empty body with 200",
    operation: "GetServiceGraph",
    input: { StartTime: new Date(0), EndTime: new Date(1000) },
    body: "",
  },
];

describe("outputs are deep-equal", () => {
  it.each(outputCases)("$name", expectEqualOutputs);
});
