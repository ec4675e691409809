/**
 * What a command runs with: the connection, the output settings, the clock.
 */
import type { Connection } from "./connect.js";
import type { CliIO } from "./terminal.js";

/** What a command runs with. */
export interface CommandContext {
  readonly io: CliIO;
  readonly connection: Connection;
  /** `--json`: machine-readable output. */
  readonly json: boolean;
  /** Colour the text output. */
  readonly color: boolean;
  /** Columns to fit the text output to (`Infinity` when not a terminal). */
  readonly width: number;
  /** The current time, epoch milliseconds. */
  readonly now: () => number;
  /** Waits, resolving early when the command is interrupted. */
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * Writes a value as JSON on stdout, one document per call.
 *
 * @param context - the command's context
 * @param value - what to write (dates become ISO 8601 strings)
 * @param pretty - indent (whole documents) or not (JSON Lines)
 */
export function writeJson(context: CommandContext, value: unknown, pretty = true): void {
  context.io.stdout.write(`${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`);
}
