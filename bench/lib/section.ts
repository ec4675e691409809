/**
 * The contract between `bench/index.ts` and each section.
 */
import type { Row, SectionName } from "./report.js";

/** What every section gets. */
export interface BenchContext {
  /** The repository root. */
  readonly root: string;
  /** `--quick`: fewer iterations and runs. */
  readonly quick: boolean;
  /** A scratch directory inside the repository (`bench/.tmp/`, gitignored), so builds resolve `node_modules`. */
  readonly tmpDir: string;
  /** Progress on stderr, so that stdout stays the report. */
  log(line: string): void;
}

/** One section: measures some figures for both clients and returns them as rows. */
export interface Section {
  readonly name: SectionName;
  /** One line saying what the section measures. */
  readonly title: string;
  /**
   * Measures. A figure that cannot be measured becomes a row with a `note`; throwing is
   * reserved for the unexpected (the runner then prints the section as failed and goes on).
   */
  run(context: BenchContext): Promise<Row[]>;
}
