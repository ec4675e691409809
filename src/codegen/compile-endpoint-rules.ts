/**
 * Compiles a `smithy.rules#endpointRuleSet` to the body of a TypeScript function: a rule's
 * conditions become nested `if`s, assignments `const`s, string templates template literals,
 * error rules `throw new EndpointError(message)`, and a tree rule none of whose children match
 * throws, as the rules language says. Values known at generation time (literals, parameters the
 * client never supplies) are folded, so rules that cannot match are left out.
 *
 * Why compile: X-Ray's rule set as data plus an interpreter for it cost every browser bundle
 * about 5 kB minified; compiled, it is under 1 kB (`npm run bench -- --only size`, client + one
 * command: 61.2 → 57.3 kB, gzip 21.5 → 20.3 kB), and `tsc` checks it. Anything the compiler does
 * not understand (an unknown function, a wrongly typed argument, a reference to an unset name)
 * is a ModelError naming its JSON path, never code that might resolve a wrong URL.
 *
 * @see https://smithy.io/2.0/additional-specs/rules-engine/specification.html
 */
import { ExpressionCompiler, operand, type Scope, type Value, type Variable } from "./compile-rule-expressions.js";
import { ModelError } from "./model.js";
import { LIBRARY, SUPPLIED_PARAMETERS } from "./rules-library.js";

/** A rule's compiled code: lines relative to its indentation. */
interface Compiled {
  readonly lines: readonly string[];
  /** Every path through the lines returns or throws. */
  readonly terminates: boolean;
}

/** The result of compiling a rule set. */
export interface CompiledRuleSet {
  /** The function body's lines, without indentation. */
  readonly body: readonly string[];
  /** The `rules-functions` exports the body calls, sorted. */
  readonly imports: readonly string[];
}

const RESERVED = new Set(
  "arguments await break case catch class const continue debugger default delete do else enum eval export extends false finally for function if implements import in instanceof interface let new null package params private protected public return static super switch this throw true try typeof undefined var void while with yield EndpointError".split(" ").concat(Object.values(LIBRARY).map((f) => f.exportName)),
);

/**
 * Compiles a rule set.
 *
 * @param ruleSet - the trait value
 * @param at - the JSON path of the trait, for errors
 * @returns the function body (reading `params: EndpointParameters`) and the functions it imports
 * @throws ModelError for anything the compiler does not implement or the rules language forbids
 */
export function compileEndpointRules(ruleSet: unknown, at: string): CompiledRuleSet {
  return new RuleSetCompiler().compile(ruleSet, at);
}

class RuleSetCompiler {
  /** How often each variable is read by the code kept so far. */
  private reads = new Map<Variable, number>();
  private readonly values = new ExpressionCompiler((reads, by) => this.count(reads, by));

  compile(ruleSet: unknown, at: string): CompiledRuleSet {
    const { parameters = {}, rules } = (ruleSet ?? {}) as { parameters?: Record<string, unknown>; rules?: unknown };
    if (!Array.isArray(rules)) throw new ModelError(`${at}.rules`, "the endpoint rule set has no rules array");
    const scope: Scope = new Map();
    const declarations: { variable: Variable; line: string; check?: string }[] = [];
    for (const [name, declaration] of Object.entries(parameters)) {
      const where = `${at}.parameters.${name}`;
      const { type, builtIn, required, default: fallback } = (declaration ?? {}) as { type?: string; builtIn?: string; required?: boolean; default?: unknown };
      const valueType = type?.toLowerCase();
      if (valueType !== "string" && valueType !== "boolean") throw new ModelError(where, `the parameter type ${JSON.stringify(type)} is not supported (string and boolean are)`);
      if (fallback !== undefined && typeof fallback !== valueType) throw new ModelError(where, `the default ${JSON.stringify(fallback)} is not a ${valueType}`);
      const key = builtIn === undefined ? undefined : SUPPLIED_PARAMETERS[builtIn];
      if (key === undefined) {
        // The client never passes it: it always has its default.
        if (required && fallback === undefined) throw new ModelError(where, "a required parameter without a default that the client does not supply");
        scope.set(name, { type: valueType, optional: fallback === undefined, constant: { value: fallback as string | boolean | undefined } });
        continue;
      }
      const variable: Variable = { js: this.identifier(name, scope, where) };
      const defaulted = fallback === undefined ? "" : ` ?? ${JSON.stringify(fallback)}`;
      const check = required && fallback === undefined ? `if (${variable.js} === undefined) throw new EndpointError(${JSON.stringify(`Missing required parameter: ${name}`)});` : undefined;
      declarations.push({ variable, line: `const ${variable.js} = params.${key}${defaulted};`, ...(check ? { check } : {}) });
      if (check) this.reads.set(variable, 1);
      scope.set(name, { variable, type: valueType, optional: !required && fallback === undefined });
    }
    const top = this.rules(rules, scope, `${at}.rules`);
    const body = [
      ...declarations.filter(({ variable }) => this.used(variable)).flatMap(({ line, check }) => (check ? [line, check] : [line])),
      ...top.lines,
    ];
    if (!top.terminates) body.push("throw new EndpointError(`No endpoint rule matched the parameters ${JSON.stringify(params)}`);");
    const text = body.join("\n");
    const imports = Object.values(LIBRARY)
      .map((f) => f.exportName)
      .filter((name) => new RegExp(`\\b${name}\\(`).test(text));
    if (text.includes("new EndpointError(")) imports.push("EndpointError");
    return { body, imports: imports.sort() };
  }

  private used(variable: Variable): boolean {
    return (this.reads.get(variable) ?? 0) > 0;
  }

  private count(reads: readonly Variable[], by: 1 | -1): void {
    for (const variable of reads) this.reads.set(variable, (this.reads.get(variable) ?? 0) + by);
  }

  /** A JavaScript identifier for a rule-set name that no enclosing name already takes. */
  private identifier(name: string, scope: Scope, at: string): string {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ModelError(at, `${JSON.stringify(name)} is not a valid rule-set identifier`);
    if (scope.has(name)) throw new ModelError(at, `assigns ${name}, which is already in scope`);
    const js = RESERVED.has(name) ? `${name}Value` : name;
    if ([...scope.values()].some((binding) => binding.variable?.js === js)) throw new ModelError(at, `${name} would shadow another name in scope`);
    return js;
  }

  private rules(rules: readonly unknown[], scope: Scope, at: string): Compiled {
    const lines: string[] = [];
    let terminates = false;
    rules.forEach((rule, i) => {
      // Rules after one that always matches are still checked, but never kept.
      const saved = new Map(this.reads);
      const compiled = this.rule(rule, scope, `${at}[${i}]`);
      if (terminates || compiled === undefined) {
        this.reads = saved;
        return;
      }
      lines.push(...compiled.lines);
      terminates = compiled.terminates;
    });
    return { lines, terminates };
  }

  /** A rule's code, or `undefined` when a condition is false at generation time. */
  private rule(rule: unknown, outer: Scope, at: string): Compiled | undefined {
    const { type, conditions = [], rules, error, endpoint } = (rule ?? {}) as RuleJson;
    if (!Array.isArray(conditions)) throw new ModelError(`${at}.conditions`, "conditions must be an array");
    const scope: Scope = new Map(outer);
    const steps: Step[] = [];
    let dead = false;
    conditions.forEach((condition, i) => {
      const where = `${at}.conditions[${i}]`;
      const value = this.values.expression(condition, scope, where);
      const assign = (condition as { assign?: unknown }).assign;
      // A condition holds unless its value is unset or false.
      if (value.constant) dead ||= value.constant.value === undefined || value.constant.value === false;
      if (typeof assign === "string") {
        const variable = value.constant ? undefined : { js: this.identifier(assign, scope, `${where}.assign`) };
        if (variable) steps.push({ assign: variable, value });
        scope.set(assign, { ...(variable ? { variable } : {}), type: value.type, optional: false, ...(value.constant ? { constant: value.constant } : {}) });
      } else if (!value.constant) {
        steps.push({ value });
        if (value.proves !== undefined) scope.set(value.proves, { ...scope.get(value.proves)!, optional: false });
      }
    });
    let body: Compiled;
    if (type === "endpoint") {
      body = { lines: [this.endpoint(endpoint, scope, `${at}.endpoint`)], terminates: true };
    } else if (type === "error") {
      body = { lines: [`throw new EndpointError(${this.values.template(error, scope, `${at}.error`).code});`], terminates: true };
    } else if (type === "tree") {
      if (!Array.isArray(rules)) throw new ModelError(`${at}.rules`, "a tree rule needs a rules array");
      const children = this.rules(rules, scope, `${at}.rules`);
      // A tree whose conditions matched is terminal: no child matching is an error.
      body = children.terminates ? children : { lines: [...children.lines, 'throw new EndpointError("No endpoint rule matched inside a matching tree rule");'], terminates: true };
    } else {
      throw new ModelError(`${at}.type`, `the rule type ${JSON.stringify(type)} is not endpoint, error or tree`);
    }
    return dead ? undefined : this.nest(steps, body);
  }

  /**
   * Wraps a body in its conditions: runs of tests become one `if (a && b)`, assignments `const`s.
   * An assignment nothing reads becomes a plain test, or nothing when it cannot fail.
   */
  private nest(steps: readonly Step[], body: Compiled): Compiled {
    const out: string[] = [];
    const closers: string[] = [];
    let tests: string[] = [];
    let pad = "";
    const flush = (): void => {
      if (!tests.length) return;
      out.push(`${pad}if (${tests.join(" && ")}) {`);
      closers.unshift(`${pad}}`);
      pad += "  ";
      tests = [];
    };
    for (const step of steps) {
      let test: string | undefined;
      if (!("assign" in step)) {
        test = this.test(step.value);
        // A condition that always holds is left out, and so are the reads of its code.
        if (test === undefined) this.count(step.value.reads, -1);
      } else if (this.used(step.assign)) {
        flush();
        out.push(`${pad}const ${step.assign.js} = ${step.value.code};`);
        test = this.test({ ...step.value, code: step.assign.js, atomic: true });
      } else {
        test = this.test(step.value);
        if (test === undefined) this.count(step.value.reads, -1);
      }
      if (test !== undefined) tests.push(test);
    }
    flush();
    const lines = [...out, ...body.lines.map((line) => `${pad}${line}`), ...closers];
    if (closers.length === 0) return { lines, terminates: body.terminates };
    // A rule that can fall through to its siblings keeps its top-level `const`s in a block. (One
    // that always matches has no sibling after it: its `const`s can stay in the enclosing block.)
    const leaks = out.findIndex((line) => line.startsWith("const ")) !== -1 && !out[0]!.startsWith("if ");
    return { lines: leaks ? ["{", ...lines.map((line) => `  ${line}`), "}"] : lines, terminates: false };
  }

  /** The JavaScript test of a condition's value; `undefined` when it always holds. */
  private test(value: Value): string | undefined {
    if (value.type === "boolean") return value.optional ? `${operand(value)} === true` : value.code;
    return value.optional ? `${operand(value)} !== undefined` : undefined;
  }

  /** `return { url, headers };` */
  private endpoint(endpoint: RuleJson["endpoint"], scope: Scope, at: string): string {
    if (endpoint === undefined) throw new ModelError(at, "an endpoint rule needs an endpoint");
    const url = this.values.template(endpoint.url, scope, `${at}.url`).code;
    const headers = Object.entries(endpoint.headers ?? {}).map(([name, values]) => {
      if (!Array.isArray(values)) throw new ModelError(`${at}.headers.${name}`, "header values must be an array");
      return `${JSON.stringify(name)}: [${values.map((v, i) => this.values.template(v, scope, `${at}.headers.${name}[${i}]`).code).join(", ")}]`;
    });
    return `return { url: ${url}, headers: {${headers.length ? ` ${headers.join(", ")} ` : ""}} };`;
  }

}

/** One condition as the rule's `if`s will use it. */
type Step = { readonly value: Value } | { readonly assign: Variable; readonly value: Value };

/** A rule as the compiler reads it. */
interface RuleJson {
  readonly type?: string;
  readonly conditions?: readonly unknown[];
  readonly rules?: unknown;
  readonly error?: unknown;
  readonly endpoint?: { readonly url?: unknown; readonly headers?: Readonly<Record<string, unknown>> };
}
