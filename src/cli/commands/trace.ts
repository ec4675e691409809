/**
 * `typed-xray trace <id>`: one trace as a waterfall.
 */
import { BatchGetTracesCommand } from "../../generated/commands/BatchGetTracesCommand.js";
import { paginateGetTraceSummaries } from "../../generated/paginators.js";
import { parseTrace } from "../../trace-model/parse-trace.js";
import { renderTimeline } from "../../trace-model/render-timeline.js";
import type { ParsedTrace, TraceNode } from "../../trace-model/types.js";
import { isTraceId } from "../../tracing/ids.js";
import { writeJson, type CommandContext } from "../context.js";
import { UsageError } from "../exit-codes.js";

/** A trace that is not there: exit code 2, like a service error. */
export class TraceNotFoundError extends Error {
  /** Always `"TraceNotFoundError"`. */
  override readonly name = "TraceNotFoundError" as const;
}

/** A node for `--json`: its facts and its document without the nested subsegments (they are nodes of their own). */
function jsonNode(node: TraceNode): Record<string, unknown> {
  const { subsegments: _nested, ...document } = node.document;
  return {
    kind: node.kind,
    id: node.id,
    name: node.name,
    parentId: node.parent?.id ?? null,
    depth: node.depth,
    startTime: node.startTime,
    endTime: node.endTime ?? null,
    duration: node.duration ?? null,
    document,
  };
}

/**
 * The `--json` shape of a parsed trace: the nodes flat, depth first, each with its parent's id.
 *
 * @param trace - the parsed trace
 * @returns a JSON-ready object
 */
export function traceJson(trace: ParsedTrace): Record<string, unknown> {
  return { id: trace.id, duration: trace.duration, startTime: trace.startTime ?? null, limitExceeded: trace.limitExceeded, problems: trace.problems, nodes: trace.nodes.map(jsonNode) };
}

/**
 * Runs `trace`.
 *
 * @param context - the command's context
 * @param given - the trace id argument; with `--local` it may be left out for the slowest trace
 * @throws UsageError when the id is missing or not a trace id
 * @throws TraceNotFoundError when the service has no such trace
 */
export async function runTrace(context: CommandContext, given: string | undefined): Promise<void> {
  const id = given ?? (context.connection.simulateRequest ? await slowestRecent(context) : undefined);
  if (id === undefined) throw new UsageError("trace takes a trace id, e.g. typed-xray trace 1-5759e988-bd862e3fe1be46a994272793");
  if (!isTraceId(id)) throw new UsageError(`${JSON.stringify(id)} is not a trace id (1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx)`);
  const output = await context.connection.client.send(new BatchGetTracesCommand({ TraceIds: [id] }));
  const found = output.Traces?.find((trace) => trace.Id === id);
  if (!found || !found.Segments?.length) throw new TraceNotFoundError(`no trace ${id}: it may be older than X-Ray keeps traces (30 days), or not indexed yet`);
  const parsed = parseTrace(found);
  if (context.json) writeJson(context, traceJson(parsed));
  else context.io.stdout.write(`${renderTimeline(parsed, { width: context.width, color: context.color })}\n`);
}

/** The slowest trace of the last hour: what `trace --local` shows when no id is given. */
async function slowestRecent(context: CommandContext): Promise<string | undefined> {
  const now = context.now();
  let slowest: { id?: string; duration: number } = { duration: -1 };
  const window = { StartTime: new Date(now - 3_600_000), EndTime: new Date(now) };
  for await (const page of paginateGetTraceSummaries({ client: context.connection.client }, window)) {
    for (const summary of page.TraceSummaries ?? []) if ((summary.Duration ?? 0) > slowest.duration) slowest = { id: summary.Id, duration: summary.Duration ?? 0 };
  }
  return slowest.id;
}
