/**
 * A recursive-descent parser for X-Ray filter expressions.
 *
 * Grammar (keywords and word operators are case-insensitive):
 * ```
 * expression := or
 * or         := and ("OR" and)*
 * and        := unary (("AND")? unary)*      terms side by side mean AND, as in `ok !partial`
 * unary      := "!" unary | primary
 * primary    := "(" or ")" | term
 * term       := flag | number | string | annotation | service | edge
 * service    := "service" "(" selector? ")" body?
 * edge       := "edge" "(" selector "," selector ")" body?
 * selector   := STRING | "id" "(" field ("," field)* ")"      field := ("name" | "type") ":" STRING
 * body       := "{" or "}"                   tests the node or call itself
 * ```
 *
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-console-filters.html
 */
import type { EdgeNode, FilterNode, NodeSelector, ServiceNode } from "./ast.js";
import { FilterExpressionError } from "./FilterExpressionError.js";
import { classifyKeyword, SCOPED_KEYWORDS } from "./keywords.js";
import { MAX_FILTER_EXPRESSION_LENGTH, MAX_FILTER_NESTING_DEPTH } from "./limits.js";
import { parseAnnotationTerm, parseFlag, parseNumberTerm, parseStringTerm } from "./parse-terms.js";
import { describeToken, TokenCursor } from "./token-cursor.js";

/** Where a sub-expression is evaluated: against the whole trace, or inside a service or edge body. */
type Scope = "trace" | "service" | "edge";

const TERM_START = 'a keyword, "!" or "("';
/** Words of the language that cannot begin a term: connectives, literals, word operators. */
const NOT_A_TERM: readonly string[] = ["and", "or", "true", "false", "contains", "beginswith", "endswith"];

/**
 * Parses a filter expression into its syntax tree.
 *
 * @param expression - an X-Ray filter expression, e.g. `service("api") { fault } AND responsetime > 1`
 * @returns the tree; parentheses leave no node of their own
 * @throws {@link FilterExpressionError} when the expression is empty, malformed, uses a keyword
 * the local endpoint does not support, or exceeds {@link MAX_FILTER_EXPRESSION_LENGTH} or
 * {@link MAX_FILTER_NESTING_DEPTH}
 * @throws TypeError when `expression` is not a string
 * @example
 * ```ts
 * parseFilterExpression("responsetime > 5");
 * // { kind: "number", keyword: "responsetime", operator: ">", value: 5, position: 0 }
 * ```
 */
export function parseFilterExpression(expression: string): FilterNode {
  if (typeof expression !== "string") throw new TypeError("A filter expression must be a string");
  if (expression.length > MAX_FILTER_EXPRESSION_LENGTH) {
    throw new FilterExpressionError(
      `Filter expression is ${expression.length} characters long; ` +
        `the local X-Ray endpoint accepts at most ${MAX_FILTER_EXPRESSION_LENGTH}`,
      MAX_FILTER_EXPRESSION_LENGTH,
      expression,
      "limit",
    );
  }
  const cursor = new TokenCursor(expression);
  if (cursor.peek.kind === "end") cursor.fail("Empty filter expression", 0);
  const tree = parseOr(cursor, "trace", 0);
  if (cursor.peek.kind !== "end") cursor.unexpected("AND, OR or the end of the expression");
  return tree;
}

function parseOr(cursor: TokenCursor, scope: Scope, depth: number): FilterNode {
  const operands = [parseAnd(cursor, scope, depth)];
  while (cursor.atWord("or")) {
    cursor.advance();
    operands.push(parseAnd(cursor, scope, depth));
  }
  return operands.length === 1 ? operands[0]! : { kind: "or", operands, position: operands[0]!.position };
}

function parseAnd(cursor: TokenCursor, scope: Scope, depth: number): FilterNode {
  const operands = [parseUnary(cursor, scope, depth)];
  for (;;) {
    if (cursor.atWord("and")) cursor.advance();
    else if (!startsTerm(cursor)) break;
    operands.push(parseUnary(cursor, scope, depth));
  }
  return operands.length === 1 ? operands[0]! : { kind: "and", operands, position: operands[0]!.position };
}

/** True when the next token can begin a term, which then joins the previous one with AND. */
function startsTerm(cursor: TokenCursor): boolean {
  const token = cursor.peek;
  if (token.kind === "word") return !cursor.atWord("or");
  return cursor.atSymbol("!") || cursor.atSymbol("(");
}

/** Fails when one more level would nest deeper than allowed. */
function enter(cursor: TokenCursor, depth: number): number {
  if (depth >= MAX_FILTER_NESTING_DEPTH) {
    cursor.fail(`Expression nests deeper than ${MAX_FILTER_NESTING_DEPTH} levels`, cursor.peek.position, "limit");
  }
  return depth + 1;
}

function parseUnary(cursor: TokenCursor, scope: Scope, depth: number): FilterNode {
  if (cursor.atSymbol("!")) {
    const inner = enter(cursor, depth);
    const position = cursor.advance().position;
    return { kind: "not", operand: parseUnary(cursor, scope, inner), position };
  }
  if (cursor.atSymbol("(")) {
    const inner = enter(cursor, depth);
    cursor.advance();
    const node = parseOr(cursor, scope, inner);
    cursor.expectSymbol(")", 'AND, OR or ")"');
    return node;
  }
  return parseTerm(cursor, scope, depth);
}

function parseTerm(cursor: TokenCursor, scope: Scope, depth: number): FilterNode {
  const token = cursor.peek;
  if (token.kind !== "word") return cursor.unexpected(TERM_START);
  const lowered = token.text.toLowerCase();
  if (NOT_A_TERM.includes(lowered)) cursor.unexpected(TERM_START);
  if (lowered === "not") cursor.fail('"NOT" is not an X-Ray filter operator; use "!"', token.position);
  const keyword = classifyKeyword(lowered);
  if (keyword === undefined) return cursor.fail(`Unknown keyword ${describeToken(token)}`, token.position);
  if (keyword.kind === "unsupported") {
    const reason = `${describeToken(token)} is not supported by the local X-Ray endpoint: ${keyword.why}`;
    return cursor.fail(reason, token.position, "unsupported");
  }
  if (keyword.kind === "id") return cursor.fail("id(…) only goes inside service(…) or edge(…)", token.position);
  if (scope !== "trace" && !SCOPED_KEYWORDS.includes(lowered)) {
    const body = scope === "edge" ? "an edge() body" : "a service() body";
    const subject = scope === "edge" ? "call" : "node";
    return cursor.fail(
      `${describeToken(token)} is not supported inside ${body} by the local X-Ray endpoint; ` +
        `there the body tests the ${subject} itself with ${SCOPED_KEYWORDS.join(", ")}`,
      token.position,
      "unsupported",
    );
  }
  switch (keyword.kind) {
    case "flag":
      return parseFlag(cursor, keyword.keyword);
    case "number":
      return parseNumberTerm(cursor, keyword.keyword);
    case "string":
      return parseStringTerm(cursor, keyword.keyword);
    case "annotation":
      return parseAnnotationTerm(cursor);
    case "service": {
      cursor.advance();
      cursor.expectSymbol("(", '"(" after "service": service("name") or service()');
      const target = cursor.atSymbol(")") ? {} : parseSelector(cursor);
      cursor.expectSymbol(")");
      return withBody(cursor, { kind: "service", target, position: token.position }, "service", depth);
    }
    case "edge": {
      cursor.advance();
      cursor.expectSymbol("(", '"(" after "edge": edge("source", "destination")');
      const source = parseSelector(cursor);
      cursor.expectSymbol(",", '"," and the destination: edge("source", "destination")');
      const destination = parseSelector(cursor);
      cursor.expectSymbol(")");
      return withBody(cursor, { kind: "edge", source, destination, position: token.position }, "edge", depth);
    }
  }
}

/** Adds the optional `{ … }` body that follows `service(…)` or `edge(…)`. */
function withBody<T extends ServiceNode | EdgeNode>(cursor: TokenCursor, node: T, scope: Scope, depth: number): T {
  if (!cursor.atSymbol("{")) return node;
  const inner = enter(cursor, depth);
  cursor.advance();
  if (cursor.atSymbol("}")) {
    cursor.fail('Empty body: put a filter between "{" and "}", or leave the braces out', cursor.peek.position);
  }
  const body = parseOr(cursor, scope, inner);
  cursor.expectSymbol("}", 'AND, OR or "}"');
  return { ...node, body };
}

/** A service named in quotes, or `id(name: "…", type: "…")` with either field or both. */
function parseSelector(cursor: TokenCursor): NodeSelector {
  const token = cursor.peek;
  if (token.kind === "string") {
    cursor.advance();
    return { name: token.value };
  }
  if (!cursor.atWord("id")) cursor.unexpected('a service name in double quotes or id(name: "…", type: "…")');
  cursor.advance();
  cursor.expectSymbol("(");
  if (cursor.atSymbol(")")) {
    cursor.fail('id() needs a name: or a type:, e.g. id(name: "api", type: "AWS::EC2::Instance")', cursor.peek.position);
  }
  const fields: { name?: string; type?: string } = {};
  for (;;) {
    const field = cursor.peek;
    const lowered = field.kind === "word" ? field.text.toLowerCase() : "";
    if (lowered === "account.id") {
      const reason = '"account.id" is not supported by the local X-Ray endpoint: it does not keep account ids';
      cursor.fail(reason, field.position, "unsupported");
    }
    if (lowered !== "name" && lowered !== "type") cursor.unexpected("name: or type: inside id()");
    if (fields[lowered] !== undefined) cursor.fail(`"${lowered}" appears twice in id()`, field.position);
    cursor.advance();
    cursor.expectSymbol(":");
    const value = cursor.peek;
    if (value.kind !== "string") cursor.unexpected(`a string in double quotes after "${lowered}:"`);
    cursor.advance();
    fields[lowered] = value.value;
    if (cursor.atSymbol(")")) break;
    cursor.expectSymbol(",", '"," or ")"');
  }
  cursor.advance();
  return fields;
}
