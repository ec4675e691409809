/**
 * AWS Signature Version 4 for the requests a client sends: the canonical request and the
 * signed headers (shared by every signer), and the signer driven by any `ChecksumConstructor`
 * (`WebCryptoSha256` in browsers, where it is selected as `#signer` by the `browser` condition
 * of package.json `imports`, and a `sha256` option of the caller's in Node). Node's default
 * signer (platform/node-sign.ts) builds the same request and hashes it on `node:crypto`.
 *
 * Why not `@smithy/signature-v4`: per request it clones the request, awaits five hash objects,
 * HMACs the secret with the key ID only to build a cache key and runs three regular expressions
 * on every header value, and it carries presigning and event-stream signing into every bundle
 * (9.5 kB minified). The loopback bench's profile (bench/README.md, "Finding out why") put it at
 * about a sixth of a call's CPU in Node. What is signed is exactly what `@smithy/signature-v4`
 * signs with the options AWS SDK clients use (the path URI-escaped and normalized,
 * `x-amz-content-sha256` signed when `applyChecksum`): test/runtime/sigv4.test.ts compares the
 * two on generated requests, and test/runtime/sign.test.ts checks the published AWS test vectors
 * and an independent signer (aws4).
 */
import { HttpRequest } from "@smithy/protocol-http";
import type { AwsCredentialIdentity, QueryParameterBag, SourceData } from "@smithy/types";
import { settledValue } from "./configured.js";
import type { SignerFactory } from "./sign.js";
import { escapeUri } from "./uri-escape.js";
import { headerValue } from "./header-value.js";

const ALGORITHM = "AWS4-HMAC-SHA256";
/** SHA-256 of no bytes: the payload hash of a request without a body. */
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
const CHECKSUM_HEADER = "x-amz-content-sha256";

/** Headers a signature never covers: proxies and browsers may add, drop or rewrite them. */
const UNSIGNABLE_HEADERS = new Set([
  "authorization",
  "cache-control",
  "connection",
  "expect",
  "from",
  "keep-alive",
  "max-forwards",
  "pragma",
  "referer",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "user-agent",
  "x-amzn-trace-id",
]);

/** Headers the signer writes itself; copies left on the request by an earlier attempt go. */
const GENERATED_HEADERS = new Set(["authorization", "x-amz-date", "date"]);

/** A header value with line breaks, tabs, runs of spaces or an outer space to normalize. */
const NEEDS_FOLDING = /[\r\n\t]|  |^ | $/;

/** A request being signed: what the hashes are computed over, and where the result goes. */
export interface SigningRequest {
  /** The request that goes out; its `headers` object receives the signature headers. */
  readonly signed: HttpRequest;
  /** `signed.headers`, typed for writing. */
  readonly headers: Record<string, string>;
  /** `20261207T010203Z`. */
  readonly longDate: string;
  /** `20261207`. */
  readonly shortDate: string;
  /** The signing region. */
  readonly region: string;
  /** `20261207/us-east-1/xray/aws4_request`. */
  readonly scope: string;
  /** The payload hash the request carries already, if any (`x-amz-content-sha256`). */
  readonly givenPayloadHash: string | undefined;
  /** The body as the hash must see it, or `undefined` for no body, or `null` for a stream. */
  readonly payload: string | Uint8Array | undefined | null;
}

/**
 * Checks the identity and copies the request, without the signer's own headers of an earlier
 * attempt, with the date and session token added.
 *
 * @param request - the request to sign (left unchanged)
 * @param signingDate - the (clock-skew-corrected) time of signing
 * @param identity - the credentials
 * @param region - the signing region
 * @param service - the signing name
 * @returns what the hashes need
 * @throws Error "Resolved credential object is not valid" (the message `@smithy/signature-v4`
 *   gives) for credentials whose key ID or secret is not a string
 */
export function prepareSigning(
  request: HttpRequest,
  signingDate: Date,
  identity: AwsCredentialIdentity,
  region: string,
  service: string,
): SigningRequest {
  if (typeof identity !== "object" || identity === null || typeof identity.accessKeyId !== "string" || typeof identity.secretAccessKey !== "string") {
    throw new Error("Resolved credential object is not valid");
  }
  const longDate = signingDate.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
  const shortDate = longDate.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const name in request.headers) {
    if (Object.hasOwn(request.headers, name) && !GENERATED_HEADERS.has(name.toLowerCase())) headers[name] = request.headers[name]!;
  }
  // Built first: the constructor normalizes what the signature covers (a path without its
  // leading "/", a method left out) as the request that goes out will have it.
  const signed = new HttpRequest({ ...request, headers, query: copyQuery(request.query) });
  headers["x-amz-date"] = longDate;
  if (identity.sessionToken) headers["x-amz-security-token"] = identity.sessionToken;
  return {
    signed,
    headers,
    longDate,
    shortDate,
    region,
    scope: `${shortDate}/${region}/${service}/aws4_request`,
    givenPayloadHash: headerValue(headers, CHECKSUM_HEADER),
    payload: payloadBytes(signed.body),
  };
}

/**
 * The canonical request (step 1 of SigV4) once the payload hash is known; writes the
 * `x-amz-content-sha256` header first when asked to and none was given.
 *
 * @param signing - the prepared request
 * @param payloadHash - the hex SHA-256 of the payload (or the given one, or `UNSIGNED-PAYLOAD`)
 * @param applyChecksum - whether to sign the payload hash as a header
 * @returns the canonical request and the signed-header list
 */
export function canonicalRequest(signing: SigningRequest, payloadHash: string, applyChecksum: boolean): { canonical: string; signedHeaders: string } {
  if (signing.givenPayloadHash === undefined && applyChecksum) signing.headers[CHECKSUM_HEADER] = payloadHash;
  const { signed } = signing;
  const [block, signedHeaders] = canonicalHeaders(signing.headers);
  return {
    canonical: `${signed.method}\n${canonicalPath(signed.path)}\n${canonicalQuery(signed.query)}\n${block}\n\n${signedHeaders}\n${payloadHash}`,
    signedHeaders,
  };
}

/**
 * The string to sign (step 2 of SigV4).
 *
 * @param signing - the prepared request
 * @param canonicalRequestHash - the hex SHA-256 of the canonical request
 * @returns the string to sign
 */
export const stringToSign = (signing: SigningRequest, canonicalRequestHash: string): string =>
  `${ALGORITHM}\n${signing.longDate}\n${signing.scope}\n${canonicalRequestHash}`;

/**
 * Writes the `Authorization` header and returns the signed request.
 *
 * @param signing - the prepared request
 * @param accessKeyId - the identity's key ID
 * @param signedHeaders - the signed-header list
 * @param signature - the hex signature
 * @returns the request to send
 */
export function authorize(signing: SigningRequest, accessKeyId: string, signedHeaders: string, signature: string): HttpRequest {
  signing.headers["authorization"] = `${ALGORITHM} Credential=${accessKeyId}/${signing.scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return signing.signed;
}

/** The payload hash of a request without a body, or with a stream that is not hashed. */
export const payloadHashWithoutBytes = (payload: null | undefined): string => (payload === null ? UNSIGNED_PAYLOAD : EMPTY_SHA256);

/**
 * The keys derived for each identity (`kSigning` of step 3), one per identity object: the
 * memoized credential provider hands out one object until it refreshes, so no secret is kept in
 * any string of ours and old identities go with their objects.
 *
 * @typeParam K - the key's type (bytes, or a platform key object)
 */
export class SigningKeys<K> {
  private readonly keys = new WeakMap<AwsCredentialIdentity, { scope: string; secret: string; key: K }>();

  /**
   * The key for this identity and scope, if derived already (an identity object whose secret
   * changed in place is derived again).
   *
   * @param identity - the credentials
   * @param scope - the credential scope
   * @returns the key, or `undefined`
   */
  get(identity: AwsCredentialIdentity, scope: string): K | undefined {
    const known = this.keys.get(identity);
    return known?.scope === scope && known.secret === identity.secretAccessKey ? known.key : undefined;
  }

  /**
   * Keeps a derived key.
   *
   * @param identity - the credentials
   * @param scope - the credential scope
   * @param key - the derived key
   * @returns the key
   */
  set(identity: AwsCredentialIdentity, scope: string, key: K): K {
    this.keys.set(identity, { scope, secret: identity.secretAccessKey, key });
    return key;
  }
}

/**
 * Creates a signer driven by a `ChecksumConstructor` (a hash without a key, an HMAC with one);
 * parameters as src/runtime/sign.ts `createSigner`'s.
 */
export const createSigner: SignerFactory = (service, region, credentials, applyChecksum, sha256) => {
  const keys = new SigningKeys<Uint8Array>();
  const digest = async (data: string | Uint8Array, key?: SourceData): Promise<Uint8Array> => {
    const hash = new sha256(key);
    hash.update(typeof data === "string" ? utf8.encode(data) : data);
    return hash.digest();
  };
  return async (request, signingDate, identity, signingRegion) => {
    const who = identity ?? (await credentials());
    const signing = prepareSigning(request as HttpRequest, signingDate, who, signingRegion ?? (await settledValue(region)), service);
    const payloadHash =
      signing.givenPayloadHash ?? (signing.payload == null ? payloadHashWithoutBytes(signing.payload) : toHex(await digest(signing.payload)));
    const { canonical, signedHeaders } = canonicalRequest(signing, payloadHash, applyChecksum);
    let key = keys.get(who, signing.scope);
    if (!key) {
      key = await digest(signing.shortDate, `AWS4${who.secretAccessKey}`);
      for (const part of [signing.region, service, "aws4_request"]) key = await digest(part, key);
      keys.set(who, signing.scope, key);
    }
    const signature = toHex(await digest(stringToSign(signing, toHex(await digest(canonical))), key));
    return authorize(signing, who.accessKeyId, signedHeaders, signature);
  };
};

const utf8 = new TextEncoder();

/** Lower-case hex of bytes. */
const toHex = (bytes: Uint8Array): string => {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
};

/** The body as bytes or text to hash; `undefined` without one, `null` for a stream (not hashed: it would be read twice). */
function payloadBytes(body: unknown): string | Uint8Array | undefined | null {
  if (body == null) return undefined;
  if (typeof body === "string") return body;
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer || Object.prototype.toString.call(body) === "[object ArrayBuffer]") return new Uint8Array(body as ArrayBuffer);
  return null;
}

/**
 * The canonical header block and the signed-header list: names lower-cased and sorted (a later
 * spelling of the same name wins, as names are visited in sorted order), values with line
 * breaks and runs of blanks folded into one space and trimmed.
 */
function canonicalHeaders(headers: Record<string, string>): [block: string, signed: string] {
  const canonical = new Map<string, string>();
  for (const name of Object.keys(headers).sort()) {
    const value = headers[name];
    if (value == undefined) continue;
    const lower = name.toLowerCase();
    if (UNSIGNABLE_HEADERS.has(lower) || lower.startsWith("proxy-") || lower.startsWith("sec-")) continue;
    canonical.set(lower, NEEDS_FOLDING.test(value) ? value.replace(/[\r\n]/g, " ").replace(/[ \t]+/g, " ").replace(/^ | $/g, "") : value);
  }
  const names = [...canonical.keys()].sort();
  return [names.map((name) => `${name}:${canonical.get(name)}`).join("\n"), names.join(";")];
}

/** The path with `.`, `..` and empty segments resolved, then URI-escaped a second time. */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const normalized = `${path.startsWith("/") ? "/" : ""}${segments.join("/")}${segments.length > 0 && path.endsWith("/") ? "/" : ""}`;
  return escapeUri(normalized).replace(/%2F/g, "/");
}

/** The query as `key=value` pairs sorted by escaped key (a list's pairs sorted), without a signature. */
function canonicalQuery(query: QueryParameterBag | undefined): string {
  const pairs = new Map<string, string>();
  for (const key in query) {
    if (!Object.hasOwn(query, key) || key.toLowerCase() === "x-amz-signature") continue;
    const escapedKey = escapeUri(key);
    const value = query[key];
    if (typeof value === "string") pairs.set(escapedKey, `${escapedKey}=${escapeUri(value)}`);
    else if (Array.isArray(value)) pairs.set(escapedKey, value.map((item) => `${escapedKey}=${escapeUri(item)}`).sort().join("&"));
  }
  return [...pairs.keys()]
    .sort()
    .map((key) => pairs.get(key))
    .filter((pair) => pair)
    .join("&");
}

/** A copy of the query, lists copied too, so the signed request shares nothing mutable with the given one. */
function copyQuery(query: QueryParameterBag | undefined): QueryParameterBag {
  const copy: QueryParameterBag = {};
  for (const key in query) {
    if (!Object.hasOwn(query, key)) continue;
    const value = query[key];
    copy[key] = Array.isArray(value) ? [...value] : value!;
  }
  return copy;
}
