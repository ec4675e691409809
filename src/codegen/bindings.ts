/**
 * HTTP bindings of operation inputs, outputs and errors: which members leave the JSON body and
 * where they go, checked against the Smithy rules and written as `HttpBinding` data for the
 * runtime (`src/runtime/schema.ts`, `src/runtime/http-bindings.ts`).
 *
 * @see https://smithy.io/2.0/spec/http-bindings.html
 */
import { ModelError, shapeName, type MemberShape, type Shape } from "./model.js";
import { BINDING_TRAITS, article, schemaConst } from "./shapes.js";
import type { GenerationContext } from "./context.js";

/** The bound members of one structure, as emitted. */
export interface StructureBindings {
  /** `Name: [...]` entries, in member order. */
  readonly entries: readonly string[];
  /** The names of the bound members. */
  readonly names: ReadonlySet<string>;
  /** Schema constants the entries reference (payload structures). */
  readonly schemaRefs: ReadonlySet<string>;
}

/** Everything about an operation's HTTP binding that the declaration carries. */
export interface OperationBindings {
  /** The input's bound members. */
  readonly input: StructureBindings;
  /** The output's bound members. */
  readonly output: StructureBindings;
  /** The `smithy.api#endpoint` host prefix, if any. */
  readonly hostPrefix?: string;
  /**
   * Whether the operation needs the binding codec: it binds members, has a host prefix or a
   * literal query, throws an error with bound members, or has no body members at all (then,
   * as restJson1 says, it sends no body).
   */
  readonly needed: boolean;
}

const NONE: StructureBindings = { entries: [], names: new Set(), schemaRefs: new Set() };

const at = (id: string): string => `$.shapes[${JSON.stringify(id)}]`;
const traitAt = (id: string, member: string, trait: string): string => `${at(id)}.members.${member}.traits[${JSON.stringify(trait)}]`;

/**
 * Works out an operation's bindings.
 *
 * @param ctx - the generation context
 * @param operationId - the operation
 * @param refer - names the schema constant of a structure or union (for payloads)
 * @returns the bindings
 * @throws ModelError when the bindings break the Smithy rules (a label without member, a
 *   payload beside body members, a type that cannot go in a header…)
 */
export function operationBindings(ctx: GenerationContext, operationId: string, refer: (id: string) => string): OperationBindings {
  const op = ctx.index.shape(operationId);
  const http = op.traits?.["smithy.api#http"] as { uri: string };
  const inputId = op.input?.target;
  const outputId = op.output?.target;
  const input = inputId ? structureBindings(ctx, inputId, "input", refer) : NONE;
  const output = outputId ? structureBindings(ctx, outputId, "output", refer) : NONE;
  if (inputId) checkLabels(ctx, operationId, inputId, http.uri);
  else if (/\{/.test(http.uri)) throw new ModelError(`${at(operationId)}.traits["smithy.api#http"].uri`, "has labels but the operation has no input");
  const hostPrefix = (op.traits?.["smithy.api#endpoint"] as { hostPrefix?: string } | undefined)?.hostPrefix;
  if (hostPrefix !== undefined) checkHostPrefix(ctx, operationId, inputId, hostPrefix);
  const inputMembers = Object.values(inputId ? (ctx.index.shape(inputId).members ?? {}) : {});
  const errorsBound = (op.errors ?? []).some((ref) => errorBindings(ctx, ref.target).entries.length > 0);
  const tokens = inputMembers.some((member) => member.traits?.["smithy.api#idempotencyToken"] !== undefined);
  const needed =
    input.entries.length > 0 || output.entries.length > 0 || hostPrefix !== undefined || http.uri.includes("?") || inputMembers.length === 0 || errorsBound || tokens;
  return { input, output, ...(hostPrefix !== undefined ? { hostPrefix } : {}), needed };
}

/**
 * The bound members of an error structure (headers and status code; an error payload is refused).
 *
 * @param ctx - the generation context
 * @param errorId - the error structure
 * @returns the bindings
 */
export function errorBindings(ctx: GenerationContext, errorId: string): StructureBindings {
  return structureBindings(ctx, errorId, "error", () => {
    throw new ModelError(at(errorId), "an error with an @httpPayload member is not supported by this generator yet");
  });
}

/**
 * Whether a member travels outside the JSON body, in a structure used as `role`.
 *
 * @param member - the member
 * @param role - input, output or error
 * @returns the binding trait, or `undefined` for a body member
 */
export function bindingTrait(member: MemberShape, role: "input" | "output" | "error"): string | undefined {
  const traits = member.traits ?? {};
  // Labels and query parameters only mean something in requests, status codes in responses.
  const applies = role === "input" ? (t: string) => t !== "smithy.api#httpResponseCode" : (t: string) => !/#http(Label|Query|QueryParams)$/.test(t);
  return BINDING_TRAITS.find((trait) => traits[trait] !== undefined && applies(trait));
}

function structureBindings(ctx: GenerationContext, id: string, role: "input" | "output" | "error", refer: (id: string) => string): StructureBindings {
  const shape = ctx.index.shape(id);
  const entries: string[] = [];
  const names = new Set<string>();
  const schemaRefs = new Set<string>();
  let payload: string | undefined;
  let bodyMember: string | undefined;
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    const present = BINDING_TRAITS.filter((trait) => member.traits?.[trait] !== undefined);
    if (present.length > 1) throw new ModelError(`${at(id)}.members.${name}.traits`, `a member takes one HTTP binding trait, not ${present.join(" and ")}`);
    const trait = bindingTrait(member, role);
    if (!trait) {
      bodyMember ??= name;
      continue;
    }
    names.add(name);
    const where = traitAt(id, name, trait);
    const value = member.traits![trait];
    const target = ctx.index.shape(member.target);
    switch (trait) {
      case "smithy.api#httpLabel":
        if (member.traits?.["smithy.api#required"] === undefined) throw new ModelError(`${at(id)}.members.${name}`, "an @httpLabel member must be @required");
        entries.push(`${name}: ["label", ${ctx.index.httpValueSchemaOf(member, "label", where)}]`);
        break;
      case "smithy.api#httpQuery":
        entries.push(`${name}: ["query", ${JSON.stringify(value)}, ${ctx.index.httpValueSchemaOf(member, "query", where)}]`);
        break;
      case "smithy.api#httpQueryParams":
        entries.push(`${name}: ["queryParams", ${mapValueSchema(ctx, member, target, "query", where)}]`);
        break;
      case "smithy.api#httpHeader": {
        const mediaType = target.type === "string" && target.traits?.["smithy.api#mediaType"] !== undefined ? ", 1" : "";
        entries.push(`${name}: ["header", ${JSON.stringify(String(value).toLowerCase())}, ${ctx.index.httpValueSchemaOf(member, "header", where)}${mediaType}]`);
        break;
      }
      case "smithy.api#httpPrefixHeaders":
        entries.push(`${name}: ["prefixHeaders", ${JSON.stringify(String(value).toLowerCase())}, ${mapValueSchema(ctx, member, target, "header", where)}]`);
        break;
      case "smithy.api#httpPayload": {
        if (payload) throw new ModelError(where, `only one member can be the payload; ${payload} already is`);
        payload = name;
        entries.push(`${name}: ${payloadBinding(ctx, member, target, where, (ref) => {
          const constant = refer(ref);
          schemaRefs.add(constant);
          return constant;
        })}`);
        break;
      }
      case "smithy.api#httpResponseCode":
        if (target.type !== "integer") throw new ModelError(where, `an @httpResponseCode member must target an integer, not ${article(target.type)}`);
        entries.push(`${name}: ["responseCode"]`);
        break;
    }
  }
  if (payload && bodyMember) {
    throw new ModelError(`${at(id)}.members.${bodyMember}`, `a structure with an @httpPayload member (${payload}) cannot have members bound to the body; bind ${bodyMember} to a header, query or label`);
  }
  return { entries, names, schemaRefs };
}

/** How the body schema of an operation's input or output is declared. */
export interface BodySchema {
  /** The members that do not travel in the body. */
  readonly bound: ReadonlySet<string>;
  /**
   * Whether the structure is also a member's target somewhere, so its full schema is needed
   * too and the body one is declared apart (`XBodySchema`).
   */
  readonly separate: boolean;
}

/**
 * The operation inputs and outputs whose declared schema leaves bound members out, because the
 * runtime reads those from `http` bindings instead of the body.
 *
 * @param ctx - the generation context
 * @returns body schemas by structure id
 * @throws ModelError when a structure is an input of one operation and an output of another, with bindings
 */
export function bodySchemas(ctx: GenerationContext): ReadonlyMap<string, BodySchema> {
  let plan = plans.get(ctx);
  if (plan) return plan;
  const roles = new Map<string, "input" | "output">();
  const targets = new Set<string>();
  for (const id of ctx.index.closure) {
    const shape = ctx.index.shape(id);
    if (shape.type === "operation") continue;
    for (const ref of [shape.member, shape.value, ...Object.values(shape.members ?? {})]) if (ref) targets.add(ref.target);
  }
  const entries = new Map<string, BodySchema>();
  for (const operationId of ctx.operations) {
    const op = ctx.index.shape(operationId);
    for (const role of ["input", "output"] as const) {
      const id = op[role]?.target;
      if (!id || id === "smithy.api#Unit") continue;
      const bound = structureBindings(ctx, id, role, () => "").names;
      if (bound.size === 0) continue;
      if (roles.get(id) !== undefined && roles.get(id) !== role) throw new ModelError(at(id), "a structure with HTTP bindings cannot be both an operation input and an output");
      roles.set(id, role);
      entries.set(id, { bound, separate: targets.has(id) });
    }
  }
  plan = entries;
  plans.set(ctx, plan);
  return plan;
}

const plans = new WeakMap<GenerationContext, ReadonlyMap<string, BodySchema>>();

/**
 * The schema constant an operation declares for its input or output: the structure's own, or
 * its body-only variant.
 *
 * @param ctx - the generation context
 * @param id - the structure id
 * @returns the constant's name
 */
export function bodySchemaConst(ctx: GenerationContext, id: string): string {
  const body = bodySchemas(ctx).get(id);
  return body?.separate ? schemaConst(id).replace(/Schema$/, "BodySchema") : schemaConst(id);
}

function mapValueSchema(ctx: GenerationContext, member: MemberShape, target: Shape, location: "query" | "header", where: string): string {
  if (target.type !== "map") throw new ModelError(where, `must target a map, not ${article(target.type)}`);
  const value = target.value!;
  // Prefix headers take strings; query maps take strings or lists of strings.
  const valueShape = ctx.index.shape(value.target);
  const allowed = valueShape.type === "string" || valueShape.type === "enum" || (location === "query" && (valueShape.type === "list" || valueShape.type === "set"));
  if (!allowed) throw new ModelError(where, `the map's values must be strings${location === "query" ? " or lists of strings" : ""}, not ${valueShape.type}`);
  return ctx.index.httpValueSchemaOf(value, location, `${where} (map value)`);
}

function payloadBinding(ctx: GenerationContext, member: MemberShape, target: Shape, where: string, refer: (id: string) => string): string {
  const mediaType = target.traits?.["smithy.api#mediaType"] as string | undefined;
  const schema = ctx.index.schemaOf(member.target, member.traits, refer);
  switch (target.type) {
    case "structure":
    case "union":
    case "document":
      return `["payload", "json", ${schema}, "application/json"]`;
    case "string":
    case "enum":
      return `["payload", "text", ${schema}, ${JSON.stringify(mediaType ?? "text/plain")}]`;
    case "blob":
      return `["payload", "bytes", ${schema}, ${JSON.stringify(mediaType ?? "application/octet-stream")}]`;
    default:
      throw new ModelError(where, `an @httpPayload member must target a structure, union, document, string or blob, not ${article(target.type)}`);
  }
}

/** Every `{Label}` of the URI has an @httpLabel member and every such member a label; at most one greedy label. */
function checkLabels(ctx: GenerationContext, operationId: string, inputId: string, uri: string): void {
  const uriAt = `${at(operationId)}.traits["smithy.api#http"].uri`;
  const path = uri.split("?")[0]!;
  const labels = [...path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]!);
  const members = ctx.index.shape(inputId).members ?? {};
  const greedy = labels.filter((label) => label.endsWith("+"));
  if (greedy.length > 1) throw new ModelError(uriAt, `has ${greedy.length} greedy labels; a URI may have one`);
  const named = new Set<string>();
  for (const label of labels) {
    const name = label.replace(/\+$/, "");
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ModelError(uriAt, `{${label}} is not a valid label`);
    if (named.has(name)) throw new ModelError(uriAt, `uses the label {${name}} twice`);
    named.add(name);
    if (members[name]?.traits?.["smithy.api#httpLabel"] === undefined) {
      throw new ModelError(uriAt, `the label {${label}} needs a member ${name} of ${shapeName(inputId)} with @httpLabel`);
    }
  }
  for (const [name, member] of Object.entries(members)) {
    if (member.traits?.["smithy.api#httpLabel"] !== undefined && !named.has(name)) {
      throw new ModelError(traitAt(inputId, name, "smithy.api#httpLabel"), `${uri} has no {${name}} label for this member`);
    }
  }
}

/** Every `{Label}` of the host prefix names a required string input member with @hostLabel. */
function checkHostPrefix(ctx: GenerationContext, operationId: string, inputId: string | undefined, prefix: string): void {
  const prefixAt = `${at(operationId)}.traits["smithy.api#endpoint"].hostPrefix`;
  if (!/^[A-Za-z0-9.{}-]*$/.test(prefix)) throw new ModelError(prefixAt, `${JSON.stringify(prefix)} is not a host name prefix`);
  const members = inputId ? (ctx.index.shape(inputId).members ?? {}) : {};
  for (const [, name] of prefix.matchAll(/\{([^}]*)\}/g)) {
    const member = members[name!];
    if (!member || member.traits?.["smithy.api#hostLabel"] === undefined) throw new ModelError(prefixAt, `the label {${name}} needs an input member ${name} with @hostLabel`);
    if (ctx.index.shape(member.target).type !== "string" || member.traits?.["smithy.api#required"] === undefined) {
      throw new ModelError(`${at(inputId!)}.members.${name}`, "a @hostLabel member must be a @required string");
    }
  }
}
