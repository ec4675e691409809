/**
 * Command-line options of `npm run bench -- [--quick] [--only size,percall]`.
 */
import { SECTION_NAMES, type SectionName } from "./report.js";

/** Parsed options. */
export interface BenchOptions {
  /** Fewer iterations and process runs: a quick look, noisier figures. */
  readonly quick: boolean;
  /** The sections to run, in the bench's order. */
  readonly sections: readonly SectionName[];
  /** Print usage and stop. */
  readonly help: boolean;
}

/** Usage text for `--help` and for bad options. */
export const USAGE = `Usage: npm run bench -- [--quick] [--only <sections>]

  --quick            fewer iterations and runs (about 20 s; noisier)
  --only a,b         run only these sections: ${SECTION_NAMES.join(", ")}
  --help             this text

Prints a Markdown table on stdout and writes bench/results.json.`;

/**
 * Parses the bench's arguments.
 *
 * @param args - `process.argv.slice(2)`
 * @returns the options
 * @throws TypeError for an unknown option or section name (with the usage text)
 */
export function parseArgs(args: readonly string[]): BenchOptions {
  let quick = false;
  let help = false;
  let sections: SectionName[] = [...SECTION_NAMES];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--quick") quick = true;
    else if (arg === "--help" || arg === "-h") help = true;
    else if (arg === "--only" || arg.startsWith("--only=")) {
      const value = arg === "--only" ? args[++i] : arg.slice("--only=".length);
      if (!value) throw new TypeError(`--only needs a list of sections\n\n${USAGE}`);
      const wanted = value.split(",").map((name) => name.trim()).filter(Boolean);
      const unknown = wanted.filter((name) => !(SECTION_NAMES as readonly string[]).includes(name));
      if (unknown.length > 0) throw new TypeError(`unknown section ${unknown.join(", ")}\n\n${USAGE}`);
      sections = SECTION_NAMES.filter((name) => wanted.includes(name));
    } else throw new TypeError(`unknown option ${arg}\n\n${USAGE}`);
  }
  return { quick, sections, help };
}
