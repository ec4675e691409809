/**
 * The `X-Amzn-Trace-Id` header: parsing untrusted values without ever throwing (case, spaces,
 * unknown keys in order, `Sampled=?`, hostile input) and formatting values that parse back,
 * cross-checked against aws-xray-sdk-core's parser.
 */
import { processTraceData } from "aws-xray-sdk-core/dist/lib/utils.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_EXTRA_LENGTH,
  MAX_TRACE_HEADER_LENGTH,
  formatTraceHeader,
  isSegmentId,
  isTraceId,
  parseTraceHeader,
  type TraceHeader,
} from "../../src/tracing/index.js";

const ROOT = "1-5759e988-bd862e3fe1be46a994272793";
const PARENT = "53995c3f42cd8ad8";
const SEED = 20260505;

describe("parseTraceHeader", () => {
  it("reads Root, Parent and Sampled", () => {
    expect(parseTraceHeader(`Root=${ROOT};Parent=${PARENT};Sampled=1`)).toEqual({
      root: ROOT,
      parent: PARENT,
      sampled: true,
      extra: [],
      problems: [],
    });
  });

  it("ignores the case of keys and spaces around keys and values, and lower-cases IDs", () => {
    const header = parseTraceHeader(` root = ${ROOT.toUpperCase()} ;  PARENT=${PARENT.toUpperCase()};sAmPlEd= 0 `);
    expect(header).toMatchObject({ root: ROOT, parent: PARENT, sampled: false, problems: [] });
  });

  it("reads Sampled=? as a request for a decision", () => {
    expect(parseTraceHeader(`Root=${ROOT};Sampled=?`).sampled).toBe("requested");
  });

  it("keeps Lineage, and unknown fields in order with their keys as received", () => {
    const header = parseTraceHeader(`Root=${ROOT};Self=1-67891233-abcdef012345678912345678;Lineage=a87bd80c:1|68fd508a:5;CalledFrom=app;Token=ab==`);
    expect(header.lineage).toBe("a87bd80c:1|68fd508a:5");
    expect(header.extra).toEqual([
      ["Self", "1-67891233-abcdef012345678912345678"],
      ["CalledFrom", "app"],
      // Only the first '=' separates key from value.
      ["Token", "ab=="],
    ]);
    expect(header.problems).toEqual([]);
  });

  it("says there was no header for undefined, null, blank or a non-string", () => {
    for (const value of [undefined, null, "", "   ", [], [undefined as unknown as string]]) {
      expect(parseTraceHeader(value)).toEqual({ extra: [], problems: ["no-header"] });
    }
  });

  it("uses the first value of a repeated (array) header", () => {
    expect(parseTraceHeader([`Root=${ROOT}`, "Root=1-00000000-000000000000000000000000"]).root).toBe(ROOT);
  });

  it("reports a missing Root, and keeps what else it found", () => {
    const header = parseTraceHeader(`Parent=${PARENT};Sampled=1`);
    expect(header.root).toBeUndefined();
    expect(header).toMatchObject({ parent: PARENT, sampled: true, problems: ["no-root"] });
  });

  it.each([
    ["Root=1-5759e988-bd862e3fe1be46a99427279", "bad-root", "root"],
    ["Root=2-5759e988-bd862e3fe1be46a994272793", "bad-root", "root"],
    [`Root=${ROOT};Parent=53995c3f42cd8ad`, "bad-parent", "parent"],
    [`Root=${ROOT};Parent=`, "bad-parent", "parent"],
    [`Root=${ROOT};Sampled=yes`, "bad-sampled", "sampled"],
    [`Root=${ROOT};Sampled=`, "bad-sampled", "sampled"],
    [`Root=${ROOT};Lineage=`, "bad-lineage", "lineage"],
  ] as const)("leaves out an unusable field: %s", (value, problem, field) => {
    const header = parseTraceHeader(value);
    expect(header[field]).toBeUndefined();
    expect(header.problems).toContain(problem);
  });

  it("uses the first of repeated keys, whatever their case", () => {
    const header = parseTraceHeader(`Root=${ROOT};ROOT=1-00000000-000000000000000000000000;Foo=1;foo=2`);
    expect(header.root).toBe(ROOT);
    expect(header.extra).toEqual([["Foo", "1"]]);
    expect(header.problems).toEqual(["duplicate"]);
  });

  it("skips empty fields and reports fields without '=' or without a key", () => {
    const header = parseTraceHeader(`;;Root=${ROOT};;garbage;=value;`);
    expect(header.root).toBe(ROOT);
    expect(header.extra).toEqual([]);
    expect(header.problems).toEqual(["malformed"]);
  });

  it("ignores a header over the length limit entirely", () => {
    const value = `Root=${ROOT};Pad=${"x".repeat(MAX_TRACE_HEADER_LENGTH)}`;
    const header = parseTraceHeader(value);
    expect(header.root).toBeUndefined();
    expect(header.problems).toEqual(["too-long", "no-root"]);
  });

  it("reads a header exactly at the length limit", () => {
    const head = `Root=${ROOT};Pad=`;
    const value = head + "x".repeat(MAX_TRACE_HEADER_LENGTH - head.length);
    expect(value.length).toBe(MAX_TRACE_HEADER_LENGTH);
    // The pad is past the extra-field budget, but the header is read.
    expect(parseTraceHeader(value)).toMatchObject({ root: ROOT, problems: ["extra-over-budget"] });
  });

  it("keeps extra fields up to the budget, and no more", () => {
    const fields = Array.from({ length: 40 }, (_, i) => `K${String(i).padStart(2, "0")}=${"v".repeat(7)}`);
    const header = parseTraceHeader(`Root=${ROOT};${fields.join(";")}`);
    // Each field is 3 + 7 = 10 characters of key and value.
    expect(header.extra).toHaveLength(Math.floor(MAX_EXTRA_LENGTH / 10));
    expect(header.extra[0]).toEqual(["K00", "vvvvvvv"]);
    expect(header.problems).toEqual(["extra-over-budget"]);
  });

  it("lists each kind of problem once, however often it occurs", () => {
    const header = parseTraceHeader(`Root=${ROOT};${"junk;".repeat(1000)}`);
    expect(header.problems).toEqual(["malformed"]);
  });

  it("never throws, and whatever it returns is usable", () => {
    const fragment = fc.oneof(
      fc.constantFrom(`Root=${ROOT}`, `Parent=${PARENT}`, "Sampled=1", "Sampled=?", "Lineage=a:1", ";", "=", " ", "ROOT=", "Foo=bar"),
      fc.string({ maxLength: 20 }),
      fc.string({ unit: "binary", maxLength: 20 }),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), (parts) => {
        const header = parseTraceHeader(parts.join(""));
        expect(header.root === undefined || isTraceId(header.root)).toBe(true);
        expect(header.parent === undefined || isSegmentId(header.parent)).toBe(true);
        expect([undefined, true, false, "requested"]).toContain(header.sampled);
        expect(new Set(header.problems).size).toBe(header.problems.length);
        for (const [key, value] of header.extra) {
          expect(key.length).toBeGreaterThan(0);
          expect(`${key}${value}`).not.toContain(";");
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("agrees with aws-xray-sdk-core on Root, Parent and Sampled of well-formed headers", () => {
    const header = fc.record({
      root: fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => `1-5759e988-${Buffer.from(b).toString("hex")}`),
      parent: fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => Buffer.from(b).toString("hex")),
      sampled: fc.constantFrom("0", "1"),
      space: fc.constantFrom("", " "),
    });
    fc.assert(
      fc.property(header, ({ root, parent, sampled, space }) => {
        const value = `Root=${space}${root};${space}Parent=${parent};Sampled=${sampled}${space}`;
        const theirs = processTraceData(value);
        const ours = parseTraceHeader(value);
        expect(ours.root).toBe(theirs.root);
        expect(ours.parent).toBe(theirs.parent);
        expect(ours.sampled).toBe(theirs.sampled === "1");
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe("formatTraceHeader", () => {
  it("writes Root, Parent, Sampled, Lineage, then extra fields in order", () => {
    expect(formatTraceHeader({ root: ROOT, parent: PARENT, sampled: true })).toBe(`Root=${ROOT};Parent=${PARENT};Sampled=1`);
    expect(formatTraceHeader({ root: ROOT, sampled: false })).toBe(`Root=${ROOT};Sampled=0`);
    expect(formatTraceHeader({ root: ROOT, sampled: "requested" })).toBe(`Root=${ROOT};Sampled=?`);
    expect(formatTraceHeader({ root: ROOT, lineage: "a87bd80c:1", extra: [["Self", "x"], ["CalledFrom", "app"]] })).toBe(
      `Root=${ROOT};Lineage=a87bd80c:1;Self=x;CalledFrom=app`,
    );
    expect(formatTraceHeader({ root: ROOT, extra: { Self: "x", CalledFrom: "app" } })).toBe(`Root=${ROOT};Self=x;CalledFrom=app`);
  });

  it("does not change the extra array it is given", () => {
    const extra: Array<[string, string]> = [["Self", "x"]];
    formatTraceHeader({ root: ROOT, lineage: "a:1", extra });
    expect(extra).toEqual([["Self", "x"]]);
  });

  it.each<[string, TraceHeader]>([
    ["a bad root", { root: "1-nope" }],
    ["a missing root", { root: undefined as unknown as string }],
    ["a bad parent", { root: ROOT, parent: "xyz" }],
    ["a ';' in an extra value", { root: ROOT, extra: [["Self", "a;b"]] }],
    ["a '=' in an extra key", { root: ROOT, extra: [["A=B", "c"]] }],
    ["an empty extra key", { root: ROOT, extra: [["", "c"]] }],
    ["spaces around an extra key", { root: ROOT, extra: [[" A", "c"]] }],
    ["a ';' in the lineage", { root: ROOT, lineage: "a;b" }],
  ])("throws a TypeError for %s", (_, header) => {
    expect(() => formatTraceHeader(header)).toThrow(TypeError);
  });

  it("writes what parseTraceHeader reads back the same", () => {
    const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,6}$/).filter((k) => !["root", "parent", "sampled", "lineage"].includes(k.toLowerCase()));
    const header = fc.record(
      {
        root: fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => `1-5759e988-${Buffer.from(b).toString("hex")}`),
        parent: fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => Buffer.from(b).toString("hex")),
        sampled: fc.constantFrom(true, false, "requested" as const),
        lineage: fc.stringMatching(/^[0-9a-f]{8}:[0-9]{1,2}$/),
        extra: fc.uniqueArray(fc.tuple(key, fc.stringMatching(/^[A-Za-z0-9=:|-]{0,8}$/)), {
          maxLength: 5,
          selector: ([k]) => k.toLowerCase(),
        }),
      },
      { requiredKeys: ["root"] },
    );
    fc.assert(
      fc.property(header, (fields) => {
        const parsed = parseTraceHeader(formatTraceHeader(fields));
        expect(parsed.problems).toEqual([]);
        expect(parsed).toEqual({ extra: [], ...fields, problems: [] });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
