/**
 * JSON serde for restJson1 bodies, driven by the generated schemas in `src/generated/schemas.ts`.
 *
 * Behaviour follows what `@aws-sdk/client-xray` does on the wire (the differential test in
 * `test/differential.test.ts` holds us to it):
 * - input: `undefined`/`null` members are omitted, `null` entries in (non-sparse) lists and maps
 *   are dropped, members go out in model order, timestamps are fractional epoch seconds, and
 *   non-finite floats become the strings `"NaN"`, `"Infinity"`, `"-Infinity"`;
 * - output: members the model does not know are ignored, `null` structure members are omitted,
 *   `null` list entries and map values are kept, and union variants the model does not know
 *   surface as `{ $unknown: [name, value] }`.
 */
import { BLOB, BOOLEAN, DATE_TIME, DOCUMENT, EPOCH_SECONDS, FLOAT, HTTP_DATE, INTEGER, PASS, type Schema } from "./schema.js";
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
  return kind === DATE_TIME ? date.toISOString() : date.toUTCString();
}

const describe = (value: unknown): string =>
  value instanceof Date ? "Invalid Date" : typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : typeof value;

/**
 * Converts a parsed JSON response value into the typed output value.
 *
 * @param value - the parsed JSON (known not to be `null`/`undefined`)
 * @param schema - the schema of that value
 * @returns the typed value
 */
export function deserializeValue(value: Json, schema: Schema): unknown {
  // A value of the wrong JSON type is an error (the pipeline reports it as a
  // SerializationException), never a half-typed output.
  const s = resolve(schema);
  if (typeof s === "number") {
    switch (s) {
      case FLOAT: {
        const number = typeof value === "string" ? parseFloatString(value) : value;
        if (typeof number !== "number" || (Number.isNaN(number) && value !== "NaN")) throw wrongType("a number", value);
        return number;
      }
      case EPOCH_SECONDS:
      case DATE_TIME:
      case HTTP_DATE:
        return parseTimestamp(value);
      case BLOB:
        if (typeof value !== "string") throw wrongType("base64 text", value);
        return fromBase64(value);
      case BOOLEAN:
        if (typeof value !== "boolean") throw wrongType("a boolean", value);
        return value;
      case INTEGER:
        if (!Number.isInteger(value)) throw wrongType("an integer", value);
        return value;
      case DOCUMENT:
        return value;
      default:
        // Strings and enums.
        if (typeof value !== "string") throw wrongType("a string", value);
        return value;
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) !== (s[0] === "l")) {
    throw wrongType(s[0] === "l" ? "a list" : "an object", value);
  }
  switch (s[0]) {
    case "l": {
      const list = value as readonly Json[];
      const out: unknown[] = new Array(list.length);
      for (let i = 0; i < list.length; i++) {
        const item = list[i];
        out[i] = item == null ? null : deserializeValue(item, s[1]);
      }
      return out;
    }
    case "m": {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, Json>)[key];
        put(out, key, item == null ? null : deserializeValue(item, s[1]));
      }
      return out;
    }
    case "s":
      return deserializeStructure(value as Record<string, Json>, s[1], s[2]);
    case "u":
      return deserializeUnion(value as Record<string, Json>, s[1], s[2]);
  }
}

/** The error for a response value of the wrong JSON type; shows the type, never the value. */
function wrongType(expected: string, value: Json): TypeError {
  const actual = Array.isArray(value) ? "a list" : value === null ? "null" : typeof value === "object" ? "an object" : `a ${typeof value}`;
  return new TypeError(`expected ${expected}, got ${actual}`);
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
  const out: Record<string, unknown> = {};
  for (const name in members) {
    const member = value[wireNames === undefined ? name : (wireNames[name] ?? name)];
    if (member == null) continue;
    const schema = members[name]!;
    // Most members are strings and integers that need no conversion: checked here, inline,
    // which keeps large responses (service graphs, histograms) close to JSON.parse's own cost.
    if (
      (schema === PASS && typeof member === "string") ||
      (schema === INTEGER && Number.isInteger(member)) ||
      (schema === FLOAT && typeof member === "number")
    ) {
      out[name] = member;
      continue;
    }
    const typed = deserializeValue(member, schema);
    if (typed !== undefined) out[name] = typed;
  }
  return out;
}

function deserializeUnion(
  value: Record<string, Json>,
  members: Readonly<Record<string, Schema>>,
  wireNames?: Readonly<Record<string, string>>,
): Record<string, unknown> | undefined {
  for (const name in members) {
    const member = value[wireNames?.[name] ?? name];
    if (member != null) return { [name]: deserializeValue(member, members[name]!) };
  }
  for (const key of Object.keys(value)) {
    if (value[key] != null) return { $unknown: [key, value[key]] };
  }
  return undefined;
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
