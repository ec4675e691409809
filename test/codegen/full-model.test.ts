/**
 * The proof on the real model: a client for all 38 operations of the official X-Ray model
 * (`test/fixtures/models/xray-2016-04-12.json`) is generated, typechecked under the
 * repository's strict options, and every operation is driven through msw:
 *
 * - the request's method, path, content type and body are those the model prescribes, for an
 *   input built from the model with every member set (`support/model-examples.ts`, written
 *   from the restJson1 rules, not with the generator or runtime);
 * - `@aws-sdk/client-xray` sends the same request for the same input, and reads the same
 *   output from the same response;
 * - the response's example output comes back typed (Dates, bytes, unions).
 *
 * Also: the six seed operations' generated types are the shipped ones, and the time to
 * generate the full client is printed (not asserted).
 */
import * as official from "@aws-sdk/client-xray";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { HttpResponse } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import { generateFiles } from "../../src/codegen/generate.js";
import { parseModel, shapeName } from "../../src/codegen/model.js";
import { CREDENTIALS, ROOT, generateInto, importGenerated, scratchDir, typecheck, useServiceMock, type SeenRequest } from "../support/codegen.js";
import { example, type ExampleModel } from "../support/model-examples.js";

const MODEL_TEXT = readFileSync(join(ROOT, "test/fixtures/models/xray-2016-04-12.json"), "utf8");
const RAW = JSON.parse(MODEL_TEXT) as ExampleModel & { shapes: Record<string, any> };
const NS = "com.amazonaws.xray#";
const OPERATIONS = Object.keys(RAW.shapes)
  .filter((id) => RAW.shapes[id].type === "operation")
  .map(shapeName)
  .sort();
const SEED = [
  "BatchGetTraces",
  "GetSamplingRules",
  "GetSamplingTargets",
  "GetServiceGraph",
  "GetTraceGraph",
  "GetTraceSummaries",
  "PutTelemetryRecords",
  "PutTraceSegments",
];

const mock = useServiceMock();
const out = scratchDir("full-model");
const dir = join(out, "xray");
let generated: Record<string, any>;

/** Compile-time: each seed command's input and output types are mutually assignable with the shipped ones. */
const SEED_TYPE_TEST = `import type * as Full from "./xray/index.js";
import type * as Shipped from "${relative(out, join(ROOT, "src/index.js")).split("\\\\").join("/")}";
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const same: [${SEED.flatMap((op) => [`Same<Full.${op}CommandInput, Shipped.${op}CommandInput>`, `Same<Full.${op}CommandOutput, Shipped.${op}CommandOutput>`]).join(", ")}] = [${SEED.flatMap(() => ["true", "true"]).join(", ")}];
`;

beforeAll(async () => {
  const started = performance.now();
  const files = generateFiles(parseModel(MODEL_TEXT), { modelLabel: "xray-2016-04-12.json", runtimeImport: "../runtime" });
  const elapsed = performance.now() - started;
  console.log(`Generated the full client (${OPERATIONS.length} operations, ${files.size} files, ${[...files.values()].reduce((n, t) => n + t.length, 0)} characters) in ${elapsed.toFixed(0)} ms.`);
  generateInto(parseModel(MODEL_TEXT), dir, { modelLabel: "xray-2016-04-12.json" });
  writeFileSync(join(out, "seed-types.ts"), SEED_TYPE_TEST);
  const started2 = performance.now();
  expect(typecheck([join(dir, "index.ts"), join(out, "seed-types.ts")])).toEqual([]);
  console.log(`Typechecked it in ${(performance.now() - started2).toFixed(0)} ms.`);
  generated = await importGenerated(dir);
}, 120_000);

const json = (body: unknown): Response =>
  new HttpResponse(JSON.stringify(body), { headers: { "content-type": "application/json", "x-amzn-requestid": "req-full" } });

/** What a request looks like, for comparison between clients. */
const view = (request: SeenRequest) => ({
  method: request.method,
  host: request.url.host,
  path: request.path + request.url.search,
  contentType: request.headers["content-type"],
  contentLength: request.headers["content-length"],
  body: request.text,
});

describe("the full official model", () => {
  it("has 38 operations, each with a generated command and an aggregated-client method", () => {
    expect(OPERATIONS).toHaveLength(38);
    for (const operation of OPERATIONS) {
      expect(typeof generated[`${operation}Command`], operation).toBe("function");
      expect(typeof generated["XRay"].prototype[operation.charAt(0).toLowerCase() + operation.slice(1)], operation).toBe("function");
    }
  });

  it.each(OPERATIONS)("%s: sends the request the model prescribes, as @aws-sdk/client-xray does, and reads the response back", async (operation) => {
    const shape = RAW.shapes[`${NS}${operation}`];
    const http = shape.traits["smithy.api#http"] as { method: string; uri: string };
    const input = shape.input ? example(RAW, shape.input.target)! : { typed: {}, wire: {} };
    const output = shape.output ? example(RAW, shape.output.target)! : { typed: {}, wire: {} };
    mock.reply(() => json(output.wire));

    const ours = await new generated["XRayClient"]({ region: "us-east-1", credentials: CREDENTIALS }).send(new generated[`${operation}Command`](structuredClone(input.typed)));
    const theirs = await new official.XRayClient({ region: "us-east-1", credentials: CREDENTIALS }).send(
      new (official as unknown as Record<string, new (input: unknown) => any>)[`${operation}Command`]!(structuredClone(input.typed)),
    );
    expect(mock.requests).toHaveLength(2);
    const [request, reference] = mock.requests.map(view);

    // What the model says: method and URI of smithy.api#http; a JSON body of every input member,
    // or none at all for an input without members (Node's transport then sends a zero length).
    const hasBody = Object.keys(input.wire as object).length > 0;
    const { body, ...head } = request!;
    expect(head).toEqual({
      method: http.method,
      host: "xray.us-east-1.amazonaws.com",
      path: http.uri,
      contentType: hasBody ? "application/json" : undefined,
      contentLength: String(Buffer.byteLength(body)),
    });
    expect(hasBody ? JSON.parse(body) : body).toEqual(hasBody ? input.wire : "");
    // What the official client does with the same input: the same bytes, member order included.
    expect(request).toEqual(reference);

    const { $metadata, ...typed } = ours;
    expect($metadata).toMatchObject({ httpStatusCode: 200, requestId: "req-full" });
    expect(typed).toEqual(output.typed);
    const { $metadata: _, ...theirTyped } = theirs;
    expect(typed).toEqual(theirTyped);
  });

  it("generates the eight shipped operations' types exactly as shipped (compiled above), and their declarations verbatim", () => {
    const six = generateFiles(parseModel(MODEL_TEXT), { modelLabel: "x", operations: SEED });
    for (const operation of SEED) {
      const shipped = readFileSync(join(ROOT, `src/generated/commands/${operation}Command.ts`), "utf8");
      const withoutComments = (text: string): string => text.split("\n").filter((line) => !/^\s*(\/\*\*|\*|\/\/)/.test(line)).join("\n");
      expect(withoutComments(six.get(`commands/${operation}Command.ts`)!), operation).toBe(withoutComments(shipped));
    }
  });
});
