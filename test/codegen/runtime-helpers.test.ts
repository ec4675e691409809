/**
 * The runtime helpers generated declarations reference: HTTP binding values
 * (`src/runtime/http-bindings-values.ts`), log redaction (`redact.ts`) and idempotency tokens
 * (`idempotency.ts`). Property tests (fast-check, fixed seed) check that what is written reads
 * back unchanged; examples pin the exact wire text.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  encodeLabel,
  formatHeader,
  formatHttpScalar,
  parseHeader,
  parseHttpScalar,
  quoteListItem,
  splitHeaderList,
  splitHttpDates,
} from "../../src/runtime/http-bindings-values.js";
import { newIdempotencyToken } from "../../src/runtime/idempotency.js";
import { redact, SENSITIVE_STRING } from "../../src/runtime/redact.js";
import { BLOB, BOOLEAN, DATE_TIME, EPOCH_SECONDS, FLOAT, HTTP_DATE, INTEGER, PASS, type Redaction } from "../../src/runtime/schema.js";

const RUNS = { seed: 20240102, numRuns: 200 };
/** Dates whose http-date form is exact: whole seconds, years 1000–9999. */
const wholeSecondDates = fc.integer({ min: -30_000_000_000, max: 250_000_000_000 }).map((s) => new Date(s * 1000));

describe("header lists", () => {
  it("split back into the items that were quoted and joined, whatever they hold", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme-ascii" }), { minLength: 1, maxLength: 6 }), (items) => {
        expect(splitHeaderList(items.map(quoteListItem).join(", "))).toEqual(items);
      }),
      RUNS,
    );
  });

  it("quote only the items that need it", () => {
    expect(["a", "b c", "d,e", 'f"g', "", " h", "i\\j"].map(quoteListItem)).toEqual(["a", "b c", '"d,e"', '"f\\"g"', '""', '" h"', '"i\\\\j"']);
    expect(splitHeaderList('a,b ,  "c, d" , e')).toEqual(["a", "b", "c, d", "e"]);
  });

  it("of http-dates are split two commas at a time", () => {
    fc.assert(
      fc.property(fc.array(wholeSecondDates, { minLength: 1, maxLength: 5 }), (dates) => {
        const text = formatHeader(dates, ["l", HTTP_DATE], false, "Dates")!;
        expect(splitHttpDates(text).map((d) => new Date(d).getTime())).toEqual(dates.map((d) => d.getTime()));
        expect(parseHeader(text, ["l", HTTP_DATE], false)).toEqual(dates);
      }),
      RUNS,
    );
  });
});

describe("scalars in headers, query strings and labels", () => {
  it("read back as written", () => {
    const cases: [fc.Arbitrary<unknown>, number][] = [
      [fc.integer(), INTEGER],
      [fc.boolean(), BOOLEAN],
      [fc.double(), FLOAT],
      [fc.string(), PASS],
      [wholeSecondDates, HTTP_DATE],
      [fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }), DATE_TIME],
      [fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }), EPOCH_SECONDS],
      [fc.uint8Array({ maxLength: 40 }), BLOB],
    ];
    for (const [values, kind] of cases) {
      fc.assert(
        fc.property(values, (value) => {
          expect(parseHttpScalar(formatHttpScalar(value, kind as never, "v"), kind as never)).toEqual(value);
        }),
        RUNS,
      );
    }
  });

  it("are written as restJson1 says", () => {
    const when = new Date("2024-01-02T03:04:05.678Z");
    expect(formatHttpScalar(when, HTTP_DATE, "v")).toBe("Tue, 02 Jan 2024 03:04:05 GMT");
    expect(formatHttpScalar(when, DATE_TIME, "v")).toBe("2024-01-02T03:04:05.678Z");
    expect(formatHttpScalar(when, EPOCH_SECONDS, "v")).toBe("1704164645.678");
    expect(formatHttpScalar(Number.NEGATIVE_INFINITY, FLOAT, "v")).toBe("-Infinity");
    expect(formatHttpScalar(new Uint8Array([255, 0]), BLOB, "v")).toBe("/wA=");
    expect(formatHeader('{"a":"é"}', PASS, true, "v")).toBe("eyJhIjoiw6kifQ==");
    expect(parseHeader("eyJhIjoiw6kifQ==", PASS, true)).toBe('{"a":"é"}');
  });

  it("refuse text of the wrong type with a TypeError quoting (the start of) it", () => {
    expect(() => parseHttpScalar("1.5", INTEGER)).toThrow(new TypeError('expected an integer, got "1.5"'));
    expect(() => parseHttpScalar("", INTEGER)).toThrow(TypeError);
    expect(() => parseHttpScalar("TRUE", BOOLEAN)).toThrow(new TypeError('expected true or false, got "TRUE"'));
    expect(() => parseHttpScalar("fast", FLOAT)).toThrow(new TypeError('expected a number, got "fast"'));
    expect(() => parseHttpScalar("", HTTP_DATE)).toThrow(TypeError);
    expect(() => formatHttpScalar(new Date(Number.NaN), HTTP_DATE, "Input.When")).toThrow(new TypeError("Input.When must be a valid Date, got Invalid Date"));
  });
});

describe("labels", () => {
  it("decode back to the value, with only unreserved characters and escapes left", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.boolean(), (value, greedy) => {
        const encoded = encodeLabel(value, greedy);
        expect(encoded).toMatch(greedy ? /^([A-Za-z0-9\-._~/]|%[0-9A-F]{2})*$/ : /^([A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/);
        expect(decodeURIComponent(encoded)).toBe(value);
      }),
      RUNS,
    );
  });
});

describe("redact", () => {
  const value = {
    User: "ada",
    Password: "p",
    Keys: [{ Id: "k", Secret: "s" }, null],
    Tags: { a: "x", __proto__: "y" } as Record<string, string>,
    Nested: { Self: { Password: "q" } },
  };
  const nested: Redaction = ["s", { Password: 1, Self: () => nested }];
  const redaction: Redaction = ["s", { Password: 1, Keys: ["l", ["s", { Secret: 1 }]], Tags: ["m", 1], Nested: nested }];

  it("replaces sensitive values in a copy, through lists, maps and recursive references", () => {
    const copy = JSON.parse(JSON.stringify(value));
    expect(redact(value, redaction)).toEqual({
      User: "ada",
      Password: SENSITIVE_STRING,
      Keys: [{ Id: "k", Secret: SENSITIVE_STRING }, null],
      Tags: { a: SENSITIVE_STRING },
      Nested: { Self: { Password: SENSITIVE_STRING } },
    });
    expect(JSON.parse(JSON.stringify(value))).toEqual(copy);
    expect(SENSITIVE_STRING).toBe("***SensitiveInformation***");
  });

  it("keeps a map key named __proto__ as data", () => {
    const map = JSON.parse('{"__proto__":"secret","b":"c"}') as Record<string, unknown>;
    const out = redact(map, ["m", 1]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__", "b"]);
    expect(JSON.stringify(out)).not.toContain("secret");
  });
});

describe("newIdempotencyToken", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("is a UUID v4 from crypto.randomUUID", () => {
    const tokens = new Set(Array.from({ length: 50 }, newIdempotencyToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("is built from getRandomValues where randomUUID is missing (browsers outside secure contexts)", () => {
    vi.stubGlobal("crypto", {
      getRandomValues: (bytes: Uint8Array) => {
        bytes.forEach((_, i) => (bytes[i] = 0xf0 + i));
        return bytes;
      },
    });
    expect(newIdempotencyToken()).toBe("f0f1f2f3-f4f5-46f7-b8f9-fafbfcfdfeff");
  });
});
