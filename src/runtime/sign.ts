/**
 * SigV4 signing. The only module that imports `@smithy/signature-v4`, so the signer can be
 * swapped or measured in one place.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentityProvider, HttpRequest, Provider } from "@smithy/types";

/** Signs one request at a given (clock-skew-corrected) time. */
export type RequestSigner = (request: HttpRequest, signingDate: Date) => Promise<HttpRequest>;

/**
 * Creates the signer for one client.
 *
 * `SignatureV4` caches derived signing keys per day, region and access key, so one instance is
 * kept for the client's life. Its defaults (signing `x-amz-content-sha256`, URI-escaping the
 * path) are what `@aws-sdk/client-xray` sends, which keeps our `Authorization` byte-identical.
 *
 * @param service - the signing name from the model's `aws.auth#sigv4` trait
 * @param region - the client's region provider
 * @param credentials - the client's (memoized) credential provider
 * @param applyChecksum - sign an `x-amz-content-sha256` header, as AWS SDK clients do; the
 *   published SigV4 test vectors are computed without it
 * @returns a function that signs a request
 */
export function createSigner(
  service: string,
  region: Provider<string>,
  credentials: AwsCredentialIdentityProvider,
  applyChecksum = true,
): RequestSigner {
  const signer = new SignatureV4({ service, region, credentials, sha256: Sha256, applyChecksum });
  return (request, signingDate) => signer.sign(request, { signingDate }) as Promise<HttpRequest>;
}
