/**
 * The `typed-xray` bin, built, run as a user runs it: against a local endpoint it starts itself
 * (`--local`, seeded with the demo shop) and against a plain endpoint (`--endpoint`, a local
 * endpoint this test starts and seeds). Output snapshots per command and format (ids and times
 * replaced by placeholders), `--json` shapes, exit codes, help. Colour and NO_COLOR need a
 * terminal: test/cli/run.test.ts drives them with a fake one, test/cli/tail-terminal.test.ts with tmux.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XRayClient } from "../../src/index.js";
import { seedShop } from "../../src/cli/seed-shop.js";
import { startLocalXRay, type LocalXRay } from "../../src/local/index.js";
import { cleanEnv, normalize, requireBuiltBin, runBin } from "../support/cli.js";

const home = mkdtempSync(join(tmpdir(), "typed-xray-cli-home-"));
const env = cleanEnv(home);
const KEYS = { AWS_ACCESS_KEY_ID: "AKIDCLITEST", AWS_SECRET_ACCESS_KEY: "cli-test-secret" };
const ESCAPE = /\u001b\[/;

beforeAll(() => requireBuiltBin());
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe("--local: each command against the demo shop", () => {
  it("traces: the table, newest first, and the count on stderr", async () => {
    const run = await runBin(["traces", "--local"], env);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(ESCAPE);
    expect(normalize(run.stdout)).toMatchSnapshot();
    expect(run.stderr).toBe("6 of 6 traces\n");
  });

  it("traces --sort duration --limit 2 --filter: the slowest of the matching traces", async () => {
    const run = await runBin(["traces", "--local", "--sort", "duration", "--limit", "2", "--filter", 'service("checkout-api") { fault OR throttle } OR user = "bob"'], env);
    expect(run.code).toBe(0);
    expect(normalize(run.stdout)).toMatchSnapshot();
    expect(run.stderr).toBe("2 of 3 traces (1 more not shown)\n");
  });

  it("traces --json: the window, the filter, the total and the summaries", async () => {
    const run = await runBin(["traces", "--local", "--json", "--since", "5m"], env);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(["startTime", "endTime", "filter", "total", "traces"]);
    expect(Date.parse(json.endTime) - Date.parse(json.startTime)).toBe(300_000);
    expect(json.filter).toBeNull();
    expect(json.total).toBe(6);
    expect(json.traces.map((t: { Http: { HttpStatus: number } }) => t.Http.HttpStatus)).toEqual([200, 200, 502, 502, 200, 200]);
    expect(json.traces[0]).toMatchObject({ Id: expect.stringMatching(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/), StartTime: expect.any(String), Duration: 0.093, HasFault: false, Users: [{ UserName: "erin" }] });
  });

  it("trace: the slowest trace's waterfall when --local is given no id", async () => {
    const run = await runBin(["trace", "--local"], env);
    expect(run.code).toBe(0);
    expect(normalize(run.stdout)).toMatchSnapshot();
  });

  it("map, in each format", async () => {
    for (const format of ["text", "mermaid", "dot"]) {
      const run = await runBin(["map", "--local", "--format", format], env);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatchSnapshot(format);
    }
  });

  it("map --json: the window and GetServiceGraph's services", async () => {
    const run = await runBin(["map", "--local", "--json"], env);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(["startTime", "endTime", "services"]);
    expect(json.services.map((s: { Name: string }) => s.Name).sort()).toEqual(["checkout-api", "client", "orders-db", "payments-api", "web-frontend"]);
  });

  it("fits the table to COLUMNS", async () => {
    const run = await runBin(["traces", "--local"], { ...env, COLUMNS: "120" });
    for (const line of run.stdout.trimEnd().split("\n")) expect(line.length).toBeLessThanOrEqual(120);
    expect(run.stdout).toContain("…");
  });
});

describe("--endpoint: a plain X-Ray endpoint", () => {
  let xray: LocalXRay;
  beforeAll(async () => {
    xray = await startLocalXRay();
    const client = new XRayClient({ endpoint: xray.endpoint, region: "us-east-1", credentials: { accessKeyId: KEYS.AWS_ACCESS_KEY_ID, secretAccessKey: KEYS.AWS_SECRET_ACCESS_KEY } });
    await seedShop(client, Date.now() - 60_000);
    client.destroy();
  });
  afterAll(() => xray.close());

  it("lists the traces, then shows one by id, as JSON nodes linked by parent id", async () => {
    const traces = await runBin(["traces", "--endpoint", xray.endpoint, "--json"], { ...env, ...KEYS });
    expect(traces.code).toBe(0);
    const failing = JSON.parse(traces.stdout).traces.find((t: { HasFault: boolean; Duration: number }) => t.HasFault && t.Duration > 0.1);
    const run = await runBin(["trace", failing.Id, "--endpoint", xray.endpoint, "--json"], { ...env, ...KEYS });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(["id", "duration", "startTime", "limitExceeded", "problems", "nodes"]);
    expect([json.id, json.duration.toFixed(3), json.problems]).toEqual([failing.Id, "0.191", []]);
    const names = new Map(json.nodes.map((n: { id: string; name: string }) => [n.id, n.name]));
    expect(json.nodes.map((n: { kind: string; name: string; depth: number; parentId: string | null }) => [n.kind, n.name, n.depth, n.parentId && names.get(n.parentId)])).toEqual([
      ["segment", "web-frontend", 0, null],
      ["subsegment", "checkout-api", 1, "web-frontend"],
      ["segment", "checkout-api", 2, "checkout-api"],
      ["subsegment", "orders-db", 3, "checkout-api"],
    ]);
    expect(json.nodes[3].document).toMatchObject({ fault: true, namespace: "remote", sql: { database_type: "PostgreSQL" } });
    expect(json.nodes[3].document.subsegments).toBeUndefined();
  });

  it("draws the service graph", async () => {
    const run = await runBin(["map", "--endpoint", xray.endpoint, "--format", "dot"], { ...env, ...KEYS });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('[label="5 calls, 4 ok, 1 error, 1 throttled, avg 48.6 ms"]');
  });

  it("prints the timeline of a trace by id", async () => {
    const list = JSON.parse((await runBin(["traces", "--endpoint", xray.endpoint, "--json", "--sort", "duration"], { ...env, ...KEYS })).stdout);
    const run = await runBin(["trace", list.traces[0].Id, "--endpoint", xray.endpoint], { ...env, ...KEYS });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {6}orders-db\s+\+6\.0 ms\s+180\.0 ms\s+\|.*\|  fault\n {8}! DatabaseError: connection terminated unexpectedly$/m);
  });
});

describe("exit codes", () => {
  it("0 and the help on --help, for the bin and each command", async () => {
    const main = await runBin(["--help"], env);
    expect([main.code, main.stdout]).toEqual([0, expect.stringContaining("Exit codes: 0 ok, 1 usage")]);
    for (const command of ["traces", "trace", "map", "tail"]) {
      const run = await runBin([command, "--help"], env);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: typed-xray ${command}`));
    }
  });

  it("1 for usage errors: no command, unknown command or option, bad values, a malformed filter", async () => {
    const cases: [string[], RegExp][] = [
      [[], /^Usage: typed-xray <command>/],
      [["nope"], /unknown command "nope"/],
      [["traces", "--bogus"], /Unknown option '--bogus'/],
      [["traces", "--local", "--since", "soon"], /--since takes a duration/],
      [["traces", "--local", "--since", "5m", "--start", "0", "--end", "1"], /either --since or --start and --end/],
      [["map", "--local", "--format", "svg"], /--format takes text, mermaid or dot/],
      [["trace", "1-abc", "--local"], /is not a trace id/],
      [["traces", "--endpoint", "ftp://x"], /--endpoint takes an http/],
    ];
    for (const [args, message] of cases) {
      const run = await runBin(args, env);
      expect([args, run.code]).toEqual([args, 1]);
      expect(run.stderr).toMatch(message);
    }
    const filter = await runBin(["traces", "--local", "--filter", 'service("checkout-api") AND'], env);
    expect(filter.code).toBe(1);
    expect(filter.stderr).toBe(
      [
        "typed-xray traces: GetTraceSummaries: the input breaks 1 constraint of the model; nothing was sent:",
        '  FilterExpression: Unexpected end of expression; expected a keyword, "!" or "(" at position 27:',
        '    service("checkout-api") AND',
        "                               ^",
        "",
      ].join("\n"),
    );
  });

  it("2 for a service error: a trace that is not there, an endpoint that does not answer", async () => {
    const missing = await runBin(["trace", "1-5759e988-bd862e3fe1be46a994272793", "--local"], env);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("no trace 1-5759e988-bd862e3fe1be46a994272793")]);
    const closed = await startLocalXRay();
    const endpoint = closed.endpoint;
    await closed.close();
    const unreachable = await runBin(["map", "--endpoint", endpoint], { ...env, ...KEYS });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/^typed-xray map: /);
  });

  it("3 without credentials or without a region, with what to do", async () => {
    const noCredentials = await runBin(["traces", "--region", "eu-west-1"], env);
    expect(noCredentials.code).toBe(3);
    expect(noCredentials.stderr).toMatch(/credentials/i);
    expect(noCredentials.stderr).toContain("or try --local");
    const noRegion = await runBin(["traces"], { ...env, ...KEYS });
    expect(noRegion.code).toBe(3);
    expect(noRegion.stderr).toContain("No AWS region");
    expect(noRegion.stderr).not.toContain(KEYS.AWS_SECRET_ACCESS_KEY);
  });
});
