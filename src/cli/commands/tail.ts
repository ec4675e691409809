/**
 * `typed-xray tail`: new traces as they arrive. Polls GetTraceSummaries over a window that
 * overlaps the previous one (X-Ray indexes traces some seconds after they end), keeps the ids it
 * has shown so each trace appears once, and stops when interrupted.
 */
import type { TraceSummary } from "../../generated/models.js";
import { renderTraceSummaries } from "../../trace-model/render-summaries.js";
import { writeJson, type CommandContext } from "../context.js";
import { fetchSummaries } from "./traces.js";

/** The options of `tail`, as given. */
export interface TailOptions {
  readonly filter?: string;
}

/** Milliseconds between two polls. */
export const POLL_INTERVAL_MS = 2_000;
/** How far back the first poll looks. */
const FIRST_WINDOW_MS = 300_000;
/** How far each poll reaches back before the previous one's end, for traces indexed late. */
const OVERLAP_MS = 60_000;
/** Traces kept for the redrawn table; ids are forgotten once older than the overlap. */
const KEPT = 200;
/** Lines of the screen that are not table rows: title, header, rule, last empty line. */
const CHROME_LINES = 4;

const CLEAR_SCREEN = "\u001b[H\u001b[2J";

/**
 * Runs `tail` until `context.io.signal` aborts.
 *
 * @param context - the command's context
 * @param options - the command's options
 */
export async function runTail(context: CommandContext, options: TailOptions): Promise<void> {
  const { io } = context;
  const redraw = io.stdout.isTTY === true && !context.json;
  const seen = new Map<string, number>();
  let latest: TraceSummary[] = [];
  const started = new Date(context.now());
  let from = context.now() - FIRST_WINDOW_MS;
  let polls = 0;
  while (!io.signal?.aborted) {
    await context.connection.simulateRequest?.(context.now());
    const to = context.now();
    let fresh: TraceSummary[];
    try {
      // No paging progress: the redrawn screen is the progress.
      fresh = (await fetchSummaries(context, { StartTime: new Date(from), EndTime: new Date(to) }, options.filter, false)).filter((s) => s.Id !== undefined && !seen.has(s.Id));
    } catch (error) {
      // The first poll's error ends the command (bad filter, no credentials); a later one is
      // reported and the next poll tries again.
      if (polls === 0 || io.signal?.aborted) throw error;
      io.stderr.write(`typed-xray tail: ${error instanceof Error ? error.message : String(error)} (retrying)\n`);
      fresh = [];
    }
    polls++;
    fresh.sort((a, b) => (a.StartTime?.getTime() ?? 0) - (b.StartTime?.getTime() ?? 0));
    for (const summary of fresh) seen.set(summary.Id!, summary.StartTime?.getTime() ?? to);
    for (const [id, startMs] of seen) if (startMs < to - OVERLAP_MS - FIRST_WINDOW_MS) seen.delete(id);
    from = to - OVERLAP_MS;

    if (context.json) for (const summary of fresh) writeJson(context, summary, false);
    else if (redraw) {
      // Newest first; array literals rather than unshift(...fresh), which a large poll would overflow.
      latest = [...fresh.slice(-KEPT).reverse(), ...latest].slice(0, KEPT);
      const rows = Math.max(1, (io.stdout.rows ?? 24) - CHROME_LINES);
      const title = `typed-xray tail: ${seen.size} traces since ${started.toISOString().slice(11, 19)} UTC, last poll ${new Date(to).toISOString().slice(11, 19)} (Ctrl-C to stop)`;
      const table = latest.length ? renderTraceSummaries(latest.slice(0, rows), { width: context.width, color: context.color }) : "(waiting for traces)";
      io.stdout.write(`${CLEAR_SCREEN}${title.slice(0, context.width)}\n${table}\n`);
    } else if (fresh.length) io.stdout.write(`${renderTraceSummaries(fresh, { width: context.width, color: context.color })}\n`);

    await context.sleep(POLL_INTERVAL_MS);
  }
}
