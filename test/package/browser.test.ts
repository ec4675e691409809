/**
 * The package in a real browser: examples/browser-page bundled from the built package's
 * `browser` exports (`dist/browser/…`), served from one origin with a token-vending endpoint,
 * talking to a local X-Ray endpoint on another origin that verifies SigV4 signatures, in
 * headless Debian Chromium. The page calls all six operations, signing with WebCrypto, sends its
 * own segments with the tracing helper, and reports what happened; the assertions run here.
 *
 * Needs `npm run build` first (the `pretest` script does it) and /usr/bin/chromium (skipped,
 * saying so, when absent; CI installs it).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageReport } from "../../examples/browser-page/main.js";
import { startLocalXRay, type LocalXRay } from "../../src/local/index.js";
import { parseTraceHeader } from "../../src/tracing/index.js";
import { REPO_ROOT, bundlePage, chromiumMissing, launchChromium, watchNetwork, type Chromium, type NetworkExchange, type PageBundle } from "../support/browser.js";
import { startStaticServer, type StaticServer } from "../support/static-server.js";

const missing = chromiumMissing();
if (missing) console.warn(`test/package/browser.test.ts skipped: ${missing}`);

/** What the token-vending endpoint hands out, and the only key the X-Ray endpoint accepts. */
const TEMPORARY = {
  accessKeyId: "ASIABROWSERTESTKEY01",
  secretAccessKey: "browser-test-secret-0123456789abcdefghij",
  sessionToken: "browser-test-session-token-FwoGZXIvYXdzEJr",
};
const OPERATIONS = ["PutTraceSegments", "GetTraceSummaries", "BatchGetTraces", "GetTraceGraph", "GetServiceGraph", "PutTelemetryRecords"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PAGE_DIR = join(REPO_ROOT, "examples", "browser-page");

describe.skipIf(missing !== undefined)(`examples/browser-page in headless Chromium${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let bundle: PageBundle;
  let xray: LocalXRay;
  let site: StaticServer;
  let browser: Chromium;
  let network: NetworkExchange[];
  let report: PageReport;
  let pageText: string;
  let unsigned: { status: number; errorType: string | null };
  const consoleLines: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(REPO_ROOT, "dist", "browser", "index.js"))) {
      throw new Error("dist/ is missing: run `npm run build` first (`npm test` does it through its `pretest` script)");
    }
    bundle = await bundlePage("examples/browser-page/main.ts", {
      "../../src/index.js": "typed-xray",
      "../../src/tracing/index.js": "typed-xray/tracing",
    });
    console.log(`browser page bundle (client, six commands, tracing helper, sender; esbuild --minify): ${bundle.rawBytes} bytes, ${bundle.gzipBytes} bytes gzip -9`);

    xray = await startLocalXRay({ verifySignatures: true, credentials: TEMPORARY });
    site = await startStaticServer({
      "/index.html": { contentType: "text/html; charset=utf-8", body: readFileSync(join(PAGE_DIR, "index.html")) },
      "/main.js": { contentType: "text/javascript; charset=utf-8", body: bundle.code },
      "/catalogue.json": { contentType: "application/json", body: readFileSync(join(PAGE_DIR, "catalogue.json")) },
      "/credentials": () => ({
        contentType: "application/json",
        body: JSON.stringify({ ...TEMPORARY, expiration: new Date(Date.now() + 3_600_000).toISOString() }),
      }),
    });
    browser = await launchChromium();
    const page = await browser.context.newPage();
    network = await watchNetwork(browser.context, page);
    page.on("console", (message) => consoleLines.push(message.text()));
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    await page.goto(`${site.origin}/index.html?region=us-east-1&endpoint=${encodeURIComponent(xray.endpoint)}`);
    await page.waitForFunction(() => window.typedXRayReport !== undefined, undefined, { timeout: 10_000 });
    report = await page.evaluate(() => window.typedXRayReport!);
    pageText = (await page.locator("body").textContent()) ?? "";
    // The endpoint really checks signatures: the same cross-origin call, unsigned, is refused,
    // and the error type is readable from the page (exposed by CORS).
    unsigned = await page.evaluate(async (endpoint) => {
      const response = await fetch(`${endpoint}/TraceSummaries`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      return { status: response.status, errorType: response.headers.get("x-amzn-errortype") };
    }, xray.endpoint);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await xray?.close();
  });

  it("bundles the page from dist/browser through the exports map: fetch and WebCrypto, no Node built-ins", () => {
    expect(bundle.inputs).toContain("dist/browser/index.js");
    expect(bundle.inputs).toContain("dist/browser/tracing/index.js");
    expect(bundle.inputs.filter((input) => input.startsWith("src/"))).toEqual([]);
    expect(bundle.inputs.filter((input) => /^node:|node-http-handler|platform\.node|@aws-crypto\/sha256-js/.test(input))).toEqual([]);
    // The browser transport is the client's own fetch handler (src/runtime/platform/fetch-handler.ts):
    // the Smithy one, with options the client never sets, stays out of pages.
    expect(bundle.inputs.some((input) => input.includes("@smithy/fetch-http-handler"))).toBe(false);
    expect(bundle.gzipBytes).toBeLessThan(bundle.rawBytes);
  });

  it("runs to the end without a page error", () => {
    expect(pageErrors).toEqual([]);
    expect(report.failure).toBeUndefined();
    expect(report.status).toBe("done");
  });

  it("calls all six operations cross-origin, each answered with a request id the page can read", () => {
    const ok = report.calls.filter((call) => call.outcome === "ok");
    expect(new Set(ok.map((call) => call.operation))).toEqual(new Set(OPERATIONS));
    for (const call of ok) {
      expect(call.httpStatusCode, call.operation).toBe(200);
      expect(call.requestId, call.operation).toMatch(UUID);
    }
    const ids = report.calls.map((call) => call.requestId);
    expect(new Set(ids).size).toBe(ids.length);
    // What the page shows: one line per call.
    for (const operation of OPERATIONS) expect(pageText).toMatch(new RegExp(`${operation}\\s+ok\\s+HTTP 200\\s+request [0-9a-f-]{36}`));
  });

  it("signs with temporary credentials fetched once from the token-vending endpoint, and leaks none of them", () => {
    expect(site.requests.filter((request) => request.path === "/credentials")).toHaveLength(1);
    expect(report.credentialFetches).toBe(1);
    expect(unsigned).toEqual({ status: 403, errorType: "MissingAuthenticationTokenException" });
    const visible = JSON.stringify({ report, consoleLines, pageText });
    expect(visible).not.toContain(TEMPORARY.secretAccessKey);
    expect(visible).not.toContain(TEMPORARY.sessionToken);
  });

  it("passes CORS: a preflight per operation path allowing the signing headers, and x-amzn-requestid exposed", () => {
    const toXRay = network.filter((exchange) => exchange.url.startsWith(`${xray.endpoint}/`));
    const posted = new Set(toXRay.filter((exchange) => exchange.method === "POST").map((exchange) => exchange.url));
    expect(posted.size).toBeGreaterThanOrEqual(OPERATIONS.length);
    for (const url of posted) {
      const preflight = toXRay.find((exchange) => exchange.url === url && exchange.method === "OPTIONS");
      expect(preflight, `preflight of ${url}`).toBeDefined();
      expect(preflight!.status).toBe(200);
      expect(preflight!.responseHeaders?.["access-control-allow-origin"]).toBe(site.origin);
      const allowed = preflight!.responseHeaders?.["access-control-allow-headers"]?.split(/,\s*/) ?? [];
      expect(allowed).toEqual(expect.arrayContaining(["authorization", "x-amz-date", "x-amz-security-token", "content-type"]));
    }
    const answered = toXRay.filter((exchange) => exchange.method === "POST" && exchange.responseHeaders !== undefined);
    expect(answered.length).toBeGreaterThanOrEqual(OPERATIONS.length);
    for (const exchange of answered) expect(exchange.responseHeaders!["access-control-expose-headers"]).toMatch(/\bx-amzn-requestid\b/);
  });

  it("sends the page's two segments with SegmentSender and reads them back", () => {
    expect(report.sender).toMatchObject({ received: 2, sent: 2, rejected: 0, pending: 0, dropped: { total: 0 } });
    expect(report.traceIds).toHaveLength(2);
    expect(new Set(report.summaries.map((summary) => summary.id))).toEqual(new Set(report.traceIds));
    const [load, click] = report.traceIds.map((id) => report.summaries.find((summary) => summary.id === id)!);
    expect(load!.hasFault).toBe(false);
    expect(click!.hasFault).toBe(true);
    expect(load!.services).toEqual(expect.arrayContaining(["storefront-browser", "catalogue"]));
    expect(report.documents).toBe(2);
    expect(report.traceGraphServices).toEqual(expect.arrayContaining(["storefront-browser", "catalogue"]));
    expect(report.serviceGraphServices).toEqual(expect.arrayContaining(["storefront-browser", "catalogue"]));
    expect(report.telemetrySent).toBe(true);
    const records = xray.engine.telemetry().flatMap((batch) => batch.TelemetryRecords);
    expect(records.reduce((n, record) => n + (record.SegmentsSentCount ?? 0), 0)).toBe(2);
  });

  it("stores what the browser traced: user agent, the trace header passed on, the exception with its browser stack", async () => {
    const { Traces } = (await xray.engine.handle("BatchGetTraces", { TraceIds: report.traceIds })) as { Traces: { Segments: { Document: string }[] }[] };
    const documents = Traces.flatMap((trace) => trace.Segments.map((segment) => JSON.parse(segment.Document)));
    const load = documents.find((document) => document.trace_id === report.traceIds[0]);
    const click = documents.find((document) => document.trace_id === report.traceIds[1]);
    expect(load.annotations).toEqual({ session: report.session, action: "page-load" });
    expect(load.http.request.user_agent).toContain("HeadlessChrome");
    const fetchCall = load.subsegments[0];
    expect(fetchCall).toMatchObject({ name: "catalogue", namespace: "remote", http: { response: { status: 200 } } });
    // The catalogue request carried the trace on: same trace, the subsegment as parent.
    const header = site.requests.find((request) => request.path === "/catalogue.json")?.headers["x-amzn-trace-id"];
    expect(parseTraceHeader(String(header))).toMatchObject({ root: load.trace_id, parent: fetchCall.id, sampled: true, problems: [] });
    // The click's exception, with frames parsed from Chromium's stack (in the bundle served).
    const [exception] = click.cause.exceptions;
    expect(click.fault).toBe(true);
    expect(exception).toMatchObject({ type: "TypeError", message: expect.stringContaining("paymentMethod") });
    expect(exception.stack.length).toBeGreaterThan(0);
    expect(exception.stack[0].path).toBe(`${site.origin}/main.js`);
    expect(click.cause.working_directory).toBeUndefined();
  });

  it("catches a malformed filter as a typed InvalidRequestException with instanceof", () => {
    expect(report.typedError).toMatchObject({ instanceOf: true, name: "InvalidRequestException", httpStatusCode: 400 });
    expect(report.typedError!.requestId).toMatch(UUID);
    expect(report.typedError!.message).toMatch(/^GetTraceSummaries: .+\(InvalidRequestException, HTTP 400, request [0-9a-f-]{36}\)$/s);
    expect(report.calls).toContainEqual({ operation: "GetTraceSummaries", outcome: "error", httpStatusCode: 400, requestId: report.typedError!.requestId });
  });
});
