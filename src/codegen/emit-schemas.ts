/**
 * Emits `schemas.ts`: the serde schema of every structure and union, as compact data for
 * `src/runtime/serde-json.ts`. Declared in dependency order; a reference that would close a
 * cycle (a recursive shape) becomes a thunk.
 */
import { shapeName } from "./model.js";
import { redactionConst, redactionOf, sensitiveAggregates } from "./redactions.js";
import { bodySchemaConst, bodySchemas } from "./bindings.js";
import { schemaConst } from "./shapes.js";
import type { GenerationContext } from "./context.js";
import { declareInDependencyOrder } from "./declare-order.js";
import { schemaLegend } from "./schema-legend.js";

export { schemaConst } from "./shapes.js";

/**
 * Members in the order they go on the wire: required ones first, each group in model order.
 * This is the order `@aws-sdk/client-*` serializes in, so bodies stay byte-identical to theirs.
 *
 * @param members - a structure's or union's members
 * @returns `[name, member]` pairs
 */
export function wireOrder<T extends { readonly traits?: Readonly<Record<string, unknown>> }>(members: Readonly<Record<string, T>>): [string, T][] {
  const entries = Object.entries(members);
  const required = (member: T): boolean => member.traits?.["smithy.api#required"] !== undefined;
  return [...entries.filter(([, member]) => required(member)), ...entries.filter(([, member]) => !required(member))];
}

/**
 * @param ctx - the generation context
 * @returns the file's text
 */
export function emitSchemas(ctx: GenerationContext): string {
  const { index } = ctx;
  let usesUnion = false;

  // Structurally identical schemas (X-Ray's error, fault and response-time root causes) are
  // declared once and aliased: the runtime reads them as data, so one object serves every name,
  // and the bundle carries one copy. References go to the first name, so that shapes built
  // from identical parts are found identical in turn.
  const firstByLiteral = new Map<string, string>();
  const aliasOf = new Map<string, string>();
  const emit = (id: string, referOrdered: (target: string) => string): string[] => {
    const refer = (target: string): string => {
      const name = referOrdered(target);
      return aliasOf.get(name) ?? name;
    };
    const declare = (name: string, type: string, value: string): string => {
      const first = firstByLiteral.get(value);
      if (first === undefined) firstByLiteral.set(value, name);
      else aliasOf.set(name, first);
      return `export const ${name}: ${type} = ${first ?? value};`;
    };
    const out: string[] = [];
    const shape = index.shape(id);
    const tag = shape.type === "union" ? "u" : "s";
    usesUnion ||= tag === "u";
    const type = tag === "u" ? "UnionSchema" : "StructureSchema";
    // An operation input or output with bound members declares its body members only; when the
    // structure is also a member's target, its full schema is declared too.
    const body = bodies.get(id);
    const literal = (leaveOut: ReadonlySet<string>): string => {
      const members: string[] = [];
      const wireNames: string[] = [];
      for (const [name, member] of wireOrder(shape.members ?? {})) {
        if (leaveOut.has(name)) continue;
        members.push(`${name}: ${index.schemaOf(member.target, member.traits, refer)}`);
        const jsonName = member.traits?.["smithy.api#jsonName"];
        if (typeof jsonName === "string" && jsonName !== name) wireNames.push(`${name}: ${JSON.stringify(jsonName)}`);
      }
      const renames = wireNames.length ? `, { ${wireNames.join(", ")} }` : "";
      return `["${tag}", ${members.length ? `{ ${members.join(", ")} }` : "{}"}${renames}]`;
    };
    if (!body || body.separate) {
      out.push(`/** Serde schema of {@link ${shapeName(id)}}. @internal */\n${declare(schemaConst(id), type, literal(new Set()))}`);
    }
    if (body) {
      const what = `the members of {@link ${shapeName(id)}} that travel in the JSON body (the others are HTTP-bound)`;
      out.push(`/** Serde schema of ${what}. @internal */\n${declare(bodySchemaConst(ctx, id), type, literal(body.bound))}`);
    }
    return out;
  };
  const bodies = bodySchemas(ctx);

  const roots = ctx.index.closure.filter((id) => {
    const type = index.shape(id).type;
    return type === "structure" || type === "union";
  });
  roots.sort((a, b) => schemaConst(a).localeCompare(schemaConst(b)));
  const out = declareInDependencyOrder(roots, schemaConst, emit);
  const redactions = emitRedactions(ctx);
  const types = [...(usesUnion ? ["StructureSchema", "UnionSchema"] : ["StructureSchema"]), ...(redactions.length ? ["Redaction"] : [])].sort();
  return `${ctx.header}\n${schemaLegend(redactions.length > 0)}\nimport type { ${types.join(", ")} } from "${ctx.runtime("schema", 0)}";\n\n${[...out, ...redactions].join("\n")}\n`;
}

/** The redaction constants of the structures and unions that hold `@sensitive` data, in dependency order. */
function emitRedactions(ctx: GenerationContext): string[] {
  const marked = sensitiveAggregates(ctx);
  const emit = (id: string, refer: (target: string) => string): string[] => {
    const shape = ctx.index.shape(id);
    const members = Object.entries(shape.members ?? {}).flatMap(([name, member]) => {
      const redaction = redactionOf(ctx, member, marked, refer);
      return redaction ? [`${name}: ${redaction}`] : [];
    });
    const value = `["s", { ${members.join(", ")} }]`;
    return [`/** The \`@sensitive\` parts of {@link ${shapeName(id)}}, redacted in logs. @internal */\nexport const ${redactionConst(id)}: Redaction = ${value};`];
  };
  // A shape sensitive as a whole is referred to as `1`, so it needs no constant of its own.
  const ids = [...marked]
    .filter((id) => ctx.index.shape(id).traits?.["smithy.api#sensitive"] === undefined)
    .sort((a, b) => redactionConst(a).localeCompare(redactionConst(b)));
  const out = declareInDependencyOrder(ids, redactionConst, emit);
  return out;
}
