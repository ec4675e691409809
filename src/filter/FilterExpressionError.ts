/**
 * The one error the filter module throws for bad input: what is wrong, where (a 0-based offset),
 * and an excerpt with a caret, so the local endpoint can hand the message back as a 400
 * `InvalidRequestException` without adding anything.
 */

/**
 * Why an expression was refused.
 *
 * - `syntax`: the expression is malformed (unexpected token, unterminated string, missing value).
 * - `unsupported`: valid X-Ray syntax the local endpoint does not evaluate (root-cause filters,
 *   groups, keywords that need data the local endpoint does not keep).
 * - `limit`: the expression is longer or nests deeper than the local endpoint accepts.
 */
export type FilterExpressionErrorKind = "syntax" | "unsupported" | "limit";

/** How many characters of the expression the message shows at most, around the position. */
const EXCERPT_WIDTH = 80;

/**
 * A filter expression that the local endpoint cannot compile.
 *
 * @example
 * ```ts
 * try {
 *   compileFilter('service("a") AND )');
 * } catch (error) {
 *   if (error instanceof FilterExpressionError) console.log(error.position); // 17
 * }
 * ```
 */
export class FilterExpressionError extends Error {
  /** Always `"FilterExpressionError"`. */
  override readonly name = "FilterExpressionError" as const;
  /** 0-based offset into the expression (UTF-16 code units) where the problem is. */
  readonly position: number;
  /** Why the expression was refused. */
  readonly kind: FilterExpressionErrorKind;
  /** What is wrong, without the position and excerpt that `message` adds. */
  readonly reason: string;

  /**
   * @param reason - what is wrong, e.g. `Unexpected ")"`
   * @param position - 0-based offset into `expression`
   * @param expression - the whole expression, to quote around `position`
   * @param kind - why the expression was refused
   * @defaultValue kind `"syntax"`
   */
  constructor(reason: string, position: number, expression: string, kind: FilterExpressionErrorKind = "syntax") {
    const lead = `${reason} at position ${position}: `;
    super(lead + excerptWithCaret(expression, position, lead.length));
    this.position = position;
    this.kind = kind;
    this.reason = reason;
  }
}

/**
 * Quotes the expression around `position` on one line and puts a caret under that position on the
 * next. The caret line is indented by `lead` (the length of the text in front of the excerpt), so
 * the caret lines up when the message is printed as is.
 *
 * @param expression - the whole expression
 * @param position - 0-based offset to point at
 * @param lead - columns in front of the excerpt's line when printed
 * @returns the excerpt, a newline, and the caret line
 * @internal
 */
export function excerptWithCaret(expression: string, position: number, lead: number): string {
  let start = 0;
  let end = expression.length;
  if (end > EXCERPT_WIDTH) {
    start = Math.max(0, Math.min(position - EXCERPT_WIDTH / 2, end - EXCERPT_WIDTH));
    end = Math.min(end, start + EXCERPT_WIDTH);
  }
  const before = start > 0 ? "…" : "";
  const after = end < expression.length ? "…" : "";
  // Control characters (newlines, tabs, NUL…) become spaces and lone surrogates (a pair cut by
  // the window included) U+FFFD: each stays one code unit wide, so the caret still lines up, and
  // the excerpt stays printable on one line.
  const excerpt = expression
    .slice(start, end)
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ")
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
  return `${before}${excerpt}${after}\n${" ".repeat(lead + before.length + (position - start))}^`;
}
