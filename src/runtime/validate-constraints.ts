/**
 * The encoding of the model's input constraints, as `scripts/generate.ts` writes them into
 * `src/generated/constraints.ts` for the opt-in `validateInput` client option.
 *
 * Types only: the data lives in its own generated module, together with the check from
 * `validate.ts`, and the client loads that module with `import()` the first time a client with
 * `validateInput: true` sends a command, so that bundles of clients that never validate carry
 * neither.
 *
 * @packageDocumentation
 */

/** Inclusive bounds from `smithy.api#length` or `smithy.api#range`; a missing side is unbounded. */
export interface Bounds {
  /** The smallest allowed length or value. */
  readonly min?: number;
  /** The largest allowed length or value. */
  readonly max?: number;
}

/**
 * What the model requires of one value: the traits of its shape merged with those of the
 * member that targets it (a member's own trait wins), and the constraints of what it contains.
 * Only the parts that constrain something are present.
 */
export interface Constraints {
  /** Structure members that must be set (`smithy.api#required`, not `@clientOptional`, not an idempotency token). */
  readonly required?: readonly string[];
  /** Constraints of structure or union members, by member name. */
  readonly members?: Readonly<Record<string, ConstraintsRef>>;
  /** Constraints of each item of a list. */
  readonly member?: ConstraintsRef;
  /** Constraints of each key of a map. */
  readonly key?: ConstraintsRef;
  /** Constraints of each value of a map. */
  readonly value?: ConstraintsRef;
  /**
   * `smithy.api#length`: Unicode code points of a string, bytes of a blob, items of a list,
   * entries of a map.
   */
  readonly length?: Bounds;
  /** `smithy.api#range` of a number. */
  readonly range?: Bounds;
  /** `smithy.api#pattern`, compiled once (with the `u` flag unless only the legacy grammar accepts it); like Smithy, it matches anywhere unless anchored. */
  readonly pattern?: RegExp;
  /** The values of an `enum` or `intEnum` shape, or of the legacy `smithy.api#enum` trait. */
  readonly enum?: readonly (string | number)[];
  /** `smithy.api#uniqueItems` of a list. */
  readonly uniqueItems?: true;
  /**
   * The value is `@sensitive`: violation paths then hide the keys of maps inside it (values are
   * never shown in any case).
   */
  readonly sensitive?: true;
}

/** Constraints, or a function returning them: recursive shapes refer to themselves lazily. */
export type ConstraintsRef = Constraints | (() => Constraints);

/**
 * Checks an operation's input against the model's constraints.
 *
 * @param operation - the operation name
 * @param input - the caller's input
 * @throws ValidationError listing every violation
 */
export type InputValidator = (operation: string, input: unknown) => void;

/** What a generated `constraints.ts` exports. */
export interface ConstraintsModule {
  /**
   * The constraints of each operation's input structure, by operation name. Operations whose
   * input constrains nothing are absent.
   */
  readonly inputConstraints: Readonly<Record<string, Constraints>>;
  /** The check of these constraints: `createInputValidator(inputConstraints)` from `validate.ts`. */
  readonly validateInput: InputValidator;
}
