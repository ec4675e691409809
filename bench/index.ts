/**
 * `npm run bench`: typed-xray and `@aws-sdk/client-xray` measured side by side in one run, with
 * the ratio (ours / official), the floors, and a PASS/MISS column against the targets of docs/performance.md.
 * Prints the machine and a Markdown table on stdout (progress goes to stderr) and writes
 * `bench/results.json`. A MISS, or a section that cannot run, never fails the process.
 *
 * See bench/README.md for what each row measures.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, USAGE } from "./lib/cli.js";
import { describeError } from "./lib/format.js";
import { describeMachine } from "./lib/machine.js";
import { renderMarkdown, withRatios, type Results, type Row, type SectionName } from "./lib/report.js";
import type { BenchContext, Section } from "./lib/section.js";
import { coldStartSection } from "./sections/coldstart.js";
import { largeResponseSection } from "./sections/large.js";
import { loopbackSection } from "./sections/loopback.js";
import { otelSection } from "./sections/otel.js";
import { perCallSection } from "./sections/percall.js";
import { sizeSection } from "./sections/size.js";
import { samplingSection } from "./sections/sampling.js";
import { tracingSection } from "./sections/tracing.js";
import { transportSection } from "./sections/transport.js";

const SECTIONS: Record<SectionName, Section> = {
  size: sizeSection,
  percall: perCallSection,
  coldstart: coldStartSection,
  large: largeResponseSection,
  loopback: loopbackSection,
  transport: transportSection,
  tracing: tracingSection,
  sampling: samplingSection,
  otel: otelSection,
};

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

const started = performance.now();
const machine = describeMachine(root);
const tmpDir = join(root, "bench/.tmp");
mkdirSync(tmpDir, { recursive: true });
const context: BenchContext = {
  root,
  quick: options.quick,
  tmpDir,
  log: (line) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}\n`),
};
context.log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; sections: ${options.sections.join(", ")}${options.quick ? " (quick)" : ""}`);

// A stray rejection or exception (a socket closing late, a library's timer) is logged, never
// allowed to end the run: the sections still to come keep their figures.
process.on("unhandledRejection", (reason) => context.log(`unhandled rejection: ${describeError(reason)}`));
process.on("uncaughtException", (error) => context.log(`uncaught exception: ${describeError(error)}`));

const rows: Row[] = [];
for (const name of options.sections) {
  const section = SECTIONS[name];
  context.log(`${name}: ${section.title}`);
  try {
    rows.push(...(await section.run(context)));
  } catch (error) {
    // One broken section (a dependency missing, a file half-written by someone else) must not
    // cost the figures of the others.
    rows.push({ section: name, figure: `${name} section`, unit: "ms", note: `failed: ${describeError(error)}` });
    context.log(`${name}: failed: ${(error as Error).stack ?? String(error)}`);
  }
}

const durationSeconds = Math.round((performance.now() - started) / 100) / 10;
console.log(renderMarkdown(machine, rows, options.quick));
console.log(`\n(${durationSeconds} s)`);
const results: Results = {
  machine,
  startedAt: new Date(Date.now() - durationSeconds * 1000).toISOString(),
  durationSeconds,
  quick: options.quick,
  sections: options.sections,
  rows: withRatios(rows),
};
writeFileSync(join(root, "bench/results.json"), `${JSON.stringify(results, null, 2)}\n`);
context.log("wrote bench/results.json");
// Keep-alive sockets or a worker left by a failed section must not keep the bench running.
process.exit(0);
