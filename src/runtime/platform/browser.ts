/**
 * Browser defaults: `fetch` transport, no ambient credentials or region. Selected as
 * `#platform` by the `browser` condition of package.json `imports`.
 */
import { FetchHttpHandler } from "@smithy/fetch-http-handler";
import type { AwsCredentialIdentityProvider, StreamCollector } from "@smithy/types";
import type { Platform } from "./types.js";
import { WebCryptoSha256 } from "../sha256.browser.js";
import { VERSION } from "../version.js";

const noCredentials: AwsCredentialIdentityProvider = async () => {
  throw Object.assign(
    new Error(
      "No AWS credentials: in a browser pass `credentials` to the client (temporary credentials, " +
        "e.g. from Cognito or your own token-vending endpoint); there is no ambient credential chain.",
    ),
    { name: "CredentialsProviderError" },
  );
};

/**
 * Reads a response body into bytes: `fetch` hands over a `ReadableStream` (a `Blob` where
 * streams are missing), and `Response` reads either, so no collector of our own is needed.
 */
const streamCollector: StreamCollector = async (body) => new Uint8Array(await new Response(body as BodyInit).arrayBuffer());

export const platform: Platform = {
  requestHandler: (requestTimeout) => new FetchHttpHandler({ requestTimeout }),
  streamCollector,
  defaultCredentials: noCredentials,
  userAgentHeaders: { "x-amz-user-agent": `typed-xray/${VERSION}` },
  sha256: WebCryptoSha256,
};
