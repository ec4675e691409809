/**
 * The per-call context: everything one `send()` hands from the command to the pipeline, in one
 * place. The command (`command.ts`) writes it when it resolves its middleware chain; the
 * pipeline's steps (`pipeline.ts`) read it through the accessors below; nothing else touches
 * these keys.
 *
 * Two carriers, for two lifetimes:
 * - the Smithy **handler context** holds what is fixed for the chain: the operation, the
 *   per-call `requestTimeout` and `abortSignal`. A cached chain (`handler-cache.ts`) is built
 *   only for calls without per-call options, so those values are then the same for every call
 *   sharing it;
 * - the **arguments** passed down the chain hold what differs between concurrent calls on one
 *   cached chain: the identity the serializer resolved, which the signer must use.
 *
 * Step order (Smithy's `MiddlewareStack`): initialize → serialize → build → finalizeRequest →
 * deserialize → transport. Our retry and signing steps sit in finalizeRequest, so the
 * deserialize step runs inside every attempt of the retry loop.
 */
import type { AwsCredentialIdentity, Command, HandlerExecutionContext, Logger } from "@smithy/types";
import { SMITHY_CONTEXT_KEY } from "@smithy/types";
import type { OperationDeclaration } from "./schema.js";

const OPERATION_KEY = "typedXrayOperation";
const TIMEOUT_KEY = "typedXrayRequestTimeout";
const IDENTITY_KEY = "typedXrayIdentity";

/** The handler context of one call, as written by {@link createCallContext}. */
export interface CallContext extends HandlerExecutionContext {
  [OPERATION_KEY]: OperationDeclaration;
  [TIMEOUT_KEY]?: number | undefined;
}

/** What a call's context is built from. */
export interface CallContextInit {
  /** The client's `serviceId`, e.g. `XRay`. */
  readonly serviceId: string;
  /** The client's logger. */
  readonly logger: Logger | undefined;
  /** The operation called. */
  readonly operation: OperationDeclaration;
  /** The call's own `requestTimeout`, overriding the client's. */
  readonly requestTimeout?: number | undefined;
  /** The call's abort signal. */
  readonly abortSignal?: AbortSignal | undefined;
  /** The command instance, for chains built for one call only (middleware may read it). */
  readonly commandInstance?: Command<any, any, any, any, any> | undefined;
}

/**
 * Builds the handler context of a call (written once, by the command).
 *
 * @param init - the call's parts
 * @returns the context the chain is resolved with
 */
export function createCallContext(init: CallContextInit): CallContext {
  const { serviceId, operation } = init;
  return {
    logger: init.logger,
    clientName: `${serviceId}Client`,
    commandName: `${operation.name}Command`,
    [OPERATION_KEY]: operation,
    [TIMEOUT_KEY]: init.requestTimeout,
    [SMITHY_CONTEXT_KEY]: {
      service: serviceId,
      operation: operation.name,
      ...(init.commandInstance === undefined ? {} : { commandInstance: init.commandInstance }),
      ...(init.abortSignal ? { abortSignal: init.abortSignal } : {}),
    },
  };
}

/**
 * The operation of a call.
 *
 * @param context - the handler context
 * @returns the operation declaration (undefined only for a context we did not build)
 */
export const operationOf = (context: HandlerExecutionContext): OperationDeclaration => (context as CallContext)[OPERATION_KEY];

/**
 * The call's own `requestTimeout`, if it set one.
 *
 * @param context - the handler context
 * @returns the timeout in milliseconds, or undefined for the client's
 */
export const requestTimeoutOf = (context: HandlerExecutionContext): number | undefined => (context as CallContext)[TIMEOUT_KEY];

/**
 * The call's abort signal, if any.
 *
 * @param context - the handler context
 * @returns the signal
 */
export const abortSignalOf = (context: HandlerExecutionContext): AbortSignal | undefined =>
  context[SMITHY_CONTEXT_KEY]?.["abortSignal"] as AbortSignal | undefined;

/**
 * Arguments carrying the identity the serializer resolved for this call.
 *
 * @param args - the arguments passed on
 * @param identity - the resolved credentials
 * @returns a copy of the arguments with the identity
 */
export const withIdentity = <A extends object>(args: A, identity: AwsCredentialIdentity): A => ({ ...args, [IDENTITY_KEY]: identity });

/**
 * The identity the serializer resolved, unless a user middleware rebuilt the arguments.
 *
 * @param args - the arguments of a finalize step
 * @returns the identity, or undefined
 */
export const identityOf = (args: object): AwsCredentialIdentity | undefined => (args as { [IDENTITY_KEY]?: AwsCredentialIdentity })[IDENTITY_KEY];
