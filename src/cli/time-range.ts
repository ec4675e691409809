/**
 * The time options: `--since 15m` (a duration back from now), or `--start T --end T` (ISO 8601
 * or epoch seconds).
 */
import { UsageError } from "./exit-codes.js";

/** A time window. */
export interface TimeRange {
  readonly StartTime: Date;
  readonly EndTime: Date;
}

const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration such as `90s`, `15m`, `2h` or `1d`.
 *
 * @param text - the option's value
 * @param option - the option's name, for the message
 * @returns milliseconds
 * @throws UsageError when the text is not a positive whole number followed by s, m, h or d
 */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d{1,9})([smhd])$/.exec(text.trim());
  const ms = match ? Number(match[1]) * UNITS[match[2]!]! : 0;
  if (!(ms > 0)) throw new UsageError(`${option} takes a duration such as 30s, 15m, 2h or 1d, not ${JSON.stringify(text)}`);
  return ms;
}

/** Parses `--start`/`--end`: ISO 8601 (`2026-12-07T01:00:00Z`) or epoch seconds. */
function parseInstant(text: string, option: string): Date {
  const date = /^\d+(\.\d+)?$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
  if (Number.isNaN(date.getTime()) || !/\d/.test(text)) throw new UsageError(`${option} takes an ISO 8601 time or epoch seconds, not ${JSON.stringify(text)}`);
  return date;
}

/**
 * Reads the time options.
 *
 * @param values - `since`, `start`, `end` as given
 * @param now - the current time, epoch milliseconds
 * @param defaultSince - the window when no option is given
 * @returns the window
 * @throws UsageError for a bad value, `--since` with `--start`/`--end`, one of `--start`/`--end`
 * without the other, or a start that is not before the end
 */
export function readTimeRange(values: { since?: string; start?: string; end?: string }, now: number, defaultSince = "15m"): TimeRange {
  if (values.since !== undefined && (values.start !== undefined || values.end !== undefined)) {
    throw new UsageError("use either --since or --start and --end, not both");
  }
  if ((values.start === undefined) !== (values.end === undefined)) throw new UsageError("--start and --end go together");
  if (values.start !== undefined && values.end !== undefined) {
    const range = { StartTime: parseInstant(values.start, "--start"), EndTime: parseInstant(values.end, "--end") };
    if (range.StartTime >= range.EndTime) throw new UsageError("--start must be before --end");
    return range;
  }
  return { StartTime: new Date(now - parseDuration(values.since ?? defaultSince, "--since")), EndTime: new Date(now) };
}
