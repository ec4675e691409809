/**
 * Drives one command through a client generated from a real AWS model and through the official
 * `@aws-sdk/client-*` package built from the same model, and records what each put on the wire
 * and what each returned.
 *
 * Both sides get the same region, static credentials, frozen clock (the caller fakes `Date`)
 * and a transport that records the request and answers with a canned response. The headers
 * that legitimately differ (the user agents, the random `amz-sdk-invocation-id`) are set to
 * the same values on both sides just before signing, so the `authorization` header, a hash of
 * the method, path, query, signed headers and body, must then be byte-identical too.
 */
import { afterEach, beforeEach, expect, vi } from "vitest";
import { runCodegen } from "../../../src/codegen/run.js";
import { ROOT, importGenerated, scratchDir, typecheck } from "../../support/codegen.js";
import { join } from "node:path";

/** The request as the transport received it, header names lower-cased. */
export interface WireRequest {
  readonly method: string;
  readonly hostname: string;
  readonly path: string;
  readonly query: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text; `undefined` when there is none. */
  readonly body: string | undefined;
  /** The body's bytes, for bodies that are not text. */
  readonly bytes: Uint8Array | undefined;
}

/** A canned response. */
export interface Canned {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What one side did with one command. */
export interface Outcome {
  readonly request: WireRequest | undefined;
  readonly output?: Record<string, unknown>;
  readonly error?: any;
}

type ClientClass = new (config: any) => {
  send(command: unknown): Promise<any>;
  middlewareStack: { addRelativeTo(middleware: unknown, options: unknown): void };
  destroy(): void;
};
type CommandClass = new (input: any) => unknown;

/** A side's module: its client classes and commands, looked up by name. */
export type ClientModule = Readonly<Record<string, unknown>>;

export const REGION = "us-west-2";
export const FROZEN_NOW = new Date("2026-11-24T12:00:00Z");
export const REQUEST_ID = "c0ffee00-1234-4abc-9def-0123456789ab";
const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

/**
 * Generates a client from a fixture model with the code generator's command line (every
 * operation: no `--operations`), typechecks it under the repository's strict options, and
 * imports it.
 *
 * @param model - the model's file name in `test/fixtures/models/other-services/`
 * @param scratch - a name for the scratch folder
 * @returns the generated module, the files written and the typecheck diagnostics
 */
export async function generateClient(model: string, scratch: string): Promise<{ module: ClientModule; stdout: string[]; diagnostics: string[] }> {
  const dir = scratchDir(join("real-models", scratch));
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = runCodegen(["--model", join(ROOT, "test/fixtures/models/other-services", model), "--out", dir], {
    program: "typed-xray-codegen",
    packageRoot: ROOT,
    cwd: ROOT,
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
  });
  if (code !== 0) throw new Error(`the generator exited with ${code}: ${stderr.join("\n")}`);
  const diagnostics = typecheck([join(dir, "index.ts"), join(dir, "constraints.ts")]);
  return { module: await importGenerated(dir), stdout, diagnostics };
}

const decoder = new TextDecoder();

/** The recorded request; a call that returned must have sent one. */
const sent = (request: WireRequest | undefined): WireRequest => {
  if (!request) throw new Error("the call returned without sending a request");
  return request;
};

function snapshot(request: any): WireRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers as Record<string, string>)) headers[name.toLowerCase()] = value;
  const body: unknown = request.body;
  const bytes = body == null ? undefined : typeof body === "string" ? new TextEncoder().encode(body) : ArrayBuffer.isView(body) ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength) : new Uint8Array(body as ArrayBuffer);
  return {
    method: request.method,
    hostname: request.hostname,
    path: request.path,
    query: { ...(request.query ?? {}) },
    headers,
    body: bytes && decoder.decode(bytes),
    bytes,
  };
}

/**
 * Sends one command through one side's client.
 *
 * @param module - the side's module
 * @param client - the client class's name
 * @param operation - the operation's name
 * @param input - the input (the same object is never shared between sides: it is cloned)
 * @param canned - the response
 * @param config - further client options, given to both sides alike
 * @returns what was sent and what came back
 */
export async function sendThrough(module: ClientModule, client: string, operation: string, input: unknown, canned: Canned, config: Readonly<Record<string, unknown>> = {}): Promise<Outcome> {
  let request: WireRequest | undefined;
  const Client = module[client] as ClientClass;
  const Command = module[`${operation}Command`] as CommandClass;
  const instance = new Client({
    region: REGION,
    credentials: CREDENTIALS,
    maxAttempts: 1,
    ...config,
    requestHandler: {
      handle: async (sent: unknown) => {
        request = snapshot(sent);
        return {
          response: {
            statusCode: canned.status,
            headers: { "x-amzn-requestid": REQUEST_ID, ...(canned.body ? { "content-type": "application/json" } : {}), ...canned.headers },
            body: new TextEncoder().encode(canned.body ?? ""),
          },
        };
      },
    },
  });
  instance.middlewareStack.addRelativeTo(
    (next: (args: any) => Promise<unknown>) => async (args: { request: { headers: Record<string, string> } }) => {
      Object.assign(args.request.headers, { "user-agent": "test-agent", "x-amz-user-agent": "test-agent", "amz-sdk-invocation-id": "00000000-0000-4000-8000-000000000000" });
      return next(args);
    },
    { relation: "before", toMiddleware: "httpSigningMiddleware", name: "sameAgentsOnBothSides" },
  );
  try {
    const output = await instance.send(new Command(structuredClone(input)));
    return { request: sent(request), output };
  } catch (error) {
    return { request, error };
  } finally {
    instance.destroy();
  }
}

/**
 * A thrown error as the two sides can be compared: its class name, fault, HTTP metadata and
 * modelled members. Two differences are by design and left out here (the tests check them
 * apart): ours prefixes the service's message with the operation and suffixes it with the
 * code, status and request id; and the official clients copy the body's `__type` onto the
 * error and move a modelled `Message` member to `message`.
 *
 * @param error - the thrown error
 * @returns a plain object
 */
export function comparableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) throw new Error(`expected an error, got ${JSON.stringify(error)}`);
  const members = Object.fromEntries(Object.entries(error).filter(([key]) => !key.startsWith("$") && !["name", "message", "Message", "__type"].includes(key)));
  const meta = (error as { $metadata?: Record<string, unknown> }).$metadata ?? {};
  return {
    name: error.name,
    fault: (error as { $fault?: string }).$fault,
    status: meta["httpStatusCode"],
    requestId: meta["requestId"],
    attempts: meta["attempts"],
    members,
  };
}

/** One call to make on both sides. */
export interface Call {
  /** What the case shows, for the test's name. */
  readonly what: string;
  readonly operation: string;
  readonly input: unknown;
  readonly response: Canned;
  /** Further client options (a custom endpoint, FIPS…), the same on both sides. */
  readonly config?: Readonly<Record<string, unknown>>;
}

/**
 * Sends a call through both sides (the official one first).
 *
 * @param official - the official package
 * @param ours - the generated module
 * @param client - the client class's name, the same on both sides
 * @param call - the call
 * @returns both outcomes
 */
export async function sendBoth(official: ClientModule, ours: ClientModule, client: string, call: Call): Promise<{ official: Outcome; ours: Outcome }> {
  return {
    official: await sendThrough(official, client, call.operation, call.input, call.response, call.config),
    ours: await sendThrough(ours, client, call.operation, call.input, call.response, call.config),
  };
}

/**
 * A JSON response.
 *
 * @param status - the status code
 * @param body - the body, stringified
 * @param headers - further headers
 * @returns the canned response
 */
export const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}): Canned => ({ status, body: JSON.stringify(body), headers });

/** Freezes `Date` at {@link FROZEN_NOW} around each test of the file (signatures depend on it). */
export function useFrozenClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(FROZEN_NOW);
  });
  afterEach(() => vi.useRealTimers());
}

/**
 * Checks that each named export exists on both sides, and that every command generated from
 * the fixture exists, under the same name, in the official package (built from a later
 * revision of the model, it may have more).
 *
 * @param ours - the generated module
 * @param official - the official package
 * @param names - exports both must have
 * @param operations - how many operations the fixture model has
 */
export function expectOfficialNames(ours: ClientModule, official: ClientModule, names: readonly string[], operations: number): void {
  for (const name of names) {
    expect(typeof ours[name], name).toBe("function");
    expect(typeof official[name], name).toBe("function");
  }
  const commands = Object.keys(ours).filter((name) => name.endsWith("Command"));
  expect(commands).toHaveLength(operations);
  for (const name of commands) expect(typeof official[name], name).toBe("function");
}

/**
 * Sends a call that succeeds through both sides; the requests must be equal (the signature
 * too) and so must the outputs.
 *
 * @param official - the official package
 * @param ours - the generated module
 * @param client - the client class's name
 * @param call - the call
 */
export async function expectSameCall(official: ClientModule, ours: ClientModule, client: string, call: Call): Promise<void> {
  const sides = await sendBoth(official, ours, client, call);
  if (sides.official.error) throw sides.official.error;
  if (sides.ours.error) throw sides.ours.error;
  expect(sides.ours.request).toEqual(sides.official.request);
  expect(sides.ours.output).toEqual(sides.official.output);
}

/**
 * Sends a call that fails through both sides; the requests must be equal, the errors
 * equivalent ({@link comparableError}), ours of the generated class of the same name (or the
 * service's base exception), with the service's message inside ours.
 *
 * @param official - the official package
 * @param ours - the generated module
 * @param client - the client class's name (its prefix names the base exception)
 * @param call - the call
 */
export async function expectSameError(official: ClientModule, ours: ClientModule, client: string, call: Call): Promise<void> {
  const sides = await sendBoth(official, ours, client, call);
  expect(sides.official.request?.headers["authorization"]).toMatch(/Signature=[0-9a-f]{64}$/);
  expect(sides.ours.request).toEqual(sides.official.request);
  expect(comparableError(sides.ours.error)).toEqual(comparableError(sides.official.error));
  expect(sides.ours.error.message).toContain(sides.official.error.message);
  const modelled = ours[sides.official.error.name];
  if (modelled) expect(sides.ours.error).toBeInstanceOf(modelled as new () => unknown);
  expect(sides.ours.error).toBeInstanceOf(ours[`${client.replace(/Client$/, "")}ServiceException`] as new () => unknown);
}
