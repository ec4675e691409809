/**
 * One trace as an indented timeline: every segment and subsegment on its own line, nested under
 * its parent, with its offset from the start of the trace, its duration and a bar to scale.
 */
import type { Trace } from "../../src/index.js";

/** The fields of a segment or subsegment document the timeline reads. */
interface Entity {
  id: string;
  name: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  parent_id?: string;
  namespace?: string;
  fault?: boolean;
  error?: boolean;
  throttle?: boolean;
  http?: { response?: { status?: number } };
  subsegments?: Entity[];
}

interface Line {
  depth: number;
  entity: Entity;
}

const BAR_WIDTH = 40;

/**
 * Renders a trace from BatchGetTraces.
 *
 * @param trace - one trace with its segment documents
 * @returns the timeline text
 */
export function renderTimeline(trace: Trace): string {
  const segments = (trace.Segments ?? []).map((s) => JSON.parse(s.Document ?? "{}") as Entity);
  // Standalone subsegments and segments called by another service hang under their parent.
  const byId = new Map<string, Entity>();
  const visit = (entity: Entity): void => {
    byId.set(entity.id, entity);
    entity.subsegments?.forEach(visit);
  };
  segments.forEach(visit);
  const roots: Entity[] = [];
  for (const segment of segments) {
    const parent = segment.parent_id ? byId.get(segment.parent_id) : undefined;
    if (parent && parent !== segment) (parent.subsegments ??= []).includes(segment) || parent.subsegments.push(segment);
    else roots.push(segment);
  }
  const lines: Line[] = [];
  const walk = (entity: Entity, depth: number): void => {
    lines.push({ depth, entity });
    [...(entity.subsegments ?? [])].sort((a, b) => a.start_time - b.start_time).forEach((child) => walk(child, depth + 1));
  };
  roots.sort((a, b) => a.start_time - b.start_time).forEach((root) => walk(root, 0));
  if (lines.length === 0) return `${trace.Id}: no segments`;
  const start = Math.min(...lines.map((l) => l.entity.start_time));
  const end = Math.max(...lines.map((l) => l.entity.end_time ?? l.entity.start_time));
  const scale = BAR_WIDTH / Math.max(end - start, 1e-6);
  const labelWidth = Math.max(...lines.map((l) => l.depth * 2 + l.entity.name.length)) + 2;
  const out = [`trace ${trace.Id}  (${((end - start) * 1000).toFixed(1)} ms)`];
  for (const { depth, entity } of lines) {
    const offset = entity.start_time - start;
    const took = (entity.end_time ?? end) - entity.start_time;
    const from = Math.round(offset * scale);
    const width = Math.max(1, Math.round(took * scale));
    const flags = [
      entity.http?.response?.status !== undefined ? `HTTP ${entity.http.response.status}` : "",
      entity.fault ? "fault" : entity.throttle ? "throttle" : entity.error ? "error" : "",
      entity.in_progress ? "in progress" : "",
      entity.namespace ?? "",
    ].filter(Boolean);
    out.push(
      `${`${"  ".repeat(depth)}${entity.name}`.padEnd(labelWidth)}` +
        `${`+${(offset * 1000).toFixed(1)}`.padStart(8)} ms ${`${(took * 1000).toFixed(1)}`.padStart(7)} ms  ` +
        `|${" ".repeat(from)}${"█".repeat(width)}${" ".repeat(Math.max(0, BAR_WIDTH - from - width))}|` +
        (flags.length ? `  ${flags.join(", ")}` : ""),
    );
  }
  return out.join("\n");
}
