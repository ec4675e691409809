/**
 * examples/otel-http-service.ts, run as a user runs it: OpenTelemetry's http and undici
 * instrumentations feed XRaySpanExporter, and the local endpoint then shows the traces, the
 * services, the edge and the fault.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("examples/otel-http-service.ts", () => {
  let stdout = "";
  let stderr = "";
  let code = -1;
  beforeAll(async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_") && !name.startsWith("OTEL_")));
    await new Promise<void>((resolve) =>
      execFile(process.execPath, ["--import", "tsx", "examples/otel-http-service.ts"], { cwd: root, env, encoding: "utf8", timeout: 60_000 }, (error, out, err) => {
        code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        stdout = out;
        stderr = err;
        resolve();
      }),
    );
  }, 70_000);

  it("answers the four requests", () => {
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect([...stdout.matchAll(/^GET (\S+)\s+→ (\d{3})$/gm)].map((m) => [m[1], Number(m[2])])).toEqual([
      ["/checkout?sku=TEA-01", 200],
      ["/checkout?sku=MUG-02", 200],
      ["/crash", 500],
      ["/checkout?sku=NOPE-00", 404],
    ]);
  });

  it("lists one trace per request in GetTraceSummaries, with the fault and the error", () => {
    expect(stdout).toContain("GetTraceSummaries: 4 traces");
    const rows = [...stdout.matchAll(/^ {2}(1-[0-9a-f]{8}-[0-9a-f]{24}) {2}(\w+)\s+(\S+)\s+(\d{3})$/gm)].map((m) => [m[2], new URL(m[3]!).pathname + new URL(m[3]!).search, m[4]]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ["fault", "/crash", "500"],
        ["error", "/checkout?sku=NOPE-00", "404"],
        ["ok", "/checkout?sku=TEA-01", "200"],
        ["ok", "/checkout?sku=MUG-02", "200"],
      ]),
    );
  });

  it("shows both services and the edge between them in GetServiceGraph", () => {
    expect(stdout).toMatch(/^ {2}checkout-api \(\?\) {2}requests 4, faults 1 {2}→ pricing-api$/m);
    expect(stdout).toMatch(/^ {2}pricing-api \(\?\) {2}requests 3, faults 0$/m);
  });
});
