/**
 * Nothing lost at exit: a Node script that calls `sender.send()` and returns has its queued
 * documents delivered before the process exits on its own (`beforeExit`), and still exits; with
 * the endpoint down it exits within the close deadline, with every document accounted for.
 * Each case runs in a child process.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeSegmentService, type FakeSegmentService } from "../../support/fake-segment-service.js";
import { segmentDocument } from "../../support/segment-documents.js";

const repo = fileURLToPath(new URL("../../..", import.meta.url));
let service: FakeSegmentService;

beforeEach(async () => {
  service = await startFakeSegmentService();
});
afterEach(async () => {
  await service.close();
});

/** Runs a script that queues three documents for `endpoint` and returns; resolves with how the child ended. */
function runScript(endpoint: string, options: string): Promise<{ code: number | null; stdout: string }> {
  // A minute-long flush interval: without the exit flush the documents would still be queued.
  const script = `
    const { SegmentSender } = await import(${JSON.stringify(`${repo}src/tracing/index.ts`)});
    const { XRayClient } = await import(${JSON.stringify(`${repo}src/index.ts`)});
    const client = new XRayClient({ region: "us-east-1", endpoint: ${JSON.stringify(endpoint)}, credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    const sender = new SegmentSender({ client, flushIntervalMs: 60000, onDrop: (info) => console.log("dropped", info.reason, info.count), ${options} });
    for (const document of ${JSON.stringify([1, 2, 3].map((n) => segmentDocument(n)))}) sender.send(document);
    process.on("exit", () => console.log("exit", JSON.stringify(sender.stats().pending)));
  `;
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repo, timeout: 20_000 }, (_error, stdout) =>
      resolve({ code: child.exitCode, stdout }),
    );
  });
}

describe("a script that sends and returns", () => {
  it("has its queued documents delivered before the process exits", async () => {
    const result = await runScript(service.url, "");
    expect(result).toEqual({ code: 0, stdout: "exit 0\n" });
    expect(service.stored).toHaveLength(3);
  });

  it("loses them without the exit flush (flushOnExit: false), as before", async () => {
    const result = await runScript(service.url, "flushOnExit: false");
    expect(result).toEqual({ code: 0, stdout: "exit 3\n" });
    expect(service.stored).toHaveLength(0);
  });

  it("with the endpoint down, exits within the close deadline and counts every document", async () => {
    await service.close();
    const result = await runScript(service.url, "closeTimeoutMs: 1500");
    expect(result.code).toBe(0);
    const dropped = [...result.stdout.matchAll(/^dropped (\S+) (\d+)$/gm)].reduce((total, match) => total + Number(match[2]), 0);
    expect(dropped).toBe(3);
    expect(result.stdout).toMatch(/exit 0\n$/);
    service = await startFakeSegmentService();
  });
});
