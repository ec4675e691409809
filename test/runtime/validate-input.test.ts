/**
 * The opt-in `validateInput` client option: the model's constraints (required members,
 * `@length`, `@range`, `@pattern`, enum values, `@uniqueItems`) checked before anything is
 * sent, every violation listed once in one `ValidationError`, values never shown.
 *
 * - per constraint kind, on a client generated from `test/fixtures/models/traits/constraints.json`
 *   and called through msw: nothing reaches the wire and no credentials are resolved;
 * - off by default: an invalid input goes out as it is;
 * - a fast-check property: inputs built to satisfy the constraints pass, and one mutation that
 *   breaks one constraint gives exactly one violation, at that path;
 * - X-Ray: the shipped client, and a client generated from the official 38-operation model;
 * - patterns only the legacy (non-`u`) grammar accepts are checked as they mean, and one no
 *   grammar accepts is skipped with a note, never a refusal of the model;
 * - browser bundles: with validation off, neither the validator nor the constraint data is in
 *   the chunk a page loads first.
 */
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import fc from "fast-check";
import { HttpResponse } from "msw";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { generateFiles } from "../../src/codegen/generate.js";
import { ModelError, parseModel } from "../../src/codegen/model.js";
import * as xray from "../../src/index.js";
import * as runtime from "../../src/runtime/index.js";
import { findViolations } from "../../src/runtime/validate.js";
import type { Constraints } from "../../src/runtime/validate-constraints.js";
import { ValidationError, type Violation } from "../../src/runtime/validate-error.js";
import { CREDENTIALS, ROOT, generateInto, importGenerated, scratchDir, traitModel, typecheck, useServiceMock } from "../support/codegen.js";

const mock = useServiceMock();
const out = scratchDir("validate-input");
let fixture: Record<string, any>;
let fixtureConstraints: Readonly<Record<string, Constraints>>;
let official: Record<string, any>;

beforeAll(async () => {
  generateInto(traitModel("constraints"), join(out, "constraints"));
  generateInto(parseModel(readFileSync(join(ROOT, "test/fixtures/models/xray-2016-04-12.json"), "utf8")), join(out, "official"), { modelLabel: "xray-2016-04-12.json" });
  // index.ts reaches constraints.ts through the service's import(), so both are checked.
  expect(typecheck([join(out, "constraints", "index.ts"), join(out, "official", "constraints.ts")])).toEqual([]);
  fixture = await importGenerated(join(out, "constraints"));
  fixtureConstraints = (await import(join(out, "constraints", "constraints.ts"))).inputConstraints;
  official = await importGenerated(join(out, "official"));
}, 60_000);

const ok = (): Response => new HttpResponse(JSON.stringify({ Id: "t" }), { headers: { "content-type": "application/json" } });

/** A fixture client whose credentials provider counts its calls. */
function fixtureClient(options: Record<string, unknown> = { validateInput: true }) {
  const credentials = vi.fn(async () => CREDENTIALS);
  return { client: new fixture["ConstraintsClient"]({ region: "us-east-1", credentials, ...options }), credentials };
}

/** Sends PutThing with `input`; returns the ValidationError, after checking nothing was sent or resolved. */
async function refused(input: Record<string, unknown>): Promise<ValidationError> {
  mock.reply(ok);
  const { client, credentials } = fixtureClient();
  const error = await client.send(new fixture["PutThingCommand"](input)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  expect(mock.requests).toHaveLength(0);
  expect(credentials).not.toHaveBeenCalled();
  return error as ValidationError;
}

const bytes = (n: number): Uint8Array => new Uint8Array(n);

describe("each constraint kind, through a generated client", () => {
  type Row = [what: string, input: Record<string, unknown>, violations: [path: string, constraint: string, message: string][]];
  const rows: Row[] = [
    ["a missing required member", {}, [["Name", "required", "required"]]],
    ["a required member set to null", { Name: null }, [["Name", "required", "required"]]],
    ["a missing required member of a list item", { Name: "a", Items: [{ Id: "x" }, { Size: 1 }] }, [["Items[1].Id", "required", "required"]]],
    ["a string over its maximum length", { Name: "abcdefghi" }, [["Name", "length", "length 9 exceeds the maximum 8"]]],
    ["an empty string, which also misses the pattern", { Name: "" }, [["Name", "length", "length 0 is below the minimum 1"], ["Name", "pattern", "does not match the pattern ^[a-z][a-z0-9-]*$"]]],
    ["a string measured in code points, not UTF-16 units", { Name: "a", Tags: ["😀😀😀😀😀", "😀😀😀😀😀😀"] }, [["Tags[1]", "length", "length 6 exceeds the maximum 5"]]],
    ["a member's own length and pattern, over its target's", { Name: "a", Code: "ABCD" }, [["Code", "length", "length 4 exceeds the maximum 3"]]],
    ["a member's own pattern", { Name: "a", Code: "ab" }, [["Code", "pattern", "does not match the pattern ^[A-Z]+$"]]],
    ["a pattern", { Name: "Thing" }, [["Name", "pattern", "does not match the pattern ^[a-z][a-z0-9-]*$"]]],
    ["a list over its maximum length", { Name: "a", Tags: ["a", "b", "c", "d"] }, [["Tags", "length", "has 4 items, more than the maximum 3"]]],
    ["a duplicate list item", { Name: "a", Tags: ["a", "b", "a"] }, [["Tags[2]", "uniqueItems", "duplicates item 0 (items must be unique)"]]],
    ["duplicate structures in a list without uniqueItems", { Name: "a", Items: [{ Id: "x" }, { Id: "x" }] }, []],
    ["a map over its maximum length", { Name: "a", Attributes: { a: "1", b: "2", c: "3" } }, [["Attributes", "length", "has 3 entries, more than the maximum 2"]]],
    ["a map key over its maximum length", { Name: "a", Attributes: { abcde: "1" } }, [['Attributes["abcde"]', "length", "key length 5 exceeds the maximum 4"]]],
    ["a map key missing its pattern", { Name: "a", Attributes: { A: "1" } }, [['Attributes["A"]', "pattern", "key does not match the pattern ^[a-z]+$"]]],
    ["a map value over its maximum length", { Name: "a", Attributes: { a: "1234567" } }, [['Attributes["a"]', "length", "length 7 exceeds the maximum 6"]]],
    ["a blob over its maximum length", { Name: "a", Payload: bytes(5) }, [["Payload", "length", "has 5 bytes, more than the maximum 4"]]],
    ["an integer below its range", { Name: "a", Count: 0 }, [["Count", "range", "is below the minimum 1"]]],
    ["an integer above its range", { Name: "a", Count: 11 }, [["Count", "range", "exceeds the maximum 10"]]],
    ["a double above a member's range", { Name: "a", Ratio: 1.5 }, [["Ratio", "range", "exceeds the maximum 1"]]],
    ["NaN where a range applies", { Name: "a", Ratio: Number.NaN }, [["Ratio", "range", "is NaN, outside the range 0..1"]]],
    ["a long below a minimum-only range, in a list item", { Name: "a", Items: [{ Id: "x", Size: -1 }] }, [["Items[0].Size", "range", "is below the minimum 0"]]],
    ["a value outside an enum", { Name: "a", Color: "blue" }, [["Color", "enum", 'is not one of "red", "green"']]],
    ["a value outside an intEnum", { Name: "a", Level: 2 }, [["Level", "enum", "is not one of 1, 3"]]],
    ["a value outside a legacy smithy.api#enum", { Name: "a", Size: "M" }, [["Size", "enum", 'is not one of "S", "L"']]],
    [
      "violations deep in a recursive structure",
      { Name: "a", Tree: { Label: "a", Children: [{ Label: "b", Children: [{ Label: "abcd" }, {}] }] } },
      [
        ["Tree.Children[0].Children[0].Label", "length", "length 4 exceeds the maximum 3"],
        ["Tree.Children[0].Children[1].Label", "required", "required"],
      ],
    ],
    ["a union variant", { Name: "a", Choice: { Short: "abc" } }, [["Choice.Short", "length", "length 3 exceeds the maximum 2"]]],
    ["a union variant of another shape", { Name: "a", Choice: { Number: 0 } }, [["Choice.Number", "range", "is below the minimum 1"]]],
    ["a @sensitive string too short", { Name: "a", Secret: "hunter2" }, [["Secret", "length", "length 7 is below the minimum 8"]]],
    ["keys of a map inside a @sensitive structure, shown by position", { Name: "a", Vault: { Entries: { ok: "1", toolong: "2" } } }, [["Vault.Entries[entry 1]", "length", "key length 7 exceeds the maximum 3"]]],
  ];

  it.each(rows)("%s", async (_, input, expected) => {
    const violations = findViolations(fixtureConstraints["PutThing"], input);
    expect(violations).toEqual(expected.map(([path, constraint, message]) => ({ path, constraint, message })));
    if (expected.length === 0) return;
    const error = await refused(input);
    expect(error.violations).toEqual(violations);
    expect(error.name).toBe("ValidationError");
    expect(error.operation).toBe("PutThing");
    expect(error.message).toBe(
      `PutThing: the input breaks ${expected.length === 1 ? "1 constraint" : `${expected.length} constraints`} of the model; nothing was sent:` +
        expected.map(([path, , message]) => `\n  ${path}: ${message}`).join(""),
    );
  });

  it("never shows a value: not a @sensitive one, and no string at all", async () => {
    const secret = "hunter2 with spaces";
    const error = await refused({ Name: "Bad Name!", Code: "lower", Secret: secret, Vault: { Entries: { "vault-key-secret": "x" } }, Attributes: { "Map-Key-Shown": "value-secret" }, Color: "purple-secret" });
    const shown = `${error.message}\n${JSON.stringify(error.violations)}\n${String(error)}`;
    for (const value of [secret, "vault-key-secret", "value-secret", "purple-secret", "Bad Name!", "lower"]) expect(shown).not.toContain(value);
    // Map keys outside sensitive data are part of the path, which is what makes it useful.
    expect(error.violations.map((v) => v.path)).toContain('Attributes["Map-Key-Shown"]');
    expect(error.violations.map((v) => `${v.path}: ${v.message}`)).toEqual([
      "Name: length 9 exceeds the maximum 8",
      "Name: does not match the pattern ^[a-z][a-z0-9-]*$",
      "Code: length 5 exceeds the maximum 3",
      "Code: does not match the pattern ^[A-Z]+$",
      'Attributes["Map-Key-Shown"]: key length 13 exceeds the maximum 4',
      'Attributes["Map-Key-Shown"]: key does not match the pattern ^[a-z]+$',
      'Attributes["Map-Key-Shown"]: length 12 exceeds the maximum 6',
      'Color: is not one of "red", "green"',
      "Secret: does not match the pattern ^\\S+$",
      "Vault.Entries[entry 0]: key length 16 exceeds the maximum 3",
    ]);
  });

  it("lists every violation once, the message the first 20 and how many more", async () => {
    const items = Array.from({ length: 25 }, () => ({ Size: -1 }));
    const error = await refused({ Items: items, Count: 0 });
    expect(error.violations).toHaveLength(1 + 25 * 2 + 1);
    expect(new Set(error.violations.map((v) => `${v.path}|${v.message}`)).size).toBe(error.violations.length);
    expect(error.violations[0]).toEqual({ path: "Name", message: "required", constraint: "required" });
    expect(error.violations.slice(1, 4).map((v) => v.path)).toEqual(["Count", "Items[0].Id", "Items[0].Size"]);
    const lines = error.message.split("\n");
    expect(lines[0]).toBe("PutThing: the input breaks 52 constraints of the model; nothing was sent:");
    expect(lines.slice(1, 21).every((line) => line.startsWith("  "))).toBe(true);
    expect(lines.slice(21)).toEqual(["  … and 32 more"]);
    expect(Object.isFrozen(error.violations)).toBe(true);
  });

  it("does not walk an input that contains itself forever", () => {
    const node: Record<string, unknown> = { Label: "toolong" };
    node["Children"] = [node];
    expect(findViolations(fixtureConstraints["PutThing"], { Name: "a", Tree: node })).toEqual([{ path: "Tree.Label", constraint: "length", message: "length 7 exceeds the maximum 3" }]);
  });
});

describe("valid inputs, and validation off", () => {
  it("sends a valid input; idempotency tokens and @clientOptional members are not required", async () => {
    mock.reply(ok);
    const { client, credentials } = fixtureClient();
    const output = await client.send(new fixture["PutThingCommand"]({ Name: "thing", Tags: ["a", "b"], Tree: { Label: "r", Children: [{ Label: "c" }] } }));
    expect(output.Id).toBe("t");
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]!.path).toBe("/things/thing");
    expect(credentials).toHaveBeenCalledTimes(1);
  });

  it("sends operations whose input constrains nothing", async () => {
    mock.reply(() => new HttpResponse("{}", { headers: { "content-type": "application/json" } }));
    expect(Object.keys(fixtureConstraints)).toEqual(["PutThing"]);
    const { client } = fixtureClient();
    await client.send(new fixture["PingCommand"]({ Message: "x".repeat(1000) }));
    expect(mock.requests).toHaveLength(1);
  });

  it.each([[{}], [{ validateInput: false }]])("is off by default (%j): an invalid input is sent as it is", async (options) => {
    mock.reply(ok);
    const { client } = fixtureClient(options);
    expect(client.config.validateInput).toBe(false);
    await client.send(new fixture["PutThingCommand"]({ Name: "ab", Count: 0, Color: "blue", Tags: ["a", "a"] }));
    expect(mock.requests).toHaveLength(1);
    expect(JSON.parse(mock.requests[0]!.text)).toMatchObject({ Count: 0, Color: "blue", Tags: ["a", "a"] });
  });
});

describe("property: valid inputs pass, one broken constraint is reported at its path", () => {
  const lower = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"), minLength: 1, maxLength: 4 });
  // Any code point, astral ones included: lengths are counted in code points.
  const text = (minLength: number, maxLength: number) => fc.string({ unit: "binary", minLength, maxLength });
  // A tree at most three levels deep (the shape is recursive).
  const node = (depth: number): fc.Arbitrary<Record<string, unknown>> =>
    depth === 0
      ? fc.record({ Label: text(1, 3) })
      : fc.record({ Label: text(1, 3), Children: fc.array(node(depth - 1), { maxLength: 2 }) }, { requiredKeys: ["Label"] });
  const tree = node(3);
  const validInput = fc.record(
    {
      Name: fc.stringMatching(/^[a-z][a-z0-9-]{0,7}$/),
      Count: fc.integer({ min: 1, max: 10 }),
      Ratio: fc.double({ min: 0, max: 1, noNaN: true }),
      Code: fc.stringMatching(/^[A-Z]{2,3}$/),
      Tags: fc.uniqueArray(text(1, 5), { maxLength: 3 }),
      Items: fc.array(fc.record({ Id: text(1, 4), Size: fc.integer({ min: 0 }) }, { requiredKeys: ["Id"] }), { maxLength: 3 }),
      Attributes: fc.dictionary(lower, text(0, 6), { maxKeys: 2 }),
      Payload: fc.uint8Array({ maxLength: 4 }),
      Color: fc.constantFrom("red", "green"),
      Level: fc.constantFrom(1, 3),
      Size: fc.constantFrom("S", "L"),
      Tree: tree,
      Secret: fc.string({ unit: fc.constantFrom(..."s3cr3t!#"), minLength: 8, maxLength: 64 }),
      Vault: fc.record({ Entries: fc.dictionary(text(0, 3), fc.string(), { maxKeys: 3 }) }),
      Choice: fc.oneof(fc.record({ Short: text(0, 2) }), fc.record({ Number: fc.integer({ min: 1, max: 10 }) })),
      Unchecked: fc.string(),
    },
    { requiredKeys: ["Name"] },
  );

  type Input = Record<string, any>;
  /** Each breaks exactly one constraint of a valid input (`n` picks an item) and says where. */
  const mutations: Record<string, (input: Input, n: number) => [path: string, constraint: string]> = {
    "drop Name": (input) => (delete input["Name"], ["Name", "required"]),
    "Name too long": (input) => ((input["Name"] = "a".repeat(9)), ["Name", "length"]),
    "Name off its pattern": (input) => ((input["Name"] = "Z"), ["Name", "pattern"]),
    "Count out of range": (input, n) => ((input["Count"] = n % 2 ? 0 : 11), ["Count", "range"]),
    "Ratio out of range": (input, n) => ((input["Ratio"] = n % 2 ? -0.5 : 1.5), ["Ratio", "range"]),
    "Code too long": (input) => ((input["Code"] = "ABCD"), ["Code", "length"]),
    "a Tag too long": (input, n) => {
      const tags = [...(input["Tags"] ?? [])];
      const i = tags.length ? n % tags.length : 0;
      tags[i] = "abcdef";
      input["Tags"] = tags;
      return [`Tags[${i}]`, "length"];
    },
    "a duplicate Tag": (input) => ((input["Tags"] = [input["Tags"]?.[0] ?? "x", input["Tags"]?.[0] ?? "x"]), ["Tags[1]", "uniqueItems"]),
    "too many Tags": (input) => ((input["Tags"] = ["a", "b", "c", "d"]), ["Tags", "length"]),
    "an Item without Id": (input, n) => {
      const items = input["Items"]?.length ? input["Items"] : [{ Id: "x" }];
      const i = n % items.length;
      delete items[i].Id;
      input["Items"] = items;
      return [`Items[${i}].Id`, "required"];
    },
    "an Item's Size negative": (input, n) => {
      const items = input["Items"]?.length ? input["Items"] : [{ Id: "x" }];
      const i = n % items.length;
      items[i].Size = -1 - n;
      input["Items"] = items;
      return [`Items[${i}].Size`, "range"];
    },
    "an Attributes key off its pattern": (input) => {
      const [first] = Object.entries(input["Attributes"] ?? {});
      input["Attributes"] = { ...(first ? { [first[0]]: first[1] } : {}), ABC: "v" };
      return ['Attributes["ABC"]', "pattern"];
    },
    "an Attributes value too long": (input) => ((input["Attributes"] = { a: "1234567" }), ['Attributes["a"]', "length"]),
    "Payload too long": (input, n) => ((input["Payload"] = new Uint8Array(5 + (n % 3))), ["Payload", "length"]),
    "Color outside the enum": (input) => ((input["Color"] = "RED"), ["Color", "enum"]),
    "Level outside the intEnum": (input) => ((input["Level"] = 2), ["Level", "enum"]),
    "Size outside the legacy enum": (input) => ((input["Size"] = "M"), ["Size", "enum"]),
    "a Tree label too long, somewhere": (input, n) => {
      const nodes: [string, Input][] = [];
      const walk = (node: Input, path: string): void => {
        nodes.push([path, node]);
        (node["Children"] ?? []).forEach((child: Input, i: number) => walk(child, `${path}.Children[${i}]`));
      };
      if (!input["Tree"]) input["Tree"] = { Label: "a" };
      walk(input["Tree"], "Tree");
      const [path, node] = nodes[n % nodes.length]!;
      node["Label"] = "abcd";
      return [`${path}.Label`, "length"];
    },
    "Secret off its pattern": (input) => ((input["Secret"] = "s3cr3t with a space"), ["Secret", "pattern"]),
    "a Vault key too long": (input) => ((input["Vault"] = { Entries: { abcd: "v" } }), ["Vault.Entries[entry 0]", "length"]),
    "a Choice variant too long": (input) => ((input["Choice"] = { Short: "abc" }), ["Choice.Short", "length"]),
  };

  it("inputs built to satisfy the constraints have no violations", () => {
    fc.assert(
      fc.property(validInput, (input) => {
        expect(findViolations(fixtureConstraints["PutThing"], input)).toEqual([]);
      }),
      { seed: 20240610, numRuns: 300 },
    );
  });

  it("one mutation gives exactly one violation, at the mutated path", () => {
    fc.assert(
      fc.property(validInput, fc.constantFrom(...Object.keys(mutations)), fc.nat({ max: 1000 }), (valid, mutation, n) => {
        const input = structuredClone(valid);
        const [path, constraint] = mutations[mutation]!(input, n);
        const violations = findViolations(fixtureConstraints["PutThing"], input);
        expect(violations.map((v: Violation) => [v.path, v.constraint])).toEqual([[path, constraint]]);
        expect(JSON.stringify(violations)).not.toContain("s3cr3t");
      }),
      { seed: 20240611, numRuns: 400 },
    );
  });
});

describe("X-Ray", () => {
  const xrayClient = (options: Record<string, unknown>) => {
    const credentials = vi.fn(async () => CREDENTIALS);
    return { client: new xray.XRayClient({ region: "us-east-1", credentials, ...options }), credentials };
  };
  const ID = "1-58406520-a006649127e371903a2de979";

  it("the shipped client: TraceIds[3]: length 40 exceeds the maximum 35; StartTime: required", async () => {
    mock.reply(ok);
    const { client, credentials } = xrayClient({ validateInput: true });
    const batch = await client.send(new xray.BatchGetTracesCommand({ TraceIds: [ID, ID, ID, `${ID}abcde`] })).catch((e: unknown) => e);
    expect(batch).toBeInstanceOf(xray.ValidationError);
    expect((batch as Error).message).toBe("BatchGetTraces: the input breaks 1 constraint of the model; nothing was sent:\n  TraceIds[3]: length 40 exceeds the maximum 35");
    const summaries = await client.send(new xray.GetTraceSummariesCommand({ EndTime: new Date(), TimeRangeType: "Sometime" } as never)).catch((e: unknown) => e);
    expect((summaries as xray.ValidationError).violations).toEqual([
      { path: "StartTime", message: "required", constraint: "required" },
      { path: "TimeRangeType", message: 'is not one of "TraceId", "Event", "Service"', constraint: "enum" },
    ]);
    expect(mock.requests).toHaveLength(0);
    expect(credentials).not.toHaveBeenCalled();
    await client.send(new xray.BatchGetTracesCommand({ TraceIds: [ID] }));
    expect(mock.requests).toHaveLength(1);
  });

  it("the shipped client without the option sends the same input", async () => {
    mock.reply(() => new HttpResponse("{}", { headers: { "content-type": "application/json" } }));
    const { client } = xrayClient({});
    await client.send(new xray.BatchGetTracesCommand({ TraceIds: [`${ID}abcde`] }));
    expect(JSON.parse(mock.requests[0]!.text)).toEqual({ TraceIds: [`${ID}abcde`] });
  });

  const officialClient = () => new official["XRayClient"]({ region: "us-east-1", credentials: CREDENTIALS, validateInput: true });
  const rule = { RuleName: "r", ResourceARN: "*", Priority: 1, FixedRate: 0.05, ReservoirSize: 1, ServiceName: "*", ServiceType: "*", Host: "*", HTTPMethod: "*", URLPath: "*", Version: 1 };

  it.each<[string, string, Record<string, unknown>, [string, string, string][]]>([
    [
      "ranges, lengths and required members of a sampling rule",
      "CreateSamplingRule",
      { SamplingRule: { ...rule, RuleName: "r".repeat(33), Priority: 0, FixedRate: 2, Version: undefined, Attributes: { k: "" } }, Tags: [{ Key: "" }] },
      [
        ["SamplingRule.Version", "required", "required"],
        ["SamplingRule.RuleName", "length", "length 33 exceeds the maximum 32"],
        ["SamplingRule.Priority", "range", "is below the minimum 1"],
        ["SamplingRule.FixedRate", "range", "exceeds the maximum 1"],
        ['SamplingRule.Attributes["k"]', "length", "length 0 is below the minimum 1"],
        ["Tags[0].Value", "required", "required"],
        ["Tags[0].Key", "length", "length 0 is below the minimum 1"],
      ],
    ],
    ["a UUID pattern", "GetInsight", { InsightId: "not-a-uuid" }, [["InsightId", "pattern", "does not match the pattern ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"]]],
    ["a pattern with \\w", "PutResourcePolicy", { PolicyName: "bad name", PolicyDocument: "{}" }, [["PolicyName", "pattern", "does not match the pattern ^[\\w+=,.@-]+$"]]],
    ["an enum", "PutEncryptionConfig", { Type: "AES" }, [["Type", "enum", 'is not one of "NONE", "KMS"']]],
    ["a string length", "ListRetrievedTraces", { RetrievalToken: "t".repeat(1021) }, [["RetrievalToken", "length", "length 1021 exceeds the maximum 1020"]]],
  ])("the official model's client checks %s", async (_, operation, input, expected) => {
    mock.reply(ok);
    const error = await officialClient().send(new official[`${operation}Command`](input)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations).toEqual(expected.map(([path, constraint, message]) => ({ path, constraint, message })));
    expect(mock.requests).toHaveLength(0);
  });

  it("the official model's client sends inputs that satisfy its constraints", async () => {
    mock.reply(() => new HttpResponse("{}", { headers: { "content-type": "application/json" } }));
    const client = officialClient();
    await client.send(new official["CreateSamplingRuleCommand"]({ SamplingRule: rule }));
    await client.send(new official["GetInsightCommand"]({ InsightId: "0b1e6c8a-2f1d-4c3b-9a7e-5d6f7a8b9c0d" }));
    await client.send(new official["PutResourcePolicyCommand"]({ PolicyName: "my-policy_1", PolicyDocument: "{}" }));
    expect(mock.requests).toHaveLength(3);
  });

  it("exports ValidationError from typed-xray and typed-xray/runtime: one class", () => {
    expect(xray.ValidationError).toBe(ValidationError);
    expect(runtime.ValidationError).toBe(ValidationError);
    expect(typeof runtime.createInputValidator).toBe("function");
  });
});

describe("the generator", () => {
  const refusal = (change: (shapes: Record<string, any>) => void): string => {
    const model = JSON.parse(readFileSync(join(ROOT, "test/fixtures/models/traits/constraints.json"), "utf8"));
    change(model.shapes);
    try {
      generateFiles(parseModel(JSON.stringify(model)), { modelLabel: "constraints" });
    } catch (error) {
      expect(error).toBeInstanceOf(ModelError);
      return (error as Error).message;
    }
    throw new Error("the model was generated");
  };
  const C = "example.constraints#";

  it.each<[string, (shapes: Record<string, any>) => void, string]>([
    ["a pattern that is not a string", (s) => (s[`${C}ThingName`].traits["smithy.api#pattern"] = 7), '$.shapes["example.constraints#ThingName"].traits["smithy.api#pattern"]: the pattern must be a string; example.constraints#ThingName cannot be generated'],
    ["a length with min over max", (s) => (s[`${C}Tag`].traits["smithy.api#length"] = { min: 5, max: 1 }), '$.shapes["example.constraints#Tag"].traits["smithy.api#length"]: min 5 is greater than max 1; example.constraints#Tag cannot be generated'],
    ["a range that is not numbers", (s) => (s[`${C}Count`].traits["smithy.api#range"] = { min: "1" }), '$.shapes["example.constraints#Count"].traits["smithy.api#range"]: min and max must be finite numbers'],
  ])("refuses %s, naming the shape", (_, change, message) => {
    expect(refusal(change)).toContain(message);
  });

  it("checks patterns only the legacy grammar accepts as they mean, and skips (with a note) one no grammar accepts", async () => {
    const model = JSON.parse(readFileSync(join(ROOT, "test/fixtures/models/traits/constraints.json"), "utf8"));
    model.shapes[`${C}AttributeKey`].traits["smithy.api#pattern"] = "^[a-z\\_]+\\:?$";
    model.shapes[`${C}ThingName`].traits["smithy.api#pattern"] = "^[a-z";
    model.shapes[`${C}PutThingInput`].members.Code.traits["smithy.api#pattern"] = "^]?[A-Z]+$";
    const dir = join(out, "legacy-patterns");
    const files = generateInto(parseModel(JSON.stringify(model)), dir);
    const text = files.get("constraints.ts")!;
    expect(text).toContain("const AttributeKeyPattern = /^[a-z_]+:?$/u;");
    expect(text).toContain("const PutThingInputCodePattern = /^]?[A-Z]+$/;");
    expect(text).toContain('// `@pattern` of ThingName is not checked: no ECMAScript grammar accepts "^[a-z".');
    expect(text).not.toContain("pattern: ThingNamePattern");
    expect(files.get("models.ts")).toContain("pattern `^[a-z` (not checked by `validateInput`: no ECMAScript regular-expression grammar accepts it)");
    const { inputConstraints } = await import(join(dir, "constraints.ts"));
    const violations = (input: Record<string, unknown>) => findViolations(inputConstraints.PutThing, input).filter((v) => v.constraint === "pattern").map((v) => [v.path, v.constraint]);
    expect(violations({ Name: "ANY name", Code: "]AB", Attributes: { a_b: "1", "c:": "2" } })).toEqual([]);
    expect(violations({ Name: "a", Code: "ab", Attributes: { "a-b": "1" } })).toEqual([
      ["Code", "pattern"],
      ['Attributes["a-b"]', "pattern"],
    ]);
  });

  it("hides map keys below a @sensitive member whose structure is not sensitive itself, and sensitive keys", async () => {
    const model = JSON.parse(readFileSync(join(ROOT, "test/fixtures/models/traits/constraints.json"), "utf8"));
    model.shapes[`${C}Drawer`] = { type: "structure", members: { Entries: { target: `${C}VaultEntries` } } };
    model.shapes[`${C}PutThingInput`].members.Private = { target: `${C}Drawer`, traits: { "smithy.api#sensitive": {} } };
    model.shapes[`${C}PutThingInput`].members.Open = { target: `${C}Drawer` };
    model.shapes[`${C}PlainSecret`] = { type: "string", traits: { "smithy.api#sensitive": {} } };
    model.shapes[`${C}SecretKeyMap`] = { type: "map", key: { target: `${C}PlainSecret` }, value: { target: `${C}AttributeValue` } };
    model.shapes[`${C}PutThingInput`].members.Keyed = { target: `${C}SecretKeyMap` };
    const dir = join(out, "member-sensitive");
    const text = generateInto(parseModel(JSON.stringify(model)), dir).get("constraints.ts")!;
    expect(text).toContain("Private: () => ({ ...DrawerConstraints, sensitive: true })");
    const { inputConstraints } = await import(join(dir, "constraints.ts"));
    const entries = { Entries: { "key-secret": "v" } };
    const input = { Name: "a", Private: entries, Open: entries, Keyed: { "key-secret": "1234567" } };
    expect(findViolations(inputConstraints.PutThing, input).map((v) => v.path)).toEqual(["Private.Entries[entry 0]", 'Open.Entries["key-secret"]', "Keyed[entry 0]"]);
    expect(text).toContain("Keyed: { key: { sensitive: true }, value: { length: { max: 6 } } }");
  });

  it("compiles each pattern once, with the u flag, and leaves out shapes only outputs reach", () => {
    const text = generateFiles(traitModel("constraints"), { modelLabel: "constraints" }).get("constraints.ts")!;
    expect(text.match(/\/u;$/gm)).toHaveLength(4);
    expect(text).toContain("const ThingNamePattern = /^[a-z][a-z0-9-]*$/u;");
    expect(text.match(/ThingNamePattern/g)).toHaveLength(2);
    expect(text).not.toContain("PutThingOutput");
    expect(text).toContain("const NodeConstraints: Constraints = { required: [\"Label\"], members: { Label: { length: { min: 1, max: 3 } }, Children: { member: () => NodeConstraints } } };");
  });
});

describe("browser bundles", () => {
  const LAZY = /src\/(runtime\/validate(-error)?|generated\/constraints)\.ts$/;

  /**
   * Bundles with code splitting, as an app's bundler does; returns the inputs of the chunks a
   * page loads first (the entry and its static imports), their gzip size, and the inputs of the
   * chunks loaded by import().
   */
  async function bundle(contents: string): Promise<{ initial: string[]; gzip: number; lazy: string[] }> {
    const result = await build({
      stdin: { contents, resolveDir: ROOT, loader: "ts", sourcefile: "entry.ts" },
      bundle: true,
      minify: true,
      splitting: true,
      outdir: join(out, "bundle"),
      platform: "browser",
      format: "esm",
      target: "es2022",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const outputs: Metafile["outputs"] = result.metafile.outputs;
    const entry = Object.keys(outputs).find((path) => outputs[path]!.entryPoint !== undefined)!;
    const initial = new Set<string>();
    const dynamic = new Set<string>();
    const visit = (path: string): void => {
      if (initial.has(path)) return;
      initial.add(path);
      for (const { path: target, kind } of outputs[path]!.imports) {
        if (kind === "dynamic-import") dynamic.add(target);
        else visit(target);
      }
    };
    visit(entry);
    const text = new Map(result.outputFiles.map((file) => [file.path, file.contents]));
    const initialBytes = Buffer.concat([...initial].sort().map((path) => Buffer.from(text.get(join(ROOT, path))!)));
    const inputsOf = (paths: Iterable<string>): string[] => [...paths].flatMap((path) => Object.keys(outputs[path]!.inputs));
    return { initial: inputsOf(initial), gzip: gzipSync(initialBytes, { level: 9 }).length, lazy: inputsOf([...dynamic].filter((path) => !initial.has(path))) };
  }

  it("of XRayClient and GetTraceSummariesCommand load neither the validator nor the constraints up front", async () => {
    const { initial, gzip, lazy } = await bundle('export { XRayClient, GetTraceSummariesCommand } from "./src/index.ts";');
    expect(initial).toContain("src/runtime/pipeline.ts");
    expect(initial.filter((input) => LAZY.test(input))).toEqual([]);
    // They are there, in the chunk import() loads: the check above can fail.
    expect(lazy.filter((input) => LAZY.test(input)).sort()).toEqual(["src/generated/constraints.ts", "src/runtime/validate-error.ts", "src/runtime/validate.ts"]);
    console.log(`XRayClient + GetTraceSummariesCommand, browser, minified, split: ${gzip} bytes gzip -9 loaded up front`);
  });

  it("that import ValidationError get the class up front, but still not the validator", async () => {
    const { initial } = await bundle('export { XRayClient, GetTraceSummariesCommand, ValidationError } from "./src/index.ts";');
    expect(initial.filter((input) => LAZY.test(input))).toEqual(["src/runtime/validate-error.ts"]);
  });
});
