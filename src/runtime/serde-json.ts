/**
 * JSON serde for restJson1 bodies, driven by the generated schemas in `src/generated/schemas.ts`.
 *
 * Behaviour follows what `@aws-sdk/client-xray` does on the wire (the differential test in
 * `test/runtime/differential/` holds us to it):
 * - input: `undefined`/`null` members are omitted, `null` entries in (non-sparse) lists and maps
 *   are dropped, members go out in model order, timestamps are written as the official clients
 *   write them (`test/runtime/timestamps-on-the-wire.test.ts`; epoch seconds by default), and
 *   non-finite floats become the strings `"NaN"`, `"Infinity"`, `"-Infinity"`;
 * - output: members the model does not know are ignored, `null` structure members are omitted,
 *   `null` list entries and map values are kept, and union variants the model does not know
 *   surface as `{ $unknown: [name, value] }`.
 */
import { BLOB, DATE_TIME, EPOCH_SECONDS, FLOAT, HTTP_DATE, INTEGER, PASS, type Schema } from "./schema.js";
import { fromBase64, toBase64 } from "./base64.js";

type Json = unknown;

const resolve = (schema: Schema): Exclude<Schema, () => Schema> =>
  typeof schema === "function" ? resolve(schema()) : schema;

/**
 * Sets `key` on `target` without ever touching the prototype: a response map keyed
 * `__proto__` must stay data.
 */
const put = (target: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
};

/**
 * Converts a typed input value into the JSON value restJson1 puts on the wire.
 *
 * @param value - the caller's value (already known not to be `undefined` or `null`)
 * @param schema - the schema of that value
 * @param path - where the value sits in the input, for error messages
 * @returns the JSON-ready value
 * @throws TypeError when a timestamp is not a valid date
 */
export function serializeValue(value: unknown, schema: Schema, path: string): Json {
  const s = resolve(schema);
  if (typeof s === "number") {
    switch (s) {
      case FLOAT:
        return typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
      case EPOCH_SECONDS:
      case DATE_TIME:
      case HTTP_DATE:
        return serializeTimestamp(value, s, path);
      case BLOB:
        return toBase64(value as Uint8Array | string);
      default:
        return value;
    }
  }
  switch (s[0]) {
    case "l": {
      const out: Json[] = [];
      const sparse = s[2] === 1;
      for (const item of value as unknown[]) {
        if (item == null) {
          if (sparse) out.push(null);
          continue;
        }
        out.push(serializeValue(item, s[1], `${path}[${out.length}]`));
      }
      return out;
    }
    case "m": {
      const out: Record<string, Json> = {};
      const sparse = s[2] === 1;
      for (const key of Object.keys(value as object)) {
        const item = (value as Record<string, unknown>)[key];
        if (item == null) {
          if (sparse) put(out, key, null);
          continue;
        }
        put(out, key, serializeValue(item, s[1], `${path}.${key}`));
      }
      return out;
    }
    case "s":
      return serializeStructure(value as Record<string, unknown>, s[1], s[2], path);
    case "u": {
      const unknownVariant = (value as { $unknown?: [string, unknown] }).$unknown;
      if (unknownVariant !== undefined) return { [unknownVariant[0]]: unknownVariant[1] };
      return serializeStructure(value as Record<string, unknown>, s[1], s[2], path);
    }
  }
}

/**
 * Serializes the members of a structure in model order, omitting unset ones.
 *
 * @param value - the structure value
 * @param members - member schemas by member name
 * @param wireNames - `@jsonName` renames, if any
 * @param path - where the structure sits in the input
 * @returns the JSON object
 */
export function serializeStructure(
  value: Record<string, unknown>,
  members: Readonly<Record<string, Schema>>,
  wireNames: Readonly<Record<string, string>> | undefined,
  path: string,
): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const name in members) {
    const member = value[name];
    if (member == null) continue;
    put(out, wireNames?.[name] ?? name, serializeValue(member, members[name]!, path ? `${path}.${name}` : name));
  }
  return out;
}

/**
 * Formats a timestamp for the wire.
 *
 * @param value - a `Date`, or a string or number `Date` accepts
 * @param kind - {@link EPOCH_SECONDS}, {@link DATE_TIME} or {@link HTTP_DATE}
 * @param path - where the value sits in the input, for the error message
 * @returns epoch seconds as a number, or the date as a string
 * @throws TypeError when the value is not a valid date
 */
export function serializeTimestamp(value: unknown, kind: number, path: string): number | string {
  // Epoch seconds given as a number are already in wire form; strings are parsed as dates.
  if (typeof value === "number" && kind === EPOCH_SECONDS) return value;
  const date = value instanceof Date ? value : new Date(value as string | number);
  const time = date.getTime();
  if (Number.isNaN(time)) {
    throw new TypeError(`${path} must be a valid Date, got ${describe(value)}`);
  }
  if (kind === EPOCH_SECONDS) return time / 1000;
  // As the official clients write them (test/runtime/timestamps-on-the-wire.test.ts): RFC 3339
  // with milliseconds only when there are some (`2024-05-01T00:00:00Z`), and RFC 7231 with the
  // year as a plain number, where `toUTCString` pads it to four digits (`999`, not `0999`).
  return kind === DATE_TIME ? date.toISOString().replace(".000Z", "Z") : date.toUTCString().replace(/ (-?)0*(\d+ \d\d:)/, " $1$2");
}

const describe = (value: unknown): string =>
  value instanceof Date ? "Invalid Date" : typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : typeof value;

/** Turns one parsed JSON value of a known schema into its typed output value. */
type Reader = (value: Json) => unknown;

/**
 * Readers built once per schema and kept for the life of the schema object: a response is then
 * read by a tree of closures that already know their members, instead of re-interpreting the
 * schema (walking member tables, resolving lazy schemas) for every object of a large response.
 * Structures and unions are keyed by their members table, which is also what error classes hold.
 */
const readers = new WeakMap<object, Reader>();

/**
 * Converts a parsed JSON response value into the typed output value.
 *
 * @param value - the parsed JSON (known not to be `null`/`undefined`)
 * @param schema - the schema of that value
 * @returns the typed value
 * @throws TypeError when the value has the wrong JSON type (the pipeline reports it as a
 *   SerializationException: never a half-typed output)
 */
export function deserializeValue(value: Json, schema: Schema): unknown {
  return readerFor(schema)(value);
}

/**
 * Reads the members the model knows from a JSON object; unknown and `null` members are dropped.
 *
 * @param value - the JSON object
 * @param members - member schemas by member name
 * @param wireNames - `@jsonName` renames, if any
 * @returns the typed structure
 */
export function deserializeStructure(
  value: Record<string, Json>,
  members: Readonly<Record<string, Schema>>,
  wireNames?: Readonly<Record<string, string>>,
): Record<string, unknown> {
  return cached(members, () => structureReader(members, wireNames))(value) as Record<string, unknown>;
}

const cached = (key: object, build: () => Reader): Reader => {
  let reader = readers.get(key);
  if (reader === undefined) readers.set(key, (reader = build()));
  return reader;
};

function readerFor(schema: Schema): Reader {
  if (typeof schema === "number") return scalarReaders[schema]!;
  if (typeof schema === "function") {
    // A recursive shape: resolved on first use, so building a reader never loops.
    let resolved: Reader | undefined;
    return cached(schema, () => (value) => (resolved ??= readerFor(schema()))(value));
  }
  const [kind, inner, wireNames] = schema;
  if (kind === "s") return cached(inner, () => structureReader(inner, wireNames));
  if (kind === "u") return cached(inner, () => unionReader(inner, wireNames));
  return cached(schema, () => (kind === "l" ? listReader : mapReader)(readerFor(inner)));
}

/** Returns `result` when `ok`, else throws the wrong-type error for `value`. */
const expectType = (ok: boolean, expected: string, value: Json, result: unknown = value): unknown => {
  if (!ok) throw wrongType(expected, value);
  return result;
};

/** Readers of scalar values, indexed by their schema number (PASS 0 … DOCUMENT 8). */
const scalarReaders: readonly Reader[] = [
  // PASS: strings and enums.
  (value) => expectType(typeof value === "string", "a string", value),
  // FLOAT: a number, or "NaN"/"Infinity"/"-Infinity".
  (value) => {
    const number = typeof value === "string" ? parseFloatString(value) : value;
    return expectType(typeof number === "number" && (!Number.isNaN(number) || value === "NaN"), "a number", value, number);
  },
  // EPOCH_SECONDS, DATE_TIME, HTTP_DATE: any of the wire formats is accepted.
  parseTimestamp,
  parseTimestamp,
  parseTimestamp,
  // BLOB
  (value) => fromBase64(expectType(typeof value === "string", "base64 text", value) as string),
  // BOOLEAN
  (value) => expectType(typeof value === "boolean", "a boolean", value),
  // INTEGER
  (value) => expectType(Number.isInteger(value), "an integer", value),
  // DOCUMENT: any JSON.
  (value) => value,
];

/** Whether a JSON value is an object (not a list, not `null`), as structures, unions and maps must be. */
const isObject = (value: Json): value is Record<string, Json> => typeof value === "object" && value !== null && !Array.isArray(value);

// The readers below work in place: the JSON they are given is the runtime's own, fresh from
// `JSON.parse` and shared with nothing, so converting a value where it sits and handing the
// same object on saves copying every object of a large response. A structure is copied only
// when it must change shape: a member the model does not know, a `null` member, or a renamed
// one.

const listReader =
  (item: Reader): Reader =>
  (value) => {
    if (!Array.isArray(value)) throw wrongType("a list", value);
    for (let i = 0; i < value.length; i++) value[i] = value[i] == null ? null : item(value[i]);
    return value;
  };

const mapReader =
  (item: Reader): Reader =>
  (value) => {
    if (!isObject(value)) throw wrongType("an object", value);
    for (const key of Object.keys(value)) put(value, key, value[key] == null ? null : item(value[key]));
    return value;
  };

function structureReader(members: Readonly<Record<string, Schema>>, wireNames: Readonly<Record<string, string>> | undefined): Reader {
  const names = Object.keys(members);
  const keys = names.map((name) => wireNames?.[name] ?? name);
  const schemas = names.map((name) => members[name]!);
  const nested = schemas.map(readerFor);
  const renamed = keys.some((key, i) => key !== names[i]);
  return (value) => {
    if (!isObject(value)) throw wrongType("an object", value);
    let present = 0;
    let reshape = renamed;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const member = value[key];
      if (member === undefined) continue;
      present++;
      const schema = schemas[i];
      // Most members are strings and numbers that need no conversion: checked here, inline,
      // which keeps large responses (service graphs, histograms) close to JSON.parse's own cost.
      if (
        !(schema === PASS && typeof member === "string") &&
        !(schema === INTEGER && Number.isInteger(member)) &&
        !(schema === FLOAT && typeof member === "number")
      ) {
        // A null member, or an empty union (which reads as no value), is left out.
        const typed = member === null ? null : (nested[i]!(member) ?? null);
        if (typed === null) reshape = true;
        value[key] = typed;
      }
    }
    if (!reshape && present === countKeys(value)) return value;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const member = value[keys[i]!];
      if (member != null) out[names[i]!] = member;
    }
    return out;
  };
}

/** Own enumerable keys of a parsed JSON object (which inherits none), counted without a copy. */
function countKeys(value: object): number {
  let count = 0;
  for (const _ in value) count++;
  return count;
}

function unionReader(members: Readonly<Record<string, Schema>>, wireNames: Readonly<Record<string, string>> | undefined): Reader {
  return (value) => {
    if (!isObject(value)) throw wrongType("an object", value);
    for (const name in members) {
      const member = value[wireNames?.[name] ?? name];
      if (member != null) return { [name]: deserializeValue(member, members[name]!) };
    }
    for (const key of Object.keys(value)) {
      if (value[key] != null) return { $unknown: [key, value[key]] };
    }
    return undefined;
  };
}

/** The error for a response value of the wrong JSON type; shows the type, never the value. */
function wrongType(expected: string, value: Json): TypeError {
  const actual = Array.isArray(value) ? "a list" : value === null ? "null" : typeof value === "object" ? "an object" : `a ${typeof value}`;
  return new TypeError(`expected ${expected}, got ${actual}`);
}

/**
 * Reads a float sent as a string: `"NaN"`, `"Infinity"`, `"-Infinity"` or a number.
 *
 * @param value - the text
 * @returns the number
 */
export function parseFloatString(value: string): number {
  if (value === "NaN") return NaN;
  if (value === "Infinity") return Infinity;
  if (value === "-Infinity") return -Infinity;
  return Number(value);
}

/**
 * Reads a timestamp in any of the wire formats: epoch seconds (a number or numeric string), an
 * RFC 3339 `date-time` or an RFC 7231 `http-date`.
 *
 * @param value - the wire value
 * @returns the date
 * @throws TypeError when the value is not a timestamp
 */
export function parseTimestamp(value: Json): Date {
  // Epoch seconds, sometimes quoted; otherwise an RFC 3339 or RFC 7231 date string.
  // `Number("")` is 0: an empty string is no timestamp, not the epoch.
  const seconds = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  const date = Number.isFinite(seconds)
    ? new Date(Math.round(seconds * 1000))
    : typeof value === "string" && Number.isNaN(seconds)
      ? new Date(value)
      : new Date(NaN);
  if (Number.isNaN(date.getTime())) {
    throw new TypeError(`expected a timestamp, got ${JSON.stringify(value)?.slice(0, 40)}`);
  }
  return date;
}
