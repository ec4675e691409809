/**
 * The AWS SDKs' shared configuration in Node: environment variables, then the active profile of
 * the shared config files (`AWS_CONFIG_FILE`, default `~/.aws/config`, and
 * `AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`), in the precedence of
 * `@aws-sdk/client-xray`; docs/configuration.md lists every variable and key in order.
 *
 * The files are parsed by `@smithy/shared-ini-file-loader`, loaded with `import()` only when a
 * file can change an answer: `@smithy/core/config` behind it costs tens of milliseconds to load,
 * which a client given its region (or running where no config file exists) never pays.
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../config-error.js";
import { checkBooleanSetting, checkEndpointUrl, checkMaxAttempts, checkRegion, checkRetryMode } from "../config-values.js";
import type { ConfiguredValue, SettingName, SettingRequest, SettingValues } from "./types.js";

/** How a setting's text is checked and converted. */
type Check<S extends SettingName> = (value: string, source: string) => SettingValues[S];

/** The environment variables (in order), the config-file key and the check of each setting. */
const SETTINGS: { readonly [S in Exclude<SettingName, "endpoint">]: { env: readonly string[]; key: string; check: Check<S> } } = {
  // AWS_DEFAULT_REGION: read by the AWS CLI and boto3 (not by the JavaScript SDK); kept so one
  // environment configures every tool.
  region: { env: ["AWS_REGION", "AWS_DEFAULT_REGION"], key: "region", check: checkRegion },
  useFipsEndpoint: { env: ["AWS_USE_FIPS_ENDPOINT"], key: "use_fips_endpoint", check: checkBooleanSetting },
  useDualstackEndpoint: { env: ["AWS_USE_DUALSTACK_ENDPOINT"], key: "use_dualstack_endpoint", check: checkBooleanSetting },
  maxAttempts: { env: ["AWS_MAX_ATTEMPTS"], key: "max_attempts", check: checkMaxAttempts },
  retryMode: { env: ["AWS_RETRY_MODE"], key: "retry_mode", check: checkRetryMode },
};

const IGNORE_ENDPOINTS_ENV = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
const IGNORE_ENDPOINTS_KEY = "ignore_configured_endpoint_urls";
const ENDPOINT_KEY = "endpoint_url";
const SERVICES_KEY = "services";

/** A section of a parsed file: keys (sub-section keys as `xray.endpoint_url`) to values. */
type Section = Readonly<Record<string, string | undefined>>;

/** The two shared files, parsed: profiles by name (`[profile dev]` as `dev`), `services.NAME` sections. */
export interface SharedFiles {
  /** Path of the config file, for messages. */
  readonly configPath: string;
  /** Path of the credentials file, for messages. */
  readonly credentialsPath: string;
  /** Sections of the config file. */
  readonly config: Readonly<Record<string, Section | undefined>>;
  /** Sections of the credentials file. */
  readonly credentials: Readonly<Record<string, Section | undefined>>;
}

/** An environment variable, with the empty string counted as unset. */
export const envValue = (name: string): ConfiguredValue | undefined => {
  const value = process.env[name];
  return value ? { value, source: name } : undefined;
};

/**
 * The active profile: the client's `profile` option, then `AWS_PROFILE`, then `default`.
 *
 * @param option - the client's `profile` option
 * @returns the profile name and where the name came from
 */
export function activeProfile(option: string | undefined): { name: string; source: string | undefined } {
  if (option !== undefined) return { name: option, source: "the profile option" };
  const fromEnv = envValue("AWS_PROFILE");
  return fromEnv ? { name: fromEnv.value, source: "AWS_PROFILE" } : { name: "default", source: undefined };
}

/** The home directory as `@smithy/shared-ini-file-loader` finds it. */
const home = (): string => process.env["HOME"] || process.env["USERPROFILE"] || homedir();
const expand = (path: string): string => (path.startsWith("~/") ? join(home(), path.slice(2)) : path);

/** File texts by path, read once per process as the Smithy loader caches them. */
const texts = new Map<string, Promise<string>>();
const textOf = (path: string): Promise<string> => {
  let text = texts.get(path);
  if (!text) {
    text = readFile(path, "utf8").catch(() => "");
    texts.set(path, text);
  }
  return text;
};

type Loader = typeof import("@smithy/shared-ini-file-loader");
let loader: Promise<Loader> | undefined;

/**
 * The paths of the shared files: `AWS_CONFIG_FILE` (default `~/.aws/config`) and
 * `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`).
 *
 * @returns both paths, `~/` expanded
 */
export const sharedFilePaths = (): { configPath: string; credentialsPath: string } => ({
  configPath: expand(process.env["AWS_CONFIG_FILE"] || join(home(), ".aws", "config")),
  credentialsPath: expand(process.env["AWS_SHARED_CREDENTIALS_FILE"] || join(home(), ".aws", "credentials")),
});

/**
 * Parses the shared files if either sets one of `keys` (any key, for `"any"`): a cheap look at
 * the text first, so that the parser is imported only when it can change an answer.
 *
 * @param keys - the keys the caller needs, or `"any"` when any content matters
 * @returns the parsed files, or `undefined` when they cannot change the answer
 */
export async function sharedFiles(keys: readonly string[] | "any"): Promise<SharedFiles | undefined> {
  const paths = sharedFilePaths();
  const found = await Promise.all([textOf(paths.configPath), textOf(paths.credentialsPath)]);
  const setsAKey = keys === "any" ? /=/ : new RegExp(`^[ \\t]*(?:${keys.join("|")})[ \\t]*=`, "m");
  if (!found.some((text) => setsAKey.test(text))) return undefined;
  const { loadSharedConfigFiles } = await (loader ??= import("@smithy/shared-ini-file-loader"));
  const parsed = await loadSharedConfigFiles({ filepath: paths.credentialsPath, configFilepath: paths.configPath });
  return { ...paths, config: parsed.configFile, credentials: parsed.credentialsFile };
}

/**
 * A profile as the AWS SDKs merge it: the config file's section over the credentials file's.
 *
 * @param files - the parsed files
 * @param name - the profile name
 * @returns the merged keys (empty when the profile is in neither file)
 */
export const profileSection = (files: SharedFiles, name: string): Section => ({
  ...(Object.hasOwn(files.credentials, name) ? files.credentials[name] : undefined),
  ...(Object.hasOwn(files.config, name) ? files.config[name] : undefined),
});

/**
 * Whether a profile is in either file.
 *
 * @param files - the parsed files
 * @param name - the profile name
 * @returns true when a section of that name exists
 */
export const hasProfile = (files: SharedFiles, name: string): boolean =>
  Object.hasOwn(files.config, name) || Object.hasOwn(files.credentials, name);

const fromFile = (files: SharedFiles, profile: string, key: string): ConfiguredValue | undefined => {
  const value = profileSection(files, profile)[key];
  return value ? { value, source: `${key} of profile "${profile}" in ${files.configPath}` } : undefined;
};

/**
 * A setting from the environment or the active profile, checked.
 *
 * @param request - the setting, the client's `profile` option and the service
 * @returns the value, or `undefined` when nothing sets it
 * @throws ConfigError naming the variable or file key when the value is malformed
 */
export async function configuredSetting<S extends SettingName>(request: SettingRequest<S>): Promise<SettingValues[S] | undefined> {
  const found = await configuredText(request);
  if (!found) return undefined;
  const check = (request.setting === "endpoint" ? checkEndpointUrl : SETTINGS[request.setting as Exclude<SettingName, "endpoint">].check) as Check<S>;
  return check(found.value, found.source);
}

/** A setting's text and where it was found. */
async function configuredText(request: SettingRequest): Promise<ConfiguredValue | undefined> {
  if (request.setting === "endpoint") return configuredEndpoint(request);
  const { env, key } = SETTINGS[request.setting];
  for (const name of env) {
    const value = envValue(name);
    if (value) return value;
  }
  const profile = activeProfile(request.profile).name;
  const files = await sharedFiles([key]);
  return files && fromFile(files, profile, key);
}

/**
 * `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, then the profile's `services` section
 * (`<service> =` sub-section, `endpoint_url`), then the profile's own `endpoint_url`; none of
 * them when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` or the profile's
 * `ignore_configured_endpoint_urls` is `true`.
 */
async function configuredEndpoint({ profile: option, serviceId }: SettingRequest): Promise<ConfiguredValue | undefined> {
  const words = serviceId.split(" ");
  const serviceEnv = ["AWS_ENDPOINT_URL", ...words.map((w) => w.toUpperCase())].join("_");
  const serviceKey = words.map((w) => w.toLowerCase()).join("_");
  const profile = activeProfile(option).name;
  const ignoreEnv = envValue(IGNORE_ENDPOINTS_ENV);
  const files = await sharedFiles(ignoreEnv ? [ENDPOINT_KEY, SERVICES_KEY] : [ENDPOINT_KEY, SERVICES_KEY, IGNORE_ENDPOINTS_KEY]);
  const ignore = ignoreEnv ?? (files && fromFile(files, profile, IGNORE_ENDPOINTS_KEY));
  if (ignore && checkBooleanSetting(ignore.value, ignore.source)) return undefined;
  const fromEnv = envValue(serviceEnv) ?? envValue("AWS_ENDPOINT_URL");
  if (fromEnv || !files) return fromEnv;
  const section = profileSection(files, profile);
  const services = section[SERVICES_KEY];
  if (services) {
    const servicesSection = files.config[`${SERVICES_KEY}.${services}`];
    if (!servicesSection) {
      const source = `services of profile "${profile}" in ${files.configPath}`;
      throw new ConfigError(source, `${source} names [services ${services}], which is not in that file; add it, e.g. "[services ${services}]\n${serviceKey} =\n  endpoint_url = http://127.0.0.1:2000"`);
    }
    const url = servicesSection?.[`${serviceKey}.${ENDPOINT_KEY}`];
    if (url) return { value: url, source: `${serviceKey}.${ENDPOINT_KEY} of [services ${services}] in ${files.configPath}` };
  }
  return fromFile(files, profile, ENDPOINT_KEY);
}
