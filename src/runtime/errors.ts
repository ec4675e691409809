/**
 * Turning failed responses and failed requests into errors a caller can act on.
 *
 * - A response arrived: the modelled error class for its code, or the service's base exception
 *   carrying the unmodelled code as `name` (so `error.name` checks keep working).
 * - No response (network, timeout, abort): {@link RequestError}, keeping the original `name`
 *   and `code` that retry classification and callers look at, and the original in `cause`.
 *
 * Messages name the operation, status and request id, and never include request headers, so
 * credentials cannot leak through them.
 */
import { HttpResponse } from "@smithy/protocol-http";
import type { ResponseMetadata } from "@smithy/types";
import { SENSITIVE_STRING, type ErrorClass, type OperationDeclaration, type ServiceDeclaration } from "./schema.js";
import { deserializeStructure } from "./serde-json.js";

/**
 * The members of an error structure with none beyond its message: one shared table, so the
 * reader built for it (serde-json.ts keeps one per members table) is built once.
 */
const NO_MEMBERS = {};

/** Longest part of an unparseable body that an error message quotes. */
const EXCERPT_LENGTH = 200;

/**
 * Finds the error code as restJson1 clients do: `x-amzn-errortype` header, then the body's
 * `code`, then `__type`; sanitized of namespace (`aws.xray#`) and URI (`:http://…`) parts.
 *
 * @param headers - response headers, lower-cased
 * @param body - parsed body, when it was a JSON object
 * @returns the bare code, or `undefined`
 */
export function findErrorCode(headers: Record<string, string>, body: Record<string, unknown> | undefined): string | undefined {
  const raw = headers["x-amzn-errortype"] ?? body?.["code"] ?? body?.["__type"];
  if (typeof raw !== "string" || raw === "") return undefined;
  // A header sent twice arrives joined with commas; the first value is the code.
  let code = raw.split(",")[0]!.trim();
  const colon = code.indexOf(":");
  if (colon >= 0) code = code.slice(0, colon);
  const hash = code.lastIndexOf("#");
  if (hash >= 0) code = code.slice(hash + 1);
  return code || undefined;
}

/** The parts of an error response the exception is built from. */
export interface ErrorResponse {
  readonly response: { readonly statusCode: number; readonly reason?: string };
  readonly headers: Record<string, string>;
  readonly text: string;
  readonly metadata: ResponseMetadata;
  /**
   * For a success status whose body could not be read: the problem. The error is then a
   * `SerializationException` with this message, whatever the body says.
   */
  readonly unreadable?: string;
}

/**
 * Builds the exception for an error response.
 *
 * @param operation - the operation that failed
 * @param service - the service (for its base exception)
 * @param failure - the response
 * @returns the exception to throw
 */
export function buildServiceException(
  operation: OperationDeclaration,
  service: ServiceDeclaration,
  failure: ErrorResponse,
): Error {
  const { response, headers, text, metadata, unreadable } = failure;
  const body = unreadable === undefined ? parseJsonObject(text) : undefined;
  const status = response.statusCode;
  // "Unknown" when the response names no code, as @aws-sdk/client-xray does.
  const code = unreadable !== undefined ? "SerializationException" : (findErrorCode(headers, body) ?? "Unknown");
  const serviceMessage =
    unreadable ??
    (body === undefined
      ? describeUnparsedBody(text)
      : (stringField(body, "message") ?? stringField(body, "Message") ?? stringField(body, "errorMessage")));
  const modelled: ErrorClass | undefined = Object.hasOwn(operation.errors, code) ? operation.errors[code] : undefined;
  const members = modelled && body ? deserializeStructure(body, modelled.members ?? NO_MEMBERS, modelled.wireNames) : {};
  // Members bound to headers or the status code; the generator gives every operation that can
  // throw such an error the binding codec.
  if (modelled?.bindings) Object.assign(members, operation.http?.codec.readErrorMembers(modelled.bindings, status, headers));
  // A @sensitive message stays out of the error's message, which logs and stack traces print.
  const message = `${operation.name}: ${(modelled?.sensitiveMessage ? SENSITIVE_STRING : serviceMessage) ?? "no message"} (${code}, HTTP ${status}${
    metadata.requestId ? `, request ${metadata.requestId}` : ""
  })`;
  const options = { ...members, name: code, $fault: status >= 500 ? "server" : "client", $metadata: metadata, message };
  const exception = modelled ? new modelled(options) : new service.baseException(options);
  // A detached copy: the transport's response object links back to the signed request (and so
  // to the Authorization and security-token headers). Non-enumerable: retry logic only needs
  // its headers, and logs need not carry the body twice.
  const detached = new HttpResponse({ statusCode: status, reason: response.reason, headers, body: text });
  Object.defineProperty(exception, "$response", { value: detached, enumerable: false, configurable: true, writable: true });
  if (!modelled && body) keepUnmodelledFields(exception, body);
  return exception;
}

/**
 * Copies the top-level fields of an unmodelled error's body onto the exception (a
 * `ResourceNotFoundException`'s `ResourceName`, say), as `@aws-sdk/client-xray` does: the model
 * cannot say which fields the code carries, so every one is kept. A field never replaces what
 * the exception already has, own or inherited (`constructor`, `toString`, …), so it is called
 * once the exception is complete.
 *
 * @param exception - the base exception built for the code
 * @param body - the parsed error body
 */
function keepUnmodelledFields(exception: Error, body: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(body)) {
    // `in` covers name, message, stack, $fault, $metadata, $response and every inherited key
    // (`__proto__`, `constructor`, …); `Message` is the exception's `message` already.
    if (key === "Message" || key in exception) continue;
    Object.defineProperty(exception, key, { value, enumerable: true, writable: true, configurable: true });
  }
}

const stringField = (body: Record<string, unknown>, key: string): string | undefined =>
  typeof body[key] === "string" ? (body[key] as string) : undefined;

/**
 * Parses a body that should be a JSON object; anything else yields `undefined`.
 *
 * @param text - the body text
 * @returns the object, or `undefined`
 */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (text.trim() === "") return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Describes a body that is not JSON, quoting a short excerpt.
 *
 * @param text - the body text
 * @returns the description
 */
export function describeUnparsedBody(text: string): string {
  if (text.trim() === "") return "empty response body";
  const flat = text.replace(/\s+/g, " ").trim();
  const excerpt = flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}…` : flat;
  return `response body is not JSON: ${JSON.stringify(excerpt)}`;
}

/**
 * A request that got no usable response: connection refused or reset, DNS failure, timeout,
 * abort. `name` and `code` are those of the underlying error (`TimeoutError`, `AbortError`,
 * `ECONNREFUSED`, …) so that checks written for `@aws-sdk/client-xray` keep working; the
 * original error is the `cause`.
 */
export class RequestError extends Error {
  /** The Node error code of the cause, if any (`ECONNRESET`, `ETIMEDOUT`, …). */
  declare readonly code?: string;
  /** Attempts made and time spent waiting between them. */
  $metadata: ResponseMetadata;

  /**
   * @param operation - the operation name
   * @param endpoint - where the request went (origin and path only)
   * @param cause - the underlying error
   */
  constructor(operation: string, endpoint: string, cause: unknown) {
    const original = cause instanceof Error ? cause : new Error(String(cause));
    super(`${operation}: request to ${endpoint} failed: ${original.message}`, { cause: original });
    this.name = original.name;
    const code = (original as { code?: unknown }).code;
    if (typeof code === "string") Object.defineProperty(this, "code", { value: code, enumerable: true });
    this.$metadata = {};
  }
}
