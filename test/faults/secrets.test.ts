/**
 * Credentials never leak: the whole fault table (test/faults/scenarios.ts) is replayed with
 * distinctive credentials and a logger that keeps every line, and everything a user could print
 * is scanned: each error (message, stack, `String()`, `util.inspect` at full depth with hidden
 * properties, `JSON.stringify`, and the same for every `cause`), each output, command and
 * client, each log line and each console message.
 *
 * The secret access key and the session token must appear nowhere. The access key ID is sent
 * in the `Authorization` header, so requests may carry it; errors, outputs and logs may not.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BatchGetTracesCommand, XRayClient } from "../../src/index.js";
import { startFaultServer, type ReceivedRequest } from "./fault-server.js";
import { runScenario } from "./run-scenario.js";
import { FAULT_SCENARIOS } from "./scenarios.js";
import { watchUnhandledRejections } from "./unhandled-rejections.js";

const KEY_ID = "AKIDSECRETSSCAN0001";
const SECRET = "SECRET-do-not-leak-wJalrXUtnFEMI-K7MDENG";
const TOKEN = "SESSION-TOKEN-do-not-leak-IQoJb3JpZ2luX2VjEJr";
const STATIC_CREDENTIALS = { accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: TOKEN };
/** The same identity through a provider, as `@aws-sdk/credential-providers` would hand it out. */
const providedCredentials = async () => ({ ...STATIC_CREDENTIALS, expiration: new Date(Date.now() + 3_600_000) });

/** One printable rendering of something a user could log. */
interface Exhibit {
  readonly where: string;
  readonly text: string;
}

/** JSON.stringify that survives cycles and BigInts, so a failure to serialize hides nothing. */
function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_key, item: unknown) => {
        if (typeof item === "bigint") return item.toString();
        if (typeof item === "object" && item !== null) {
          if (seen.has(item)) return "[cycle]";
          seen.add(item);
        }
        return item;
      }) ?? ""
    );
  } catch (error) {
    return `[JSON.stringify threw: ${String(error)}]`;
  }
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch (error) {
    return `[String() threw: ${String(error)}]`;
  }
}

/** Every way a value could be printed, and for errors the same for each `cause`. */
function render(where: string, value: unknown): Exhibit[] {
  const exhibits: Exhibit[] = [
    {
      where: `${where} util.inspect`,
      text: inspect(value, { depth: Infinity, showHidden: true, maxArrayLength: Infinity, maxStringLength: Infinity, breakLength: Infinity }),
    },
    { where: `${where} JSON.stringify`, text: safeJson(value) },
    { where: `${where} String()`, text: safeString(value) },
  ];
  if (value instanceof Error) {
    exhibits.push({ where: `${where} .message`, text: value.message }, { where: `${where} .stack`, text: value.stack ?? "" });
    if (value.cause !== undefined) exhibits.push(...render(`${where}.cause`, value.cause));
  }
  return exhibits;
}

/** The exhibits that contain `needle`, by where they came from. */
const hits = (exhibits: readonly Exhibit[], needle: string): string[] =>
  exhibits.filter((exhibit) => exhibit.text.includes(needle)).map((exhibit) => exhibit.where);

watchUnhandledRejections();

describe("no credential in anything the fault suite produces", () => {
  /** Errors, outputs, commands, log lines, console messages: where no credential part may appear. */
  const exhibits: Exhibit[] = [];
  /** Clients, inspected once their call is over. */
  const clientExhibits: Exhibit[] = [];
  const requests: ReceivedRequest[] = [];
  let errors = 0;
  let logLines = 0;
  const replayed = FAULT_SCENARIOS.filter((scenario) => !scenario.heavy);
  const consoleMethods = ["log", "info", "warn", "error", "debug", "trace"] as const;
  let consoleSpies: Array<ReturnType<typeof vi.spyOn>> = [];

  beforeAll(async () => {
    // The transport warns on the console when it has no logger; those lines are scanned too.
    consoleSpies = consoleMethods.map((method) => vi.spyOn(console, method));
    for (const [index, scenario] of replayed.entries()) {
      const lines: unknown[][] = [];
      const keep = (...args: unknown[]): void => {
        lines.push(args);
      };
      const logger = { trace: keep, debug: keep, info: keep, warn: keep, error: keep };
      // Half the rows with static credentials, half through a provider.
      const run = await runScenario(scenario, { credentials: index % 2 === 0 ? STATIC_CREDENTIALS : providedCredentials, logger });
      try {
        const label = `[${scenario.fault}]`;
        if (run.error !== undefined) {
          errors++;
          exhibits.push(...render(`${label} error`, run.error));
        }
        if (run.output !== undefined) exhibits.push(...render(`${label} output`, run.output));
        exhibits.push(...render(`${label} command`, run.command));
        for (const [i, line] of lines.entries()) exhibits.push(...render(`${label} log line ${i}`, line));
        logLines += lines.length;
        // The secret key is never on the wire, so the client may never hold it in view.
        exhibits.push(...render(`${label} client, right after the call`, run.client).filter(({ text }) => text.includes(SECRET)));
        // The key ID and token travel in request headers: give the transport a moment to drop
        // the finished request, then the client must hold neither (see the in-flight test below).
        await vi
          .waitFor(() => expect(hits(render("client", run.client), TOKEN)).toEqual([]), { timeout: 2_000, interval: 20 })
          .catch(() => undefined);
        clientExhibits.push(...render(`${label} client`, run.client));
        requests.push(...run.server.requests);
      } finally {
        await run.dispose();
      }
    }
    for (const [i, spy] of consoleSpies.entries()) {
      for (const call of spy.mock.calls) exhibits.push(...render(`console.${consoleMethods[i]}`, call));
    }
  }, 60_000);
  afterAll(() => {
    for (const spy of consoleSpies) spy.mockRestore();
  });

  it("replays the fault table, and the credentials really were used", () => {
    expect(replayed.length).toBeGreaterThan(30);
    expect(errors).toBeGreaterThan(15);
    expect(logLines).toBeGreaterThanOrEqual(replayed.length);
    expect(requests.length).toBeGreaterThan(50);
    // Every request went out signed with this identity and carrying the token.
    for (const request of requests) {
      expect(request.headers["authorization"]?.[0]).toContain(`Credential=${KEY_ID}/`);
      expect(request.headers["x-amz-security-token"]).toEqual([TOKEN]);
    }
  });

  it("finds no secret access key anywhere", () => {
    expect(hits([...exhibits, ...clientExhibits], SECRET)).toEqual([]);
  });

  it("finds no session token anywhere", () => {
    expect(hits([...exhibits, ...clientExhibits], TOKEN)).toEqual([]);
  });

  it("finds no access key ID in errors, outputs, commands, logs or clients", () => {
    expect(hits([...exhibits, ...clientExhibits], KEY_ID)).toEqual([]);
  });

  it("would find a secret hidden in a non-enumerable property of an error's cause (the scan can fail)", () => {
    const cause = new Error("socket hang up");
    Object.defineProperty(cause, "request", { value: { headers: { "x-amz-security-token": TOKEN } }, enumerable: false });
    const planted = new Error("outer", { cause });

    expect(hits(render("planted", planted), TOKEN)).toContain("planted.cause util.inspect");
  });
});

describe("a client with a call in flight", () => {
  // Regression (fixed): while a request is in
  // flight (and for a few milliseconds after a failed one), util.inspect(client) at full depth
  // reaches the transport's keep-alive agent, its sockets and the ClientRequest they carry, whose
  // headers include x-amz-security-token (and Authorization). The README promises that no session
  // token ever appears in util.inspect(client).
  it("shows no session token in util.inspect(client)", async () => {
    const server = await startFaultServer("hang");
    const client = new XRayClient({ endpoint: server.url, region: "us-east-1", credentials: STATIC_CREDENTIALS, requestTimeout: 5_000 });
    const call = client.send(new BatchGetTracesCommand({ TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] })).catch(() => undefined);
    try {
      await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 2_000, interval: 5 });

      const rendered = inspect(client, { depth: Infinity });

      expect(rendered.includes(SECRET)).toBe(false);
      expect(rendered.includes(TOKEN), "session token in util.inspect(client, { depth: Infinity })").toBe(false);
    } finally {
      client.destroy();
      await server.close();
      await call;
    }
  });
});

describe("a server that echoes the request back", () => {
  // Credentials with the characters echoes mangle: "/" (escaped as "\/" by some JSON encoders)
  // and "+" (URL-encoded).
  const ECHO_KEY_ID = "AKIDECHOSERVER000001";
  const ECHO_SECRET = "ECHO/secret+do-not-leak/wJalrXUtnFEMI-K7MDENG";
  const ECHO_TOKEN = "ECHO-TOKEN/do+not+leak/IQoJb3JpZ2luX2VjEJr//////////wEaCXVz";
  const credentials = { accessKeyId: ECHO_KEY_ID, secretAccessKey: ECHO_SECRET, sessionToken: ECHO_TOKEN };

  /** How the server answers, given what it received: each echoes the request in its own way. */
  const ANSWERS: ReadonlyArray<readonly [string, (req: IncomingMessage, headers: string) => { status: number; headers: Record<string, string>; body: string }]> = [
    ["a JSON error message with every request header", (_req, headers) => ({ status: 400, headers: { "x-amzn-errortype": "InvalidRequestException" }, body: JSON.stringify({ message: `bad request ${headers}` }) })],
    ["an unmodelled JSON error with the headers as members", (req) => ({ status: 403, headers: {}, body: JSON.stringify({ __type: "AccessDenied", Message: "denied", Request: req.headers }) })],
    ["JSON with escaped slashes", (_req, headers) => ({ status: 400, headers: { "x-amzn-errortype": "InvalidRequestException" }, body: JSON.stringify({ message: headers }).replace(/\//g, "\\/") })],
    ["a text/plain 500 page that starts with the token", (req) => ({ status: 500, headers: { "content-type": "text/plain" }, body: `${req.headers["x-amz-security-token"]} ${req.headers["authorization"]}` })],
    ["URL-encoded headers in an HTML 502", (req) => ({ status: 502, headers: { "content-type": "text/html" }, body: `<a href="/retry?token=${encodeURIComponent(String(req.headers["x-amz-security-token"]))}&auth=${encodeURIComponent(String(req.headers["authorization"]))}">retry</a>` })],
    ["the token in response headers and the request id", (req) => ({ status: 400, headers: { "x-amzn-errortype": "InvalidRequestException", "x-amzn-requestid": String(req.headers["x-amz-security-token"]), "x-echo-authorization": String(req.headers["authorization"]) }, body: JSON.stringify({ message: "bad" }) })],
    ["a 200 whose output echoes the token", (req) => ({ status: 200, headers: {}, body: JSON.stringify({ Traces: [], UnprocessedTraceIds: [String(req.headers["x-amz-security-token"]), String(req.headers["authorization"])] }) })],
  ];

  it.each(ANSWERS)("keeps the credentials out of everything it returns or logs: %s", async (_name, answer) => {
    const received: IncomingMessage[] = [];
    const server = createServer((req, res) => {
      received.push(req);
      req.resume();
      req.on("end", () => {
        const reply = answer(req, JSON.stringify(req.headers));
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
        res.end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const lines: unknown[][] = [];
    const keep = (...args: unknown[]): void => void lines.push(args);
    const client = new XRayClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: "us-east-1",
      credentials,
      maxAttempts: 1,
      logger: { trace: keep, debug: keep, info: keep, warn: keep, error: keep },
    });
    try {
      const command = new BatchGetTracesCommand({ TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] });
      let outcome: unknown;
      try {
        outcome = await client.send(command);
      } catch (error) {
        outcome = error;
      }
      // The server really did see, and echo, the credentials.
      expect(received[0]!.headers["x-amz-security-token"]).toBe(ECHO_TOKEN);
      const exhibits = [
        ...render("outcome", outcome),
        ...(outcome instanceof Error ? render("$response", (outcome as { $response?: unknown }).$response) : []),
        ...lines.flatMap((line, i) => render(`log line ${i}`, line)),
      ];
      for (const needle of [ECHO_SECRET, ECHO_TOKEN, ECHO_KEY_ID, encodeURIComponent(ECHO_TOKEN), ECHO_TOKEN.replace(/\//g, "\\/")]) {
        expect(hits(exhibits, needle), needle).toEqual([]);
      }
      expect(lines.length).toBeGreaterThan(0);
    } finally {
      client.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
