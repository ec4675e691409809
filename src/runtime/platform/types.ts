/**
 * The contract between the runtime and a platform module. The runtime imports the platform as
 * `#platform`; package.json `imports` resolves it to `./node.ts` or `./browser.ts` by export
 * condition, for the type checker, Node, tsx, vitest and every bundler alike.
 */
import type {
  AwsCredentialIdentityProvider,
  ChecksumConstructor,
  HttpHandlerOptions,
  Provider,
  RequestHandler,
  RetryStrategyV2,
  StreamCollector,
} from "@smithy/types";

/** A `StreamCollector` that can also stop at a size limit. */
export type BodyCollector = StreamCollector & ((stream: any, maxBytes?: number) => Promise<Uint8Array>);

/** What a platform module provides to the client. */
export interface Platform {
  /** Builds the default transport, enforcing the client's timeout and response-size cap. */
  readonly requestHandler: (requestTimeout: number, maxResponseBytes: number) => RequestHandler<any, any, HttpHandlerOptions>;
  /**
   * Reads a response body stream into bytes; with `maxBytes`, rejects with a
   * `ResponseTooLargeError` (src/runtime/response-limit.ts) and releases the stream once more arrives.
   */
  readonly streamCollector: BodyCollector;
  /** The credential chain used when no `credentials` option is given. */
  readonly defaultCredentials: AwsCredentialIdentityProvider;
  /** The region used when no `region` option is given, where the platform can know one. */
  readonly defaultRegion?: () => string | undefined;
  /** Headers naming this SDK; browsers forbid setting `user-agent`. */
  readonly userAgentHeaders: Readonly<Record<string, string>>;
  /** Headers to add to every request (Lambda's trace header, for one), where the platform has any. */
  readonly contextHeaders?: () => Readonly<Record<string, string>> | undefined;
  /** `retryMode: "adaptive"`, where the platform bundles it; loaded on first use. */
  readonly adaptiveRetryStrategy?: (maxAttempts: Provider<number>) => Promise<RetryStrategyV2>;
  /** The SHA-256 the signer uses unless the `sha256` option says otherwise. */
  readonly sha256: ChecksumConstructor;
  /**
   * Whether a transport error's `code` (with its message) marks a transient network failure;
   * only platforms whose transports set such codes (Node's sockets) have it.
   */
  readonly isTransientErrorCode?: (code: string | undefined, message: unknown) => boolean;
}
