/**
 * A small evaluator for Smithy endpoint rule sets (`smithy.rules#endpointRuleSet` 1.0).
 *
 * Why not the Smithy engine: `@smithy/core/endpoints` plus `@aws-sdk/util-endpoints` are about a
 * third of a browser bundle of this client, and X-Ray's rule set uses four functions. This
 * evaluator implements the rule-set language (parameters and defaults, conditions with `assign`,
 * tree/endpoint/error rules, string templates, `ref`s) and the standard library functions AWS
 * rule sets use; a function it does not know is an error that names it, never a wrong URL.
 * The model's 48 endpoint tests run against it (test/endpoint.test.ts).
 */
import { partition } from "./partitions.js";

/** A value in a rule set's scope. */
type Value = string | boolean | number | undefined | null | readonly Value[] | { readonly [key: string]: Value };

/** Rule set JSON, as far as the evaluator reads it. */
interface Expression {
  readonly fn?: string;
  readonly argv?: readonly unknown[];
  readonly ref?: string;
  readonly assign?: string;
}
interface Rule {
  readonly type: "endpoint" | "error" | "tree";
  readonly conditions?: readonly Expression[];
  readonly rules?: readonly Rule[];
  readonly error?: unknown;
  readonly endpoint?: { readonly url: unknown; readonly headers?: Readonly<Record<string, readonly unknown[]>> };
}
interface RuleSet {
  readonly parameters?: Readonly<Record<string, { readonly default?: Value; readonly required?: boolean }>>;
  readonly rules: readonly Rule[];
}

/** The endpoint a rule set resolved to. */
export interface RuleSetEndpoint {
  /** The URL. */
  readonly url: string;
  /** Headers the rule asks for. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
}

/** A rule set's own error (`type: "error"` rule, missing required parameter, no rule matched). */
export class EndpointError extends Error {
  override readonly name = "EndpointError";
}

type Scope = Record<string, Value>;

/** The standard library (and the AWS functions) a condition may call. */
const FUNCTIONS: Readonly<Record<string, (...args: Value[]) => Value>> = {
  isSet: (value) => value !== undefined && value !== null,
  not: (value) => !value,
  booleanEquals: (a, b) => a === b,
  stringEquals: (a, b) => a === b,
  getAttr: (value, path) => getAttr(value, String(path)),
  substring: (input, start, stop, reverse) => {
    const text = String(input);
    const [from, to] = [Number(start), Number(stop)];
    if (from >= to || text.length < to || /[^\x00-\x7f]/.test(text)) return undefined;
    return reverse ? text.slice(text.length - to, text.length - from) : text.slice(from, to);
  },
  isValidHostLabel: (value, allowDots) => {
    const label = /^(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$/;
    return allowDots ? String(value).split(".").every((part) => label.test(part)) : label.test(String(value));
  },
  uriEncode: (value) =>
    encodeURIComponent(String(value)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  parseURL: (value) => parseUrl(String(value)),
  "aws.partition": (region) => (typeof region === "string" ? { ...partition(region) } : undefined),
};

/**
 * Evaluates a rule set for the given parameters.
 *
 * @param ruleSet - the model's `smithy.rules#endpointRuleSet` trait value
 * @param params - parameter values by name; `undefined` means unset
 * @returns the endpoint of the first rule that matches
 * @throws EndpointError with the rule set's message when an error rule matches, a required
 *   parameter is missing, or no rule matches
 */
export function evaluateRuleSet(ruleSet: unknown, params: Readonly<Record<string, Value>>): RuleSetEndpoint {
  const { parameters = {}, rules } = ruleSet as RuleSet;
  const scope: Scope = {};
  for (const [name, declaration] of Object.entries(parameters)) {
    const value = params[name] ?? declaration.default;
    if (value === undefined && declaration.required) throw new EndpointError(`Missing required parameter: ${name}`);
    scope[name] = value;
  }
  const endpoint = evaluateRules(rules, scope);
  if (!endpoint) throw new EndpointError(`No endpoint rule matched the parameters ${JSON.stringify(params)}`);
  return endpoint;
}

function evaluateRules(rules: readonly Rule[], outer: Scope): RuleSetEndpoint | undefined {
  for (const rule of rules) {
    // Each rule sees the assignments of its own conditions only (and of its ancestors').
    const scope: Scope = { ...outer };
    if (!(rule.conditions ?? []).every((condition) => holds(condition, scope))) continue;
    if (rule.type === "tree") {
      const found = evaluateRules(rule.rules ?? [], scope);
      if (found) return found;
      // A tree whose conditions matched but no child did is terminal in the rules language.
      throw new EndpointError("No endpoint rule matched inside a matching tree rule");
    }
    if (rule.type === "error") throw new EndpointError(String(evaluate(rule.error, scope)));
    const { url, headers = {} } = rule.endpoint!;
    return {
      url: String(evaluate(url, scope)),
      headers: Object.fromEntries(
        Object.entries(headers).map(([name, values]) => [name, values.map((v) => String(evaluate(v, scope)))]),
      ),
    };
  }
  return undefined;
}

function holds(condition: Expression, scope: Scope): boolean {
  const value = evaluate(condition, scope);
  if (condition.assign !== undefined) {
    if (value === undefined || value === null) return false;
    scope[condition.assign] = value;
  }
  return value !== undefined && value !== null && value !== false;
}

function evaluate(expression: unknown, scope: Scope): Value {
  if (typeof expression === "string") return template(expression, scope);
  if (typeof expression !== "object" || expression === null) return expression as Value;
  const { fn, argv, ref } = expression as Expression;
  if (ref !== undefined) return scope[ref];
  if (fn !== undefined) {
    const implementation = FUNCTIONS[fn];
    if (!implementation) throw new EndpointError(`The endpoint rules use the function "${fn}", which this client does not implement`);
    return implementation(...(argv ?? []).map((arg) => evaluate(arg, scope)));
  }
  return expression as Value;
}

/** Fills `{Name}` and `{Name#attr.path}` placeholders; `{{` and `}}` are literal braces. */
function template(text: string, scope: Scope): string {
  return text.replace(/\{\{|\}\}|\{([^{}]+)\}/g, (match, inner: string | undefined) => {
    if (inner === undefined) return match[0]!;
    const [name, path] = inner.split("#") as [string, string | undefined];
    const value = path === undefined ? scope[name] : getAttr(scope[name], path);
    return String(value);
  });
}

/** Reads `a.b[0]`-style paths. */
function getAttr(value: Value, path: string): Value {
  let current: Value = value;
  for (const part of path.split(".")) {
    const [, key, index] = /^([^[]*)(?:\[(\d+)\])?$/.exec(part) ?? [];
    if (key) current = (current as Record<string, Value> | undefined)?.[key];
    if (index !== undefined) current = (current as Value[] | undefined)?.[Number(index)];
  }
  return current;
}

function parseUrl(value: string): Value {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.search || !/^https?:$/.test(url.protocol)) return undefined;
  const path = url.pathname === "/" && !value.endsWith("/") ? "" : url.pathname;
  const host = url.hostname;
  return {
    scheme: url.protocol.slice(0, -1),
    authority: url.host,
    path,
    normalizedPath: path.endsWith("/") ? path : `${path}/`,
    isIp: /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith("["),
  };
}
