/**
 * Histograms as X-Ray returns them (`[{ Value, Count }]`): observed values in seconds, grouped
 * at millisecond resolution, smallest first.
 *
 * @packageDocumentation
 */
import type { HistogramEntry } from "../../generated/models.js";

/**
 * Builds a histogram.
 *
 * @param values - observed durations or response times, in seconds
 * @returns entries by ascending value; empty when there are no values
 */
export function histogram(values: Iterable<number>): HistogramEntry[] {
  const counts = new Map<number, number>();
  for (const value of values) {
    const bucket = Math.round(value * 1000) / 1000;
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => a[0] - b[0]).map(([Value, Count]) => ({ Value, Count }));
}

/**
 * Rounds seconds to the microsecond, removing the noise that subtracting two epoch times leaves
 * (`1700000000.182 - 1700000000` is `0.18199992…` in binary floating point).
 *
 * @param seconds - a duration
 * @returns the rounded duration
 */
export const roundSeconds = (seconds: number): number => Math.round(seconds * 1e6) / 1e6;
