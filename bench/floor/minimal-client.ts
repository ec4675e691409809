/**
 * The floor the bench measures our client against: the design's own building blocks
 * (`@smithy/smithy-client` Client and Command, `@smithy/signature-v4`, `@aws-crypto/sha256-js`,
 * `@smithy/fetch-http-handler`) wired together as simply as they can be. It has none of a real
 * client's features (no retries, endpoint rules, typed errors, date conversion, option checks,
 * user agent), so no real client can be smaller or cheaper per call than this on the same parts.
 *
 * Bundled for browsers by the size section; driven with a stub transport and `node:crypto` by
 * the per-call section.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { FetchHttpHandler, streamCollector } from "@smithy/fetch-http-handler";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { Client, Command } from "@smithy/smithy-client";
import type {
  AwsCredentialIdentity,
  ChecksumConstructor,
  Handler,
  HttpHandlerOptions,
  HttpResponse,
  MetadataBearer,
  MiddlewareStack,
  RequestHandler,
} from "@smithy/types";

/** Options of {@link MinimalClient}. */
export interface MinimalClientConfig {
  /** Where to send requests, e.g. `https://xray.us-east-1.amazonaws.com`. */
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity;
  /** @defaultValue `Sha256` of `@aws-crypto/sha256-js` */
  readonly sha256?: ChecksumConstructor;
  /** @defaultValue `FetchHttpHandler` */
  readonly requestHandler?: RequestHandler<any, any, HttpHandlerOptions>;
}

/** The resolved configuration: just what a call needs. */
export interface MinimalResolvedConfig {
  readonly apiVersion: string;
  readonly requestHandler: RequestHandler<any, any, HttpHandlerOptions>;
  readonly endpoint: URL;
  readonly signer: SignatureV4;
}

/** A client with one signer and one transport. */
export class MinimalClient extends Client<HttpHandlerOptions, object, MetadataBearer, MinimalResolvedConfig> {
  /** @param config - endpoint, region, credentials, and optionally the hash and transport */
  constructor(config: MinimalClientConfig) {
    super({
      apiVersion: "2016-04-12",
      requestHandler: config.requestHandler ?? new FetchHttpHandler(),
      endpoint: new URL(config.endpoint),
      signer: new SignatureV4({ service: "xray", region: config.region, credentials: config.credentials, sha256: config.sha256 ?? Sha256 }),
    });
  }
}

/** One restJson1 operation: POST the input as JSON to `path`, parse the JSON answer. */
export class MinimalCommand extends Command<object, MetadataBearer & Record<string, unknown>, MinimalResolvedConfig> {
  /**
   * @param path - the operation's URI, e.g. `/TraceSummaries`
   * @param input - the request body, as JSON.stringify sees it
   */
  constructor(
    readonly path: string,
    readonly input: object,
  ) {
    super();
  }

  /**
   * Builds the call: serialize, sign, send, parse, through the client's middleware stack.
   *
   * @param clientStack - the client's middleware stack
   * @param config - the client's configuration
   * @param options - per-call transport options
   * @returns the handler
   */
  resolveMiddleware(
    clientStack: MiddlewareStack<object, MetadataBearer>,
    config: MinimalResolvedConfig,
    options: HttpHandlerOptions | undefined,
  ): Handler<object, MetadataBearer & Record<string, unknown>> {
    const call = async () => {
      const { protocol, hostname, port, host } = config.endpoint;
      const request = new HttpRequest({
        protocol,
        hostname,
        ...(port ? { port: Number(port) } : {}),
        method: "POST",
        path: this.path,
        headers: { "content-type": "application/json", host },
        body: JSON.stringify(this.input),
      });
      const signed = await config.signer.sign(request);
      const { response } = (await config.requestHandler.handle(signed as HttpRequest, options ?? {})) as { response: HttpResponse };
      const body = response.body instanceof Uint8Array ? response.body : await streamCollector(response.body);
      const output = JSON.parse(new TextDecoder().decode(body)) as Record<string, unknown>;
      return { response, output: { ...output, $metadata: { httpStatusCode: response.statusCode } } };
    };
    return clientStack.concat(this.middlewareStack as unknown as MiddlewareStack<object, MetadataBearer>).resolve(call as never, {}) as never;
  }
}
