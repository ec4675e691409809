/**
 * Running the built `typed-xray` bin (dist/bin/typed-xray.js) as a user does, and making its
 * output comparable across runs: trace and segment ids, clock times and dates are random or
 * now-based, so they are replaced by placeholders before snapshots.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The built bin. */
export const BIN = `${ROOT}dist/bin/typed-xray.js`;

/** What a run of the bin produced. */
export interface BinRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Throws unless the package was built (`npm test` builds first). */
export function requireBuiltBin(): void {
  if (!existsSync(BIN)) throw new Error("dist/bin/typed-xray.js is missing: run `npm run build` (npm test does it)");
}

/**
 * An environment without AWS settings: no AWS_* variables, no shared config (HOME is `home`), no
 * instance metadata lookups, so only what a test passes configures the client.
 *
 * @param home - a directory to use as HOME
 * @param extra - variables to add
 * @returns the environment
 */
export function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name, value]) => !name.startsWith("AWS_") && name !== "NO_COLOR" && name !== "COLUMNS" && value !== undefined)) as Record<string, string>;
  return { ...base, HOME: home, AWS_EC2_METADATA_DISABLED: "true", AWS_CONFIG_FILE: `${home}/none`, AWS_SHARED_CREDENTIALS_FILE: `${home}/none`, ...extra };
}

/**
 * Runs the bin to completion.
 *
 * @param args - its arguments
 * @param env - its whole environment
 * @returns exit code and output
 */
export function runBin(args: readonly string[], env: Record<string, string>): Promise<BinRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: "utf8", timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/**
 * Replaces what changes from run to run: trace ids, segment ids, ISO dates and clock times.
 *
 * @param text - output of the bin
 * @returns the text with placeholders
 */
export function normalize(text: string): string {
  const traces = new Map<string, string>();
  return text
    .replace(/1-[0-9a-f]{8}-[0-9a-f]{24}/g, (id) => {
      if (!traces.has(id)) traces.set(id, `<trace-${traces.size + 1}>`.padEnd(id.length));
      return traces.get(id)!;
    })
    .replace(/\b[0-9a-f]{16}\b/g, "<segment-id>".padEnd(16))
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<date>")
    .replace(/\b\d\d:\d\d:\d\d\b/g, "hh:mm:ss")
    .replace(/"(start_time|end_time|startTime|endTime)": \d+(\.\d+)?/g, '"$1": <time>');
}
