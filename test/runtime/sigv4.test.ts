/**
 * Our SigV4 signers against `@smithy/signature-v4`, the signer they replace: Node's on
 * `node:crypto` (src/runtime/platform/node-sign.ts) and the one driven by a hash object
 * (src/runtime/sigv4.ts; WebCrypto in browsers, `@aws-crypto/sha256-js` here too). For generated
 * requests (odd paths, queries with lists and reserved characters, header names in any case,
 * values with folded whitespace, unsignable and signer-written headers, bodies of every kind,
 * session tokens, a preset payload hash) each must produce the same request, header for header,
 * in the same order.
 */
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, HttpRequest as SignedRequest } from "@smithy/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Sha256 } from "@aws-crypto/sha256-js";
import { createNodeSigner } from "../../src/runtime/platform/node-sign.js";
import { NodeSha256 } from "../../src/runtime/sha256.node.js";
import { WebCryptoSha256 } from "../../src/runtime/sha256.browser.js";
import { createSigner as createHashDrivenSigner } from "../../src/runtime/sigv4.js";
import type { RequestSigner } from "../../src/runtime/sign.js";

/** Each signer under test, built like createNodeSigner. */
const signers: ReadonlyArray<readonly [string, (service: string, region: () => Promise<string>, credentials: () => Promise<AwsCredentialIdentity>, applyChecksum?: boolean) => RequestSigner]> = [
  ["node:crypto", createNodeSigner],
  ["hash object: WebCrypto", (service, region, credentials, applyChecksum = true) => createHashDrivenSigner(service, region, credentials, applyChecksum, WebCryptoSha256)],
  ["hash object: @aws-crypto/sha256-js", (service, region, credentials, applyChecksum = true) => createHashDrivenSigner(service, region, credentials, applyChecksum, Sha256)],
];

const text = (maxLength: number) => fc.string({ unit: "grapheme", maxLength });
const tokenChars = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFXYZ0123456789-_.~!*'()%:@$&+,;=");
const headerName = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCXYZ-0123456789"), minLength: 1, maxLength: 12 }),
  fc.constantFrom(
    "Host",
    "content-type",
    "Content-Length",
    "user-agent",
    "X-Amz-Date",
    "x-amz-date",
    "Date",
    "Authorization",
    "x-amz-security-token",
    "X-Amz-Content-Sha256",
    "proxy-authorization",
    "sec-fetch-mode",
    "Expect",
    "x-amzn-trace-id",
    "x-amz-user-agent",
    "amz-sdk-request",
  ),
);
const headerValue = fc.oneof(fc.string({ unit: fc.constantFrom(..."ab c\t\r\n=;,/"), maxLength: 16 }), text(12));
const pathSegment = fc.oneof(fc.string({ unit: tokenChars, maxLength: 6 }), fc.constantFrom(".", "..", "", "a b", "ü", "%2F", "日本"));
const path = fc
  .tuple(fc.array(pathSegment, { maxLength: 6 }), fc.boolean(), fc.boolean())
  .map(([segments, leading, trailing]) => `${leading ? "/" : ""}${segments.join("/")}${trailing ? "/" : ""}`);
const queryKey = fc.oneof(fc.string({ unit: tokenChars, minLength: 1, maxLength: 6 }), fc.constantFrom("X-Amz-Signature", "a b", "ü", "*"));
const queryValue = fc.oneof(
  text(8),
  fc.array(text(6), { maxLength: 3 }),
);
const body = fc.oneof(
  fc.constant(undefined),
  text(40),
  fc.uint8Array({ maxLength: 40 }),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => bytes.buffer),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => new DataView(bytes.buffer)),
);
const identity: fc.Arbitrary<AwsCredentialIdentity> = fc.record(
  {
    accessKeyId: fc.string({ unit: fc.constantFrom(..."AKIDEXAMPLE0123456789"), minLength: 1, maxLength: 20 }),
    secretAccessKey: text(40),
    sessionToken: fc.oneof(fc.constant(""), text(30)),
  },
  { requiredKeys: ["accessKeyId", "secretAccessKey"] },
);
const request = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE"),
  path,
  query: fc.dictionary(queryKey, queryValue, { maxKeys: 4 }),
  headers: fc.dictionary(headerName, headerValue, { maxKeys: 8 }),
  body,
});
const signingDate = fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true });
const region = fc.constantFrom("us-east-1", "eu-west-3", "cn-north-1", "us-gov-west-1");
const service = fc.constantFrom("xray", "execute-api", "lambda");

/** What a signer returned, in a comparable form (header order included). */
const shape = (signed: SignedRequest) => ({
  method: signed.method,
  protocol: signed.protocol,
  hostname: signed.hostname,
  path: signed.path,
  query: signed.query,
  headers: Object.entries(signed.headers),
  body: signed.body,
});

describe.each(signers)("%s signer = @smithy/signature-v4", (_, createNodeSigner) => {
  it("signs every generated request identically", async () => {
    await fc.assert(
      fc.asyncProperty(request, identity, signingDate, region, service, fc.boolean(), async (input, who, date, where, what, applyChecksum) => {
        const reference = new SignatureV4({ service: what, region: where, credentials: who, sha256: NodeSha256, applyChecksum });
        const ours = createNodeSigner(what, async () => where, async () => who, applyChecksum);
        const expected = (await reference.sign(new HttpRequest({ hostname: "example.com", ...input }), { signingDate: date })) as HttpRequest;
        const given = new HttpRequest({ hostname: "example.com", ...input });
        const before = JSON.stringify(given);
        const actual = await ours(given, date);
        expect(shape(actual)).toEqual(shape(expected));
        // The request given is left as it was: a retry signs it again from scratch.
        expect(JSON.stringify(given)).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it("signs with the call's identity when given, and the provider's otherwise", async () => {
    const fromProvider = { accessKeyId: "AKIDPROVIDER", secretAccessKey: "provider-secret" };
    const fromCall = { accessKeyId: "AKIDCALL", secretAccessKey: "call-secret", sessionToken: "call-token" };
    const sign = createNodeSigner("xray", async () => "us-east-1", async () => fromProvider);
    const date = new Date("2026-12-07T01:02:03Z");
    const unsigned = () => new HttpRequest({ method: "POST", hostname: "xray.us-east-1.amazonaws.com", path: "/Traces", headers: { host: "xray.us-east-1.amazonaws.com" }, body: "{}" });
    expect((await sign(unsigned(), date)).headers["authorization"]).toContain("Credential=AKIDPROVIDER/20261207/us-east-1/xray/aws4_request");
    const withCall = await sign(unsigned(), date, fromCall);
    expect(withCall.headers["authorization"]).toContain("Credential=AKIDCALL/");
    expect(withCall.headers["x-amz-security-token"]).toBe("call-token");
  });

  it("derives a new key when the day changes, and signs as the reference does on both days", async () => {
    const who = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
    const sign = createNodeSigner("xray", async () => "us-east-1", async () => who);
    const reference = new SignatureV4({ service: "xray", region: "us-east-1", credentials: who, sha256: NodeSha256 });
    for (const date of [new Date("2026-12-07T23:59:59Z"), new Date("2026-12-08T00:00:00Z"), new Date("2026-12-07T12:00:00Z")]) {
      const unsigned = () => new HttpRequest({ method: "POST", hostname: "h", path: "/", headers: { host: "h" }, body: "x" });
      const expected = (await reference.sign(unsigned(), { signingDate: date })) as HttpRequest;
      expect((await sign(unsigned(), date)).headers["authorization"]).toBe(expected.headers["authorization"]);
    }
  });

  it("refuses credentials that are not strings, with the reference's message", async () => {
    const sign = createNodeSigner("xray", async () => "us-east-1", async () => ({ accessKeyId: 1 }) as unknown as AwsCredentialIdentity);
    await expect(sign(new HttpRequest({}), new Date())).rejects.toThrow("Resolved credential object is not valid");
  });
});

describe.each(signers)("%s signer, keys derived once", (_, createNodeSigner) => {
  it("derives a new key when an identity object is changed in place (rotated secret)", async () => {
    const who = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "first-secret-0000000000" };
    const sign = createNodeSigner("xray", async () => "us-east-1", async () => who);
    const date = new Date("2026-12-07T01:02:03Z");
    const unsigned = () => new HttpRequest({ method: "POST", hostname: "h", path: "/", headers: { host: "h" }, body: "x" });
    const first = (await sign(unsigned(), date)).headers["authorization"];
    who.secretAccessKey = "second-secret-000000000";
    const reference = new SignatureV4({ service: "xray", region: "us-east-1", credentials: who, sha256: NodeSha256 });
    const expected = (await reference.sign(unsigned(), { signingDate: date })) as HttpRequest;
    const second = (await sign(unsigned(), date)).headers["authorization"];
    expect(second).not.toBe(first);
    expect(second).toBe(expected.headers["authorization"]);
  });
});

describe("createSigner in Node", () => {
  it("signs with node:crypto by default and through @smithy/signature-v4 for a hash of the caller's, identically", async () => {
    const { Sha256 } = await import("@aws-crypto/sha256-js");
    const { createSigner } = await import("../../src/runtime/sign.js");
    const who = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "token" };
    const date = new Date("2026-12-07T01:02:03Z");
    const unsigned = () => new HttpRequest({ method: "POST", hostname: "h", path: "/Traces", headers: { host: "h", "content-type": "application/json" }, body: '{"a":"ü"}' });
    const byDefault = await createSigner("xray", async () => "eu-west-1", async () => who)(unsigned(), date);
    const withOwnHash = await createSigner("xray", async () => "eu-west-1", async () => who, true, Sha256)(unsigned(), date);
    expect(Object.entries(withOwnHash.headers)).toEqual(Object.entries(byDefault.headers));
    expect(byDefault.headers["authorization"]).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261207\/eu-west-1\/xray\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
  });
});
