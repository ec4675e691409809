/**
 * Tree-shaking of the optional runtime parts: the HTTP-binding codec (which also fills
 * idempotency tokens) and log redaction only reach a browser bundle through a command whose
 * declaration references them. X-Ray's eight commands bind nothing to the HTTP message, so a bundle of them never reads
 * these modules; a generated command with bindings does (which shows the check can fail).
 *
 * Bundles are built from source with esbuild as the package's browser build does (the Node
 * platform module swapped for the browser one), minified, and their gzip size printed.
 */
import { build, type Metafile } from "esbuild";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ROOT, generateInto, scratchDir, traitModel } from "../support/codegen.js";

const OPTIONAL_PARTS = /src\/runtime\/(http-bindings[\w-]*|redact|idempotency)\.ts$/;

/** Bundles `contents` for browsers; returns the files esbuild read and the gzip -9 size. */
async function bundle(contents: string): Promise<{ inputs: string[]; gzip: number; metafile: Metafile }> {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return { inputs: Object.keys(result.metafile.inputs), gzip: gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length, metafile: result.metafile };
}

describe("browser bundles", () => {
  it("of XRayClient and GetTraceSummariesCommand do not contain the binding, redaction or idempotency code", async () => {
    const { inputs, gzip } = await bundle('export { XRayClient, GetTraceSummariesCommand } from "./src/index.ts";');
    expect(inputs).toContain("src/runtime/pipeline.ts");
    expect(inputs.filter((input) => OPTIONAL_PARTS.test(input))).toEqual([]);
    console.log(`XRayClient + GetTraceSummariesCommand, browser, minified: ${gzip} bytes gzip -9`);
  });

  it("of all eight X-Ray commands do not either", async () => {
    const { inputs } = await bundle(
      'export { XRayClient, BatchGetTracesCommand, GetSamplingRulesCommand, GetSamplingTargetsCommand, GetServiceGraphCommand, GetTraceGraphCommand, GetTraceSummariesCommand, PutTelemetryRecordsCommand, PutTraceSegmentsCommand } from "./src/index.ts";',
    );
    expect(inputs.filter((input) => OPTIONAL_PARTS.test(input))).toEqual([]);
  });

  it("of a generated command with HTTP bindings, a token or sensitive data contain exactly the parts it needs", async () => {
    const dir = scratchDir("bundle");
    for (const name of ["http-label", "idempotency-token", "sensitive"]) generateInto(traitModel(name), join(dir, name));
    const rel = (name: string): string => `./${join(dir, name, "index.ts").slice(ROOT.length).replace(/^\//, "")}`;
    const labels = await bundle(`export { LabelsClient, GetObjectCommand } from "${rel("http-label")}";`);
    expect(labels.inputs.filter((input) => OPTIONAL_PARTS.test(input)).sort()).toEqual(["src/runtime/http-bindings-values.ts", "src/runtime/http-bindings.ts"]);
    const tokens = await bundle(`export { IdempotencyClient, CreateThingCommand } from "${rel("idempotency-token")}";`);
    // Tokens are filled by the binding codec, so that body-only commands carry no code for them.
    expect(tokens.inputs.filter((input) => OPTIONAL_PARTS.test(input)).sort()).toEqual([
      "src/runtime/http-bindings-values.ts",
      "src/runtime/http-bindings.ts",
      "src/runtime/idempotency.ts",
    ]);
    const sensitive = await bundle(`export { SensitiveClient, LoginCommand } from "${rel("sensitive")}";`);
    expect(sensitive.inputs.filter((input) => OPTIONAL_PARTS.test(input))).toEqual(["src/runtime/redact.ts"]);
    console.log(`LabelsClient + GetObjectCommand (HTTP bindings), browser, minified: ${labels.gzip} bytes gzip -9`);
  });
});
