/**
 * Where `@sensitive` data sits in the shapes being generated, as `Redaction` data for the
 * runtime's log redaction (`src/runtime/redact.ts`). Only shapes that reach sensitive data get
 * a redaction; a model without `@sensitive` (like X-Ray's) gets none and emits nothing.
 */
import { shapeName, type MemberShape } from "./model.js";
import type { GenerationContext } from "./context.js";

/**
 * The constant holding a structure's or union's redaction.
 *
 * @param id - the shape id
 * @returns the constant's name
 */
export const redactionConst = (id: string): string => `${shapeName(id)}Redaction`;

const AGGREGATES = new Set(["structure", "union"]);

/**
 * The structures and unions of the closure that hold sensitive data, directly or through their
 * members (lists, maps, nested structures, recursion included).
 *
 * @param ctx - the generation context
 * @returns their shape ids
 */
export function sensitiveAggregates(ctx: GenerationContext): ReadonlySet<string> {
  let marked = computed.get(ctx);
  if (!marked) computed.set(ctx, (marked = markSensitive(ctx)));
  return marked;
}

/** Every command asks; the answer is the same for the whole run. */
const computed = new WeakMap<GenerationContext, ReadonlySet<string>>();

function markSensitive(ctx: GenerationContext): Set<string> {
  const { index } = ctx;
  // Errors are left out: their sensitive members are handled by the error classes.
  const aggregates = index.closure.filter((id) => AGGREGATES.has(index.shape(id).type) && index.shape(id).traits?.["smithy.api#error"] === undefined);
  const marked = new Set<string>();
  // A fixed point: mark every aggregate that has a sensitive member or one that reaches a marked
  // aggregate, until nothing changes. Recursive shapes need no special case this way.
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of aggregates) {
      if (marked.has(id)) continue;
      if (index.shape(id).traits?.["smithy.api#sensitive"] !== undefined || Object.values(index.shape(id).members ?? {}).some((m) => reaches(ctx, m, marked))) {
        marked.add(id);
        changed = true;
      }
    }
  }
  return marked;
}

function reaches(ctx: GenerationContext, member: MemberShape, marked: ReadonlySet<string>): boolean {
  if (ctx.index.isSensitive(member)) return true;
  const shape = ctx.index.shape(member.target);
  if (shape.type === "list" || shape.type === "set") return reaches(ctx, shape.member!, marked);
  if (shape.type === "map") return reaches(ctx, shape.value!, marked);
  return marked.has(member.target);
}

/**
 * The redaction expression of a member's value, if it reaches sensitive data.
 *
 * @param ctx - the generation context
 * @param member - the member (or list member / map value)
 * @param marked - the result of {@link sensitiveAggregates}
 * @param refer - how to reference an aggregate's redaction constant
 * @returns a TypeScript expression, or `undefined` when nothing in the value is sensitive
 */
export function redactionOf(ctx: GenerationContext, member: MemberShape, marked: ReadonlySet<string>, refer: (id: string) => string): string | undefined {
  if (ctx.index.isSensitive(member)) return "1";
  const shape = ctx.index.shape(member.target);
  if (shape.type === "list" || shape.type === "set") {
    const inner = redactionOf(ctx, shape.member!, marked, refer);
    return inner && `["l", ${inner}]`;
  }
  if (shape.type === "map") {
    const inner = redactionOf(ctx, shape.value!, marked, refer);
    return inner && `["m", ${inner}]`;
  }
  return marked.has(member.target) ? refer(member.target) : undefined;
}

/**
 * How a command refers to the redaction of its input or output structure.
 *
 * @param ctx - the generation context
 * @param id - the structure
 * @returns `1` for a structure sensitive as a whole, its constant when it holds sensitive data, else `undefined`
 */
export function structureRedaction(ctx: GenerationContext, id: string): string | undefined {
  if (ctx.index.shape(id).traits?.["smithy.api#sensitive"] !== undefined) return "1";
  return sensitiveAggregates(ctx).has(id) ? redactionConst(id) : undefined;
}
