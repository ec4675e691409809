/**
 * SigV4 in Node on `node:crypto`, synchronously: the signer the client uses in Node for its
 * default hash (node-signer.ts). The request is built by the shared code of src/runtime/sigv4.ts;
 * here a request costs two SHA-256 digests and one HMAC, where `@smithy/signature-v4` awaits
 * five hash objects, and the signing key is derived once per identity, day, region and service.
 * test/runtime/sigv4.test.ts compares it with `@smithy/signature-v4` on generated requests.
 */
import { createHash, createHmac } from "node:crypto";
import type { AwsCredentialIdentityProvider, Provider } from "@smithy/types";
import type { RequestSigner } from "../sign.js";
import { settledValue } from "../configured.js";
import { authorize, canonicalRequest, payloadHashWithoutBytes, prepareSigning, SigningKeys, stringToSign } from "../sigv4.js";
import type { HttpRequest } from "@smithy/protocol-http";

/**
 * Creates the Node signer for one client.
 *
 * @param service - the signing name
 * @param region - the client's region provider
 * @param credentials - the client's credential provider, used when a call passes no identity
 * @param applyChecksum - sign an `x-amz-content-sha256` header, as AWS SDK clients do
 * @returns a function that signs a request (a new request: the given one is left as it is)
 */
export function createNodeSigner(
  service: string,
  region: Provider<string>,
  credentials: AwsCredentialIdentityProvider,
  applyChecksum = true,
): RequestSigner {
  const keys = new SigningKeys<Buffer>();
  const sha256Hex = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");
  return async (request, signingDate, identity, signingRegion) => {
    const who = identity ?? (await credentials());
    const signing = prepareSigning(request as HttpRequest, signingDate, who, signingRegion ?? (await settledValue(region)), service);
    const payloadHash = signing.givenPayloadHash ?? (signing.payload == null ? payloadHashWithoutBytes(signing.payload) : sha256Hex(signing.payload));
    const { canonical, signedHeaders } = canonicalRequest(signing, payloadHash, applyChecksum);
    let key = keys.get(who, signing.scope);
    if (!key) {
      key = createHmac("sha256", `AWS4${who.secretAccessKey}`).update(signing.shortDate).digest();
      for (const part of [signing.region, service, "aws4_request"]) key = createHmac("sha256", key).update(part).digest();
      keys.set(who, signing.scope, key);
    }
    const signature = createHmac("sha256", key).update(stringToSign(signing, sha256Hex(canonical))).digest("hex");
    return authorize(signing, who.accessKeyId, signedHeaders, signature);
  };
}
