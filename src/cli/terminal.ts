/**
 * What the command writes to and how: its two streams, whether stdout is a terminal, how wide it
 * is, and whether to colour. Passed in rather than read from `process` so tests drive the
 * command in process with fake streams.
 */

/** A stream the command writes to: `process.stdout` / `process.stderr` or a test double. */
export interface OutputStream {
  write(text: string): unknown;
  /** True when the stream is a terminal. */
  readonly isTTY?: boolean;
  /** The terminal's width, when it is one. */
  readonly columns?: number;
  /** The terminal's height, when it is one. */
  readonly rows?: number;
}

/** The command's surroundings. */
export interface CliIO {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** The environment (`NO_COLOR`, `COLUMNS`, `AWS_*`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C: `tail` stops, paging stops. */
  readonly signal?: AbortSignal;
}

/**
 * Whether to colour stdout: only on a terminal, never with `NO_COLOR` set to anything but the
 * empty string (https://no-color.org), never on `TERM=dumb`.
 *
 * @param io - the command's surroundings
 * @returns true to colour
 */
export function useColor(io: CliIO): boolean {
  return io.stdout.isTTY === true && !io.env["NO_COLOR"] && io.env["TERM"] !== "dumb";
}

/**
 * The width to lay text out for: the terminal's, else `COLUMNS`, else no limit (output piped to
 * a file or another program is not cut).
 *
 * @param io - the command's surroundings
 * @returns columns, or `Infinity`
 */
export function outputWidth(io: CliIO): number {
  if (io.stdout.isTTY && io.stdout.columns) return io.stdout.columns;
  const columns = Number(io.env["COLUMNS"]);
  return Number.isInteger(columns) && columns > 0 ? columns : Infinity;
}

/**
 * A one-line progress report on stderr, rewritten in place, shown only when stderr is a terminal
 * (a log file gets no progress noise).
 *
 * @param io - the command's surroundings
 * @returns `update(text)` to show a line, `done()` to erase it
 */
export function progressLine(io: CliIO): { update(text: string): void; done(): void } {
  const live = io.stderr.isTTY === true;
  let shown = false;
  return {
    update(text) {
      if (!live) return;
      io.stderr.write(`\r\u001b[2K${text}`);
      shown = true;
    },
    done() {
      if (shown) io.stderr.write("\r\u001b[2K");
      shown = false;
    },
  };
}
