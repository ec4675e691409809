/**
 * SigV4 verification for the local endpoint, answering as AWS does when a signature is missing,
 * malformed, made with an unknown key, wrong, or too old: 403 with
 * `MissingAuthenticationTokenException`, `IncompleteSignatureException`,
 * `UnrecognizedClientException` or `InvalidSignatureException` ("Signature expired: …" past the
 * 5-minute skew AWS allows, which SDKs treat as clock skew and retry).
 *
 * The signature is recomputed with `@smithy/signature-v4` over exactly the headers the client
 * says it signed, so any SigV4 client verifies, whatever else it sends. Browser-safe: SHA-256
 * comes from `@aws-crypto/sha256-js`.
 *
 * @packageDocumentation
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { LocalXRayError } from "./engine/errors.js";

/** Credentials the endpoint accepts signatures from. */
export interface LocalCredentials {
  /** The access key ID a request's `Credential` must name. */
  readonly accessKeyId: string;
  /** The secret the signature is checked with; it never appears in a response or an error. */
  readonly secretAccessKey: string;
  /** When set, requests must carry this `x-amz-security-token`. */
  readonly sessionToken?: string;
}

/** The parts of a request a signature covers. */
export interface SignedRequest {
  readonly method: string;
  /** The path as sent, e.g. `/TraceSummaries`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | string[]>>;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** The server's clock, epoch milliseconds. */
  readonly now: number;
}

/** Checks one request; resolves to the error to answer with, or `undefined` when it is signed correctly. */
export type SignatureVerifier = (request: SignedRequest) => Promise<LocalXRayError | undefined>;

/** The signing name of X-Ray (the model's `aws.auth#sigv4` trait). */
const SERVICE = "xray";
/** How far a request's signing time may be from the server's clock. */
const MAX_SKEW_MS = 5 * 60 * 1000;
const ALGORITHM = "AWS4-HMAC-SHA256";

const invalidSignature = (message: string): LocalXRayError => new LocalXRayError("InvalidSignatureException", message);
const incomplete = (message: string): LocalXRayError => new LocalXRayError("IncompleteSignatureException", message);

/**
 * Creates a verifier for a set of credentials.
 *
 * @param credentials - the accepted access keys
 * @returns the verifier
 * @throws TypeError when no credentials are given
 */
export function createSignatureVerifier(credentials: readonly LocalCredentials[]): SignatureVerifier {
  if (credentials.length === 0) throw new TypeError("verifySignatures needs `credentials`: the access keys to accept");
  const byKeyId = new Map(credentials.map((credential) => [credential.accessKeyId, credential]));
  return async (request) => {
    const authorization = request.headers["authorization"];
    if (authorization === undefined || authorization === "") {
      return new LocalXRayError("MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    const parsed = parseAuthorization(authorization);
    if (parsed instanceof LocalXRayError) return parsed;
    const { keyId, scopeDate, region, service, signedHeaders, signature } = parsed;

    const credential = byKeyId.get(keyId);
    if (!credential) return new LocalXRayError("UnrecognizedClientException", "The access key id of the request is not one this endpoint accepts.");
    if (credential.sessionToken !== undefined && request.headers["x-amz-security-token"] !== credential.sessionToken) {
      return new LocalXRayError("UnrecognizedClientException", "The session token of the request is not the one this endpoint accepts for its access key id.");
    }
    if (service !== SERVICE) return invalidSignature(`The credential scope names the service '${service}'; this endpoint is '${SERVICE}'.`);

    const amzDate = request.headers["x-amz-date"];
    if (amzDate === undefined) return incomplete("Authorization header requires existence of an 'X-Amz-Date' header.");
    const signedAt = parseAmzDate(amzDate);
    if (signedAt === undefined) return incomplete(`X-Amz-Date must be in the ISO 8601 basic format (20150830T123600Z), got '${amzDate}'.`);
    if (amzDate.slice(0, 8) !== scopeDate) return invalidSignature(`The credential scope date '${scopeDate}' is not the date of X-Amz-Date '${amzDate}'.`);
    const skew = checkSkew(amzDate, signedAt, request.now);
    if (skew) return skew;

    if (!signedHeaders.includes("host")) return invalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.");
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      const value = request.headers[name];
      if (value === undefined) return invalidSignature(`The request signature covers the header '${name}', which the request does not have.`);
      if (name !== "x-amz-date") headers[name] = value;
    }
    const payloadHash = await sha256Hex(request.body);
    const declared = request.headers["x-amz-content-sha256"];
    if (declared !== undefined && declared !== payloadHash) {
      return invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    const signer = new SignatureV4({
      credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey },
      region,
      service,
      sha256: Sha256,
      applyChecksum: false,
    });
    const signed = await signer.sign(
      // The host comes from the signed `host` header; the hostname field is not signed.
      new HttpRequest({ method: request.method, protocol: "http:", hostname: "local", path: request.path, query: { ...request.query }, headers, body: request.body }),
      { signingDate: new Date(signedAt), signingRegion: region, signingService: service, signableHeaders: new Set(signedHeaders) },
    );
    const expected = parseAuthorization(String(signed.headers["authorization"]));
    if (expected instanceof LocalXRayError || expected.signedHeaders.join(";") !== signedHeaders.join(";") || !timingSafeEqual(expected.signature, signature)) {
      return invalidSignature(
        "The signature does not match the one computed for this request with the secret key of its access key id: check the secret and the signing method.",
      );
    }
    return undefined;
  };
}

interface ParsedAuthorization {
  readonly keyId: string;
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: string[];
  readonly signature: string;
}

function parseAuthorization(header: string): ParsedAuthorization | LocalXRayError {
  const space = header.indexOf(" ");
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== ALGORITHM) return incomplete(`Unsupported authorization type '${algorithm.slice(0, 40)}': only ${ALGORITHM} is accepted.`);
  const parameters = new Map<string, string>();
  for (const part of header.slice(space + 1).split(",")) {
    const equals = part.indexOf("=");
    if (equals > 0) parameters.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const credential = parameters.get("Credential");
  const signedHeaders = parameters.get("SignedHeaders");
  const signature = parameters.get("Signature");
  const missing = [["Credential", credential], ["SignedHeaders", signedHeaders], ["Signature", signature]].filter(([, value]) => !value).map(([name]) => `'${name}'`);
  if (missing.length > 0) return incomplete(`Authorization header requires ${missing.join(", ")} parameter${missing.length > 1 ? "s" : ""}.`);
  const scope = credential!.split("/");
  if (scope.length !== 5 || scope[4] !== "aws4_request" || !/^\d{8}$/.test(scope[1]!)) {
    return incomplete("Credential must have the form <access key id>/<YYYYMMDD>/<region>/<service>/aws4_request.");
  }
  return {
    keyId: scope[0]!,
    scopeDate: scope[1]!,
    region: scope[2]!,
    service: scope[3]!,
    signedHeaders: signedHeaders!.split(";").map((name) => name.trim().toLowerCase()),
    signature: signature!,
  };
}

/** `20150830T123600Z` → epoch milliseconds. */
function parseAmzDate(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const time = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isNaN(time) ? undefined : time;
}

const formatAmzDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

function checkSkew(amzDate: string, signedAt: number, now: number): LocalXRayError | undefined {
  if (signedAt < now - MAX_SKEW_MS) {
    return invalidSignature(`Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - MAX_SKEW_MS)} (${formatAmzDate(now)} - 5 min.)`);
  }
  if (signedAt > now + MAX_SKEW_MS) {
    return invalidSignature(`Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + MAX_SKEW_MS)} (${formatAmzDate(now)} + 5 min.)`);
  }
  return undefined;
}

async function sha256Hex(body: Uint8Array): Promise<string> {
  const hash = new Sha256();
  hash.update(body);
  const digest = await hash.digest();
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** Compares two strings in time that depends only on their length. */
function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
