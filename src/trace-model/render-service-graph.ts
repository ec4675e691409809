/**
 * `renderServiceGraph`: the services of GetServiceGraph or GetTraceGraph as text (each node with
 * its calls indented under it and their statistics), as a Mermaid flowchart, or as Graphviz DOT.
 */
import type { Edge, Service } from "../generated/models.js";
import { cut, painter, widthOf, type TextRenderOptions } from "./text-style.js";

/** The formats {@link renderServiceGraph} writes. */
export type ServiceGraphFormat = "text" | "mermaid" | "dot";

/** Options of {@link renderServiceGraph}. */
export interface ServiceGraphRenderOptions extends TextRenderOptions {
  /**
   * `text` for a terminal, `mermaid` for Markdown (`flowchart LR`), `dot` for Graphviz
   * (`digraph`). Width and colour apply to `text` only.
   *
   * @defaultValue "text"
   */
  readonly format?: ServiceGraphFormat;
}

/** The mean response time of an edge, e.g. `12.3 ms`. */
function average(edge: Edge): string {
  const stats = edge.SummaryStatistics;
  if (!stats?.TotalCount || stats.TotalResponseTime === undefined) return "-";
  return `${((stats.TotalResponseTime / stats.TotalCount) * 1000).toFixed(1)} ms`;
}

/** The counts of an edge, e.g. `6 calls, 4 ok, 1 throttled, 1 fault`. */
function counts(edge: Edge): string {
  const s = edge.SummaryStatistics;
  const parts = [`${s?.TotalCount ?? 0} calls`, `${s?.OkCount ?? 0} ok`];
  if (s?.ErrorStatistics?.TotalCount) parts.push(`${s.ErrorStatistics.TotalCount} error`);
  if (s?.ErrorStatistics?.ThrottleCount) parts.push(`${s.ErrorStatistics.ThrottleCount} throttled`);
  if (s?.FaultStatistics?.TotalCount) parts.push(`${s.FaultStatistics.TotalCount} fault`);
  return parts.join(", ");
}

const describe = (edge: Edge): string => `${counts(edge)}, avg ${average(edge)}`;

function label(service: Service | undefined): string {
  return service ? `${service.Name ?? "?"} [${service.Type ?? "?"}]` : "(unknown)";
}

function renderText(services: readonly Service[], options: TextRenderOptions | undefined): string {
  const width = widthOf(options);
  const paint = painter(options);
  const byRef = new Map(services.map((s) => [s.ReferenceId, s]));
  const lines: string[] = [];
  for (const service of services) {
    const name = cut(label(service) + (service.Root ? "  (entry point)" : ""), width);
    lines.push(paint("bold", name));
    const edges = service.Edges ?? [];
    edges.forEach((edge, i) => {
      const line = cut(`  ${i === edges.length - 1 ? "└" : "├"}──▶ ${label(byRef.get(edge.ReferenceId))}  ${describe(edge)}`, width);
      const failing = edge.SummaryStatistics?.FaultStatistics?.TotalCount || edge.SummaryStatistics?.ErrorStatistics?.TotalCount;
      lines.push(failing ? paint("yellow", line) : line);
    });
  }
  return lines.length ? lines.join("\n") : "(no services)";
}

function renderMermaid(services: readonly Service[]): string {
  const id = (ref: number | undefined): string => `n${ref ?? "x"}`;
  // Mermaid labels are quoted; a quote inside is written as its entity.
  const text = (value: string): string => value.replace(/"/g, "#quot;");
  const lines = ["flowchart LR"];
  for (const service of services) lines.push(`  ${id(service.ReferenceId)}["${text(service.Name ?? "?")}<br/>${text(service.Type ?? "")}"]`);
  for (const service of services) {
    for (const edge of service.Edges ?? []) lines.push(`  ${id(service.ReferenceId)} -->|"${text(describe(edge))}"| ${id(edge.ReferenceId)}`);
  }
  return `${lines.join("\n")}\n`;
}

function renderDot(services: readonly Service[]): string {
  const id = (ref: number | undefined): string => `n${ref ?? "x"}`;
  // DOT strings: backslash and quote escaped; `\n` in a label is a line break.
  const text = (value: string): string => value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, " ");
  const lines = ["digraph services {", "  rankdir=LR;", "  node [shape=box];"];
  for (const service of services) {
    const style = service.Root ? ", style=bold" : "";
    lines.push(`  ${id(service.ReferenceId)} [label="${text(service.Name ?? "?")}\\n${text(service.Type ?? "")}"${style}];`);
  }
  for (const service of services) {
    for (const edge of service.Edges ?? []) lines.push(`  ${id(service.ReferenceId)} -> ${id(edge.ReferenceId)} [label="${text(describe(edge))}"];`);
  }
  return `${lines.join("\n")}\n}\n`;
}

/**
 * Renders a service graph.
 *
 * @param services - `Services` from GetServiceGraph or GetTraceGraph
 * @param options - the format, and for text the width and colour
 * @returns the picture: text lines joined with `\n`, or Mermaid or DOT source ending with a newline
 * @example
 * ```ts
 * const { Services = [] } = await client.send(new GetServiceGraphCommand({ StartTime: from, EndTime: to }));
 * writeFileSync("services.mmd", renderServiceGraph(Services, { format: "mermaid" }));
 * ```
 */
export function renderServiceGraph(services: readonly Service[], options?: ServiceGraphRenderOptions): string {
  const list = Array.isArray(services) ? services : [];
  switch (options?.format ?? "text") {
    case "mermaid":
      return renderMermaid(list);
    case "dot":
      return renderDot(list);
    case "text":
      return renderText(list, options);
    default:
      throw new RangeError(`renderServiceGraph: unknown format ${JSON.stringify(options?.format)}; use "text", "mermaid" or "dot"`);
  }
}
