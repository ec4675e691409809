/**
 * The platform hashes (node:crypto in Node, WebCrypto in browsers) give the digests and HMACs
 * `@aws-crypto/sha256-js` gives, and so identical SigV4 signatures.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { ChecksumConstructor, SourceData } from "@smithy/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WebCryptoSha256 } from "../../src/runtime/sha256.browser.js";
import { NodeSha256 } from "../../src/runtime/sha256.node.js";

async function digest(Hash: ChecksumConstructor, chunks: SourceData[], secret?: SourceData): Promise<string> {
  const hash = secret === undefined ? new Hash() : new Hash(secret);
  for (const chunk of chunks) hash.update(chunk as Uint8Array); // signature-v4 also passes strings at run time
  return Buffer.from(await hash.digest()).toString("hex");
}

const sourceData = fc.oneof(
  fc.string({ unit: "grapheme" }),
  fc.uint8Array({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => bytes.buffer as ArrayBuffer),
);

describe.each([
  ["node:crypto", NodeSha256],
  ["WebCrypto", WebCryptoSha256],
])("%s SHA-256", (_, Hash) => {
  it("matches @aws-crypto/sha256-js for hashes and HMACs of random input", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sourceData, { maxLength: 4 }), fc.option(sourceData, { nil: undefined }), async (chunks, secret) => {
        expect(await digest(Hash, chunks, secret)).toBe(await digest(Sha256, chunks, secret));
      }),
      { seed: 20261124, numRuns: 150 },
    );
  });

  it("starts over on reset()", async () => {
    const hash = new Hash("key");
    hash.update("discarded");
    hash.reset();
    hash.update("kept");
    expect(Buffer.from(await hash.digest()).toString("hex")).toBe(await digest(Sha256, ["kept"], "key"));
  });

  it("yields the same SigV4 signature", async () => {
    const sign = (sha256: ChecksumConstructor) =>
      new SignatureV4({
        service: "xray",
        region: "eu-west-1",
        credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET", sessionToken: "TOKEN" },
        sha256,
      }).sign(
        new HttpRequest({ method: "POST", hostname: "xray.eu-west-1.amazonaws.com", path: "/TraceSummaries", headers: { host: "xray.eu-west-1.amazonaws.com" }, body: '{"x":"ü"}' }),
        { signingDate: new Date("2026-11-24T12:00:00Z") },
      );
    expect((await sign(Hash)).headers["authorization"]).toBe((await sign(Sha256)).headers["authorization"]);
  });
});
