/**
 * `typed-xray-local`, run from source as a separate process: it prints its endpoint, answers
 * X-Ray calls there, keeps data with `--data-file`, stops cleanly on SIGTERM and SIGINT, and
 * explains bad arguments.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { GetSamplingRulesCommand, GetTraceSummariesCommand, PutTraceSegmentsCommand, XRayClient } from "../../src/index.js";
import { WINDOW, scenarioDocuments } from "../support/local-scenario.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const CREDENTIALS = { accessKeyId: "AKIDCLITEST", secretAccessKey: "cli-test-secret" };
const window = { StartTime: new Date(WINDOW.StartTime * 1000), EndTime: new Date(WINDOW.EndTime * 1000) };

interface Cli {
  readonly child: ChildProcessWithoutNullStreams;
  readonly endpoint: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcessWithoutNullStreams[] = [];
const clients: XRayClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function spawnCli(args: string[]): { child: ChildProcessWithoutNullStreams; output: () => string; exited: Cli["exited"] } {
  // No ambient AWS keys: --verify-signatures would otherwise pick them up.
  const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...env } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "src/local/cli.ts", ...args], { cwd: root, env: { ...env, NODE_NO_WARNINGS: "1" } });
  children.push(child);
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}

/** Starts the CLI and waits until it prints its endpoint. */
async function startCli(args: string[]): Promise<Cli> {
  const run = spawnCli(args);
  const endpoint = await new Promise<string>((resolve, reject) => {
    const look = (): void => {
      const match = /listening on (http:\/\/\S+)/.exec(run.output());
      if (match) resolve(match[1]!);
    };
    run.child.stdout.on("data", look);
    run.exited.then(({ code }) => reject(new Error(`the CLI exited (${code}) before listening:\n${run.output()}`)));
  });
  return { ...run, endpoint };
}

function clientFor(endpoint: string): XRayClient {
  const client = new XRayClient({ endpoint, region: "us-east-1", credentials: CREDENTIALS });
  clients.push(client);
  return client;
}

describe("typed-xray-local", () => {
  it("prints its endpoint, serves X-Ray there and stops on SIGTERM", async () => {
    const cli = await startCli(["--port", "0"]);
    expect(cli.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = clientFor(cli.endpoint);
    await client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: scenarioDocuments() }));
    expect((await client.send(new GetTraceSummariesCommand(window))).TraceSummaries).toHaveLength(3);
    client.destroy();
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.output()).toContain("SIGTERM, stopping");
  });

  it("keeps data across runs with --data-file and stops on SIGINT", async () => {
    const directory = mkdtempSync(join(tmpdir(), "typed-xray-cli-"));
    try {
      const dataFile = join(directory, "xray.jsonl");
      const first = await startCli(["--port", "0", "--data-file", dataFile]);
      await clientFor(first.endpoint).send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: scenarioDocuments() }));
      first.child.kill("SIGINT");
      expect(await first.exited).toEqual({ code: 0, signal: null });

      const second = await startCli(["--port", "0", "--data-file", dataFile]);
      expect(second.output()).toContain("(5 documents loaded)");
      expect((await clientFor(second.endpoint).send(new GetTraceSummariesCommand(window))).TraceSummaries).toHaveLength(3);
      second.child.kill("SIGTERM");
      await second.exited;
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("reports a damaged data file without the usage text, and exits with 1", async () => {
    const directory = mkdtempSync(join(tmpdir(), "typed-xray-cli-"));
    try {
      const dataFile = join(directory, "xray.jsonl");
      writeFileSync(dataFile, "not json\n{}\n");
      const run = spawnCli(["--port", "0", "--data-file", dataFile]);
      expect((await run.exited).code).toBe(1);
      expect(run.output()).toMatch(/cannot start: .*line 1: not a JSON line/);
      expect(run.output()).not.toContain("Usage:");
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("warns when listening beyond loopback without --verify-signatures, and not on loopback", async () => {
    const loopback = await startCli(["--port", "0"]);
    const exposed = await startCli(["--port", "0", "--host", "0.0.0.0"]);
    expect(loopback.output()).not.toContain("warning");
    expect(exposed.output()).toMatch(/warning: listening on 0\.0\.0\.0 without --verify-signatures/);
    for (const cli of [loopback, exposed]) cli.child.kill("SIGTERM");
  });

  it("accepts the names of --allowed-host and the origins of --cors-origin", async () => {
    const cli = await startCli(["--port", "0", "--allowed-host", "xray-local", "--cors-origin", "https://dev.example"]);
    const port = Number(new URL(cli.endpoint).port);
    const status = (headers: Record<string, string>): Promise<number> =>
      new Promise((resolve, reject) => {
        const body = JSON.stringify(WINDOW);
        const req = request({ host: "127.0.0.1", port, path: "/TraceSummaries", method: "POST", headers: { "content-type": "application/json", ...headers } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end(body);
      });
    expect(await status({ host: "xray-local" })).toBe(200);
    expect(await status({ host: "other-name" })).toBe(403);
    expect(await status({ origin: "https://dev.example" })).toBe(200);
    expect(await status({ origin: "https://evil.example" })).toBe(403);
    cli.child.kill("SIGTERM");
  });

  it.each([
    [["--port", "http"], /--port must be a port number/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--verify-signatures"], /needs an access key id and secret/],
  ])("explains bad arguments (%j) and exits with 2", async (args, message) => {
    const run = spawnCli(args);
    expect((await run.exited).code).toBe(2);
    expect(run.output()).toMatch(message);
    expect(run.output()).toContain("Usage: typed-xray-local");
  });
});

describe("typed-xray-local --sampling-rules", () => {
  const rulesFile = (content: unknown): { path: string; remove: () => void } => {
    const directory = mkdtempSync(join(tmpdir(), "typed-xray-cli-rules-"));
    const path = join(directory, "rules.json");
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return { path, remove: () => rmSync(directory, { recursive: true, force: true }) };
  };

  it("serves the rules of an aws-xray-sdk-core rules file with GetSamplingRules", async () => {
    const file = rulesFile({ version: 2, rules: [{ host: "*", http_method: "GET", url_path: "/health", fixed_target: 0, rate: 0 }], default: { fixed_target: 3, rate: 0.2 } });
    try {
      const cli = await startCli(["--port", "0", "--sampling-rules", file.path]);
      const { SamplingRuleRecords = [] } = await clientFor(cli.endpoint).send(new GetSamplingRulesCommand({}));
      expect(SamplingRuleRecords.map(({ SamplingRule }) => [SamplingRule?.RuleName, SamplingRule?.URLPath, SamplingRule?.ReservoirSize, SamplingRule?.FixedRate])).toEqual([
        ["local-1", "/health", 0, 0],
        ["Default", "*", 3, 0.2],
      ]);
      cli.child.kill("SIGTERM");
      await cli.exited;
    } finally {
      file.remove();
    }
  });

  it.each([
    [{ version: 2, rules: [{ host: "*", http_method: "*", url_path: "*", fixed_target: 0, rate: 2 }], default: { fixed_target: 1, rate: 0.05 } }, /\$\.rules\[0\]\.rate must be a number from 0 to 1/],
    ["{ not json", /is not JSON/],
    [[{ FixedRate: 1 }], /each item must be an X-Ray SamplingRule with a RuleName/],
  ])("refuses a bad rules file (%j) with the problem and exit code 2", async (content, message) => {
    const file = rulesFile(content);
    try {
      const run = spawnCli(["--port", "0", "--sampling-rules", file.path]);
      expect((await run.exited).code).toBe(2);
      expect(run.output()).toMatch(message);
    } finally {
      file.remove();
    }
  });
});
