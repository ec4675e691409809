/**
 * Differential test of BatchGetTraces (harness: `test/support/differential.ts`): its requests are
 * byte-identical on the wire and its outputs deep-equal between our client and
 * `@aws-sdk/client-xray`.
 */
import { describe, it } from "vitest";
import { UNICODE, expectEqualOutputs, expectIdenticalRequests, type OutputCase, type RequestCase, useFrozenDate } from "../../support/differential.js";

useFrozenDate();

const requestCases: RequestCase[] = [
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
];

describe("requests are identical on the wire", () => {
  it.each(requestCases)("$name", expectIdenticalRequests);
});

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

const outputCases: OutputCase[] = [
  {
    name: "BatchGetTraces realistic",
    operation: "BatchGetTraces",
    input: { TraceIds: ["1-5759e988-bd862e3fe1be46a994272793", "1-5759e988-bd862e3fe1be46a994272799"] },
    body: JSON.stringify(batchGetTracesBody),
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
];

describe("outputs are deep-equal", () => {
  it.each(outputCases)("$name", expectEqualOutputs);
});
