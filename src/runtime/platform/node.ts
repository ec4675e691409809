/**
 * Node defaults: transport, credentials, region and user agent. Selected as `#platform` by the
 * `node` and `default` conditions of package.json `imports`; browsers get `./browser.ts`, so
 * nothing here reaches a browser bundle.
 */
import { NodeRequestHandler } from "./node-http-handler.js";
import { collectBody } from "../collect-body.node.js";
import { NodeSha256 } from "../sha256.node.js";
import { VERSION } from "../version.js";
import type { Platform } from "./types.js";
import { configuredSetting } from "./node-config.js";
import { defaultCredentials } from "./node-credentials.js";

/** Node socket failures: the request may not have reached the service, or its answer was lost. */
const TRANSIENT_ERROR_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * Socket failures, and an HTTP/2 stream the server refused before processing it.
 *
 * @param code - the error's `code`
 * @param message - the error's message
 * @returns whether the failure is worth another attempt
 */
const isTransientErrorCode = (code: string | undefined, message: unknown): boolean =>
  TRANSIENT_ERROR_CODES.has(code ?? "") || (code === "ERR_HTTP2_STREAM_ERROR" && String(message).includes("NGHTTP2_REFUSED_STREAM"));

export const platform: Platform = {
  // Node's global fetch costs ~0.3 s to load (undici); node:http does not (docs/performance.md).
  requestHandler: (requestTimeout, maxResponseBytes) => new NodeRequestHandler({ requestTimeout, maxResponseBytes }),
  streamCollector: collectBody,
  defaultCredentials,
  // Loaded only when asked for: the module costs ~17 ms of cold start and most clients never use it.
  adaptiveRetryStrategy: async (maxAttempts) => new (await import("@smithy/util-retry")).AdaptiveRetryStrategy(maxAttempts),
  sha256: NodeSha256,
  isTransientErrorCode,
  configuredSetting,
  userAgentHeaders: {
    "user-agent": `typed-xray/${VERSION} lang/js md/nodejs#${process.versions.node}`,
    "x-amz-user-agent": `typed-xray/${VERSION}`,
  },
  contextHeaders: () => {
    // In Lambda, pass the invocation's trace on, as the official client's recursion-detection
    // does. Each process.env read is a native lookup: outside Lambda, one is enough.
    if (!process.env["AWS_LAMBDA_FUNCTION_NAME"]) return undefined;
    const traceId = process.env["_X_AMZN_TRACE_ID"];
    return traceId ? { "x-amzn-trace-id": traceId } : undefined;
  },
};
