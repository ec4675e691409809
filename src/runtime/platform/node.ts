/**
 * Node defaults: transport, credentials, region and user agent. Selected as `#platform` by the
 * `node` and `default` conditions of package.json `imports`; browsers get `./browser.ts`, so
 * nothing here reaches a browser bundle.
 */
import { NodeRequestHandler } from "./node-http-handler.js";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { collectBody } from "../collect-body.node.js";
import { NodeSha256 } from "../sha256.node.js";
import { VERSION } from "../version.js";
import type { Platform } from "./types.js";

/** Node socket failures: the request may not have reached the service, or its answer was lost. */
const TRANSIENT_ERROR_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * Socket failures, and an HTTP/2 stream the server refused before processing it.
 *
 * @param code - the error's `code`
 * @param message - the error's message
 * @returns whether the failure is worth another attempt
 */
const isTransientErrorCode = (code: string | undefined, message: unknown): boolean =>
  TRANSIENT_ERROR_CODES.has(code ?? "") || (code === "ERR_HTTP2_STREAM_ERROR" && String(message).includes("NGHTTP2_REFUSED_STREAM"));

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

type ChainFactory = (init?: { profile?: string }) => AwsCredentialIdentityProvider;

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

/**
 * Environment variables first (no I/O), then the full AWS chain (profiles, SSO, web identity,
 * container and instance metadata) when `@aws-sdk/credential-provider-node` is installed.
 */
const defaultCredentials: AwsCredentialIdentityProvider = async (props) => {
  // A profile named in the client's options wins over the AWS_* key variables, as in the AWS SDK.
  const profile = (props?.callerClientConfig as { profile?: string } | undefined)?.profile;
  const env = profile === undefined ? fromEnv() : undefined;
  if (env) return env;
  const factory = await loadChainFactory();
  if (factory) {
    const client = props?.callerClientConfig ?? NO_CLIENT;
    let chain = chains.get(client);
    if (!chain) {
      chain = factory(profile === undefined ? {} : { profile });
      chains.set(client, chain);
    }
    // props carries callerClientConfig: the chain's STS and SSO calls use the client's region.
    if (profile === undefined) return chain(props);
    return chain(props).catch((error: unknown) => {
      // The chain's own message does not say which profile it looked for.
      const reason = error instanceof Error ? error.message : String(error);
      throw Object.assign(new Error(`No AWS credentials for profile ${JSON.stringify(profile)}: ${reason}`, { cause: error }), {
        name: "CredentialsProviderError",
      });
    });
  }
  throw Object.assign(
    new Error(
      (profile === undefined ? "No AWS credentials: " : `No AWS credentials for profile ${JSON.stringify(profile)}: `) +
        "pass `credentials` to the client, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, " +
        "or install @aws-sdk/credential-provider-node for profiles, SSO and instance roles.",
    ),
    { name: "CredentialsProviderError" },
  );
};

export const platform: Platform = {
  // Node's global fetch costs ~0.3 s to load (undici); node:http does not (bench "transport").
  requestHandler: (requestTimeout, maxResponseBytes) => new NodeRequestHandler({ requestTimeout, maxResponseBytes }),
  streamCollector: collectBody,
  defaultCredentials,
  // Loaded only when asked for: the module costs ~17 ms of cold start and most clients never use it.
  adaptiveRetryStrategy: async (maxAttempts) => new (await import("@smithy/util-retry")).AdaptiveRetryStrategy(maxAttempts),
  sha256: NodeSha256,
  isTransientErrorCode,
  defaultRegion: () => process.env["AWS_REGION"] || process.env["AWS_DEFAULT_REGION"] || undefined,
  userAgentHeaders: {
    "user-agent": `typed-xray/${VERSION} lang/js md/nodejs#${process.versions.node}`,
    "x-amz-user-agent": `typed-xray/${VERSION}`,
  },
  contextHeaders: () => {
    // In Lambda, pass the invocation's trace on, as the official client's recursion-detection does.
    const traceId = process.env["_X_AMZN_TRACE_ID"];
    return process.env["AWS_LAMBDA_FUNCTION_NAME"] && traceId ? { "x-amzn-trace-id": traceId } : undefined;
  },
};
