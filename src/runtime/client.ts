/**
 * The base of generated service clients: `@smithy/smithy-client`'s `Client` (so `send`, the
 * middleware stack, `destroy` and tools like `aws-sdk-client-mock` behave as with the official
 * client) with this runtime's configuration and call pipeline.
 */
import { Client } from "@smithy/smithy-client";
import type { HttpHandlerOptions, MetadataBearer, MiddlewareStack } from "@smithy/types";
import { resolveClientConfig, type ClientConfig, type ResolvedClientConfig } from "./config.js";
import { trackStackChanges } from "./handler-cache.js";
import { addPipeline } from "./pipeline.js";
import type { ServiceDeclaration } from "./schema.js";

/** Options of `client.send(command, options)`. */
export interface SendOptions extends HttpHandlerOptions {
  /** Aborts the call, also while it waits to retry. */
  abortSignal?: AbortSignal;
  /** Per-attempt timeout in milliseconds for this call. */
  requestTimeout?: number;
}

/** The resolved configuration plus the service it belongs to. */
export interface ServiceResolvedConfig extends ResolvedClientConfig {
  /** The service's SDK id, e.g. `XRay`. */
  readonly serviceId: string;
}

/**
 * A restJson1 client for one service.
 *
 * @typeParam Input - the union of the service's command inputs
 * @typeParam Output - the union of the service's command outputs
 */
export class ServiceClient<Input extends object, Output extends MetadataBearer> extends Client<
  HttpHandlerOptions,
  Input,
  Output,
  ServiceResolvedConfig
> {
  /**
   * @param options - client options
   * @param service - the generated service declaration
   * @throws TypeError or RangeError for malformed options
   */
  constructor(options: ClientConfig, service: ServiceDeclaration) {
    const config: ServiceResolvedConfig = Object.assign(resolveClientConfig(options, service.apiVersion, service.sdkId), {
      serviceId: service.sdkId,
    });
    super(config);
    addPipeline(this.middlewareStack as unknown as MiddlewareStack<any, MetadataBearer>, config, service);
    trackStackChanges(this.middlewareStack);
  }

  /**
   * What `util.inspect(client)` and `console.log(client)` show: the settings, not the live
   * transport, whose sockets hold signed requests (Authorization, session token) while a call is
   * in flight. `Symbol.for` keeps this free of Node imports for browsers.
   *
   * @returns a redacted summary
   */
  [Symbol.for("nodejs.util.inspect.custom")](): object {
    return this.toJSON();
  }

  /**
   * What `JSON.stringify(client)` shows; see the inspect method above.
   *
   * @returns a redacted summary
   */
  toJSON(): object {
    const { serviceId, apiVersion, requestTimeout, systemClockOffset } = this.config;
    return {
      client: `${serviceId}Client`,
      config: { apiVersion, requestTimeout, systemClockOffset, credentials: "[provider]", requestHandler: this.config.requestHandler.constructor.name },
      middleware: this.middlewareStack.identify(),
    };
  }
}
