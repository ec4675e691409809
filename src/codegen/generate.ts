/**
 * Turns a model into the generated source files, as a map from relative path to text. Pure: no
 * I/O, no clock, no randomness, so the same model always yields byte-identical output.
 */
import { createContext, type GenerateOptions, type GenerationContext } from "./context.js";
import { emitAggregatedClient, emitClient, emitIndex, emitOperations, emitPaginators, emitService, pagination } from "./emit-client.js";
import { emitCommand } from "./emit-commands.js";
import { emitConstraints } from "./emit-constraints.js";
import { emitEndpointRules } from "./emit-endpoint-rules.js";
import { emitErrors } from "./emit-errors.js";
import { emitModels } from "./emit-models.js";
import { emitSchemas } from "./emit-schemas.js";
import { emitWire } from "./emit-wire.js";
import { shapeName, type SmithyModel } from "./model.js";

export type { GenerateOptions } from "./context.js";

/**
 * @param model - a validated model
 * @param options - generation options
 * @returns files by path relative to the output directory, in sorted order
 * @throws ModelError for shapes or traits the generator cannot handle
 */
export function generateFiles(model: SmithyModel, options: GenerateOptions): Map<string, string> {
  const ctx = createContext(model, options);
  const files = new Map<string, string>();
  const client = `${ctx.clientPrefix}Client`;
  const paginated = ctx.operations.filter((id) => pagination(ctx, id) !== undefined).map(shapeName);
  files.set("README.md", readme(ctx, options.modelLabel));
  files.set(`${client}.ts`, emitClient(ctx));
  files.set(`${ctx.aggregatedFile}.ts`, emitAggregatedClient(ctx));
  for (const id of ctx.operations) files.set(`commands/${shapeName(id)}Command.ts`, emitCommand(ctx, id));
  files.set("constraints.ts", emitConstraints(ctx));
  files.set("endpoint-rules.ts", emitEndpointRules(ctx));
  files.set("errors.ts", emitErrors(ctx));
  files.set("index.ts", emitIndex(ctx, paginated));
  files.set("models.ts", emitModels(ctx));
  files.set("operations.ts", emitOperations(ctx));
  if (paginated.length) files.set("paginators.ts", emitPaginators(ctx));
  files.set("schemas.ts", emitSchemas(ctx));
  files.set("service.ts", emitService(ctx));
  files.set("wire.ts", emitWire(ctx));
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The generated folder's README: what wrote it and how to write it again. */
function readme(ctx: GenerationContext, modelLabel: string): string {
  if (ctx.regenerateCommand === "npm run generate") {
    return `# Generated code: do not edit\n\nEverything in this folder is written by \`scripts/generate.ts\` from \`${modelLabel}\`.\nChange the model or the generator, then run \`npm run generate\`; CI fails when this folder is stale (\`npm run generate:check\`).\n`;
  }
  return `# Generated code: do not edit\n\nEverything in this folder is written by \`${ctx.generatorName}\` from \`${modelLabel}\`.\nChange the model, then run \`${ctx.regenerateCommand}\` again; add \`--check\` to fail when this folder is stale.\n`;
}
