/**
 * The README's quick start: `npm run demo` starts the local endpoint, traces a scenario, runs
 * every operation and prints the table, the timeline and the graph.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

it("README quick start: the demo prints the table, the timeline and the graph", () => {
  const outDir = mkdtempSync(join(tmpdir(), "typed-xray-demo-test-"));
  try {
    const output = execFileSync(process.execPath, ["--import", "tsx", "examples/demo.ts"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, DEMO_OUT_DIR: outDir },
    });
    expect(output).toMatch(/Local X-Ray endpoint: http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain("12 segment documents received by the sender, 12 accepted by X-Ray, 0 rejected, 0 dropped");
    // The table: six traces, two of them faulted, with users and annotations.
    expect(output).toContain("GetTraceSummaries: 6 traces");
    expect(output).toMatch(/start \(UTC\)\s+trace id\s+request\s+http\s+status\s+response\s+duration\s+user\s+services\s+annotations/);
    expect(output.match(/POST https:\/\/shop\.example\/checkout\s+502\s+FAULT/g)).toHaveLength(2);
    expect(output).toMatch(/\s200\s+ok\s.*\berin\b.*web-frontend, checkout-api, orders-db, payments-api\s+cart_items=3 tier="member"/);
    expect(output).toContain('Filter service("checkout-api") { fault OR throttle }: 2 traces');
    expect(output).toMatch(/A malformed filter is a typed error: InvalidRequestException \(HTTP 400\)\n.*at position 27/);
    // The timeline of the slowest trace: the failed database call, nested under checkout-api.
    expect(output).toMatch(/web-frontend\s+\+0\.0 ms\s+191\.0 ms.*HTTP 502, fault/);
    expect(output).toMatch(/\n {4}checkout-api\s+\+5\.0 ms.*HTTP 500, fault/);
    expect(output).toMatch(/\n {6}orders-db\s+\+6\.0 ms\s+180\.0 ms.*fault\n {8}! DatabaseError: connection terminated unexpectedly\n/);
    // The graph, with statistics per edge.
    expect(output).toContain("web-frontend [AWS::EC2::Instance]  (entry point)");
    expect(output).toMatch(/└──▶ checkout-api \[AWS::ECS::Container\]\s+6 calls, 4 ok, 2 fault/);
    expect(output).toMatch(/├──▶ orders-db \[Database::SQL\]\s+6 calls, 5 ok, 1 fault/);
    expect(output).toMatch(/└──▶ payments-api \[remote\]\s+5 calls, 4 ok, 1 error, 1 throttled/);
    // Sampling: the first request of the second is borrowed under Default; health checks are never sampled.
    expect(output).toMatch(/GET \/cart\s+sampled\s+by rule Default\s+→ x-amzn-trace-id: Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=1/);
    expect(output).toMatch(/GET \/health\s+not sampled by rule health-checks\s+→ x-amzn-trace-id: Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=0/);
    expect(output).toContain("1 segment sent with PutTraceSegments, 1 not sampled (never sent)");
    expect(readFileSync(join(outDir, "service-graph.mmd"), "utf8")).toMatch(/^flowchart LR\n[\s\S]*-->\|"6 calls, 4 ok, 2 fault/);
    expect(output).toContain("telemetry record sent:");
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}, 60_000);
