#!/usr/bin/env node
/**
 * `typed-xray`: AWS X-Ray traces in the terminal (`traces`, `trace <id>`, `map`, `tail`).
 * Run `typed-xray --help`; the README's "Command line" section shows each command's output.
 *
 * Ctrl-C (SIGINT) and SIGTERM stop `tail` cleanly, with exit code 0; any other command, or a
 * second Ctrl-C, ends at once with 130, the shell's code for an interrupted program.
 *
 * @packageDocumentation
 */
import { EXIT } from "./exit-codes.js";
import { runCli } from "./run.js";

/** The shell's exit code for a program ended by SIGINT (128 + 2). */
const INTERRUPTED = 130;
const interrupt = new AbortController();
const stop = (): void => {
  // Only tail has something to finish (its loop ends, the local endpoint closes); the others end now.
  if (interrupt.signal.aborted || process.argv[2] !== "tail") process.exit(INTERRUPTED);
  interrupt.abort();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
// The reader went away (`typed-xray tail --json | head -3`): nothing more can be shown, so end
// quietly, as Unix tools do, instead of crashing on the next write.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(EXIT.ok);
});

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: interrupt.signal });
process.off("SIGINT", stop);
process.off("SIGTERM", stop);
