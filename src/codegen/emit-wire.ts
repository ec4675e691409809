/**
 * Emits `wire.ts`: what a server of the service needs from the model, for the local endpoint
 * (`src/local/`) and any other stand-in: each operation's HTTP method and path, and the JSON
 * bodies of its request and response as they travel (timestamps as epoch seconds or strings,
 * blobs as base64), so that a server's hand-written code cannot drift from the model unseen.
 *
 * A structure or union whose JSON form is the same as its `models.ts` type (nothing below it is
 * a timestamp or a blob) is used as it is; only the others get a `…Json` declaration here.
 */
import { bindingTrait } from "./bindings.js";
import { docComment } from "./docs.js";
import { describe } from "./emit-models.js";
import { shapeName, type MemberShape, type Shape } from "./model.js";
import type { GenerationContext } from "./context.js";

/**
 * @param ctx - the generation context
 * @returns the file's text
 */
export function emitWire(ctx: GenerationContext): string {
  const wire = new WireTypes(ctx);
  const routes: string[] = [];
  const inputs: string[] = [];
  const outputs: string[] = [];
  for (const id of ctx.operations) {
    const operation = ctx.index.shape(id);
    const name = shapeName(id);
    const http = operation.traits?.["smithy.api#http"] as { method: string; uri: string } | undefined;
    if (http) routes.push(`  ${name}: { method: ${JSON.stringify(http.method)}, uri: ${JSON.stringify(http.uri)} },`);
    const input = wire.body(operation.input?.target, "input");
    const output = wire.body(operation.output?.target, "output");
    if (input) inputs.push(`  ${name}: ${input};`);
    if (output) outputs.push(`  ${name}: ${output};`);
  }
  const declarations = wire.declarations();
  const imports = [...wire.modelTypes].sort();
  return [
    ctx.header,
    ...(imports.length ? [`import type { ${imports.join(", ")} } from "./models.js";\n`] : []),
    docComment("", "Each operation's HTTP binding (its `smithy.api#http` trait) by operation name: the method, and the URI pattern the request goes to (`{label}` segments stand for input members).", ["@internal"]) +
      `export const OperationHttp = {\n${routes.join("\n")}\n} as const;\n`,
    docComment("", "The name of an operation of this service.", ["@internal"]) + "export type OperationName = keyof typeof OperationHttp;\n",
    docComment("", "The JSON body of each operation's request, by operation name (members bound to the URI, query or headers left out).", ["@internal"]) +
      `export interface OperationInputJson {\n${inputs.join("\n")}\n}\n`,
    docComment("", "The JSON body of each operation's response, by operation name (members bound to headers or the status code left out).", ["@internal"]) +
      `export interface OperationOutputJson {\n${outputs.join("\n")}\n}\n`,
    ...declarations,
  ].join("\n");
}

/** The JSON forms of the shapes that operation bodies reach, declared as they are first needed. */
class WireTypes {
  /** `models.ts` types the declarations mention. */
  readonly modelTypes = new Set<string>();
  readonly #declared = new Map<string, string>();
  readonly #differs = new Map<string, boolean>();

  constructor(private readonly ctx: GenerationContext) {}

  /**
   * The type of an operation's request or response body.
   *
   * @param id - the input or output structure (absent or `smithy.api#Unit`: no body)
   * @param role - which side
   * @returns a type expression, or `undefined` when the body is not JSON
   */
  body(id: string | undefined, role: "input" | "output"): string | undefined {
    if (id === undefined || id === "smithy.api#Unit") return "{}";
    const shape = this.ctx.index.shape(id);
    const members = Object.entries(shape.members ?? {});
    const payload = members.find(([, member]) => bindingTrait(member, role) === "smithy.api#httpPayload");
    if (payload) {
      const target = this.ctx.index.shape(payload[1].target);
      return target.type === "structure" || target.type === "union" ? this.typeOf(payload[1]) : undefined;
    }
    const body = members.filter(([, member]) => bindingTrait(member, role) === undefined);
    if (body.length === members.length) return this.typeOf({ target: id });
    // Some members travel outside the body: the body is a structure of its own.
    return `{\n${body.map(([name, member]) => this.memberLine(`${id}$${name}`, name, member, "    ")).join("\n")}\n  }`;
  }

  /** @returns the `…Json` declarations, in the order first needed */
  declarations(): string[] {
    return [...this.#declared.values()];
  }

  /**
   * The JSON type of a member's value.
   *
   * @param member - the member (its traits decide a timestamp's format)
   * @returns a type expression
   */
  typeOf(member: Pick<MemberShape, "target" | "traits">): string {
    const { index } = this.ctx;
    const shape = index.shape(member.target);
    switch (shape.type) {
      case "timestamp": {
        const format = (member.traits?.["smithy.api#timestampFormat"] ?? shape.traits?.["smithy.api#timestampFormat"]) as string | undefined;
        // Epoch seconds, fractions allowed, unless the model asks for a date string.
        return format === "date-time" || format === "http-date" ? "string" : "number";
      }
      case "blob":
        return "string";
      case "list":
      case "set": {
        const sparse = shape.traits?.["smithy.api#sparse"] !== undefined ? " | null" : "";
        const item = this.typeOf(shape.member!) + sparse;
        return /[ |{]/.test(item) ? `(${item})[]` : `${item}[]`;
      }
      case "map": {
        const sparse = shape.traits?.["smithy.api#sparse"] !== undefined ? " | null" : "";
        return `Record<string, ${this.typeOf(shape.value!)}${sparse}>`;
      }
      case "structure":
      case "union":
        if (member.target !== "smithy.api#Unit" && this.#jsonDiffers(member.target)) return this.#declare(member.target, shape);
        break;
    }
    for (const name of index.typeRefs(member.target)) this.modelTypes.add(name);
    return index.typeOf(member.target);
  }

  #declare(id: string, shape: Shape): string {
    const name = `${shapeName(id)}Json`;
    if (this.#declared.has(id)) return name;
    this.#declared.set(id, "");
    const summary = `The model's \`${shapeName(id)}\` as JSON on the wire: timestamps as numbers (epoch seconds) or strings, as the model says, blobs as base64 strings.`;
    const members = Object.entries(shape.members ?? {});
    let text: string;
    if (shape.type === "union") {
      const variants = members.map(([member, ref]) => `{ ${member}: ${this.typeOf(ref)} }`);
      text = docComment("", summary, ["Exactly one member is set."]) + `export type ${name} = ${variants.join(" | ")};\n`;
    } else {
      const lines = members.map(([member, ref]) => this.memberLine(`${id}$${member}`, member, ref, "  "));
      text = docComment("", summary) + `export interface ${name} {\n${lines.join("\n")}\n}\n`;
    }
    this.#declared.set(id, text);
    return name;
  }

  memberLine(memberId: string, name: string, member: MemberShape, indent: string): string {
    const doc = docComment(indent, describe(this.ctx, member, this.ctx.index.shape(member.target), memberId));
    const optional = this.ctx.index.isRequired(member) ? "" : "?";
    return `${doc}${indent}${name}${optional}: ${this.typeOf(member)};`;
  }

  /** Whether a shape's JSON form differs from its `models.ts` type: a timestamp or blob lies below it. */
  #jsonDiffers(id: string): boolean {
    const known = this.#differs.get(id);
    if (known !== undefined) return known;
    // A cycle back to a shape being examined adds nothing new.
    this.#differs.set(id, false);
    const shape = this.ctx.index.shape(id);
    const targets = [...Object.values(shape.members ?? {}), shape.member, shape.value].filter((ref) => ref !== undefined).map((ref) => ref.target);
    const differs = shape.type === "timestamp" || shape.type === "blob" || targets.some((target) => this.#jsonDiffers(target));
    this.#differs.set(id, differs);
    return differs;
  }
}
