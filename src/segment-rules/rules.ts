/**
 * What X-Ray accepts in a segment document, stated once: the limits, the ID formats, and the
 * rules for names, annotation keys and annotation values. The segment builder
 * (`src/tracing/entity.ts`), the senders and the local endpoint
 * (`src/local/engine/validate-document.ts`) all read them from here, so what the builder
 * produces is exactly what the endpoint accepts. Where the sources disagree, the choice and why
 * are in `docs/segment-rules.md`.
 *
 * Browser-safe: no imports at all.
 *
 * @packageDocumentation
 */

/** The largest segment document, in UTF-8 bytes: PutTraceSegments' quota (not adjustable) and the daemon's buffer. */
export const MAX_DOCUMENT_BYTES = 65_536;
/** The longest segment or subsegment name, in code points. */
export const MAX_NAME_LENGTH = 200;
/** The longest annotation key. */
export const MAX_ANNOTATION_KEY_LENGTH = 500;
/** The longest annotation string value, in code points. */
export const MAX_ANNOTATION_STRING_LENGTH = 1000;
/** Annotations X-Ray indexes per trace; the builder keeps at most this many per segment tree. */
export const MAX_ANNOTATIONS = 50;
/** The longest `user`, `http.request` string and `sql.user`, in code points. */
export const MAX_FIELD_LENGTH = 250;
/**
 * Subsegment levels one document nests. X-Ray documents no depth limit; the builder sends a
 * subsegment deeper than this as its own document (linked by `parent_id`), so no document is
 * deep enough to overflow a recursive reader (`docs/segment-rules.md`).
 */
export const MAX_NESTING_DEPTH = 64;

/** `1-` + 8 hex digits of epoch seconds + `-` + 24 hex digits, either case. */
export const TRACE_ID_PATTERN = /^1-[\da-f]{8}-[\da-f]{24}$/i;
/** Segment, subsegment, parent and exception IDs: 16 hex digits, either case. */
export const SEGMENT_ID_PATTERN = /^[\da-f]{16}$/i;

// Rules on characters are written as the characters they refuse (global, for the repair): a
// value is valid exactly when the repair would leave it as it is.
/** Segment names: Unicode letters, numbers and separators, and `_ . : / % & # = + \ - @`. */
export const SEGMENT_NAME_REFUSED = /[^\p{L}\p{N}\p{Z}_.:/%&#=+\\\-@]/gu;
/** Annotation keys: ASCII letters, digits and `_` (what filter expressions can address). */
export const ANNOTATION_KEY_REFUSED = /[^A-Za-z0-9_]/g;

/**
 * The length of `text` in code points (the unit of the schema's lengths: an emoji is one).
 *
 * @param text - any string
 * @returns the count
 */
export function codePointLength(text: string): number {
  let count = 0;
  // A string's iterator yields one item per code point.
  for (const _ of text) count++;
  return count;
}

/**
 * `text` cut to `max` code points.
 *
 * @param text - any string
 * @param max - the most code points kept
 * @returns `text` itself when short enough
 */
export const clip = (text: string, max: number): string => (text.length > max ? Array.from(text).slice(0, max).join("") : text);

/** Whether `value` is a string of 1 to `max` code points with none of the `refused` characters. */
const fits = (value: unknown, max: number, refused?: RegExp): value is string =>
  // `search` ignores a global regex's lastIndex; `text.length <= max` spares the count.
  typeof value === "string" && value !== "" && (refused === undefined || value.search(refused) < 0) && (value.length <= max || codePointLength(value) <= max);

/**
 * Whether `value` is a valid segment name.
 *
 * @param value - anything
 * @returns true for 1-200 letters, numbers, separators or `_ . : / % & # = + \ - @`
 */
export const isSegmentName = (value: unknown): value is string => fits(value, MAX_NAME_LENGTH, SEGMENT_NAME_REFUSED);

/**
 * Whether `value` is a valid subsegment name: free-form (`GET /users/{id}`, a SQL URL), 1-200 code points.
 *
 * @param value - anything
 * @returns true when valid
 */
export const isSubsegmentName = (value: unknown): value is string => fits(value, MAX_NAME_LENGTH);

/**
 * Whether `value` is a valid annotation key.
 *
 * @param value - anything
 * @returns true for 1-500 of `A-Z a-z 0-9 _`
 */
export const isAnnotationKey = (value: unknown): value is string => fits(value, MAX_ANNOTATION_KEY_LENGTH, ANNOTATION_KEY_REFUSED);

/**
 * Whether `value` can be an annotation value.
 *
 * @param value - anything
 * @returns true for a string of at most 1000 code points, a finite number or a boolean
 */
export const isAnnotationValue = (value: unknown): value is string | number | boolean =>
  typeof value === "boolean" ||
  Number.isFinite(value) ||
  (typeof value === "string" && (value.length <= MAX_ANNOTATION_STRING_LENGTH || codePointLength(value) <= MAX_ANNOTATION_STRING_LENGTH));

/**
 * Whether `value` is a time X-Ray accepts: epoch seconds as a finite, non-negative number.
 *
 * @param value - anything
 * @returns true when valid
 */
export const isEpochSeconds = (value: unknown): value is number => Number.isFinite(value) && (value as number) >= 0;

/**
 * Whether `value` is an X-Ray trace ID.
 *
 * @param value - anything
 * @returns true for `1-` + 8 + `-` + 24 hex digits, either case
 */
export const isTraceId = (value: unknown): value is string => typeof value === "string" && TRACE_ID_PATTERN.test(value);

/**
 * Whether `value` is a segment, subsegment or exception ID.
 *
 * @param value - anything
 * @returns true for 16 hex digits, either case
 */
export const isSegmentId = (value: unknown): value is string => typeof value === "string" && SEGMENT_ID_PATTERN.test(value);

/**
 * The repair of an invalid name or key: refused characters become `_`, then it is clipped to
 * `max`; an empty result becomes `_`. Never throws, whatever `value` is.
 *
 * @param value - anything
 * @param max - the length limit
 * @param refused - the refused characters (global), if the rule has any
 * @returns a value the rule accepts
 */
export function repairText(value: unknown, max: number, refused?: RegExp): string {
  const text = toText(value);
  return clip(refused ? text.replace(refused, "_") : text, max) || "_";
}

/**
 * `String(value)`, or `""` when that throws (an object whose `toString` throws, a hostile Proxy).
 *
 * @param value - anything
 * @returns its text
 */
export function toText(value: unknown): string {
  try {
    return String(value);
  } catch {
    return "";
  }
}
