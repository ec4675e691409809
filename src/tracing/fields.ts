/**
 * The field rules X-Ray enforces on segment documents, and what the builder does with a field
 * that breaks them: throw a {@link SegmentFieldError} (the default), or, with
 * `onInvalid: "sanitize"`, repair it and count the repair.
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html
 *
 * @packageDocumentation
 */
import type { IdGenerator } from "./ids.js";

/**
 * A field X-Ray would reject, given to the segment builder in its default (`"throw"`) mode.
 * A `TypeError`, so it is handled like any other programmer error.
 */
export class SegmentFieldError extends TypeError {
  /** Always `"SegmentFieldError"`, to tell it from other `TypeError`s. */
  override readonly name = "SegmentFieldError" as const;

  /**
   * @param field - the field, e.g. `"name"`, `"annotation key"`
   * @param message - what is wrong, without the rejected value
   */
  constructor(
    /** The field that was rejected. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** What the builder does with a field X-Ray would reject. */
export type InvalidFieldPolicy = "throw" | "sanitize";

/** @internal State shared by a segment and all its subsegments. */
export interface TraceState {
  readonly traceId: string;
  readonly sanitize: boolean;
  readonly now: () => number;
  readonly ids: IdGenerator;
  /** Repairs made in sanitize mode, plus request fields clipped to X-Ray's length limits. */
  repairs: number;
  /** Annotations in the tree, for the limit of 50. */
  annotations: number;
  /** Errors already recorded, by object, with their exception ID: a later `addError` refers to it. */
  readonly errors: WeakMap<object, string>;
}

/** Annotations X-Ray indexes per trace; the builder allows this many per segment tree. */
export const MAX_ANNOTATIONS = 50;

/** Segment names: Unicode letters, numbers and separators, and `_ . : / % & # = + - @`, 1 to 200. */
export const NAME = /^[\p{L}\p{N}\p{Z}_.:/%&#=+\-@]{1,200}$/u;
const NAME_INVALID = /[^\p{L}\p{N}\p{Z}_.:/%&#=+\-@]/gu;
/** Annotation keys: ASCII letters, digits and `_`, 1 to 500. */
export const ANNOTATION_KEY = /^\w{1,500}$/;
const ANNOTATION_KEY_INVALID = /\W/g;

/**
 * Cuts `text` to `max` code points (the unit JSON-schema lengths count in).
 *
 * @internal
 */
export const clip = (text: string, max: number): string =>
  text.length > max ? Array.from(text).slice(0, max).join("") : text;

/**
 * Reports a bad field: throws in `"throw"` mode, otherwise counts a repair.
 *
 * @internal
 * @throws SegmentFieldError in `"throw"` mode
 */
export function reject(trace: TraceState, field: string, problem: string): void {
  if (!trace.sanitize) throw new SegmentFieldError(field, `Segment ${field}: ${problem}`);
  trace.repairs++;
}

/** @internal A name X-Ray accepts, or its repair (invalid characters become `_`). */
export const checkName = (trace: TraceState, name: string): string =>
  check(trace, "name", name, NAME, NAME_INVALID, 200, "1-200 letters, digits, spaces or _.:/%&#=+-@");

/** @internal An annotation key X-Ray accepts, or its repair (invalid characters become `_`). */
export const checkAnnotationKey = (trace: TraceState, key: string): string =>
  check(trace, "annotation key", key, ANNOTATION_KEY, ANNOTATION_KEY_INVALID, 500, "1-500 of a-z A-Z 0-9 _");

function check(trace: TraceState, field: string, value: unknown, valid: RegExp, invalid: RegExp, max: number, rule: string): string {
  if (typeof value === "string" && valid.test(value)) return value;
  reject(trace, field, `must be ${rule}`);
  return clip(String(value).replace(invalid, "_"), max) || "_";
}

/** @internal Whether `value` is a finite number; otherwise reports it. */
export function checkNumber(trace: TraceState, field: string, value: unknown): value is number {
  if (Number.isFinite(value)) return true;
  reject(trace, field, "must be a finite number");
  return false;
}
