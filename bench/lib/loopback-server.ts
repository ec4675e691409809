/**
 * A node:http server on 127.0.0.1 answering X-Ray requests with canned bodies, run in a worker
 * thread: its event loop and CPU are its own, so throughput figures measure the client, and the
 * bench's thread stays free while child processes (cold starts) talk to it.
 */
import { spawn } from "node:child_process";
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
const { parentPort, workerData: fromWorker } = require("node:worker_threads");
const workerData = fromWorker ?? JSON.parse(process.argv[1]);
const report = (port) => (parentPort ? parentPort.postMessage(port) : process.send(port));
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
server.listen(0, "127.0.0.1", () => report(server.address().port));
`;

/**
 * Starts a server answering `POST <path>` with `responses[path]` (and `{}` for other paths).
 *
 * @param responses - response bodies by request path, e.g. `{ "/TraceSegments": "{}" }`
 * @param options - `process: true` runs the server in a child process instead of a worker
 *   thread, so that `process.cpuUsage()` of the bench counts the client's work alone
 * @returns the running server
 */
export async function startLoopbackServer(responses: Readonly<Record<string, string>>, options: { process?: boolean } = {}): Promise<LoopbackServer> {
  if (options.process) return startInChildProcess(responses);
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

async function startInChildProcess(responses: Readonly<Record<string, string>>): Promise<LoopbackServer> {
  const env = { ...process.env };
  delete env["NODE_OPTIONS"];
  const child = spawn(process.execPath, ["-e", SERVER_SOURCE, JSON.stringify({ responses })], { stdio: ["ignore", "ignore", "inherit", "ipc"], env });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (message) => resolve(Number(message)));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`loopback server exited with code ${code}`)));
  });
  // Once it listens, a forgotten server must not keep the bench process alive, nor outlive it.
  child.unref();
  child.channel?.unref();
  const killOnExit = () => child.kill();
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      // Unreferenced, its exit would not keep this process alive long enough to be awaited.
      child.ref();
      child.kill();
      await exited;
    },
  };
}
