/**
 * Keeps the test machine's own AWS settings out of credential and region tests.
 */
import { vi } from "vitest";

/** Variables through which the machine's credentials, profiles, roles or region could leak in. */
const AMBIENT_AWS_ENV = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_PROFILE",
  "AWS_ROLE_ARN",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_XRAY",
  "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
  "AWS_USE_FIPS_ENDPOINT",
  "AWS_USE_DUALSTACK_ENDPOINT",
  "AWS_MAX_ATTEMPTS",
  "AWS_RETRY_MODE",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
];

/**
 * Unsets every ambient AWS variable for the current test (restored by `vi.unstubAllEnvs()`).
 * Unset, not empty: some providers treat an empty `AWS_REGION` as a region named "".
 */
export function clearAmbientAwsEnv(): void {
  for (const name of AMBIENT_AWS_ENV) vi.stubEnv(name, undefined);
}
