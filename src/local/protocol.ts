/**
 * X-Ray's restJson1 protocol in front of the engine, shared by the node:http server and the msw
 * handlers: routing by path, CORS, signature checks, the optional rate limit, JSON bodies, and
 * responses shaped as AWS sends them (`x-amzn-requestid`, `x-amzn-errortype`, JSON
 * `{ "message": … }` error bodies, `date`). Browser-safe: web standards only.
 *
 * @packageDocumentation
 */
import { LocalXRayError } from "./engine/errors.js";
import { createOriginPolicy, type CorsOrigins, type OriginPolicy } from "./origin-policy.js";
import { notImplemented, XRAY_OPERATIONS, type XRayEngine, type XRayOperationName } from "./engine/XRayEngine.js";
import { OperationHttp } from "../generated/wire.js";
import { createSignatureVerifier, type LocalCredentials } from "./sigv4-verify.js";
import { createThrottle, type ThrottleOptions } from "./throttle.js";
import { randomUuid } from "../runtime/uuid.js";

/** A request as an adapter received it. */
export interface WireRequest {
  readonly method: string;
  /** The path and query, as on the request line: `/TraceSummaries`. */
  readonly target: string;
  /** Header names lower-cased; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** The response an adapter sends. */
export interface WireResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * Options of the protocol layer that the node:http server (`startLocalXRay`) and the msw
 * handlers (`createLocalXRayHandlers`) share: authentication, rate limit, body size, clock.
 */
export interface ProtocolOptions {
  /** Access keys whose signatures are accepted; needed with `verifySignatures`. */
  readonly credentials?: LocalCredentials | readonly LocalCredentials[];
  /**
   * Check SigV4 signatures and refuse bad ones with 403, as AWS does.
   * @defaultValue false: any request is accepted, signed or not
   */
  readonly verifySignatures?: boolean;
  /** Answer 429 `ThrottledException` beyond this rate. */
  readonly throttle?: ThrottleOptions;
  /**
   * Largest request body accepted, bytes; larger ones get 413.
   * @defaultValue 5 MiB
   */
  readonly maxBodyBytes?: number;
  /**
   * The clock for signatures and the rate limit, epoch milliseconds.
   * @defaultValue `Date.now`
   */
  readonly now?: () => number;
  /** Told about unexpected failures (answered with 500 `InternalFailure`). */
  readonly onError?: (error: unknown) => void;
  /**
   * Web page origins that may call the endpoint (CORS), beyond pages served from this machine:
   * exact origins (`"http://dev.example:8080"`) or patterns, or `"*"` for any. A request whose
   * `Origin` is not allowed is refused with 403 `AccessDeniedException`; requests without an
   * `Origin` (anything but a browser) are not concerned.
   * @defaultValue loopback origins only (`localhost`, `127.0.0.0/8`, `[::1]`) for
   *   `startLocalXRay`; `"*"` for the msw handlers, which never face the network
   */
  readonly corsOrigins?: CorsOrigins;
}

/** Default {@link ProtocolOptions.maxBodyBytes}: far above any real batch (X-Ray daemons send 50 documents of at most 64 KB). */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** The implemented operations by `METHOD /path`, from the model's HTTP bindings. */
const ROUTES: ReadonlyMap<string, XRayOperationName> = new Map(XRAY_OPERATIONS.map((name) => [`${OperationHttp[name].method} ${OperationHttp[name].uri}`, name]));

/**
 * The form of every X-Ray operation's request: `POST` to a path of one PascalCase segment
 * (`docs/local-endpoint.md`). A request of that form that no implemented operation answers is
 * one of X-Ray's other operations; anything else is no X-Ray operation at all.
 */
const XRAY_OPERATION_FORM = /^\/[A-Z][A-Za-z]*$/;

/** Headers browsers may send cross-origin: what AWS SDKs and signers add. */
const ALLOWED_HEADERS = [
  "authorization",
  "content-type",
  "x-amz-date",
  "x-amz-security-token",
  "x-amz-user-agent",
  "x-amz-content-sha256",
  "x-amz-target",
  "x-amzn-trace-id",
  "amz-sdk-invocation-id",
  "amz-sdk-request",
];
const EXPOSED_HEADERS = "x-amzn-requestid, x-amzn-errortype, date";

/**
 * Creates the protocol handler for an engine.
 *
 * @param engine - the engine to serve
 * @param options - authentication, rate limit, body limit
 * @returns a function from request to response; it never rejects
 * @throws TypeError when `verifySignatures` is set without credentials
 */
export function createProtocolHandler(engine: XRayEngine, options: ProtocolOptions = {}): (request: WireRequest) => Promise<WireResponse> {
  const now = options.now ?? Date.now;
  const credentials = options.credentials === undefined ? [] : Array.isArray(options.credentials) ? options.credentials : [options.credentials as LocalCredentials];
  const verify = options.verifySignatures ? createSignatureVerifier(credentials) : undefined;
  const admit = options.throttle ? createThrottle(options.throttle, now) : undefined;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const allowOrigin = createOriginPolicy(options.corsOrigins);

  return async (request) => {
    const headers = baseHeaders(request, allowOrigin);
    const fail = (error: LocalXRayError): WireResponse => errorResponse(headers, error);
    try {
      const refusedOrigin = checkOrigin(request, allowOrigin);
      if (refusedOrigin) return fail(refusedOrigin);
      if (request.method === "OPTIONS") return preflight(headers, request);
      if (request.body.byteLength > maxBodyBytes) return fail(tooLarge(maxBodyBytes));
      const { path, query } = splitTarget(request.target);
      if (verify) {
        const refused = await verify({ method: request.method, path, query, headers: request.headers, body: request.body, now: now() });
        if (refused) return fail(refused);
      }
      const operation = ROUTES.get(`${request.method} ${path}`);
      if (!operation) return fail(unrouted(request.method, path));
      const refusedType = checkContentType(request);
      if (refusedType) return fail(refusedType);
      if (admit && !admit()) return fail(new LocalXRayError("ThrottledException", "Rate exceeded"));
      const input = parseBody(decoder, request.body);
      const output = await engine.handle(operation, input);
      return { status: 200, headers, body: JSON.stringify(output) };
    } catch (error) {
      if (error instanceof LocalXRayError) return fail(error);
      options.onError?.(error);
      return fail(new LocalXRayError("InternalFailure", `The local X-Ray endpoint failed: ${error instanceof Error ? error.message : String(error)}`));
    }
  };
}

/**
 * The error for a request no implemented operation answers: one of X-Ray's other operations, or
 * no X-Ray operation at all.
 *
 * @param method - the request's method
 * @param path - the request's path
 * @returns an `UnknownOperationException` (404)
 */
function unrouted(method: string, path: string): LocalXRayError {
  if (method === "POST" && XRAY_OPERATION_FORM.test(path)) return notImplemented(`POST ${path}`);
  return new LocalXRayError("UnknownOperationException", `${method} ${path} is no X-Ray operation: X-Ray's operations are POST requests to a path of one segment, such as POST /TraceSummaries`);
}

/**
 * The error for a body over the limit; also used by the HTTP adapter, which stops reading early.
 *
 * @param maxBodyBytes - the limit
 * @returns the error
 */
export function tooLarge(maxBodyBytes: number): LocalXRayError {
  return new LocalXRayError("RequestEntityTooLargeException", `Request body is larger than ${maxBodyBytes} bytes`);
}

/**
 * The headers every response carries.
 *
 * @param request - the request (for its `Origin`)
 * @param allowOrigin - which origins get CORS headers
 * @returns request id, content type, date, and CORS headers for an allowed origin
 */
export function baseHeaders(request: Pick<WireRequest, "headers">, allowOrigin: OriginPolicy): Record<string, string> {
  const origin = request.headers["origin"];
  const cors = origin !== undefined && allowOrigin(origin);
  return {
    "x-amzn-requestid": randomUuid(),
    "content-type": "application/json",
    date: new Date().toUTCString(),
    ...(cors ? { "access-control-allow-origin": origin, "access-control-expose-headers": EXPOSED_HEADERS } : {}),
    ...(origin !== undefined ? { vary: "Origin" } : {}),
  };
}

/** Refuses a request from a web page whose origin is not allowed. */
function checkOrigin(request: WireRequest, allowOrigin: OriginPolicy): LocalXRayError | undefined {
  const origin = request.headers["origin"];
  if (origin === undefined || allowOrigin(origin)) return undefined;
  return new LocalXRayError(
    "AccessDeniedException",
    `Requests from the web page origin ${JSON.stringify(origin.slice(0, 200))} are not allowed: only pages served from this machine may call the local endpoint unless it is started with corsOrigins (--cors-origin)`,
  );
}

/**
 * Content types of an API body: JSON as restJson1 and awsJson clients label it. Anything else
 * (`text/plain` above all, which a web page may send cross-origin without a preflight) is
 * refused rather than parsed as JSON.
 */
const JSON_CONTENT_TYPE = /^application\/(?:json|x-amz-json-1\.[01])\s*(?:;.*)?$/i;

/** Refuses a body that is not labelled as JSON (an empty body needs no label). */
function checkContentType(request: WireRequest): LocalXRayError | undefined {
  const type = request.headers["content-type"];
  if (type === undefined ? request.body.byteLength === 0 : JSON_CONTENT_TYPE.test(type.trim())) return undefined;
  return new LocalXRayError(
    "UnsupportedMediaTypeException",
    `The request body must be JSON with Content-Type: application/json, got ${type === undefined ? "no Content-Type" : JSON.stringify(type.slice(0, 100))}`,
  );
}

/**
 * An error response: the code in `x-amzn-errortype`, the message in the body as `message` (what
 * AWS SDKs read) and `Message` (the modelled member of X-Ray's exceptions).
 *
 * @param headers - the base headers
 * @param error - the error
 * @returns the response
 */
export function errorResponse(headers: Record<string, string>, error: LocalXRayError): WireResponse {
  const message = error.message.length > MAX_ERROR_MESSAGE_LENGTH ? `${error.message.slice(0, MAX_ERROR_MESSAGE_LENGTH)}…` : error.message;
  return {
    status: error.statusCode,
    headers: { ...headers, "x-amzn-errortype": error.code },
    body: JSON.stringify({ message, Message: message }),
  };
}

/** Longest error message an answer carries, characters: whatever failed, an error answer stays small. */
const MAX_ERROR_MESSAGE_LENGTH = 2000;

function preflight(headers: Record<string, string>, request: WireRequest): WireResponse {
  const requested = (request.headers["access-control-request-headers"] ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  return {
    status: 200,
    headers: {
      ...headers,
      "access-control-allow-methods": "POST, OPTIONS",
      "access-control-allow-headers": [...new Set([...ALLOWED_HEADERS, ...requested])].join(", "),
      "access-control-max-age": "600",
    },
    body: "",
  };
}

function splitTarget(target: string): { path: string; query: Record<string, string | string[]> } {
  const mark = target.indexOf("?");
  const path = mark < 0 ? target : target.slice(0, mark);
  const query: Record<string, string | string[]> = {};
  if (mark >= 0) {
    for (const [name, value] of new URLSearchParams(target.slice(mark + 1))) {
      const existing = query[name];
      query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
  }
  return { path, query };
}

function parseBody(decoder: TextDecoder, body: Uint8Array): unknown {
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    throw new LocalXRayError("SerializationException", "The request body is not valid UTF-8");
  }
  // An empty body is an empty input structure, as restJson1 allows.
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LocalXRayError("SerializationException", `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

