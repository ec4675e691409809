/**
 * Differential test of PutTelemetryRecords (harness: `test/support/differential.ts`): its requests are
 * byte-identical on the wire and its outputs deep-equal between our client and
 * `@aws-sdk/client-xray`.
 */
import { describe, it } from "vitest";
import { UNICODE, expectEqualOutputs, expectIdenticalRequests, type OutputCase, type RequestCase, useFrozenDate } from "../../support/differential.js";

useFrozenDate();

const requestCases: RequestCase[] = [
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
    // Neither client validates required members: the body simply lacks them.
    name: "required members missing",
    operation: "PutTelemetryRecords",
    input: { TelemetryRecords: [{ SegmentsSentCount: 1 }, {}], Hostname: "h" },
  },
];

describe("requests are identical on the wire", () => {
  it.each(requestCases)("$name", expectIdenticalRequests);
});

const outputCases: OutputCase[] = [
  {
    name: "PutTelemetryRecords {}",
    operation: "PutTelemetryRecords",
    input: { TelemetryRecords: [{ Timestamp: new Date("2026-11-24T11:59:00Z") }] },
    body: "{}",
  },
  {
    name: "whitespace-only body with 200",
    operation: "PutTelemetryRecords",
    input: { TelemetryRecords: [{ Timestamp: new Date(0) }] },
    body: " \n",
  },
];

describe("outputs are deep-equal", () => {
  it.each(outputCases)("$name", expectEqualOutputs);
});
