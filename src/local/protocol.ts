/**
 * X-Ray's restJson1 protocol in front of the engine, shared by the node:http server and the msw
 * handlers: routing by path, CORS, signature checks, the optional rate limit, JSON bodies, and
 * responses shaped as AWS sends them (`x-amzn-requestid`, `x-amzn-errortype`, JSON
 * `{ "message": … }` error bodies, `date`). Browser-safe: web standards only.
 *
 * @packageDocumentation
 */
import { LocalXRayError } from "./engine/errors.js";
import type { XRayEngine, XRayOperationName } from "./engine/XRayEngine.js";
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
}

/** Default {@link ProtocolOptions.maxBodyBytes}: far above any real batch (X-Ray daemons send 50 documents of at most 64 KB). */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** The operations by their restJson1 paths (all `POST`). */
const ROUTES: Readonly<Record<string, XRayOperationName>> = {
  "/Traces": "BatchGetTraces",
  "/GetSamplingRules": "GetSamplingRules",
  "/SamplingTargets": "GetSamplingTargets",
  "/ServiceGraph": "GetServiceGraph",
  "/TraceGraph": "GetTraceGraph",
  "/TraceSummaries": "GetTraceSummaries",
  "/TelemetryRecords": "PutTelemetryRecords",
  "/TraceSegments": "PutTraceSegments",
};

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

  return async (request) => {
    const headers = baseHeaders(request);
    const fail = (error: LocalXRayError): WireResponse => errorResponse(headers, error);
    try {
      if (request.method === "OPTIONS") return preflight(headers, request);
      if (request.body.byteLength > maxBodyBytes) return fail(tooLarge(maxBodyBytes));
      const { path, query } = splitTarget(request.target);
      if (verify) {
        const refused = await verify({ method: request.method, path, query, headers: request.headers, body: request.body, now: now() });
        if (refused) return fail(refused);
      }
      const operation = request.method === "POST" && Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
      if (!operation) return fail(new LocalXRayError("UnknownOperationException", `No X-Ray operation answers ${request.method} ${path}`));
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
 * @returns request id, content type, date and CORS headers
 */
export function baseHeaders(request: Pick<WireRequest, "headers">): Record<string, string> {
  const origin = request.headers["origin"];
  return {
    "x-amzn-requestid": randomUuid(),
    "content-type": "application/json",
    date: new Date().toUTCString(),
    "access-control-allow-origin": origin ?? "*",
    "access-control-expose-headers": EXPOSED_HEADERS,
    ...(origin !== undefined ? { vary: "Origin" } : {}),
  };
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
  return {
    status: error.statusCode,
    headers: { ...headers, "x-amzn-errortype": error.code },
    body: JSON.stringify({ message: error.message, Message: error.message }),
  };
}

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

