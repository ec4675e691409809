/**
 * The README's quick start: `npm run demo` runs every operation end to end and prints results.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

it("README quick start: the demo runs every operation", () => {
  const output = execFileSync(process.execPath, ["--import", "tsx", "examples/demo.ts"], { cwd: root, encoding: "utf8" });
  expect(output).toContain("PutTraceSegments: 4 accepted, 1 rejected (InvalidSegment)");
  expect(output).toMatch(/https:\/\/shop\.example\/cart\/checkout/);
  expect(output).toContain("BatchGetTraces: 2 traces, 2 segments");
  expect(output).toContain("checkout (AWS::EC2::Instance) → payments, inventory");
  expect(output).toContain("GetTraceGraph: ");
  expect(output).toContain("PutTelemetryRecords: sent");
  expect(output).toMatch(/Typed error: InvalidRequestException \(HTTP 400\): GetTraceSummaries: EndTime must not be before StartTime/);
}, 30_000);
