/**
 * Which Node transport should be the default? Measures, against a loopback server in this
 * process' child: cold start (spawn node, import, construct, one call) and sequential calls, for
 * `@smithy/node-http-handler` (node:http, keep-alive) and `@smithy/fetch-http-handler` (global
 * fetch, undici). Run: `npx tsx bench/transport.ts` (after `npm run build`).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": "r" });
    response.end('{"Services":[]}');
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const script = (transport: "node" | "fetch", calls: number): string => `
const t0 = performance.now();
const { XRayClient, GetTraceGraphCommand } = await import("typed-xray");
${transport === "fetch" ? 'const { FetchHttpHandler } = await import("@smithy/fetch-http-handler");' : ""}
const client = new XRayClient({ endpoint: "${endpoint}", region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }
  ${transport === "fetch" ? ", requestHandler: new FetchHttpHandler()" : ""} });
const command = () => new GetTraceGraphCommand({ TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] });
await client.send(command());
const first = performance.now() - t0;
const t1 = performance.now();
for (let i = 0; i < ${calls}; i++) await client.send(command());
const perCall = (performance.now() - t1) / ${calls};
client.destroy();
console.log(JSON.stringify({ first, perCall, rss: process.memoryUsage().rss / 2 ** 20 }));
`;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const transport of ["node", "fetch"] as const) {
  const runs = [];
  for (let i = 0; i < 7; i++) {
    // Asynchronous, so that this process' event loop keeps serving the child's requests.
    const started = performance.now();
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script(transport, 500)], { encoding: "utf8" });
    runs.push({ ...JSON.parse(stdout), wall: performance.now() - started });
  }
  console.log(
    `${transport.padEnd(5)}  process wall (import + 1 call + 500 calls) ${median(runs.map((r) => r.wall)).toFixed(0)} ms` +
      `  import+first call ${median(runs.map((r) => r.first)).toFixed(0)} ms  per call ${(median(runs.map((r) => r.perCall)) * 1000).toFixed(0)} µs` +
      `  rss ${median(runs.map((r) => r.rss)).toFixed(0)} MiB`,
  );
}
server.close();
