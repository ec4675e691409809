/**
 * How model shapes map to TypeScript types and to runtime schema expressions.
 */
import { ModelError, findShape, shapeName, type MemberShape, type Shape, type SmithyModel, type Traits } from "./model.js";

/**
 * Traits whose wire behaviour this generator does not implement; meeting one is an error, so a
 * model never turns into a client that silently sends the wrong request.
 */
const UNSUPPORTED_TRAITS: Readonly<Record<string, string>> = {
  "smithy.api#streaming": "streaming blobs and event streams need a streaming body",
  "smithy.api#eventPayload": "event streams need a streaming body",
  "smithy.api#eventHeader": "event streams need a streaming body",
  "smithy.api#requestCompression": "the service expects compressed request bodies",
  "smithy.api#httpChecksumRequired": "the service expects a Content-MD5 checksum",
  "aws.protocols#httpChecksum": "the service expects flexible checksums",
  "smithy.rules#contextParam": "endpoint rules read this input member",
  "smithy.rules#staticContextParams": "endpoint rules need per-operation parameters",
  "smithy.rules#operationContextParams": "endpoint rules read this operation's input",
  "aws.api#clientEndpointDiscovery": "the service uses endpoint discovery",
  "aws.api#clientDiscoveredEndpoint": "the operation uses endpoint discovery",
};

/** The Smithy HTTP traits that move a member out of the JSON body. */
export const BINDING_TRAITS = [
  "smithy.api#httpLabel",
  "smithy.api#httpQuery",
  "smithy.api#httpQueryParams",
  "smithy.api#httpHeader",
  "smithy.api#httpPrefixHeaders",
  "smithy.api#httpPayload",
  "smithy.api#httpResponseCode",
] as const;

/**
 * A type name with its indefinite article, for messages: `a list`, `an integer`.
 *
 * @param word - the word
 * @returns the word with `a` or `an`
 */
export const article = (word: string): string => `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;

/** Numeric shape types that are integers. */
const INTEGER_TYPES = new Set(["byte", "short", "integer", "long", "intEnum"]);

/** Where an HTTP-bound value goes, which decides the default timestamp format. */
export type HttpLocation = "header" | "query" | "label";

/**
 * The constant holding a shape's schema in `schemas.ts`.
 *
 * @param id - the shape id
 * @returns the constant's name
 */
export const schemaConst = (id: string): string => (id === "smithy.api#Unit" ? "UnitSchema" : `${shapeName(id)}Schema`);

/** Shape types that are named declarations in `models.ts`. */
export const NAMED_TYPES = new Set(["structure", "union", "enum", "intEnum"]);

/**
 * Shape access and naming for one generation run.
 */
export class ShapeIndex {
  /**
   * @param model - the model
   * @param closure - the shape ids being generated
   */
  constructor(
    readonly model: SmithyModel,
    readonly closure: readonly string[],
  ) {
    const names = new Map<string, string>();
    for (const id of closure) {
      const shape = this.shape(id);
      if (!NAMED_TYPES.has(shape.type) || id === "smithy.api#Unit") continue;
      const name = shapeName(id);
      const other = names.get(name);
      if (other) throw new ModelError(`$.shapes[${JSON.stringify(id)}]`, `its name clashes with ${other}`);
      names.set(name, id);
    }
    for (const id of closure) this.checkSupported(id);
  }

  /**
   * @param id - a shape id in the model
   * @returns the shape
   */
  shape(id: string): Shape {
    const shape = findShape(this.model, id);
    if (!shape) throw new ModelError(`$.shapes[${JSON.stringify(id)}]`, "missing");
    return shape;
  }

  /**
   * The TypeScript type of a shape.
   *
   * @param id - the shape id
   * @param output - whether the type is read from a response (unions then admit `$unknown`)
   * @returns a type expression
   */
  typeOf(id: string): string {
    const shape = this.shape(id);
    switch (shape.type) {
      case "string": {
        const legacy = shape.traits?.["smithy.api#enum"] as { value: string }[] | undefined;
        return legacy ? legacy.map((e) => JSON.stringify(e.value)).join(" | ") : "string";
      }
      case "enum":
      case "intEnum":
      case "union":
        return shapeName(id);
      case "structure":
        return id === "smithy.api#Unit" ? "{}" : shapeName(id);
      case "boolean":
        return "boolean";
      case "byte":
      case "short":
      case "integer":
      case "long":
      case "float":
      case "double":
        return "number";
      case "timestamp":
        return "Date";
      case "blob":
        return "Uint8Array";
      case "document":
        return "DocumentType";
      case "list":
      case "set": {
        // A @sparse collection keeps nulls, so its items may be null.
        const sparse = shape.traits?.["smithy.api#sparse"] !== undefined ? " | null" : "";
        const item = this.typeOf(shape.member!.target) + sparse;
        return /[ |]/.test(item) ? `(${item})[]` : `${item}[]`;
      }
      case "map": {
        const sparse = shape.traits?.["smithy.api#sparse"] !== undefined ? " | null" : "";
        return `Record<string, ${this.typeOf(shape.value!.target)}${sparse}>`;
      }
      default:
        throw new ModelError(`$.shapes[${JSON.stringify(id)}].type`, `shape type "${shape.type}" is not supported`);
    }
  }

  /**
   * The named types (`models.ts` declarations) that {@link ShapeIndex.typeOf} mentions for a shape.
   *
   * @param id - the shape id
   * @returns type names
   */
  typeRefs(id: string): string[] {
    const shape = this.shape(id);
    if (NAMED_TYPES.has(shape.type)) return id === "smithy.api#Unit" ? [] : [shapeName(id)];
    if (shape.type === "list" || shape.type === "set") return this.typeRefs(shape.member!.target);
    if (shape.type === "map") return this.typeRefs(shape.value!.target);
    return [];
  }

  /**
   * The runtime schema expression for a value of a shape (see `src/runtime/schema.ts`).
   *
   * @param id - the target shape id
   * @param memberTraits - traits of the member that targets it (for `timestampFormat`)
   * @param refer - how to reference a named structure or union schema
   * @returns a TypeScript expression
   */
  schemaOf(id: string, memberTraits: Traits | undefined, refer: (id: string) => string): string {
    const shape = this.shape(id);
    switch (shape.type) {
      case "float":
      case "double":
        return "1";
      case "timestamp": {
        const format = (memberTraits?.["smithy.api#timestampFormat"] ?? shape.traits?.["smithy.api#timestampFormat"]) as string | undefined;
        return format === "date-time" ? "3" : format === "http-date" ? "4" : "2";
      }
      case "blob":
        return "5";
      case "list":
      case "set": {
        const sparse = shape.traits?.["smithy.api#sparse"] !== undefined ? ", 1" : "";
        return `["l", ${this.schemaOf(shape.member!.target, shape.member!.traits, refer)}${sparse}]`;
      }
      case "map": {
        const sparse = shape.traits?.["smithy.api#sparse"] !== undefined ? ", 1" : "";
        return `["m", ${this.schemaOf(shape.value!.target, shape.value!.traits, refer)}${sparse}]`;
      }
      case "structure":
      case "union":
        return refer(id);
      // Distinct kinds let the runtime reject a response value of the wrong JSON type.
      case "boolean":
        return "6";
      case "byte":
      case "short":
      case "integer":
      case "long":
      case "intEnum":
        return "7";
      case "document":
        return "8";
      default:
        return "0";
    }
  }

  /**
   * Whether a structure member is required.
   *
   * @param member - the member
   * @returns true when it carries `smithy.api#required`
   */
  isRequired(member: MemberShape): boolean {
    // @clientOptional members, and idempotency tokens the client fills in, may be left out.
    const traits = member.traits ?? {};
    return traits["smithy.api#required"] !== undefined && traits["smithy.api#clientOptional"] === undefined && traits["smithy.api#idempotencyToken"] === undefined;
  }

  /**
   * Whether a member's value is `@sensitive`, through the member or the shape it targets.
   *
   * @param member - the member
   * @returns true when sensitive
   */
  isSensitive(member: MemberShape): boolean {
    return member.traits?.["smithy.api#sensitive"] !== undefined || this.shape(member.target).traits?.["smithy.api#sensitive"] !== undefined;
  }

  /**
   * The schema expression of an HTTP-bound value (see `HttpValueSchema` in `src/runtime/schema.ts`).
   *
   * @param member - the bound member (or a list member / map value)
   * @param location - where the value goes; decides the default timestamp format
   * @param at - JSON path of the member, for errors
   * @param nested - whether this is the item of a list (lists of lists cannot be bound)
   * @returns a TypeScript expression
   * @throws ModelError when the target cannot be bound to that location
   */
  httpValueSchemaOf(member: MemberShape, location: HttpLocation, at: string, nested = false): string {
    const shape = this.shape(member.target);
    const type = shape.type;
    if (type === "timestamp") {
      const format = (member.traits?.["smithy.api#timestampFormat"] ?? shape.traits?.["smithy.api#timestampFormat"]) as string | undefined;
      const resolved = format ?? (location === "header" ? "http-date" : "date-time");
      return resolved === "date-time" ? "3" : resolved === "http-date" ? "4" : "2";
    }
    if (type === "boolean") return "6";
    if (INTEGER_TYPES.has(type)) return "7";
    if (type === "float" || type === "double") return "1";
    if (type === "blob" && location !== "label") return "5";
    if (type === "string" || type === "enum") return "0";
    if ((type === "list" || type === "set") && !nested && location !== "label") {
      return `["l", ${this.httpValueSchemaOf(shape.member!, location, `${at} (list member)`, true)}]`;
    }
    throw new ModelError(at, `${article(type)} (${member.target}) cannot be bound to an HTTP ${location}`);
  }

  private checkSupported(id: string): void {
    const shape = this.shape(id);
    const check = (traits: Traits | undefined, at: string): void => {
      for (const [trait, why] of Object.entries(UNSUPPORTED_TRAITS)) {
        if (traits?.[trait] !== undefined) {
          throw new ModelError(`${at}.traits[${JSON.stringify(trait)}]`, `${trait} is not supported by this generator yet (${why}); ${id} cannot be generated`);
        }
      }
    };
    const at = `$.shapes[${JSON.stringify(id)}]`;
    check(shape.traits, at);
    for (const [name, member] of Object.entries(shape.members ?? {})) check(member.traits, `${at}.members.${name}`);
    if (shape.type === "bigInteger" || shape.type === "bigDecimal") {
      throw new ModelError(`${at}.type`, `${shape.type} is not supported by this generator yet`);
    }
  }
}
