/**
 * A service graph as text (one line per node, its calls indented under it with their
 * statistics) and as a Mermaid flowchart.
 */
import type { Edge, Service } from "../../src/index.js";

const average = (edge: Edge): string => {
  const stats = edge.SummaryStatistics;
  if (!stats?.TotalCount || stats.TotalResponseTime === undefined) return "-";
  return `${((stats.TotalResponseTime / stats.TotalCount) * 1000).toFixed(1)} ms`;
};

const counts = (edge: Edge): string => {
  const s = edge.SummaryStatistics;
  const parts = [`${s?.TotalCount ?? 0} calls`, `${s?.OkCount ?? 0} ok`];
  if (s?.ErrorStatistics?.TotalCount) parts.push(`${s.ErrorStatistics.TotalCount} error`);
  if (s?.ErrorStatistics?.ThrottleCount) parts.push(`${s.ErrorStatistics.ThrottleCount} throttled`);
  if (s?.FaultStatistics?.TotalCount) parts.push(`${s.FaultStatistics.TotalCount} fault`);
  return parts.join(", ");
};

const label = (service: Service | undefined): string =>
  service ? `${service.Name ?? "?"} [${service.Type ?? "?"}]` : "(unknown)";

/**
 * Renders a service graph as text.
 *
 * @param services - from GetServiceGraph or GetTraceGraph
 * @returns the picture
 */
export function renderServiceGraph(services: readonly Service[]): string {
  const byRef = new Map(services.map((s) => [s.ReferenceId, s]));
  const lines: string[] = [];
  for (const service of services) {
    lines.push(label(service) + (service.Root ? "  (entry point)" : ""));
    const edges = service.Edges ?? [];
    edges.forEach((edge, i) => {
      const last = i === edges.length - 1;
      lines.push(`  ${last ? "└" : "├"}──▶ ${label(byRef.get(edge.ReferenceId))}  ${counts(edge)}, avg ${average(edge)}`);
    });
  }
  return lines.join("\n");
}

/**
 * Renders a service graph as a Mermaid flowchart.
 *
 * @param services - from GetServiceGraph or GetTraceGraph
 * @returns Mermaid source (`flowchart LR`)
 */
export function renderMermaid(services: readonly Service[]): string {
  const id = (ref: number | undefined) => `n${ref ?? "x"}`;
  const text = (value: string) => value.replace(/"/g, "#quot;");
  const lines = ["flowchart LR"];
  for (const service of services) lines.push(`  ${id(service.ReferenceId)}["${text(service.Name ?? "?")}<br/>${text(service.Type ?? "")}"]`);
  for (const service of services) {
    for (const edge of service.Edges ?? []) {
      lines.push(`  ${id(service.ReferenceId)} -->|"${text(`${counts(edge)}, avg ${average(edge)}`)}"| ${id(edge.ReferenceId)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
