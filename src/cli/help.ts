/**
 * The `--help` texts of `typed-xray` and of each command. Kept beside each other so the options
 * read the same everywhere; the README's "Command line" section shows the same.
 */

/** The options every command takes. */
const GLOBAL_OPTIONS = `Connection (default: AWS, with the default credential chain and region):
  --region <name>          AWS region (else AWS_REGION / AWS_DEFAULT_REGION)
  --profile <name>         shared-config profile for credentials (~/.aws)
  --endpoint <url>         any X-Ray endpoint, e.g. http://127.0.0.1:2020
                           (region defaults to us-east-1 for signing)
  --local                  start a local X-Ray endpoint in this process, seeded
                           with a demo shop's traces (no AWS account needed)
Output:
  --json                   JSON for scripts instead of text
  -h, --help               show this help

Colour only when stdout is a terminal and NO_COLOR is unset; text fits the
terminal's width (or COLUMNS).

Exit codes: 0 ok, 1 usage (bad option, malformed filter expression),
2 service error (refused, unreachable, trace not found),
3 no credentials or no region; Ctrl-C ends tail with 0, other commands with 130.`;

/** Usage of each command, without the shared options. */
export const COMMAND_HELP = {
  traces: `Usage: typed-xray traces [--since 15m | --start T --end T] [--filter EXPR]
                        [--sort time|duration|responsetime] [--limit N] [options]

Lists the trace summaries of a time window (GetTraceSummaries, every page
followed; progress on stderr while it pages).

  --since <duration>       window ending now: 30s, 15m, 2h, 1d (default 15m)
  --start <time>           window start: ISO 8601 or epoch seconds (with --end)
  --end <time>             window end
  --filter <expr>          X-Ray filter expression, checked before sending,
                           e.g. 'service("api") { fault } OR responsetime > 2'
  --sort <key>             time (newest first, default), duration or
                           responsetime (slowest first)
  --limit <n>              show at most n traces
`,
  trace: `Usage: typed-xray trace <trace-id> [options]

Shows one trace (BatchGetTraces) as a waterfall: every segment and subsegment
with its offset, duration, a bar to scale, HTTP status, fault/error/throttle,
the exception of a failure and the annotations. With --local the id may be
left out: the slowest trace of the demo shop is shown.
`,
  map: `Usage: typed-xray map [--since 15m | --start T --end T] [--format text|mermaid|dot] [options]

Draws the service graph of a time window (GetServiceGraph, every page followed).

  --since <duration>       window ending now (default 15m)
  --start <time>           window start: ISO 8601 or epoch seconds (with --end)
  --end <time>             window end
  --format <format>        text (default), mermaid (Markdown) or dot (Graphviz)
`,
  tail: `Usage: typed-xray tail [--filter EXPR] [options]

Shows new traces as they arrive, polling GetTraceSummaries every 2 seconds,
until interrupted (Ctrl-C). On a terminal the table is redrawn in place;
otherwise (and with --json, one JSON object per line) new traces are appended.
With --local, the demo shop keeps serving a request every poll.

  --filter <expr>          X-Ray filter expression, checked before sending
`,
} as const;

/** A command's name. */
export type CommandName = keyof typeof COMMAND_HELP;

/** The top-level help. */
export const MAIN_HELP = `Usage: typed-xray <command> [options]

Look at AWS X-Ray traces in the terminal.

Commands:
  traces                   list trace summaries (table)
  trace <trace-id>         one trace as a waterfall timeline
  map                      the service graph (text, Mermaid or DOT)
  tail                     new traces as they arrive, until Ctrl-C

Run typed-xray <command> --help for a command's options.

${GLOBAL_OPTIONS}
`;

/**
 * The full help of a command.
 *
 * @param command - the command
 * @returns its usage, then the shared options
 */
export function commandHelp(command: CommandName): string {
  return `${COMMAND_HELP[command]}\n${GLOBAL_OPTIONS}\n`;
}
