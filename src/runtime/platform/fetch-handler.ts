/**
 * The browser transport: one `fetch` per attempt. `@smithy/fetch-http-handler` (still what users
 * may pass as `requestHandler`) carries options this client never sets (request caching,
 * credentials modes, keep-alive flags, its own timeout race), a kilobyte of every page's bundle.
 * The attempt's deadline, abort and the response-size cap live in the client's pipeline
 * (src/runtime/pipeline.ts) and in the body collector (src/runtime/collect-body.web.ts).
 */
import { HttpResponse } from "@smithy/protocol-http";
import type { HttpHandlerOptions, HttpRequest, RequestHandler } from "@smithy/types";
import { pathOf } from "../request-path.js";

/** A Smithy `RequestHandler` over the global `fetch`. */
export class FetchRequestHandler implements RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  /** What the Smithy clients read to know the protocol. */
  readonly metadata = { handlerProtocol: "http/1.1" };

  /**
   * Sends one request; the response body is the `ReadableStream` (a `Blob` where streams are missing).
   *
   * @param request - the signed request
   * @param options - the call's `abortSignal`
   * @returns the response
   */
  async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const { protocol, hostname, port, method, headers, body } = request;
    const response = await fetch(`${protocol}//${hostname}${port ? `:${port}` : ""}${pathOf(request)}`, {
      method,
      headers,
      body: method === "GET" || method === "HEAD" ? undefined : (body as BodyInit),
      signal: options.abortSignal as AbortSignal | undefined,
    });
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name] = value;
    });
    return {
      response: new HttpResponse({
        statusCode: response.status,
        reason: response.statusText,
        headers: responseHeaders,
        body: response.body ?? (await response.blob()),
      }),
    };
  }

  /** Nothing to change: the handler has no options (the Smithy `RequestHandler` contract). */
  updateHttpClientConfig(): void {}

  /**
   * The options in force: none.
   *
   * @returns an empty object
   */
  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  /** Nothing to release: `fetch` owns its connections. */
  destroy(): void {}
}
