/**
 * Browser defaults: `fetch` transport, no ambient credentials or region. Selected as
 * `#platform` by the `browser` condition of package.json `imports`.
 */
import { FetchRequestHandler } from "./fetch-handler.js";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { collectWebBody } from "../collect-body.web.js";
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


export const platform: Platform = {
  // The deadline is the pipeline's; the size cap is the collector's.
  requestHandler: () => new FetchRequestHandler(),
  // Reads fetch bodies chunk by chunk, so that maxResponseBytes can stop a body mid-way.
  streamCollector: collectWebBody,
  defaultCredentials: noCredentials,
  userAgentHeaders: { "x-amz-user-agent": `typed-xray/${VERSION}` },
  sha256: WebCryptoSha256,
};
