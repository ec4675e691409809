/**
 * Differential test of PutTraceSegments (harness: `test/support/differential.ts`): its requests are
 * byte-identical on the wire and its outputs deep-equal between our client and
 * `@aws-sdk/client-xray`.
 */
import { describe, it } from "vitest";
import { UNICODE, expectEqualOutputs, expectIdenticalRequests, type OutputCase, type RequestCase, useFrozenDate } from "../../support/differential.js";

useFrozenDate();

const requestCases: RequestCase[] = [
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
    name: "empty lists",
    operation: "PutTraceSegments",
    input: { TraceSegmentDocuments: [] },
  },
];

describe("requests are identical on the wire", () => {
  it.each(requestCases)("$name", expectIdenticalRequests);
});

const outputCases: OutputCase[] = [
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
];

describe("outputs are deep-equal", () => {
  it.each(outputCases)("$name", expectEqualOutputs);
});
