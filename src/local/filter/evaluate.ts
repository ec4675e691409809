/**
 * Turns a parsed filter expression into a predicate over {@link TraceView}s. The tree is walked
 * once, into nested closures, so testing a trace does no dispatch on node kinds.
 *
 * Semantics, where X-Ray's documentation leaves room:
 * - A keyword with several values (`user`, `annotation.KEY`) matches when any value matches,
 *   also for `!=`: `user != "a"` means "some user is not a"; `!(user = "a")` means "no user is a".
 * - A comparison with a field the trace lacks (no `http.status`, no `responsetime`) is false,
 *   whatever the operator.
 * - String comparisons are case-sensitive; annotation values only compare with a literal of their
 *   own type (`annotation.n = "1"` does not match the number 1).
 */
import type { TraceView, EdgeView, ServiceView, StatusFlags } from "./trace-view.js";
import type { Comparison, FilterNode, NodeSelector, NumberOperator, StringKeyword, StringOperator } from "../../filter/ast.js";
import { FilterExpressionError } from "../../filter/FilterExpressionError.js";

/** A predicate over a trace, or over a node or call inside a `service()`/`edge()` body. */
type Check<T> = (subject: T) => boolean;

/** What a `service()` or `edge()` body can see of its node or call. */
type Scoped = StatusFlags & { readonly responseTime?: number };

/** Leaves of the tree: every kind but the boolean connectives. */
type Leaf = Exclude<FilterNode, { kind: "and" | "or" | "not" }>;

/**
 * Compiles a parsed expression into a predicate over traces.
 *
 * @param node - a tree from `parseFilterExpression`
 * @returns a predicate; it never throws for a `TraceView` that meets the contract
 * @throws {@link FilterExpressionError} for a hand-built tree that uses a keyword where the
 * parser would not allow it
 */
export function compileTree(node: FilterNode): Check<TraceView> {
  return compileLogic(node, traceLeaf);
}

/** The connectives, shared by both scopes; `leaf` compiles what is left. */
function compileLogic<T>(node: FilterNode, leaf: (node: Leaf) => Check<T>): Check<T> {
  switch (node.kind) {
    case "and": {
      const operands = node.operands.map((operand) => compileLogic(operand, leaf));
      return (subject) => operands.every((check) => check(subject));
    }
    case "or": {
      const operands = node.operands.map((operand) => compileLogic(operand, leaf));
      return (subject) => operands.some((check) => check(subject));
    }
    case "not": {
      const operand = compileLogic(node.operand, leaf);
      return (subject) => !operand(subject);
    }
    default:
      return leaf(node);
  }
}

function traceLeaf(node: Leaf): Check<TraceView> {
  switch (node.kind) {
    case "flag":
      if (node.keyword === "partial") return (trace) => trace.partial === node.expected;
      return scopedLeaf(node);
    case "number": {
      const read = node.keyword === "duration"
        ? (trace: TraceView) => trace.duration
        : node.keyword === "http.status" ? (trace: TraceView) => trace.http?.status : (trace: TraceView) => trace.responseTime;
      const { operator, value } = node;
      return (trace) => {
        const actual = read(trace);
        return actual !== undefined && compareNumber(operator, actual, value);
      };
    }
    case "string": {
      const { operator, value } = node;
      return anyString(node.keyword, (actual) => compareString(operator, actual, value));
    }
    case "present":
      return anyString(node.keyword, () => true);
    case "annotation": {
      const { key, comparison } = node;
      const matches = comparison === undefined ? (value: unknown) => value !== false : annotationMatcher(comparison);
      // Own keys only: a key such as "constructor" must not reach Object.prototype.
      return (trace) => Object.hasOwn(trace.annotations, key) && (trace.annotations[key] ?? []).some(matches);
    }
    case "service": {
      const { target } = node;
      const body = node.body === undefined ? undefined : compileLogic(node.body, scopedLeaf);
      return (trace) => trace.services.some((service) => selects(target, service) && (body === undefined || body(service)));
    }
    case "edge": {
      const { source, destination } = node;
      const body = node.body === undefined ? undefined : compileLogic(node.body, scopedLeaf);
      return (trace) =>
        trace.edges.some(
          (edge: EdgeView) =>
            endpointIs(source, edge.source, trace) &&
            endpointIs(destination, edge.destination, trace) &&
            (body === undefined || body(edge)),
        );
    }
  }
}

/** Leaves allowed inside a `service()`/`edge()` body, and the trace-level flags that share their meaning. */
function scopedLeaf(node: Leaf): Check<Scoped> {
  if (node.kind === "flag" && node.keyword !== "partial") {
    const { expected } = node;
    switch (node.keyword) {
      case "ok":
        return (subject) => !(subject.fault || subject.error || subject.throttle) === expected;
      case "fault":
        return (subject) => subject.fault === expected;
      case "error":
        return (subject) => subject.error === expected;
      case "throttle":
        return (subject) => subject.throttle === expected;
    }
  }
  if (node.kind === "number" && node.keyword === "responsetime") {
    const { operator, value } = node;
    return (subject) => subject.responseTime !== undefined && compareNumber(operator, subject.responseTime, value);
  }
  const reason = `"${node.kind}" cannot be tested inside a service() or edge() body`;
  throw new FilterExpressionError(reason, node.position, "", "unsupported");
}

/** Where each `http.*` keyword reads in {@link TraceView.http}. */
const HTTP_FIELDS = {
  "http.url": "url",
  "http.method": "method",
  "http.useragent": "userAgent",
  "http.clientip": "clientIp",
} as const satisfies Record<Exclude<StringKeyword, "user">, string>;

/** Applies `matches` to the values of a string keyword: true when any value matches. */
function anyString(keyword: StringKeyword, matches: (actual: string) => boolean): Check<TraceView> {
  if (keyword === "user") return (trace) => trace.users.some(matches);
  const field = HTTP_FIELDS[keyword];
  return (trace) => {
    const actual = trace.http?.[field];
    return actual !== undefined && matches(actual);
  };
}

function annotationMatcher(comparison: Comparison): (value: unknown) => boolean {
  switch (comparison.type) {
    case "number": {
      const { operator, value } = comparison;
      return (actual) => typeof actual === "number" && compareNumber(operator, actual, value);
    }
    case "string": {
      const { operator, value } = comparison;
      return (actual) => typeof actual === "string" && compareString(operator, actual, value);
    }
    case "boolean": {
      const { operator, value } = comparison;
      return (actual) => typeof actual === "boolean" && (operator === "=") === (actual === value);
    }
  }
}

function compareNumber(operator: NumberOperator, actual: number, expected: number): boolean {
  switch (operator) {
    case "=":
      return actual === expected;
    case "!=":
      return actual !== expected;
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
    case ">":
      return actual > expected;
    case ">=":
      return actual >= expected;
  }
}

function compareString(operator: StringOperator, actual: string, expected: string): boolean {
  switch (operator) {
    case "=":
      return actual === expected;
    case "!=":
      return actual !== expected;
    case "CONTAINS":
      return actual.includes(expected);
    case "BEGINSWITH":
      return actual.startsWith(expected);
    case "ENDSWITH":
      return actual.endsWith(expected);
  }
}

/** True when a node matches a `service()` selector; `service()` selects every node. */
function selects(selector: NodeSelector, service: ServiceView): boolean {
  return (
    (selector.name === undefined || service.name === selector.name) &&
    (selector.type === undefined || service.type === selector.type)
  );
}

/**
 * True when an edge end (a node name) matches a selector. Edges carry names only, so a selector
 * with a type asks the trace's nodes whether a node of that name has that type.
 */
function endpointIs(selector: NodeSelector, name: string, trace: TraceView): boolean {
  if (selector.name !== undefined && selector.name !== name) return false;
  return selector.type === undefined || trace.services.some((service) => service.name === name && service.type === selector.type);
}
