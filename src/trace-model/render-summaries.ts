/**
 * `renderTraceSummaries`: trace summaries as a table, one line per trace, its columns narrowed to
 * fit the width.
 */
import type { TraceSummary } from "../generated/models.js";
import { cut, formatMs, largest, painter, widthOf, type TextRenderOptions } from "./text-style.js";

/** The status word of a trace: what went worst. */
function status(summary: TraceSummary): string {
  if (summary.HasFault) return "FAULT";
  if (summary.HasThrottle) return "THROTTLE";
  if (summary.HasError) return "ERROR";
  return summary.IsPartial ? "partial" : "ok";
}

const STATUS_STYLE = { FAULT: "red", THROTTLE: "yellow", ERROR: "yellow", partial: "cyan", ok: "green" } as const;

/** The time of day a trace started, UTC, `HH:MM:SS`. */
function clock(date: Date | undefined): string {
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString().slice(11, 19) : "-";
}

const HEADER = ["start (UTC)", "trace id", "request", "http", "status", "response", "duration", "user", "services", "annotations"];
/** Columns that are narrowed, widest first, when the table is too wide: the free-text ones. */
const FLEXIBLE = [2, 7, 8, 9];
const STATUS = 4;
/** Columns left out, in this order, when narrowing the free-text ones is not enough. */
const DROPPABLE = [9, 8, 7, 0];
const MIN_FLEXIBLE = 8;
/** How narrow a free-text column gets before columns are left out instead. */
const COMFORTABLE = 20;

function cells(s: TraceSummary): string[] {
  return [
    clock(s.StartTime),
    s.Id ?? "?",
    `${s.Http?.HttpMethod ?? ""} ${s.Http?.HttpURL ?? ""}`.trim() || "-",
    s.Http?.HttpStatus === undefined ? "-" : String(s.Http.HttpStatus),
    status(s),
    formatMs(s.ResponseTime),
    formatMs(s.Duration),
    (s.Users ?? []).map((user) => user.UserName).join(", ") || "-",
    (s.ServiceIds ?? []).map((service) => service.Name).join(", ") || "-",
    Object.entries(s.Annotations ?? {})
      .map(([key, values]) => `${key}=${(values ?? []).map((v) => JSON.stringify(v.AnnotationValue ? Object.values(v.AnnotationValue)[0] : null)).join("|")}`)
      .join(" ") || "-",
  ];
}

/**
 * Renders trace summaries as a table under a header line.
 *
 * @param summaries - `TraceSummaries` from GetTraceSummaries, in the order to show
 * @param options - width and colour; to fit the width, the free-text columns (request, user,
 * services, annotations) are narrowed, widest first, their cells cut with `…`; when 20 columns
 * each is not enough, the annotations, services, user and start columns are left out, in that
 * order (the table fits from 80 columns)
 * @returns the table, lines joined with `\n`
 * @example
 * ```ts
 * const { TraceSummaries = [] } = await client.send(new GetTraceSummariesCommand({ StartTime: from, EndTime: to }));
 * console.log(renderTraceSummaries(TraceSummaries, { width: 120 }));
 * ```
 */
export function renderTraceSummaries(summaries: readonly TraceSummary[], options?: TextRenderOptions): string {
  const paint = painter(options);
  const width = widthOf(options);
  const rows = (Array.isArray(summaries) ? summaries : []).map(cells);
  const natural = HEADER.map((h, i) => largest(rows.map((r) => r[i]!.length), h.length));
  const shown = HEADER.map((_, i) => i);
  let widths = natural;
  const total = (): number => shown.reduce((sum, i) => sum + widths[i]!, 0) + 2 * (shown.length - 1);
  /** Narrows the widest free-text column, one column at a time, down to `floor`, until the table fits. */
  const narrow = (floor: number): void => {
    widths = [...natural];
    for (let excess = total() - width; excess > 0; excess--) {
      const widest = FLEXIBLE.filter((i) => shown.includes(i)).reduce((a, b) => (widths[b]! > widths[a]! ? b : a));
      if (widths[widest]! <= floor) break;
      widths[widest]!--;
    }
  };
  // Narrow columns to a readable width, leaving columns out while that is not enough; only then
  // narrow further.
  narrow(COMFORTABLE);
  for (let drop = DROPPABLE.find((i) => shown.includes(i)); total() > width && drop !== undefined; drop = DROPPABLE.find((i) => shown.includes(i))) {
    shown.splice(shown.indexOf(drop), 1);
    narrow(COMFORTABLE);
  }
  if (total() > width) narrow(MIN_FLEXIBLE);
  const line = (row: readonly string[], style?: (i: number, text: string) => string): string =>
    shown
      .map((i) => {
        const text = cut(row[i]!, widths[i]!).padEnd(widths[i]!);
        return style ? style(i, text) : text;
      })
      .join("  ")
      .trimEnd();
  const colour = (row: readonly string[]) => (i: number, text: string): string =>
    i === STATUS ? paint(STATUS_STYLE[row[STATUS] as keyof typeof STATUS_STYLE] ?? "bold", text) : text;
  const lines = [paint("bold", line(HEADER)), line(widths.map((w) => "-".repeat(w)))];
  for (const row of rows) lines.push(line(row, colour(row)));
  return lines.join("\n");
}
