/**
 * Trace summaries as a fixed-width text table, newest first, the way a user scans them.
 */
import type { TraceSummary } from "../../src/index.js";

const ms = (seconds: number | undefined): string => (seconds === undefined ? "-" : `${(seconds * 1000).toFixed(1)} ms`);

/** The status word of a trace: what went worst. */
function status(summary: TraceSummary): string {
  if (summary.HasFault) return "FAULT";
  if (summary.HasThrottle) return "THROTTLE";
  if (summary.HasError) return "ERROR";
  return summary.IsPartial ? "partial" : "ok";
}

/**
 * Renders summaries as a table.
 *
 * @param summaries - from GetTraceSummaries
 * @returns the table, one line per trace under a header
 */
export function renderSummaryTable(summaries: readonly TraceSummary[]): string {
  const rows = summaries.map((s) => [
    s.Id ?? "?",
    `${s.Http?.HttpMethod ?? ""} ${s.Http?.HttpURL ?? ""}`.trim() || "-",
    s.Http?.HttpStatus === undefined ? "-" : String(s.Http.HttpStatus),
    status(s),
    ms(s.ResponseTime),
    ms(s.Duration),
    (s.Users ?? []).map((user) => user.UserName).join(", ") || "-",
    (s.ServiceIds ?? []).map((service) => service.Name).join(", "),
    Object.entries(s.Annotations ?? {})
      .map(([key, values]) => `${key}=${values.map((v) => JSON.stringify(v.AnnotationValue ? Object.values(v.AnnotationValue)[0] : null)).join("|")}`)
      .join(" "),
  ]);
  const header = ["trace id", "request", "http", "status", "response", "duration", "user", "services", "annotations"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
