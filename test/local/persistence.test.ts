/**
 * `dataFile`: what the local endpoint accepted survives a restart, a torn last line (a crash
 * mid-write) is cut off without losing what came before, a damaged file is refused rather than
 * half-loaded, `reset()` empties it, and concurrent writers lose nothing.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GetTraceSummariesCommand, PutTelemetryRecordsCommand, PutTraceSegmentsCommand, XRayClient } from "../../src/index.js";
import { startLocalXRay, type LocalXRay } from "../../src/local/index.js";
import { T0, WINDOW, scenarioDocuments, segmentId, traceId } from "../support/local-scenario.js";

const CREDENTIALS = { accessKeyId: "AKIDLOCALTEST", secretAccessKey: "local-test-secret" };
const window = { StartTime: new Date(WINDOW.StartTime * 1000), EndTime: new Date(WINDOW.EndTime * 1000) };

let directory: string;
let dataFile: string;
const running: LocalXRay[] = [];
const clients: XRayClient[] = [];
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "typed-xray-local-"));
  dataFile = join(directory, "xray.jsonl");
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(running.splice(0).map((server) => server.close()));
  rmSync(directory, { recursive: true, force: true });
});

async function start(): Promise<{ server: LocalXRay; client: XRayClient }> {
  const server = await startLocalXRay({ dataFile });
  running.push(server);
  const client = new XRayClient({ endpoint: server.endpoint, region: "us-east-1", credentials: CREDENTIALS });
  clients.push(client);
  return { server, client };
}

async function stop(server: LocalXRay): Promise<void> {
  running.splice(running.indexOf(server), 1);
  await server.close();
}

const summaries = async (client: XRayClient) => {
  const { $metadata: _, ...output } = await client.send(new GetTraceSummariesCommand(window));
  return output;
};

describe("dataFile", () => {
  it("keeps segments and telemetry across a restart, with the same summaries", async () => {
    const first = await start();
    await first.client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: scenarioDocuments() }));
    await first.client.send(new PutTelemetryRecordsCommand({ TelemetryRecords: [{ Timestamp: new Date(T0 * 1000), SegmentsSentCount: 6 }] }));
    const before = await summaries(first.client);
    const telemetry = first.server.engine.telemetry();
    await stop(first.server);

    const second = await start();
    expect(await summaries(second.client)).toEqual(before);
    expect(second.server.engine.telemetry()).toEqual(telemetry);
    expect(second.server.engine.documentCount).toBe(first.server.engine.documentCount);
    // One JSON line per accepted change: six documents, one telemetry batch.
    const lines = readFileSync(dataFile, "utf8").split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((line) => JSON.parse(line).type)).toEqual([...Array(6).fill("segment"), "telemetry"]);
  });

  it("ignores a torn last line, repairs the file and keeps appending cleanly", async () => {
    const first = await start();
    await first.client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: scenarioDocuments() }));
    const before = await summaries(first.client);
    await stop(first.server);
    // A crash in the middle of a write leaves half a line.
    appendFileSync(dataFile, '{"type":"segment","receivedAt":1700000000000,"text":"{\\"name\\":\\"torn');

    const second = await start();
    expect(await summaries(second.client)).toEqual(before);
    expect(readFileSync(dataFile, "utf8").endsWith("}\n")).toBe(true);
    const extra = JSON.stringify({ name: "late", id: segmentId(0x1a7e), trace_id: traceId(0x1a7e, T0 + 50), start_time: T0 + 50, end_time: T0 + 51 });
    await second.client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [extra] }));
    await stop(second.server);

    const third = await start();
    // The scenario's five (sub)segments (one sent twice, in progress then complete) and the late one.
    expect(third.server.engine.documentCount).toBe(6);
    expect(third.server.engine.traceIds()).toContain(traceId(0x1a7e, T0 + 50));
  });

  it("refuses to start on a file damaged before its last line, naming the line", async () => {
    const valid = JSON.stringify({ type: "segment", receivedAt: 0, text: scenarioDocuments()[0] });
    writeFileSync(dataFile, `${valid}\nnot json at all\n${valid}\n`);
    await expect(startLocalXRay({ dataFile })).rejects.toThrow(/line 2: not a JSON line/);
  });

  it("empties the file on reset", async () => {
    const first = await start();
    await first.client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: scenarioDocuments() }));
    await first.server.reset();
    expect(readFileSync(dataFile, "utf8")).toBe("");
    const extra = JSON.stringify({ name: "after", id: segmentId(0xaf), trace_id: traceId(0xaf, T0 + 5), start_time: T0 + 5, end_time: T0 + 6 });
    await first.client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [extra] }));
    await stop(first.server);
    const second = await start();
    expect(second.server.engine.traceIds()).toEqual([traceId(0xaf, T0 + 5)]);
  });

  it("loses nothing when 50 clients write 20 batches each at once", async () => {
    const first = await start();
    await Promise.all(
      Array.from({ length: 50 }, async (_, c) => {
        const client = new XRayClient({ endpoint: first.server.endpoint, region: "us-east-1", credentials: CREDENTIALS });
        clients.push(client);
        for (let call = 0; call < 20; call++) {
          const doc = { name: "svc", id: segmentId(c * 100 + call + 1), trace_id: traceId(0x2000 + c, T0), start_time: T0 + call, end_time: T0 + call + 1 };
          await client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(doc)] }));
        }
      }),
    );
    await stop(first.server);
    const second = await start();
    expect(second.server.engine.documentCount).toBe(1000);
    expect(second.server.engine.traceCount).toBe(50);
  });
});
