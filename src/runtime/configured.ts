/**
 * Settings a client's options leave out, from the platform's configuration (Node: environment
 * variables, then the active profile of the shared config files, checked there; browsers:
 * none), memoized per client. The precedence is `@aws-sdk/client-xray`'s (docs/configuration.md).
 */
import type { Provider } from "@smithy/types";
import { platform } from "#platform";
import type { SettingName, SettingValues } from "./platform/types.js";
import { ConfigError } from "./config-error.js";
import { checkRegion } from "./config-values.js";

/** The `setting` of the error for a region nobody gave. */
const MISSING_REGION = "region";

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
  return fixed(() => (result ??= provider()));
};

/** Marks providers that settle the same way on every call (see {@link fixed}). */
const FIXED: unique symbol = Symbol("typed-xray.fixedProvider");

/**
 * Marks a provider as fixed: every call settles the same way (a value given as an option, a
 * memoized setting), so a call may reuse what an earlier call got ({@link settledValue}).
 *
 * @param provider - the provider
 * @returns the same provider, marked
 */
export const fixed = <P extends () => Promise<unknown>>(provider: P): P => Object.assign(provider, { [FIXED]: true });

/** The promise each fixed provider gave first. */
const settled = new WeakMap<object, Promise<unknown>>();

/**
 * What `provider()` gives, without calling a fixed provider twice: each call of a client asks
 * for its region, endpoint settings and retry settings, and a promise reused costs one turn of
 * the microtask queue where a call of the provider chain costs several.
 *
 * @param provider - any provider; one not marked {@link fixed} is called every time
 * @returns its promise
 */
export function settledValue<T>(provider: Provider<T>): Promise<T> {
  if ((provider as { [FIXED]?: boolean })[FIXED] !== true) return provider();
  let result = settled.get(provider) as Promise<T> | undefined;
  if (result === undefined) settled.set(provider, (result = provider()));
  return result;
}

/**
 * The option, else (memoized) the configured value, else `fallback`.
 *
 * @param option - the option as given
 * @param scope - the client's profile option and service
 * @param setting - which setting
 * @param fallback - the default
 * @returns the provider
 */
export function setting<S extends SettingName, F extends SettingValues[S] | undefined>(
  option: SettingValues[S] | Provider<SettingValues[S]> | undefined,
  scope: SettingScope,
  setting: S,
  fallback: F,
): Provider<SettingValues[S] | F> {
  if (option !== undefined) return typeof option === "function" ? option : fixed(async () => option);
  return once(async () => (await platform.configuredSetting?.({ setting, ...scope })) ?? fallback);
}

/**
 * The `region` option (checked at once when it is a string), else the configured region.
 *
 * @param option - the `region` option
 * @param scope - the client's profile option and service
 * @returns the region provider
 * @throws ConfigError at once for a malformed region string; the provider rejects with one for
 *   a malformed or missing region
 */
export function regionProvider(option: string | Provider<string> | undefined, scope: SettingScope): Provider<string> {
  const source = "the region option";
  if (typeof option === "string") checkRegion(option, source);
  const region = setting(typeof option === "function" ? async () => checkRegion(await option(), source) : option, scope, "region", undefined);
  const checked = async (): Promise<string> =>
    (await region()) ??
    Promise.reject(
      new ConfigError(
        MISSING_REGION,
        'No AWS region: pass `region` (e.g. "eu-west-1"), set AWS_REGION=eu-west-1, or set `region` in the profile in ~/.aws/config',
      ),
    );
  // A region from a string or from the configuration is the same for every call; one from a
  // function of the caller's is asked for each time.
  return typeof option === "function" ? checked : fixed(checked);
}

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
  if (endpoint === undefined) return settledValue(region);
  return settledValue(region).catch((error: unknown) => {
    if (error instanceof ConfigError && error.setting === MISSING_REGION) return undefined;
    throw error;
  });
}
