/**
 * Checking fields against the rules X-Ray enforces on segment documents, and what the builder
 * does with a field that breaks them: throw a {@link SegmentFieldError} (the default), or, with
 * `onInvalid: "sanitize"`, repair it and count the repair. The rules themselves sit with the
 * fields they apply to (see `entity.ts`).
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
  declare readonly name: "SegmentFieldError";
  /** The field that was rejected. */
  declare readonly field: string;

  /**
   * @param field - the field, e.g. `"name"`, `"annotation key"`
   * @param message - what is wrong, without the rejected value
   */
  constructor(field: string, message: string) {
    super(message);
    // Assigned in this order, as own properties, as class fields would be.
    this.field = field;
    this.name = "SegmentFieldError";
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

/**
 * `value` if it has 1 to `max` code points and none of the `invalid` characters; otherwise
 * reports it and returns its repair (those characters become `_`, then it is clipped). The rule
 * is written once, as the characters it refuses: a value is valid exactly when the repair leaves
 * it as it is.
 *
 * @internal
 * @param rule - the rule in words, for the message
 */
export function check(trace: TraceState, field: string, value: unknown, invalid: RegExp, max: number, rule: string): string {
  // The same test as "the repair leaves it unchanged", without building the repair on the hot
  // path (every name and annotation key passes here): no refused character, not empty (which
  // repairs to "_"), and not longer than `max`. `search` ignores the global flag's lastIndex.
  if (typeof value === "string" && value !== "" && value.search(invalid) < 0 && clip(value, max) === value) return value;
  reject(trace, field, `must be ${rule}`);
  return clip(String(value).replace(invalid, "_"), max) || "_";
}

/** @internal Whether `value` is a finite number; otherwise reports it. */
export function checkNumber(trace: TraceState, field: string, value: unknown): value is number {
  if (Number.isFinite(value)) return true;
  reject(trace, field, "must be a finite number");
  return false;
}
