/**
 * Emits `constraints.ts`: what the model requires of each operation's input (required members,
 * `@length`, `@range`, `@pattern`, enum values, `@uniqueItems`), as data for the runtime's
 * opt-in validator (`src/runtime/validate.ts`, the `validateInput` client option).
 *
 * The file is its own module, with the check bound to its data (`validateInput`), because the
 * service declaration loads it with `import()`: clients that never validate carry neither. Structures and unions that constrain something get a
 * constant, declared in dependency order; a reference that would close a cycle (a recursive
 * shape) becomes a thunk. Lists and maps are written inline. Each pattern is compiled once, as
 * a constant of its own, the way `src/codegen/compile-pattern.ts` reads it; one that no
 * ECMAScript grammar accepts is left unchecked (a comment here and a note in `models.ts` say
 * so), never a reason to refuse the model.
 */
import { compilePattern } from "./compile-pattern.js";
import { ModelError, shapeName, type MemberShape, type Shape, type Traits } from "./model.js";
import { docComment } from "./docs.js";
import type { GenerationContext } from "./context.js";
import { declareInDependencyOrder } from "./declare-order.js";

const AGGREGATES = new Set(["structure", "union"]);
const LISTS = new Set(["list", "set"]);

/** The constant holding a structure's or union's constraints. */
const constraintsConst = (id: string): string => `${shapeName(id)}Constraints`;

/**
 * @param ctx - the generation context
 * @returns the file's text
 * @throws ModelError for a `@pattern` that is not a string, or a malformed `@length` or `@range`
 */
export function emitConstraints(ctx: GenerationContext): string {
  const { index } = ctx;
  checkTraits(ctx);
  const inputs = ctx.operations.map((id) => [shapeName(id), index.shape(id).input?.target ?? "smithy.api#Unit"] as const);
  // Pattern constants are named after the shape or member that declares them (`InsightIdPattern`,
  // `GetGroupGroupNamePattern`), with a number only if two owners end up with the same name.
  const patterns = new Map<string, string>();
  const patternDeclarations = new Map<string, string>();
  const patternOf = (source: string, owner: string): string | undefined => {
    const key = `${owner}\0${source}`;
    let name = patterns.get(key);
    if (!name) {
      const compiled = compilePattern(source);
      name = `${owner}Pattern`;
      for (let n = 2; patternDeclarations.has(name); n++) name = `${owner}Pattern${n}`;
      patterns.set(key, name);
      patternDeclarations.set(
        name,
        compiled
          ? `/** \`@pattern\` of ${owner}. */\nconst ${name} = /${compiled.source}/${compiled.flags};`
          : `// \`@pattern\` of ${owner} is not checked: no ECMAScript grammar accepts ${JSON.stringify(source).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}.`,
      );
    }
    return patternDeclarations.get(name)!.startsWith("//") ? undefined : name;
  };

  /**
   * The constraints expression of a member's value, or `undefined` when nothing in it is
   * constrained. `refer` names a structure's or union's constant (a thunk inside a cycle).
   */
  const valueOf = (member: MemberShape, owner: string, refer: (id: string) => string): string | undefined => {
    const target = index.shape(member.target);
    const sensitive = index.isSensitive(member);
    if (AGGREGATES.has(target.type)) {
      if (!constrained.has(member.target)) return undefined;
      // A @sensitive member of a structure that is not sensitive itself hides map keys below it.
      const sensitiveHere = sensitive && target.traits?.["smithy.api#sensitive"] === undefined;
      return sensitiveHere ? `() => ({ ...${constraintsConst(member.target)}, sensitive: true })` : refer(member.target);
    }
    const traits: Traits = { ...target.traits, ...member.traits };
    const parts: string[] = [];
    const bounds = (trait: string): string | undefined => {
      const value = traits[trait] as { min?: number; max?: number } | undefined;
      if (!value) return undefined;
      const sides = [...(value.min !== undefined ? [`min: ${value.min}`] : []), ...(value.max !== undefined ? [`max: ${value.max}`] : [])];
      return sides.length ? `{ ${sides.join(", ")} }` : undefined;
    };
    const length = bounds("smithy.api#length");
    if (length) parts.push(`length: ${length}`);
    const range = bounds("smithy.api#range");
    if (range) parts.push(`range: ${range}`);
    const pattern = traits["smithy.api#pattern"];
    if (typeof pattern === "string") {
      // A member's own pattern is named after the member, a shape's after the shape.
      const patternOwner = member.traits?.["smithy.api#pattern"] !== undefined ? owner : shapeName(member.target);
      const constant = patternOf(pattern, patternOwner);
      if (constant) parts.push(`pattern: ${constant}`);
    }
    const values = enumValues(target);
    if (values) parts.push(`enum: [${values.map((value) => JSON.stringify(value)).join(", ")}]`);
    if (traits["smithy.api#uniqueItems"] !== undefined || target.type === "set") parts.push("uniqueItems: true");
    if (LISTS.has(target.type)) {
      const item = valueOf(target.member!, `${shapeName(member.target)}Member`, refer);
      if (item) parts.push(`member: ${item}`);
    } else if (target.type === "map") {
      const value = valueOf(target.value!, `${shapeName(member.target)}Value`, refer);
      // Sensitive keys are hidden from the paths of value violations even when they have no
      // constraints of their own.
      const key = valueOf(target.key!, `${shapeName(member.target)}Key`, refer) ?? (value && index.isSensitive(target.key!) ? "{ sensitive: true }" : undefined);
      if (key) parts.push(`key: ${key}`);
      if (value) parts.push(`value: ${value}`);
    }
    if (!parts.length) return undefined;
    if (sensitive) parts.push("sensitive: true");
    return `{ ${parts.join(", ")} }`;
  };

  /** The constraints literal of a structure or union, or `undefined` when it constrains nothing. */
  const aggregateOf = (id: string, refer: (id: string) => string): string | undefined => {
    const shape = index.shape(id);
    const parts: string[] = [];
    const required = Object.entries(shape.members ?? {}).filter(([, member]) => shape.type === "structure" && index.isRequired(member)).map(([name]) => JSON.stringify(name));
    if (required.length) parts.push(`required: [${required.join(", ")}]`);
    const members = Object.entries(shape.members ?? {}).flatMap(([name, member]) => {
      const value = valueOf(member, `${shapeName(id)}${name}`, refer);
      return value ? [`${name}: ${value}`] : [];
    });
    if (members.length) parts.push(`members: { ${members.join(", ")} }`);
    if (!parts.length) return undefined;
    if (shape.traits?.["smithy.api#sensitive"] !== undefined) parts.push("sensitive: true");
    return `{ ${parts.join(", ")} }`;
  };

  // The structures and unions an input reaches that constrain something, directly or through
  // what they contain: a fixed point, so recursive shapes need no special case.
  const reachable = inputClosure(ctx, inputs.map(([, id]) => id)).filter((id) => AGGREGATES.has(index.shape(id).type));
  const constrained = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of reachable) {
      if (!constrained.has(id) && aggregateOf(id, constraintsConst) !== undefined) {
        constrained.add(id);
        changed = true;
      }
    }
  }

  const out = declareInDependencyOrder(
    [...constrained].sort((a, b) => constraintsConst(a).localeCompare(constraintsConst(b))),
    constraintsConst,
    (id, refer) => [`/** What the model requires of {@link ${shapeName(id)}}. */\nconst ${constraintsConst(id)}: Constraints = ${aggregateOf(id, refer)!};`],
  );

  const entries = inputs.filter(([, id]) => constrained.has(id)).map(([name, id]) => `  ${name}: ${constraintsConst(id)},`);
  const exported =
    docComment("", "The constraints of each operation's input, by operation name, for the `validateInput` client option. Operations whose input constrains nothing are absent.", ["@internal"]) +
    `export const inputConstraints: Readonly<Record<string, Constraints>> = ${entries.length ? `{\n${entries.join("\n")}\n}` : "{}"};`;
  const validator =
    docComment("", "Checks an operation's input against {@link inputConstraints}; throws a `ValidationError` listing every violation.", ["@internal"]) +
    "export const validateInput = createInputValidator(inputConstraints);";
  const body = [...[...patternDeclarations.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, text]) => text), ...out, exported, validator];
  const imports = [`import type { Constraints } from "${ctx.runtime("validate-constraints", 0)}";`, `import { createInputValidator } from "${ctx.runtime("validate", 0)}";`];
  if (ctx.runtime("validate", 0) === ctx.runtime("validate-constraints", 0)) imports.splice(0, 2, `import { createInputValidator, type Constraints } from "${ctx.runtime("validate", 0)}";`);
  return `${ctx.header}\n${imports.join("\n")}\n\n${body.join("\n")}\n`;
}

/** The allowed values of an enum, intEnum or legacy `smithy.api#enum` string, if it is one. */
function enumValues(shape: Shape): (string | number)[] | undefined {
  if (shape.type === "enum" || shape.type === "intEnum") {
    return Object.entries(shape.members ?? {}).map(([name, member]) => (member.traits?.["smithy.api#enumValue"] as string | number | undefined) ?? name);
  }
  const legacy = shape.traits?.["smithy.api#enum"] as { value: string }[] | undefined;
  return legacy?.map((entry) => entry.value);
}

/** The shapes reachable from the operations' inputs (outputs and errors are never validated). */
function inputClosure(ctx: GenerationContext, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const shape = ctx.index.shape(id);
    for (const ref of [shape.member, shape.key, shape.value, ...Object.values(shape.members ?? {})]) if (ref) visit(ref.target);
  };
  roots.forEach(visit);
  return [...seen].sort();
}

/**
 * Checks every constraint trait of the generated shapes, inputs or not, so that a model the
 * validator would misread is refused rather than half-checked: patterns must be strings, and
 * `@length`/`@range` bounds must be numbers with `min <= max`. (Whether a pattern compiles is
 * not a reason to refuse: see `src/codegen/compile-pattern.ts`.)
 */
function checkTraits(ctx: GenerationContext): void {
  for (const id of ctx.index.closure) {
    const shape = ctx.index.shape(id);
    const at = `$.shapes[${JSON.stringify(id)}]`;
    checkTraitValues(shape.traits, at, id);
    for (const [name, member] of Object.entries(shape.members ?? {})) checkTraitValues(member.traits, `${at}.members.${name}`, id);
    for (const part of ["member", "key", "value"] as const) checkTraitValues(shape[part]?.traits, `${at}.${part}`, id);
  }
}

function checkTraitValues(traits: Traits | undefined, at: string, id: string): void {
  const pattern = traits?.["smithy.api#pattern"];
  if (pattern !== undefined) {
    const where = `${at}.traits["smithy.api#pattern"]`;
    if (typeof pattern !== "string") throw new ModelError(where, `the pattern must be a string; ${id} cannot be generated`);
  }
  for (const trait of ["smithy.api#length", "smithy.api#range"]) {
    const value = traits?.[trait] as { min?: unknown; max?: unknown } | undefined;
    if (value === undefined) continue;
    const where = `${at}.traits[${JSON.stringify(trait)}]`;
    const bad = (side: unknown): boolean => side !== undefined && (typeof side !== "number" || !Number.isFinite(side));
    if (typeof value !== "object" || value === null || bad(value.min) || bad(value.max)) throw new ModelError(where, `min and max must be finite numbers; ${id} cannot be generated`);
    if (typeof value.min === "number" && typeof value.max === "number" && value.min > value.max) throw new ModelError(where, `min ${value.min} is greater than max ${value.max}; ${id} cannot be generated`);
  }
}
