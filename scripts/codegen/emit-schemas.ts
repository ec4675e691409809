/**
 * Emits `schemas.ts`: the serde schema of every structure and union, as compact data for
 * `src/runtime/serde-json.ts`. Declared in dependency order; a reference that would close a
 * cycle (a recursive shape) becomes a thunk.
 */
import { shapeName } from "./model.js";
import type { GenerationContext } from "./context.js";

/**
 * The constant holding a shape's schema.
 *
 * @param id - the shape id
 * @returns the constant's name
 */
export const schemaConst = (id: string): string => (id === "smithy.api#Unit" ? "UnitSchema" : `${shapeName(id)}Schema`);

/**
 * @param ctx - the generation context
 * @returns the file's text
 */
export function emitSchemas(ctx: GenerationContext): string {
  const { index } = ctx;
  const declared = new Set<string>();
  const inProgress = new Set<string>();
  const out: string[] = [];
  let usesUnion = false;

  const declare = (id: string): void => {
    if (declared.has(id) || inProgress.has(id)) return;
    inProgress.add(id);
    const shape = index.shape(id);
    const refer = (target: string): string => {
      declare(target);
      return declared.has(target) ? schemaConst(target) : `() => ${schemaConst(target)}`;
    };
    const members: string[] = [];
    const wireNames: string[] = [];
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      members.push(`${name}: ${index.schemaOf(member.target, member.traits, refer)}`);
      const jsonName = member.traits?.["smithy.api#jsonName"];
      if (typeof jsonName === "string" && jsonName !== name) wireNames.push(`${name}: ${JSON.stringify(jsonName)}`);
    }
    const tag = shape.type === "union" ? "u" : "s";
    usesUnion ||= tag === "u";
    const type = tag === "u" ? "UnionSchema" : "StructureSchema";
    const renames = wireNames.length ? `, { ${wireNames.join(", ")} }` : "";
    const body = members.length ? `{ ${members.join(", ")} }` : "{}";
    out.push(`/** Serde schema of {@link ${shapeName(id)}}. @internal */\nexport const ${schemaConst(id)}: ${type} = ["${tag}", ${body}${renames}];`);
    inProgress.delete(id);
    declared.add(id);
  };

  const roots = ctx.index.closure.filter((id) => {
    const type = index.shape(id).type;
    return type === "structure" || type === "union";
  });
  roots.sort((a, b) => schemaConst(a).localeCompare(schemaConst(b)));
  roots.forEach(declare);
  const types = usesUnion ? "StructureSchema, UnionSchema" : "StructureSchema";
  return `${ctx.header}\nimport type { ${types} } from "${ctx.runtimeImport}/schema.js";\n\n${out.join("\n")}\n`;
}
