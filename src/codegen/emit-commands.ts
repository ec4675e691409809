/**
 * Emits `commands/<Operation>Command.ts`: the operation's declaration (method, path, schemas,
 * errors) and a command class that carries it. No behaviour: `OperationCommand` in the runtime
 * does the work.
 */
import { deprecationTags, docComment } from "./docs.js";
import { shapeName, type MemberShape } from "./model.js";
import { describe } from "./emit-models.js";
import { schemaConst } from "./emit-schemas.js";
import { bodySchemaConst, operationBindings } from "./bindings.js";
import { structureRedaction } from "./redactions.js";
import type { GenerationContext } from "./context.js";

/** The documentation site of AWS API references, by endpoint prefix. */
const apiReference = (ctx: GenerationContext, operation: string): string | undefined => {
  const prefix = (ctx.service.traits?.["aws.api#service"] as { endpointPrefix?: string } | undefined)?.endpointPrefix;
  return prefix ? `https://docs.aws.amazon.com/${prefix}/latest/api/API_${operation}.html` : undefined;
};

/**
 * @param ctx - the generation context
 * @param operationId - the operation shape id
 * @returns the file's text
 */
export function emitCommand(ctx: GenerationContext, operationId: string): string {
  const op = ctx.index.shape(operationId);
  const name = shapeName(operationId);
  const http = op.traits?.["smithy.api#http"] as { method: string; uri: string; code?: number };
  const inputId = op.input?.target ?? "smithy.api#Unit";
  const outputId = op.output?.target ?? "smithy.api#Unit";
  const inputType = inputId === "smithy.api#Unit" ? "{}" : shapeName(inputId);
  const outputType = outputId === "smithy.api#Unit" ? "{}" : shapeName(outputId);
  const errors = (op.errors ?? []).map((ref) => shapeName(ref.target)).sort();
  const modelTypes = [inputType, outputType].filter((t) => t !== "{}");
  const inputSchema = bodySchemaConst(ctx, inputId);
  const outputSchema = bodySchemaConst(ctx, outputId);
  const schemaImports = [...new Set([inputSchema, outputSchema])].filter((s) => s !== "UnitSchema");
  const unit = inputId === "smithy.api#Unit" || outputId === "smithy.api#Unit";
  const commandName = `${name}Command`;
  const client = `${ctx.clientPrefix}Client`;
  const see = apiReference(ctx, name);
  const throwsTags = [
    ...errors.map((error) => {
      const errorShape = ctx.index.shape((op.errors ?? []).find((ref) => shapeName(ref.target) === error)!.target);
      const summary = describe(ctx, errorShape).split("\n")[0] ?? "";
      return `@throws {@link ${error}} ${summary}`.trim();
    }),
    `@throws {@link ${ctx.clientPrefix}ServiceException} for any other error response.`,
  ];
  const example = [
    "@example",
    "```ts",
    `import { ${client}, ${commandName} } from "${ctx.packageName}";`,
    "",
    `const client = new ${client}({ region: "us-east-1" });`,
    `const output = await client.send(new ${commandName}(${exampleInput(ctx, inputId, "")}));`,
    "```",
  ].join("\n");

  const bindings = operationBindings(ctx, operationId, schemaConst);
  const extraSchemas = [...bindings.input.schemaRefs, ...bindings.output.schemaRefs].filter((ref) => !schemaImports.includes(ref));
  const tokens = Object.entries(ctx.index.shape(inputId).members ?? {})
    .filter(([, member]) => member.traits?.["smithy.api#idempotencyToken"] !== undefined)
    .map(([member]) => member);
  const inputRedaction = structureRedaction(ctx, inputId);
  const outputRedaction = structureRedaction(ctx, outputId);
  const redactions = [...new Set([inputRedaction, outputRedaction].filter((r): r is string => r !== undefined && r !== "1"))];
  const schemaNames = [...new Set([...schemaImports, ...extraSchemas, ...redactions])].sort();
  const optional: string[] = [];
  if (bindings.needed) {
    const block = (key: string, entries: readonly string[]): string[] =>
      entries.length ? [`    ${key}: {`, ...entries.map((entry) => `      ${entry},`), "    },"] : [];
    const parts = [
      ...block("input", bindings.input.entries),
      ...block("output", bindings.output.entries),
      ...(bindings.hostPrefix !== undefined ? [`    hostPrefix: ${JSON.stringify(bindings.hostPrefix)},`] : []),
      "    codec: httpBindingCodec,",
    ];
    optional.push(`  http: {\n${parts.join("\n")}\n  },\n`);
  }
  if (tokens.length) optional.push(`  idempotencyTokens: { members: [${tokens.map((t) => JSON.stringify(t)).join(", ")}], fill: fillIdempotencyTokens },\n`);
  if (inputRedaction || outputRedaction) {
    const parts = [...(inputRedaction ? [`input: ${inputRedaction}`] : []), ...(outputRedaction ? [`output: ${outputRedaction}`] : []), "redact"];
    optional.push(`  sensitive: { ${parts.join(", ")} },\n`);
  }
  const deprecated = deprecationTags(op);
  const blobIn = blobPayloadMember(ctx, inputId);
  const blobOut = blobPayloadMember(ctx, outputId);
  const inputBase = inputType === "{}" ? "Record<string, never>" : blobIn ? `Omit<${inputType}, ${JSON.stringify(blobIn.name)}>` : inputType;
  const outputBase = outputType === "{}" ? "" : `${blobOut ? `Omit<${outputType}, ${JSON.stringify(blobOut.name)}>` : outputType}, `;
  // Like the official clients: a blob payload goes in as any of @smithy/types' BlobPayloadInputTypes
  // and comes back as bytes with transformToString.
  const inputBody = blobIn ? `\n  ${blobMemberDoc(ctx, blobIn)}${blobIn.name}${blobIn.required ? "" : "?"}: BlobPayloadInputTypes;\n` : "";
  const outputBody = blobOut ? `\n  ${blobMemberDoc(ctx, blobOut)}${blobOut.name}?: PayloadBytes;\n` : "";

  return [
    ctx.header,
    `import type { ${blobIn ? "BlobPayloadInputTypes, " : ""}MetadataBearer } from "${ctx.smithy("@smithy/types", 1)}";`,
    `import { OperationCommand } from "${ctx.runtime("command", 1)}";`,
    bindings.needed ? `import { httpBindingCodec${blobOut ? ", type PayloadBytes" : ""} } from "${ctx.runtime("http-bindings", 1)}";` : "",
    tokens.length ? `import { fillIdempotencyTokens } from "${ctx.runtime("idempotency", 1)}";` : "",
    inputRedaction || outputRedaction ? `import { redact } from "${ctx.runtime("redact", 1)}";` : "",
    `import type { ${unit ? "StructureSchema, " : ""}OperationDeclaration } from "${ctx.runtime("schema", 1)}";`,
    errors.length ? `import { ${errors.join(", ")} } from "../errors.js";` : "",
    modelTypes.length ? `import type { ${[...new Set(modelTypes)].join(", ")} } from "../models.js";` : "",
    schemaNames.length ? `import { ${schemaNames.join(", ")} } from "../schemas.js";\n` : "\n",
    docComment("", `The input of {@link ${commandName}}.`, ["@public"]) + `export interface ${commandName}Input extends ${inputBase} {${inputBody}}\n`,
    docComment("", `The output of {@link ${commandName}}, with the response's \`$metadata\`.`, ["@public"]) +
      `export interface ${commandName}Output extends ${outputBase}MetadataBearer {${outputBody}}\n`,
    unit ? 'const UnitSchema: StructureSchema = ["s", {}];\n' : "",
    docComment("", `How ${name} goes on the wire.`, ["@internal"]) +
      `export const ${name}Operation: OperationDeclaration = {\n` +
      `  name: ${JSON.stringify(name)},\n` +
      `  method: ${JSON.stringify(http.method)},\n` +
      `  path: ${JSON.stringify(http.uri)},\n` +
      `  code: ${http.code ?? 200},\n` +
      `  input: ${inputSchema},\n` +
      `  output: ${outputSchema},\n` +
      `  errors: ${errors.length ? `{ ${errors.join(", ")} }` : "{}"},\n` +
      optional.join("") +
      "};\n",
    docComment("", describe(ctx, op), [example, ...throwsTags, ...(see ? [`@see ${see}`] : []), ...deprecated, "@public"]) +
      `export class ${commandName} extends OperationCommand<${commandName}Input, ${commandName}Output> {\n` +
      `  /** @internal */\n  static override readonly operation: OperationDeclaration = ${name}Operation;\n}\n`,
  ]
    .filter((part) => part !== "")
    .join("\n");
}

/** The structure's blob `@httpPayload` member, if it has one. */
function blobPayloadMember(ctx: GenerationContext, id: string): { name: string; member: MemberShape; required: boolean } | undefined {
  if (id === "smithy.api#Unit") return undefined;
  for (const [name, member] of Object.entries(ctx.index.shape(id).members ?? {})) {
    if (member.traits?.["smithy.api#httpPayload"] !== undefined && ctx.index.shape(member.target).type === "blob") {
      return { name, member, required: ctx.index.isRequired(member) };
    }
  }
  return undefined;
}

/** The member's documentation, indented for a member of a command's input or output. */
const blobMemberDoc = (ctx: GenerationContext, blob: { name: string; member: MemberShape }): string => {
  const text = describe(ctx, blob.member, ctx.index.shape(blob.member.target));
  return text ? docComment("  ", text, []).trimStart() + "  " : "";
};

/** A minimal input for the `@example`: the required members with placeholder values. */
function exampleInput(ctx: GenerationContext, id: string, indent: string): string {
  const shape = ctx.index.shape(id);
  switch (shape.type) {
    case "structure": {
      const required = Object.entries(shape.members ?? {}).filter(([, m]) => ctx.index.isRequired(m));
      if (required.length === 0) return "{}";
      const inner = required.map(([name, m]) => `${indent}  ${name}: ${exampleInput(ctx, m.target, `${indent}  `)},`);
      return `{\n${inner.join("\n")}\n${indent}}`;
    }
    case "list":
    case "set":
      return `[${exampleInput(ctx, shape.member!.target, indent)}]`;
    case "map":
      return `{ key: ${exampleInput(ctx, shape.value!.target, indent)} }`;
    case "timestamp":
      return "new Date()";
    case "boolean":
      return "false";
    case "enum": {
      const first = Object.entries(shape.members ?? {})[0];
      return JSON.stringify(first?.[1].traits?.["smithy.api#enumValue"] ?? first?.[0] ?? "");
    }
    case "string":
      return `"${shapeName(id).replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}_VALUE"`;
    case "union": {
      const first = Object.entries(shape.members ?? {})[0];
      return first ? `{ ${first[0]}: ${exampleInput(ctx, first[1].target, indent)} }` : "{}";
    }
    default:
      return "0";
  }
}
