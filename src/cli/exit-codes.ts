/**
 * The exit codes of the `typed-xray` command, documented in its `--help` and the README
 * ("Command line"). Scripts branch on them, so they never change meaning.
 */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** Bad command line: unknown command or option, bad value, malformed filter expression. */
  usage: 1,
  /** The service refused or failed the request, or could not be reached, or the trace was not found. */
  service: 2,
  /** No AWS credentials or no region could be found. */
  setup: 3,
} as const;

/** A bad command line: printed with the command's usage, exit code 1. */
export class UsageError extends Error {
  /** Always `"UsageError"`. */
  override readonly name = "UsageError" as const;
}
