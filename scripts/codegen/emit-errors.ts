/**
 * Emits `errors.ts`: the service's base exception and one class per modelled error, shaped as
 * in `@aws-sdk/client-xray` (same names, `$fault`, `shapeId`, members).
 */
import { docComment } from "./docs.js";
import { shapeName } from "./model.js";
import { describe } from "./emit-models.js";
import type { GenerationContext } from "./context.js";

/**
 * @param ctx - the generation context
 * @returns the file's text
 */
export function emitErrors(ctx: GenerationContext): string {
  const base = `${ctx.clientPrefix}ServiceException`;
  const parts = [
    ctx.header,
    'import { ServiceException, type ServiceExceptionOptions } from "@smithy/smithy-client";',
    `import type { Schema } from "${ctx.runtimeImport}/schema.js";`,
    "",
    docComment("", `The base of every error the service returns. An error code the model does not list still arrives as a \`${base}\` whose \`name\` is that code.`, ["@public"]) +
      `export class ${base} extends ServiceException {\n` +
      `  /** @internal */\n  static override readonly shapeId: string = ${JSON.stringify(`smithy.ts.sdk.synthetic.${ctx.serviceId.split("#")[0]}#${base}`)};\n\n` +
      `  /**\n   * @param options - name, fault, metadata and message\n   */\n` +
      `  constructor(options: ServiceExceptionOptions) {\n    super(options);\n    Object.setPrototypeOf(this, ${base}.prototype);\n  }\n}\n`,
  ];
  for (const id of ctx.errorShapes) {
    const shape = ctx.index.shape(id);
    const name = shapeName(id);
    const fault = shape.traits?.["smithy.api#error"] === "server" ? "server" : "client";
    const members = Object.entries(shape.members ?? {});
    const schema = members.map(([member, ref]) => `${member}: ${ctx.index.schemaOf(ref.target, ref.traits, () => "0")}`);
    const fields = members.map(([member, ref]) => {
      const doc = docComment("  ", describe(ctx, ref, ctx.index.shape(ref.target)));
      return `${doc}  ${member}?: ${ctx.index.typeOf(ref.target)} | undefined;`;
    });
    const assigns = members.map(([member]) => `    this.${member} = options.${member};`);
    const status = shape.traits?.["smithy.api#httpError"];
    parts.push(
      docComment("", describe(ctx, shape), [...(status ? [`HTTP status ${status}.`] : []), "@public"]) +
        `export class ${name} extends ${base} {\n` +
        `  /** @internal */\n  static override readonly shapeId: string = ${JSON.stringify(id)};\n` +
        `  /** @internal */\n  static readonly members: Readonly<Record<string, Schema>> = { ${schema.join(", ")} };\n` +
        `  override readonly name = ${JSON.stringify(name)} as const;\n` +
        `  override readonly $fault = ${JSON.stringify(fault)} as const;\n` +
        `${fields.join("\n")}\n\n` +
        `  /**\n   * @param options - metadata, message and the error's members\n   * @internal\n   */\n` +
        `  constructor(options: Omit<ServiceExceptionOptions, "name" | "$fault"> & { ${members.map(([m, ref]) => `${m}?: ${ctx.index.typeOf(ref.target)} | undefined`).join("; ")} }) {\n` +
        `    super({ name: ${JSON.stringify(name)}, $fault: ${JSON.stringify(fault)}, ...options });\n` +
        `    Object.setPrototypeOf(this, ${name}.prototype);\n` +
        `${assigns.join("\n")}\n  }\n}\n`,
    );
  }
  return parts.join("\n");
}
