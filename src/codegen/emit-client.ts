/**
 * Emits the service-level files: the client and aggregated client classes, the service
 * declaration, the paginators, the input/output unions and the barrel.
 */
import { deprecationTags, docComment, htmlToMarkdown } from "./docs.js";
import { shapeName } from "./model.js";
import { methodName, type GenerationContext } from "./context.js";

const hasRequiredInput = (ctx: GenerationContext, operationId: string): boolean => {
  const input = ctx.index.shape(operationId).input?.target;
  return input !== undefined && Object.values(ctx.index.shape(input).members ?? {}).some((m) => ctx.index.isRequired(m));
};

const names = (ctx: GenerationContext): string[] => ctx.operations.map(shapeName);

/** `XRayClient.ts`: the client class users construct. */
export function emitClient(ctx: GenerationContext): string {
  const client = `${ctx.clientPrefix}Client`;
  const title = (ctx.service.traits?.["smithy.api#title"] as string | undefined) ?? ctx.clientPrefix;
  const doc = ctx.service.traits?.["smithy.api#documentation"];
  const body = [typeof doc === "string" ? htmlToMarkdown(doc) : "", `A client for ${title}: send commands with \`client.send(command)\`.`].filter(Boolean).join("\n\n");
  const first = names(ctx)[0] ?? "Operation";
  return `${ctx.header}
import { ServiceClient } from "${ctx.runtime("client", 0)}";
import type { ClientConfig } from "${ctx.runtime("config", 0)}";
import type { ServiceInputTypes, ServiceOutputTypes } from "./operations.js";
import { ${ctx.clientPrefix}Service } from "./service.js";

${docComment("", `Configuration of {@link ${client}}.`, ["@public"])}export interface ${client}Config extends ClientConfig {}

${docComment("", body, [
  "@example",
  "```ts",
  `import { ${client}, ${first}Command } from "${ctx.packageName}";`,
  "",
  `const client = new ${client}({ region: "us-east-1" });`,
  `const output = await client.send(new ${first}Command(${hasRequiredInput(ctx, ctx.operations[0] ?? "") ? "input" : ""}));`,
  "```",
  "@public",
])}export class ${client} extends ServiceClient<ServiceInputTypes, ServiceOutputTypes> {
  /**
   * @param config - client options; all optional
   * @throws TypeError or RangeError for malformed options, before any request is made
   */
  constructor(...[config]: [] | [${client}Config]) {
    super(config ?? {}, ${ctx.clientPrefix}Service);
  }
}
`;
}

/** `XRay.ts`: the aggregated client with one method per operation. */
export function emitAggregatedClient(ctx: GenerationContext): string {
  const client = `${ctx.clientPrefix}Client`;
  const imports = names(ctx).map((n) => `import { ${n}Command, type ${n}CommandInput, type ${n}CommandOutput } from "./commands/${n}Command.js";`);
  const methods = ctx.operations.map((id) => {
    const name = shapeName(id);
    const method = methodName(name);
    const optional = hasRequiredInput(ctx, id) ? "" : "?";
    const doc = docComment("  ", `Sends a {@link ${name}Command}.`, [
      "@param input - the operation's input",
      "@param options - per-call options such as `abortSignal`",
      "@returns the operation's output",
      ...deprecationTags(ctx.index.shape(id)),
    ]);
    return (
      `${doc}  ${method}(input${optional}: ${name}CommandInput, options?: SendOptions): Promise<${name}CommandOutput>;\n` +
      `  ${method}(input: ${name}CommandInput, callback: (error: unknown, data?: ${name}CommandOutput) => void): void;\n` +
      `  ${method}(input: ${name}CommandInput, options: SendOptions, callback: (error: unknown, data?: ${name}CommandOutput) => void): void;\n` +
      `  ${method}(input: ${name}CommandInput = {} as ${name}CommandInput, options?: unknown, callback?: unknown): unknown {\n` +
      `    return this.send(new ${name}Command(input), options as never, callback as never);\n  }`
    );
  });
  return `${ctx.header}
import type { SendOptions } from "${ctx.runtime("client", 0)}";
import { ${client} } from "./${client}.js";
${imports.join("\n")}

${docComment("", `{@link ${client}} with one method per operation: \`await client.${methodName(names(ctx)[0] ?? "operation")}(input)\`. Convenient, but it keeps every command in your bundle; for the smallest browser bundles use \`${client}\` with the commands you need.`, ["@public"])}export class ${ctx.clientPrefix} extends ${client} {
${methods.join("\n\n")}
}
`;
}

/** `service.ts`: the facts the runtime needs about the service. */
export function emitService(ctx: GenerationContext): string {
  const aws = (ctx.service.traits?.["aws.api#service"] ?? {}) as { sdkId?: string };
  const sigv4 = (ctx.service.traits?.["aws.auth#sigv4"] ?? {}) as { name?: string };
  return `${ctx.header}
import type { ServiceDeclaration } from "${ctx.runtime("schema", 0)}";
import { resolveEndpointRules } from "./endpoint-rules.js";
import { ${ctx.clientPrefix}ServiceException } from "./errors.js";

/** @internal */
export const ${ctx.clientPrefix}Service: ServiceDeclaration = {
  sdkId: ${JSON.stringify(aws.sdkId ?? ctx.clientPrefix)},
  apiVersion: ${JSON.stringify(ctx.service.version ?? "")},
  signingName: ${JSON.stringify(sigv4.name ?? aws.sdkId?.toLowerCase() ?? "")},
  endpointRules: resolveEndpointRules,
  baseException: ${ctx.clientPrefix}ServiceException,
  // A chunk of its own: only clients with \`validateInput: true\` load it.
  loadConstraints: () => import("./constraints.js"),
};
`;
}

/**
 * The pagination of an operation: its `smithy.api#paginated` trait over the service's defaults.
 *
 * @param ctx - the generation context
 * @param operationId - the operation
 * @returns the merged trait, or `undefined` when the operation is not paginated (no trait, or no tokens after merging)
 */
export function pagination(ctx: GenerationContext, operationId: string): Readonly<Record<string, string>> | undefined {
  const trait = ctx.index.shape(operationId).traits?.["smithy.api#paginated"] as Record<string, string> | undefined;
  if (!trait) return undefined;
  const merged = { ...(ctx.service.traits?.["smithy.api#paginated"] as Record<string, string> | undefined), ...trait };
  return merged["inputToken"] && merged["outputToken"] ? merged : undefined;
}

/** `paginators.ts`: one async-iterable paginator per paginated operation. */
export function emitPaginators(ctx: GenerationContext): string {
  const out: string[] = [];
  const imports: string[] = [];
  for (const id of ctx.operations) {
    const merged = pagination(ctx, id);
    if (!merged) continue;
    const name = shapeName(id);
    imports.push(`import { ${name}Command, type ${name}CommandInput, type ${name}CommandOutput } from "./commands/${name}Command.js";`);
    const declaration = [`inputToken: ${JSON.stringify(merged["inputToken"])}`, `outputToken: ${JSON.stringify(merged["outputToken"])}`];
    if (merged["pageSize"]) declaration.push(`pageSize: ${JSON.stringify(merged["pageSize"])}`);
    const items = merged["items"] ? `Each page's \`${merged["items"]}\` holds the items.` : "";
    out.push(
      docComment("", `Iterates over every page of {@link ${name}Command}. ${items}`.trim(), [
        "@param config - the client, and optionally `startingToken`, `pageSize`, `stopOnSameToken`",
        "@param input - the first page's input",
        "@param sendArguments - passed on to `client.send` (e.g. `{ abortSignal }`)",
        "@returns an async iterable of pages",
        "@example",
        "```ts",
        `for await (const page of paginate${name}({ client }, input)) {`,
        `  console.log(page${merged["items"] ? `.${merged["items"]}` : ""});`,
        "}",
        "```",
        "@public",
      ]) +
        `export function paginate${name}(\n  config: PaginationConfiguration,\n  input: ${name}CommandInput,\n  ...sendArguments: unknown[]\n): AsyncGenerator<${name}CommandOutput, undefined, unknown> {\n` +
        `  return paginate(${name}Command, { ${declaration.join(", ")} }, config, input, ...sendArguments);\n}\n`,
    );
  }
  return `${ctx.header}
import { paginate, type PaginationConfiguration } from "${ctx.runtime("paginate", 0)}";
${imports.join("\n")}

${out.join("\n")}`;
}

/** `operations.ts`: the unions of all command inputs and outputs. */
export function emitOperations(ctx: GenerationContext): string {
  const imports = names(ctx).map((n) => `import type { ${n}CommandInput, ${n}CommandOutput } from "./commands/${n}Command.js";`);
  return `${ctx.header}
${imports.join("\n")}

${docComment("", "Any command input of this service.", ["@public"])}export type ServiceInputTypes = ${names(ctx).map((n) => `${n}CommandInput`).join(" | ") || "never"};

${docComment("", "Any command output of this service.", ["@public"])}export type ServiceOutputTypes = ${names(ctx).map((n) => `${n}CommandOutput`).join(" | ") || "never"};
`;
}

/** `index.ts`: explicit named exports of everything public. */
export function emitIndex(ctx: GenerationContext, paginated: readonly string[]): string {
  const client = `${ctx.clientPrefix}Client`;
  const lines = [
    ctx.header,
    `export { ${client}, type ${client}Config } from "./${client}.js";`,
    `export { ${ctx.clientPrefix} } from "./${ctx.aggregatedFile}.js";`,
    ...names(ctx).map((n) => `export { ${n}Command, type ${n}CommandInput, type ${n}CommandOutput } from "./commands/${n}Command.js";`),
    `export { ${[`${ctx.clientPrefix}ServiceException`, ...ctx.errorShapes.map(shapeName)].join(", ")} } from "./errors.js";`,
  ];
  const valueNames: string[] = [];
  const typeNames: string[] = [];
  for (const id of ctx.namedShapes) {
    const type = ctx.index.shape(id).type;
    (type === "enum" || type === "intEnum" ? valueNames : typeNames).push(shapeName(id));
  }
  const modelExports = [...valueNames, ...typeNames.map((n) => `type ${n}`)];
  if (modelExports.length) lines.push(`export { ${modelExports.join(", ")} } from "./models.js";`);
  if (paginated.length) lines.push(`export { ${paginated.map((n) => `paginate${n}`).join(", ")} } from "./paginators.js";`);
  lines.push(`export type { ServiceInputTypes, ServiceOutputTypes } from "./operations.js";`);
  return lines.join("\n") + "\n";
}
