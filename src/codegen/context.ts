/**
 * Everything one generation run knows: the model, the service, the chosen operations, the shape
 * closure and the names derived from them.
 */
import { ModelError, findService, serviceOperations, shapeClosure, shapeName, type Shape, type SmithyModel } from "./model.js";
import { SUPPLIED_PARAMETERS } from "./rules-library.js";
import { NAMED_TYPES, ShapeIndex } from "./shapes.js";

/** Options of a generation run. */
export interface GenerateOptions {
  /** How the model is named in file headers, e.g. `models/xray.json`. */
  readonly modelLabel: string;
  /** Only these operations (by name) and the shapes they reach; all when absent. */
  readonly operations?: readonly string[];
  /** The module name used in `@example` imports. */
  readonly packageName?: string;
  /**
   * Where generated code imports the runtime from. A relative path (`../runtime`) names the
   * directory of the runtime's source files, as seen from the output root, and each file is
   * imported on its own (this repository). A package specifier (`typed-xray/runtime`) or a
   * path ending in `.js` names one module that exports the whole runtime API; `@smithy/*` types
   * then come from it too, so the generated code needs no other dependency.
   * @defaultValue `"../runtime"`
   */
  readonly runtimeImport?: string;
  /** The tool named in file headers. @defaultValue `"scripts/generate.ts"` */
  readonly generatorName?: string;
  /** The command that regenerates the output, for the generated README. @defaultValue `"npm run generate"` */
  readonly regenerateCommand?: string;
}

/** The runtime files generated code imports from, by their name in `src/runtime/`. */
export type RuntimeModule = "client" | "command" | "config" | "http-bindings" | "idempotency" | "paginate" | "redact" | "rules-functions" | "schema" | "validate" | "validate-constraints";

/** The state shared by the emitters. */
export interface GenerationContext {
  readonly model: SmithyModel;
  readonly index: ShapeIndex;
  readonly serviceId: string;
  readonly service: Shape;
  /** Operation shape ids, sorted by name. */
  readonly operations: readonly string[];
  /** Named shapes (structures, unions, enums) of the closure, sorted by name. */
  readonly namedShapes: readonly string[];
  /** Error structures of the closure, sorted by name. */
  readonly errorShapes: readonly string[];
  /** `// Code generated …` header and a blank line. */
  readonly header: string;
  /** `XRay` for X-Ray: the prefix of the client, aggregated client and base exception names. */
  readonly clientPrefix: string;
  readonly packageName: string;
  /**
   * The file (without `.ts`) of the aggregated client: its class name, unless that clashes with
   * a generated file on a case-insensitive file system (`Errors` and `errors.ts`).
   */
  readonly aggregatedFile: string;
  /** The tool named in file headers. */
  readonly generatorName: string;
  /** The command that regenerates the output, for the generated README. */
  readonly regenerateCommand: string;
  /**
   * The specifier to import a runtime module from, in a file `depth` directories below the
   * output root (0 for `index.ts`, 1 for `commands/*.ts`).
   */
  runtime(module: RuntimeModule, depth: number): string;
  /**
   * The specifier for `@smithy/smithy-client` or `@smithy/types`: the package itself, or the
   * runtime module when the runtime is one module.
   */
  smithy(pkg: "@smithy/smithy-client" | "@smithy/types", depth: number): string;
}

/**
 * Builds the context for a model.
 *
 * @param model - a validated model
 * @param options - generation options
 * @returns the context
 * @throws ModelError when a requested operation is not in the service, or a shape cannot be generated
 */
export function createContext(model: SmithyModel, options: GenerateOptions): GenerationContext {
  const serviceId = findService(model);
  const service = model.shapes[serviceId]!;
  const all = serviceOperations(model, serviceId);
  let operations = all;
  if (options.operations) {
    const byName = new Map(all.map((id) => [shapeName(id), id]));
    operations = options.operations.map((name) => {
      const id = byName.get(name);
      if (!id) throw new ModelError(`$.shapes[${JSON.stringify(serviceId)}].operations`, `has no operation named ${name}`);
      return id;
    });
  }
  operations = [...new Set(operations)].sort((a, b) => shapeName(a).localeCompare(shapeName(b)));
  const closure = shapeClosure(model, operations);
  const index = new ShapeIndex(model, closure);
  const byName = (a: string, b: string): number => shapeName(a).localeCompare(shapeName(b));
  const namedShapes = closure.filter((id) => NAMED_TYPES.has(index.shape(id).type) && id !== "smithy.api#Unit" && !model.shapes[id]?.traits?.["smithy.api#error"]).sort(byName);
  const errorShapes = closure.filter((id) => model.shapes[id]?.traits?.["smithy.api#error"] !== undefined).sort(byName);
  const generatorName = options.generatorName ?? "scripts/generate.ts";
  const runtimeImport = options.runtimeImport ?? "../runtime";
  const single = isSingleModule(runtimeImport);
  checkService(model, serviceId);
  const sdkId = clientPrefixOf((service.traits?.["aws.api#service"] as { sdkId?: string } | undefined)?.sdkId ?? shapeName(serviceId));
  checkNames(sdkId, operations, namedShapes.concat(errorShapes));
  return {
    model,
    index,
    serviceId,
    service,
    operations,
    namedShapes,
    errorShapes,
    header: `// Code generated by ${generatorName} from ${options.modelLabel}. DO NOT EDIT.\n`,
    clientPrefix: sdkId,
    packageName: options.packageName ?? "typed-xray",
    aggregatedFile: FIXED_FILES.has(sdkId.toLowerCase()) ? `${sdkId}Aggregated` : sdkId,
    generatorName,
    regenerateCommand: options.regenerateCommand ?? "npm run generate",
    runtime: (module, depth) => relativeFrom(single ? runtimeImport : `${runtimeImport}/${module}.js`, depth),
    smithy: (pkg, depth) => (single ? relativeFrom(runtimeImport, depth) : pkg),
  };
}

/**
 * The prefix of the client, aggregated client and base exception names, derived from the
 * service's `sdkId` the way the official AWS SDK for JavaScript derives its class names: each
 * space-separated word with its first letter upper-cased, joined (`amp` → `Amp`,
 * `Application Signals` → `ApplicationSignals`, `XRay` → `XRay`). Anything that is not a letter
 * or digit is then dropped, so an unusual `sdkId` still gives a valid identifier.
 *
 * @param sdkId - the `aws.api#service` trait's `sdkId` (or the service shape's name)
 * @returns the prefix
 */
export const clientPrefixOf = (sdkId: string): string =>
  sdkId
    .split(/\s+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("")
    .replace(/[^A-Za-z0-9]/g, "");

/**
 * The name of the method of an operation on the aggregated client (`GetTraceSummaries` →
 * `getTraceSummaries`).
 *
 * @param operation - the operation name
 * @returns the method name
 */
export const methodName = (operation: string): string => operation.charAt(0).toLowerCase() + operation.slice(1);

/**
 * Whether a runtime import names one module (a package specifier or a `.js` file) rather than
 * the directory of the runtime's files.
 *
 * @param specifier - the `runtimeImport` option
 * @returns true for one module
 */
export const isSingleModule = (specifier: string): boolean => !/^\.{1,2}(\/|$)|^\//.test(specifier) || specifier.endsWith(".js");

/** A specifier written for the output root, seen from `depth` directories below it (only relative ones change). */
const relativeFrom = (specifier: string, depth: number): string => {
  if (!/^\.{1,2}\//.test(specifier) || depth === 0) return specifier;
  return "../".repeat(depth) + specifier.replace(/^\.\//, "");
};

/**
 * Checks that the service is one this generator can produce a correct client for: restJson1,
 * SigV4, and endpoint rules whose parameters the runtime supplies.
 */
function checkService(model: SmithyModel, serviceId: string): void {
  const traits = model.shapes[serviceId]!.traits ?? {};
  const at = `$.shapes[${JSON.stringify(serviceId)}].traits`;
  if (traits["aws.protocols#restJson1"] === undefined) {
    const protocols = Object.keys(traits).filter((trait) => trait.startsWith("aws.protocols#"));
    throw new ModelError(at, `the service must use aws.protocols#restJson1, the only protocol this generator implements${protocols.length ? ` (it has ${protocols.join(", ")})` : ""}`);
  }
  if (traits["aws.auth#sigv4"] === undefined) throw new ModelError(at, "the service must declare aws.auth#sigv4: requests are signed with SigV4");
  const rules = traits["smithy.rules#endpointRuleSet"] as { parameters?: Record<string, { builtIn?: string; required?: boolean; default?: unknown }> } | undefined;
  if (rules === undefined) throw new ModelError(at, "the service has no smithy.rules#endpointRuleSet: the client could not resolve endpoints");
  for (const [name, parameter] of Object.entries(rules.parameters ?? {})) {
    if (parameter.builtIn !== undefined && SUPPLIED_BUILT_INS.has(parameter.builtIn)) continue;
    if (parameter.required && parameter.default === undefined) {
      throw new ModelError(`${at}["smithy.rules#endpointRuleSet"].parameters.${name}`, `a required endpoint parameter without a default that the client does not supply (it supplies ${[...SUPPLIED_BUILT_INS].join(", ")})`);
    }
  }
}

/** The endpoint built-ins the runtime passes to the rule set. */
const SUPPLIED_BUILT_INS = new Set(Object.keys(SUPPLIED_PARAMETERS));

/** Generated file names (lower-cased, without `.ts`) that the aggregated client's file must not take. */
const FIXED_FILES = new Set(["constraints", "endpoint-rules", "errors", "index", "models", "operations", "paginators", "readme", "schemas", "service", "wire"]);

/**
 * Checks that no model shape takes a name the generator gives to something else in the same
 * barrel (`index.ts` exports them all side by side).
 */
function checkNames(prefix: string, operations: readonly string[], shapes: readonly string[]): void {
  const taken = new Map<string, string>([
    [prefix, "the aggregated client"],
    [`${prefix}Client`, "the client"],
    [`${prefix}ClientConfig`, "the client configuration"],
    [`${prefix}ServiceException`, "the base exception"],
    ["ServiceInputTypes", "the union of inputs"],
    ["ServiceOutputTypes", "the union of outputs"],
  ]);
  for (const id of operations) {
    const name = shapeName(id);
    for (const suffix of ["Command", "CommandInput", "CommandOutput"]) taken.set(`${name}${suffix}`, `the command of ${name}`);
    taken.set(`paginate${name}`, `the paginator of ${name}`);
  }
  for (const id of shapes) {
    const clash = taken.get(shapeName(id));
    if (clash) throw new ModelError(`$.shapes[${JSON.stringify(id)}]`, `its name is also that of ${clash}; rename the shape`);
  }
}
