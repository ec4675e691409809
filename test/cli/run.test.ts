/**
 * The command line in process (src/cli/run.ts) with fake streams, for what needs a terminal:
 * colour on a TTY only and never with NO_COLOR, the terminal's width, progress on stderr while
 * paging, and `tail` redrawing until interrupted (and appending JSON lines with --json).
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { seedShop } from "../../src/cli/seed-shop.js";
import { XRayClient } from "../../src/index.js";
import { startLocalXRay } from "../../src/local/index.js";
import type { CliIO, OutputStream } from "../../src/cli/terminal.js";

const ESCAPE = /\u001b\[\d+m/;

/** A stream that records what is written; `onWrite` sees each write. */
function stream(tty: { isTTY?: boolean; columns?: number; rows?: number } = {}, onWrite?: (text: string) => void): OutputStream & { text: string } {
  const out = {
    ...tty,
    text: "",
    write(chunk: string) {
      out.text += chunk;
      onWrite?.(chunk);
      return true;
    },
  };
  return out;
}

function io(env: Record<string, string> = {}, tty = true): CliIO & { stdout: { text: string }; stderr: { text: string } } {
  return { stdout: stream(tty ? { isTTY: true, columns: 110, rows: 30 } : {}), stderr: stream(tty ? { isTTY: true } : {}), env };
}

describe("colour", () => {
  it("colours on a terminal", async () => {
    const run = io();
    expect(await runCli(["traces", "--local"], run)).toBe(0);
    expect(run.stdout.text).toMatch(/\u001b\[31mFAULT/);
  });

  it("never with NO_COLOR set, nor on TERM=dumb, nor when stdout is not a terminal", async () => {
    for (const [env, tty] of [[{ NO_COLOR: "1" }, true], [{ TERM: "dumb" }, true], [{}, false]] as const) {
      const run = io(env, tty);
      expect(await runCli(["traces", "--local"], run)).toBe(0);
      expect(run.stdout.text).toContain("FAULT");
      expect(run.stdout.text).not.toMatch(ESCAPE);
    }
  });

  it("still colours with NO_COLOR set to the empty string (no-color.org)", async () => {
    const run = io({ NO_COLOR: "" });
    await runCli(["map", "--local"], run);
    expect(run.stdout.text).toMatch(ESCAPE);
  });
});

describe("layout and progress", () => {
  it("fits the terminal's width and reports paging progress on stderr, erased when done", async () => {
    const run = io();
    expect(await runCli(["traces", "--local"], run)).toBe(0);
    for (const line of run.stdout.text.replace(/\u001b\[\d+m/g, "").trimEnd().split("\n")) expect(line.length).toBeLessThanOrEqual(110);
    expect(run.stderr.text).toBe("\r\u001b[2Kfetching trace summaries: page 1, 6 traces…\r\u001b[2K6 of 6 traces\n");
  });

  it("shows no progress when stderr is not a terminal", async () => {
    const run = io({}, false);
    await runCli(["traces", "--local"], run);
    expect(run.stderr.text).toBe("6 of 6 traces\n");
  });
});

describe("tail", () => {
  it("redraws the table on a terminal as traces arrive, and stops with exit code 0 when interrupted", async () => {
    const interrupt = new AbortController();
    let draws = 0;
    const stdout = stream({ isTTY: true, columns: 120, rows: 12 }, (chunk) => {
      if (chunk.startsWith("\u001b[H\u001b[2J") && ++draws === 2) interrupt.abort();
    });
    const code = await runCli(["tail", "--local"], { stdout, stderr: stream(), env: { NO_COLOR: "1" }, signal: interrupt.signal });
    expect(code).toBe(0);
    const screens = stdout.text.split("\u001b[H\u001b[2J").slice(1);
    expect(screens).toHaveLength(2);
    // The shop serves one more request each poll: 7 traces, then 8; the screen holds 12 - 4 rows.
    expect(screens[0]).toMatch(/^typed-xray tail: 7 traces since \d\d:\d\d:\d\d UTC/);
    expect(screens[1]).toMatch(/^typed-xray tail: 8 traces since/);
    expect(screens[1]!.trimEnd().split("\n")).toHaveLength(1 + 2 + 8);
  }, 20_000);

  it("appends one JSON object per new trace with --json", async () => {
    const interrupt = new AbortController();
    const stdout = stream({}, (chunk) => {
      if (stdout.text.split("\n").length > 8) interrupt.abort();
      return chunk;
    });
    expect(await runCli(["tail", "--local", "--json"], { stdout, stderr: stream(), env: {}, signal: interrupt.signal })).toBe(0);
    const lines = stdout.text.trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThanOrEqual(8);
    expect(new Set(lines.map((l) => l.Id)).size).toBe(lines.length);
    expect(lines.every((l) => typeof l.Id === "string" && typeof l.StartTime === "string")).toBe(true);
  }, 20_000);

  it("against a plain endpoint: shows what is there, without progress lines between redraws", async () => {
    const xray = await startLocalXRay();
    const keys = { AWS_ACCESS_KEY_ID: "AKIDTAIL", AWS_SECRET_ACCESS_KEY: "tail-secret" };
    const client = new XRayClient({ endpoint: xray.endpoint, region: "us-east-1", credentials: { accessKeyId: keys.AWS_ACCESS_KEY_ID, secretAccessKey: keys.AWS_SECRET_ACCESS_KEY } });
    try {
      await seedShop(client, Date.now() - 60_000);
      const interrupt = new AbortController();
      const stdout = stream({ isTTY: true, columns: 120, rows: 20 }, () => interrupt.abort());
      const stderr = stream({ isTTY: true });
      // The client reads credentials from the process environment, as the bin's would.
      Object.assign(process.env, keys);
      const code = await runCli(["tail", "--endpoint", xray.endpoint], { stdout, stderr, env: { NO_COLOR: "1" }, signal: interrupt.signal }).finally(() => {
        delete process.env["AWS_ACCESS_KEY_ID"];
        delete process.env["AWS_SECRET_ACCESS_KEY"];
      });
      expect(code).toBe(0);
      expect(stdout.text).toMatch(/typed-xray tail: 6 traces since/);
      expect(stderr.text).toBe("");
    } finally {
      client.destroy();
      await xray.close();
    }
  });
});
