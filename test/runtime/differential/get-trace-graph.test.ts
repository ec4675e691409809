/**
 * Differential test of GetTraceGraph (harness: `test/support/differential.ts`): its requests are
 * byte-identical on the wire and its outputs deep-equal between our client and
 * `@aws-sdk/client-xray`.
 */
import { serviceGraphBody } from "../../support/differential-service-graph.js";
import { describe, it } from "vitest";
import { expectEqualOutputs, expectIdenticalRequests, type OutputCase, type RequestCase, useFrozenDate } from "../../support/differential.js";

useFrozenDate();

const requestCases: RequestCase[] = [
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
];

describe("requests are identical on the wire", () => {
  it.each(requestCases)("$name", expectIdenticalRequests);
});

const outputCases: OutputCase[] = [
  {
    name: "GetTraceGraph realistic",
    operation: "GetTraceGraph",
    input: { TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] },
    body: JSON.stringify({ Services: serviceGraphBody.Services, NextToken: "tg-next" }),
  },
];

describe("outputs are deep-equal", () => {
  it.each(outputCases)("$name", expectEqualOutputs);
});
