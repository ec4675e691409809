/**
 * The differential harness (`test/runtime/differential/`): the same inputs through our client and
 * through `@aws-sdk/client-xray` must give byte-identical requests (signature included),
 * deep-equal outputs and equivalent errors.
 *
 * Both clients get the same region, static credentials, frozen clock and a capturing transport
 * that answers with a canned response, so nothing but the clients themselves can make the two
 * sides differ. The two headers that legitimately differ (user agent and the random
 * `amz-sdk-invocation-id`) are overwritten on both sides by the same middleware placed before
 * `httpSigningMiddleware`, so the signature still covers them and must match byte for byte.
 *
 * The official client is the oracle: where it behaves in a surprising way (error names for
 * bodies without a code, for one), the tests still require ours to match and the difference is
 * reported rather than hidden.
 */
import * as Official from "@aws-sdk/client-xray";
import type { MetadataBearer } from "@smithy/types";
import { afterEach, beforeEach, expect, vi } from "vitest";
import * as Ours from "../../src/index.js";


/** The region both clients use unless a case says otherwise. */
export const REGION = "us-east-1";
/** The frozen clock (see {@link useFrozenDate}). */
export const FROZEN_NOW = new Date("2026-11-24T12:00:00Z");
/** `x-amz-date` for the frozen clock; checked so that a broken clock mock cannot pass silently. */
export const FROZEN_AMZ_DATE = "20261124T120000Z";
/** Static credentials (the SigV4 test-suite key). */
export const CREDENTIALS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
/** {@link CREDENTIALS} with a session token. */
export const SESSION_CREDENTIALS = {
  ...CREDENTIALS,
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE//session+token/with=padding==",
};
/** The request id canned responses carry. */
export const REQUEST_ID = "c0ffee00-1234-4abc-9def-0123456789ab";

/** One canned HTTP response, as text so that each call can get a fresh `Uint8Array`. */
export interface Canned {
  statusCode: number;
  headers?: Record<string, string>;
  text: string;
}

/** Answers attempt `n` (1-based) of a call. */
export type Responder = (attempt: number) => Canned;

/** What the transport saw, copied at the time it saw it (later mutation cannot change it). */
export interface WireRequest {
  method: string;
  protocol: string;
  hostname: string;
  port: number | undefined;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: string | undefined;
}

/** The result of sending one command through one client. */
export interface Outcome {
  requests: WireRequest[];
  output?: MetadataBearer & Record<string, unknown>;
  error?: any;
}

/** The operations both clients have. */
export type OperationName =
  | "BatchGetTraces"
  | "GetTraceSummaries"
  | "PutTelemetryRecords"
  | "GetServiceGraph"
  | "PutTraceSegments"
  | "GetTraceGraph";

type CommandCtor = new (input: any) => any;

/** Each operation's command class on both sides. */
const COMMANDS: Record<OperationName, { ours: CommandCtor; official: CommandCtor }> = {
  BatchGetTraces: { ours: Ours.BatchGetTracesCommand, official: Official.BatchGetTracesCommand },
  GetTraceSummaries: { ours: Ours.GetTraceSummariesCommand, official: Official.GetTraceSummariesCommand },
  PutTelemetryRecords: { ours: Ours.PutTelemetryRecordsCommand, official: Official.PutTelemetryRecordsCommand },
  GetServiceGraph: { ours: Ours.GetServiceGraphCommand, official: Official.GetServiceGraphCommand },
  PutTraceSegments: { ours: Ours.PutTraceSegmentsCommand, official: Official.PutTraceSegmentsCommand },
  GetTraceGraph: { ours: Ours.GetTraceGraphCommand, official: Official.GetTraceGraphCommand },
};

const decoder = new TextDecoder();

/** The body as the string that went on the wire (ours sends a string, the official bytes). */
function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return decoder.decode(body);
  throw new Error(`unexpected request body type ${Object.prototype.toString.call(body)}`);
}

function snapshot(request: any): WireRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers as Record<string, string>)) {
    const lower = name.toLowerCase();
    // Two spellings of one header would be a difference in themselves; do not let one hide the other.
    if (lower in headers) throw new Error(`header ${lower} sent twice with different casing`);
    headers[lower] = value;
  }
  return {
    method: request.method,
    protocol: request.protocol,
    hostname: request.hostname,
    port: request.port,
    path: request.path,
    query: { ...(request.query ?? {}) },
    headers,
    body: bodyText(request.body),
  };
}

/** Options of one side's client. */
export interface ClientOptions {
  maxAttempts?: number;
  credentials?: typeof CREDENTIALS | typeof SESSION_CREDENTIALS;
  /** Further client options given to both sides alike (region, endpoint, FIPS, dual-stack). */
  config?: Record<string, unknown>;
}

interface AnyClient {
  send(command: unknown): Promise<any>;
  middlewareStack: { addRelativeTo(middleware: any, options: any): void };
  destroy(): void;
}

/**
 * Builds one side's client with the capturing transport and the normalising middleware.
 */
function makeClient(
  side: "ours" | "official",
  responder: Responder,
  requests: WireRequest[],
  options: ClientOptions,
): AnyClient {
  const Client = side === "ours" ? Ours.XRayClient : Official.XRayClient;
  const requestHandler = {
    handle: async (request: unknown) => {
      requests.push(snapshot(request));
      const canned = responder(requests.length);
      return {
        response: {
          statusCode: canned.statusCode,
          headers: { ...(canned.headers ?? {}) },
          // A fresh array per call: a client that consumed or mutated the body must not affect the next one.
          body: new TextEncoder().encode(canned.text),
        },
      };
    },
  };
  const client = new Client({
    region: REGION,
    credentials: options.credentials ?? CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 1,
    requestHandler: requestHandler as never,
    ...options.config,
  }) as unknown as AnyClient;
  // Placed by name relative to the official middleware names; ours must honour them too.
  client.middlewareStack.addRelativeTo(
    (next: (args: any) => Promise<unknown>) => async (args: { request: { headers: Record<string, string> } }) => {
      const h = args.request.headers;
      h["user-agent"] = "test-agent";
      h["x-amz-user-agent"] = "test-agent";
      h["amz-sdk-invocation-id"] = "00000000-0000-4000-8000-000000000000";
      return next(args);
    },
    { relation: "before", toMiddleware: "httpSigningMiddleware", name: "normalise" },
  );
  return client;
}

/** Sends one command through a fresh client of one side. */
export async function sendOne(
  side: "ours" | "official",
  operation: OperationName,
  input: unknown,
  responder: Responder,
  options: ClientOptions,
): Promise<Outcome> {
  return (await sendSeveral(side, operation, [input], responder, options))[0]!;
}

/**
 * Sends several commands, one after the other, through one client of one side (state such as
 * the clock offset carries over between them). All outcomes share the list of requests.
 */
export async function sendSeveral(
  side: "ours" | "official",
  operation: OperationName,
  inputs: unknown[],
  responder: Responder,
  options: ClientOptions,
): Promise<Outcome[]> {
  const requests: WireRequest[] = [];
  const client = makeClient(side, responder, requests, options);
  const outcomes: Outcome[] = [];
  try {
    for (const input of inputs) {
      try {
        outcomes.push({ requests, output: await client.send(new COMMANDS[operation][side](input)) });
      } catch (error) {
        outcomes.push({ requests, error });
      }
    }
    return outcomes;
  } finally {
    client.destroy();
  }
}

/** Sends the same command through both clients (official first, then ours). */
export async function both(
  operation: OperationName,
  input: unknown,
  responder: Responder,
  options: ClientOptions = {},
): Promise<{ ours: Outcome; official: Outcome }> {
  const official = await sendOne("official", operation, input, responder, options);
  const ours = await sendOne("ours", operation, input, responder, options);
  return { ours, official };
}

/** A 200 JSON response with the usual headers, for every attempt. */
export const ok = (text: string, headers: Record<string, string> = {}): Responder => () => ({
  statusCode: 200,
  headers: { "content-type": "application/json", "x-amzn-requestid": REQUEST_ID, ...headers },
  text,
});

/** Fails with the thrown error (rather than a confusing `undefined` diff) when a call threw. */
export function outputOf(outcome: Outcome, side: string): MetadataBearer & Record<string, unknown> {
  if (outcome.error !== undefined) {
    throw new Error(`${side} threw instead of returning: ${outcome.error?.name}: ${outcome.error?.message}`, {
      cause: outcome.error,
    });
  }
  return outcome.output!;
}

/** Fails with the returned output (rather than a confusing diff) when a call did not throw. */
export function errorOf(outcome: Outcome, side: string): any {
  if (outcome.error === undefined) {
    throw new Error(`${side} returned instead of throwing: ${JSON.stringify(outcome.output)}`);
  }
  return outcome.error;
}

/**
 * Freezes `Date` at {@link FROZEN_NOW} around each test of the calling file (only `Date`: the
 * retry cases need a real `setTimeout` for the backoff waits).
 */
export function useFrozenDate(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(FROZEN_NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** Unicode that exercises every UTF-8 length, combining marks, JSON escapes and U+2028/9. */
export const UNICODE = 'é ü ß — 日本語 한국어 😀 👩‍💻 e\u0301 \u2028\u2029 "quoted" back\\slash tab\t nl\n ctl\u0001 nul\u0000';

/** A request case: one input of one operation. */
export interface RequestCase {
  name: string;
  operation: OperationName;
  input: Record<string, unknown>;
}

/**
 * Sends a request case through both clients (each answered `{}`) and requires the two
 * requests to be identical on the wire, signature included.
 */
export async function expectIdenticalRequests({ operation, input }: RequestCase): Promise<void> {
  const { ours, official } = await both(operation, input, ok("{}"));
  outputOf(official, "official");
  outputOf(ours, "ours");
  expect(official.requests).toHaveLength(1);
  expect(ours.requests).toHaveLength(1);
  const [o, u] = [official.requests[0]!, ours.requests[0]!];
  // The harness itself: the clock mock and the normaliser must have taken effect on both sides.
  expect(o.headers["x-amz-date"]).toBe(FROZEN_AMZ_DATE);
  expect(u.headers["amz-sdk-invocation-id"]).toBe("00000000-0000-4000-8000-000000000000");
  expect(u.headers["user-agent"]).toBe("test-agent");
  expect(u.body).toBe(o.body);
  expect(u.headers["authorization"]).toBe(o.headers["authorization"]);
  expect(u).toEqual(o);
}

/** An output case: one operation's response, to be read by both clients. */
export interface OutputCase {
  name: string;
  operation: OperationName;
  input: Record<string, unknown>;
  body: string;
  /** All the response headers, when not the usual content type and request id. */
  headers?: Record<string, string>;
}

/** Answers an output case through both clients and requires deep-equal outputs, `$metadata` included. */
export async function expectEqualOutputs({ operation, input, body, headers }: OutputCase): Promise<void> {
  const responder: Responder = () => ({ statusCode: 200, headers: { ...headers }, text: body });
  const { ours, official } = await both(operation, input, headers ? responder : ok(body));
  const expected = outputOf(official, "official");
  const actual = outputOf(ours, "ours");
  // `$metadata` is part of the comparison: status, request ids, attempts, retry delay.
  expect(expected.$metadata.httpStatusCode).toBe(200);
  expect(actual).toEqual(expected);
}

/** Sends a GetTraceSummaries call answered by an error response through both clients; both must throw. */
export async function errorPair(canned: Canned, maxAttempts = 1): Promise<{ ours: any; official: any; o: Outcome; u: Outcome }> {
  const responder: Responder = () => ({
    ...canned,
    headers: { "x-amzn-requestid": REQUEST_ID, ...(canned.headers ?? {}) },
  });
  const { ours, official } = await both("GetTraceSummaries", { StartTime: new Date(0), EndTime: new Date(1000) }, responder, {
    maxAttempts,
  });
  return { ours: errorOf(ours, "ours"), official: errorOf(official, "official"), o: official, u: ours };
}
