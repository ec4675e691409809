/**
 * The signer a client signs with, imported as `#signer` (package.json `imports`, chosen by export
 * condition like `#platform`): Node signs on `node:crypto` synchronously unless the `sha256`
 * option names another hash (platform/node-signer.ts); browsers sign with the hash object
 * (sigv4.ts, WebCrypto by default). A module of its own, not a member of the platform object, so
 * that bundles which never sign (the tracing helper with its sampler) carry no signer.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, ChecksumConstructor, HttpRequest, Provider } from "@smithy/types";
import { platform } from "#platform";
import { createSigner as createPlatformSigner } from "#signer";

/**
 * Signs one request at a given (clock-skew-corrected) time, with the call's identity and region
 * if given (else the signer's providers are asked).
 */
export type RequestSigner = (request: HttpRequest, signingDate: Date, identity?: AwsCredentialIdentity, region?: string) => Promise<HttpRequest>;

/**
 * What a `#signer` module exports as `createSigner`: the signer of one client (parameters as
 * {@link createSigner}'s).
 */
export type SignerFactory = (
  service: string,
  region: Provider<string>,
  credentials: AwsCredentialIdentityProvider,
  applyChecksum: boolean,
  sha256: ChecksumConstructor,
) => RequestSigner;

/**
 * Creates the signer for one client.
 *
 * Its defaults (signing `x-amz-content-sha256`, URI-escaping the path) are what
 * `@aws-sdk/client-xray` sends, which keeps our `Authorization` byte-identical.
 *
 * @param service - the signing name from the model's `aws.auth#sigv4` trait
 * @param region - the client's region provider
 * @param credentials - the client's (memoized) credential provider, used when a call passes no identity
 * @param applyChecksum - sign an `x-amz-content-sha256` header, as AWS SDK clients do; the
 *   published SigV4 test vectors are computed without it
 * @param sha256 - the hash: `node:crypto` in Node, WebCrypto in browsers by default
 * @returns a function that signs a request (a new request: the one given is left as it is)
 */
export function createSigner(
  service: string,
  region: Provider<string>,
  credentials: AwsCredentialIdentityProvider,
  applyChecksum = true,
  sha256: ChecksumConstructor = platform.sha256,
): RequestSigner {
  return createPlatformSigner(service, region, credentials, applyChecksum, sha256);
}
