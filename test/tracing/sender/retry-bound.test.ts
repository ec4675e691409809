/**
 * The two retry layers, bounded: the sender makes at most `maxAttempts` calls per document, and
 * the client under it makes at most its own `maxAttempts` requests per call, so one document
 * costs at most sender attempts × client attempts requests (6 × 3 = 18 with the defaults, as the
 * README states). Pinned against a loopback service that fails every request in a way both
 * layers retry.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { XRayClient } from "../../../src/index.js";
import { SegmentSender } from "../../../src/tracing/index.js";
import { startFakeSegmentService, type FakeSegmentService } from "../../support/fake-segment-service.js";
import { segmentDocument } from "../../support/segment-documents.js";

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
let service: FakeSegmentService;

beforeEach(async () => {
  service = await startFakeSegmentService();
});
afterEach(async () => {
  await service.close();
});

/** Requests one document costs when every request fails with `fault`. */
async function requestsFor(fault: { status: number; code: string }, senderAttempts?: number, clientAttempts?: number): Promise<number> {
  service.plan(() => fault);
  // The defaults under test: no maxAttempts given to either layer unless asked.
  const client = new XRayClient({ endpoint: service.url, region: "us-east-1", credentials: CREDENTIALS, ...(clientAttempts ? { maxAttempts: clientAttempts } : {}) });
  const sender = new SegmentSender({ client, flushIntervalMs: 0, backoff: { baseDelayMs: 1, maxDelayMs: 1 }, ...(senderAttempts ? { maxAttempts: senderAttempts } : {}) });
  sender.send(segmentDocument(1));
  await sender.close({ timeoutMs: 0 });
  client.destroy();
  expect(sender.stats()).toMatchObject({ sent: 0, dropped: { byReason: { "retries-exhausted": 1 } } });
  return service.batches.length;
}

describe("requests per document", () => {
  it("are at most 6 × 3 = 18 with the defaults, when every request fails with a 503", async () => {
    expect(await requestsFor({ status: 503, code: "ServiceUnavailableException" })).toBe(18);
  });

  it("are sender attempts × client attempts in general (2 × 4 = 8)", async () => {
    expect(await requestsFor({ status: 500, code: "InternalFailure" }, 2, 4)).toBe(8);
  });
});
