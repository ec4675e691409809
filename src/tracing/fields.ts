/**
 * What the builder does with a field that breaks X-Ray's rules (`src/segment-rules/rules.ts`):
 * repair it and count the repair (the default, `onInvalid: "sanitize"`: telemetry never throws
 * into the code it observes), or throw a {@link SegmentFieldError} (`onInvalid: "throw"`, for
 * tests and development). What each repair is: `docs/segment-rules.md`.
 *
 * @packageDocumentation
 */
import { MAX_ANNOTATIONS as MAX_ANNOTATIONS_PER_TRACE, repairText } from "../segment-rules/rules.js";
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
export const MAX_ANNOTATIONS: number = MAX_ANNOTATIONS_PER_TRACE;

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
 * `value` if `valid` says so; otherwise reports it and returns its repair (see `repairText`).
 *
 * @internal
 * @param rule - the rule in words, for the message
 */
export function check(trace: TraceState, field: string, value: unknown, valid: (value: unknown) => value is string, max: number, rule: string, refused?: RegExp): string {
  if (valid(value)) return value;
  reject(trace, field, `must be ${rule}`);
  return repairText(value, max, refused);
}

/** @internal Whether `valid(value)`; otherwise reports it. */
export function checkNumber(trace: TraceState, field: string, value: unknown, valid: (value: unknown) => value is number = Number.isFinite as (value: unknown) => value is number): value is number {
  if (valid(value)) return true;
  reject(trace, field, "must be a finite number");
  return false;
}
