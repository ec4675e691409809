/**
 * The cap on a response body. Without one, a server (or anything posing as one) answering
 * `Content-Length: 2000000000` or an endless chunked body fills the process' memory long before
 * any timeout fires. The largest X-Ray answers are BatchGetTraces pages (5 traces of at most
 * 500 KB each: a few MB of JSON, see docs/response-size.md), so the default leaves more than ten
 * times that.
 */

/** The default `maxResponseBytes`: 64 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * A response body larger than the client's `maxResponseBytes`. Never retried: the same request
 * would get the same answer. The connection it came on is closed at once, not read to its end.
 */
export class ResponseTooLargeError extends Error {
  /** Always `"ERR_RESPONSE_TOO_LARGE"`. */
  readonly code = "ERR_RESPONSE_TOO_LARGE";
  /** The limit in bytes (the client's `maxResponseBytes`). */
  readonly limit: number;

  /**
   * @param limit - the limit in bytes
   * @param declared - the length the response declared (`Content-Length`), when that is what failed
   */
  constructor(limit: number, declared?: number) {
    super(
      declared === undefined
        ? `response body exceeds maxResponseBytes (${limit} bytes); the connection was closed`
        : `response body of ${declared} bytes (Content-Length) exceeds maxResponseBytes (${limit} bytes); the connection was closed`,
    );
    this.name = "ResponseTooLargeError";
    this.limit = limit;
  }
}

/**
 * Checks the `maxResponseBytes` option.
 *
 * @param value - the option as given
 * @returns the limit in bytes (`Infinity` turns the cap off)
 * @throws RangeError unless it is a positive whole number or `Infinity`
 */
export function resolveMaxResponseBytes(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_RESPONSE_BYTES;
  if (value === Infinity || (Number.isSafeInteger(value) && value > 0)) return value;
  throw new RangeError(`maxResponseBytes must be a positive whole number of bytes (or Infinity), got ${value}`);
}

/**
 * The error for a response whose declared length is over the limit, before a byte of it is read.
 *
 * @param contentLength - the `content-length` header value, if any
 * @param limit - the limit in bytes
 * @returns the error, or undefined when the declared length (or its absence) is within the limit
 */
export function declaredLengthError(contentLength: string | string[] | undefined, limit: number): ResponseTooLargeError | undefined {
  if (typeof contentLength !== "string") return undefined;
  const declared = Number(contentLength);
  return declared > limit ? new ResponseTooLargeError(limit, declared) : undefined;
}
