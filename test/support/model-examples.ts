/**
 * Example values built from a Smithy JSON AST model, independently of the generator and the
 * runtime: for a shape, the typed value a caller passes (or a client returns) and the JSON
 * restJson1 puts on the wire for it, written from the protocol's rules (epoch-second timestamps
 * unless `@timestampFormat` says otherwise, base64 blobs, `@jsonName` keys, one variant per
 * union, one item per list and map).
 *
 * Every member is filled, not only the required ones, so that each member's wire form is
 * exercised; recursion stops after a few levels.
 */

/** The part of the JSON AST the builder reads. */
interface Shape {
  readonly type: string;
  readonly members?: Readonly<Record<string, Member>>;
  readonly member?: Member;
  readonly value?: Member;
  readonly traits?: Readonly<Record<string, unknown>>;
}
interface Member {
  readonly target: string;
  readonly traits?: Readonly<Record<string, unknown>>;
}
/** A model, as parsed JSON. */
export interface ExampleModel {
  readonly shapes: Readonly<Record<string, Shape>>;
}

/** A typed value and its wire JSON. */
export interface Example {
  readonly typed: unknown;
  readonly wire: unknown;
}

const PRELUDE: Readonly<Record<string, string>> = {
  "smithy.api#String": "string",
  "smithy.api#Integer": "integer",
  "smithy.api#Long": "long",
  "smithy.api#Boolean": "boolean",
  "smithy.api#PrimitiveBoolean": "boolean",
  "smithy.api#Double": "double",
  "smithy.api#Float": "float",
  "smithy.api#Timestamp": "timestamp",
  "smithy.api#Blob": "blob",
  "smithy.api#Document": "document",
  "smithy.api#Unit": "structure",
};

/** The example timestamp: 2024-01-02T03:04:05.678Z. */
export const EXAMPLE_DATE = new Date("2024-01-02T03:04:05.678Z");
const MAX_DEPTH = 4;

/**
 * Builds the example of a shape.
 *
 * @param model - the model
 * @param id - the shape id
 * @param name - the member name it is built for (used in strings, so each value is distinct)
 * @param traits - the member's traits (`timestampFormat`)
 * @param depth - nesting depth, for recursive shapes
 * @returns the typed value and its wire form, or `undefined` past the depth limit
 */
export function example(model: ExampleModel, id: string, name = "value", traits: Readonly<Record<string, unknown>> = {}, depth = 0): Example | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const shape: Shape = model.shapes[id] ?? { type: PRELUDE[id] ?? "unknown" };
  switch (shape.type) {
    case "structure":
    case "union": {
      const typed: Record<string, unknown> = {};
      const wire: Record<string, unknown> = {};
      for (const [member, ref] of Object.entries(shape.members ?? {})) {
        const value = example(model, ref.target, member, ref.traits, depth + 1);
        if (value === undefined) continue;
        typed[member] = value.typed;
        wire[typeof ref.traits?.["smithy.api#jsonName"] === "string" ? (ref.traits["smithy.api#jsonName"] as string) : member] = value.wire;
        if (shape.type === "union") break;
      }
      return { typed, wire };
    }
    case "list":
    case "set": {
      const item = example(model, shape.member!.target, name, shape.member!.traits, depth + 1);
      return item ? { typed: [item.typed], wire: [item.wire] } : { typed: [], wire: [] };
    }
    case "map": {
      const item = example(model, shape.value!.target, name, shape.value!.traits, depth + 1);
      return item ? { typed: { key1: item.typed }, wire: { key1: item.wire } } : { typed: {}, wire: {} };
    }
    case "enum": {
      const [first, ref] = Object.entries(shape.members ?? {})[0]!;
      const value = (ref.traits?.["smithy.api#enumValue"] as string | undefined) ?? first;
      return { typed: value, wire: value };
    }
    case "intEnum": {
      const value = Object.values(shape.members ?? {})[0]!.traits?.["smithy.api#enumValue"] as number;
      return { typed: value, wire: value };
    }
    case "string": {
      const legacy = shape.traits?.["smithy.api#enum"] as { value: string }[] | undefined;
      const value = legacy ? legacy[0]!.value : `${name}-example`;
      return { typed: value, wire: value };
    }
    case "boolean":
      return { typed: true, wire: true };
    case "byte":
    case "short":
    case "integer":
    case "long":
      return { typed: 7, wire: 7 };
    case "float":
    case "double":
      return { typed: 1.5, wire: 1.5 };
    case "timestamp": {
      const format = traits["smithy.api#timestampFormat"] ?? shape.traits?.["smithy.api#timestampFormat"];
      const wire = format === "date-time" ? EXAMPLE_DATE.toISOString() : format === "http-date" ? EXAMPLE_DATE.toUTCString() : EXAMPLE_DATE.getTime() / 1000;
      return { typed: format === "http-date" ? new Date(Math.floor(EXAMPLE_DATE.getTime() / 1000) * 1000) : EXAMPLE_DATE, wire };
    }
    case "blob":
      return { typed: new Uint8Array([1, 2, 3]), wire: "AQID" };
    case "document":
      return { typed: { document: [1, "two", null] }, wire: { document: [1, "two", null] } };
    default:
      throw new Error(`no example for ${id} (${shape.type})`);
  }
}
