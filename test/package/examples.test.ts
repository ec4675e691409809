/**
 * The runnable examples, run as a user runs them (`node --import tsx examples/<file>.ts`), each
 * against a local X-Ray endpoint, with assertions on what they print. The browser page
 * (examples/browser-page) runs in headless Chromium in test/package/browser.test.ts.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalXRay, type LocalXRay } from "../../src/local/index.js";
import { Segment, parseTraceHeader } from "../../src/tracing/index.js";
import { SHOP_REQUESTS, traceRequest } from "../../src/cli/shop-scenario.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs an example to completion, with `env` replacing every AWS_* variable of this process. */
function runExample(file: string, args: readonly string[] = [], env: Record<string, string> = {}): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  // No instance metadata service on a developer machine or CI: never wait for one.
  const childEnv = { ...base, AWS_EC2_METADATA_DISABLED: "true", ...env };
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", `examples/${file}`, ...args], { cwd: root, env: childEnv, encoding: "utf8", timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** The rows of a summary table (src/trace-model/render-summaries.ts): trace id and response time in ms, in order. */
function tableRows(output: string): { id: string; responseMs: string }[] {
  return [...output.matchAll(/^\S+ +(1-[0-9a-f]{8}-[0-9a-f]{24})  .*?  (\d+\.\d) ms  /gm)].map((match) => ({ id: match[1]!, responseMs: match[2]! }));
}

describe("examples/traced-http-service.ts", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runExample("traced-http-service.ts");
  }, 30_000);

  it("serves the six requests, answering with the trace header", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const answers = [...run.stdout.matchAll(/^GET (\S+)\s+→ (\d{3})  x-amzn-trace-id: (\S+)$/gm)].map((m) => ({ path: m[1], status: Number(m[2]), header: parseTraceHeader(m[3]) }));
    expect(answers.map(({ path, status }) => [path, status])).toEqual([
      ["/checkout?sku=TEA-01", 200],
      ["/checkout?sku=MUG-02", 200],
      ["/crash", 500],
      ["/checkout?sku=TEA-01", 200],
      ["/checkout?sku=NOPE-00", 404],
      ["/health", 200],
    ]);
    // The caller's Sampled=0 is kept; the health check is not sampled by the "health-checks" rule.
    expect(answers.map((answer) => answer.header.sampled)).toEqual([true, true, true, false, true, false]);
    // The second request continued the caller's trace: the response names the root it sent.
    const sent = parseTraceHeader(/the second request sent x-amzn-trace-id: (\S+)\)/.exec(run.stdout)?.[1]);
    expect(sent.root).toBeDefined();
    expect(answers[1]!.header.root).toBe(sent.root);
  });

  it("records every sampled request as a trace, and not the unsampled one", () => {
    const sent = /^(\d+) segment documents sent with PutTraceSegments: (\d+) accepted, 0 rejected, 0 dropped$/m.exec(run.stdout);
    expect(sent?.[1]).toBe(sent?.[2]);
    // Not sampled, so never sent: checkout-api and pricing-api for the Sampled=0 request, and the health check.
    expect(run.stdout).toMatch(/^3 segments not sampled, so not sent$/m);
    const roots = [...run.stdout.matchAll(/x-amzn-trace-id: (\S+)$/gm)].map((m) => parseTraceHeader(m[1]));
    const recorded = tableRows(run.stdout).map((row) => row.id);
    expect(run.stdout).toContain(`GetTraceSummaries: ${roots.filter((h) => h.sampled).length} traces`);
    expect(new Set(recorded)).toEqual(new Set(roots.filter((h) => h.sampled).map((h) => h.root)));
    expect(run.stdout).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/crash\s+500\s+FAULT/);
    expect(run.stdout).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/checkout\?sku=MUG-02\s+200\s+ok\s.*(checkout-api, pricing-api|pricing-api, checkout-api)\s+currency="EUR"/);
  });

  it("records the crash as a fault with the exception, its cause and their stack frames", () => {
    expect(run.stdout).toMatch(/^ {2}checkout-api: Error: could not load the cart {2}at loadCart \(.*examples\/traced-http-service\.ts:\d+\)$/m);
    expect(run.stdout).toMatch(/^ {2}checkout-api: TypeError: Cannot read properties of undefined \(reading 'items'\) {2}at loadCart \(.*examples\/traced-http-service\.ts:\d+\)$/m);
  });

  it("draws the service graph: client → checkout-api → pricing-api, with the downstream call's statistics", () => {
    expect(run.stdout).toMatch(/client \[client\]\n {2}└──▶ checkout-api \[AWS::ECS::Container\] {2}4 calls, 2 ok, 1 error, 1 fault/);
    expect(run.stdout).toMatch(/checkout-api \[AWS::ECS::Container\] {2}\(entry point\)\n {2}└──▶ pricing-api \[AWS::ECS::Container\] {2}3 calls, 2 ok, 1 error/);
  });
});

describe("examples/slowest-traces.ts", () => {
  it("--local: seeds the demo shop and prints its five slowest traces by response time, and the graph", async () => {
    const run = await runExample("slowest-traces.ts", ["--local"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`seeded with ${SHOP_REQUESTS.length} traces of the demo shop`);
    expect(run.stdout).toMatch(new RegExp(`^${SHOP_REQUESTS.length} traces from .+ \\(GetTraceSummaries, 1 page\\)$`, "m"));
    // What the scenario makes: each request's response time is its entry segment's duration.
    const expected = SHOP_REQUESTS.map((request) => {
      const entry = traceRequest(request, Date.UTC(2024, 0, 1))[0]!.toJSON();
      return entry.end_time! - entry.start_time;
    })
      .sort((a, b) => b - a)
      .slice(0, 5)
      .map((seconds) => (seconds * 1000).toFixed(1));
    expect(tableRows(run.stdout).map((row) => row.responseMs)).toEqual(expected);
    expect(run.stdout).toContain("web-frontend [AWS::EC2::Instance]  (entry point)");
    expect(run.stdout).toMatch(/└──▶ checkout-api \[AWS::ECS::Container\]\s+6 calls/);
  }, 30_000);

  describe("against an endpoint, with the default region and credentials (as against AWS)", () => {
    const KEY = { accessKeyId: "AKIDEXAMPLESLOWEST01", secretAccessKey: "slowest-traces-example-secret-key-00001" };
    /** Seconds each seeded trace takes, in the order sent. */
    const DURATIONS = [0.12, 0.045, 0.3, 0.01, 0.075, 0.22, 0.15];
    let xray: LocalXRay;
    const traceIds: string[] = [];

    beforeAll(async () => {
      // Two summaries a page, so the example has to follow NextToken to see every trace.
      xray = await startLocalXRay({ verifySignatures: true, credentials: KEY, pageSizes: { traceSummaries: 2 } });
      const now = Date.now() / 1000;
      const documents = DURATIONS.map((seconds, i) => {
        const start = now - 600 + i * 60;
        const segment = new Segment("inventory-api").setOrigin("AWS::Lambda::Function").setStartTime(start);
        segment.addNewSubsegment("stock-db").setNamespace("remote").setStartTime(start + 0.001).setEndTime(start + seconds - 0.001);
        segment.setHttpRequest({ method: "GET", url: `https://inventory.example/items/${i}` }).setHttpResponse(200).setEndTime(start + seconds);
        traceIds.push(segment.traceId);
        return segment.serialize();
      });
      await xray.engine.handle("PutTraceSegments", { TraceSegmentDocuments: documents });
    });
    afterAll(() => xray?.close());

    it("follows every page, sorts by response time and prints the top five, then the graph", async () => {
      const run = await runExample("slowest-traces.ts", ["--endpoint", xray.endpoint], { AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: KEY.accessKeyId, AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^${DURATIONS.length} traces from .+ \\(GetTraceSummaries, ${Math.ceil(DURATIONS.length / 2)} pages\\)$`, "m"));
      const slowest = DURATIONS.map((seconds, i) => ({ seconds, id: traceIds[i]! }))
        .sort((a, b) => b.seconds - a.seconds)
        .slice(0, 5);
      expect(tableRows(run.stdout)).toEqual(slowest.map(({ seconds, id }) => ({ id, responseMs: (seconds * 1000).toFixed(1) })));
      expect(run.stdout).toMatch(/client \[client\]\n {2}└──▶ inventory-api \[AWS::Lambda::Function\] {2}7 calls, 7 ok/);
      expect(run.stdout).toMatch(/inventory-api \[AWS::Lambda::Function\] {2}\(entry point\)\n {2}└──▶ stock-db \[remote\] {2}7 calls/);
    }, 30_000);

    it("fails with a message saying what to set when there is no region", async () => {
      const run = await runExample("slowest-traces.ts", ["--endpoint", xray.endpoint], { AWS_ACCESS_KEY_ID: KEY.accessKeyId, AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/^slowest-traces: .*\bregion\b/i);
      expect(run.stderr).toContain("Set AWS_REGION and credentials for your account, or run with --local");
      expect(run.stderr).not.toContain(KEY.secretAccessKey);
    }, 30_000);
  });
});
