/**
 * SegmentSender's PutTelemetryRecords, checked on the wire through msw (the client's real Node
 * transport stays in the path): the counts per window, the identity fields, records kept across
 * a failed call, and the opt-in interval.
 */
import { afterEach, describe, expect, it } from "vitest";
import { XRayClient } from "../../../src/index.js";
import { SegmentSender, type SegmentSenderOptions } from "../../../src/tracing/sender/sender.js";
import { CREDENTIALS, json, REGION, useXRayMock } from "../../support/msw.js";
import { segmentDocument } from "../../support/segment-documents.js";

const xray = useXRayMock();
const senders: SegmentSender[] = [];
const clients: XRayClient[] = [];

afterEach(async () => {
  for (const sender of senders.splice(0)) await sender.close({ signal: AbortSignal.abort() });
  for (const client of clients.splice(0)) client.destroy();
});

function senderFor(options: Partial<SegmentSenderOptions> = {}): SegmentSender {
  const client = new XRayClient({ region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
  clients.push(client);
  const sender = new SegmentSender({ client, flushIntervalMs: 0, backoff: { baseDelayMs: 1, maxDelayMs: 1 }, ...options });
  senders.push(sender);
  return sender;
}

const zeroErrors = { TimeoutCount: 0, ConnectionRefusedCount: 0, HTTPCode4XXCount: 0, HTTPCode5XXCount: 0, UnknownHostCount: 0, OtherCount: 0 };
const telemetryBodies = (): Record<string, unknown>[] =>
  xray.requests.filter((request) => request.url.endsWith("/TelemetryRecords")).map((request) => request.json as Record<string, unknown>);

/** Resolves once msw has seen `count` PutTelemetryRecords requests. */
async function telemetryArrived(count: number): Promise<void> {
  while (telemetryBodies().length < count) await new Promise((resolve) => setTimeout(resolve, 2));
}

describe("PutTelemetryRecords", () => {
  it("reports the window's received, sent, spillover, rejected and connection errors, with the identity fields", async () => {
    const documents = Array.from({ length: 5 }, (_, i) => segmentDocument(i));
    xray.on("/TraceSegments", (_request, index) =>
      index === 0
        ? json({ __type: "ThrottledException", message: "slow down" }, { status: 429 })
        : json({ UnprocessedTraceSegments: [{ Id: "0000000000000001", ErrorCode: "InvalidTraceId" }] }),
    );
    xray.on("/TelemetryRecords", () => json({}));
    const sender = senderFor({
      maxQueueDocuments: 3,
      telemetry: { EC2InstanceId: "i-0123456789abcdef0", Hostname: "web-1", ResourceARN: "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0" },
    });
    for (const document of documents) sender.send(document);
    await sender.flush();

    const before = Date.now();
    const result = await sender.sendTelemetry();
    const after = Date.now();
    expect(result).toEqual({ sent: true, records: 1 });
    const [body] = telemetryBodies();
    expect(body).toEqual({
      EC2InstanceId: "i-0123456789abcdef0",
      Hostname: "web-1",
      ResourceARN: "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0",
      TelemetryRecords: [
        {
          Timestamp: expect.any(Number),
          SegmentsReceivedCount: 5,
          SegmentsSentCount: 2,
          SegmentsSpilloverCount: 2,
          SegmentsRejectedCount: 1,
          BackendConnectionErrors: { ...zeroErrors, HTTPCode4XXCount: 1 },
        },
      ],
    });
    // Epoch seconds on the wire, taken when the record was made.
    const timestamp = (body!["TelemetryRecords"] as { Timestamp: number }[])[0]!.Timestamp;
    expect(timestamp * 1000).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(timestamp * 1000).toBeLessThanOrEqual(after);

    // The next record covers only what happened since.
    sender.send(segmentDocument(9));
    await sender.flush();
    await sender.sendTelemetry();
    expect((telemetryBodies()[1]!["TelemetryRecords"] as unknown[])[0]).toMatchObject({
      SegmentsReceivedCount: 1,
      SegmentsSentCount: 1,
      SegmentsSpilloverCount: 0,
      SegmentsRejectedCount: 0,
      BackendConnectionErrors: zeroErrors,
    });
  });

  it("keeps a record that could not be sent and sends it with the next one", async () => {
    xray.on("/TelemetryRecords", (_request, index) => (index === 0 ? json({ __type: "InternalFailure" }, { status: 500 }) : json({})));
    const sender = senderFor();
    const failed = await sender.sendTelemetry();
    expect(failed).toMatchObject({ sent: false, records: 1, error: expect.objectContaining({ $metadata: expect.objectContaining({ httpStatusCode: 500 }) }) });
    const retried = await sender.sendTelemetry();
    expect(retried).toEqual({ sent: true, records: 2 });
    expect((telemetryBodies()[1]!["TelemetryRecords"] as unknown[]).length).toBe(2);
    await sender.sendTelemetry();
    expect((telemetryBodies()[2]!["TelemetryRecords"] as unknown[]).length).toBe(1);
  });

  it("sends records on the opt-in interval and a last one on close()", async () => {
    xray.on("/TelemetryRecords", () => json({}));
    xray.on("/TraceSegments", () => json({}));
    const sender = senderFor({ telemetry: { intervalMs: 5 } });
    await telemetryArrived(1);
    sender.send(segmentDocument(1));
    await sender.close();
    const last = telemetryBodies().at(-1)!;
    expect((last["TelemetryRecords"] as unknown[]).at(-1)).toMatchObject({ SegmentsSentCount: 1 });
  });

  it("sends no telemetry on its own unless asked", async () => {
    xray.on("/TraceSegments", () => json({}));
    const sender = senderFor();
    sender.send(segmentDocument(1));
    await sender.close();
    expect(telemetryBodies()).toEqual([]);
    expect(xray.requests).toHaveLength(1);
  });
});
