/**
 * typed-xray: a typed AWS X-Ray client generated from the service's Smithy model, a drop-in for
 * `@aws-sdk/client-xray` for the operations it covers.
 *
 * @packageDocumentation
 * @module typed-xray
 */
export * from "./generated/index.js";
export type { ClientConfig } from "./runtime/config.js";
export type { SendOptions, ServiceResolvedConfig } from "./runtime/client.js";
export type { PaginationConfiguration } from "./runtime/paginate.js";
export { RequestError } from "./runtime/errors.js";
export { ResponseTooLargeError } from "./runtime/response-limit.js";
export { ValidationError, type ConstraintKind, type Violation } from "./runtime/validate-error.js";
