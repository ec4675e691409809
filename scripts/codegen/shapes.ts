/**
 * How model shapes map to TypeScript types and to runtime schema expressions.
 */
import { ModelError, findShape, shapeName, type MemberShape, type Shape, type SmithyModel, type Traits } from "./model.js";

/** Traits whose wire behaviour this generator does not implement yet; meeting one is an error. */
const UNSUPPORTED_TRAITS = [
  "smithy.api#httpLabel",
  "smithy.api#httpQuery",
  "smithy.api#httpQueryParams",
  "smithy.api#httpHeader",
  "smithy.api#httpPrefixHeaders",
  "smithy.api#httpPayload",
  "smithy.api#httpResponseCode",
  "smithy.api#hostLabel",
  "smithy.api#endpoint",
  "smithy.api#streaming",
  "smithy.api#eventPayload",
  "smithy.api#idempotencyToken",
] as const;

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
        const item = this.typeOf(shape.member!.target);
        return /[ |]/.test(item) ? `(${item})[]` : `${item}[]`;
      }
      case "map":
        return `Record<string, ${this.typeOf(shape.value!.target)}>`;
      default:
        throw new ModelError(`$.shapes[${JSON.stringify(id)}].type`, `shape type "${shape.type}" is not supported`);
    }
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
    return member.traits?.["smithy.api#required"] !== undefined;
  }

  private checkSupported(id: string): void {
    const shape = this.shape(id);
    const check = (traits: Traits | undefined, at: string): void => {
      for (const trait of UNSUPPORTED_TRAITS) {
        if (traits?.[trait] !== undefined) {
          throw new ModelError(`${at}.traits[${JSON.stringify(trait)}]`, `${trait} is not supported by this generator yet`);
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
