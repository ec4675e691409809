/**
 * Emits `models.ts`: an interface per structure, a tagged type per union, a const object plus a
 * string-literal union per enum. Types only (and the enum consts), so it costs a bundle nothing
 * beyond the enums a program uses.
 */
import { compilePattern } from "./compile-pattern.js";
import { deprecationTags, docComment, htmlToMarkdown } from "./docs.js";
import { supplementaryDoc } from "./doc-supplements.js";
import { shapeName, type MemberShape, type Shape } from "./model.js";
import type { GenerationContext } from "./context.js";

/**
 * @param ctx - the generation context
 * @returns the file's text
 */
export function emitModels(ctx: GenerationContext): string {
  const { index } = ctx;
  const parts: string[] = [ctx.header];
  const body: string[] = [];
  for (const id of ctx.namedShapes) {
    const shape = index.shape(id);
    if (shape.traits?.["smithy.api#error"] !== undefined) continue;
    switch (shape.type) {
      case "structure":
        body.push(emitStructure(ctx, id, shape));
        break;
      case "union":
        body.push(emitUnion(ctx, id, shape));
        break;
      case "enum":
      case "intEnum":
        body.push(emitEnum(id, shape));
        break;
    }
  }
  const text = body.join("\n");
  if (/\bDocumentType\b/.test(text)) parts.push(`import type { DocumentType } from "${ctx.smithy("@smithy/types", 0)}";\n`);
  parts.push(text);
  return parts.join("\n");
}

/**
 * The documentation of a shape or member as Markdown, with constraint remarks.
 *
 * @param ctx - the generation context
 * @param shape - the shape or member
 * @param target - for members, the targeted shape (its constraints apply too)
 * @param id - the shape or member id (`ns#Shape$member`), to look up supplementary documentation
 *   when the model has none
 * @returns Markdown, possibly empty
 */
export function describe(ctx: GenerationContext, shape: { traits?: Shape["traits"] }, target?: Shape, id?: string): string {
  const doc = shape.traits?.["smithy.api#documentation"] ?? target?.traits?.["smithy.api#documentation"];
  const text = (typeof doc === "string" ? htmlToMarkdown(doc) : "") || (id === undefined ? "" : supplementaryDoc(id));
  const constraints = constraintText({ ...target?.traits, ...shape.traits });
  return [text, constraints].filter(Boolean).join("\n\n");
}

function constraintText(traits: NonNullable<Shape["traits"]>): string {
  const out: string[] = [];
  const length = traits["smithy.api#length"] as { min?: number; max?: number } | undefined;
  if (length) out.push(`length ${range(length.min, length.max)}`);
  const numeric = traits["smithy.api#range"] as { min?: number; max?: number } | undefined;
  if (numeric) out.push(`range ${range(numeric.min, numeric.max)}`);
  const pattern = traits["smithy.api#pattern"];
  if (typeof pattern === "string") out.push(`pattern \`${pattern}\`${compilePattern(pattern) ? "" : " (not checked by `validateInput`: no ECMAScript regular-expression grammar accepts it)"}`);
  return out.length ? `Constraints: ${out.join("; ")}.` : "";
}

const range = (min: number | undefined, max: number | undefined): string =>
  min !== undefined && max !== undefined ? `${min}–${max}` : min !== undefined ? `≥ ${min}` : `≤ ${max}`;

function emitStructure(ctx: GenerationContext, id: string, shape: Shape): string {
  const doc = describe(ctx, shape, undefined, id) || operationIoDoc(ctx, id);
  const lines = [docComment("", doc, [...deprecationTags(shape), "@public"]) + `export interface ${shapeName(id)} {`];
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    lines.push(memberLine(ctx, `${id}$${name}`, name, member));
  }
  lines.push("}\n");
  return lines.join("\n");
}

/**
 * One interface member. Required members are declared without `?` but still admit `undefined`,
 * as in `@aws-sdk/client-xray`, so that code written for it type-checks unchanged.
 */
function memberLine(ctx: GenerationContext, memberId: string, name: string, member: MemberShape): string {
  const target = ctx.index.shape(member.target);
  const notes = [
    member.traits?.["smithy.api#idempotencyToken"] !== undefined ? "Filled with a random UUID v4 when left unset, the same one for every retry of a call." : "",
    ctx.index.isSensitive(member) ? "Sensitive: shown as `***SensitiveInformation***` in logs." : "",
  ].filter(Boolean);
  const doc = docComment("  ", [describe(ctx, member, target, memberId), ...notes].filter(Boolean).join("\n\n"), [...defaultValueTags(member), ...deprecationTags(member)]);
  const optional = ctx.index.isRequired(member) ? "" : "?";
  return `${doc}  ${name}${optional}: ${ctx.index.typeOf(member.target)} | undefined;`;
}

/** `@defaultValue` for a member with a (non-null) `smithy.api#default`: the value the service assumes when it is left out. */
const defaultValueTags = (member: MemberShape): string[] => {
  const value = member.traits?.["smithy.api#default"];
  return value === undefined || value === null ? [] : [`@defaultValue ${JSON.stringify(value)}`];
};

function emitUnion(ctx: GenerationContext, id: string, shape: Shape): string {
  const name = shapeName(id);
  const members = Object.keys(shape.members ?? {});
  const variants = [...members.map((m) => `${name}.${m}Member`), `${name}.$UnknownMember`];
  const lines = [
    docComment("", describe(ctx, shape, undefined, id), ["Exactly one member is set. A variant this client does not know arrives as `$unknown`.", ...deprecationTags(shape), "@public"]) +
      `export type ${name} = ${variants.join(" | ")};\n`,
    docComment("", `The variants of {@link ${name}}.`, ["@public"]) + `export declare namespace ${name} {`,
  ];
  // Every variant declares every member, the others as `?: never`, so that TypeScript narrows
  // on `value.X !== undefined`; those say which variant a value is, and nothing else.
  const unset = (set: string): string => docComment("    ", `Unset: this is the \`${set}\` variant.`);
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    const target = ctx.index.shape(ref.target);
    const doc = describe(ctx, ref, target, `${id}$${member}`);
    lines.push(docComment("  ", doc, deprecationTags(ref)) + `  interface ${member}Member {`);
    for (const other of members) {
      lines.push(
        other === member
          ? `${docComment("    ", doc || `The \`${member}\` value.`)}    ${other}: ${ctx.index.typeOf(ref.target)};`
          : `${unset(member)}    ${other}?: never;`,
      );
    }
    lines.push(`${unset(member)}    $unknown?: never;`, "  }");
  }
  lines.push(docComment("  ", "A variant this client's model does not know: `[name, value]`.") + "  interface $UnknownMember {");
  for (const other of members) lines.push(`${docComment("    ", "Unset: the variant is one this client's model does not know.")}    ${other}?: never;`);
  lines.push(
    `${docComment("    ", "The variant's name as it arrived on the wire, and its value as parsed JSON, not converted.")}    $unknown: [string, any];`,
    "  }",
    "}\n",
  );
  return lines.join("\n");
}

/**
 * The documentation of an operation's input or output structure, which models rarely document:
 * which operation it belongs to and which command type extends it.
 *
 * @param ctx - the generation context
 * @param id - the structure's shape id
 * @returns Markdown, or `""` when the structure is no operation's input or output
 */
function operationIoDoc(ctx: GenerationContext, id: string): string {
  for (const operation of ctx.operations) {
    const shape = ctx.index.shape(operation);
    const name = shapeName(operation);
    if (shape.input?.target === id) {
      return `The input members of the \`${name}\` operation, which {@link ${name}CommandInput} extends.`;
    }
    if (shape.output?.target === id) {
      return `The output members of the \`${name}\` operation, which {@link ${name}CommandOutput} extends with the response's \`$metadata\`.`;
    }
  }
  return "";
}

function emitEnum(id: string, shape: Shape): string {
  const name = shapeName(id);
  const modelDoc = typeof shape.traits?.["smithy.api#documentation"] === "string" ? htmlToMarkdown(shape.traits["smithy.api#documentation"] as string) : "";
  const doc = modelDoc || supplementaryDoc(id);
  const entries = Object.entries(shape.members ?? {}).map(([member, ref]) => {
    const value = ref.traits?.["smithy.api#enumValue"] ?? member;
    const text = typeof ref.traits?.["smithy.api#documentation"] === "string" ? htmlToMarkdown(ref.traits["smithy.api#documentation"] as string) : "";
    return `${docComment("  ", text || supplementaryDoc(`${id}$${member}`), deprecationTags(ref))}  ${member}: ${JSON.stringify(value)},`;
  });
  return (
    docComment("", doc || `The values of ${name}.`, [...deprecationTags(shape), "@public"]) +
    `export const ${name} = {\n${entries.join("\n")}\n} as const;\n\n` +
    // `:var` picks the const of the same name, not this type.
    docComment("", doc || `One of the values of {@link ${name}:var}.`, ["@public"]) +
    `export type ${name} = (typeof ${name})[keyof typeof ${name}];\n`
  );
}
