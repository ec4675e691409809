/**
 * The shapes of the declarations that `scripts/generate.ts` emits into `src/generated/`.
 *
 * Generated code is data and types; this runtime is the behaviour that reads the data. The
 * schema encoding is deliberately compact (tagged tuples, small integers) because every schema
 * a command reaches ends up in a user's browser bundle.
 *
 * @packageDocumentation
 */

import type { HttpRequest } from "@smithy/types";
import type { EndpointRules } from "./rules-functions.js";
import type { ConstraintsModule } from "./validate-constraints.js";

/** Scalar kinds. Strings and enums are {@link PASS}; booleans, integers and documents have kinds of their own (below). */
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
export type Schema =
  | ScalarSchema
  | typeof BOOLEAN
  | typeof INTEGER
  | typeof DOCUMENT
  | ListSchema
  | MapSchema
  | StructureSchema
  | UnionSchema
  | (() => Schema);

/** The constructor of a modelled error, as the generated error classes provide it. */
export interface ErrorClass {
  new (options: any): Error;
  /** Instances are `Error`s (generated classes extend the service's base exception). */
  readonly prototype: Error;
  /** The error structure's members (beyond `message`) read from the error body. */
  readonly members?: Readonly<Record<string, Schema>>;
  /** `@jsonName` renames of body members, when some member has one. */
  readonly wireNames?: Readonly<Record<string, string>>;
  /** Members read from the response's headers or status code rather than its body. */
  readonly bindings?: HttpBindingMap;
  /**
   * Whether the message member (`Message`/`message`) is `@sensitive`: the error's message then
   * shows it as {@link SENSITIVE_STRING}. (Other sensitive members are kept out of enumeration
   * by the generated constructor.)
   */
  readonly sensitiveMessage?: boolean;
}

/** Everything the runtime needs to call one operation; one per generated command. */
export interface OperationDeclaration {
  /** The operation name from the model, e.g. `GetTraceSummaries`. */
  readonly name: string;
  /** HTTP method from `smithy.api#http`. */
  readonly method: string;
  /** The URI pattern from `smithy.api#http`: a plain path for body-only operations; may hold `{Label}`s and a literal query when {@link http} is set. */
  readonly path: string;
  /** Success status code from `smithy.api#http`. */
  readonly code: number;
  /** Input structure schema: the members that travel in the JSON body (all of them, without {@link http}). */
  readonly input: StructureSchema;
  /** Output structure schema: the members read from the JSON body (all of them, without {@link http}). */
  readonly output: StructureSchema;
  /** Modelled errors, by their shape name. */
  readonly errors: Readonly<Record<string, ErrorClass>>;
  /**
   * HTTP bindings beyond the JSON body: labels, query, headers, payload, status code, host
   * prefix; also declared for operations with idempotency tokens, errors with bound members, or
   * no body members at all (which send no body). Absent for body-only operations, which then
   * never reach the binding code: a bundle of such commands does not contain it.
   */
  readonly http?: HttpBindings;
  /**
   * `@idempotencyToken` input members, filled with a fresh token when the caller leaves them
   * unset. Declared only with {@link http}: the binding codec fills them.
   */
  readonly idempotencyTokens?: IdempotencyTokens;
  /** Where the input and output hold `@sensitive` data, so logs can redact it. */
  readonly sensitive?: SensitiveData;
}

/**
 * A boolean bound to a header, query parameter or label (`"true"`/`"false"` on the wire).
 *
 * In a JSON body it marks a member that must be a JSON boolean; in HTTP bindings (headers, query
 * strings and labels carry text) it says how to read the text back.
 */
export const BOOLEAN = 6;
/** An integer (`byte` to `long`, `intEnum`), in a JSON body or bound to a header, query parameter or label. */
export const INTEGER = 7;
/** A `document`: any JSON value, passed through as is. */
export const DOCUMENT = 8;

/** The value schema of an HTTP-bound member: a scalar, or a list or map of scalars (timestamp kinds already resolved for the location). */
export type HttpValueSchema =
  | ScalarSchema
  | typeof BOOLEAN
  | typeof INTEGER
  | readonly ["l", HttpValueSchema]
  | readonly ["m", HttpValueSchema];

/** How the payload of an `@httpPayload` member is encoded. */
export type PayloadKind = "json" | "text" | "bytes";

/**
 * Where one member goes instead of the JSON body:
 * - `["label", schema]`: a `{Name}` or greedy `{Name+}` segment of the path (`@httpLabel`);
 * - `["query", key, schema]`: a query parameter, lists as repeated keys (`@httpQuery`);
 * - `["queryParams", schema]`: a map of query parameters (`@httpQueryParams`);
 * - `["header", name, schema]`: a header, lists comma-separated (`@httpHeader`); a fourth
 *   element `1` marks a `@mediaType` string, base64-encoded in the header;
 * - `["prefixHeaders", prefix, schema]`: a map of headers sharing a prefix (`@httpPrefixHeaders`);
 * - `["payload", kind, schema, contentType]`: the whole body (`@httpPayload`);
 * - `["responseCode"]`: the HTTP status code of the response (`@httpResponseCode`).
 *
 * Header names and prefixes are lower-cased.
 */
export type HttpBinding =
  | readonly ["label", HttpValueSchema]
  | readonly ["query", string, HttpValueSchema]
  | readonly ["queryParams", HttpValueSchema]
  | readonly ["header", string, HttpValueSchema]
  | readonly ["header", string, HttpValueSchema, 1]
  | readonly ["prefixHeaders", string, HttpValueSchema]
  | readonly ["payload", PayloadKind, Schema, string]
  | readonly ["responseCode"];

/** The bound members of a structure, by member name; members not listed travel in the JSON body. */
export type HttpBindingMap = Readonly<Record<string, HttpBinding>>;

/** The HTTP bindings of one operation. */
export interface HttpBindings {
  /** Bound input members. */
  readonly input?: HttpBindingMap;
  /** Bound output members. */
  readonly output?: HttpBindingMap;
  /** The `smithy.api#endpoint` host prefix, e.g. `{Name}.data.`; its labels name `@hostLabel` input members. */
  readonly hostPrefix?: string;
  /** The code that applies these bindings: `httpBindingCodec` from `http-bindings.ts`. */
  readonly codec: HttpBindingCodec;
}

/** The parts of a request that the bindings determine (see `http-bindings.ts`). */
export interface BoundRequest {
  /** Host labels resolved into the prefix of the endpoint's hostname; `""` when none. */
  readonly hostPrefix: string;
  /** The path with labels substituted and percent-encoded. */
  readonly path: string;
  /** Query parameters, not yet encoded; a list means a repeated key. */
  readonly query: Record<string, string | string[]>;
  /** Headers with lower-case names, `content-type` and `content-length` included when there is a body. */
  readonly headers: Record<string, string>;
  /** The body, if any. */
  readonly body: string | Uint8Array | undefined;
}

/** A response as the bindings read it. */
export interface BoundResponse {
  /** The HTTP status code. */
  readonly statusCode: number;
  /** Headers with lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The whole body. */
  readonly body: Uint8Array;
}

/** Applies HTTP bindings; see `http-bindings.ts`. */
export interface HttpBindingCodec {
  /**
   * Rebinds a request the pipeline built the direct way (the URI pattern as path, a JSON body
   * of the body members): fills idempotency tokens, substitutes labels, sets the query, host
   * prefix, headers and body.
   *
   * @param request - the request, changed in place
   * @param operation - the operation, with its `http` bindings
   * @param input - the caller's input
   * @returns the request, or a promise of it when a blob payload must be read first (a `Blob` or a stream)
   * @throws TypeError for an input that cannot be sent (a missing label, an invalid host label or date)
   */
  bindRequest(request: HttpRequest, operation: OperationDeclaration, input: Record<string, unknown>): HttpRequest | Promise<HttpRequest>;
  /**
   * Reads a success response: bound members and body members together.
   *
   * @param operation - the operation, with its `http` bindings
   * @param statusCode - the response's status code
   * @param headers - the response's headers, lower-cased
   * @param body - the whole body
   * @returns the output
   * @throws Error when the body or a bound value cannot be read
   */
  deserializeResponse(operation: OperationDeclaration, statusCode: number, headers: Readonly<Record<string, string>>, body: Uint8Array): Record<string, unknown>;
  /**
   * Reads an error's members bound to headers or the status code. A header that does not fit
   * its member is left out: an error response is read as far as it can be.
   *
   * @param bindings - the error class's bound members
   * @param statusCode - the response's status code
   * @param headers - the response's headers, lower-cased
   * @returns the members found
   */
  readErrorMembers(bindings: HttpBindingMap, statusCode: number, headers: Readonly<Record<string, string>>): Record<string, unknown>;
  /**
   * Reads a whole response body as bytes (a `@httpPayload` blob is not text).
   *
   * @param response - the transport's response; its body is bytes, a string or a stream
   * @param config - the client's stream collector
   * @returns the bytes
   */
  collectBody(response: { readonly body?: unknown }, config: { readonly streamCollector: (stream: any) => Promise<Uint8Array> }): Promise<Uint8Array>;
}

/** The `@idempotencyToken` members of an input and how to fill them. */
export interface IdempotencyTokens {
  /** Top-level input member names. */
  readonly members: readonly string[];
  /**
   * Returns the input with each unset member given a fresh token: `fillIdempotencyTokens`
   * from `idempotency.ts` (UUID v4 tokens).
   */
  readonly fill: (input: Record<string, unknown>, members: readonly string[]) => Record<string, unknown>;
}

/**
 * Which parts of a value are `@sensitive`: `1` for the whole value, `["l", r]` / `["m", r]` for
 * the items of a list / values of a map, `["s", members]` for some members of a structure or
 * union. A function defers a reference, as in {@link Schema}.
 */
export type Redaction =
  | 1
  | readonly ["l", Redaction]
  | readonly ["m", Redaction]
  | readonly ["s", Readonly<Record<string, Redaction>>]
  | (() => Redaction);

/**
 * What a `@sensitive` value shows as in logs and error messages: the same marker as the AWS
 * SDKs. Declared here rather than in `redact.ts` so that error handling, which every bundle
 * has, can use it without pulling the redaction code in.
 */
export const SENSITIVE_STRING = "***SensitiveInformation***";

/** Where an operation's input and output hold sensitive data. */
export interface SensitiveData {
  /** Sensitive parts of the input, if any. */
  readonly input?: Redaction;
  /** Sensitive parts of the output, if any. */
  readonly output?: Redaction;
  /**
   * Returns a copy with the sensitive parts replaced (the value itself when `redaction` is
   * `undefined`): `redact` from `redact.ts`.
   */
  readonly redact: (value: unknown, redaction: Redaction | undefined) => unknown;
}

/** Service-wide facts from the model's service shape. */
export interface ServiceDeclaration {
  /** `aws.api#service` sdkId, e.g. `XRay`. */
  readonly sdkId: string;
  /** The service shape's `version`. */
  readonly apiVersion: string;
  /** The SigV4 signing name from `aws.auth#sigv4`. */
  readonly signingName: string;
  /** The `smithy.rules#endpointRuleSet` trait, compiled by the generator to a function. */
  readonly endpointRules: EndpointRules;
  /** The service's base exception class, used for unmodelled error codes. */
  readonly baseException: ErrorClass;
  /**
   * Loads the model's input constraints and their check, for the `validateInput` option:
   * `() => import("./constraints.js")` in generated code, so bundlers put both in a chunk of
   * their own that only clients with `validateInput: true` ever load.
   */
  readonly loadConstraints: () => Promise<ConstraintsModule>;
}
