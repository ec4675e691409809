/**
 * `renderTraceSummaries`: trace summaries as a table, one line per trace, its columns narrowed to
 * fit the width.
 */
import type { TraceSummary } from "../generated/models.js";
import { cut, formatMs, painter, widthOf, type TextRenderOptions } from "./text-style.js";

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
const MIN_FLEXIBLE = 8;

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
 * @param options - width and colour; the free-text columns (request, user, services,
 * annotations) are narrowed, widest first, and their cells cut with `…` to fit the width
 * @returns the table, lines joined with `\n`
 * @example
 * ```ts
 * const { TraceSummaries = [] } = await client.send(new GetTraceSummariesCommand({ StartTime: from, EndTime: to }));
 * console.log(renderTraceSummaries(TraceSummaries, { width: 120 }));
 * ```
 */
export function renderTraceSummaries(summaries: readonly TraceSummary[], options?: TextRenderOptions): string {
  const paint = painter(options);
  const rows = (Array.isArray(summaries) ? summaries : []).map(cells);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const total = (): number => widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
  for (let excess = total() - widthOf(options); excess > 0; excess--) {
    const widest = FLEXIBLE.reduce((a, b) => (widths[b]! > widths[a]! ? b : a));
    if (widths[widest]! <= MIN_FLEXIBLE) break;
    widths[widest]!--;
  }
  const line = (row: readonly string[], style?: (i: number, text: string) => string): string =>
    row
      .map((cell, i) => {
        const text = cut(cell, widths[i]!).padEnd(widths[i]!);
        return style ? style(i, text) : text;
      })
      .join("  ")
      .trimEnd();
  const colour = (row: readonly string[]) => (i: number, text: string): string =>
    i === STATUS ? paint(STATUS_STYLE[row[STATUS] as keyof typeof STATUS_STYLE] ?? "bold", text) : text;
  return [paint("bold", line(HEADER)), line(widths.map((w) => "-".repeat(w))), ...rows.map((row) => line(row, colour(row)))].join("\n");
}
