/**
 * The expressions of endpoint rules, compiled to typed JavaScript expressions: literals, `ref`s,
 * string templates, the operators of the standard library (`isSet`, `not`, `booleanEquals`,
 * `stringEquals`, `getAttr`) and calls of the library functions the runtime implements. Values
 * known at generation time are folded; a type error is a ModelError naming its JSON path.
 *
 * @see https://smithy.io/2.0/additional-specs/rules-engine/specification.html
 */
import { ModelError } from "./model.js";
import { LIBRARY, OPERATORS, typeName, type ValueType } from "./rules-library.js";

/** A name in scope: a parameter or an assignment. Identity counts its uses. */
export interface Variable {
  /** The JavaScript identifier. */
  readonly js: string;
}

/** A compiled expression. */
export interface Value {
  readonly code: string;
  readonly type: ValueType;
  /** May be `undefined` at run time. */
  readonly optional: boolean;
  /** The value, when known at generation time. */
  readonly constant?: { readonly value: string | boolean | number | undefined };
  /** Safe as an operand of `!` or `===` without parentheses. */
  readonly atomic: boolean;
  /** The variables the code reads. */
  readonly reads: readonly Variable[];
  /** The equivalent of `!code`, when shorter than that. */
  readonly negation?: string;
  /** The scope name that is set wherever this value is true (`isSet(ref)`). */
  readonly proves?: string;
}

/** What a name in scope stands for at one point of the rules. */
export interface Binding {
  readonly variable?: Variable;
  readonly type: ValueType;
  readonly optional: boolean;
  readonly constant?: Value["constant"];
}

/** The names visible at one point of the rules, by their rule-set name. */
export type Scope = Map<string, Binding>;

/** A value known at generation time. */
export const constant = (value: string | boolean | number | undefined, type: ValueType): Value => ({
  code: value === undefined ? "undefined" : JSON.stringify(value),
  type,
  optional: value === undefined,
  constant: { value },
  atomic: true,
  reads: [],
});

/** The code of a value as an operand of `!` or `===`. */
export const operand = (value: Value): string => (value.atomic ? value.code : `(${value.code})`);

/** Compiles expressions in a scope, counting the reads of variables through `count`. */
export class ExpressionCompiler {
  /**
   * @param count - adds `by` to the read count of each variable (the rules compiler declares
   *   only the variables something reads)
   */
  constructor(private readonly count: (reads: readonly Variable[], by: 1 | -1) => void) {}

  /** A value that must be a string: a template, or an expression of type string. */
  template(expression: unknown, scope: Scope, at: string): Value {
    const value = this.expression(expression, scope, at);
    this.expect(value, "string", at);
    return value;
  }

  /** Refuses a value of another type, or one that may be unset here. */
  private expect(value: Value, type: ValueType, at: string): void {
    if (value.type !== type) throw new ModelError(at, `expected a ${typeName(type)}, got a ${typeName(value.type)}`);
    if (value.optional) throw new ModelError(at, "the value may be unset here: guard it with isSet, or assign it in a condition");
  }

  /** Any expression: a literal (strings are templates), a `ref`, or a function call. */
  expression(expression: unknown, scope: Scope, at: string): Value {
    if (typeof expression === "string") return this.fill(expression, scope, at);
    if (typeof expression === "boolean") return constant(expression, "boolean");
    if (typeof expression === "number" && Number.isInteger(expression)) return constant(expression, "number");
    const { ref, fn, argv } = (expression ?? {}) as { ref?: unknown; fn?: unknown; argv?: unknown };
    if (typeof ref === "string") return this.reference(ref, scope, at);
    if (typeof fn === "string") {
      if (!Array.isArray(argv)) throw new ModelError(`${at}.argv`, `${fn} needs an argv array`);
      return this.call(fn, argv, scope, at);
    }
    throw new ModelError(at, `${JSON.stringify(expression)} is not a string, boolean, integer, ref or function call`);
  }

  private reference(name: string, scope: Scope, at: string): Value {
    const binding = scope.get(name);
    if (!binding) throw new ModelError(at, `refers to ${name}, which is not a parameter or an assignment in scope`);
    if (binding.constant) return constant(binding.constant.value, binding.type);
    const variable = binding.variable!;
    this.count([variable], 1);
    return { code: variable.js, type: binding.type, optional: binding.optional, atomic: true, reads: [variable], proves: name };
  }

  /** A string template: `{Name}` and `{Name#attr}` are placeholders, `{{` and `}}` literal braces. */
  private fill(text: string, scope: Scope, at: string): Value {
    const parts: (string | Value)[] = [];
    const literal = (chunk: string): void => {
      if (!chunk) return;
      const last = parts[parts.length - 1];
      if (typeof last === "string") parts[parts.length - 1] = last + chunk;
      else parts.push(chunk);
    };
    let index = 0;
    for (const match of text.matchAll(/\{\{|\}\}|\{([^{}]+)\}/g)) {
      literal(text.slice(index, match.index));
      index = match.index + match[0].length;
      const inner = match[1];
      if (inner === undefined) {
        literal(match[0][0]!);
        continue;
      }
      const [name, ...path] = inner.split("#");
      let value = this.reference(name!, scope, at);
      if (path.length) value = this.attribute(value, path.join("#"), at);
      if (typeof value.type !== "string") throw new ModelError(at, `the template "${text}" inserts a ${typeName(value.type)}`);
      if (value.optional) throw new ModelError(at, `the template "${text}" inserts ${inner}, which may be unset here`);
      if (value.constant) literal(String(value.constant.value));
      else parts.push(value);
    }
    literal(text.slice(index));
    const dynamic = parts.filter((part): part is Value => typeof part !== "string");
    if (dynamic.length === 0) return constant(typeof parts[0] === "string" ? parts[0] : "", "string");
    const reads = dynamic.flatMap((part) => part.reads);
    if (parts.length === 1 && dynamic[0]!.type === "string") return { ...dynamic[0]!, reads };
    const code = parts.map((part) => (typeof part === "string" ? escapeTemplate(part) : `\${${part.code}}`)).join("");
    return { code: `\`${code}\``, type: "string", optional: false, atomic: true, reads };
  }

  /** `getAttr`: property access on a record whose attributes the compiler knows. */
  private attribute(value: Value, path: string, at: string): Value {
    if (typeof value.type === "string") throw new ModelError(at, `getAttr reads "${path}" of a ${value.type}; only function results have attributes`);
    if (value.optional) throw new ModelError(at, `getAttr reads "${path}" of a value that may be unset here`);
    const type = Object.hasOwn(value.type.attributes, path) ? value.type.attributes[path] : undefined;
    // Paths into arrays (`a[0]`) or nested records: none of the supported functions returns one.
    if (type === undefined || !/^[A-Za-z_]\w*$/.test(path)) throw new ModelError(at, `a ${value.type.name} has no attribute "${path}" (it has ${Object.keys(value.type.attributes).join(", ")})`);
    return { code: `${value.code}.${path}`, type, optional: false, atomic: true, reads: value.reads };
  }

  private call(fn: string, argv: readonly unknown[], scope: Scope, at: string): Value {
    const library = LIBRARY[fn];
    if (!library && !OPERATORS.includes(fn)) {
      throw new ModelError(`${at}.fn`, `the endpoint rules call "${fn}", a function the generator does not implement (it implements ${[...OPERATORS, ...Object.keys(LIBRARY)].sort().join(", ")})`);
    }
    const arity = library?.parameters.length ?? { booleanEquals: 2, getAttr: 2, isSet: 1, not: 1, stringEquals: 2 }[fn];
    if (argv.length !== arity) throw new ModelError(`${at}.argv`, `${fn} takes ${arity} argument(s), got ${argv.length}`);
    const args = argv.map((arg, i) => this.expression(arg, scope, `${at}.argv[${i}]`));
    const reads = args.flatMap((arg) => arg.reads);
    if (library) {
      args.forEach((arg, i) => this.expect(arg, library.parameters[i]!, `${at}.argv[${i}]`));
      const code = `${library.exportName}(${args.map((arg) => arg.code).join(", ")})`;
      return { code, type: library.result, optional: library.optional, atomic: true, reads };
    }
    const [a, b] = args as [Value, Value];
    switch (fn) {
      case "isSet":
        if (a.constant || !a.optional) {
          this.count(reads, -1);
          return constant(!a.optional, "boolean");
        }
        return { code: `${operand(a)} !== undefined`, negation: `${operand(a)} === undefined`, type: "boolean", optional: false, atomic: false, reads, ...(a.proves ? { proves: a.proves } : {}) };
      case "not":
        this.expect(a, "boolean", `${at}.argv[0]`);
        if (a.constant) return constant(!a.constant.value, "boolean");
        return { code: a.negation ?? `!${operand(a)}`, negation: a.code, type: "boolean", optional: false, atomic: a.negation === undefined, reads };
      case "getAttr":
        if (typeof b.constant?.value !== "string") throw new ModelError(`${at}.argv[1]`, "getAttr's path must be a literal string");
        return this.attribute(a, b.constant.value, `${at}.argv[1]`);
      default:
        return this.equals(fn === "booleanEquals" ? "boolean" : "string", a, b, at);
    }
  }

  /** `booleanEquals` and `stringEquals`: `===`, folded when a side is known. */
  private equals(type: "boolean" | "string", a: Value, b: Value, at: string): Value {
    for (const [side, value] of [[0, a], [1, b]] as const) {
      if (value.type !== type) throw new ModelError(`${at}.argv[${side}]`, `expected a ${type}, got a ${typeName(value.type)}`);
    }
    const reads = [...a.reads, ...b.reads];
    if (a.constant && b.constant) return constant(a.constant.value === b.constant.value, "boolean");
    const [known, other] = a.constant ? [a, b] : [b, a];
    if (type === "boolean" && known.constant && !other.optional) {
      // `x === true` is `x`, and `x === false` is `!x`.
      if (known.constant.value === true) return { ...other, reads };
      return { code: other.negation ?? `!${operand(other)}`, negation: other.code, type: "boolean", optional: false, atomic: other.negation === undefined, reads };
    }
    return { code: `${operand(a)} === ${operand(b)}`, type: "boolean", optional: false, atomic: false, reads };
  }
}

/**
 * A literal part of a template literal: JSON escapes for control characters and backslashes,
 * plus the two sequences a template literal gives meaning to.
 */
function escapeTemplate(text: string): string {
  return JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
}
