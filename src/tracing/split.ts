/**
 * Fitting a segment document into X-Ray's per-document limit (64 KB for PutTraceSegments and the
 * daemon), losing as little as possible:
 *
 * 1. Child subsegments become standalone subsegment documents (`type`, `trace_id`,
 *    `parent_id`), completed ones first, largest first, as many as needed; each is split the
 *    same way if it is too large itself. An in-progress child goes only when no completed
 *    sibling is left, as an in-progress document (its completed children split out in turn):
 *    X-Ray keeps one in-progress and one complete document per ID and the complete one wins, so
 *    it is replaced when the segment is sent again after the child closes.
 * 2. Only what still does not fit is cut, largest first, each field counted once in `truncated`:
 *    a string keeps the prefix that fits plus `"[truncated]"`; a metadata entry that is not a
 *    string becomes `"[truncated]"`; an array (stack frames, IDs) keeps the elements that fit
 *    (dropped frames are counted in the exception's `truncated`). As a last resort (thousands of
 *    tiny fields), a whole optional block is emptied: `{}`, or metadata `{"[truncated]": {}}`.
 *
 * Cuts keep each field's type and only shorten strings, so a document that validated against
 * the segment-document schema still does.
 *
 * @packageDocumentation
 */
import type { SegmentDocuments } from "./document-source.js";

/** A parsed JSON object, or an array seen as one (`Object.keys` gives its indices as strings). */
type Json = Record<string, unknown>;
/** The documents and the count of fields cut, as `splitDocument` returns them; filled as it goes. */
type Split = { documents: string[]; truncated: number };
/** What can go, ranked: those not marked `last` first, largest first. */
type Ranked = { size: number; last: boolean };

/** The smallest `maxBytes` accepted: room for the largest name (800 bytes) and the required fields. */
export const MIN_DOCUMENT_BYTES = 2048;
const MARK = "[truncated]";
/** Strings that identify or link documents: never cut. */
const PROTECTED = ["id", "trace_id", "parent_id", "type", "namespace", "name", "cause"];

const encoder = new TextEncoder();
/** The UTF-8 size of a value's JSON (every value here came from `JSON.parse`, so has one). */
const size = (value: unknown): number => encoder.encode(JSON.stringify(value)).length;

/** What a value that cannot be serialized at all becomes. */
const UNSERIALIZABLE = "[unserializable]";

/**
 * `JSON.stringify` of a (sub)segment document that never throws. When the plain call throws
 * (user-supplied metadata or fields holding a BigInt, a cycle, a `toJSON` or getter that throws,
 * a hostile Proxy, nesting too deep for the engine), each field and each metadata entry is
 * serialized on its own: BigInts become strings, repeated objects `"[circular]"`, and what still
 * throws becomes `"[unserializable]"`, each one reported to `onRepair`. Only the document's own
 * structure (subsegments, metadata namespaces) is walked, and the builder keeps that at most
 * `MAX_NESTING_DEPTH` deep.
 *
 * @internal
 */
export function stringify(value: unknown, onRepair: () => void = () => undefined): string {
  try {
    return JSON.stringify(value);
  } catch {
    return JSON.stringify(tolerantDocument(value as Json, onRepair));
  }
}

/** The document with each field made serializable on its own. */
function tolerantDocument(doc: Json, onRepair: () => void): Json {
  const out: Json = {};
  for (const key of Object.keys(doc)) {
    const field = doc[key];
    out[key] =
      key === "subsegments"
        ? (field as Json[]).map((child) => tolerantDocument(child, onRepair))
        : key === "metadata"
          ? mapEntries(field as Json, (namespace) => mapEntries(namespace as Json, (entry) => tolerantValue(entry, onRepair)))
          : tolerantValue(field, onRepair);
  }
  return out;
}

const mapEntries = (object: Json, map: (value: unknown) => unknown): Json => {
  const out: Json = {};
  for (const key of Object.keys(object)) out[key] = map(object[key]);
  return out;
};

/** A JSON copy of a caller's value (BigInts as strings, cycles marked), or the marker when there is none. */
function tolerantValue(value: unknown, onRepair: () => void): unknown {
  try {
    const seen = new WeakSet<object>();
    const text = JSON.stringify(value, (_key, v: unknown) =>
      typeof v === "bigint" ? String(v) : typeof v === "object" && v ? (seen.has(v) ? "[circular]" : (seen.add(v), v)) : v,
    );
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    onRepair();
    return UNSERIALIZABLE;
  }
}

/**
 * Splits one serialized document into documents of at most `maxBytes` UTF-8 bytes each.
 *
 * @internal
 * @param document - a standalone segment or subsegment document
 * @param maxBytes - the limit
 * @throws RangeError when `maxBytes` is under {@link MIN_DOCUMENT_BYTES}
 */
export function splitDocument(document: string, maxBytes: number): SegmentDocuments {
  if (!(maxBytes >= MIN_DOCUMENT_BYTES)) throw new RangeError(`toDocuments: maxBytes must be at least ${MIN_DOCUMENT_BYTES}`);
  const result: Split = { documents: [], truncated: 0 };
  if (encoder.encode(document).length > maxBytes) place(JSON.parse(document) as Json, maxBytes, result);
  else result.documents.push(document);
  return result;
}

/**
 * Adds `doc` to `out` as one or more documents, counting the fields cut. Children go out
 * completed first, largest first, as many as needed; each goes through `place` itself, so an
 * in-progress child that had to go has its own completed children split out in turn.
 */
function place(doc: Json, max: number, out: Split): void {
  let over = size(doc) - max;
  const kids = doc["subsegments"] as Json[] | undefined;
  // One pass is enough: the saving counted for each child that goes is exact, so when the count
  // says it fits, it does (unless every child went, and then there is nothing left to move).
  // A document that fits moves none.
  if (kids) {
    // Completed children first: an in-progress one goes only when none is left.
    const order = kids.map((kid) => ({ doc: kid, size: size(kid), last: !!kid["in_progress"] })).sort(largestFirst);
    const gone = new Set<Json>();
    for (const { doc: kid, size: kidSize } of order) {
      if (over <= 0) break;
      gone.add(kid);
      // Removing an element saves its size and a comma (or more, when the array goes).
      over -= kidSize + 1;
      place({ ...kid, type: "subsegment", trace_id: doc["trace_id"], parent_id: doc["id"] }, max, out);
    }
    // One filter at the end: removing each child where it stood would cost a search per child,
    // quadratic for a segment with thousands of them.
    const left = kids.filter((kid) => !gone.has(kid));
    if (left.length) doc["subsegments"] = left;
    else delete doc["subsegments"];
  }
  if (size(doc) > max) out.truncated += shrink(doc, max);
  out.documents.push(JSON.stringify(doc));
}

/**
 * A field that can be cut. Strings, metadata entries, stack frames and precursor IDs go first;
 * other lists and whole blocks (`last`) only when cutting inside them was not enough.
 */
interface Candidate extends Ranked {
  parent: Json;
  key: string;
  path: string;
  /** A metadata entry: any value may become the marker. */
  entry: boolean;
}

/** Orders what can go: those not marked `last` first, largest first. */
const largestFirst = (a: Ranked, b: Ranked): number => +a.last - +b.last || b.size - a.size;

/** Cuts fields of `doc` (which has no subsegments left) until it fits; returns how many. */
function shrink(doc: Json, max: number): number {
  const cut = new Set<string>();
  for (let over; (over = size(doc) - max) > 0; ) {
    const candidates: Candidate[] = [];
    for (const key of Object.keys(doc)) collect(doc, key, key, key === "metadata" ? 0 : -1, candidates);
    candidates.sort(largestFirst);
    const done: string[] = [];
    for (const candidate of candidates) {
      if (over <= 0) break;
      // A field inside one cut this round is gone, or was counted with it.
      if (done.some((path) => candidate.path.startsWith(path + "/"))) continue;
      const saved = replace(candidate, over);
      if (saved > 0) {
        over -= saved;
        done.push(candidate.path);
        cut.add(candidate.path);
      }
    }
    // Nothing left to cut: what is never cut (IDs, the name, a namespace) is over `max` alone.
    // MIN_DOCUMENT_BYTES leaves room for those, and the builder keeps them to their limits; a
    // document that still does not fit goes as it is, and the sender refuses it and counts it.
    if (!done.length) break;
  }
  return cut.size;
}

/** Lists the fields under `parent[key]` that can be cut. `depth` counts levels below `metadata` (-1: outside). */
function collect(parent: Json, key: string, path: string, depth: number, out: Candidate[]): void {
  const value = parent[key];
  const push = (last: boolean): unknown => out.push({ parent, key, path, size: size(value), entry: depth === 2, last });
  // Strings can be cut, but not those that identify or link documents; so can metadata entries
  // (depth 2), whatever they hold (metadata and its namespaces are always objects).
  if (depth === 2 || (typeof value === "string" && !PROTECTED.includes(key))) push(false);
  else if (typeof value === "object" && value) {
    // Lists keep fewer elements; top-level blocks may be emptied as a last resort.
    if (Array.isArray(value) || path === key) push(!(key === "stack" || key === "precursor_ids"));
    // Precursor IDs are IDs: the list may be shortened, never an ID cut.
    if (key !== "precursor_ids") for (const k of Object.keys(value)) collect(value as Json, k, `${path}/${k}`, depth < 0 ? depth : depth + 1, out);
  }
}

/** Replaces a field by a smaller one, saving about `over` bytes; returns the bytes saved. */
function replace({ parent, key, entry }: Candidate, over: number): number {
  const value = parent[key];
  const before = size(value);
  const room = before - over;
  // A metadata entry becomes the marker; a top-level block is emptied (metadata keeps a marker).
  let next: unknown = entry ? MARK : key === "metadata" ? { [MARK]: {} } : {};
  let count = 0;
  if (typeof value === "string") {
    // The longest prefix that, marked, fits the room: JSON escapes character by character, so
    // summing each character's size is exact, and the scan stops within maxBytes of the start.
    // Also fewer code points than before: a field at its maxLength (an emoji-filled client_ip)
    // shrinks in bytes when cut, but would grow in characters by the marker.
    const chars = [...value];
    // Each character adds its JSON size less the two quotes.
    let used = size(MARK);
    while (count < chars.length - MARK.length && (used += size(chars[count]) - 2) <= room) count++;
    next = chars.slice(0, count).join("") + MARK;
  } else if (Array.isArray(value) && !entry) {
    // `[`, then each element and the comma (or `]`) after it.
    let used = 1;
    while (count < value.length && (used += size(value[count]) + 1) <= room) count++;
    next = value.slice(0, count);
    if (key === "stack" && count < value.length) parent["truncated"] = ((parent["truncated"] as number | undefined) ?? 0) + value.length - count;
  }
  const saved = before - size(next);
  if (saved > 0) parent[key] = next;
  return saved;
}
