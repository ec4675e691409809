/**
 * The retry quota under a storm: when every caller of a client fails at once, retries must stop
 * once the shared token bucket is spent (no retry storm piled on top of the outage), and
 * successes after the storm must refill it. Counted on the wire.
 *
 * The numbers are the AWS SDKs' standard mode ("retries 2026", docs/retry.md, as in
 * `@smithy/core` 3.41): a 500-token quota per client; a retry after a transient failure (503)
 * costs 14 tokens, after throttling (429) 5; a first-attempt success refunds 1 token, a
 * successful retry its cost.
 */
import { performance } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { BatchGetTracesCommand, ThrottledException, XRayClient, XRayServiceException } from "../../src/index.js";
import { startFaultServer, type FaultServer, type Reply } from "./fault-server.js";
import { SLACK_MS } from "./run-scenario.js";
import { watchUnhandledRejections } from "./unhandled-rejections.js";

const RETRY_QUOTA = 500;
const TRANSIENT_RETRY_COST = 14;
const THROTTLING_RETRY_COST = 5;
const CALLERS = 200;
/** Attempts per call (the client default). */
const MAX_ATTEMPTS = 3;

const UNAVAILABLE: Reply = { status: 503, body: { message: "Service Unavailable" } };
const THROTTLED: Reply = { status: 429, headers: [["x-amzn-errortype", "ThrottledException"]], body: { message: "Rate exceeded" } };
const OK: Reply = { status: 200, body: { Traces: [] } };

watchUnhandledRejections();

let server: FaultServer | undefined;
let client: XRayClient | undefined;
afterEach(async () => {
  client?.destroy();
  await server?.close();
});

async function start(): Promise<{ server: FaultServer; client: XRayClient }> {
  server = await startFaultServer();
  // Generous per-attempt timeout: 200 callers share the transport's 50 sockets.
  client = new XRayClient({
    endpoint: server.url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDSTORM", secretAccessKey: "storm-secret" },
    requestTimeout: 10_000,
  });
  return { server, client };
}

const send = (target: XRayClient) => target.send(new BatchGetTracesCommand({ TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] }));

/** Every caller's rejection; fails if one of them succeeded. */
async function stormFailures(target: XRayClient): Promise<Array<XRayServiceException>> {
  const settled = await Promise.allSettled(Array.from({ length: CALLERS }, () => send(target)));
  return settled.map((result) => {
    if (result.status === "fulfilled") throw new Error("a call succeeded during the storm");
    return result.reason as XRayServiceException;
  });
}

const retriesOf = (errors: ReadonlyArray<XRayServiceException>): number =>
  errors.reduce((sum, error) => sum + (error.$metadata.attempts ?? 0) - 1, 0);

const attemptNumbers = (target: FaultServer): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const request of target.requests) {
    const attempt = /^attempt=(\d+);/.exec(request.headers["amz-sdk-request"]?.[0] ?? "")?.[1] ?? "?";
    counts[attempt] = (counts[attempt] ?? 0) + 1;
  }
  return counts;
};

describe("retry quota under a storm", () => {
  it(`stops retrying a 503 storm from ${CALLERS} concurrent callers once the quota is spent, and refills on success`, async () => {
    const { server, client } = await start();
    let storming = true;
    server.otherwise(() => (storming ? UNAVAILABLE : OK));

    const started = performance.now();
    const errors = await stormFailures(client);
    const elapsed = performance.now() - started;

    for (const error of errors) {
      expect(error).toBeInstanceOf(XRayServiceException);
      expect(error.$metadata.httpStatusCode).toBe(503);
    }
    const affordable = Math.floor(RETRY_QUOTA / TRANSIENT_RETRY_COST);
    // Without a quota this storm would put CALLERS * MAX_ATTEMPTS = 600 requests on the wire.
    expect(retriesOf(errors)).toBe(affordable);
    expect(server.requests).toHaveLength(CALLERS + affordable);
    expect(attemptNumbers(server)["1"]).toBe(CALLERS);
    expect(elapsed).toBeLessThan(5 * SLACK_MS);

    // The storm goes on: a new call gets its first attempt and no retry.
    const lone = await send(client).then(
      () => expect.unreachable("the storm is still on"),
      (error: unknown) => error as XRayServiceException,
    );
    expect(lone.$metadata.attempts).toBe(1);
    expect(server.requests).toHaveLength(CALLERS + affordable + 1);

    // The storm ends. The quota holds 500 - 35 * 14 = 10 tokens; each first-attempt success adds 1.
    storming = false;
    const left = RETRY_QUOTA - affordable * TRANSIENT_RETRY_COST;
    for (let i = 0; i < TRANSIENT_RETRY_COST - left - 1; i++) expect((await send(client)).$metadata.attempts).toBe(1);
    // One token short of a retry: a single 503 still ends the call.
    server.script(UNAVAILABLE);
    const stillShort = await send(client).then(
      () => expect.unreachable("one token short of a retry"),
      (error: unknown) => error as XRayServiceException,
    );
    expect(stillShort.$metadata.attempts).toBe(1);
    // One more success pays for a retry again.
    expect((await send(client)).$metadata.attempts).toBe(1);
    server.script(UNAVAILABLE);
    expect((await send(client)).$metadata.attempts).toBe(2);
  });

  it(`retries a 429 storm from ${CALLERS} callers ${RETRY_QUOTA / THROTTLING_RETRY_COST} times in all (throttling retries cost less)`, async () => {
    const { server, client } = await start();
    server.otherwise(() => THROTTLED);

    const started = performance.now();
    const errors = await stormFailures(client);
    const elapsed = performance.now() - started;

    for (const error of errors) expect(error).toBeInstanceOf(ThrottledException);
    const affordable = Math.floor(RETRY_QUOTA / THROTTLING_RETRY_COST);
    expect(retriesOf(errors)).toBe(affordable);
    expect(server.requests).toHaveLength(CALLERS + affordable);
    // Throttling backoff: at most 1 s before attempt 2 and 2 s before attempt 3.
    expect(elapsed).toBeLessThan(3_000 + 2 * SLACK_MS);
  });

  it("gives every caller its full attempts when the quota can pay for them", async () => {
    // The control experiment: 10 callers, 20 retries at 14 tokens, well within 500.
    const { server, client } = await start();
    server.otherwise(() => UNAVAILABLE);

    const settled = await Promise.allSettled(Array.from({ length: 10 }, () => send(client)));

    expect(settled.map((result) => result.status === "rejected" && (result.reason as XRayServiceException).$metadata.attempts)).toEqual(
      Array.from({ length: 10 }, () => MAX_ATTEMPTS),
    );
    expect(server.requests).toHaveLength(10 * MAX_ATTEMPTS);
  });
});
