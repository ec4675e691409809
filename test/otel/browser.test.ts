/**
 * examples/otel-browser-page in headless Chromium: OpenTelemetry's web tracer exports through
 * `typed-xray/otel` (bundled from the built package's `browser` exports) to a local X-Ray
 * endpoint on another origin that verifies signatures, with temporary credentials from the
 * page's token-vending endpoint. Needs `npm run build` and /usr/bin/chromium (skipped, saying
 * so, when absent; CI installs it).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OtelPageReport } from "../../examples/otel-browser-page/main.js";
import { startLocalXRay, type LocalXRay } from "../../src/local/index.js";
import { REPO_ROOT, bundlePage, chromiumMissing, launchChromium, type Chromium, type PageBundle } from "../support/browser.js";
import { startStaticServer, type StaticServer } from "../support/static-server.js";

const missing = chromiumMissing();
if (missing) console.warn(`test/otel/browser.test.ts skipped: ${missing}`);

const TEMPORARY = { accessKeyId: "ASIAOTELBROWSERKEY01", secretAccessKey: "otel-browser-secret-0123456789abcdefgh", sessionToken: "otel-browser-session-token" };
const PAGE_DIR = join(REPO_ROOT, "examples", "otel-browser-page");

describe.skipIf(missing !== undefined)(`examples/otel-browser-page in headless Chromium${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let bundle: PageBundle;
  let xray: LocalXRay;
  let site: StaticServer;
  let browser: Chromium;
  let report: OtelPageReport;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(REPO_ROOT, "dist", "browser", "otel", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first");
    bundle = await bundlePage("examples/otel-browser-page/main.ts", { "../../src/index.js": "typed-xray", "../../src/otel/index.js": "typed-xray/otel" });
    xray = await startLocalXRay({ verifySignatures: true, credentials: TEMPORARY });
    site = await startStaticServer({
      "/index.html": { contentType: "text/html; charset=utf-8", body: readFileSync(join(PAGE_DIR, "index.html")) },
      "/main.js": { contentType: "text/javascript; charset=utf-8", body: bundle.code },
      "/credentials": () => ({ contentType: "application/json", body: JSON.stringify({ ...TEMPORARY, expiration: new Date(Date.now() + 3_600_000).toISOString() }) }),
    });
    browser = await launchChromium();
    const page = await browser.context.newPage();
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    await page.goto(`${site.origin}/index.html?region=us-east-1&endpoint=${encodeURIComponent(xray.endpoint)}`);
    await page.waitForFunction(() => window.otelReport !== undefined, undefined, { timeout: 15_000 });
    report = await page.evaluate(() => window.otelReport!);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await xray?.close();
  });

  it("bundles typed-xray/otel from dist/browser, with no Node built-ins", () => {
    expect(bundle.inputs).toContain("dist/browser/otel/index.js");
    expect(bundle.inputs.filter((input) => input.startsWith("src/"))).toEqual([]);
    expect(bundle.inputs.filter((input) => /^node:|node-http-handler|platform\/node/.test(input))).toEqual([]);
  });

  it("exports every span, signed with the temporary credentials, and X-Ray summarizes both traces", () => {
    expect(pageErrors).toEqual([]);
    expect(report.failure).toBeUndefined();
    expect(report.status).toBe("done");
    expect(report.exportCodes.length).toBeGreaterThan(0);
    expect(report.exportCodes.every((code) => code === 0)).toBe(true);
    expect(report.traceIds).toHaveLength(2);
    expect(report.summarized.sort()).toEqual([...report.traceIds].sort());
    expect(report.fault).toBe(true);
  });
});
