/**
 * The legend at the top of the generated `schemas.ts` names every scalar kind the runtime reads,
 * with the runtime's own numbers.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as schema from "../../src/runtime/schema.js";

const schemas = readFileSync(new URL("../../src/generated/schemas.ts", import.meta.url), "utf8");
const legend = schemas.slice(schemas.indexOf("/**"), schemas.indexOf("*/") + 2);

describe("the schemas.ts legend", () => {
  it("comes right after the generated-code header, before any declaration", () => {
    expect(schemas.indexOf("/**")).toBe(schemas.indexOf("\n") + 2);
    expect(legend).toContain("Legend.");
    expect(schemas.indexOf("export const")).toBeGreaterThan(schemas.indexOf(legend) + legend.length);
  });

  it.each([
    ["PASS", "string or enum"],
    ["FLOAT", "float or double"],
    ["EPOCH_SECONDS", "epoch seconds"],
    ["DATE_TIME", "date-time"],
    ["HTTP_DATE", "http-date"],
    ["BLOB", "blob"],
    ["BOOLEAN", "boolean"],
    ["INTEGER", "integer"],
    ["DOCUMENT", "document"],
  ] as const)("explains %s with the runtime's number", (name, meaning) => {
    const line = legend.split("\n").find((text) => text.includes(meaning));
    expect(line, meaning).toMatch(new RegExp(`^ \\*\\s+${schema[name]}\\s{2}`));
  });

  it("explains the aggregate tags the schemas use", () => {
    for (const tag of ['["l"', '["m"', '["s"', '["u"']) expect(legend).toContain(tag);
  });
});
