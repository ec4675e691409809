/**
 * `typed-xray/local`: a local X-Ray endpoint for development and tests. It speaks X-Ray's real
 * restJson1 wire protocol over node:http, so any client can use it (typed-xray,
 * `@aws-sdk/client-xray`, the AWS CLI or boto3 with `--endpoint-url`), and it really stores
 * segments and computes summaries, filter expressions and service graphs from them.
 *
 * Node only. For browsers and unit tests without a socket, use the msw handlers of
 * `typed-xray/local/msw`, built on the same engine.
 *
 * @example
 * ```ts
 * import { startLocalXRay } from "typed-xray/local";
 * import { XRayClient } from "typed-xray";
 *
 * const xray = await startLocalXRay();
 * const client = new XRayClient({ endpoint: xray.endpoint, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
 * // … send commands …
 * await xray.close();
 * ```
 *
 * @packageDocumentation
 * @module typed-xray/local
 */
import { XRayEngine, type XRayEngineOptions } from "./engine/XRayEngine.js";
import { createHostPolicy, type AllowedHosts } from "./host-policy.js";
import { listen, type ServerTimeouts } from "./http-server.js";
import { createOriginPolicy } from "./origin-policy.js";
import { openDataFile, type FileJournal } from "./persistence.js";
import { createProtocolHandler, DEFAULT_MAX_BODY_BYTES, type ProtocolOptions } from "./protocol.js";

/** Options of {@link startLocalXRay}. */
export interface LocalXRayOptions extends ProtocolOptions, Omit<XRayEngineOptions, "journal"> {
  /**
   * The port to listen on; 0 picks a free one (read it from `endpoint`).
   * @defaultValue 0
   */
  readonly port?: number;
  /**
   * The interface to listen on. The endpoint accepts unsigned requests unless
   * `verifySignatures` is set, so keep it on loopback unless you mean otherwise.
   * @defaultValue "127.0.0.1"
   */
  readonly host?: string;
  /**
   * Keep the data in this file (append-only JSON lines, flushed to disk before each answer) so
   * it survives a restart. Without it, data lives in memory only.
   */
  readonly dataFile?: string;
  /**
   * `Host` names the server answers beyond its own (`localhost`, loopback addresses, the
   * interface it listens on, every interface address when that is `0.0.0.0`/`::`, and the
   * machine's host name), or `"*"` for any. Any other name is refused with 403: it is how a web
   * page reaches the endpoint through DNS rebinding. Add the name clients use when they reach
   * the endpoint through one (a Docker service name, say).
   * @defaultValue none beyond the server's own names
   */
  readonly allowedHosts?: AllowedHosts;
  /** Connection timeouts (headers, whole request, idle keep-alive). */
  readonly timeouts?: ServerTimeouts;
  /**
   * Most connections open at once; further ones are closed as they arrive.
   * @defaultValue 4096
   */
  readonly maxConnections?: number;
}

/** A running local endpoint. */
export interface LocalXRay {
  /** `http://127.0.0.1:<port>`: pass it as a client's `endpoint` (or `--endpoint-url`). */
  readonly endpoint: string;
  /** The port listened on. */
  readonly port: number;
  /** The engine behind the endpoint, for inspecting what it received (e.g. `engine.telemetry()`). */
  readonly engine: XRayEngine;
  /** Stops the server, closing open connections at once, and closes the data file. */
  close(): Promise<void>;
  /** Forgets every segment and telemetry record (the data file is emptied too). */
  reset(): Promise<void>;
}

/**
 * Starts a local X-Ray endpoint.
 *
 * @param options - where to listen, authentication, rate limit, data file
 * @returns the running endpoint
 * @throws TypeError when `verifySignatures` is set without `credentials`
 * @throws Error when the port is taken or the data file is damaged
 */
export async function startLocalXRay(options: LocalXRayOptions = {}): Promise<LocalXRay> {
  const host = options.host ?? "127.0.0.1";
  let journal: FileJournal | undefined;
  let engine: XRayEngine;
  if (options.dataFile !== undefined) {
    // The engine needs its journal when built, the journal exists once the file is read, and
    // the file is read into the engine: the engine gets a journal that forwards to the file's.
    let file: FileJournal | undefined;
    engine = new XRayEngine({ ...options, journal: { record: (entries) => file!.record(entries) } });
    const loading = engine;
    file = (await openDataFile(options.dataFile, (entry) => loading.replay(entry))).journal;
    journal = file;
  } else {
    engine = new XRayEngine(options);
  }
  let server;
  try {
    const handle = createProtocolHandler(engine, options);
    server = await listen({
      handle,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      port: options.port ?? 0,
      host,
      allowHost: createHostPolicy(host, options.allowedHosts),
      allowOrigin: createOriginPolicy(options.corsOrigins),
      timeouts: options.timeouts,
      maxConnections: options.maxConnections,
    });
  } catch (error) {
    await journal?.close();
    throw error;
  }
  const address = server.server.address();
  const port = typeof address === "object" && address !== null ? address.port : (options.port ?? 0);
  const running = server;
  return {
    endpoint: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    engine,
    async close() {
      await running.close();
      await journal?.close();
    },
    async reset() {
      engine.reset();
      await journal?.truncate();
    },
  };
}

export { XRayEngine, XRAY_OPERATIONS, type XRayEngineOptions, type XRayOperationName } from "./engine/XRayEngine.js";
export { LocalXRayError, LOCAL_ERROR_STATUS, type LocalErrorCode } from "./engine/errors.js";
export { SegmentErrorCode } from "./engine/validate-document.js";
export type { PageSizes } from "./engine/context.js";
export type { Journal, JournalEntry } from "./engine/journal.js";
export type { JsonObject } from "./engine/input.js";
export type { LocalEndpointSamplingRules, ReceivedSamplingStatistics } from "./engine/operations/sampling.js";
export type { TelemetryBatch, TelemetryRecordJson, BackendConnectionErrorsJson } from "./engine/telemetry.js";
export type { LocalCredentials } from "./sigv4-verify.js";
export type { ThrottleOptions } from "./throttle.js";
export type { ProtocolOptions } from "./protocol.js";
export type { AllowedHosts } from "./host-policy.js";
export type { ServerTimeouts } from "./http-server.js";
export type { CorsOrigins } from "./origin-policy.js";
