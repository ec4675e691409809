/**
 * Bounds on the input the local endpoint compiles, so a hostile or broken expression costs a
 * bounded amount of time and stack.
 */

/**
 * The longest filter expression accepted, in UTF-16 code units. The 2016 X-Ray API reference
 * gave `FilterExpression` a length of 1 to 2,000; today's model has no bound, so this keeps the
 * old documented one.
 */
export const MAX_FILTER_EXPRESSION_LENGTH = 2000;

/**
 * How deep `!`, parentheses and `service() { … }` / `edge() { … }` bodies may nest. Each level
 * costs a few stack frames in the parser and one in the evaluator; 64 is far beyond any useful
 * expression and far below a stack overflow.
 */
export const MAX_FILTER_NESTING_DEPTH = 64;
