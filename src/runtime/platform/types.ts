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
  /**
   * A setting from the process's configuration (environment variables, then the active
   * profile of the shared config files), where the platform has one (Node); browsers read
   * nothing and keep their explicit configuration.
   */
  readonly configuredSetting?: <S extends SettingName>(request: SettingRequest<S>) => Promise<SettingValues[S] | undefined>;
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

/** The settings a client reads from its environment when its options leave them out, by type. */
export interface SettingValues {
  /** A region code. */
  readonly region: string;
  /** An absolute http(s) URL. */
  readonly endpoint: string;
  /** Whether to use the FIPS endpoint. */
  readonly useFipsEndpoint: boolean;
  /** Whether to use the dual-stack endpoint. */
  readonly useDualstackEndpoint: boolean;
  /** Attempts per call, at least 1. */
  readonly maxAttempts: number;
  /** The retry mode. */
  readonly retryMode: "standard" | "adaptive";
}

/** The name of a setting. */
export type SettingName = keyof SettingValues;

/** What a client asks its platform for. */
export interface SettingRequest<S extends SettingName = SettingName> {
  /** The setting. */
  readonly setting: S;
  /** The client's `profile` option, which wins over `AWS_PROFILE`. */
  readonly profile: string | undefined;
  /** The service's SDK id (`XRay`): the endpoint settings are per service. */
  readonly serviceId: string;
}

/** A configured value, as text, and where it was found (for error messages). */
export interface ConfiguredValue {
  /** The value as written. */
  readonly value: string;
  /** Where it was found, e.g. `AWS_REGION` or `region of profile "dev" in /home/me/.aws/config`. */
  readonly source: string;
}
