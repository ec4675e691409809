/**
 * The client against a server that misbehaves in every way `scenarios.ts` lists: each call must
 * end with the exact outcome of its row, after exactly the requests the row allows, within the
 * row's time bound, and without an unhandled rejection.
 *
 * `FAULT_TABLE=1 npx vitest run test/faults/faults.test.ts` prints the observed times.
 */
import { performance } from "node:perf_hooks";
import { afterEach, afterAll, describe, expect, it, vi } from "vitest";
import { BatchGetTracesCommand, RequestError, XRayClient, type XRayClientConfig } from "../../src/index.js";
import { startFaultServer, type FaultServer } from "./fault-server.js";
import { REQUEST_TIMEOUT_MS, SLACK_MS, runScenario, type FaultScenario, type ScenarioRun } from "./run-scenario.js";
import { FAULT_SCENARIOS } from "./scenarios.js";
import { watchTimers } from "./live-timers.js";
import { watchUnhandledRejections } from "./unhandled-rejections.js";

const CREDENTIALS = { accessKeyId: "AKIDFAULTSUITE", secretAccessKey: "fault-suite-secret" };
const TRACE_IDS = ["1-5759e988-bd862e3fe1be46a994272793"];

watchUnhandledRejections();

/** Observed durations, printed as a table with FAULT_TABLE=1. */
const observed: string[] = [];
afterAll(() => {
  if (process.env["FAULT_TABLE"]) console.log(["| fault | outcome | requests | bound / observed |", ...observed].join("\n"));
});

function expectOutcome(run: ScenarioRun, scenario: FaultScenario): void {
  const { expected } = scenario;
  if (expected.outcome === "success") {
    // Rethrowing shows the unexpected error itself rather than a bare "expected undefined".
    if (run.error !== undefined) throw run.error;
    expect(run.output?.$metadata.attempts).toBe(expected.attempts);
    return;
  }
  expect(run.output).toBeUndefined();
  const error = run.error as Error & { code?: string; $fault?: string; $metadata?: Record<string, unknown> };
  expect(error).toBeInstanceOf(expected.type);
  expect(error.name).toBe(expected.name);
  expect(error.$metadata?.["attempts"]).toBe(expected.attempts);
  if (expected.code !== undefined) expect(error.code).toBe(expected.code);
  if (expected.status !== undefined) expect(error.$metadata?.["httpStatusCode"]).toBe(expected.status);
  if (expected.fault !== undefined) expect(error.$fault).toBe(expected.fault);
  if (error instanceof RequestError) {
    // No response: the message names the operation and the endpoint, the cause is the original.
    expect(error.message).toMatch(/^BatchGetTraces: request to http:\/\/127\.0\.0\.1:\d+\/Traces failed: /);
    expect(error.cause).toBeInstanceOf(Error);
  } else {
    expect(error.message).toMatch(/^BatchGetTraces: /);
  }
}

describe("fault table", () => {
  it.each(FAULT_SCENARIOS.map((scenario) => [scenario.fault, scenario] as const))("%s", async (_, scenario) => {
    const run = await runScenario(scenario, { credentials: CREDENTIALS });
    try {
      expectOutcome(run, scenario);
      expect(run.server.requests).toHaveLength(scenario.requests);
      // Every request on the wire is one numbered attempt of the same call.
      expect(run.server.requests.map((request) => request.headers["amz-sdk-request"]?.[0])).toEqual(
        run.server.requests.map((_, i) => expect.stringMatching(new RegExp(`^attempt=${i + 1}; max=\\d+$`))),
      );
      if (scenario.connections !== undefined) expect(run.server.connections).toBe(scenario.connections);
      expect(run.elapsedMs).toBeLessThan(scenario.boundMs);
      await scenario.check?.(run);
      const outcome =
        scenario.expected.outcome === "success"
          ? `success after ${scenario.expected.attempts}`
          : `${scenario.expected.type.name} ${scenario.expected.name}${scenario.expected.code ? ` ${scenario.expected.code}` : ""}${
              scenario.expected.status ? ` HTTP ${scenario.expected.status}` : ""
            } after ${scenario.expected.attempts}`;
      observed.push(`| ${scenario.fault} | ${outcome} | ${scenario.requests} | < ${scenario.boundMs} ms / ${Math.round(run.elapsedMs)} ms |`);
    } finally {
      await run.dispose();
    }
  });
});

describe("faults around the table", () => {
  const servers: FaultServer[] = [];
  const clients: XRayClient[] = [];
  const makeClient = async (options: XRayClientConfig = {}): Promise<{ server: FaultServer; client: XRayClient }> => {
    const server = await startFaultServer();
    servers.push(server);
    const client = new XRayClient({
      endpoint: server.url,
      region: "us-east-1",
      credentials: CREDENTIALS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      ...options,
    });
    clients.push(client);
    return { server, client };
  };
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const send = (client: XRayClient, options?: { abortSignal?: AbortSignal; requestTimeout?: number }) =>
    client.send(new BatchGetTracesCommand({ TraceIds: TRACE_IDS }), options);

  it("never reads bytes past Content-Length as the next call's response", async () => {
    const { server, client } = await makeClient();
    // A 2-byte body followed by a complete, different response on the same connection: reading
    // the tail as the next response would hand the next call the wrong result.
    const smuggled = '{"UnprocessedTraceIds":["smuggled"]}';
    server.script(
      { raw: `HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}HTTP/1.1 200 OK\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}` },
      { status: 200, body: { UnprocessedTraceIds: ["from the server"] } },
    );

    const first = await send(client);
    const second = await send(client);

    expect(first.UnprocessedTraceIds).toBeUndefined();
    expect(second.UnprocessedTraceIds).toEqual(["from the server"]);
    expect(server.requests).toHaveLength(2);
  });

  it("honours a per-call requestTimeout shorter than the client's", async () => {
    const { server, client } = await makeClient({ requestTimeout: 30_000, maxAttempts: 1 });
    server.script("hang");
    const started = performance.now();

    const error = await send(client, { requestTimeout: 200 }).then(
      () => expect.unreachable("the call should time out"),
      (caught: unknown) => caught as RequestError,
    );

    expect(error).toBeInstanceOf(RequestError);
    expect(error.name).toBe("TimeoutError");
    expect(performance.now() - started).toBeLessThan(200 + SLACK_MS);
  });

  describe("abort during the default strategy's backoff", () => {
    /** A 429 whose Retry-After keeps the default StandardRetryStrategy waiting for 3 s. */
    const slowRetry = {
      status: 429,
      headers: [
        ["x-amzn-errortype", "ThrottledException"],
        ["Retry-After", "3"],
      ] as const,
      body: { message: "Rate exceeded" },
    };

    it("rejects at once with AbortError and sends no second request", async () => {
      const { server, client } = await makeClient();
      server.script(slowRetry, { status: 200, body: {} });
      const controller = new AbortController();
      const call = send(client, { abortSignal: controller.signal }).then(
        () => expect.unreachable("the call should be aborted"),
        (error: unknown) => error as Error,
      );
      await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 2_000, interval: 5 });
      // Let the 429 arrive and the client enter its 3 s wait.
      await new Promise((resolve) => setTimeout(resolve, 100));

      const abortedAt = performance.now();
      controller.abort();
      const error = await call;

      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe("AbortError");
      expect(performance.now() - abortedAt).toBeLessThan(500);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(server.requests).toHaveLength(1);
    });

    // Regression (fixed): an abort while a request
    // is in flight is a RequestError naming the operation and endpoint, with attempts in
    // $metadata (README "Errors"); the same abort a moment later, during the backoff, is a bare
    // Error("Request aborted") built by runWithRetries: no operation, no endpoint, no $metadata.
    it("reports an abort during the backoff like one in flight: a RequestError with $metadata", async () => {
      const { server, client } = await makeClient();
      server.script(slowRetry, { status: 200, body: {} });
      const controller = new AbortController();
      const call = send(client, { abortSignal: controller.signal }).then(
        () => expect.unreachable("the call should be aborted"),
        (error: unknown) => error as RequestError,
      );
      await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 2_000, interval: 5 });
      await new Promise((resolve) => setTimeout(resolve, 100));

      controller.abort();
      const error = await call;

      expect(error.name).toBe("AbortError");
      expect(error).toBeInstanceOf(RequestError);
      expect(error.message).toMatch(/^BatchGetTraces: request to http:\/\/127\.0\.0\.1:\d+\/Traces failed: /);
      expect(error.$metadata.attempts).toBe(1);
    });

    // Regression (fixed): the default strategy
    // now returns its backoff in the token instead of sleeping inside
    // refreshRetryTokenForRetry, but runWithRetries (src/runtime/retry.ts) races an abort
    // against `sleep(delay)` without clearing that timer: it runs on for the whole backoff (here
    // the 3 s Retry-After; up to 20 s + 5 s on later attempts) and keeps the process alive.
    it("leaves no backoff timer running once the call is aborted", async () => {
      const { server, client } = await makeClient();
      server.script(slowRetry, { status: 200, body: {} });
      const controller = new AbortController();
      const timers = watchTimers();
      try {
        const call = send(client, { abortSignal: controller.signal }).catch(() => undefined);
        await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 2_000, interval: 5 });
        await new Promise((resolve) => setTimeout(resolve, 100));
        controller.abort();
        await call;
        timers.stopRecording();
        // Long enough for every timer of the call to be cleared, far shorter than the 3 s backoff.
        await new Promise((resolve) => setTimeout(resolve, 100));

        expect(timers.alive(), "timers the aborted call left running (created at)").toEqual([]);
      } finally {
        timers.dispose();
      }
    });
  });
});
