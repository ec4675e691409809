/**
 * The response readers convert the parsed JSON in place and hand the same objects on when they
 * already have the output's shape; these tests pin down when they must copy instead, so that no
 * member the model does not know, no `null`, and no wire name ever reaches an output.
 */
import { describe, expect, it } from "vitest";
import { deserializeStructure, deserializeValue } from "../../src/runtime/serde-json.js";
import { EPOCH_SECONDS, FLOAT, INTEGER, PASS, type Schema, type StructureSchema } from "../../src/runtime/schema.js";

const Point: StructureSchema = ["s", { X: INTEGER, Y: FLOAT, Label: PASS }];
const Span: StructureSchema = ["s", { Start: EPOCH_SECONDS, Points: ["l", Point] }];
const Choice: Schema = ["u", { A: PASS, B: INTEGER }];
const Holder: StructureSchema = ["s", { Pick: Choice, Name: PASS }];
const Renamed: StructureSchema = ["s", { Name: PASS }, { Name: "name" }];
// A recursive shape, declared lazily as generated code declares it.
const Tree: StructureSchema = ["s", { Value: INTEGER, Children: ["l", () => Tree] }];

describe("response readers", () => {
  it("hands back the parsed object itself when it already has the output's shape", () => {
    const parsed = JSON.parse('{"X":1,"Y":2.5,"Label":"a"}') as Record<string, unknown>;
    const output = deserializeStructure(parsed, Point[1]);
    expect(output).toBe(parsed);
    expect(output).toEqual({ X: 1, Y: 2.5, Label: "a" });
  });

  it("converts members in place (timestamps become Dates, nested lists are read)", () => {
    const output = deserializeStructure(JSON.parse('{"Start":1700000000.5,"Points":[{"X":1},null]}'), Span[1]);
    expect(output).toEqual({ Start: new Date(1_700_000_000_500), Points: [{ X: 1 }, null] });
    expect(output["Start"]).toBeInstanceOf(Date);
  });

  it("copies, leaving them out, when the object has members the model does not know", () => {
    const parsed = JSON.parse('{"X":1,"Extra":{"deep":true},"Label":"a"}') as Record<string, unknown>;
    const output = deserializeStructure(parsed, Point[1]);
    expect(output).not.toBe(parsed);
    expect(Object.keys(output).sort()).toEqual(["Label", "X"]);
  });

  it("copies, leaving them out, when members are null", () => {
    const output = deserializeStructure(JSON.parse('{"X":null,"Y":1,"Label":null}'), Point[1]);
    expect(output).toEqual({ Y: 1 });
    expect(Object.keys(output)).toEqual(["Y"]);
  });

  it("never lets a __proto__ key through, nor touch a prototype", () => {
    const output = deserializeStructure(JSON.parse('{"X":1,"__proto__":{"polluted":true}}'), Point[1]);
    expect(Object.keys(output)).toEqual(["X"]);
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("reads wire names into member names", () => {
    expect(deserializeStructure(JSON.parse('{"name":"n"}'), Renamed[1], Renamed[2])).toEqual({ Name: "n" });
    expect(deserializeStructure(JSON.parse('{"Name":"n"}'), Renamed[1], Renamed[2])).toEqual({});
  });

  it("leaves out a union member with no variant set, and reads unknown variants as $unknown", () => {
    expect(deserializeStructure(JSON.parse('{"Pick":{},"Name":"n"}'), Holder[1])).toEqual({ Name: "n" });
    expect(deserializeStructure(JSON.parse('{"Pick":{"C":3}}'), Holder[1])).toEqual({ Pick: { $unknown: ["C", 3] } });
    expect(deserializeStructure(JSON.parse('{"Pick":{"B":3}}'), Holder[1])).toEqual({ Pick: { B: 3 } });
  });

  it("reads recursive shapes to any depth", () => {
    const json = '{"Value":1,"Children":[{"Value":2,"Children":[{"Value":3,"Children":[]}]}]}';
    expect(deserializeValue(JSON.parse(json), Tree)).toEqual(JSON.parse(json));
  });

  it("rejects a value of the wrong JSON type anywhere in the tree, naming the types only", () => {
    expect(() => deserializeStructure(JSON.parse('{"Points":[{"X":"secret"}]}'), Span[1])).toThrow("expected an integer, got a string");
    expect(() => deserializeStructure(JSON.parse('{"Points":{"X":1}}'), Span[1])).toThrow("expected a list, got an object");
    expect(() => deserializeValue([], Point)).toThrow("expected an object, got a list");
  });

  it("gives the same answer when the same schema reads many responses (readers are reused)", () => {
    for (let i = 0; i < 3; i++) {
      expect(deserializeStructure(JSON.parse(`{"X":${i},"Z":0}`), Point[1])).toEqual({ X: i });
    }
  });
});
