/**
 * `renderTimeline`: one trace as a waterfall, every segment and subsegment on its own line under
 * its parent, with its offset from the start of the trace, its duration, a bar to scale, its HTTP
 * status and fault, error or throttle; below a line, the exception of a failed node and its
 * annotations.
 */
import type { Trace } from "../generated/models.js";
import type { CauseDocument } from "../tracing/cause.js";
import { parseTrace } from "./parse-trace.js";
import { cut, formatMs, largest, painter, widthOf, type Paint, type TextRenderOptions } from "./text-style.js";
import type { ParsedTrace, TraceNode } from "./types.js";

/** Columns of a row besides the label, the bar and the flags: offset, duration, separators. */
const FIXED_COLUMNS = 27;
const MIN_BAR = 10;
const MAX_BAR = 60;

/** The worst status of a node, as one word, with its colour. */
function statusOf(node: TraceNode): { word: string; style: "red" | "yellow" } | undefined {
  const doc = node.document;
  if (doc.fault === true) return { word: "fault", style: "red" };
  if (doc.throttle === true) return { word: "throttle", style: "yellow" };
  if (doc.error === true) return { word: "error", style: "yellow" };
  return undefined;
}

/** The flags shown after the bar, as plain text and styled. */
function flagsOf(node: TraceNode, paint: Paint): { plain: string; styled: string } {
  const parts: [string, string][] = [];
  const status = node.document.http?.response?.status;
  if (typeof status === "number") parts.push([`HTTP ${status}`, `HTTP ${status}`]);
  const worst = statusOf(node);
  if (worst) parts.push([worst.word, paint(worst.style, worst.word)]);
  if (node.endTime === undefined) parts.push(["in progress", paint("cyan", "in progress")]);
  return { plain: parts.map(([p]) => p).join(", "), styled: parts.map(([, s]) => s).join(", ") };
}

/** The first exception of a node's `cause`, as `Type: message`. */
function exceptionOf(node: TraceNode): string | undefined {
  const cause: unknown = node.document.cause;
  if (typeof cause === "string") return `exception recorded in ${cause}`;
  const first = (cause as CauseDocument | undefined)?.exceptions?.[0];
  if (typeof first !== "object" || first === null) return undefined;
  const type = typeof first.type === "string" ? first.type : "";
  const message = typeof first.message === "string" ? first.message : "";
  return [type, message].filter(Boolean).join(": ") || "exception";
}

/** A node's annotations as `key=value` pairs, strings quoted. */
function annotationsOf(node: TraceNode): string | undefined {
  const annotations: unknown = node.document.annotations;
  if (typeof annotations !== "object" || annotations === null) return undefined;
  const pairs = Object.entries(annotations).map(([key, value]) => `${key}=${typeof value === "string" ? JSON.stringify(value) : String(value)}`);
  return pairs.length ? pairs.join(" ") : undefined;
}

/**
 * Renders one trace as a text waterfall.
 *
 * @param trace - a trace from BatchGetTraces, or one already parsed with {@link parseTrace}
 * @param options - width and colour
 * @returns the timeline, lines joined with `\n`, no line longer than the width; documents that
 * could not be parsed are counted in the heading. Rows fit widths from about 80 columns; below
 * that, bars keep 10 columns and rows run over
 * @example
 * ```ts
 * const { Traces = [] } = await client.send(new BatchGetTracesCommand({ TraceIds: [id] }));
 * console.log(renderTimeline(Traces[0]!, { width: process.stdout.columns }));
 * ```
 */
export function renderTimeline(trace: Trace | ParsedTrace, options?: TextRenderOptions): string {
  const parsed = "nodes" in trace ? trace : parseTrace(trace);
  const width = widthOf(options);
  const paint = painter(options);
  const skipped = parsed.problems.length ? `, ${parsed.problems.length} unreadable document${parsed.problems.length === 1 ? "" : "s"}` : "";
  const segments = parsed.nodes.filter((n) => n.kind === "segment").length;
  const heading = cut(
    `trace ${parsed.id}  ${formatMs(parsed.duration)}  ${segments} segment${segments === 1 ? "" : "s"}, ${parsed.nodes.length - segments} subsegments${skipped}${parsed.limitExceeded ? "  (limit exceeded: not every segment returned)" : ""}`,
    width,
  );
  const lines = [paint("bold", heading)];
  if (parsed.nodes.length === 0) return [...lines, "  (no segments)"].join("\n");

  const flags = parsed.nodes.map((node) => flagsOf(node, paint));
  const flagsWidth = largest(flags.map((f) => f.plain.length));
  const wanted = largest(parsed.nodes.map((n) => n.depth * 2 + n.name.length));
  const labelWidth = Math.min(wanted, Math.max(12, Math.floor(width * 0.35)));
  const barWidth = Math.max(MIN_BAR, Math.min(MAX_BAR, width - labelWidth - FIXED_COLUMNS - (flagsWidth ? flagsWidth + 2 : 0)));
  const start = parsed.startTime ?? 0;
  const scale = barWidth / Math.max(parsed.duration, 1e-6);

  parsed.nodes.forEach((node, i) => {
    const offset = node.startTime - start;
    const took = (node.endTime ?? start + parsed.duration) - node.startTime;
    const from = Math.min(barWidth - 1, Math.round(offset * scale));
    const size = Math.max(1, Math.min(barWidth - from, Math.round(took * scale)));
    const bar = `${" ".repeat(from)}${(node.endTime === undefined ? "░" : "█").repeat(size)}${" ".repeat(barWidth - from - size)}`;
    const worst = statusOf(node);
    const label = cut(`${"  ".repeat(node.depth)}${node.name}`, labelWidth).padEnd(labelWidth);
    const times = `${`+${formatMs(offset)}`.padStart(11)} ${formatMs(node.endTime === undefined ? undefined : took).padStart(10)}`;
    const row = `${node.kind === "segment" ? paint("bold", label) : label} ${paint("dim", times)}  |${paint(worst?.style ?? (node.kind === "segment" ? "green" : "cyan"), bar)}|`;
    lines.push(flags[i]!.plain ? `${row}  ${flags[i]!.styled}` : row);
    const indent = `${"  ".repeat(node.depth)}  `;
    const exception = worst ? exceptionOf(node) : undefined;
    if (exception) lines.push(paint(worst!.style, cut(`${indent}! ${exception}`, width)));
    const annotations = annotationsOf(node);
    if (annotations) lines.push(paint("dim", cut(`${indent}# ${annotations}`, width)));
  });
  return lines.join("\n");
}
