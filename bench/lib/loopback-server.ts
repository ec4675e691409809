/**
 * A node:http server on 127.0.0.1 answering X-Ray requests with canned bodies, run in a worker
 * thread: its event loop and CPU are its own, so throughput figures measure the client, and the
 * bench's thread stays free while child processes (cold starts) talk to it.
 */
import { Worker } from "node:worker_threads";

/** A running server. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`, for a client's `endpoint` option. */
  readonly url: string;
  /** Stops the server (and its thread). */
  close(): Promise<void>;
}

// Plain CommonJS, evaluated by the worker: no TypeScript loader is involved in the thread.
const SERVER_SOURCE = `
const { createServer } = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
const bodies = new Map(Object.entries(workerData.responses).map(([path, body]) => [path, Buffer.from(body)]));
const fallback = Buffer.from("{}");
const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    const body = bodies.get(request.url) ?? fallback;
    response.writeHead(200, { "content-type": "application/json", "content-length": body.length, "x-amzn-requestid": "bench-request" });
    response.end(body);
  });
});
// Longer than any client's idle keep-alive, so the server never closes a socket a client reuses.
server.keepAliveTimeout = 120000;
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
`;

/**
 * Starts a server answering `POST <path>` with `responses[path]` (and `{}` for other paths).
 *
 * @param responses - response bodies by request path, e.g. `{ "/TraceSegments": "{}" }`
 * @returns the running server
 */
export async function startLoopbackServer(responses: Readonly<Record<string, string>>): Promise<LoopbackServer> {
  const worker = new Worker(SERVER_SOURCE, { eval: true, workerData: { responses } });
  // A forgotten server must not keep the bench process alive.
  worker.unref();
  const port = await new Promise<number>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`loopback server exited with code ${code}`)));
  });
  // An error after start-up (a socket fault in the server) is reported, not thrown at the bench.
  worker.on("error", (error) => process.stderr.write(`loopback server: ${String(error)}\n`));
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await worker.terminate();
    },
  };
}
