/**
 * JSON body traits in generated clients: `@jsonName`, `@timestampFormat` on members and shapes,
 * blobs, documents, `enum`/`intEnum`/legacy enums, unions (with unknown variants), `@sparse`
 * collections, `@default` and `@clientOptional`. Each fixture of `test/fixtures/models/traits/`
 * is generated, typechecked (with a type-level test file per fixture), imported and called
 * through msw; bodies are compared byte for byte with JSON written out by hand.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { HttpResponse } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import { CREDENTIALS, generateInto, importGenerated, scratchDir, traitModel, typecheck, useServiceMock } from "../support/codegen.js";

const FIXTURES = ["json-name", "timestamp-format", "blob-document", "enums", "union", "sparse", "defaults"] as const;
type Fixture = (typeof FIXTURES)[number];

/**
 * Type-level expectations, compiled with the generated code: each `@ts-expect-error` must meet
 * an error, and everything else must compile.
 */
const TYPE_TESTS: Partial<Record<Fixture, string>> = {
  enums: `import { Color, Priority, type EchoCommandInput } from "./enums/index.js";
export const ok: EchoCommandInput = { Color: Color.DARK_BLUE, Priority: Priority.HIGH, Legacy: "L", Colors: ["red"] };
// @ts-expect-error "green" is not a Color
export const badColor: EchoCommandInput = { Color: "green" };
// @ts-expect-error 5 is not a Priority
export const badPriority: EchoCommandInput = { Priority: 5 };
// @ts-expect-error "M" is not a legacy enum value
export const badLegacy: EchoCommandInput = { Legacy: "M" };
`,
  union: `import type { EchoCommandInput, EchoCommandOutput, Value } from "./union/index.js";
export const ok: EchoCommandInput = { Value: { Text: "t" }, Values: [{ Point: { X: 1 } }, { $unknown: ["Future", 1] }] };
// @ts-expect-error two variants at once
export const two: Value = { Text: "t", Number: 1 };
export const read = (output: EchoCommandOutput): string => (output.Value?.Text ?? output.Value?.$unknown?.[0] ?? "");
`,
  defaults: `import type { CreateCommandInput } from "./defaults/index.js";
export const minimal: CreateCommandInput = { Name: "n", Enabled: true };
// @ts-expect-error Name is @required
export const noName: CreateCommandInput = { Enabled: true };
// @ts-expect-error Enabled is @required (a @default does not make it optional, as in @aws-sdk/client-*)
export const noEnabled: CreateCommandInput = { Name: "n" };
export const withLabel: CreateCommandInput = { Name: "n", Enabled: false, Label: undefined, Size: 3, Mode: "slow" };
`,
};

const mock = useServiceMock();
const modules = {} as Record<Fixture, Record<string, any>>;
const files = {} as Record<Fixture, Map<string, string>>;
const out = scratchDir("serde");

beforeAll(async () => {
  for (const name of FIXTURES) files[name] = generateInto(traitModel(name), join(out, name));
  const typeTests = Object.entries(TYPE_TESTS).map(([name, text]) => {
    const path = join(out, `${name}.types.ts`);
    writeFileSync(path, text);
    return path;
  });
  expect(typecheck([...FIXTURES.map((name) => join(out, name, "index.ts")), ...typeTests])).toEqual([]);
  for (const name of FIXTURES) modules[name] = await importGenerated(join(out, name));
}, 60_000);

const json = (body: unknown, init: ResponseInit = {}): Response =>
  new HttpResponse(typeof body === "string" ? body : JSON.stringify(body), { ...init, headers: { "content-type": "application/json", ...(init.headers as Record<string, string>) } });
const send = (fixture: Fixture, prefix: string, operation: string, input: unknown): Promise<any> => {
  const client = new modules[fixture][`${prefix}Client`]({ region: "us-east-1", credentials: CREDENTIALS });
  return client.send(new modules[fixture][`${operation}Command`](input));
};
const withoutMetadata = ({ $metadata, ...rest }: Record<string, unknown>): Record<string, unknown> => rest;

const WHEN = new Date("2024-01-02T03:04:05.678Z");
const WHEN_SECONDS = new Date("2024-01-02T03:04:05.000Z");

describe("@jsonName", () => {
  it("renames members on the wire, nested ones and error members included", async () => {
    mock.reply((_, i) =>
      i === 0
        ? json({ display_name: "m", inner: { item_count: 3 }, DisplayName: "not this one" })
        : json({ Message: "bad", reason_code: "R1" }, { status: 400, headers: { "x-amzn-errortype": "BadThing" } }),
    );
    const output = await send("json-name", "JsonName", "Echo", { DisplayName: "n", Inner: { ItemCount: 2 }, Plain: "p" });
    expect(mock.requests[0]!.text).toBe('{"display_name":"n","inner":{"item_count":2},"Plain":"p"}');
    expect(withoutMetadata(output)).toEqual({ DisplayName: "m", Inner: { ItemCount: 3 } });
    const error = await send("json-name", "JsonName", "Echo", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(modules["json-name"]["BadThing"]);
    expect(error).toMatchObject({ name: "BadThing", Message: "bad", Reason: "R1", $fault: "client" });
  });
});

describe("@timestampFormat", () => {
  const wire = {
    Default: 1704164645.678,
    DateTime: "2024-01-02T03:04:05.678Z",
    HttpDate: "Tue, 02 Jan 2024 03:04:05 GMT",
    EpochSeconds: 1704164645.678,
    ShapeDateTime: "2024-01-02T03:04:05.678Z",
    ShapeHttpDate: "Tue, 02 Jan 2024 03:04:05 GMT",
    MemberOverShape: 1704164645.678,
    DateTimeList: ["2024-01-02T03:04:05.678Z"],
  };

  it("writes each member in its format: the member's trait, else its shape's, else epoch seconds", async () => {
    mock.reply(() => json({}));
    const input = Object.fromEntries(Object.keys(wire).map((name) => [name, name === "DateTimeList" ? [WHEN] : WHEN]));
    await send("timestamp-format", "Timestamps", "Echo", input);
    expect(mock.requests[0]!.text).toBe(JSON.stringify(wire));
  });

  it("reads each format back into Dates", async () => {
    mock.reply(() => json(wire));
    const output = await send("timestamp-format", "Timestamps", "Echo", {});
    expect(withoutMetadata(output)).toEqual({
      Default: WHEN,
      DateTime: WHEN,
      HttpDate: WHEN_SECONDS,
      EpochSeconds: WHEN,
      ShapeDateTime: WHEN,
      ShapeHttpDate: WHEN_SECONDS,
      MemberOverShape: WHEN,
      DateTimeList: [WHEN],
    });
  });
});

describe("blobs and documents", () => {
  it("base64-encodes blobs, in lists too, and passes documents through as JSON", async () => {
    mock.reply(() => json({ Data: "AAEC/f7/", Chunks: ["aGk=", ""], Doc: [1, { a: null }], Docs: { x: "y" } }));
    const output = await send("blob-document", "Blobs", "Echo", {
      Data: new Uint8Array([0, 1, 2, 253, 254, 255]),
      Chunks: [new Uint8Array([104, 105])],
      Doc: { a: 1, b: [true, null, "s"] },
      Docs: { x: 1, y: { z: "w" } },
    });
    expect(mock.requests[0]!.text).toBe('{"Data":"AAEC/f7/","Chunks":["aGk="],"Doc":{"a":1,"b":[true,null,"s"]},"Docs":{"x":1,"y":{"z":"w"}}}');
    expect(withoutMetadata(output)).toEqual({
      Data: new Uint8Array([0, 1, 2, 253, 254, 255]),
      Chunks: [new Uint8Array([104, 105]), new Uint8Array([])],
      Doc: [1, { a: null }],
      Docs: { x: "y" },
    });
  });
});

describe("enum, intEnum and the legacy enum trait", () => {
  it("exports const objects of the values and sends values as they are", async () => {
    expect(modules.enums["Color"]).toEqual({ RED: "red", DARK_BLUE: "dark-blue" });
    expect(modules.enums["Priority"]).toEqual({ LOW: 1, HIGH: 10 });
    mock.reply(() => json({ Color: "purple", Priority: 99, Legacy: "XL", Colors: ["red", "dark-blue"] }));
    const output = await send("enums", "Enums", "Echo", { Color: "dark-blue", Priority: 10, Legacy: "L", Colors: ["red"] });
    expect(mock.requests[0]!.text).toBe('{"Color":"dark-blue","Priority":10,"Legacy":"L","Colors":["red"]}');
    // Values added to the service after this client was generated arrive unchanged.
    expect(withoutMetadata(output)).toEqual({ Color: "purple", Priority: 99, Legacy: "XL", Colors: ["red", "dark-blue"] });
  });

  it("declares the types as unions of the values", () => {
    const models = files.enums.get("models.ts")!;
    expect(models).toContain("export type Color = (typeof Color)[keyof typeof Color];");
    expect(models).toContain('Legacy?: "S" | "L" | undefined;');
  });
});

describe("unions", () => {
  it("sends the set variant (and an $unknown one as given)", async () => {
    mock.reply(() => json({}));
    await send("union", "Unions", "Echo", {
      Value: { Point: { X: 1, Y: 2 } },
      Values: [{ Text: "t" }, { Number: Number.POSITIVE_INFINITY }, { At: WHEN }, { $unknown: ["Future", { a: 1 }] }],
    });
    expect(mock.requests[0]!.text).toBe('{"Value":{"Point":{"X":1,"Y":2}},"Values":[{"Text":"t"},{"Number":"Infinity"},{"At":1704164645.678},{"Future":{"a":1}}]}');
  });

  it("reads known variants typed and a variant it does not know as $unknown", async () => {
    mock.reply(() => json({ Value: { Future: { a: 1 } }, Values: [{ Number: "NaN" }, { At: 1704164645.678 }, { Text: null, Point: { X: 5 } }] }));
    const output = await send("union", "Unions", "Echo", {});
    expect(withoutMetadata(output)).toEqual({
      Value: { $unknown: ["Future", { a: 1 }] },
      Values: [{ Number: Number.NaN }, { At: WHEN }, { Point: { X: 5 } }],
    });
  });
});

describe("@sparse lists and maps", () => {
  it("keeps nulls in sparse collections and drops them from dense ones on input; keeps them on output", async () => {
    mock.reply(() => json({ Sparse: ["a", null], SparseMap: { x: null, y: 2 }, Dense: ["b"], DenseMap: { z: 3 } }));
    const output = await send("sparse", "Sparse", "Echo", {
      Sparse: ["a", null, "b"],
      Dense: ["a", null, "b"],
      SparseMap: { x: 1, y: null },
      DenseMap: { x: 1, y: null },
    });
    expect(mock.requests[0]!.text).toBe('{"Sparse":["a",null,"b"],"Dense":["a","b"],"SparseMap":{"x":1,"y":null},"DenseMap":{"x":1}}');
    expect(withoutMetadata(output)).toEqual({ Sparse: ["a", null], SparseMap: { x: null, y: 2 }, Dense: ["b"], DenseMap: { z: 3 } });
  });

  it("types sparse collections with null items", () => {
    const models = files.sparse.get("models.ts")!;
    expect(models).toContain("Sparse?: (string | null)[] | undefined;");
    expect(models).toContain("SparseMap?: Record<string, number | null> | undefined;");
    expect(models).toContain("Dense?: string[] | undefined;");
  });
});

describe("@default and @clientOptional", () => {
  it("documents defaults and leaves them to the service: unset members are not sent, nor filled in on output", async () => {
    mock.reply(() => json({}));
    const output = await send("defaults", "Defaults", "Create", { Name: "n", Enabled: true });
    expect(mock.requests[0]!.text).toBe('{"Name":"n","Enabled":true}');
    expect(withoutMetadata(output)).toEqual({});
    const models = files.defaults.get("models.ts")!;
    expect(models).toMatch(/@defaultValue 10\n\s+\*\/\n\s+Size\?: number \| undefined;/);
    expect(models).toMatch(/@defaultValue true\n\s+\*\/\n\s+Enabled: boolean \| undefined;/);
    expect(models).toMatch(/@defaultValue "fast"\n\s+\*\/\n\s+Mode\?: Mode \| undefined;/);
    // @required with @clientOptional: the client lets it be left out.
    expect(models).toMatch(/\n\s+Label\?: string \| undefined;/);
  });
});
