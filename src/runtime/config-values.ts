/**
 * Checks of configuration values, wherever they come from (a client option, an environment
 * variable, a shared-config-file key): each returns the value in the type the client uses, or
 * throws a {@link ConfigError} naming the source and showing a valid value.
 */
import { ConfigError } from "./config-error.js";

/** A region is a DNS label of the endpoint host: letters, digits and inner hyphens, at most 63. */
const REGION_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** The retry modes of the AWS SDKs' `retryMode` / `AWS_RETRY_MODE` / `retry_mode`. */
export type RetryMode = "standard" | "adaptive";

/**
 * @param value - the region as given
 * @param source - where it came from, e.g. `"the region option"` or `"AWS_REGION"`
 * @returns the region
 * @throws ConfigError when it is not a region code
 */
export function checkRegion(value: unknown, source: string): string {
  if (typeof value === "string" && REGION_PATTERN.test(value)) return value;
  throw invalid(source, 'an AWS region code such as "eu-west-1"', value);
}

/**
 * @param value - the URL as given
 * @param source - where it came from, e.g. `"AWS_ENDPOINT_URL"`
 * @returns the URL, unchanged
 * @throws ConfigError when it is not an absolute URL
 */
export function checkEndpointUrl(value: string, source: string): string {
  // "localhost:2000" parses, as a URL of scheme "localhost:": only http(s) with a host will do.
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url && (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "") return value;
  throw invalid(source, 'an absolute http(s) URL such as "http://127.0.0.1:2000"', value);
}

/**
 * @param value - the mode as given
 * @param source - where it came from
 * @returns the mode
 * @throws ConfigError for anything but `"standard"` and `"adaptive"`
 */
export function checkRetryMode(value: unknown, source: string): RetryMode {
  if (value === "standard" || value === "adaptive") return value;
  throw invalid(source, '"standard" or "adaptive"', value);
}

/**
 * @param value - the count as text (an environment variable or file key)
 * @param source - where it came from
 * @returns the number of attempts, the first included
 * @throws ConfigError unless it is a whole number of at least 1
 */
export function checkMaxAttempts(value: string, source: string): number {
  const attempts = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isSafeInteger(attempts) && attempts >= 1) return attempts;
  throw invalid(source, "a whole number of at least 1, such as 3", value);
}

/**
 * `"true"` or `"false"`, exactly, as the AWS SDKs read boolean settings.
 *
 * @param value - the flag as text
 * @param source - where it came from
 * @returns the flag
 * @throws ConfigError for any other text
 */
export function checkBooleanSetting(value: string, source: string): boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  throw invalid(source, '"true" or "false"', value);
}

/**
 * The error for a value that is not what its setting takes, quoting it shortened (a setting,
 * never a secret) or naming its type.
 */
const invalid = (source: string, expected: string, value: unknown): ConfigError =>
  new ConfigError(source, `${source} must be ${expected}, got ${typeof value === "string" ? JSON.stringify(value.slice(0, 100)) : String(value)}`);
