/**
 * Client-side input validation against the model's constraints (the `validateInput` client
 * option): required members, `@length`, `@range`, `@pattern`, enum values and `@uniqueItems`,
 * and the syntax of filter expressions (src/filter/check-input.ts).
 *
 * Only a generated `constraints.ts` imports this module, and the client loads that with
 * `import()` the first time a client with `validateInput: true` sends a command: bundles of
 * clients that never validate contain neither the checks nor the data.
 *
 * Messages never contain the values checked (a `@sensitive` password that is too long must not
 * end up in a log line); they state lengths, bounds, patterns and allowed enum values, which all
 * come from the model.
 */
import type { Bounds, Constraints, ConstraintsRef, InputValidator } from "./validate-constraints.js";
import { findFilterExpressionViolations } from "../filter/check-input.js";
import { ValidationError, type ConstraintKind, type Violation } from "./validate-error.js";

/**
 * Makes the check a generated `constraints.ts` exports as `validateInput`.
 *
 * @param inputConstraints - the constraints of each operation's input, by operation name
 * @returns a function that throws a `ValidationError` listing every violation of an input,
 * malformed filter expressions included
 */
export function createInputValidator(inputConstraints: Readonly<Record<string, Constraints>>): InputValidator {
  return (operation, input) => {
    const violations = findViolations(Object.hasOwn(inputConstraints, operation) ? inputConstraints[operation] : undefined, input);
    // Filter expressions too: the parser comes with this module, in the on-demand chunk.
    violations.push(...findFilterExpressionViolations(operation, input));
    if (violations.length) throw new ValidationError(operation, violations);
  };
}

/**
 * Lists every constraint a value breaks.
 *
 * @param constraints - the constraints of the value (an operation's input structure); `undefined` for none
 * @param value - the value
 * @returns the violations, in input order; empty when the value is valid
 */
export function findViolations(constraints: ConstraintsRef | undefined, value: unknown): Violation[] {
  const violations: Violation[] = [];
  // Objects being checked on the current path: an input that contains itself is not walked forever.
  const active = new Set<object>();

  // `what` prefixes the messages about a map's keys ("key length 5 exceeds the maximum 4"),
  // which share their path with the messages about its values.
  const check = (ref: ConstraintsRef, value: unknown, path: string, hidden: boolean, what = ""): void => {
    const c = typeof ref === "function" ? ref() : ref;
    const add = (constraint: ConstraintKind, message: string): void => {
      violations.push({ path, message: what + message, constraint });
    };
    hidden ||= c.sensitive === true;
    if (c.length) checkLength(c.length, value, (message) => add("length", message));
    if (c.range && typeof value === "number") checkRange(c.range, value, (message) => add("range", message));
    if (c.pattern && typeof value === "string" && !c.pattern.test(value)) add("pattern", `does not match the pattern ${c.pattern.source}`);
    if (c.enum && !c.enum.includes(value as string | number)) add("enum", describeEnum(c.enum));
    if (typeof value !== "object" || value === null || active.has(value)) return;
    active.add(value);
    if (Array.isArray(value)) {
      if (c.uniqueItems) checkUnique(value, path, violations);
      if (c.member) value.forEach((item, i) => item != null && check(c.member!, item, `${path}[${i}]`, hidden));
    } else if (c.key || c.value) {
      // Keys are shown in paths unless they are, or sit inside, sensitive data.
      const hideKeys = hidden || (typeof c.key === "function" ? c.key() : c.key)?.sensitive === true;
      Object.keys(value).forEach((key, i) => {
        const at = `${path}[${hideKeys ? `entry ${i}` : JSON.stringify(key)}]`;
        if (c.key) check(c.key, key, at, hidden, "key ");
        const item = (value as Record<string, unknown>)[key];
        if (c.value && item != null) check(c.value, item, at, hidden);
      });
    } else if (c.required || c.members) {
      const record = value as Record<string, unknown>;
      const join = (name: string): string => (path ? `${path}.${name}` : name);
      for (const name of c.required ?? []) if (record[name] == null) violations.push({ path: join(name), message: "required", constraint: "required" });
      for (const name in c.members) if (record[name] != null) check(c.members[name]!, record[name], join(name), hidden);
    }
    active.delete(value);
  };

  if (constraints) check(constraints, value, "", false);
  return violations;
}

/**
 * Reports a string, blob, list or map whose `@length` is out of bounds: "length 40 exceeds the
 * maximum 35" (strings, in code points, as Smithy counts them), "has 6 entries, more than the
 * maximum 5". A value of another type is not measured: the serializer deals with it.
 */
function checkLength(bounds: Bounds, value: unknown, report: (message: string) => void): void {
  let size: number;
  let unit: string | undefined;
  if (typeof value === "string") {
    size = 0;
    for (const _ of value) size++;
  } else if (value instanceof Uint8Array) [size, unit] = [value.byteLength, "byte"];
  else if (Array.isArray(value)) [size, unit] = [value.length, "item"];
  else if (typeof value === "object" && value !== null && !(value instanceof Date)) [size, unit] = [Object.keys(value).length, "entry"];
  else return;
  const has = unit && `has ${size} ${size === 1 ? unit : unit === "entry" ? "entries" : `${unit}s`}`;
  if (bounds.min !== undefined && size < bounds.min) report(has ? `${has}, fewer than the minimum ${bounds.min}` : `length ${size} is below the minimum ${bounds.min}`);
  else if (bounds.max !== undefined && size > bounds.max) report(has ? `${has}, more than the maximum ${bounds.max}` : `length ${size} exceeds the maximum ${bounds.max}`);
}

/** Reports a number out of its `@range`, naming the bound it misses but not the number. */
function checkRange(bounds: Bounds, value: number, report: (message: string) => void): void {
  if (Number.isNaN(value)) report(`is NaN, outside the range ${bounds.min ?? ""}..${bounds.max ?? ""}`);
  else if (bounds.min !== undefined && value < bounds.min) report(`is below the minimum ${bounds.min}`);
  else if (bounds.max !== undefined && value > bounds.max) report(`exceeds the maximum ${bounds.max}`);
}

function describeEnum(values: readonly (string | number)[]): string {
  return values.length <= 10 ? `is not one of ${values.map((v) => JSON.stringify(v)).join(", ")}` : `is not one of the ${values.length} allowed values`;
}

/** Reports each item equal to an earlier one, naming the earlier item's index. */
function checkUnique(items: readonly unknown[], path: string, violations: Violation[]): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const key = canonical(item);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, i);
    else violations.push({ path: `${path}[${i}]`, message: `duplicates item ${earlier} (items must be unique)`, constraint: "uniqueItems" });
  });
}

/** A string equal for equal values: scalars by type and value, dates by time, the rest member by member. */
function canonical(value: unknown): string {
  if (value instanceof Date) return `d${value.getTime()}`;
  if (value instanceof Uint8Array) return `b${Array.from(value).join(",")}`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] != null)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return `${typeof value}:${String(value)}`;
}
