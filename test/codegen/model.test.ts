/**
 * Keeps `models/xray.json` (the eight-operation model the client is generated from)
 * in agreement with the official AWS X-Ray Smithy model kept unmodified in
 * `test/fixtures/models/xray-2016-04-12.json`.
 *
 * Our model may word its documentation differently (it follows the 2016 API
 * reference), but everything that changes the wire format or the generated
 * types must be the official model's: shape ids, types, members, targets and
 * every non-documentation trait. If AWS changes a shape, replacing the fixture
 * makes this test show exactly what drifted.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** The subset of the Smithy 2.0 JSON AST this test reads. */
interface ShapeRef {
  target: string;
  traits?: Traits;
}
type Traits = Record<string, unknown>;
interface Shape {
  type: string;
  version?: string;
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
  operations?: ShapeRef[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  members?: Record<string, ShapeRef>;
  traits?: Traits;
}
interface SmithyModel {
  smithy: string;
  metadata?: { suppressions?: unknown[] };
  shapes: Record<string, Shape>;
}

const NS = "com.amazonaws.xray#";
const SERVICE_ID = `${NS}AWSXRay`;
const DOC = "smithy.api#documentation";

/**
 * The six operations of the 2016 API reference the product was specified
 * from, plus the two that centralized sampling polls (GetSamplingRules,
 * GetSamplingTargets), sorted.
 */
const SEED_OPERATIONS = [
  "BatchGetTraces",
  "GetSamplingRules",
  "GetSamplingTargets",
  "GetServiceGraph",
  "GetTraceGraph",
  "GetTraceSummaries",
  "PutTelemetryRecords",
  "PutTraceSegments",
].map((name) => `${NS}${name}`);

/** Traits that only document a shape; they never change types or the wire format. */
const DOC_ONLY_TRAITS = new Set([DOC, "smithy.api#examples", "smithy.api#externalDocumentation"]);

function loadModel(relativeToThisFile: string): SmithyModel {
  return JSON.parse(readFileSync(new URL(relativeToThisFile, import.meta.url), "utf8")) as SmithyModel;
}

const ours = loadModel("../../models/xray.json");
const official = loadModel("../fixtures/models/xray-2016-04-12.json");

function shapeOf(model: SmithyModel, id: string): Shape {
  const shape = model.shapes[id];
  if (!shape) throw new Error(`shape ${id} is missing`);
  return shape;
}

/** Every shape reference a shape makes: operation input/output/errors, members, list members, map keys and values. */
function referencesOf(shape: Shape): ShapeRef[] {
  const refs: ShapeRef[] = [];
  for (const ref of [shape.input, shape.output, shape.member, shape.key, shape.value]) {
    if (ref) refs.push(ref);
  }
  refs.push(...(shape.errors ?? []), ...Object.values(shape.members ?? {}));
  return refs;
}

/**
 * Shape ids reachable from `roots`. Prelude shapes (`smithy.api#Unit`, the
 * target of enum members) are not part of either model and are skipped. A
 * target missing from the model is still reported, so the set comparison
 * shows it instead of the walk hiding it.
 */
function reachableShapeIds(model: SmithyModel, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const pending = [...roots];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (seen.has(id) || id.startsWith("smithy.api#")) continue;
    seen.add(id);
    const shape = model.shapes[id];
    if (shape) pending.push(...referencesOf(shape).map((ref) => ref.target));
  }
  return [...seen].sort();
}

/** `traits` without documentation-only traits; `undefined` when nothing is left, so absent and empty compare equal. */
function behaviouralTraits(traits: Traits | undefined): Traits | undefined {
  const kept = Object.entries(traits ?? {}).filter(([name]) => !DOC_ONLY_TRAITS.has(name));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

function refWithoutDocs(ref: ShapeRef | undefined): ShapeRef | undefined {
  return ref && { target: ref.target, traits: behaviouralTraits(ref.traits) };
}

/** Everything about a shape that the generated code depends on, i.e. the shape minus its documentation. */
function structuralView(shape: Shape): unknown {
  return {
    type: shape.type,
    input: refWithoutDocs(shape.input),
    output: refWithoutDocs(shape.output),
    errors: shape.errors?.map(refWithoutDocs),
    member: refWithoutDocs(shape.member),
    key: refWithoutDocs(shape.key),
    value: refWithoutDocs(shape.value),
    members:
      shape.members &&
      Object.fromEntries(Object.entries(shape.members).map(([name, ref]) => [name, refWithoutDocs(ref)])),
    traits: behaviouralTraits(shape.traits),
  };
}

/** True when a documentation string has text once its HTML tags are removed (the official model has some `<p></p>`). */
function hasText(doc: unknown): boolean {
  return typeof doc === "string" && doc.replace(/<[^>]*>/g, "").trim().length > 0;
}

const reachable = reachableShapeIds(official, SEED_OPERATIONS);
const ourService = shapeOf(ours, SERVICE_ID);
const officialService = shapeOf(official, SERVICE_ID);

describe("models/xray.json: shapes reached by the eight operations", () => {
  it("reaches the same shape ids as the official model", () => {
    expect(reachableShapeIds(ours, SEED_OPERATIONS)).toEqual(reachable);
  });

  it("holds nothing but those shapes and the service shape, sorted by shape id", () => {
    const ids = Object.keys(ours.shapes);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual([...reachable, SERVICE_ID].sort());
  });

  it.each(reachable)("%s has the official type, members, targets and traits", (id) => {
    expect(structuralView(shapeOf(ours, id))).toEqual(structuralView(shapeOf(official, id)));
  });
});

describe("models/xray.json: operations", () => {
  it.each(SEED_OPERATIONS)("%s has the official input, output, errors, http and paginated traits", (id) => {
    const pick = (shape: Shape) => ({
      input: shape.input,
      output: shape.output,
      errors: shape.errors,
      http: shape.traits?.["smithy.api#http"],
      paginated: shape.traits?.["smithy.api#paginated"],
    });
    const ourOperation = shapeOf(ours, id);
    expect(ourOperation.type).toBe("operation");
    expect(pick(ourOperation)).toEqual(pick(shapeOf(official, id)));
  });
});

describe("models/xray.json: service shape", () => {
  it("lists exactly the eight operations", () => {
    const targets = (ourService.operations ?? []).map((ref) => ref.target).sort();
    expect(targets).toEqual(SEED_OPERATIONS);
  });

  it("has the official version and protocol, auth, title and service traits", () => {
    expect(ourService.version).toBe("2016-04-12");
    expect(ourService.version).toBe(officialService.version);
    // Also covers the endpoint traits; they get their own test below for a readable failure.
    expect(behaviouralTraits(ourService.traits)).toEqual(behaviouralTraits(officialService.traits));
  });

  it("copies the endpoint rule set and endpoint tests verbatim", () => {
    for (const trait of ["smithy.rules#endpointRuleSet", "smithy.rules#endpointTests"]) {
      expect(ourService.traits?.[trait], trait).toBeDefined();
      expect(ourService.traits?.[trait], trait).toEqual(officialService.traits?.[trait]);
    }
  });

  it("is a Smithy 2.0 model whose suppressions come from the official model", () => {
    expect(ours.smithy).toBe("2.0");
    expect(official.metadata?.suppressions).toEqual(expect.arrayContaining(ours.metadata?.suppressions ?? []));
  });
});

/**
 * The generator turns `smithy.api#documentation` into TSDoc, so what it
 * documents must have text. Input and output structures are exempt: they are
 * documented through their operation, and the official model leaves them
 * undocumented too. A member may lack text only where the official member does.
 */
describe("models/xray.json: documentation for the generated TSDoc", () => {
  const isIoStructure = (shape: Shape) =>
    shape.traits?.["smithy.api#input"] !== undefined || shape.traits?.["smithy.api#output"] !== undefined;
  const documentedKinds = new Set(["operation", "structure", "union", "service"]);

  const shapesNeedingDocs = Object.entries(ours.shapes)
    .filter(([, shape]) => documentedKinds.has(shape.type) && !isIoStructure(shape))
    .map(([id]) => id);

  it.each(shapesNeedingDocs)("%s is documented", (id) => {
    expect(hasText(shapeOf(ours, id).traits?.[DOC])).toBe(true);
  });

  it("documents every member whose official counterpart is documented", () => {
    const undocumented: string[] = [];
    for (const [id, shape] of Object.entries(ours.shapes)) {
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const officialMember = official.shapes[id]?.members?.[name];
        if (!hasText(member.traits?.[DOC]) && hasText(officialMember?.traits?.[DOC])) {
          undocumented.push(`${id}$${name}`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });
});
