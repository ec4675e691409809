/**
 * Single values in headers, query strings and path labels: how restJson1 writes them as text
 * and reads them back.
 *
 * - Timestamps default to `http-date` in headers and `date-time` in query strings and labels;
 *   the generator resolves the format per binding, so here it is just the schema kind.
 * - Blobs are base64; booleans `true`/`false`; numbers as JavaScript prints them (`NaN`,
 *   `Infinity` and `-Infinity` included).
 * - A list in a header is comma-separated, an item holding a comma, a quote or edge whitespace
 *   quoted (RFC 9110 quoted-string); `http-date` items are never quoted (they hold a comma by
 *   design) and are split back two commas at a time.
 * - Labels are percent-encoded as RFC 3986 unreserved characters only; a greedy label keeps
 *   its `/` separators.
 *
 * @see https://smithy.io/2.0/spec/http-bindings.html
 */
import { fromBase64, toBase64 } from "./base64.js";
import { BLOB, BOOLEAN, DATE_TIME, EPOCH_SECONDS, FLOAT, HTTP_DATE, INTEGER, type HttpValueSchema } from "./schema.js";
import { parseFloatString, parseTimestamp, serializeTimestamp } from "./serde-json.js";
import { escapeUri } from "./uri-escape.js";

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/**
 * Writes one scalar as text.
 *
 * @param value - the caller's value (not `null`/`undefined`)
 * @param kind - its scalar kind
 * @param path - where the value sits in the input, for error messages
 * @returns the text
 * @throws TypeError for a timestamp that is not a valid date
 */
export function formatHttpScalar(value: unknown, kind: HttpValueSchema, path: string): string {
  switch (kind) {
    case EPOCH_SECONDS:
    case DATE_TIME:
    case HTTP_DATE:
      return String(serializeTimestamp(value, kind, path));
    case BLOB:
      return toBase64(value as Uint8Array | string);
    default:
      return String(value);
  }
}

/**
 * Reads one scalar from text.
 *
 * @param text - the text
 * @param kind - its scalar kind
 * @returns the typed value
 * @throws TypeError when the text is not of that kind
 */
export function parseHttpScalar(text: string, kind: HttpValueSchema): unknown {
  switch (kind) {
    case BOOLEAN:
      if (text === "true" || text === "false") return text === "true";
      throw new TypeError(`expected true or false, got ${JSON.stringify(text.slice(0, 40))}`);
    case INTEGER: {
      const value = text.trim() === "" ? NaN : Number(text);
      if (!Number.isInteger(value)) throw new TypeError(`expected an integer, got ${JSON.stringify(text.slice(0, 40))}`);
      return value;
    }
    case FLOAT: {
      const value = parseFloatString(text.trim());
      if (Number.isNaN(value) && text.trim() !== "NaN") throw new TypeError(`expected a number, got ${JSON.stringify(text.slice(0, 40))}`);
      return value;
    }
    case EPOCH_SECONDS:
    case DATE_TIME:
    case HTTP_DATE:
      return parseTimestamp(text);
    case BLOB:
      return fromBase64(text);
    default:
      return text;
  }
}

/**
 * Writes a header value: a scalar, or a list of scalars joined with `", "`.
 *
 * @param value - the caller's value
 * @param schema - the value's schema
 * @param mediaType - whether the value is a `@mediaType` string (base64-encoded in headers)
 * @param path - where the value sits in the input
 * @returns the header value, or `undefined` when there is nothing to send (an empty string or list)
 * @throws TypeError for an invalid timestamp
 */
export function formatHeader(value: unknown, schema: HttpValueSchema, mediaType: boolean, path: string): string | undefined {
  if (typeof schema === "object") {
    const items = (value as unknown[]).filter((item) => item != null);
    if (items.length === 0) return undefined;
    const kind = schema[1];
    return items.map((item, i) => (kind === HTTP_DATE ? formatHttpScalar(item, kind, `${path}[${i}]`) : quoteListItem(formatHttpScalar(item, kind, `${path}[${i}]`)))).join(", ");
  }
  const text = mediaType ? toBase64(String(value)) : formatHttpScalar(value, schema, path);
  return text === "" ? undefined : text;
}

/**
 * Reads a header value written by {@link formatHeader}.
 *
 * @param text - the header value (several occurrences of a header arrive joined by commas)
 * @param schema - the value's schema
 * @param mediaType - whether the value is a base64-encoded `@mediaType` string
 * @returns the typed value
 * @throws TypeError when the text does not fit the schema
 */
export function parseHeader(text: string, schema: HttpValueSchema, mediaType: boolean): unknown {
  if (typeof schema === "object") {
    const kind = schema[1];
    if (text.trim() === "") return [];
    const items = kind === HTTP_DATE ? splitHttpDates(text) : splitHeaderList(text);
    return items.map((item) => parseHttpScalar(item, kind));
  }
  if (mediaType) return textDecoder.decode(fromBase64(text.trim()));
  return parseHttpScalar(schema === 0 ? text : text.trim(), schema);
}

/**
 * Quotes a list item when splitting the joined list would not give it back unchanged.
 *
 * @param item - the item's text
 * @returns the item, quoted and escaped if needed
 */
export function quoteListItem(item: string): string {
  return item === "" || /[",\\]/.test(item) || item.trim() !== item ? `"${item.replace(/["\\]/g, "\\$&")}"` : item;
}

/**
 * Splits a comma-separated header list, honouring quoted items and their `\` escapes.
 *
 * @param text - the header value
 * @returns the items, unquoted, with the whitespace around unquoted items trimmed
 */
export function splitHeaderList(text: string): string[] {
  const items: string[] = [];
  let current = "";
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === "\\" && i + 1 < text.length) current += text[++i];
      else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"' && current.trim() === "") {
      quoted = wasQuoted = true;
      current = "";
    } else if (char === ",") {
      items.push(wasQuoted ? current : current.trim());
      current = "";
      wasQuoted = false;
    } else if (!wasQuoted) current += char;
  }
  items.push(wasQuoted ? current : current.trim());
  return items;
}

/**
 * Splits a list of `http-date`s (`Mon, 16 Dec 2019 23:48:18 GMT, Tue, …`): every date holds
 * exactly one comma, so items end at every second comma.
 *
 * @param text - the header value
 * @returns the dates
 */
export function splitHttpDates(text: string): string[] {
  const parts = text.split(",");
  const dates: string[] = [];
  for (let i = 0; i < parts.length; i += 2) dates.push(parts.slice(i, i + 2).join(",").trim());
  return dates;
}

/**
 * Percent-encodes a label value for the path: everything but RFC 3986 unreserved characters,
 * and for a greedy label, the `/` between segments.
 *
 * @param text - the label's text
 * @param greedy - whether the label is greedy (`{Key+}`)
 * @returns the encoded text
 */
export function encodeLabel(text: string, greedy: boolean): string {
  return greedy ? text.split("/").map(escapeUri).join("/") : escapeUri(text);
}


/**
 * A blob `@httpPayload` read from a response: its bytes, with `transformToString` as the
 * official clients' `Uint8ArrayBlobAdapter` has it, so code written for them compiles and
 * runs unchanged.
 */
export class PayloadBytes extends Uint8Array {
  /**
   * @param encoding - `"base64"`, or anything else for UTF-8 (as the official adapter reads it)
   * @returns the bytes as text
   */
  transformToString(encoding = "utf-8"): string {
    return encoding === "base64" ? toBase64(this) : textDecoder.decode(this);
  }
}

/**
 * The bytes of a blob `@httpPayload` given in one of the forms read at once: a string (UTF-8),
 * a `Uint8Array` (a `Buffer` too), another typed array or `DataView`, or an `ArrayBuffer`.
 *
 * @param value - the member's value
 * @param path - the member's name, for the error message
 * @returns the bytes (a view, not a copy)
 * @throws TypeError for anything else
 */
export function payloadBytes(value: unknown, path: string): Uint8Array {
  if (typeof value === "string") return textEncoder.encode(value);
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new TypeError(`${path} must be a string, Uint8Array, ArrayBuffer, ArrayBufferView, Blob or stream, got ${typeof value}`);
}

/**
 * Reads a blob `@httpPayload` given in a form that takes time to read (a `Blob`, a web
 * `ReadableStream`, a Node.js `Readable` or any async iterable of chunks): SigV4 signs the
 * body's hash, so it is read whole before the request is built.
 *
 * @param value - the member's value
 * @returns the bytes, or `undefined` when the value is not in such a form
 */
export function collectPayload(value: unknown): Promise<Uint8Array> | undefined {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return undefined;
  const source = value as { arrayBuffer?: () => Promise<ArrayBuffer>; getReader?: unknown; [Symbol.asyncIterator]?: () => AsyncIterator<unknown> };
  if (typeof source.arrayBuffer === "function") return source.arrayBuffer().then((buffer) => new Uint8Array(buffer));
  if (typeof source.getReader === "function") return new Response(value as ReadableStream).arrayBuffer().then((buffer) => new Uint8Array(buffer));
  if (typeof source[Symbol.asyncIterator] !== "function") return undefined;
  return (async () => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of value as AsyncIterable<unknown>) chunks.push(payloadBytes(chunk, "a chunk of the payload"));
    const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    return out;
  })();
}

/**
 * Encodes a string or bytes as UTF-8 bytes.
 *
 * @param value - the text or bytes
 * @returns the bytes
 */
export const toBytes = (value: string | Uint8Array): Uint8Array => (typeof value === "string" ? textEncoder.encode(value) : value);

/**
 * Decodes UTF-8 bytes.
 *
 * @param bytes - the bytes
 * @returns the text
 */
export const fromUtf8 = (bytes: Uint8Array): string => textDecoder.decode(bytes);
