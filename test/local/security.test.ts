/**
 * The local endpoint against hostile web pages and slow or greedy clients, over real loopback
 * HTTP: CORS answers only loopback origins by default and a foreign origin is refused outright,
 * API bodies must be labelled JSON (a `text/plain` POST needs no preflight), the `Host` header
 * must name the endpoint (DNS rebinding), and connections are bounded in time and number.
 */
import { request } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startLocalXRay, type LocalXRay, type LocalXRayOptions } from "../../src/local/index.js";
import { T0, WINDOW, segmentId, traceId } from "../support/local-scenario.js";

const servers: LocalXRay[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: LocalXRayOptions = {}): Promise<LocalXRay> {
  const server = await startLocalXRay(options);
  servers.push(server);
  return server;
}

const segment = JSON.stringify({ name: "svc", id: segmentId(1), trace_id: traceId(1, T0), start_time: T0, end_time: T0 + 1 });

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A raw request, with any Host and Origin (fetch would not let a test set Host). */
function send(server: LocalXRay, path: string, body: string, headers: Record<string, string>, method = "POST"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: server.port, path, method, headers: { "content-length": String(Buffer.byteLength(body)), ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const json = { "content-type": "application/json" };

describe("CORS", () => {
  it("answers a page served from this machine", async () => {
    const server = await start();
    for (const origin of ["http://localhost:5173", "http://127.0.0.1:8080", "http://[::1]:3000", "https://app.localhost"]) {
      const answer = await send(server, "/TraceSummaries", JSON.stringify(WINDOW), { ...json, origin });
      expect(answer.status, origin).toBe(200);
      expect(answer.headers["access-control-allow-origin"], origin).toBe(origin);
    }
  });

  it.each(["https://evil.example", "null", "http://localhost.evil.example", "http://127.0.0.1.evil.example"])(
    "refuses the page origin %s, preflight and request, without CORS headers",
    async (origin) => {
      const server = await start();
      const preflight = await send(server, "/TraceSegments", "", { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" }, "OPTIONS");
      const put = await send(server, "/TraceSegments", JSON.stringify({ TraceSegmentDocuments: [segment] }), { ...json, origin });

      for (const answer of [preflight, put]) {
        expect(answer.status).toBe(403);
        expect(answer.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
        expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
        expect(answer.headers["access-control-allow-headers"]).toBeUndefined();
      }
      expect(server.engine.documentCount).toBe(0);
    },
  );

  it("answers the origins given in corsOrigins, or any with *", async () => {
    const listed = await start({ corsOrigins: ["https://dev.example", /^https:\/\/[a-z]+\.preview\.example$/] });
    const any = await start({ corsOrigins: "*" });
    for (const [server, origin] of [[listed, "https://dev.example"], [listed, "https://pr.preview.example"], [any, "https://evil.example"]] as const) {
      const answer = await send(server, "/TraceSummaries", JSON.stringify(WINDOW), { ...json, origin });
      expect(answer.status).toBe(200);
      expect(answer.headers["access-control-allow-origin"]).toBe(origin);
    }
    expect((await send(listed, "/TraceSummaries", JSON.stringify(WINDOW), { ...json, origin: "https://other.example" })).status).toBe(403);
  });
});

describe("content type", () => {
  it.each(["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])(
    "refuses a %s body with 415, storing nothing",
    async (type) => {
      const server = await start();
      const answer = await send(server, "/TraceSegments", JSON.stringify({ TraceSegmentDocuments: [segment] }), { "content-type": type });
      expect(answer.status).toBe(415);
      expect(answer.headers["x-amzn-errortype"]).toBe("UnsupportedMediaTypeException");
      expect(server.engine.documentCount).toBe(0);
    },
  );

  it("refuses a body without a content type, and accepts the JSON types AWS clients send", async () => {
    const server = await start();
    expect((await send(server, "/TraceSegments", JSON.stringify({ TraceSegmentDocuments: [segment] }), {})).status).toBe(415);
    for (const type of ["application/json", "application/json; charset=utf-8", "application/x-amz-json-1.1", "APPLICATION/JSON"]) {
      expect((await send(server, "/TraceSummaries", JSON.stringify(WINDOW), { "content-type": type })).status, type).toBe(200);
    }
  });
});

describe("Host", () => {
  it("refuses a name that is not the endpoint's (DNS rebinding)", async () => {
    const server = await start();
    const answer = await send(server, "/TraceSegments", JSON.stringify({ TraceSegmentDocuments: [segment] }), { ...json, host: `evil.example:${server.port}` });
    expect(answer.status).toBe(403);
    expect(answer.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
    expect(JSON.parse(answer.body).message).toMatch(/allowedHosts/);
    expect(server.engine.documentCount).toBe(0);
  });

  it("answers its own names, and those given in allowedHosts", async () => {
    const server = await start({ allowedHosts: ["xray-local"] });
    for (const host of ["127.0.0.1", `127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`, "LOCALHOST.", `xray-local:${server.port}`]) {
      expect((await send(server, "/TraceSummaries", JSON.stringify(WINDOW), { ...json, host })).status, host).toBe(200);
    }
    const any = await start({ allowedHosts: "*" });
    expect((await send(any, "/TraceSummaries", JSON.stringify(WINDOW), { ...json, host: "evil.example" })).status).toBe(200);
  });
});

describe("connections", () => {
  /** Opens a raw connection; resolves once connected. */
  async function open(server: LocalXRay): Promise<Socket> {
    const socket = connect(server.port, "127.0.0.1");
    sockets.push(socket);
    socket.on("error", () => undefined);
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    return socket;
  }
  const closed = (socket: Socket): Promise<string> => {
    let received = "";
    socket.setEncoding("utf8").on("data", (chunk: string) => (received += chunk));
    return new Promise((resolve) => socket.once("close", () => resolve(received)));
  };

  it("closes a connection whose body trickles in slower than requestTimeout allows", async () => {
    const server = await start({ timeouts: { headersTimeout: 200, requestTimeout: 400 } });
    const socket = await open(server);
    const body = JSON.stringify(WINDOW);
    socket.write(`POST /TraceSummaries HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`);
    const done = closed(socket);
    let sent = 0;
    // One byte every 100 ms: the whole body would take several seconds.
    const trickle = setInterval(() => {
      if (sent < body.length && !socket.destroyed) socket.write(body[sent++]!);
    }, 100);
    const answer = await done;
    clearInterval(trickle);
    expect(sent).toBeLessThan(body.length);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it("closes a connection that never sends a request", async () => {
    const server = await start({ timeouts: { headersTimeout: 200, requestTimeout: 400 } });
    const socket = await open(server);
    await closed(socket);
    expect(socket.destroyed).toBe(true);
  });

  it("closes connections beyond maxConnections as they arrive", async () => {
    const server = await start({ maxConnections: 2 });
    const kept = [await open(server), await open(server)];
    const third = await open(server);
    await closed(third);
    // The first two still work.
    for (const socket of kept) expect(socket.destroyed).toBe(false);
    expect((await send(server, "/TraceSummaries", "", json).catch((error: Error) => error)) instanceof Error).toBe(true);
    kept[0]!.destroy();
    // Once the server has seen that close, a new connection fits again.
    await vi.waitFor(async () => expect((await send(server, "/TraceSummaries", JSON.stringify(WINDOW), json)).status).toBe(200), { timeout: 5_000, interval: 20 });
  });
});
