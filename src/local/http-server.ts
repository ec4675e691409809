/**
 * The node:http adapter: reads each request body up to the size limit (never buffering more),
 * hands it to the protocol handler, writes the response, and can close promptly, kept-alive
 * sockets included, so a test runner never hangs on it.
 *
 * @packageDocumentation
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { baseHeaders, errorResponse, tooLarge, type WireRequest, type WireResponse } from "./protocol.js";

/** A listening server. */
export interface RunningHttpServer {
  readonly server: Server;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

/**
 * Creates and starts the HTTP server.
 *
 * @param handle - the protocol handler
 * @param maxBodyBytes - the body size limit
 * @param port - the port (0 for any free one)
 * @param host - the interface to listen on
 * @returns the running server
 */
export async function listen(
  handle: (request: WireRequest) => Promise<WireResponse>,
  maxBodyBytes: number,
  port: number,
  host: string,
): Promise<RunningHttpServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    readBody(req, maxBodyBytes)
      .then(async (body) => {
        const headers = flatten(req);
        if (body === undefined) return send(res, errorResponse(baseHeaders({ headers }), tooLarge(maxBodyBytes)), true);
        send(res, await handle({ method: req.method ?? "GET", target: req.url ?? "/", headers, body }), false);
      })
      // The client went away mid-request (or, never expected, the handler failed): nothing to answer.
      .catch(() => req.socket.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
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
