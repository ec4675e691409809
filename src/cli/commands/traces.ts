/**
 * `typed-xray traces`: the summaries of a window, every page followed, sorted and limited.
 */
import { paginateGetTraceSummaries } from "../../generated/paginators.js";
import type { TraceSummary } from "../../generated/models.js";
import { renderTraceSummaries } from "../../trace-model/render-summaries.js";
import { writeJson, type CommandContext } from "../context.js";
import { UsageError } from "../exit-codes.js";
import { progressLine } from "../terminal.js";
import { readTimeRange, type TimeRange } from "../time-range.js";

/** The options of `traces`, as given. */
export interface TracesOptions {
  readonly since?: string;
  readonly start?: string;
  readonly end?: string;
  readonly filter?: string;
  readonly sort?: string;
  readonly limit?: string;
}

const SORTS = {
  time: (a: TraceSummary, b: TraceSummary) => (b.StartTime?.getTime() ?? 0) - (a.StartTime?.getTime() ?? 0),
  duration: (a: TraceSummary, b: TraceSummary) => (b.Duration ?? 0) - (a.Duration ?? 0),
  responsetime: (a: TraceSummary, b: TraceSummary) => (b.ResponseTime ?? 0) - (a.ResponseTime ?? 0),
} as const;

/**
 * Fetches every page of summaries of a window, reporting progress on stderr.
 *
 * @param context - the command's context
 * @param window - the time window
 * @param filter - a filter expression, if any
 * @param showProgress - report pages on stderr (when it is a terminal)
 * @returns the summaries, in the order the service returned them
 */
export async function fetchSummaries(context: CommandContext, window: TimeRange, filter: string | undefined, showProgress = true): Promise<TraceSummary[]> {
  const progress = showProgress ? progressLine(context.io) : { update: () => {}, done: () => {} };
  const summaries: TraceSummary[] = [];
  let pages = 0;
  try {
    const input = { ...window, ...(filter !== undefined ? { FilterExpression: filter } : {}) };
    for await (const page of paginateGetTraceSummaries({ client: context.connection.client }, input)) {
      for (const summary of page.TraceSummaries ?? []) summaries.push(summary);
      progress.update(`fetching trace summaries: page ${++pages}, ${summaries.length} traces…`);
      if (context.io.signal?.aborted) break;
    }
  } finally {
    progress.done();
  }
  return summaries;
}

/**
 * Runs `traces`.
 *
 * @param context - the command's context
 * @param options - the command's options
 * @throws UsageError for a bad option value
 */
export async function runTraces(context: CommandContext, options: TracesOptions): Promise<void> {
  const window = readTimeRange(options, context.now());
  const sort = options.sort ?? "time";
  if (!Object.hasOwn(SORTS, sort)) throw new UsageError(`--sort takes time, duration or responsetime, not ${JSON.stringify(sort)}`);
  const limit = options.limit === undefined ? Infinity : Number(options.limit);
  if (!(Number.isInteger(limit) && limit > 0) && limit !== Infinity) throw new UsageError(`--limit takes a positive whole number, not ${JSON.stringify(options.limit)}`);
  const summaries = await fetchSummaries(context, window, options.filter);
  const shown = summaries.sort(SORTS[sort as keyof typeof SORTS]).slice(0, limit);
  if (context.json) {
    writeJson(context, { startTime: window.StartTime, endTime: window.EndTime, filter: options.filter ?? null, total: summaries.length, traces: shown });
    return;
  }
  if (shown.length === 0) {
    context.io.stdout.write(`No traces between ${window.StartTime.toISOString()} and ${window.EndTime.toISOString()}${options.filter ? " matching the filter" : ""}.\n`);
    return;
  }
  context.io.stdout.write(`${renderTraceSummaries(shown, { width: context.width, color: context.color })}\n`);
  const more = summaries.length > shown.length ? ` (${summaries.length - shown.length} more not shown)` : "";
  context.io.stderr.write(`${shown.length} of ${summaries.length} traces${more}\n`);
}
