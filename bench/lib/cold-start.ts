/**
 * Cold starts: whole `node` processes that import a client, construct it, send one call to a
 * loopback server and exit (bench/cold-start-child.mjs), repeated, with the median taken.
 * Kinds run round-robin, so that a slow moment of the machine spreads over all of them, and
 * run i of each kind ran close in time to run i of every other (see {@link pairedRatio}).
 */
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describeError, median } from "./format.js";
import { startLoopbackServer } from "./loopback-server.js";
import { runNode, type ProcessCost } from "./process-run.js";
import type { BenchContext } from "./section.js";

/** What a cold-start process does (see bench/cold-start-child.mjs), plus `node -e 0`. */
export type ColdStartKind = "ours" | "ours-dist" | "ours-fetch" | "official" | "aws-lite" | "aws4fetch" | "http" | "fetch" | "noop";

/** The median cost of one kind, or why it could not be measured. */
export type ColdStartOutcome =
  | { readonly ok: true; readonly median: ProcessCost; readonly runs: readonly ProcessCost[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Builds our client from `src/` for Node the way tsup builds `dist/` (esbuild, ESM, dependencies
 * left as imports of `node_modules`), so cold starts measure the current sources without
 * `npm run build`.
 *
 * @param context - the bench context (root, scratch directory)
 * @returns the built module's file URL
 */
export async function buildOursForNode(context: BenchContext): Promise<string> {
  const outfile = join(context.tmpDir, "node/typed-xray.mjs");
  await build({
    entryPoints: [join(context.root, "src/index.ts")],
    outfile,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "silent",
  });
  return pathToFileURL(outfile).href;
}

/**
 * Measures each kind `runs` times and returns the medians. A kind that fails once is reported
 * as failed; the others go on.
 *
 * @param context - the bench context
 * @param kinds - what to measure
 * @param modules - the module URL for each of our kinds (`ours`, `ours-dist`, `ours-fetch`)
 * @param runs - runs per kind
 * @returns each kind's outcome
 */
export async function measureColdStarts(
  context: BenchContext,
  kinds: readonly ColdStartKind[],
  modules: Partial<Record<ColdStartKind, string>>,
  runs: number,
): Promise<Map<ColdStartKind, ColdStartOutcome>> {
  const child = join(context.root, "bench/cold-start-child.mjs");
  const server = await startLoopbackServer({ "/TraceSummaries": '{"TraceSummaries":[]}' });
  const costs = new Map<ColdStartKind, ProcessCost[]>(kinds.map((kind) => [kind, []]));
  const failures = new Map<ColdStartKind, string>();
  try {
    for (let run = 0; run < runs; run++) {
      // Rotate the order too, so that no kind always runs right after the same neighbour.
      const order = kinds.slice(run % kinds.length).concat(kinds.slice(0, run % kinds.length));
      for (const kind of order) {
        if (failures.has(kind)) continue;
        const args =
          kind === "noop" ? ["-e", "0"] : [child, kind === "ours-dist" ? "ours" : kind, server.url, ...(modules[kind] ? [modules[kind]] : [])];
        try {
          costs.get(kind)!.push(await runNode(args, context.root));
        } catch (error) {
          failures.set(kind, describeError(error));
        }
      }
    }
  } finally {
    await server.close();
  }
  const outcomes = new Map<ColdStartKind, ColdStartOutcome>();
  for (const kind of kinds) {
    const list = costs.get(kind)!;
    const failure = failures.get(kind);
    outcomes.set(
      kind,
      failure !== undefined || list.length === 0
        ? { ok: false, reason: failure ?? "no runs" }
        : { ok: true, runs: list, median: { wallMs: median(list.map((c) => c.wallMs)), maxRssMiB: median(list.map((c) => c.maxRssMiB)) } },
    );
  }
  return outcomes;
}

/**
 * The built `dist/index.js`, when there is one.
 *
 * @param root - the repository root
 * @returns its file URL, or undefined
 */
export function distModule(root: string): string | undefined {
  const file = join(root, "dist/index.js");
  return existsSync(file) ? pathToFileURL(file).href : undefined;
}

/**
 * The median of per-run ratios `a / b`: run i of `a` ran right next to run i of `b`, so a slow
 * spell of the machine inflates both sides of each ratio alike.
 *
 * @param a - the numerator's outcome (ours)
 * @param b - the denominator's outcome (the other client)
 * @param pick - which cost to compare
 * @returns the median ratio, or undefined when either side failed
 */
export function pairedRatio(a: ColdStartOutcome | undefined, b: ColdStartOutcome | undefined, pick: keyof ProcessCost): number | undefined {
  if (!a?.ok || !b?.ok) return undefined;
  const count = Math.min(a.runs.length, b.runs.length);
  if (count === 0) return undefined;
  return median(Array.from({ length: count }, (_, i) => a.runs[i]![pick] / b.runs[i]![pick]));
}
