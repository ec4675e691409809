/**
 * XRaySpanExporter (src/otel/XRaySpanExporter.ts) against a stateful fake PutTraceSegments on a
 * real socket: 10,000 spans through throttling, 5xx and unprocessed documents, every span either
 * stored by the service or reported lost; and through a UDP emitter.
 */
import { createSocket } from "node:dgram";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { XRayClient } from "../../src/index.js";
import { XRaySpanExporter } from "../../src/otel/index.js";
import { SegmentSender } from "../../src/tracing/sender/sender.js";
import { UdpEmitter } from "../../src/tracing/udp.js";
import { startFakeSegmentService, type FakeSegmentService } from "../support/fake-segment-service.js";
import { finishedSpan } from "../support/otel-spans.js";

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };
let service: FakeSegmentService;
let client: XRayClient;

beforeEach(async () => {
  service = await startFakeSegmentService();
  client = new XRayClient({ endpoint: service.url, region: "us-east-1", credentials: CREDENTIALS, maxAttempts: 1 });
});
afterEach(async () => {
  client.destroy();
  await service.close();
});

const spanId = (i: number): string => i.toString(16).padStart(16, "0");
const spans = (from: number, count: number) => Array.from({ length: count }, (_, i) => finishedSpan({ spanId: spanId(from + i + 1), kind: 1, attributes: { "http.method": "GET" } }));
const exportBatch = (exporter: XRaySpanExporter, batch: ReturnType<typeof spans>) =>
  new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(batch, resolve));

describe("through a SegmentSender", () => {
  it("delivers 10,000 spans through throttling and partial failures, reporting exactly the lost ones", async () => {
    // Every 7th request throttled, every 11th a 500; one document in 97 unprocessed for good.
    service.plan(({ index }) => (index % 7 === 3 ? { status: 429, code: "ThrottledException" } : index % 11 === 5 ? { status: 500, code: "InternalFailure" } : undefined));
    service.unprocessed((document) => (Number.parseInt(JSON.parse(document).id, 16) % 97 === 0 ? { ErrorCode: "InvalidSegment" } : undefined));
    const sender = new SegmentSender({ client, flushIntervalMs: 0, maxAttempts: 8, backoff: { baseDelayMs: 1, maxDelayMs: 2 } });
    const exporter = new XRaySpanExporter({ sender });
    let failedSpans = 0;
    for (let from = 0; from < 10_000; from += 512) {
      const batch = spans(from, Math.min(512, 10_000 - from));
      const result = await exportBatch(exporter, batch);
      if (result.code !== 0) failedSpans += Number(/: (\d+) of/.exec(result.error!.message)![1]);
    }
    await exporter.shutdown();
    const stored = new Set(service.stored.map((document) => JSON.parse(document).id as string));
    const stats = sender.stats();
    expect(stats.received).toBe(10_000);
    expect(stored.size + stats.rejected + stats.dropped.total).toBe(10_000);
    expect(stats.pending).toBe(0);
    expect(failedSpans).toBe(stats.rejected + stats.dropped.total);
    expect(failedSpans).toBe(Math.floor(10_000 / 97));
    await sender.close();
  });

  it("reports success when every span was stored", async () => {
    const exporter = new XRaySpanExporter({ client });
    expect(await exportBatch(exporter, spans(0, 3))).toEqual({ code: 0 });
    await exporter.forceFlush();
    expect(service.stored).toHaveLength(3);
    await exporter.shutdown();
    expect((await exportBatch(exporter, spans(3, 1))).code).toBe(1);
  });

  it("reports a span it cannot translate as lost, and sends the rest", async () => {
    const exporter = new XRaySpanExporter({ client });
    const hostile = { ...finishedSpan(), spanContext: () => { throw new Error("broken span"); } };
    const result = await exportBatch(exporter, [hostile as never, ...spans(0, 2)]);
    expect(result.code).toBe(1);
    expect(result.error?.message).toContain("1 of 3 spans not delivered (1 could not be translated)");
    expect(service.stored).toHaveLength(2);
    await exporter.shutdown();
  });

  it("needs somewhere to send", () => {
    expect(() => new XRaySpanExporter({})).toThrow(TypeError);
  });
});

describe("through a UDP emitter", () => {
  it("sends one datagram per span to the daemon address", async () => {
    const daemon = createSocket("udp4");
    const received: string[] = [];
    daemon.on("message", (message) => received.push(message.toString("utf8")));
    await new Promise<void>((resolve) => daemon.bind(0, "127.0.0.1", resolve));
    const { port } = daemon.address() as AddressInfo;
    const emitter = new UdpEmitter({ address: `127.0.0.1:${port}` });
    const exporter = new XRaySpanExporter({ emitter });
    expect((await exportBatch(exporter, spans(0, 3))).code).toBe(0);
    for (let i = 0; i < 100 && received.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received).toHaveLength(3);
    expect(received[0]).toMatch(/^\{"format":"json","version":1\}\n\{"name":/);
    await exporter.shutdown();
    await emitter.close?.();
    daemon.close();
  });
});
