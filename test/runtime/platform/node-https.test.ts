/**
 * The default Node transport over real TLS: `node:https` is loaded by the first https request
 * (src/runtime/platform/node-http-handler.ts), so these calls go to a loopback https server with
 * the self-signed test certificate of test/fixtures/tls/ and check that the request arrives
 * signed, the answer is read, and the connection is kept alive for the next call.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetTraceSummariesCommand, RequestError, XRayClient } from "../../../src/index.js";
import { NodeRequestHandler } from "../../../src/runtime/platform/node-http-handler.js";

const certificate = readFileSync(new URL("../../fixtures/tls/cert.pem", import.meta.url));
const key = readFileSync(new URL("../../fixtures/tls/key.pem", import.meta.url));
const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const INPUT = { StartTime: new Date(1_700_000_000_000), EndTime: new Date(1_700_003_600_000) };

let server: https.Server;
let endpoint: string;
const seen: { authorization?: string; path?: string; socket: unknown }[] = [];

beforeAll(async () => {
  server = https.createServer({ cert: certificate, key }, (request, response) => {
    seen.push({ authorization: request.headers.authorization, path: request.url, socket: request.socket });
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": "tls-request" });
      response.end('{"TraceSummaries":[{"Id":"1-5759e988-bd862e3fe1be46a994272793","Duration":1.5}],"ApproximateTime":1700000000}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("the default Node transport over TLS", () => {
  it("sends signed requests and reads the answers, on one kept-alive connection", async () => {
    seen.length = 0;
    // The agent option carries the test certificate; the handler still loads node:https itself.
    const requestHandler = new NodeRequestHandler({ httpsAgent: new https.Agent({ keepAlive: true, ca: certificate }) });
    const client = new XRayClient({ region: "us-east-1", endpoint, credentials: CREDENTIALS, requestHandler });
    const first = await client.send(new GetTraceSummariesCommand(INPUT));
    const second = await client.send(new GetTraceSummariesCommand(INPUT));
    expect(first.TraceSummaries?.[0]?.Duration).toBe(1.5);
    expect(second.ApproximateTime).toEqual(new Date(1_700_000_000_000));
    expect(second.$metadata.requestId).toBe("tls-request");
    expect(seen.map((request) => request.path)).toEqual(["/TraceSummaries", "/TraceSummaries"]);
    expect(seen[0]?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/xray\/aws4_request, /);
    expect(seen[1]?.socket).toBe(seen[0]?.socket);
    client.destroy();
  });

  it("refuses a certificate nobody trusts, as a RequestError naming the TLS failure", async () => {
    const client = new XRayClient({ region: "us-east-1", endpoint, credentials: CREDENTIALS, maxAttempts: 1 });
    const error = await client.send(new GetTraceSummariesCommand(INPUT)).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    client.destroy();
  });

  it("works with the client's own default agent in a fresh process that trusts the certificate (NODE_EXTRA_CA_CERTS)", async () => {
    const script = `
      const { XRayClient, GetTraceSummariesCommand } = await import(${JSON.stringify(new URL("../../../src/index.ts", import.meta.url).href)});
      const client = new XRayClient({ region: "us-east-1", endpoint: ${JSON.stringify(endpoint)}, credentials: ${JSON.stringify(CREDENTIALS)} });
      const output = await client.send(new GetTraceSummariesCommand({ StartTime: new Date(0), EndTime: new Date(1000) }));
      client.destroy();
      process.stdout.write(String(output.TraceSummaries.length));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: fileURLToPath(new URL("../../fixtures/tls/cert.pem", import.meta.url)) },
      timeout: 30_000,
    });
    expect(stdout).toBe("1");
  });
});
