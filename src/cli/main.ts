#!/usr/bin/env node
/**
 * `typed-xray`: AWS X-Ray traces in the terminal (`traces`, `trace <id>`, `map`, `tail`).
 * Run `typed-xray --help`; the README's "Command line" section shows each command's output.
 *
 * Ctrl-C (SIGINT) and SIGTERM stop a running command cleanly: `tail` ends with exit code 0.
 *
 * @packageDocumentation
 */
import { EXIT } from "./exit-codes.js";
import { runCli } from "./run.js";

const interrupt = new AbortController();
const stop = (): void => interrupt.abort();
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
// The reader went away (`typed-xray tail --json | head -3`): nothing more can be shown, so end
// quietly, as Unix tools do, instead of crashing on the next write.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(EXIT.ok);
});

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: interrupt.signal });
process.off("SIGINT", stop);
process.off("SIGTERM", stop);
