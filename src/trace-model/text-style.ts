/**
 * What the text renderers share: their options, ANSI colour that is off unless asked for, and
 * cutting text to a column width. Only plain string work, so the renderers stay browser-safe.
 */

/** Options of the text renderers. */
export interface TextRenderOptions {
  /**
   * The columns the output may use; lines are cut (with `…`) or bars shortened to fit.
   * `Infinity` sets no limit.
   *
   * @defaultValue 100
   */
  readonly width?: number;
  /**
   * Whether to colour the output with ANSI escapes (faults red, errors and throttles yellow, ok
   * green). A command-line tool sets it when writing to a terminal and `NO_COLOR` is unset.
   *
   * @defaultValue false
   */
  readonly color?: boolean;
}

/** The styles the renderers use, as SGR codes. */
const CODES = { bold: "1", dim: "2", red: "31", green: "32", yellow: "33", cyan: "36" } as const;

/** A style name of {@link Paint}. */
export type StyleName = keyof typeof CODES;

/** Wraps text in a style, or returns it as it is when colour is off. */
export type Paint = (style: StyleName, text: string) => string;

/** The default width of text output, when no width is given. */
export const DEFAULT_WIDTH = 100;

/** The narrowest width honoured: below it, output is laid out for this width and cut. */
const MIN_WIDTH = 40;

/**
 * Reads the width option.
 *
 * @param options - the renderer's options
 * @returns a whole number of columns (or `Infinity`), at least 40
 */
export function widthOf(options: TextRenderOptions | undefined): number {
  const width = options?.width;
  return typeof width === "number" && !Number.isNaN(width) ? Math.max(MIN_WIDTH, Math.floor(width)) : DEFAULT_WIDTH;
}

/**
 * Makes the painter for the color option.
 *
 * @param options - the renderer's options
 * @returns a function that styles text only when colour is on
 */
export function painter(options: TextRenderOptions | undefined): Paint {
  if (options?.color !== true) return (_style, text) => text;
  return (style, text) => (text === "" ? text : `\u001b[${CODES[style]}m${text}\u001b[0m`);
}

/**
 * Cuts plain text (no escapes) to at most `width` characters, ending it with `…` when cut.
 *
 * @param text - the text
 * @param width - the columns available
 * @returns the text, at most `width` long
 */
export function cut(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 0 ? "" : `${text.slice(0, width - 1)}…`;
}

/**
 * Formats seconds as milliseconds with one decimal, e.g. `12.0 ms`.
 *
 * @param seconds - a duration in seconds, or `undefined`
 * @returns the text, or `-` for `undefined`
 */
export function formatMs(seconds: number | undefined): string {
  return seconds === undefined || !Number.isFinite(seconds) ? "-" : `${(seconds * 1000).toFixed(1)} ms`;
}

/**
 * The largest of `values`, or `floor` when there are none or all are smaller. A loop rather than
 * `Math.max(...values)`, whose arguments overflow the stack for lists of some 100,000 items.
 *
 * @param values - the numbers
 * @param floor - the result for an empty list
 * @returns the largest number
 */
export function largest(values: Iterable<number>, floor = 0): number {
  let max = floor;
  for (const value of values) if (value > max) max = value;
  return max;
}
