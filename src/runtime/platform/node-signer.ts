/**
 * The signer in Node, selected as `#signer` by the `default` condition of package.json
 * `imports`: SigV4 on `node:crypto` (node-sign.ts) for the default hash, and the signer driven
 * by the hash object (src/runtime/sigv4.ts) for a `sha256` option of the caller's.
 */
import type { SignerFactory } from "../sign.js";
import { NodeSha256 } from "../sha256.node.js";
import { createSigner as createHashDrivenSigner } from "../sigv4.js";
import { createNodeSigner } from "./node-sign.js";

/** Creates the signer for one client (parameters as src/runtime/sign.ts `createSigner`'s). */
export const createSigner: SignerFactory = (service, region, credentials, applyChecksum, sha256) =>
  sha256 === NodeSha256
    ? createNodeSigner(service, region, credentials, applyChecksum)
    : createHashDrivenSigner(service, region, credentials, applyChecksum, sha256);
