/**
 * A tiny node:http server on 127.0.0.1 for browser tests: it serves fixed files and computed
 * responses (a token-vending endpoint, say) by path, answers 404 to anything else, and records
 * every request it receives, so a test can see what the page asked for.
 *
 * Usage:
 *
 * ```ts
 * const site = await startStaticServer({
 *   "/index.html": { contentType: "text/html", body: html },
 *   "/credentials": () => ({ contentType: "application/json", body: JSON.stringify(credentials) }),
 * });
 * await page.goto(`${site.origin}/index.html`);
 * await site.close();
 * ```
 */
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A response body and its type. */
export interface StaticFile {
  readonly contentType: string;
  readonly body: string | Uint8Array;
}

/** Paths (without the query) to a file, or to a function computing the response per request. */
export type StaticRoutes = Readonly<Record<string, StaticFile | (() => StaticFile)>>;

/** A request the server received. */
export interface ServedRequest {
  readonly method: string;
  /** The path, without the query. */
  readonly path: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** A running server. */
export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request so far, in order of arrival. */
  readonly requests: readonly ServedRequest[];
  /** Stops listening and closes open (kept-alive) connections at once. */
  close(): Promise<void>;
}

/**
 * Starts the server on a free port.
 *
 * @param routes - what to serve
 * @returns the running server
 */
export async function startStaticServer(routes: StaticRoutes): Promise<StaticServer> {
  const requests: ServedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    requests.push({ method: req.method ?? "GET", path, headers: { ...req.headers } });
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    const file = typeof route === "function" ? route() : route;
    if (file === undefined || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(file === undefined ? 404 : 405, { "content-type": "text/plain" }).end(file === undefined ? "not found" : "method not allowed");
      return;
    }
    // no-store: each test run serves a new bundle and new credentials.
    res.writeHead(200, { "content-type": file.contentType, "cache-control": "no-store" }).end(req.method === "HEAD" ? undefined : file.body);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
