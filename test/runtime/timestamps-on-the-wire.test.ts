/**
 * Timestamps on the wire, compared with the serializers the official clients use
 * (`@smithy/core/protocols`: `ToStringShapeSerializer` for labels, query strings and headers,
 * `JsonCodec2` for JSON bodies, with the settings `@aws-sdk/core`'s `AwsRestJsonProtocol` gives
 * them), on generated dates: every format (`date-time`, `http-date`, `epoch-seconds`), whole
 * seconds and fractional ones, years before 1000 and after 9999, dates before 1970.
 */
import { JsonCodec2, ToStringShapeSerializer } from "@smithy/core/protocols";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatHeader, formatHttpScalar } from "../../src/runtime/http-bindings-values.js";
import { DATE_TIME, EPOCH_SECONDS, HTTP_DATE } from "../../src/runtime/schema.js";
import { serializeValue } from "../../src/runtime/serde-json.js";

/** The settings `AwsRestJsonProtocol` gives its serializers. */
const SETTINGS = { timestampFormat: { useTrait: true, default: 7 as const }, httpBindings: true, jsonName: true };

/** Our kinds, and the official timestamp schema of the same format. */
const FORMATS = [
  ["date-time", DATE_TIME, 5],
  ["http-date", HTTP_DATE, 6],
  ["epoch-seconds", EPOCH_SECONDS, 7],
] as const;

/** How the official clients write a timestamp in a label, query string or header. */
function officialText(schema: number, date: Date): string {
  const serializer = new ToStringShapeSerializer(SETTINGS);
  serializer.write(schema, date);
  return serializer.flush();
}

/** How the official clients write a timestamp in a JSON body. */
function officialJson(schema: number, date: Date): string {
  const serializer = new JsonCodec2(SETTINGS).createSerializer();
  serializer.write(schema, date);
  const out = serializer.flush() as string | Uint8Array;
  return typeof out === "string" ? out : new TextDecoder().decode(out);
}

/** Dates over the whole `Date` range, half of them on a whole second, some on a whole minute. */
const dates = fc.oneof(
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }),
  fc.date({ min: new Date(-8.64e15 + 1000), max: new Date(8.64e15), noInvalidDate: true }).map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000)),
  fc.integer({ min: -40_000_000, max: 40_000_000 }).map((minutes) => new Date(minutes * 60_000)),
  fc.integer({ min: -2_000_000_000, max: 4_000_000_000 }).chain((s) => fc.integer({ min: 0, max: 999 }).map((ms) => new Date(s * 1000 + ms))),
);

describe.each(FORMATS)("%s", (_, kind, schema) => {
  it("in labels, query strings and headers: as the official clients write it", () => {
    fc.assert(
      fc.property(dates, (date) => {
        const expected = officialText(schema, date);
        expect(formatHttpScalar(date, kind, "When")).toBe(expected);
        expect(formatHeader(date, kind, false, "When")).toBe(expected);
      }),
      { seed: 2024, numRuns: 1000 },
    );
  });

  it("in JSON bodies: as the official clients write it", () => {
    fc.assert(
      fc.property(dates, (date) => {
        expect(JSON.stringify(serializeValue(date, kind, "When"))).toBe(officialJson(schema, date));
      }),
      { seed: 2025, numRuns: 1000 },
    );
  });
});

describe("examples", () => {
  it.each([
    ["a whole second has no fraction", DATE_TIME, "2024-05-01T00:00:00Z", "2024-05-01T00:00:00Z"],
    ["milliseconds are kept, all three digits", DATE_TIME, "2024-05-01T00:00:00.120Z", "2024-05-01T00:00:00.120Z"],
    ["a year before 1000 is not padded in an http-date", HTTP_DATE, "0999-12-31T23:59:59.999Z", "Tue, 31 Dec 999 23:59:59 GMT"],
    ["a year before 1 CE is negative", HTTP_DATE, "-000001-01-01T00:00:00Z", "Fri, 01 Jan -1 00:00:00 GMT"],
    ["epoch seconds keep milliseconds", EPOCH_SECONDS, "2024-05-01T00:00:00.5Z", "1714521600.5"],
  ] as const)("%s", (_, kind, iso, text) => {
    expect(formatHttpScalar(new Date(iso), kind, "When")).toBe(text);
  });
});
