/**
 * A response body too large to hold: a 2 GB `Content-Length`, and a chunked body that never
 * ends. The client must fail the call with a typed, non-retried error naming `maxResponseBytes`,
 * and close the connection at once: the server sees its socket closed after writing little more
 * than the limit (plus what the kernel's socket buffers absorb), never the body it offered.
 *
 * Each transport the client reads bodies through is covered: the default Node transport, a
 * user's `@smithy/node-http-handler` (the client's stream collector), `fetch` through
 * `@smithy/fetch-http-handler` (the browser collector, src/runtime/collect-body.web.ts).
 */
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { FetchHttpHandler } from "@smithy/fetch-http-handler";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { HttpHandlerOptions, RequestHandler } from "@smithy/types";
import { afterEach, describe, expect, it } from "vitest";
import { GetTraceSummariesCommand, RequestError, XRayClient } from "../../src/index.js";
import { collectWebBody } from "../../src/runtime/collect-body.web.js";
import { DEFAULT_MAX_RESPONSE_BYTES, ResponseTooLargeError, resolveMaxResponseBytes } from "../../src/runtime/response-limit.js";

const LIMIT = 1024 * 1024;
/** What the server offers at most: far beyond the limit, bounded so a broken client cannot take the machine. */
const OFFERED = 256 * 1024 * 1024;
/** Limit + socket buffers on both sides (a few MiB on Linux loopback) stay far below this. */
const BOUND = 24 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);

interface HostileServer {
  readonly url: string;
  /** Resolves when the client closed its connection: the bytes of body written by then, and the request count. */
  readonly closed: Promise<{ written: number; requests: number }>;
  close(): Promise<void>;
}

/**
 * A raw server answering every request with `head` and then body bytes, as fast as the client
 * reads them (it waits for "drain"), until `OFFERED` bytes or the client closes.
 */
async function hostileServer(head: string, chunked: boolean): Promise<HostileServer> {
  let requests = 0;
  let resolveClosed!: (value: { written: number; requests: number }) => void;
  const closed = new Promise<{ written: number; requests: number }>((resolve) => (resolveClosed = resolve));
  const server: Server = createServer((socket) => {
    let written = 0;
    let open = true;
    socket.on("error", () => {});
    socket.on("close", () => {
      open = false;
      resolveClosed({ written, requests });
    });
    socket.once("data", () => {
      requests++;
      socket.write(head);
      const pump = (): void => {
        while (open && written < OFFERED) {
          written += CHUNK.length;
          const more = chunked ? socket.write(`${CHUNK.length.toString(16)}\r\n`) && socket.write(CHUNK) && socket.write("\r\n") : socket.write(CHUNK);
          if (!more) {
            socket.once("drain", pump);
            return;
          }
        }
      };
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    closed,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const HUGE_LENGTH = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2000000000\r\n\r\n";
const ENDLESS_CHUNKED = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";

const servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const TRANSPORTS: { name: string; handler: () => RequestHandler<any, any, HttpHandlerOptions> | undefined }[] = [
  { name: "the default Node transport", handler: () => undefined },
  { name: "a user's NodeHttpHandler (the client's stream collector)", handler: () => new NodeHttpHandler() },
  { name: "FetchHttpHandler (the browser collector)", handler: () => new FetchHttpHandler() },
];

describe.each(TRANSPORTS)("maxResponseBytes on $name", { timeout: 20_000 }, ({ handler }) => {
  const call = async (head: string, chunked: boolean) => {
    const server = await hostileServer(head, chunked);
    servers.push(server);
    const requestHandler = handler();
    const client = new XRayClient({
      endpoint: server.url,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDSIZETEST", secretAccessKey: "size-test-secret" },
      maxResponseBytes: LIMIT,
      // Far beyond how long the cap takes; before the cap existed, calls ended here (or in OOM).
      requestTimeout: 10_000,
      ...(requestHandler ? { requestHandler } : {}),
    });
    const error = await client.send(new GetTraceSummariesCommand({ StartTime: new Date(0), EndTime: new Date(60_000) })).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    const seen = await server.closed;
    client.destroy();
    return { error, seen };
  };

  const expectCapped = (error: unknown, seen: { written: number; requests: number }) => {
    expect(error).toBeInstanceOf(RequestError);
    const failure = error as RequestError;
    expect(failure.name).toBe("ResponseTooLargeError");
    expect(failure.code).toBe("ERR_RESPONSE_TOO_LARGE");
    expect(failure.message).toContain(`maxResponseBytes (${LIMIT} bytes)`);
    expect(failure.cause).toBeInstanceOf(ResponseTooLargeError);
    expect((failure.cause as ResponseTooLargeError).limit).toBe(LIMIT);
    // Not retried: one attempt, one request.
    expect(failure.$metadata.attempts).toBe(1);
    expect(seen.requests).toBe(1);
    // The connection was closed long before the body was: memory stayed bounded.
    expect(seen.written).toBeLessThan(BOUND);
  };

  it("fails a 2 GB Content-Length without reading it", async () => {
    const { error, seen } = await call(HUGE_LENGTH, false);
    expectCapped(error, seen);
  });

  it("fails an endless chunked body once it passes the limit", async () => {
    const { error, seen } = await call(ENDLESS_CHUNKED, true);
    expectCapped(error, seen);
    // It did read up to the limit: the cap is on bytes, not on the first chunk.
    expect(seen.written).toBeGreaterThan(LIMIT);
  });
});

describe("the browser collector on its own", () => {
  it("cancels an endless ReadableStream past the limit", async () => {
    let pulled = 0;
    let cancelled: unknown;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += CHUNK.length;
        controller.enqueue(new Uint8Array(CHUNK));
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    const error = await collectWebBody(stream, LIMIT).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(cancelled).toBe(error);
    expect(pulled).toBeLessThan(LIMIT + 4 * CHUNK.length);
  });

  it("refuses a Blob larger than the limit by its size", async () => {
    const error = await collectWebBody(new Blob([new Uint8Array(LIMIT + 1)]), LIMIT).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
  });

  it("reads a body within the limit whole", async () => {
    const bytes = await collectWebBody(new Blob(["{\"a\":1}"]), LIMIT);
    expect(new TextDecoder().decode(bytes)).toBe('{"a":1}');
  });
});

describe("the maxResponseBytes option", () => {
  it("defaults to 64 MiB and accepts Infinity", () => {
    expect(resolveMaxResponseBytes(undefined)).toBe(64 * 1024 * 1024);
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(67_108_864);
    expect(resolveMaxResponseBytes(Infinity)).toBe(Infinity);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses %s before any request", (value) => {
    expect(() => new XRayClient({ region: "us-east-1", maxResponseBytes: value })).toThrow(RangeError);
  });
});
