/**
 * The error for a configuration mistake: a client option, an environment variable or a
 * shared-config-file key with a value the client cannot use, or a setting nobody gave.
 */

/**
 * A configuration mistake, named after where the value came from (the `region` option,
 * `AWS_REGION`, `max_attempts` of a profile in `~/.aws/config`, …) with an example of a valid
 * value, so that the fix is in the message. A `TypeError`, as programmer errors are; its `name`
 * is `"ConfigError"`.
 *
 * @example
 * ```ts
 * import { ConfigError, XRayClient } from "typed-xray";
 *
 * try {
 *   new XRayClient({ region: "eu west 1" });
 * } catch (error) {
 *   if (error instanceof ConfigError) console.error(error.setting, error.message);
 * }
 * ```
 */
export class ConfigError extends TypeError {
  /** Always `"ConfigError"`, so `error.name` checks work across copies of the package. */
  override readonly name = "ConfigError";
  /** Where the bad or missing value comes from, e.g. `"the region option"` or `"AWS_MAX_ATTEMPTS"`. */
  readonly setting: string;

  /**
   * @param setting - where the value comes from (option, variable or file key)
   * @param message - what is wrong and what a valid value looks like
   * @param options - the underlying error, if any
   */
  constructor(setting: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.setting = setting;
  }
}
