/**
 * Whole-process measurements: wall time from spawn to exit, and peak resident memory from
 * `/usr/bin/time -v` when present (it sees the process from outside, allocator included), else
 * from `process.resourceUsage().maxRSS` as reported by the child itself.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";

const GNU_TIME = "/usr/bin/time";
const HAS_GNU_TIME = existsSync(GNU_TIME);

/** What one process run cost. */
export interface ProcessCost {
  readonly wallMs: number;
  readonly maxRssMiB: number;
}

/** Where peak memory figures come from on this machine. */
export const RSS_SOURCE = HAS_GNU_TIME ? `${GNU_TIME} -v` : "process.resourceUsage().maxRSS";

/**
 * Runs `node <args>` once and measures it. Asynchronous, so that this process keeps serving
 * anything the child talks to.
 *
 * @param args - arguments to `node`
 * @param cwd - the child's working directory
 * @returns wall time and peak RSS
 * @throws Error when the child fails (with its stderr)
 */
export function runNode(args: readonly string[], cwd: string): Promise<ProcessCost> {
  const [file, argv] = HAS_GNU_TIME ? [GNU_TIME, ["-v", process.execPath, ...args]] : [process.execPath, [...args]];
  // The child gets none of this process' loader flags (tsx) and no NODE_OPTIONS.
  const env = { ...process.env };
  delete env["NODE_OPTIONS"];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(file, argv, { cwd, env, encoding: "utf8", maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const wallMs = performance.now() - started;
      if (error) {
        reject(new Error(`node ${args.join(" ")} failed: ${stderr.split("\n").filter(Boolean).slice(-3).join(" / ") || error.message}`));
        return;
      }
      const fromTime = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
      const fromChild = /"maxRssKiB":(\d+)/.exec(stdout)?.[1];
      const kib = Number(fromTime ?? fromChild);
      if (!Number.isFinite(kib) || kib <= 0) {
        reject(new Error(`node ${args.join(" ")}: no peak memory figure`));
        return;
      }
      resolve({ wallMs, maxRssMiB: kib / 1024 });
    });
  });
}
