/**
 * `typed-xray/runtime`: the runtime API for generated clients.
 *
 * Code written by `typed-xray-codegen` outside this repository imports everything it needs from
 * here, and from nothing else: the command and client base classes, the schema encoding its
 * declarations are written in, the pagination, HTTP-binding, idempotency and redaction helpers
 * its declarations reference, and the few `@smithy/*` types its signatures mention (re-exported
 * so a generated client needs no direct dependency on them).
 *
 * This is an API for generated code. Application code uses the generated client
 * (`new XRayClient(…).send(new GetTraceSummariesCommand(…))`); it has no reason to call these
 * directly. The declaration encoding may change between versions of `typed-xray`: regenerate
 * after upgrading, with the `typed-xray-codegen` of the version you depend on.
 *
 * @example
 * ```sh
 * npx typed-xray-codegen --model xray-2016-04-12.json --out src/xray
 * ```
 * ```ts
 * // src/xray/commands/GetGroupsCommand.ts (generated)
 * import { OperationCommand, type OperationDeclaration } from "typed-xray/runtime";
 * ```
 *
 * @packageDocumentation
 * @module typed-xray/runtime
 */

// The base classes generated clients and commands extend.
export { OperationCommand, type CommandArgs } from "./command.js";
export { ServiceClient, type SendOptions, type ServiceResolvedConfig } from "./client.js";
export type { ClientConfig, ResolvedClientConfig } from "./config.js";

// The data generated code declares, and the encoding of its serde schemas.
export {
  BLOB,
  BOOLEAN,
  DATE_TIME,
  DOCUMENT,
  EPOCH_SECONDS,
  FLOAT,
  HTTP_DATE,
  INTEGER,
  PASS,
  SENSITIVE_STRING,
  type BoundRequest,
  type BoundResponse,
  type ErrorClass,
  type HttpBinding,
  type HttpBindingCodec,
  type HttpBindingMap,
  type HttpBindings,
  type HttpValueSchema,
  type IdempotencyTokens,
  type ListSchema,
  type MapSchema,
  type OperationDeclaration,
  type PayloadKind,
  type Redaction,
  type ScalarSchema,
  type Schema,
  type SensitiveData,
  type ServiceDeclaration,
  type StructureSchema,
  type UnionSchema,
} from "./schema.js";

// The input constraints a generated `constraints.ts` declares for the `validateInput` option,
// and the check it binds them to (the client loads that module only when it validates).
export type { Bounds, Constraints, ConstraintsModule, ConstraintsRef, InputValidator } from "./validate-constraints.js";
export { createInputValidator, findViolations } from "./validate.js";

// Helpers that generated declarations reference; each only reaches a bundle through a command
// that needs it.
export { httpBindingCodec } from "./http-bindings.js";
export { PayloadBytes } from "./http-bindings-values.js";
export { fillIdempotencyTokens, newIdempotencyToken } from "./idempotency.js";
export { redact } from "./redact.js";
export { paginate, type PaginationConfiguration, type PaginationDeclaration } from "./paginate.js";

// Endpoint resolution from a service's `smithy.rules#endpointRuleSet`, compiled by the generator
// (the client does it; these are for tools and tests that want the same answer).
export {
  endpointOptionToUrl,
  resolveRuleSetEndpoint,
  type EndpointOption,
  type EndpointParameters,
  type ResolvedEndpoint,
} from "./endpoint.js";

// What a generated `endpoint-rules.ts` (the rule set compiled to a function) imports.
export {
  EndpointError,
  awsPartition,
  isValidHostLabel,
  parseURL,
  substring,
  uriEncode,
  type EndpointRules,
  type ParsedUrl,
  type RuleSetEndpoint,
} from "./rules-functions.js";
export type { PartitionResult } from "./partitions.js";

// Errors: the base of every generated service exception, the error for a call that got no
// response, and the error for an input that breaks the model's constraints (`validateInput`).
export { ServiceException, type ServiceExceptionOptions } from "@smithy/smithy-client";
export { RequestError } from "./errors.js";
export { ConfigError } from "./config-error.js";
export { ResponseTooLargeError } from "./response-limit.js";
export { ValidationError, type ConstraintKind, type Violation } from "./validate-error.js";

// Types from `@smithy/types` that generated signatures mention.
export type { BlobPayloadInputTypes, DocumentType, MetadataBearer } from "@smithy/types";
