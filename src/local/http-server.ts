/**
 * The node:http adapter: reads each request body up to the size limit (never buffering more),
 * hands it to the protocol handler, writes the response, and can close promptly, kept-alive
 * sockets included, so a test runner never hangs on it.
 *
 * @packageDocumentation
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { LocalXRayError } from "./engine/errors.js";
import type { HostPolicy } from "./host-policy.js";
import type { OriginPolicy } from "./origin-policy.js";
import { baseHeaders, errorResponse, tooLarge, type WireRequest, type WireResponse } from "./protocol.js";

/**
 * How long a connection may take, milliseconds. Without them Node lets a body sent a byte a
 * second hold a socket for five minutes, and an idle connection for a minute and a half.
 */
export interface ServerTimeouts {
  /**
   * From connection (or the previous response) to the end of the request headers.
   * @defaultValue 10000
   */
  readonly headersTimeout?: number;
  /**
   * From connection (or the previous response) to the end of the request body.
   * @defaultValue 30000
   */
  readonly requestTimeout?: number;
  /**
   * How long an idle kept-alive connection stays open.
   * @defaultValue 5000
   */
  readonly keepAliveTimeout?: number;
}

/** Defaults of {@link ServerTimeouts}. */
export const DEFAULT_SERVER_TIMEOUTS: Required<ServerTimeouts> = { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 };

/** Default cap on open connections: far above any development setup, well below what exhausts memory. */
export const DEFAULT_MAX_CONNECTIONS = 4096;

/**
 * Pending connections the kernel queues before the server accepts them (Linux caps it at
 * `net.core.somaxconn`, 4096 by default). Node's 511 reset about a third of 10,000 simultaneous
 * connections.
 */
const LISTEN_BACKLOG = 4096;

/**
 * How often Node checks the header and request timeouts, milliseconds: the slack on them
 * (Node's default, 30 s, would add half a minute to each).
 */
const TIMEOUT_CHECK_INTERVAL = 1_000;

/** What {@link listen} needs. */
export interface ListenOptions {
  /** The protocol handler. */
  readonly handle: (request: WireRequest) => Promise<WireResponse>;
  /** The body size limit, bytes. */
  readonly maxBodyBytes: number;
  /** The port (0 for any free one). */
  readonly port: number;
  /** The interface to listen on. */
  readonly host: string;
  /** Which `Host` headers are this server's. */
  readonly allowHost: HostPolicy;
  /** Which origins get CORS headers (on the answers this adapter makes itself). */
  readonly allowOrigin: OriginPolicy;
  /** Connection timeouts. */
  readonly timeouts?: ServerTimeouts | undefined;
  /** Most connections open at once; further ones are closed as they arrive. */
  readonly maxConnections?: number | undefined;
}

/** A listening server. */
export interface RunningHttpServer {
  readonly server: Server;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

/**
 * Creates and starts the HTTP server.
 *
 * @param options - handler, limits, address, host policy
 * @returns the running server
 */
export async function listen(options: ListenOptions): Promise<RunningHttpServer> {
  const { handle, maxBodyBytes, allowHost, allowOrigin } = options;
  const timeouts = { ...DEFAULT_SERVER_TIMEOUTS, ...options.timeouts };
  const sockets = new Set<Socket>();
  const server = createServer(
    {
      headersTimeout: timeouts.headersTimeout,
      requestTimeout: timeouts.requestTimeout,
      keepAliveTimeout: timeouts.keepAliveTimeout,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_INTERVAL, timeouts.headersTimeout, timeouts.requestTimeout),
    },
    (req, res) => {
      readBody(req, maxBodyBytes)
        .then(async (body) => {
          const headers = flatten(req);
          const refuse = (error: LocalXRayError): void => send(res, errorResponse(baseHeaders({ headers }, allowOrigin), error), true);
          if (!allowHost(headers["host"])) return refuse(foreignHost(headers["host"]!));
          if (body === undefined) return refuse(tooLarge(maxBodyBytes));
          send(res, await handle({ method: req.method ?? "GET", target: req.url ?? "/", headers, body }), false);
        })
        // The client went away mid-request (or, never expected, the handler failed): nothing to answer.
        .catch(() => req.socket.destroy());
    },
  );
  server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: options.port, host: options.host, backlog: LISTEN_BACKLOG }, () => {
      server.off("error", reject);
      resolve();
    });
  });

  let closing: Promise<void> | undefined;
  return {
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // close() only stops accepting: end kept-alive and in-flight connections too.
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function foreignHost(host: string): LocalXRayError {
  return new LocalXRayError(
    "AccessDeniedException",
    `Host ${JSON.stringify(host.slice(0, 200))} is not a name of this endpoint (a page using DNS rebinding sends its own); start it with allowedHosts (--allowed-host) to accept the name`,
  );
}

/**
 * Reads a body of at most `limit` bytes.
 *
 * @returns the bytes, or `undefined` when the body is larger (the rest is discarded, not kept)
 */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!over) resolve(Buffer.concat(chunks, size));
    });
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(new Error("the client closed the connection before sending the whole body"));
    });
  });
}

function flatten(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function send(res: ServerResponse, response: WireResponse, closeConnection: boolean): void {
  if (res.destroyed || res.headersSent) return;
  const body = Buffer.from(response.body, "utf8");
  res.writeHead(response.status, {
    ...response.headers,
    "content-length": String(body.length),
    // After refusing an oversized body the connection is not reused: its remaining bytes are unread.
    ...(closeConnection ? { connection: "close" } : {}),
  });
  res.end(body);
}
