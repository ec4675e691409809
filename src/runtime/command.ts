/**
 * The base of generated commands. A generated command only declares its operation (a static
 * `operation` field) and its types; resolving the middleware for a call happens here.
 */
import { Command } from "@smithy/smithy-client";
import type { Handler, MetadataBearer, MiddlewareStack } from "@smithy/types";
import type { ServiceResolvedConfig, SendOptions } from "./client.js";
import { cachedHandler, isEmptyStack } from "./handler-cache.js";
import { createCallContext } from "./call-context.js";
import type { OperationDeclaration } from "./schema.js";

/** Constructor arguments: the input may be left out when none of its members is required. */
export type CommandArgs<I> = {} extends I ? [input?: I] : [input: I];

/**
 * A command for one operation of a service.
 *
 * @typeParam I - the operation's input
 * @typeParam O - the operation's output (with `$metadata`)
 */
export abstract class OperationCommand<I extends object, O extends MetadataBearer> extends Command<
  I,
  O,
  ServiceResolvedConfig,
  any,
  any
> {
  /** The operation this command calls; set by each generated subclass. */
  static readonly operation: OperationDeclaration;

  /** The input the command was built with. */
  readonly input: I;

  /**
   * @param input - the operation's input
   */
  constructor(...[input]: CommandArgs<I>) {
    super();
    this.input = (input ?? {}) as I;
  }

  /**
   * Builds the handler for one call: the client's stack plus this command's own middleware,
   * ending in the transport. Called by `client.send`.
   *
   * @param clientStack - the client's middleware stack
   * @param config - the client's resolved configuration
   * @param options - the per-call options
   * @returns the handler
   * @internal
   */
  resolveMiddleware(
    clientStack: MiddlewareStack<any, any>,
    config: ServiceResolvedConfig,
    options: SendOptions | undefined,
  ): Handler<I, O> {
    // Without per-call options or command middleware the chain is the same for every call of
    // this command class: reuse it (handler-cache.ts). The context then names no command
    // instance, as with Smithy's `cacheMiddleware`.
    if (options === undefined && isEmptyStack(this.middlewareStack)) {
      return cachedHandler(clientStack, this.constructor, () => this.buildHandler(clientStack, config, undefined, false));
    }
    return this.buildHandler(clientStack, config, options, true);
  }

  private buildHandler(
    clientStack: MiddlewareStack<any, any>,
    config: ServiceResolvedConfig,
    options: SendOptions | undefined,
    perCall: boolean,
  ): Handler<I, O> {
    const operation = (this.constructor as typeof OperationCommand).operation;
    const stack: MiddlewareStack<any, any> = perCall ? clientStack.concat(this.middlewareStack) : clientStack;
    const context = createCallContext({
      serviceId: config.serviceId,
      logger: config.logger,
      operation,
      requestTimeout: options?.requestTimeout,
      abortSignal: options?.abortSignal,
      commandInstance: perCall ? this : undefined,
    });
    const handlerOptions = options ?? {};
    return stack.resolve(
      (args: { request: unknown }) => config.requestHandler.handle(args.request as never, handlerOptions) as never,
      context,
    ) as unknown as Handler<I, O>;
  }
}
