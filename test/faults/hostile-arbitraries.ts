/**
 * fast-check arbitraries for response bodies a hostile or broken server might send, as JSON
 * *text*: building the text by hand is the only way to be sure a `"__proto__"` key really is
 * on the wire (an object literal or an assignment would set the prototype instead).
 *
 * - {@link hostileJsonText}: any JSON value, with keys like `__proto__` and `constructor`.
 * - {@link documentFor}: a document shaped by an output schema, paired with the typed value the
 *   client must produce from it; with `hostile`, parts of it are swapped for hostile JSON.
 */
import fc from "fast-check";
import { BOOLEAN, EPOCH_SECONDS, FLOAT, INTEGER, PASS, type Schema } from "../../src/runtime/schema.js";

/** Keys that mean something to JavaScript objects, and two that mean something to this SDK. */
export const HOSTILE_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "__defineGetter__",
  "polluted",
  "$metadata",
  "$unknown",
] as const;

/** Mostly the keys above, sometimes any string. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
);

const jsonScalarText: fc.Arbitrary<string> = fc.oneof(
  fc.constant("null"),
  fc.boolean().map(String),
  fc.double().map((n) => JSON.stringify(n)),
  fc.integer().map(String),
  fc.string({ unit: "binary", maxLength: 20 }).map((s) => JSON.stringify(s)),
);

const objectText = (entries: ReadonlyArray<readonly [string, string]>): string =>
  `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(",")}}`;

/** Any JSON value as text; objects use {@link hostileKey}s (repeated keys included). */
export const hostileJsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: 4 },
    jsonScalarText,
    fc.array(tie("value"), { maxLength: 4 }).map((items) => `[${items.join(",")}]`),
    fc.array(fc.tuple(hostileKey, tie("value")), { maxLength: 4 }).map(objectText),
  ),
})).value;

/** A JSON object as text, with hostile keys. */
export const hostileObjectText: fc.Arbitrary<string> = fc
  .array(fc.tuple(hostileKey, hostileJsonText), { maxLength: 5 })
  .map(objectText);

/** A wire document and the typed value the client must read from it. */
export interface Document {
  readonly wire: string;
  readonly typed: unknown;
}

/** Marks a typed value that cannot be predicted because a hostile value replaced the document. */
const UNPREDICTABLE = Symbol("unpredictable");

/** A typed map keyed by anything, `__proto__` included, as own data properties. */
function dataObject(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * Documents of one schema node.
 *
 * @param schema - the node
 * @param hostile - replace about one node in six with hostile JSON (typed: {@link UNPREDICTABLE})
 * @param depth - nesting so far; lists get shorter as it grows
 * @returns the arbitrary
 */
export function documentFor(schema: Schema, hostile: boolean, depth = 0): fc.Arbitrary<Document> {
  const proper = properDocumentFor(schema, hostile, depth);
  if (!hostile) return proper;
  return fc.oneof(
    { weight: 5, arbitrary: proper },
    { weight: 1, arbitrary: hostileJsonText.map((wire): Document => ({ wire, typed: UNPREDICTABLE })) },
  );
}

const resolve = (schema: Schema): Exclude<Schema, () => Schema> => (typeof schema === "function" ? resolve(schema()) : schema);

function properDocumentFor(schema: Schema, hostile: boolean, depth: number): fc.Arbitrary<Document> {
  const s = resolve(schema);
  const maxLength = depth > 3 ? 1 : 3;
  if (typeof s === "number") {
    switch (s) {
      case PASS:
        return fc.string({ unit: "binary", maxLength: 20 }).map((value) => ({ wire: JSON.stringify(value), typed: value }));
      case BOOLEAN:
        return fc.boolean().map((value) => ({ wire: JSON.stringify(value), typed: value }));
      case INTEGER:
        return fc.maxSafeInteger().map((value) => ({ wire: JSON.stringify(value), typed: value }));
      case FLOAT:
        return fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => {
            // JSON has no -0: it reads back as 0.
            const value = Object.is(n, -0) ? 0 : n;
            return { wire: JSON.stringify(value), typed: value };
          }),
          // restJson1 sends the non-finite floats as strings.
          fc.constantFrom<[string, number]>(["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity]).map(([wire, typed]) => ({
            wire: JSON.stringify(wire),
            typed,
          })),
        );
      case EPOCH_SECONDS:
        // Epoch seconds with millisecond fractions, 1970 to 2100.
        return fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => ({ wire: String(ms / 1000), typed: new Date(ms) }));
      default:
        throw new Error(`documentFor: no generator for scalar kind ${s} yet (X-Ray's outputs have none)`);
    }
  }
  switch (s[0]) {
    case "l":
      return fc
        .array(fc.oneof({ weight: 6, arbitrary: documentFor(s[1], hostile, depth + 1) }, { weight: 1, arbitrary: fc.constant({ wire: "null", typed: null }) }), {
          maxLength,
        })
        .map((items) => ({ wire: `[${items.map((item) => item.wire).join(",")}]`, typed: items.map((item) => item.typed) }));
    case "m":
      // Unique keys: with a repeated key JSON.parse keeps the last, which the typed value would have to mimic.
      return fc
        .uniqueArray(fc.tuple(hostileKey, documentFor(s[1], hostile, depth + 1)), { maxLength, selector: ([key]) => key })
        .map((entries) => ({
          wire: objectText(entries.map(([key, value]) => [key, value.wire] as const)),
          typed: dataObject(entries.map(([key, value]) => [key, value.typed] as const)),
        }));
    case "s":
      return structureDocument(s[1], s[2] ?? {}, hostile, depth);
    case "u":
      return unionDocument(s[1], s[2] ?? {}, hostile, depth);
  }
}

function structureDocument(
  members: Readonly<Record<string, Schema>>,
  wireNames: Readonly<Record<string, string>>,
  hostile: boolean,
  depth: number,
): fc.Arbitrary<Document> {
  const names = Object.keys(members);
  const memberDocs = fc.record(
    Object.fromEntries(names.map((name) => [name, documentFor(members[name]!, hostile, depth + 1)])),
    { requiredKeys: [] },
  );
  // Members the model does not know, hostile keys among them: the client must drop them.
  const unknown = fc.uniqueArray(fc.tuple(hostileKey, hostileJsonText), { maxLength: 2, selector: ([key]) => key });
  return fc.tuple(memberDocs, unknown).map(([docs, extra]) => {
    const entries: Array<readonly [string, string]> = [];
    const typed: Array<readonly [string, unknown]> = [];
    for (const name of names) {
      const doc = (docs as Record<string, Document | undefined>)[name];
      if (doc === undefined) continue;
      entries.push([wireNames[name] ?? name, doc.wire]);
      typed.push([name, doc.typed]);
    }
    const known = new Set(names.map((name) => wireNames[name] ?? name));
    for (const [key, value] of extra) if (!known.has(key)) entries.push([key, value]);
    return { wire: objectText(entries), typed: dataObject(typed) };
  });
}

function unionDocument(
  members: Readonly<Record<string, Schema>>,
  wireNames: Readonly<Record<string, string>>,
  hostile: boolean,
  depth: number,
): fc.Arbitrary<Document> {
  const names = Object.keys(members);
  const known = fc
    .constantFrom(...names)
    .chain((name) => documentFor(members[name]!, hostile, depth + 1).map((doc) => ({ name, doc })))
    .map(({ name, doc }) => ({ wire: objectText([[wireNames[name] ?? name, doc.wire]]), typed: { [name]: doc.typed } }));
  // A variant this client does not know (a newer service): it must come back as `$unknown`.
  const unknown = fc
    .tuple(hostileKey.filter((key) => !names.includes(key)), hostileJsonText.filter((text) => text !== "null"))
    .map(([key, value]) => ({ wire: objectText([[key, value]]), typed: { $unknown: [key, JSON.parse(value) as unknown] } }));
  return fc.oneof({ weight: 3, arbitrary: known }, { weight: 1, arbitrary: unknown });
}
