/**
 * Differential test of malformed timestamps in responses: both clients reject them rather than
 * return an Invalid Date. Harness: `test/support/differential.ts`.
 */
import { describe, expect, it } from "vitest";
import { both, errorOf, ok, useFrozenDate } from "../../support/differential.js";

useFrozenDate();

describe("malformed timestamps in responses", () => {
  it.each(['"NaN"', '"Infinity"', '"-Infinity"'])("ApproximateTime %s is rejected, not turned into an Invalid Date", async (value) => {
    // The official client throws ("Epoch timestamps must be valid, non-Infinite, non-NaN
    // numerics"); a typed `Date` field holding an Invalid Date would only fail later, far from
    // the response that caused it.
    const { ours, official } = await both(
      "GetTraceSummaries",
      { StartTime: new Date(0), EndTime: new Date(1000) },
      ok(`{"ApproximateTime":${value}}`),
    );
    expect(errorOf(official, "official")).toBeInstanceOf(TypeError);
    errorOf(ours, "ours");
  });
});
