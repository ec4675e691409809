/**
 * The `typed-xray` command line, runnable in process: parses the arguments, opens the
 * connection, runs the command and turns what went wrong into a message on stderr and an exit
 * code (src/cli/exit-codes.ts). src/cli/main.ts is the bin around it.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ValidationError } from "../runtime/validate-error.js";
import { runMap } from "./commands/map.js";
import { runTail } from "./commands/tail.js";
import { runTrace } from "./commands/trace.js";
import { runTraces } from "./commands/traces.js";
import { connect, type Connection } from "./connect.js";
import type { CommandContext } from "./context.js";
import { EXIT, UsageError } from "./exit-codes.js";
import { COMMAND_HELP, MAIN_HELP, commandHelp, type CommandName } from "./help.js";
import { outputWidth, useColor, type CliIO } from "./terminal.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

const GLOBAL: Options = {
  region: { type: "string" },
  profile: { type: "string" },
  endpoint: { type: "string" },
  local: { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};
const WINDOW: Options = { since: { type: "string" }, start: { type: "string" }, end: { type: "string" } };

const COMMAND_OPTIONS: Readonly<Record<CommandName, Options>> = {
  traces: { ...WINDOW, filter: { type: "string" }, sort: { type: "string" }, limit: { type: "string" } },
  trace: {},
  map: { ...WINDOW, format: { type: "string" } },
  tail: { filter: { type: "string" } },
};

/** Error names of the client for a missing region or missing credentials (src/runtime/config.ts, src/runtime/platform/node.ts). */
const SETUP_ERRORS: readonly string[] = ["ConfigError", "CredentialsProviderError"];

/** What to try next, by exit code, printed under the error. */
const HINTS: Readonly<Record<number, string>> = {
  [EXIT.setup]:
    "Give credentials (--profile, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and a region (--region or AWS_REGION), or try --local.\n",
};

/** Extra test hooks; the bin passes none. */
export interface RunOptions {
  /** The clock, epoch milliseconds. */
  readonly now?: () => number;
}

/** Waits `ms`, or less when the signal aborts. */
function sleeper(signal: AbortSignal | undefined): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
    });
}

/** The exit code and message for an error a command threw. */
function describeFailure(error: unknown): { code: number; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError || error instanceof ValidationError) return { code: EXIT.usage, message };
  if (error instanceof Error && SETUP_ERRORS.includes(error.name)) return { code: EXIT.setup, message };
  return { code: EXIT.service, message };
}

/**
 * Runs the command line.
 *
 * @param argv - the arguments after the program name
 * @param io - streams, environment, interruption
 * @param options - test hooks
 * @returns the exit code
 */
export async function runCli(argv: readonly string[], io: CliIO, options: RunOptions = {}): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    (first === undefined ? io.stderr : io.stdout).write(MAIN_HELP);
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (!Object.hasOwn(COMMAND_HELP, first)) {
    io.stderr.write(`typed-xray: unknown command ${JSON.stringify(first)}; the commands are traces, trace, map and tail (typed-xray --help)\n`);
    return EXIT.usage;
  }
  const command = first as CommandName;
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: { ...GLOBAL, ...COMMAND_OPTIONS[command] }, allowPositionals: command === "trace", strict: true });
    if (command === "trace" && parsed.positionals.length > 1) throw new UsageError("trace takes one trace id");
  } catch (error) {
    io.stderr.write(`typed-xray ${command}: ${(error as Error).message}\nRun typed-xray ${command} --help for its options.\n`);
    return EXIT.usage;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values["help"]) {
    io.stdout.write(commandHelp(command));
    return EXIT.ok;
  }
  const str = (name: string): string | undefined => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const now = options.now ?? Date.now;
  let connection: Connection | undefined;
  try {
    connection = await connect({ region: str("region"), profile: str("profile"), endpoint: str("endpoint"), local: values["local"] === true }, io.env, now());
    const context: CommandContext = { io, connection, json: values["json"] === true, color: useColor(io), width: outputWidth(io), now, sleep: sleeper(io.signal) };
    switch (command) {
      case "traces":
        await runTraces(context, { since: str("since"), start: str("start"), end: str("end"), filter: str("filter"), sort: str("sort"), limit: str("limit") });
        break;
      case "trace":
        await runTrace(context, parsed.positionals[0]);
        break;
      case "map":
        await runMap(context, { since: str("since"), start: str("start"), end: str("end"), format: str("format") });
        break;
      case "tail":
        await runTail(context, { filter: str("filter") });
        break;
    }
    return EXIT.ok;
  } catch (error) {
    const { code, message } = describeFailure(error);
    io.stderr.write(`typed-xray ${command}: ${message}\n${HINTS[code] ?? ""}`);
    return code;
  } finally {
    await connection?.close();
  }
}
