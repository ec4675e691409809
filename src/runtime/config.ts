/**
 * Client configuration: the options users pass (the subset of `@aws-sdk/client-xray`'s that
 * matters for X-Ray, with the same names and value shapes) and their resolved form.
 */
import type { RetryStrategyV2 } from "@smithy/types";
import type {
  StreamCollector,
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  ChecksumConstructor,
  HttpHandlerOptions,
  Logger,
  Provider,
  RequestHandler,
} from "@smithy/types";
import { resolveCredentialProvider } from "./credentials.js";
import { endpointOptionToUrl, type EndpointOption } from "./endpoint.js";
import { platform } from "#platform";
import { resolveMaxResponseBytes } from "./response-limit.js";
import { StandardRetryStrategy } from "./retry-strategy.js";
import { checkRetryMode } from "./config-values.js";
import { fixed, once, regionProvider, setting, type SettingScope } from "./configured.js";
import { silentLogger } from "./silent-logger.js";
import { ConfigError } from "./config-error.js";

/** Default per-attempt timeout. The official client has none; an SDK on a request path must not hang. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Default attempts, including the first (standard retry mode). */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** Options accepted by the client constructor. Every option is optional. */
export interface ClientConfig {
  /**
   * AWS region, e.g. `"eu-west-1"`.
   * @defaultValue Node: `AWS_REGION`, `AWS_DEFAULT_REGION`, then `region` of the active
   * profile in the shared config file; required in browsers
   */
  region?: string | Provider<string>;
  /**
   * Static credentials or a provider (any of `@aws-sdk/credential-providers` fits). Providers
   * are memoized and refreshed five minutes before `expiration`.
   * @defaultValue in Node the profile named by `profile` or `AWS_PROFILE` if any, else the
   * `AWS_*` key variables; then the full AWS chain if `@aws-sdk/credential-provider-node` is
   * installed; in browsers none (pass temporary credentials)
   */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * The shared-config profile (`~/.aws/credentials`, `~/.aws/config`) the default credential
   * chain and the configured settings read, as `AWS_PROFILE` does; when set, the `AWS_*` key
   * variables are not used. Static keys are read as they are; SSO, roles and
   * `credential_process` need `@aws-sdk/credential-provider-node` (Node).
   * @defaultValue `AWS_PROFILE`, then `default`
   */
  profile?: string;
  /**
   * A custom endpoint, e.g. `"http://127.0.0.1:2020"` for a local X-Ray endpoint.
   * @defaultValue Node: `AWS_ENDPOINT_URL_XRAY`, `AWS_ENDPOINT_URL`, then `endpoint_url` of the
   * active profile's `services` section or of the profile (unless
   * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` / `ignore_configured_endpoint_urls` is true); else
   * resolved from the model's endpoint rules for the region
   */
  endpoint?: EndpointOption | Provider<EndpointOption>;
  /**
   * Use the FIPS endpoint of the region.
   * @defaultValue Node: `AWS_USE_FIPS_ENDPOINT`, then `use_fips_endpoint` of the profile; else false
   */
  useFipsEndpoint?: boolean | Provider<boolean>;
  /**
   * Use the dual-stack (IPv6) endpoint of the region.
   * @defaultValue Node: `AWS_USE_DUALSTACK_ENDPOINT`, then `use_dualstack_endpoint` of the profile; else false
   */
  useDualstackEndpoint?: boolean | Provider<boolean>;
  /**
   * The transport. Any `@smithy/types` `RequestHandler` works, e.g. a tuned `NodeHttpHandler`.
   * @defaultValue `NodeHttpHandler` (keep-alive) in Node, `FetchHttpHandler` in browsers
   */
  requestHandler?: RequestHandler<any, any, HttpHandlerOptions>;
  /**
   * Per-attempt timeout in milliseconds for the default transport (0 disables it).
   * @defaultValue 30000
   */
  requestTimeout?: number;
  /**
   * The largest response body accepted, in bytes (`Infinity`: no cap). A larger one fails the
   * call at once with a `RequestError` named `ResponseTooLargeError` (not retried) and its
   * connection is closed. 64 MiB is over ten times the largest answer X-Ray sends (docs/response-size.md).
   * @defaultValue 67108864 (64 MiB)
   */
  maxResponseBytes?: number;
  /**
   * Attempts per call, the first included.
   * @defaultValue Node: `AWS_MAX_ATTEMPTS`, then `max_attempts` of the profile; else 3
   */
  maxAttempts?: number | Provider<number>;
  /**
   * `"standard"` or `"adaptive"` (adds client-side rate limiting). Adaptive mode is built into
   * the Node build only; in browsers pass `retryStrategy: new AdaptiveRetryStrategy(...)`.
   * @defaultValue Node: `AWS_RETRY_MODE`, then `retry_mode` of the profile; else "standard"
   */
  retryMode?: "standard" | "adaptive";
  /**
   * A retry strategy of your own; overrides `maxAttempts` and `retryMode`.
   * @defaultValue the AWS SDKs' standard mode (token-bucket quota, jittered backoff, `Retry-After`)
   */
  retryStrategy?: RetryStrategyV2;
  /**
   * Receives one `info` line per call and `debug` lines per attempt; never credentials.
   * @defaultValue no logging
   */
  logger?: Logger;
  /**
   * Milliseconds to add to the local clock when signing; corrected automatically from the
   * server's `Date` header when a request fails on clock skew.
   * @defaultValue 0
   */
  systemClockOffset?: number;
  /**
   * Appended to the user agent, e.g. `"my-app/1.2"`.
   */
  customUserAgent?: string;
  /**
   * The SHA-256 used for signing. Pass `Sha256` from `@aws-crypto/sha256-js` in a browser page
   * that is not a secure context (no `crypto.subtle`).
   * @defaultValue `node:crypto` in Node, WebCrypto in browsers
   */
  sha256?: ChecksumConstructor;
  /**
   * Check each input against the model's constraints (required members, lengths, ranges,
   * patterns, enum values, unique items) before anything is sent; an input that breaks any
   * throws one `ValidationError` listing every violation, and no credentials are resolved and
   * no request is made. Off by default, as in `@aws-sdk/client-xray`: the service validates
   * anyway. The checks and the model's constraint data load on first use, so bundles of
   * clients that leave this off do not contain them.
   * @defaultValue false
   */
  validateInput?: boolean;
}

/** The resolved configuration (`client.config`), shaped like `@aws-sdk/client-xray`'s. */
export interface ResolvedClientConfig {
  /** The service's API version from the model, e.g. `"2016-04-12"` for X-Ray. */
  readonly apiVersion: string;
  /** The region, as a provider; rejects with a `ConfigError` when none was given or found. */
  readonly region: Provider<string>;
  /**
   * The credentials, as a memoized provider that refreshes them five minutes before they
   * expire. Calling it resolves them: never log what it returns.
   */
  readonly credentials: AwsCredentialIdentityProvider;
  /** The `profile` option: the shared-config profile credential providers read (`callerClientConfig.profile`). */
  readonly profile: string | undefined;
  /**
   * The custom endpoint as a URL string: the `endpoint` option, else (Node) the one the
   * environment or the shared config file configures; `undefined`, or a provider resolving to
   * `undefined`, when the endpoint comes from the model's rules.
   */
  readonly endpoint: Provider<string | undefined> | undefined;
  /** Whether the region's FIPS endpoint is used. */
  readonly useFipsEndpoint: Provider<boolean>;
  /** Whether the region's dual-stack (IPv6) endpoint is used. */
  readonly useDualstackEndpoint: Provider<boolean>;
  /** The transport every attempt goes through. */
  readonly requestHandler: RequestHandler<any, any, HttpHandlerOptions>;
  /** Per-attempt deadline in milliseconds, covering the whole response body (0: none). */
  readonly requestTimeout: number;
  /** Reads a response body stream into bytes (the platform's: Node streams or `fetch` bodies). */
  readonly streamCollector: StreamCollector & ((stream: any, maxBytes?: number) => Promise<Uint8Array>);
  /** The cap on a response body, in bytes. */
  readonly maxResponseBytes: number;
  /** Attempts per call, the first included. */
  readonly maxAttempts: Provider<number>;
  /** The retry strategy: the caller's `retryStrategy`, or the one `retryMode` picks. */
  readonly retryStrategy: Provider<RetryStrategyV2>;
  /** Where call and attempt lines go; a logger that drops everything when none was given. */
  readonly logger: Logger;
  /** Mutable: updated from server `Date` headers when the local clock is skewed. */
  systemClockOffset: number;
  /**
   * The user-agent headers sent with every request (`user-agent` and `x-amz-user-agent` in
   * Node, `x-amz-user-agent` in browsers), with `customUserAgent` appended.
   */
  readonly userAgentHeaders: Readonly<Record<string, string>>;
  /** The SHA-256 implementation used to sign requests. */
  readonly sha256: ChecksumConstructor;
  /** Whether inputs are checked against the model's constraints before sending. */
  readonly validateInput: boolean;
}

export { silentLogger } from "./silent-logger.js";

/**
 * Resolves options into the client's configuration, validating what can be checked up front.
 *
 * @param options - the caller's options
 * @param apiVersion - the service's API version
 * @returns the resolved configuration
 * @throws TypeError or RangeError for malformed options, before any request is made
 */
export function resolveClientConfig(options: ClientConfig, apiVersion: string, serviceId = "XRay"): ResolvedClientConfig {
  const { requestTimeout = DEFAULT_REQUEST_TIMEOUT_MS, maxAttempts } = options;
  if (!Number.isFinite(requestTimeout) || requestTimeout < 0) {
    throw new RangeError(`requestTimeout must be a non-negative number of milliseconds, such as 30000, got ${requestTimeout}`);
  }
  const maxResponseBytes = resolveMaxResponseBytes(options.maxResponseBytes);
  if (typeof maxAttempts === "number" && (!Number.isInteger(maxAttempts) || maxAttempts < 1)) {
    throw new RangeError(`maxAttempts must be a positive integer (attempts, the first included), such as 3, got ${maxAttempts}`);
  }
  const retryMode = options.retryMode === undefined ? undefined : checkRetryMode(options.retryMode, "the retryMode option");
  const scope: SettingScope = { profile: options.profile, serviceId };
  const maxAttemptsValue = setting(maxAttempts, scope, "maxAttempts", DEFAULT_MAX_ATTEMPTS);
  const strategyFor = (mode: string | undefined): RetryStrategyV2 | Promise<RetryStrategyV2> =>
    mode === "adaptive" ? adaptiveRetryStrategy(maxAttemptsValue) : new StandardRetryStrategy(maxAttemptsValue);
  // One strategy per client (its retry quota is shared by the client's calls): the given one, the
  // one retryMode asks for (built now, so that a mode the platform lacks fails at once), or the
  // configured mode's, built on first use.
  const given = options.retryStrategy ?? (retryMode && strategyFor(retryMode));
  const strategy: Provider<RetryStrategyV2> = given
    ? fixed(async () => given)
    : once(async () => strategyFor(await setting(undefined, scope, "retryMode", "standard")()));
  const endpoint = options.endpoint;
  // A fixed endpoint is checked and parsed once, not on every call.
  const fixedEndpoint = endpoint !== undefined && typeof endpoint !== "function" ? endpointOptionToUrl(endpoint) : undefined;
  const userAgentHeaders = options.customUserAgent
    ? Object.fromEntries(
        Object.entries(platform.userAgentHeaders).map(([k, v]) => [k, `${v} ${options.customUserAgent}`]),
      )
    : platform.userAgentHeaders;
  const resolved: ResolvedClientConfig = {
    apiVersion,
    region: regionProvider(options.region, scope),
    credentials: resolveCredentialProvider(options.credentials, platform.defaultCredentials, () => resolved),
    profile: options.profile,
    endpoint:
      endpoint === undefined
        ? platform.configuredSetting && setting(undefined, scope, "endpoint", undefined)
        : typeof endpoint === "function"
          ? async () => endpointOptionToUrl(await endpoint())
          : fixed(async () => fixedEndpoint),
    useFipsEndpoint: setting(options.useFipsEndpoint, scope, "useFipsEndpoint", false),
    useDualstackEndpoint: setting(options.useDualstackEndpoint, scope, "useDualstackEndpoint", false),
    requestHandler: options.requestHandler ?? platform.requestHandler(requestTimeout, maxResponseBytes),
    requestTimeout,
    maxResponseBytes,
    streamCollector: platform.streamCollector,
    maxAttempts: maxAttemptsValue,
    retryStrategy: strategy,
    logger: options.logger ?? silentLogger,
    systemClockOffset: options.systemClockOffset ?? 0,
    userAgentHeaders,
    sha256: options.sha256 ?? platform.sha256,
    validateInput: options.validateInput === true,
  };
  return resolved;
}

/** Adaptive mode where the platform ships it (Node); browsers pass a strategy of their own. */
function adaptiveRetryStrategy(maxAttempts: Provider<number>): Promise<RetryStrategyV2> {
  if (platform.adaptiveRetryStrategy) {
    const strategy = platform.adaptiveRetryStrategy(maxAttempts);
    // Settled here so a load failure surfaces on the first call, not as an unhandled rejection.
    strategy.catch(() => {});
    return strategy;
  }
  throw new ConfigError(
    "the retryMode option",
    'retryMode "adaptive" is not bundled for browsers (it would add its rate limiter to every bundle): pass ' +
      "`retryStrategy: new AdaptiveRetryStrategy(async () => maxAttempts)` from @smithy/util-retry instead",
  );
}
