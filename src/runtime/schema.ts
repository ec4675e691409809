/**
 * The shapes of the declarations that `scripts/generate.ts` emits into `src/generated/`.
 *
 * Generated code is data and types; this runtime is the behaviour that reads the data. The
 * schema encoding is deliberately compact (tagged tuples, small integers) because every schema
 * a command reaches ends up in a user's browser bundle.
 *
 * @packageDocumentation
 */

/** Scalar kinds. Everything JSON carries as-is (strings, booleans, integers, enums) is {@link PASS}. */
export const PASS = 0;
/** A float or double: `NaN`, `Infinity` and `-Infinity` travel as strings in restJson1. */
export const FLOAT = 1;
/** A timestamp sent as epoch seconds (the restJson1 default for body members). */
export const EPOCH_SECONDS = 2;
/** A timestamp sent as an RFC 3339 `date-time` string. */
export const DATE_TIME = 3;
/** A timestamp sent as an RFC 7231 `http-date` string. */
export const HTTP_DATE = 4;
/** A blob, base64-encoded in JSON. */
export const BLOB = 5;

/** One of the scalar kinds above. */
export type ScalarSchema = typeof PASS | typeof FLOAT | typeof EPOCH_SECONDS | typeof DATE_TIME | typeof HTTP_DATE | typeof BLOB;

/** A list: `["l", member]`; a third element `1` marks a `@sparse` list (nulls kept). */
export type ListSchema = readonly ["l", Schema] | readonly ["l", Schema, 1];
/** A map with string keys: `["m", value]`; a third element `1` marks a `@sparse` map. */
export type MapSchema = readonly ["m", Schema] | readonly ["m", Schema, 1];
/**
 * A structure: `["s", members]`, or `["s", members, wireNames]` when some members carry
 * `@jsonName` (only the renamed ones are listed in `wireNames`).
 */
export type StructureSchema =
  | readonly ["s", Readonly<Record<string, Schema>>]
  | readonly ["s", Readonly<Record<string, Schema>>, Readonly<Record<string, string>>];
/** A tagged union: exactly one member is set; unknown variants surface as `$unknown`. */
export type UnionSchema =
  | readonly ["u", Readonly<Record<string, Schema>>]
  | readonly ["u", Readonly<Record<string, Schema>>, Readonly<Record<string, string>>];

/** Any schema node. A function defers a reference, which recursive shapes need. */
export type Schema = ScalarSchema | ListSchema | MapSchema | StructureSchema | UnionSchema | (() => Schema);

/** The constructor of a modelled error, as the generated error classes provide it. */
export interface ErrorClass {
  new (options: any): Error;
  readonly prototype: Error;
  /** The error structure's members (beyond `message`), read from the error body. */
  readonly members?: Readonly<Record<string, Schema>>;
}

/** Everything the runtime needs to call one operation; one per generated command. */
export interface OperationDeclaration {
  /** The operation name from the model, e.g. `GetTraceSummaries`. */
  readonly name: string;
  /** HTTP method from `smithy.api#http`. */
  readonly method: string;
  /** Request path from `smithy.api#http` (no labels in X-Ray; see the generator for others). */
  readonly path: string;
  /** Success status code from `smithy.api#http`. */
  readonly code: number;
  /** Input structure schema. */
  readonly input: StructureSchema;
  /** Output structure schema. */
  readonly output: StructureSchema;
  /** Modelled errors, by their shape name. */
  readonly errors: Readonly<Record<string, ErrorClass>>;
}

/** Service-wide facts from the model's service shape. */
export interface ServiceDeclaration {
  /** `aws.api#service` sdkId, e.g. `XRay`. */
  readonly sdkId: string;
  /** The service shape's `version`. */
  readonly apiVersion: string;
  /** The SigV4 signing name from `aws.auth#sigv4`. */
  readonly signingName: string;
  /** The `smithy.rules#endpointRuleSet` trait, as data. */
  readonly endpointRuleSet: unknown;
  /** The service's base exception class, used for unmodelled error codes. */
  readonly baseException: ErrorClass;
}
