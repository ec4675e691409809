/**
 * The errors the local X-Ray endpoint answers with: an AWS error code, the HTTP status AWS sends
 * with it, and a message. The engine throws them; the HTTP and msw adapters turn them into
 * responses (`x-amzn-errortype` header, JSON body).
 *
 * @packageDocumentation
 */

/**
 * Every error code the local endpoint can answer with, and its HTTP status.
 *
 * - The two modelled X-Ray errors: `InvalidRequestException` (400) and `ThrottledException` (429).
 * - Protocol errors that AWS's front end sends for any service: an unreadable body, an unknown
 *   path, a body too large, and the SigV4 authentication failures.
 * - The local endpoint's own guards against web pages: a foreign origin or host, a body that is
 *   not JSON.
 */
export const LOCAL_ERROR_STATUS = {
  /** A missing required member, or a value outside the model's constraints. */
  InvalidRequestException: 400,
  /** A body that is not JSON, or a member of the wrong JSON type. */
  SerializationException: 400,
  /** Over the `throttle` rate. */
  ThrottledException: 429,
  /** A path (or method) that is none of the six operations. */
  UnknownOperationException: 404,
  /** A body over `maxBodyBytes`. */
  RequestEntityTooLargeException: 413,
  /** With `verifySignatures`: a request without a signature. */
  MissingAuthenticationTokenException: 403,
  /** With `verifySignatures`: an `Authorization` or `X-Amz-Date` header that is incomplete or malformed. */
  IncompleteSignatureException: 403,
  /** With `verifySignatures`: a signature that does not match, or a signing time more than 5 minutes from the endpoint's clock. */
  InvalidSignatureException: 403,
  /** With `verifySignatures`: an access key (or session token) the endpoint does not accept. */
  UnrecognizedClientException: 403,
  /** A request from a web page whose origin is not allowed, or naming a host that is not this endpoint's (DNS rebinding). */
  AccessDeniedException: 403,
  /** A body whose `Content-Type` is not JSON (`application/json`, `application/x-amz-json-1.1`). */
  UnsupportedMediaTypeException: 415,
  /** The endpoint itself failed (e.g. the data file could not be written). */
  InternalFailure: 500,
} as const;

/** One of the codes of {@link LOCAL_ERROR_STATUS}. */
export type LocalErrorCode = keyof typeof LOCAL_ERROR_STATUS;

/**
 * A request the local endpoint refuses, as AWS would refuse it.
 *
 * @example
 * ```ts
 * throw new LocalXRayError("InvalidRequestException", "EndTime must be after StartTime");
 * ```
 */
export class LocalXRayError extends Error {
  /** Always `"LocalXRayError"`; the AWS code is {@link LocalXRayError.code}. */
  override readonly name = "LocalXRayError" as const;
  /** The AWS error code, sent as `x-amzn-errortype`. */
  readonly code: LocalErrorCode;
  /** The HTTP status AWS sends with this code. */
  readonly statusCode: number;

  /**
   * @param code - the AWS error code
   * @param message - what is wrong, for the response body
   */
  constructor(code: LocalErrorCode, message: string) {
    super(message);
    this.code = code;
    this.statusCode = LOCAL_ERROR_STATUS[code];
  }
}

/**
 * Shorthand for the most common refusal: a 400 `InvalidRequestException`.
 *
 * @param message - what is wrong with the request
 * @returns the error, to throw
 */
export const invalidRequest = (message: string): LocalXRayError => new LocalXRayError("InvalidRequestException", message);

/**
 * Shorthand for a body whose JSON does not fit the operation's shapes (a string where a list
 * belongs, say): a 400 `SerializationException`, as AWS's restJson1 front end answers.
 *
 * @param message - what could not be read
 * @returns the error, to throw
 */
export const serializationError = (message: string): LocalXRayError => new LocalXRayError("SerializationException", message);
