/**
 * A request handler that answers every request with the same bytes and never touches the
 * network, so in-process figures measure the client (serialize, sign, parse) and nothing else.
 * Both clients accept it as `requestHandler`.
 */
import { HttpResponse } from "@smithy/protocol-http";
import type { HttpRequest } from "@smithy/types";

/** The stub: a Smithy `RequestHandler` that also remembers the last request it was given. */
export interface StubHandler {
  handle(request: HttpRequest): Promise<{ response: HttpResponse }>;
  /** The last request handed to the transport (signed). */
  readonly lastRequest: HttpRequest | undefined;
  /** Lets the clients' `destroy()` find a method, as it does on real handlers. */
  destroy(): void;
}

/**
 * Creates a stub that answers 200 with `body`.
 *
 * @param body - the response body (UTF-8)
 * @returns the handler
 */
export function stubHandler(body: string): StubHandler {
  const bytes = new TextEncoder().encode(body);
  const headers = { "content-type": "application/json", "x-amzn-requestid": "a1b2c3d4-bench-0000-0000-000000000000" };
  let lastRequest: HttpRequest | undefined;
  return {
    async handle(request) {
      lastRequest = request;
      // A fresh view on the same memory each time: the official client re-prototypes the body
      // array it is given, and neither client should see the other's leftovers.
      const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return { response: new HttpResponse({ statusCode: 200, headers: { ...headers }, body: view }) };
    },
    get lastRequest() {
      return lastRequest;
    },
    destroy() {},
  };
}
