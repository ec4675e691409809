/**
 * Credential resolution: accepts what `@aws-sdk/client-xray` accepts (a static identity or an
 * identity provider such as those of `@aws-sdk/credential-providers`) and memoizes providers.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

/** Refresh this long before `expiration`, as the AWS SDKs do, so a request never signs with a key about to lapse. */
export const EXPIRY_WINDOW_MS = 300_000;

/**
 * Turns the `credentials` option into a memoized provider.
 *
 * The resolved identity is cached until it is within {@link EXPIRY_WINDOW_MS} of its
 * `expiration`; a failed load is not cached, so the next request tries again. Concurrent
 * callers share one in-flight load.
 *
 * @param option - a static identity, a provider, or `undefined` for the platform default
 * @param fallback - the platform's default chain
 * @param callerClientConfig - the client's resolved configuration, handed to the provider as
 *   `callerClientConfig` as the AWS SDKs do, so `fromTemporaryCredentials`, `fromIni` with an
 *   assumed role and the default chain call STS in the client's region
 * @returns a provider that is cheap to call on every request
 * @throws TypeError when the option is neither an identity nor a function
 */
export function resolveCredentialProvider(
  option: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined,
  fallback: AwsCredentialIdentityProvider,
  callerClientConfig?: () => object,
): AwsCredentialIdentityProvider {
  if (option !== undefined && typeof option !== "function") {
    checkIdentity(option);
    // Copy so that later mutation of the caller's object cannot change what we sign with.
    const identity = { ...option };
    return async () => identity;
  }
  const source = option ?? fallback;
  let cached: AwsCredentialIdentity | undefined;
  let loading: Promise<AwsCredentialIdentity> | undefined;
  return async (props) => {
    if (cached && !isExpiring(cached, props?.forceRefresh === true)) return cached;
    loading ??= Promise.resolve()
      .then(() => source(callerClientConfig ? { ...props, callerClientConfig: callerClientConfig() } : props))
      .then((identity) => {
        checkIdentity(identity);
        cached = identity;
        return identity;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };
}

const isExpiring = (identity: AwsCredentialIdentity, force: boolean): boolean =>
  force || (identity.expiration !== undefined && identity.expiration.getTime() - Date.now() < EXPIRY_WINDOW_MS);

/** Rejects malformed identities early, naming the missing field and never echoing a value. */
function checkIdentity(identity: unknown): asserts identity is AwsCredentialIdentity {
  const candidate = identity as Partial<AwsCredentialIdentity> | null;
  if (typeof candidate !== "object" || candidate === null) {
    throw new TypeError("credentials must be an object with accessKeyId and secretAccessKey, or a provider function");
  }
  for (const field of ["accessKeyId", "secretAccessKey"] as const) {
    if (typeof candidate[field] !== "string" || candidate[field] === "") {
      throw new TypeError(`credentials.${field} must be a non-empty string`);
    }
  }
}
