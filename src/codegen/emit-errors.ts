/**
 * Emits `errors.ts`: the service's base exception and one class per modelled error, shaped as
 * in `@aws-sdk/client-xray` (same names, `$fault`, `shapeId`, members). Each class carries the
 * data the runtime reads the error with: body member schemas, `@jsonName` renames, members
 * bound to headers or the status code, and which members are `@sensitive`.
 */
import { deprecationTags, docComment } from "./docs.js";
import { shapeName } from "./model.js";
import { describe } from "./emit-models.js";
import { bindingTrait, errorBindings } from "./bindings.js";
import { schemaConst } from "./emit-schemas.js";
import type { GenerationContext } from "./context.js";

/** Error members holding the service's message (the runtime also reads these into `message`). */
const MESSAGE_MEMBER = /^(message|errormessage)$/i;

/** What `$fault` says, by the fault the model's `smithy.api#error` trait gives. */
const FAULT_DOC = {
  client: '`"client"`: the model puts this error down to the caller (what it sent, or how often), not to the service.',
  server: '`"server"`: the model puts this error down to the service, not to the caller.',
} as const;

/**
 * The documentation of an error's message member when the model gives none.
 *
 * @param sensitive - whether the member is `@sensitive` (it then stays out of `message`)
 * @returns Markdown
 */
const messageDoc = (sensitive: boolean): string =>
  sensitive
    ? "The message from the error body. `@sensitive` in the model, so the error's `message` shows `***SensitiveInformation***` in its place."
    : "The message from the error body, as the service sent it. The error's `message` quotes it between the operation's name and the error code, HTTP status and request ID.";

/**
 * @param ctx - the generation context
 * @returns the file's text
 */
export function emitErrors(ctx: GenerationContext): string {
  const base = `${ctx.clientPrefix}ServiceException`;
  const schemaRefs = new Set<string>();
  const modelTypes = new Set<string>();
  let usesBindings = false;
  const classes = [
    docComment("", `The base of every error the service returns. An error code the model does not list still arrives as a \`${base}\` whose \`name\` is that code.`, ["@public"]) +
      `export class ${base} extends ServiceException {\n` +
      // No constructor: ServiceException's takes the same options, and already resets the
      // prototype to the constructed class's, so subclasses need not repeat it.
      `  /** @internal */\n  static override readonly shapeId: string = ${JSON.stringify(`smithy.ts.sdk.synthetic.${ctx.serviceId.split("#")[0]}#${base}`)};\n}\n`,
  ];
  for (const id of ctx.errorShapes) {
    const shape = ctx.index.shape(id);
    const name = shapeName(id);
    const fault = shape.traits?.["smithy.api#error"] === "server" ? "server" : "client";
    const members = Object.entries(shape.members ?? {});
    const ownMembers = members.filter(([member]) => member !== "message");
    for (const [, ref] of members) for (const type of ctx.index.typeRefs(ref.target)) modelTypes.add(type);
    // Bound members (headers, status code) are read by the binding codec, the rest from the body.
    const bodyMembers = members.filter(([, ref]) => !bindingTrait(ref, "error"));
    const refer = (target: string): string => {
      schemaRefs.add(schemaConst(target));
      return schemaConst(target);
    };
    const schema = bodyMembers.map(([member, ref]) => `${member}: ${ctx.index.schemaOf(ref.target, ref.traits, refer)}`);
    const wireNames = bodyMembers.flatMap(([member, ref]) => {
      const jsonName = ref.traits?.["smithy.api#jsonName"];
      return typeof jsonName === "string" && jsonName !== member ? [`${member}: ${JSON.stringify(jsonName)}`] : [];
    });
    const bindings = errorBindings(ctx, id).entries;
    usesBindings ||= bindings.length > 0;
    const sensitive = members.filter(([, ref]) => ctx.index.isSensitive(ref)).map(([member]) => member);
    // A `message` member is Error's own `message`, which the runtime sets to the full message.
    const sensitiveMessage = sensitive.some((member) => MESSAGE_MEMBER.test(member));
    const fields = ownMembers.map(([member, ref]) => {
      const text = describe(ctx, ref, ctx.index.shape(ref.target), `${id}$${member}`) || (MESSAGE_MEMBER.test(member) ? messageDoc(sensitiveMessage) : "");
      const doc = docComment("  ", text, deprecationTags(ref));
      return `${doc}  ${member}?: ${ctx.index.typeOf(ref.target)} | undefined;`;
    });
    // Sensitive members stay readable but out of enumeration, so that JSON.stringify,
    // util.inspect and loggers walking the error do not print them.
    const assigns = ownMembers.map(([member]) =>
      sensitive.includes(member)
        ? `    Object.defineProperty(this, ${JSON.stringify(member)}, { value: options.${member}, enumerable: false, writable: true, configurable: true });`
        : `    this.${member} = options.${member};`,
    );
    const status = shape.traits?.["smithy.api#httpError"];
    const statics = [
      `  /** @internal */\n  static override readonly shapeId: string = ${JSON.stringify(id)};\n`,
      `  /** @internal */\n  static readonly members: Readonly<Record<string, Schema>> = { ${schema.join(", ")} };\n`,
      wireNames.length ? `  /** @internal */\n  static readonly wireNames: Readonly<Record<string, string>> = { ${wireNames.join(", ")} };\n` : "",
      bindings.length ? `  /** @internal */\n  static readonly bindings: HttpBindingMap = { ${bindings.join(", ")} };\n` : "",
      sensitiveMessage ? `  /** @internal */\n  static readonly sensitiveMessage = true;\n` : "",
    ];
    classes.push(
      docComment("", describe(ctx, shape), [...(status ? [`HTTP status ${status}.`] : []), ...deprecationTags(shape), "@public"]) +
        `export class ${name} extends ${base} {\n` +
        statics.join("") +
        docComment("  ", `The error code, \`${JSON.stringify(name)}\`. Comparing it also works with errors from another copy of this package, where \`instanceof\` fails.`) +
        `  override readonly name = ${JSON.stringify(name)} as const;\n` +
        docComment("  ", FAULT_DOC[fault]) +
        `  override readonly $fault = ${JSON.stringify(fault)} as const;\n` +
        `${fields.join("\n")}\n\n` +
        `  /**\n   * @param options - metadata, message and the error's members\n   * @internal\n   */\n` +
        `  constructor(options: Omit<ServiceExceptionOptions, "name" | "$fault"> & { ${ownMembers.map(([m, ref]) => `${m}?: ${ctx.index.typeOf(ref.target)} | undefined`).join("; ")} }) {\n` +
        // The \`name\` and \`$fault\` fields above are set after super() returns, so they need not
        // be passed up; ServiceException already sets the prototype to this class's.
        `    super(options as ServiceExceptionOptions);\n` +
        `${assigns.join("\n")}\n  }\n}\n`,
    );
  }
  const body = classes.join("\n");
  const runtimeTypes = [...(usesBindings ? ["HttpBindingMap"] : []), ...(ctx.errorShapes.length ? ["Schema"] : [])];
  const imports = [
    // Only modelled errors' constructors name the options type; the base class has none.
    `import { ServiceException${ctx.errorShapes.length ? ", type ServiceExceptionOptions" : ""} } from "${ctx.smithy("@smithy/smithy-client", 0)}";`,
    /\bDocumentType\b/.test(body) ? `import type { DocumentType } from "${ctx.smithy("@smithy/types", 0)}";` : "",
    runtimeTypes.length ? `import type { ${runtimeTypes.join(", ")} } from "${ctx.runtime("schema", 0)}";` : "",
    modelTypes.size ? `import type { ${[...modelTypes].sort().join(", ")} } from "./models.js";` : "",
    schemaRefs.size ? `import { ${[...schemaRefs].sort().join(", ")} } from "./schemas.js";` : "",
  ].filter(Boolean);
  return [ctx.header, ...imports, "", body].join("\n");
}
