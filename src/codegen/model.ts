/**
 * The Smithy JSON AST as the generator reads it: types, loading, validation and the closure of
 * shapes an operation set reaches.
 * @see https://smithy.io/2.0/spec/json-ast.html
 */

/** A reference to another shape. */
export interface ShapeRef {
  readonly target: string;
}

/** A member of a structure, union, list or map. */
export interface MemberShape extends ShapeRef {
  readonly traits?: Traits;
}

/** Trait values by trait id. */
export type Traits = Readonly<Record<string, unknown>>;

/** One shape of the model. */
export interface Shape {
  readonly type: string;
  readonly traits?: Traits;
  readonly members?: Readonly<Record<string, MemberShape>>;
  readonly member?: MemberShape;
  readonly key?: MemberShape;
  readonly value?: MemberShape;
  readonly input?: ShapeRef;
  readonly output?: ShapeRef;
  readonly errors?: readonly ShapeRef[];
  readonly operations?: readonly ShapeRef[];
  readonly resources?: readonly ShapeRef[];
  readonly collectionOperations?: readonly ShapeRef[];
  readonly version?: string;
}

/** A parsed model. */
export interface SmithyModel {
  readonly smithy: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly shapes: Readonly<Record<string, Shape>>;
}

/** The prelude shapes models may target without defining them. */
const PRELUDE: Readonly<Record<string, string>> = {
  String: "string",
  Blob: "blob",
  BigInteger: "bigInteger",
  BigDecimal: "bigDecimal",
  Timestamp: "timestamp",
  Document: "document",
  Boolean: "boolean",
  PrimitiveBoolean: "boolean",
  Byte: "byte",
  PrimitiveByte: "byte",
  Short: "short",
  PrimitiveShort: "short",
  Integer: "integer",
  PrimitiveInteger: "integer",
  Long: "long",
  PrimitiveLong: "long",
  Float: "float",
  PrimitiveFloat: "float",
  Double: "double",
  PrimitiveDouble: "double",
  Unit: "structure",
};

/** Thrown for a model the generator cannot use; names the JSON path of the problem. */
export class ModelError extends Error {
  /**
   * @param path - JSON path of the offending value, e.g. `$.shapes["a#B"].members.C.target`
   * @param problem - what is wrong
   */
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = "ModelError";
  }
}

/**
 * Looks a shape up, including prelude shapes.
 *
 * @param model - the model
 * @param id - the absolute shape id
 * @returns the shape, or `undefined`
 */
export function findShape(model: SmithyModel, id: string): Shape | undefined {
  const own = model.shapes[id];
  if (own) return own;
  if (id.startsWith("smithy.api#")) {
    const type = PRELUDE[id.slice("smithy.api#".length)];
    if (type) return { type, ...(id === "smithy.api#Unit" ? { members: {}, traits: { "smithy.api#unitType": {} } } : {}) };
  }
  return undefined;
}

/**
 * Like {@link findShape}, but a missing shape is a {@link ModelError}.
 *
 * @param model - the model
 * @param id - the shape id
 * @param path - JSON path of the reference, for the error
 * @returns the shape
 */
export function getShape(model: SmithyModel, id: string, path: string): Shape {
  const shape = findShape(model, id);
  if (!shape) throw new ModelError(path, `targets ${id}, which the model does not define`);
  return shape;
}

/**
 * Parses and validates a model.
 *
 * @param text - the JSON text
 * @returns the model
 * @throws ModelError naming the JSON path of the first problem found
 */
export function parseModel(text: string): SmithyModel {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ModelError("$", `not JSON (${(error as Error).message})`);
  }
  if (typeof raw !== "object" || raw === null || typeof (raw as SmithyModel).shapes !== "object") {
    throw new ModelError("$.shapes", "missing: a Smithy JSON AST model has a `shapes` object");
  }
  const model = raw as SmithyModel;
  validateModel(model);
  return model;
}

/**
 * Checks that every reference resolves, every operation has an `http` binding, and no two
 * operations of a service share a method and URI.
 *
 * @param model - the model
 * @throws ModelError for the first problem
 */
export function validateModel(model: SmithyModel): void {
  for (const [id, shape] of Object.entries(model.shapes)) {
    const at = `$.shapes[${JSON.stringify(id)}]`;
    if (typeof shape?.type !== "string") throw new ModelError(`${at}.type`, "missing");
    if (!id.includes("#")) throw new ModelError(at, "a shape id must be absolute (namespace#Name)");
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      getShape(model, member.target, `${at}.members.${name}.target`);
    }
    for (const part of ["member", "key", "value", "input", "output"] as const) {
      const ref = shape[part];
      if (ref) getShape(model, ref.target, `${at}.${part}.target`);
    }
    for (const list of ["errors", "operations", "resources", "collectionOperations"] as const) {
      shape[list]?.forEach((ref, i) => getShape(model, ref.target, `${at}.${list}[${i}].target`));
    }
    for (const lifecycle of LIFECYCLE) {
      const ref = (shape as Shape & Record<string, ShapeRef | undefined>)[lifecycle];
      if (ref) getShape(model, ref.target, `${at}.${lifecycle}.target`);
    }
    if (shape.type === "operation") {
      for (const part of ["input", "output"] as const) {
        const ref = shape[part];
        if (ref && findShape(model, ref.target)!.type !== "structure") throw new ModelError(`${at}.${part}.target`, `${ref.target} is not a structure`);
      }
    }
    if (shape.type === "list" && !shape.member) throw new ModelError(`${at}.member`, "a list needs a member");
    if (shape.type === "map" && (!shape.key || !shape.value)) throw new ModelError(at, "a map needs a key and a value");
  }
  for (const [id, shape] of Object.entries(model.shapes)) {
    if (shape.type !== "service") continue;
    const seen = new Map<string, string>();
    for (const opId of serviceOperations(model, id)) {
      const at = `$.shapes[${JSON.stringify(opId)}]`;
      const http = model.shapes[opId]?.traits?.["smithy.api#http"] as { method?: unknown; uri?: unknown; code?: unknown } | undefined;
      if (!http) throw new ModelError(`${at}.traits["smithy.api#http"]`, "missing: every operation needs an http binding");
      if (typeof http.method !== "string" || !/^[A-Za-z]+$/.test(http.method)) throw new ModelError(`${at}.traits["smithy.api#http"].method`, "missing or not an HTTP method");
      if (typeof http.uri !== "string" || !http.uri.startsWith("/")) throw new ModelError(`${at}.traits["smithy.api#http"].uri`, "missing or not a path starting with /");
      if (http.code !== undefined && (!Number.isInteger(http.code) || (http.code as number) < 200 || (http.code as number) > 299)) {
        throw new ModelError(`${at}.traits["smithy.api#http"].code`, "not a 2xx status code");
      }
      const key = uriKey(http.method, http.uri);
      const other = seen.get(key);
      if (other) throw new ModelError(`${at}.traits["smithy.api#http"].uri`, `${http.method} ${http.uri} conflicts with the binding of ${other} (${key})`);
      seen.set(key, opId);
    }
  }
}

/** The lifecycle operations of a resource shape. */
const LIFECYCLE = ["create", "put", "read", "update", "delete", "list"] as const;

/**
 * The routing key of an HTTP binding: two operations with the same key cannot be told apart by
 * a server. Label names do not matter (`/a/{x}` is `/a/{y}`), greediness does, and a literal
 * query (`?x-id=Get`) is part of the key, in any order.
 *
 * @param method - the HTTP method
 * @param uri - the URI pattern
 * @returns e.g. `GET /things/{}/{+}?x-id=Get`
 */
export function uriKey(method: string, uri: string): string {
  const [path = "", query] = uri.split("?", 2);
  const normalPath = path.replace(/\{[^}]+?(\+)?\}/g, (_, greedy: string | undefined) => (greedy ? "{+}" : "{}")).replace(/\/+$/, "");
  const normalQuery = query ? `?${query.split("&").filter(Boolean).sort().join("&")}` : "";
  return `${method.toUpperCase()} ${normalPath || "/"}${normalQuery}`;
}

/**
 * Lists a service's operations, including those bound through resources, sorted by id.
 *
 * @param model - the model
 * @param serviceId - the service shape id
 * @returns operation shape ids
 */
export function serviceOperations(model: SmithyModel, serviceId: string): string[] {
  const out = new Set<string>();
  const visit = (id: string): void => {
    const shape = model.shapes[id];
    if (!shape) return;
    if (shape.type === "operation") {
      out.add(id);
      return;
    }
    for (const ref of shape.operations ?? []) visit(ref.target);
    for (const ref of shape.collectionOperations ?? []) visit(ref.target);
    for (const ref of shape.resources ?? []) visit(ref.target);
    const resource = shape as Shape & Record<string, ShapeRef | undefined>;
    for (const lifecycle of LIFECYCLE) {
      const ref = resource[lifecycle];
      if (ref) visit(ref.target);
    }
  };
  visit(serviceId);
  return [...out].sort();
}

/**
 * Finds the model's single service shape.
 *
 * @param model - the model
 * @returns the service shape id
 * @throws ModelError when there is none or more than one
 */
export function findService(model: SmithyModel): string {
  const services = Object.keys(model.shapes).filter((id) => model.shapes[id]!.type === "service");
  if (services.length !== 1) throw new ModelError("$.shapes", `expected one service shape, found ${services.length}`);
  return services[0]!;
}

/**
 * The shapes reachable from the given operations: their inputs, outputs, errors and everything
 * those target, transitively.
 *
 * @param model - the model
 * @param operations - operation shape ids
 * @returns shape ids in sorted order
 */
export function shapeClosure(model: SmithyModel, operations: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const shape = findShape(model, id);
    if (!shape) return;
    for (const ref of [shape.input, shape.output, ...(shape.errors ?? []), shape.member, shape.key, shape.value]) {
      if (ref) visit(ref.target);
    }
    for (const member of Object.values(shape.members ?? {})) visit(member.target);
  };
  operations.forEach(visit);
  return [...seen].sort();
}

/**
 * The name part of a shape id (`com.amazonaws.xray#TraceId` → `TraceId`).
 *
 * @param id - the shape id
 * @returns the name
 */
export const shapeName = (id: string): string => id.slice(id.indexOf("#") + 1);
