/**
 * A data file larger than the longest string V8 can build (0x1fffffe8 characters, about
 * 512 MiB) still loads: the loader streams it line by line instead of reading it into one
 * string. The file holds real entries at both ends and blank lines between (which the loader
 * skips), so it is cheap to write; it costs about 545 MB of temporary disk for a few seconds.
 */
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { startLocalXRay, type LocalXRay } from "../../src/local/index.js";
import { T0, segmentId, traceId } from "../support/local-scenario.js";

/** V8's string length limit on 64-bit platforms. */
const MAX_STRING_LENGTH = 0x1fffffe8;

let directory: string | undefined;
let running: LocalXRay | undefined;
afterEach(async () => {
  await running?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

const entryLine = (n: number): string =>
  `${JSON.stringify({
    type: "segment",
    receivedAt: T0 * 1000,
    text: JSON.stringify({ name: "svc", id: segmentId(n), trace_id: traceId(n, T0), start_time: T0, end_time: T0 + 1 }),
  })}\n`;

it("loads a data file larger than one string can hold, with the entries at both ends", async () => {
  directory = mkdtempSync(join(tmpdir(), "typed-xray-large-"));
  const dataFile = join(directory, "xray.jsonl");
  const fd = openSync(dataFile, "w");
  try {
    writeSync(fd, entryLine(1));
    const blank = Buffer.alloc(8 * 1024 * 1024, 0x20);
    blank[blank.length - 1] = 0x0a;
    for (let written = 0; written <= MAX_STRING_LENGTH; written += blank.length) writeSync(fd, blank);
    writeSync(fd, entryLine(2));
  } finally {
    closeSync(fd);
  }
  expect(statSync(dataFile).size).toBeGreaterThan(MAX_STRING_LENGTH);

  running = await startLocalXRay({ dataFile });

  expect(running.engine.traceIds()).toEqual([traceId(1, T0), traceId(2, T0)]);
}, 120_000);
