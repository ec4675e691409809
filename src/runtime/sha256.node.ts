/**
 * SHA-256 and HMAC-SHA-256 for the signer in Node, on `node:crypto` (native, several times
 * faster than `@aws-crypto/sha256-js`, which stays available as the `sha256` option).
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import type { Checksum, SourceData } from "@smithy/types";

/** A `@smithy/types` `Checksum`: a hash when constructed without a key, an HMAC with one. */
export class NodeSha256 implements Checksum {
  private state: Hash | Hmac;

  /** @param secret - the HMAC key; omit for a plain hash */
  constructor(private readonly secret?: SourceData) {
    this.state = this.fresh();
  }

  /** @param data - more input; strings are UTF-8 */
  update(data: SourceData): void {
    this.state.update(toBytes(data));
  }

  /** @returns the digest of everything given since construction or `reset()` */
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.state.digest());
  }

  /** Starts over with the same key. */
  reset(): void {
    this.state = this.fresh();
  }

  private fresh(): Hash | Hmac {
    // As in @aws-crypto/sha256-js, an empty string key means "no key".
    return this.secret === undefined || this.secret === "" ? createHash("sha256") : createHmac("sha256", toBytes(this.secret));
  }
}

function toBytes(data: SourceData): string | Uint8Array {
  if (typeof data === "string") return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}
