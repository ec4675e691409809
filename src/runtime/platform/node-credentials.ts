/**
 * The Node default credential chain, in the order of `@aws-sdk/client-xray`: a profile named by
 * the `profile` option or `AWS_PROFILE` wins over the `AWS_*` key variables (with one warning
 * when both are set), then the key variables, then the rest of the AWS chain from the optional
 * peer `@aws-sdk/credential-provider-node` (SSO, `credential_process`, roles, web identity,
 * container and instance metadata). Without the peer, a profile's static keys
 * (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`) are still read.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from "@smithy/types";
import { ConfigError } from "../config-error.js";
import { silentLogger } from "../silent-logger.js";
import { activeProfile, hasProfile, profileSection, sharedFilePaths, sharedFiles } from "./node-config.js";

const fromEnv = (): AwsCredentialIdentity | undefined => {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION } = process.env;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY) return undefined;
  return {
    accessKeyId: AWS_ACCESS_KEY_ID,
    secretAccessKey: AWS_SECRET_ACCESS_KEY,
    ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
    ...(AWS_CREDENTIAL_EXPIRATION ? { expiration: new Date(AWS_CREDENTIAL_EXPIRATION) } : {}),
  };
};

/** The optional peer dependency with the full Node credential chain. */
const FULL_CHAIN_PACKAGE = "@aws-sdk/credential-provider-node";

type ChainFactory = (init?: { profile?: string; logger?: Logger }) => AwsCredentialIdentityProvider;

/**
 * The optional peer's `defaultProvider`, loaded once on first use; `null` when it is not
 * installed. The specifier is a variable so that bundlers and the type checker leave the
 * optional import alone.
 */
let chainFactory: Promise<ChainFactory | null> | undefined;
const loadChainFactory = (): Promise<ChainFactory | null> =>
  (chainFactory ??= import(FULL_CHAIN_PACKAGE).then(
    (m: { defaultProvider: ChainFactory }) => m.defaultProvider,
    () => null,
  ));

/**
 * One chain per client (the chain memoizes what it found, so clients with different profiles,
 * or created after the environment changed, must not share one), keyed by the client's
 * resolved configuration.
 */
const chains = new WeakMap<object, AwsCredentialIdentityProvider>();
/** The key of the chain for calls that name no client (a provider called on its own). */
const NO_CLIENT = {};

/** Whether the both-sources warning was given: once per process, as the AWS chain does. */
let warnedOfBothSources = false;

/** The client configuration fields the chain reads. */
interface CallerConfig {
  readonly profile?: string;
  readonly logger?: Logger;
}

/**
 * The default credentials of a Node client.
 *
 * @param props - the identity properties; `callerClientConfig` is the client's configuration
 * @returns the credentials
 * @throws ConfigError when the named profile is in neither shared file; otherwise an error
 *   named `CredentialsProviderError` saying what to set
 */
export const defaultCredentials: AwsCredentialIdentityProvider = async (props) => {
  const config = props?.callerClientConfig as CallerConfig | undefined;
  const { name, source } = activeProfile(config?.profile);
  // A profile named by the option or AWS_PROFILE wins over the AWS_* key variables.
  const profile = source === undefined ? undefined : name;
  if (profile === undefined) {
    const env = fromEnv();
    if (env) return env;
  }
  // The user's logger, if any: the AWS chain warns on the console when given none, as the official client does.
  const logger = config?.logger && config.logger !== silentLogger ? config.logger : undefined;
  const factory = await loadChainFactory();
  if (factory) {
    const client = props?.callerClientConfig ?? NO_CLIENT;
    let chain = chains.get(client);
    if (!chain) {
      chain = factory({ ...(profile === undefined ? {} : { profile }), ...(logger ? { logger } : {}) });
      chains.set(client, chain);
    }
    // props carries callerClientConfig: the chain's STS and SSO calls use the client's region.
    if (profile === undefined) return chain(props);
    return chain(props).catch(async (error: unknown) => {
      await throwIfProfileMissing(profile, source!);
      // The chain's own message does not say which profile it looked for.
      const reason = error instanceof Error ? error.message : String(error);
      throw Object.assign(new Error(`No AWS credentials for profile ${JSON.stringify(profile)} (from ${source}): ${reason}`, { cause: error }), {
        name: "CredentialsProviderError",
      });
    });
  }
  if (profile !== undefined) {
    if (fromEnv() && !warnedOfBothSources) {
      warnedOfBothSources = true;
      (logger ?? console).warn(
        `typed-xray: both ${source} and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set; using profile ${JSON.stringify(profile)}, as the AWS SDKs do.`,
      );
    }
    const keys = await profileKeys(profile, source!);
    if (keys) return keys;
  }
  throw Object.assign(
    new Error(
      (profile === undefined ? "No AWS credentials: " : `No AWS credentials in profile ${JSON.stringify(profile)} (from ${source}): `) +
        "pass `credentials` to the client, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, " +
        "or install @aws-sdk/credential-provider-node for SSO, roles, credential_process and instance roles.",
    ),
    { name: "CredentialsProviderError" },
  );
};

const KEY_NAMES = ["aws_access_key_id", "aws_secret_access_key"];

/** A profile's static keys, read without the peer. */
async function profileKeys(profile: string, source: string): Promise<AwsCredentialIdentity | undefined> {
  await throwIfProfileMissing(profile, source);
  const files = await sharedFiles(KEY_NAMES);
  const section = files ? profileSection(files, profile) : {};
  const accessKeyId = section["aws_access_key_id"];
  const secretAccessKey = section["aws_secret_access_key"];
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = section["aws_session_token"];
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/**
 * @throws ConfigError naming the option or variable when the profile is in neither shared
 *   file, with the profiles that are there
 */
async function throwIfProfileMissing(profile: string, source: string): Promise<void> {
  const files = await sharedFiles("any");
  if (files && hasProfile(files, profile)) return;
  const { configPath, credentialsPath } = sharedFilePaths();
  const known = files ? [...new Set([...Object.keys(files.config), ...Object.keys(files.credentials)])].filter((n) => !n.includes(".")) : [];
  const setting = source === "AWS_PROFILE" ? "AWS_PROFILE" : "the profile option";
  const example = source === "AWS_PROFILE" ? `AWS_PROFILE=${known[0] ?? "default"}` : `profile: "${known[0] ?? "default"}"`;
  throw new ConfigError(
    setting,
    `${setting} names profile ${JSON.stringify(profile)}, which is in neither ${configPath} ([profile ${profile}]) ` +
      `nor ${credentialsPath} ([${profile}])` +
      `${known.length ? `; profiles there: ${known.join(", ")}` : ""}. Name one of them, e.g. ${example}.`,
  );
}
