/**
 * Filter expressions checked before sending: for a client with `validateInput: true`, the
 * members of an operation's input that hold an X-Ray filter expression are parsed with the same
 * parser the local endpoint uses (src/filter/parser.ts), and a malformed one becomes a violation
 * with its position and a caret under it.
 *
 * Only syntax errors count. The parser also refuses valid X-Ray syntax the local endpoint does not
 * evaluate (root-cause keywords, groups) and expressions beyond its own length and nesting
 * bounds; the service accepts those, so the client lets them through and lets the service decide.
 * This module is imported only by src/runtime/validate.ts, so the parser loads with the
 * on-demand `validateInput` chunk and never with the client.
 */
import type { Violation } from "../runtime/validate-error.js";
import { excerptWithCaret, FilterExpressionError } from "./FilterExpressionError.js";
import { parseFilterExpression } from "./parser.js";

/**
 * The input members, by operation, that hold a filter expression. The model gives them no trait
 * of their own, so they are listed here: of the operations in models/xray.json only
 * GetTraceSummaries takes one.
 */
const FILTER_EXPRESSION_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  GetTraceSummaries: ["FilterExpression"],
};

/** Columns the excerpt and caret are indented by under the violation's first line. */
const EXCERPT_INDENT = 4;

/**
 * Lists the malformed filter expressions of an input.
 *
 * @param operation - the operation name, e.g. `GetTraceSummaries`
 * @param input - the caller's input
 * @returns one `filterExpression` violation per malformed expression, its message quoting the
 * expression around the error with a caret under the position; empty when all parse
 * @internal
 */
export function findFilterExpressionViolations(operation: string, input: unknown): Violation[] {
  const members = Object.hasOwn(FILTER_EXPRESSION_MEMBERS, operation) ? FILTER_EXPRESSION_MEMBERS[operation]! : [];
  if (typeof input !== "object" || input === null) return [];
  const violations: Violation[] = [];
  for (const member of members) {
    const expression = (input as Record<string, unknown>)[member];
    // An empty expression is what the service treats as no filter; a non-string is the serializer's to report.
    if (typeof expression !== "string" || expression.trim() === "") continue;
    try {
      parseFilterExpression(expression);
    } catch (error) {
      if (!(error instanceof FilterExpressionError) || error.kind !== "syntax") continue;
      const excerpt = excerptWithCaret(expression, error.position, EXCERPT_INDENT);
      violations.push({
        path: member,
        message: `${error.reason} at position ${error.position}:\n${" ".repeat(EXCERPT_INDENT)}${excerpt}`,
        constraint: "filterExpression",
        position: error.position,
      });
    }
  }
  return violations;
}
