/**
 * Load: 10,000 concurrent and 100,000 sequential calls of the six operations
 * against the local endpoint all complete, and leave nothing behind: heap after forced GCs back
 * within 10% of the warmed-up start, no abort listener left on the signal every call shared, and
 * no socket, server or timer handle open once the client is destroyed and the server closed.
 *
 * The load runs in a child process (`client-load.ts`, with `--expose-gc`) so the heap figure is
 * the load's own, not vitest's. A short control run with a deliberate leak shows the checks
 * catch one. The figures are printed for the record; no timing is asserted.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { LoadFigures } from "./client-load.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Generous: the full load takes about 35 s on 2 cores, alone; a loaded CI machine may take twice that. */
const CHILD_TIMEOUT_MS = 240_000;

/** Runs the load script and parses its figures; a crash or a timeout fails with its stderr. */
function runLoad(args: string[], env: Record<string, string> = {}): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--expose-gc", "--import", "tsx", "test/load/client-load.ts", ...args],
      { cwd: ROOT, timeout: CHILD_TIMEOUT_MS, maxBuffer: 1024 * 1024, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`load script failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split("\n").at(-1)!) as LoadFigures);
      },
    );
  });
}

/** Types whose count went up between `before` and `after`, with both counts. */
function grown(before: Record<string, number>, after: Record<string, number>): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const [type, count] of Object.entries(after)) if (count > (before[type] ?? 0)) out[type] = [before[type] ?? 0, count];
  return out;
}

describe("load against the local endpoint", () => {
  it("completes 10,000 concurrent and 100,000 sequential calls, leaking no heap, listeners or handles", { timeout: CHILD_TIMEOUT_MS + 10_000 }, async () => {
    const figures = await runLoad([]);
    console.info(
      `load: concurrent ${figures.concurrent.calls} calls in ${figures.concurrent.seconds} s (${figures.concurrent.callsPerSecond}/s); ` +
        `sequential ${figures.sequential.calls} in ${figures.sequential.seconds} s (${figures.sequential.callsPerSecond}/s); ` +
        `heap ${figures.heapBeforeMiB} → ${figures.heapAfterMiB} MiB (×${figures.heapRatio}); RSS ${figures.rssAfterMiB} MiB; ` +
        `abort listeners peak ${figures.abortListenersPeak}, after ${figures.abortListenersAfter}`,
    );

    expect(figures.concurrent).toMatchObject({ calls: 10_000, succeeded: 10_000, failed: 0, failures: [] });
    expect(figures.sequential).toMatchObject({ calls: 100_000, succeeded: 100_000, failed: 0, failures: [] });
    expect(figures.heapRatio).toBeLessThanOrEqual(1.1);
    // While the concurrent calls were in flight the signal did hold their listeners (so the
    // check below looks at a signal that was really used); afterwards, none may remain.
    expect(figures.abortListenersPeak).toBeGreaterThan(0);
    expect(figures.abortListenersAfter).toBe(0);
    // No timer outlives its call: with the client still open, no more timers than at start.
    expect(figures.handlesLoaded["Timeout"] ?? 0).toBeLessThanOrEqual(figures.handlesAtStart["Timeout"] ?? 0);
    // The load did open sockets and a server; closing leaves none of them, nor any timer.
    expect(figures.handlesLoaded["TCPServerWrap"]).toBe(1);
    expect(figures.handlesLoaded["TCPSocketWrap"]).toBeGreaterThan(0);
    expect(grown(figures.handlesAtStart, figures.handlesAfterClose)).toEqual({});
  });

  it("catches a leak: a control run that keeps one listener and 256 bytes per call fails both checks", { timeout: CHILD_TIMEOUT_MS + 10_000 }, async () => {
    const figures = await runLoad(["2000", "10000"], { LOAD_INJECTED_LEAK_BYTES: "256" });
    expect(figures.sequential.failed).toBe(0);
    expect(figures.abortListenersAfter).toBe(12_000);
    expect(figures.heapRatio).toBeGreaterThan(1.1);
  });
});
