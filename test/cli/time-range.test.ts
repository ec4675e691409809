/** The time options of the command line: `--since`, `--start`/`--end`. */
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/exit-codes.js";
import { parseDuration, readTimeRange } from "../../src/cli/time-range.js";

const NOW = Date.UTC(2026, 11, 7, 1, 0, 0);

describe("readTimeRange", () => {
  it("defaults to the last 15 minutes and reads --since in s, m, h, d", () => {
    expect(readTimeRange({}, NOW)).toEqual({ StartTime: new Date(NOW - 900_000), EndTime: new Date(NOW) });
    expect(["90s", "2m", "1h", "1d"].map((since) => NOW - readTimeRange({ since }, NOW).StartTime.getTime())).toEqual([90_000, 120_000, 3_600_000, 86_400_000]);
  });

  it("reads --start and --end as ISO 8601 or epoch seconds", () => {
    expect(readTimeRange({ start: "2026-12-07T00:00:00Z", end: "1796605200" }, NOW)).toEqual({ StartTime: new Date("2026-12-07T00:00:00Z"), EndTime: new Date(1796605200_000) });
  });

  it("refuses bad values and combinations with a UsageError", () => {
    for (const values of [{ since: "5" }, { since: "-5m" }, { since: "0m" }, { since: "5m", start: "1" }, { start: "1" }, { start: "2", end: "1" }, { start: "yesterday", end: "1" }]) {
      expect(() => readTimeRange(values, NOW)).toThrow(UsageError);
    }
    expect(() => parseDuration("1w", "--since")).toThrow('--since takes a duration such as 30s, 15m, 2h or 1d, not "1w"');
  });
});
