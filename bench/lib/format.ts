/**
 * Number formatting for the results table: enough digits to compare, no more.
 */
import type { Unit } from "./report.js";

/**
 * Formats a value in its unit, e.g. `20.5 kB`, `47 µs`, `12,400 calls/s`, `3.2 M ops/s`.
 *
 * @param value - the number, in `unit`
 * @param unit - its unit
 * @returns the text
 */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case "kB":
      return `${value.toFixed(1)} kB`;
    case "µs":
    case "ms":
    case "MiB":
      return `${significant(value)} ${unit}`;
    case "calls/s":
      return `${Math.round(value).toLocaleString("en-US")} calls/s`;
    case "ops/s":
      return value >= 1e6 ? `${(value / 1e6).toFixed(2)} M ops/s` : `${Math.round(value / 1e3).toLocaleString("en-US")} k ops/s`;
  }
}

/** Three significant digits below 100, whole numbers above. */
function significant(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString("en-US");
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/**
 * The median of some numbers.
 *
 * @param values - at least one number
 * @returns the middle value (the mean of the two middle values for an even count)
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * A short description of an error for a "not available" cell, without stack or newlines.
 *
 * @param error - anything thrown
 * @returns the first line of its message
 */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n", 1)[0] ?? "";
  return firstLine.length > 160 ? `${firstLine.slice(0, 157)}...` : firstLine;
}
