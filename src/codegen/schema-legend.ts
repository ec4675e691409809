/**
 * The legend at the top of the generated `schemas.ts`: what its numbers and tags mean. Built from
 * the runtime's own constants (`src/runtime/schema.ts`), so it cannot say something the runtime
 * does not read.
 */
import { BLOB, BOOLEAN, DATE_TIME, DOCUMENT, EPOCH_SECONDS, FLOAT, HTTP_DATE, INTEGER, PASS } from "../runtime/schema.js";

const KINDS: ReadonlyArray<readonly [number, string]> = [
  [PASS, "string or enum, passed through"],
  [FLOAT, "float or double (`NaN`, `Infinity`, `-Infinity` travel as strings)"],
  [EPOCH_SECONDS, "timestamp as epoch seconds (the restJson1 default in bodies)"],
  [DATE_TIME, "timestamp as an RFC 3339 `date-time` string"],
  [HTTP_DATE, "timestamp as an RFC 7231 `http-date` string"],
  [BLOB, "blob, base64 in JSON"],
  [BOOLEAN, "boolean"],
  [INTEGER, "integer (`byte` to `long`, `intEnum`)"],
  [DOCUMENT, "document: any JSON value, as is"],
];

/**
 * @param redactions - whether the file declares redactions (`@sensitive` data is reachable)
 * @returns the legend, a TSDoc comment for the top of the file, ending in a newline
 */
export function schemaLegend(redactions: boolean): string {
  const lines = [
    "Legend. Each constant is the serde schema of one shape, read by `serde-json.ts` of the runtime",
    "(the types are in its `schema.ts`). Scalars are numbers:",
    ...[...KINDS].sort((a, b) => a[0] - b[0]).map(([kind, meaning]) => `  ${kind}  ${meaning}`),
    "Aggregates are tagged tuples:",
    '  ["l", item]  list            ["l", item, 1]  @sparse list (nulls kept)',
    '  ["m", value] map             ["m", value, 1] @sparse map',
    '  ["s", { member: schema }, { member: "wireName" }?]  structure (wire names for @jsonName)',
    '  ["u", { member: schema }, { member: "wireName" }?]  union: exactly one member set',
    "  () => schema                 a deferred reference (recursive shapes)",
    ...(redactions
      ? [
          "A `Redaction` marks the @sensitive parts of a value: 1 the whole value, [\"l\", r] / [\"m\", r]",
          "the items of a list / values of a map, [\"s\", { member: r }] some members.",
        ]
      : []),
  ];
  return `/**\n${[...lines, "", "@packageDocumentation"].map((line) => ` * ${line}`.trimEnd()).join("\n")}\n */\n`;
}
