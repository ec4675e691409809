/**
 * The sampling-rule wildcard matcher against an independent oracle: a regular expression built
 * from the pattern (`*` → any run, `?` → one code point, case-insensitive, anchored), over
 * strings that mix cases, non-ASCII letters, astral characters and the wildcards themselves.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileWildcard, matchWildcard } from "../../../src/tracing/sampling/matcher.js";

const oracle = (pattern: string, value: string): boolean => {
  const source = [...pattern].map((ch) => (ch === "*" ? "[\\s\\S]*" : ch === "?" ? "." : ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${source}$`, "isu").test(value);
};
const matches = (pattern: string, value: string | undefined): boolean => matchWildcard(compileWildcard(pattern), value);

const LETTERS = ["a", "A", "b", "B", "é", "É", "/", "-", ".", "😀", "\n"];
const text = (alphabet: string[], maxLength: number) => fc.array(fc.constantFrom(...alphabet), { maxLength }).map((chars) => chars.join(""));

describe("matchWildcard", () => {
  it.each([
    ["*", "", true],
    ["*", "anything", true],
    ["", "", true],
    ["", "a", false],
    ["GET", "get", true],
    ["GET", "GETS", false],
    ["/api/*", "/API/orders/1", true],
    ["/api/*", "/ap", false],
    ["*.example.com", "Shop.EXAMPLE.com", true],
    ["?", "😀", true],
    ["??", "😀", false],
    ["a*b*c", "aXbYbZc", true],
    ["a*b*c", "aXbYbZ", false],
    ["**", "x", true],
    ["É*", "école", true],
  ])("%j against %j is %s", (pattern, value, expected) => {
    expect(matches(pattern, value)).toBe(expected);
    expect(oracle(pattern, value)).toBe(expected);
  });

  it("a missing value matches only a pattern of stars", () => {
    expect(matches("*", undefined)).toBe(true);
    expect(matches("**", undefined)).toBe(true);
    expect(matches("", undefined)).toBe(false);
    expect(matches("?*", undefined)).toBe(false);
    expect(matchWildcard(compileWildcard(undefined), undefined)).toBe(true);
  });

  it("agrees with the regular-expression oracle on random patterns and values", () => {
    fc.assert(
      fc.property(text([...LETTERS, "*", "?"], 8), text([...LETTERS, "*", "?"], 12), (pattern, value) => {
        expect(matches(pattern, value)).toBe(oracle(pattern, value));
      }),
      { seed: 1717, numRuns: 3000 },
    );
  });

  it("a value always matches patterns made from it by replacing parts with wildcards", () => {
    const piece = fc.constantFrom(...LETTERS);
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, fc.constantFrom("keep", "keep", "upper", "?", "*", "*+")), { maxLength: 12 }), (parts) => {
        const value = parts.map(([ch]) => ch).join("");
        const pattern = parts.map(([ch, how]) => (how === "keep" ? ch : how === "upper" ? ch.toUpperCase() : how === "*+" ? `${ch}*` : how)).join("");
        expect(matches(pattern, value)).toBe(true);
        expect(oracle(pattern, value)).toBe(true);
      }),
      { seed: 4242, numRuns: 2000 },
    );
  });
});
