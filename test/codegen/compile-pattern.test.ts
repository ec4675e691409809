/**
 * `@pattern` compilation for the `validateInput` checks (`src/codegen/compile-pattern.ts`):
 * patterns valid with the `u` flag stay as they are, patterns that only the legacy grammar
 * accepts because of needless escapes are rewritten to match the same strings under `u`, others
 * fall back to the legacy grammar, and one no grammar accepts gives `undefined`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePattern, withoutNeedlessEscapes } from "../../src/codegen/compile-pattern.js";

describe("compilePattern", () => {
  it.each<[string, string, { source: string; flags: string } | undefined]>([
    ["a pattern valid with u", "^[a-z][a-z0-9-]*$", { source: "^[a-z][a-z0-9-]*$", flags: "u" }],
    ["a slash, escaped for the literal", "^a/b$", { source: "^a\\/b$", flags: "u" }],
    [
      "amp's LogGroupArn (needless escapes of _ # : and - in a class)",
      "^arn:aws[-a-z]*:logs:[-a-z0-9]+:[0-9]{12}:log-group:[A-Za-z0-9\\.\\-\\_\\#/]{1,512}\\:\\*$",
      { source: "^arn:aws[-a-z]*:logs:[-a-z0-9]+:[0-9]{12}:log-group:[A-Za-z0-9\\.\\-_#/]{1,512}:\\*$", flags: "u" },
    ],
    ["a needless \\- outside a class", "^a\\-b$", { source: "^a-b$", flags: "u" }],
    ["a lone ], legacy grammar only", "^]$", { source: "^]$", flags: "" }],
    ["an unknown letter escape, legacy grammar only", "^\\a$", { source: "^\\a$", flags: "" }],
    ["an unclosed class", "^[a-z", undefined],
    ["a quantifier with nothing to repeat", "*a", undefined],
  ])("%s", (_, pattern, expected) => {
    expect(compilePattern(pattern)).toEqual(expected);
  });

  it("keeps escapes that mean something", () => {
    expect(withoutNeedlessEscapes("\\d\\w\\s\\b\\1\\.\\*\\/\\\\[\\-\\]]")).toBe("\\d\\w\\s\\b\\1\\.\\*\\/\\\\[\\-\\]]");
  });

  it("property: a rewritten pattern matches exactly the strings the legacy grammar matches", () => {
    const alphabet = ["a", "b", "_", "#", ":", "-", "@", "!", ".", "*", "/"];
    const escape = fc.constantFrom(...["_", "#", ":", "-", "@", "!", ".", "*", "/"].map((c) => `\\${c}`));
    const atom = fc.oneof(
      fc.constantFrom("a", "b", ".", ":", "#"),
      escape,
      fc.array(fc.oneof(fc.constantFrom("a", "b", "a-b", "_"), escape), { minLength: 1, maxLength: 4 }).map((items) => `[${items.join("")}]`),
      fc.array(fc.oneof(fc.constantFrom("a", "b"), escape), { minLength: 1, maxLength: 3 }).map((items) => `[^${items.join("")}]`),
    );
    const quantified = fc.tuple(atom, fc.constantFrom("", "?", "*", "+", "{1,2}")).map(([a, q]) => a + q);
    const pattern = fc.tuple(fc.boolean(), fc.array(quantified, { minLength: 1, maxLength: 5 }), fc.boolean()).map(([start, parts, end]) => `${start ? "^" : ""}${parts.join("")}${end ? "$" : ""}`);
    const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 6 }).map((chars) => chars.join(""));
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 8 }), (source, samples) => {
        const compiled = compilePattern(source);
        expect(compiled?.flags).toBe("u");
        const legacy = new RegExp(source);
        const rewritten = new RegExp(compiled!.source, compiled!.flags);
        for (const sample of samples) expect(rewritten.test(sample)).toBe(legacy.test(sample));
      }),
      { seed: 21, numRuns: 300 },
    );
  });
});
