/**
 * What the endpoint rules compiler knows about values and functions: the types a rule set's
 * values take, and the library functions compiled code imports from the runtime's
 * `rules-functions.ts` (with their signatures, so a rule set that misuses one is refused at
 * generation time instead of producing code that fails `tsc` or, worse, runs wrong).
 *
 * @see https://smithy.io/2.0/additional-specs/rules-engine/standard-library.html
 */

/** A record a function returns, read with `getAttr` (compiled to property access). */
export interface RecordType {
  /** For messages, e.g. `aws.partition result`. */
  readonly name: string;
  /** Attribute names and their types. */
  readonly attributes: Readonly<Record<string, "string" | "boolean">>;
}

/** The type of a rule-set value. */
export type ValueType = "string" | "boolean" | "number" | RecordType;

/** A library function compiled code calls by name. */
export interface LibraryFunction {
  /** The export of `rules-functions.ts` that implements it. */
  readonly exportName: string;
  /** Argument types, in order. */
  readonly parameters: readonly ValueType[];
  /** The result's type. */
  readonly result: ValueType;
  /** Whether the result may be `undefined` (the rules language's "empty"). */
  readonly optional: boolean;
}

/** `aws.partition`'s result (runtime `PartitionResult`). */
const PARTITION: RecordType = {
  name: "aws.partition result",
  attributes: {
    name: "string",
    dnsSuffix: "string",
    dualStackDnsSuffix: "string",
    implicitGlobalRegion: "string",
    supportsFIPS: "boolean",
    supportsDualStack: "boolean",
  },
};

/** `parseURL`'s result (runtime `ParsedUrl`). */
const URL_PARTS: RecordType = {
  name: "parseURL result",
  attributes: { scheme: "string", authority: "string", path: "string", normalizedPath: "string", isIp: "boolean" },
};

/**
 * The functions compiled code imports. `isSet`, `not`, `booleanEquals`, `stringEquals` and
 * `getAttr` are not here: they compile to JavaScript operators.
 */
export const LIBRARY: Readonly<Record<string, LibraryFunction>> = {
  "aws.partition": { exportName: "awsPartition", parameters: ["string"], result: PARTITION, optional: false },
  isValidHostLabel: { exportName: "isValidHostLabel", parameters: ["string", "boolean"], result: "boolean", optional: false },
  parseURL: { exportName: "parseURL", parameters: ["string"], result: URL_PARTS, optional: true },
  substring: { exportName: "substring", parameters: ["string", "number", "number", "boolean"], result: "string", optional: true },
  uriEncode: { exportName: "uriEncode", parameters: ["string"], result: "string", optional: false },
};

/** The functions that compile to operators. */
export const OPERATORS: readonly string[] = ["booleanEquals", "getAttr", "isSet", "not", "stringEquals"];

/** Built-in parameters the client supplies, and the `EndpointParameters` key it passes each as. */
export const SUPPLIED_PARAMETERS: Readonly<Record<string, string>> = {
  "AWS::Region": "Region",
  "AWS::UseFIPS": "UseFIPS",
  "AWS::UseDualStack": "UseDualStack",
  "SDK::Endpoint": "Endpoint",
};

/**
 * A type as messages show it.
 *
 * @param type - the type
 * @returns e.g. `string` or `aws.partition result`
 */
export const typeName = (type: ValueType): string => (typeof type === "string" ? type : type.name);
