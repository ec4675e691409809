/**
 * `typed-xray map`: the service graph of a window, every page followed.
 */
import type { Service } from "../../generated/models.js";
import { paginateGetServiceGraph } from "../../generated/paginators.js";
import { renderServiceGraph, type ServiceGraphFormat } from "../../trace-model/render-service-graph.js";
import { writeJson, type CommandContext } from "../context.js";
import { UsageError } from "../exit-codes.js";
import { readTimeRange } from "../time-range.js";

/** The options of `map`, as given. */
export interface MapOptions {
  readonly since?: string;
  readonly start?: string;
  readonly end?: string;
  readonly format?: string;
}

const FORMATS: readonly string[] = ["text", "mermaid", "dot"];

/**
 * Runs `map`.
 *
 * @param context - the command's context
 * @param options - the command's options
 * @throws UsageError for a bad option value
 */
export async function runMap(context: CommandContext, options: MapOptions): Promise<void> {
  const window = readTimeRange(options, context.now());
  const format = options.format ?? "text";
  if (!FORMATS.includes(format)) throw new UsageError(`--format takes text, mermaid or dot, not ${JSON.stringify(format)}`);
  if (context.json && options.format !== undefined) throw new UsageError("--json and --format are alternatives: use one");
  const services: Service[] = [];
  for await (const page of paginateGetServiceGraph({ client: context.connection.client }, window)) services.push(...(page.Services ?? []));
  if (context.json) {
    writeJson(context, { startTime: window.StartTime, endTime: window.EndTime, services });
    return;
  }
  const text = renderServiceGraph(services, { format: format as ServiceGraphFormat, width: context.width, color: context.color });
  context.io.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}
