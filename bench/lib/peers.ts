/**
 * The lean peers every bench run measures beside typed-xray and `@aws-sdk/client-xray`:
 * `@aws-lite/client` (aws4 signing over plain node:http with keep-alive; no X-Ray plugin exists,
 * so the request is built by hand, as its users do) and `aws4fetch` (SigV4 with WebCrypto over
 * `fetch`). Each sends the same restJson1 request our client sends: a POST of the input as JSON
 * with dates as epoch seconds, and parses the JSON answer.
 *
 * For the in-process figure neither has a pluggable transport, so the transport they call is
 * swapped for a stub answering the same bytes our stub handler does (bench/lib/stub-handler.ts):
 * `node:http`'s `request` for aws-lite, the global `fetch` for aws4fetch.
 */
import { EventEmitter } from "node:events";
import http from "node:http";
import { BENCH_CREDENTIALS, BENCH_REGION } from "./fixtures.js";

/** The peers, in table order. */
export const PEER_NAMES = ["aws-lite", "aws4fetch"] as const;

/** One peer. */
export type PeerName = (typeof PEER_NAMES)[number];

/** The package each peer is. */
export const PEER_PACKAGES: Readonly<Record<PeerName, string>> = { "aws-lite": "@aws-lite/client", aws4fetch: "aws4fetch" };

/** One call of a peer, ready to repeat. */
export type PeerCall = () => Promise<unknown>;

/**
 * The restJson1 body X-Ray expects for `input`: timestamps as epoch seconds, the rest as is.
 *
 * @param input - an operation input
 * @returns the JSON text
 */
export function wireBody(input: object): string {
  return JSON.stringify(input, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : value;
  });
}

/**
 * An `@aws-lite/client` call: `aws({ service: "xray", method: "POST", path, payload })` with
 * keep-alive on (its default only inside AWS) and no plugins.
 *
 * @param endpoint - `http://127.0.0.1:<port>`, or an `https://` URL for the stubbed transport
 * @param path - the operation's URI, e.g. `/TraceSummaries`
 * @param input - the operation input
 * @returns a function making one call
 */
export async function awsLiteCall(endpoint: string, path: string, input: object): Promise<PeerCall> {
  const { default: awsLite } = (await import("@aws-lite/client")) as unknown as {
    default: (config: Record<string, unknown>) => Promise<(params: Record<string, unknown>) => Promise<{ payload: unknown }>>;
  };
  const aws = await awsLite({ ...BENCH_CREDENTIALS, region: BENCH_REGION, endpoint, keepAlive: true, autoloadPlugins: false });
  const body = wireBody(input);
  return () => aws({ service: "xray", method: "POST", path, headers: { "content-type": "application/json" }, payload: body });
}

/**
 * An `aws4fetch` call: `AwsClient.fetch` of a JSON POST, then `response.json()`.
 *
 * @param endpoint - `http://127.0.0.1:<port>`
 * @param path - the operation's URI
 * @param input - the operation input
 * @returns a function making one call
 */
export async function aws4fetchCall(endpoint: string, path: string, input: object): Promise<PeerCall> {
  const { AwsClient } = await import("aws4fetch");
  const client = new AwsClient({ ...BENCH_CREDENTIALS, service: "xray", region: BENCH_REGION });
  const url = `${endpoint}${path}`;
  const body = wireBody(input);
  return async () => {
    const response = await client.fetch(url, { method: "POST", body, headers: { "content-type": "application/json" } });
    if (!response.ok) throw new Error(`aws4fetch: HTTP ${response.status}`);
    return response.json();
  };
}

/** The response headers both stubs answer with, as the stub handler does. */
const STUB_HEADERS = { "content-type": "application/json", "x-amzn-requestid": "a1b2c3d4-bench-0000-0000-000000000000" };

/**
 * Replaces `node:http`'s `request` (which aws-lite looks up on every call) with one that never
 * opens a socket: the request's body is taken and the response is `body`, one chunk.
 *
 * @param body - the response body
 * @returns a function putting the real `request` back
 */
export function stubNodeHttpRequest(body: string): () => void {
  const bytes = Buffer.from(body);
  const real = http.request;
  const fake = (_options: unknown, onResponse: (response: EventEmitter) => void) => {
    const request = Object.assign(new EventEmitter(), {
      setTimeout: () => request,
      destroy: () => request,
      write: () => true,
      end: () => {
        const response = Object.assign(new EventEmitter(), { statusCode: 200, headers: { ...STUB_HEADERS, "content-length": String(bytes.length) } });
        process.nextTick(() => {
          onResponse(response);
          response.emit("data", bytes);
          response.emit("end");
        });
        return request;
      },
    });
    return request;
  };
  (http as { request: unknown }).request = fake;
  return () => {
    (http as { request: unknown }).request = real;
  };
}

/**
 * Replaces the global `fetch` (which aws4fetch calls on every request) with one answering `body`.
 *
 * @param body - the response body
 * @returns a function putting the real `fetch` back
 */
export function stubGlobalFetch(body: string): () => void {
  const bytes = new TextEncoder().encode(body);
  const real = globalThis.fetch;
  globalThis.fetch = async (input) => {
    // Read the signed request's body, as a transport would.
    if (input instanceof Request) await input.arrayBuffer();
    return new Response(bytes.slice(), { status: 200, headers: STUB_HEADERS });
  };
  return () => {
    globalThis.fetch = real;
  };
}
