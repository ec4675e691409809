/**
 * How a transport tells the client that it enforces the `requestTimeout` deadline itself, on the
 * headers and the whole body: it carries the client-wide timeout under this key (and honours a
 * call's own `requestTimeout` from its handler options). The client then arms no deadline of its
 * own for that attempt (src/runtime/pipeline.ts); for any other transport it does.
 */
export const ENFORCED_REQUEST_TIMEOUT: unique symbol = Symbol.for("typed-xray.enforcedRequestTimeout");

/**
 * Whether `handler` enforces exactly `timeout` milliseconds on every attempt.
 *
 * @param handler - the client's request handler
 * @param timeout - the client's `requestTimeout`
 * @returns true when the client need not arm its own deadline
 */
export const enforcesRequestTimeout = (handler: object, timeout: number): boolean =>
  (handler as { [ENFORCED_REQUEST_TIMEOUT]?: unknown })[ENFORCED_REQUEST_TIMEOUT] === timeout;
