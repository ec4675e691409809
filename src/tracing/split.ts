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

type Json = Record<string, unknown>;
type Holder = Json | unknown[];

/** The smallest `maxBytes` accepted: room for the largest name (800 bytes) and the required fields. */
export const MIN_DOCUMENT_BYTES = 2048;
const MARK = "[truncated]";
/** Strings that identify or link documents: never cut. */
const PROTECTED = new Set(["id", "trace_id", "parent_id", "type", "namespace", "name", "cause"]);

const encoder = new TextEncoder();
const bytes = (text: string): number => encoder.encode(text).length;
const json = (value: unknown): string => JSON.stringify(value) ?? "";
/** The UTF-8 size of a value's JSON. */
const size = (value: unknown): number => bytes(json(value));

/**
 * `JSON.stringify`, falling back to a form that survives BigInts (as strings) and cycles
 * (repeated objects become `"[circular]"`) in user-supplied metadata.
 *
 * @internal
 */
export function stringify(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    const seen = new WeakSet<object>();
    return JSON.stringify(value, (_key, v: unknown) =>
      typeof v === "bigint" ? String(v) : typeof v === "object" && v ? (seen.has(v) ? "[circular]" : (seen.add(v), v)) : v,
    );
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
  if (bytes(document) <= maxBytes) return { documents: [document], truncated: 0 };
  const documents: string[] = [];
  const truncated = place(JSON.parse(document) as Json, maxBytes, documents);
  return { documents, truncated };
}

/**
 * Adds `doc` to `out` as one or more documents; returns the number of fields cut. Children go
 * out completed first, largest first, as many as needed; each goes through `place` itself, so
 * an in-progress child that had to go has its own completed children split out in turn.
 */
function place(doc: Json, max: number, out: string[]): number {
  let cut = 0;
  for (let over: number, kids: Json[] | undefined; (over = size(doc) - max) > 0 && (kids = doc["subsegments"] as Json[] | undefined); ) {
    const order = kids
      .map((kid) => [kid, size(kid)] as const)
      .sort(([a, aSize], [b, bSize]) => +!!a["in_progress"] - +!!b["in_progress"] || bSize - aSize);
    const gone = new Set<Json>();
    for (const [kid, kidSize] of order) {
      if (over <= 0) break;
      gone.add(kid);
      // Removing an element saves its size and a comma (or more, when the array goes).
      over -= kidSize + 1;
      cut += place({ ...kid, type: "subsegment", trace_id: doc["trace_id"], parent_id: doc["id"] }, max, out);
    }
    const left = kids.filter((kid) => !gone.has(kid));
    if (left.length) doc["subsegments"] = left;
    else delete doc["subsegments"];
  }
  if (size(doc) > max) cut += shrink(doc, max);
  out.push(json(doc));
  return cut;
}

/**
 * A field that can be cut. Strings, metadata entries, stack frames and precursor IDs go first;
 * other lists and whole blocks (`last`) only when cutting inside them was not enough.
 */
interface Candidate {
  holder: Holder;
  key: string | number;
  path: string;
  size: number;
  /** A metadata entry: any value may become the marker. */
  entry: boolean;
  last: boolean;
}

/** Cuts fields of `doc` (which has no subsegments left) until it fits; returns how many. */
function shrink(doc: Json, max: number): number {
  const cut = new Set<string>();
  for (let over; (over = size(doc) - max) > 0; ) {
    const candidates: Candidate[] = [];
    for (const key of Object.keys(doc)) collect(doc, key, key, key === "metadata" ? 0 : -1, candidates);
    candidates.sort((a, b) => +a.last - +b.last || b.size - a.size);
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
    // Unreachable with MIN_DOCUMENT_BYTES, which leaves room for the fields that cannot be cut.
    if (!done.length) throw new RangeError(`toDocuments: maxBytes must be at least ${MIN_DOCUMENT_BYTES}`);
  }
  return cut.size;
}

/** Lists the fields under `holder[key]` that can be cut. `depth` counts levels below `metadata` (-1: outside). */
function collect(holder: Holder, key: string | number, path: string, depth: number, out: Candidate[]): void {
  const value = (holder as Json)[key];
  const push = (last: boolean): unknown => out.push({ holder, key, path, size: size(value), entry: depth === 2, last });
  if (depth === 2 || typeof value === "string") {
    if (depth >= 0 || !PROTECTED.has(key as string)) push(false);
  } else if (typeof value === "object" && value) {
    // Lists keep fewer elements; top-level blocks may be emptied as a last resort.
    if (Array.isArray(value) || path === key) push(!(key === "stack" || key === "precursor_ids"));
    // Precursor IDs are IDs: the list may be shortened, never an ID cut.
    if (key !== "precursor_ids") for (const k of Object.keys(value)) collect(value as Json, k, `${path}/${k}`, depth < 0 ? -1 : depth + 1, out);
  }
}

/** Replaces a field by a smaller one, saving about `over` bytes; returns the bytes saved. */
function replace({ holder, key, entry }: Candidate, over: number): number {
  const record = holder as Json;
  const value = record[key];
  const before = size(value);
  const room = before - over;
  // A metadata entry becomes the marker; a top-level block is emptied (metadata keeps a marker).
  let next: unknown = entry ? MARK : key === "metadata" ? { [MARK]: {} } : {};
  if (typeof value === "string") {
    // The longest prefix that, marked, fits the room: JSON escapes character by character, so
    // summing each character's size is exact, and the scan stops within maxBytes of the start.
    // Also fewer code points than before: a field at its maxLength (an emoji-filled client_ip)
    // shrinks in bytes when cut, but would grow in characters by the marker.
    let prefix = "";
    let used = size(MARK);
    let left = [...value].length - MARK.length;
    for (const char of value) {
      if ((used += size(char) - 2) > room || --left < 0) break;
      prefix += char;
    }
    next = prefix + MARK;
  } else if (Array.isArray(value) && !entry) {
    const array = value;
    let count = 0;
    for (let used = 2; count < array.length && (used += size(array[count]) + (count ? 1 : 0)) <= room; ) count++;
    next = array.slice(0, count);
    if (key === "stack" && count < array.length) record["truncated"] = ((record["truncated"] as number | undefined) ?? 0) + array.length - count;
  }
  const saved = before - size(next);
  if (saved > 0) record[key] = next;
  return saved;
}
