/**
 * `typed-xray tail` in a real terminal (tmux): the table is redrawn in place as traces arrive
 * (the title stays on the first line, the screen is not scrolled), it is coloured, and Ctrl-C
 * stops it with exit code 0. With NO_COLOR the same screen has no colour. Skipped where tmux is
 * not installed (.ci/run installs it).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, cleanEnv, requireBuiltBin, ROOT } from "../support/cli.js";

const hasTmux = ((): boolean => {
  try {
    execFileSync("tmux", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** A tmux server of this test's own, on its own socket, so no other tmux is touched. */
const SOCKET = `typed-xray-test-${process.pid}`;
const home = mkdtempSync(join(tmpdir(), "typed-xray-tmux-home-"));
const tmux = (...args: string[]): string => execFileSync("tmux", ["-L", SOCKET, ...args], { cwd: ROOT, env: cleanEnv(home), encoding: "utf8" });

/** The screen of a session; with escapes (`-e`) when `escapes`. */
const screen = (session: string, escapes = false): string => tmux("capture-pane", "-p", ...(escapes ? ["-e"] : []), "-t", session);

/** Waits until the screen matches, polling; fails with the last screen after `ms`. */
async function waitFor(session: string, pattern: RegExp, ms = 15_000): Promise<string> {
  const deadline = Date.now() + ms;
  let last = "";
  while (Date.now() < deadline) {
    last = screen(session);
    if (pattern.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`screen never matched ${pattern}:\n${last}`);
}

/** Starts `command` in a new 120×30 session; the shell keeps the pane open to show the exit code. */
function start(session: string, command: string): void {
  tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "30", `${command}; echo "EXIT=$?"; sleep 60`);
}

describe.skipIf(!hasTmux)("typed-xray tail under tmux", () => {
  beforeAll(() => requireBuiltBin());
  afterAll(() => {
    try {
      const socket = tmux("display-message", "-p", "#{socket_path}").trim();
      tmux("kill-server");
      rmSync(socket, { force: true });
    } catch {
      // Already gone.
    }
    rmSync(home, { recursive: true, force: true });
  });

  it("redraws in place as traces arrive, in colour, and stops on Ctrl-C with exit code 0", async () => {
    start("tail", `node ${JSON.stringify(BIN)} tail --local`);
    const first = await waitFor("tail", /typed-xray tail: 7 traces/);
    expect(first.split("\n")[0]).toMatch(/^typed-xray tail: 7 traces since \d\d:\d\d:\d\d UTC/);
    // The next poll serves one more shop request: the same screen, redrawn, with 8.
    const second = await waitFor("tail", /typed-xray tail: 8 traces/);
    expect(second.split("\n")[0]).toMatch(/^typed-xray tail: 8 traces/);
    expect(second.match(/typed-xray tail:/g)).toHaveLength(1);
    expect(second.match(/1-[0-9a-f]{8}-[0-9a-f]{24}/g)).toHaveLength(8);
    for (const line of second.split("\n")) expect(line.length).toBeLessThanOrEqual(120);
    expect(screen("tail", true)).toMatch(/\u001b\[31mFAULT/);
    tmux("send-keys", "-t", "tail", "C-c");
    const stopped = await waitFor("tail", /EXIT=\d+/);
    expect(stopped).toContain("EXIT=0");
  }, 40_000);

  it("has no colour with NO_COLOR", async () => {
    start("plain", `NO_COLOR=1 node ${JSON.stringify(BIN)} traces --local`);
    await waitFor("plain", /EXIT=0/);
    const coloured = screen("plain", true);
    expect(coloured).toContain("FAULT");
    expect(coloured).not.toMatch(/\u001b\[3\dm/);
  }, 20_000);
});
