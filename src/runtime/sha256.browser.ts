/**
 * SHA-256 and HMAC-SHA-256 for the signer in browsers, on WebCrypto (`crypto.subtle`), as the
 * AWS SDK's browser build does; it adds almost nothing to a bundle, where `@aws-crypto/sha256-js`
 * adds 5 KB. WebCrypto exists only in secure contexts (https, localhost): elsewhere the first
 * signature fails with an error saying to pass `sha256` (`Sha256` of `@aws-crypto/sha256-js`).
 */
import type { Checksum, SourceData } from "@smithy/types";

/**
 * A copy of `data` as a `Blob`, which takes strings (as UTF-8), `ArrayBuffer`s and views alike
 * and copies them at once, so later changes to the caller's buffer cannot change the digest.
 * Lets the platform do the encoding and concatenation our own code would otherwise carry.
 */
const toBlob = (data: SourceData): Blob => new Blob([data as BlobPart]);

/** A `@smithy/types` `Checksum`: a hash when constructed without a key, an HMAC with one. */
export class WebCryptoSha256 implements Checksum {
  private chunks: Blob[] = [];

  /** @param secret - the HMAC key; omit for a plain hash */
  constructor(private readonly secret?: SourceData) {}

  /** @param data - more input; strings are UTF-8 */
  update(data: SourceData): void {
    this.chunks.push(toBlob(data));
  }

  /** @returns the digest of everything given since construction or `reset()` */
  async digest(): Promise<Uint8Array> {
    const subtle = globalThis.crypto?.subtle;
    if (!subtle) {
      throw new Error(
        "crypto.subtle is unavailable (not a secure context): pass `sha256: Sha256` from @aws-crypto/sha256-js to the client",
      );
    }
    const data = await new Blob(this.chunks).arrayBuffer();
    // As in @aws-crypto/sha256-js, an empty string key means "no key".
    if (this.secret === undefined || this.secret === "") return new Uint8Array(await subtle.digest("SHA-256", data));
    // WebCrypto refuses an empty key; HMAC pads keys with zeros to the block size, so 64 zero
    // bytes is the same key.
    const raw = await toBlob(this.secret).arrayBuffer();
    const key = await subtle.importKey("raw", raw.byteLength ? raw : new Uint8Array(64), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return new Uint8Array(await subtle.sign("HMAC", key, data));
  }

  /** Starts over with the same key. */
  reset(): void {
    this.chunks = [];
  }
}
