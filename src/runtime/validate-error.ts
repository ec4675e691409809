/**
 * The error a client with `validateInput: true` throws for an input that breaks the model's
 * constraints. Its own module, so that importing the class (for `instanceof`) does not pull the
 * validator into a bundle.
 */

/**
 * Which kind of constraint a value breaks: a trait of the model, or `filterExpression` for an
 * X-Ray filter expression that does not parse.
 */
export type ConstraintKind = "required" | "length" | "range" | "pattern" | "enum" | "uniqueItems" | "filterExpression";

/** One broken constraint. */
export interface Violation {
  /**
   * Where the value sits in the input: member names joined by `.`, list indices and map keys
   * in brackets, e.g. `Filters[2].Values["region"]`. Keys of maps inside `@sensitive` values
   * show as `[entry 3]`, their position.
   */
  readonly path: string;
  /**
   * What is wrong, without the value itself, e.g. `length 40 exceeds the maximum 35`. The one
   * exception is a malformed filter expression (not `@sensitive` in the model): its message quotes
   * the expression around the error, with a caret under it on the next line.
   */
  readonly message: string;
  /** The constraint broken. */
  readonly constraint: ConstraintKind;
  /** For a `filterExpression` violation, the 0-based offset in the expression of the error. */
  readonly position?: number;
}

/** How many violations the message lists; `violations` always has them all. */
const LISTED = 20;

/**
 * An input that breaks constraints of the service model (required members, lengths, ranges,
 * patterns, enum values, unique items) or holds a malformed filter expression, found before
 * anything was sent: no credentials were resolved and no request was made. `violations` lists every one; the message the first 20.
 *
 * Thrown only by clients constructed with `validateInput: true`. Values never appear in the
 * message or the violations, so `@sensitive` data cannot leak through it; the exception is the
 * excerpt of a malformed filter expression, which points at the error.
 *
 * @example
 * ```ts
 * try {
 *   await client.send(new BatchGetTracesCommand({ TraceIds: ["1-58406520-a006649127e371903a2de979x"] }));
 * } catch (error) {
 *   if (error instanceof ValidationError) console.error(error.violations);
 *   // [{ path: "TraceIds[0]", message: "length 36 exceeds the maximum 35", constraint: "length" }]
 * }
 * ```
 */
export class ValidationError extends Error {
  /** Always `"ValidationError"`. */
  override readonly name = "ValidationError" as const;
  /** The operation whose input was refused, e.g. `GetTraceSummaries`. */
  readonly operation: string;
  /** Every violation found, in input order (required members of a structure first). */
  readonly violations: readonly Violation[];

  /**
   * @param operation - the operation name
   * @param violations - the violations; at least one
   */
  constructor(operation: string, violations: readonly Violation[]) {
    const lines = violations.slice(0, LISTED).map((v) => `\n  ${v.path}: ${v.message}`);
    const more = violations.length > LISTED ? `\n  … and ${violations.length - LISTED} more` : "";
    const count = violations.length === 1 ? "1 constraint" : `${violations.length} constraints`;
    super(`${operation}: the input breaks ${count} of the model; nothing was sent:${lines.join("")}${more}`);
    this.operation = operation;
    this.violations = Object.freeze([...violations]);
  }
}
