/**
 * Settings a client's options leave out, from the platform's configuration (Node: environment
 * variables, then the active profile of the shared config files; browsers: none), checked and
 * memoized per client. The precedence is `@aws-sdk/client-xray`'s (docs/configuration.md).
 */
import type { Provider, RetryStrategyV2 } from "@smithy/types";
import { platform } from "#platform";
import type { SettingName } from "./platform/types.js";
import { ConfigError } from "./config-error.js";
import { checkBooleanSetting, checkEndpointUrl, checkMaxAttempts, checkRegion, checkRetryMode, type RetryMode } from "./config-values.js";

/** The `setting` of the error for a region nobody gave: the endpoint rules report it instead. */
export const MISSING_REGION = "region";

/**
 * The region for the endpoint rules: with a custom endpoint the rules route without one, so a
 * missing region is `undefined` there; without one, the {@link ConfigError} saying how to set
 * a region (clearer than the rule set's "Missing Region"). A malformed region always throws.
 *
 * @param region - the client's region provider
 * @param endpoint - the custom endpoint, if any
 * @returns the region, or `undefined` when none is configured and an endpoint is
 */
export async function regionForRules(region: Provider<string>, endpoint: string | undefined): Promise<string | undefined> {
  if (endpoint === undefined) return region();
  return region().catch((error: unknown) => {
    if (error instanceof ConfigError && error.setting === MISSING_REGION) return undefined;
    throw error;
  });
}

/** What the settings are read for: the client's `profile` option and its service. */
export interface SettingScope {
  /** The `profile` option. */
  readonly profile: string | undefined;
  /** The service's SDK id, e.g. `XRay`. */
  readonly serviceId: string;
}

/**
 * Calls `provider` once and keeps its promise, so every call of a client reads the environment
 * and files once, and a mistake fails each call the same way.
 *
 * @param provider - what to call
 * @returns the memoized provider
 */
export const once = <T>(provider: () => Promise<T>): (() => Promise<T>) => {
  let result: Promise<T> | undefined;
  return () => (result ??= provider());
};

/**
 * A setting from the platform's configuration, checked.
 *
 * @param scope - the client's profile option and service
 * @param setting - which setting
 * @param check - the check for its text
 * @returns the value, or `undefined` when nothing configures it
 */
async function configured<T>(scope: SettingScope, setting: SettingName, check: (value: string, source: string) => T): Promise<T | undefined> {
  const found = await platform.configuredSetting?.({ setting, profile: scope.profile, serviceId: scope.serviceId });
  return found && check(found.value, found.source);
}

/**
 * The `region` option (checked at once when it is a string), or the configured region.
 *
 * @param option - the `region` option
 * @param scope - the client's profile option and service
 * @returns the region provider
 * @throws ConfigError at once for a malformed region string; the provider rejects with one for
 *   a malformed or missing region
 */
export function regionProvider(option: string | Provider<string> | undefined, scope: SettingScope): Provider<string> {
  if (typeof option === "string") {
    const region = checkRegion(option, "the region option");
    return async () => region;
  }
  if (option !== undefined) return async () => checkRegion(await option(), "the region option (a provider)");
  return once(async () => {
    const region = await configured(scope, "region", checkRegion);
    if (region) return region;
    throw new ConfigError(
      MISSING_REGION,
      "No AWS region: pass `region` to the client (e.g. `region: \"eu-west-1\"`), set AWS_REGION (e.g. AWS_REGION=eu-west-1), " +
        "or set `region` in the active profile of the shared config file (~/.aws/config or AWS_CONFIG_FILE).",
    );
  });
}

/**
 * The endpoint the environment or the shared config files configure, when the `endpoint`
 * option is not given.
 *
 * @param scope - the client's profile option and service
 * @returns a provider of the URL, `undefined` when none is configured (the endpoint rules decide)
 */
export const configuredEndpointProvider = (scope: SettingScope): Provider<string | undefined> =>
  once(() => configured(scope, "endpoint", checkEndpointUrl));

/**
 * An option, or else its configured value, or else a default.
 *
 * @param option - the option as given
 * @param scope - the client's profile option and service
 * @param setting - which setting
 * @param fallback - the default
 * @returns the provider
 */
function optionOrConfigured<T>(
  option: T | Provider<T> | undefined,
  scope: SettingScope,
  setting: SettingName,
  check: (value: string, source: string) => T,
  fallback: T,
): Provider<T> {
  if (option === undefined) return once(async () => (await configured(scope, setting, check)) ?? fallback);
  return typeof option === "function" ? (option as Provider<T>) : async () => option;
}

/** `useFipsEndpoint`, else `AWS_USE_FIPS_ENDPOINT` / `use_fips_endpoint`, else false. */
export const fipsProvider = (option: boolean | Provider<boolean> | undefined, scope: SettingScope): Provider<boolean> =>
  optionOrConfigured(option, scope, "useFipsEndpoint", checkBooleanSetting, false);

/** `useDualstackEndpoint`, else `AWS_USE_DUALSTACK_ENDPOINT` / `use_dualstack_endpoint`, else false. */
export const dualstackProvider = (option: boolean | Provider<boolean> | undefined, scope: SettingScope): Provider<boolean> =>
  optionOrConfigured(option, scope, "useDualstackEndpoint", checkBooleanSetting, false);

/** `maxAttempts`, else `AWS_MAX_ATTEMPTS` / `max_attempts`, else `fallback`. */
export const maxAttemptsProvider = (option: number | Provider<number> | undefined, scope: SettingScope, fallback: number): Provider<number> =>
  optionOrConfigured(option, scope, "maxAttempts", checkMaxAttempts, fallback);

/**
 * The retry strategy of a client given no `retryStrategy`: built once, for the `retryMode`
 * option, else `AWS_RETRY_MODE` / `retry_mode`, else standard.
 *
 * @param option - the `retryMode` option (already checked)
 * @param scope - the client's profile option and service
 * @param build - builds the strategy for a mode
 * @returns the strategy provider
 */
export function retryStrategyProvider(
  option: RetryMode | undefined,
  scope: SettingScope,
  build: (mode: RetryMode) => RetryStrategyV2 | Promise<RetryStrategyV2>,
): Provider<RetryStrategyV2> {
  if (option !== undefined) {
    const strategy = build(option);
    return async () => strategy;
  }
  return once(async () => build((await configured(scope, "retryMode", checkRetryMode)) ?? "standard"));
}
