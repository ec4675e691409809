/**
 * SigV4 signing. The only module that imports `@smithy/signature-v4`, so the signer can be
 * swapped or measured in one place.
 */
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, ChecksumConstructor, HttpRequest, Provider } from "@smithy/types";
import { platform } from "#platform";

/** Signs one request at a given (clock-skew-corrected) time, with the call's identity if given. */
export type RequestSigner = (request: HttpRequest, signingDate: Date, identity?: AwsCredentialIdentity) => Promise<HttpRequest>;

/**
 * Creates the signer for one client.
 *
 * Its defaults (signing `x-amz-content-sha256`, URI-escaping the path) are what
 * `@aws-sdk/client-xray` sends, which keeps our `Authorization` byte-identical. Derived signing
 * keys are cached by `@smithy/signature-v4` itself, across instances.
 *
 * @param service - the signing name from the model's `aws.auth#sigv4` trait
 * @param region - the client's region provider
 * @param credentials - the client's (memoized) credential provider, used when a call passes no identity
 * @param applyChecksum - sign an `x-amz-content-sha256` header, as AWS SDK clients do; the
 *   published SigV4 test vectors are computed without it
 * @param sha256 - the hash: `node:crypto` in Node, WebCrypto in browsers by default
 * @returns a function that signs a request
 */
export function createSigner(
  service: string,
  region: Provider<string>,
  credentials: AwsCredentialIdentityProvider,
  applyChecksum = true,
  sha256: ChecksumConstructor = platform.sha256,
): RequestSigner {
  const create = (identity: AwsCredentialIdentity | AwsCredentialIdentityProvider): SignatureV4 =>
    new SignatureV4({ service, region, credentials: identity, sha256, applyChecksum });
  const shared = create(credentials);
  // The memoized provider hands out the same identity object until it refreshes, so one signer
  // per identity is enough; the WeakMap lets old identities go.
  const byIdentity = new WeakMap<AwsCredentialIdentity, SignatureV4>();
  return (request, signingDate, identity) => {
    let signer = shared;
    if (identity) {
      signer = byIdentity.get(identity) ?? create(identity);
      byIdentity.set(identity, signer);
    }
    return signer.sign(request, { signingDate }) as Promise<HttpRequest>;
  };
}
