/**
 * X-Ray filter expressions for the local endpoint: `GetTraceSummaries`' `FilterExpression`,
 * parsed once and evaluated against each trace's {@link TraceView}.
 *
 * Supported: `ok`, `error`, `throttle`, `fault`, `partial`; `responsetime`, `duration`,
 * `http.status`; `http.url`, `http.method`, `http.useragent`, `http.clientip`, `user`;
 * `annotation.KEY` / `annotation[KEY]`; `service(…)` and `edge(…, …)` with `id(name:, type:)` and
 * an optional `{ … }` body; `AND`, `OR`, `!`, parentheses. Anything else X-Ray documents
 * (root-cause keywords, groups, `json`, …) is refused with a {@link FilterExpressionError}.
 *
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-console-filters.html
 * @packageDocumentation
 */
import { compileTree } from "./evaluate.js";
import { parseFilterExpression } from "../../filter/parser.js";
import type { TraceView } from "./trace-view.js";

/**
 * Parses a filter expression once and returns a predicate to test traces with.
 *
 * @param expression - an X-Ray filter expression, e.g. `service("api") { fault } OR responsetime > 2`
 * @returns a predicate that is true for the traces the expression selects
 * @throws {@link FilterExpressionError} when the expression is empty, malformed, uses a keyword the
 * local endpoint does not support, or is longer or deeper than it accepts; the message names the
 * problem and its position, fit for an `InvalidRequestException`
 * @throws TypeError when `expression` is not a string
 * @example
 * ```ts
 * const matches = compileFilter('http.status >= 500 AND annotation.tenant = "acme"');
 * const selected = views.filter(matches);
 * ```
 */
export function compileFilter(expression: string): (trace: TraceView) => boolean {
  return compileTree(parseFilterExpression(expression));
}

export { parseFilterExpression } from "../../filter/parser.js";
export { FilterExpressionError, type FilterExpressionErrorKind } from "../../filter/FilterExpressionError.js";
export { MAX_FILTER_EXPRESSION_LENGTH, MAX_FILTER_NESTING_DEPTH } from "../../filter/limits.js";
export type {
  AndNode,
  AnnotationNode,
  Comparison,
  EdgeNode,
  EqualityOperator,
  FilterNode,
  FlagKeyword,
  FlagNode,
  NodeSelector,
  NotNode,
  NumberKeyword,
  NumberNode,
  NumberOperator,
  OrNode,
  PresentNode,
  ServiceNode,
  StringKeyword,
  StringNode,
  StringOperator,
} from "../../filter/ast.js";
export type { AnnotationScalar, EdgeView, ServiceView, StatusFlags, TraceView } from "./trace-view.js";
