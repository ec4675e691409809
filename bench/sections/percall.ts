/**
 * Per-call CPU: one GetTraceSummaries call after another through each client, with a stub
 * request handler (no network), so the figure is the client's own work: build the request,
 * resolve the endpoint, sign, parse and convert the response. The floor is the work no client
 * can skip, measured in the same run: a SigV4 signature of the same request with the hash our
 * Node platform uses (`NodeSha256`) + `JSON.stringify` of the input + decoding and
 * `JSON.parse` of the response.
 */
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import { describeError } from "../lib/format.js";
import { BENCH_CREDENTIALS, BENCH_REGION, traceSummariesInput, traceSummariesResponse } from "../lib/fixtures.js";
import type { Row } from "../lib/report.js";
import type { BenchContext, Section } from "../lib/section.js";
import { stubHandler } from "../lib/stub-handler.js";
import { aws4fetchCall, awsLiteCall, stubGlobalFetch, stubNodeHttpRequest } from "../lib/peers.js";
import { medianOf, timeTasks } from "../lib/timing.js";

/** Headers the signer adds; removed from a captured request to get the unsigned one back. */
const SIGNATURE_HEADERS = ["authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token"];

/** The per-call section. */
export const perCallSection: Section = {
  name: "percall",
  title: "per-call CPU, GetTraceSummaries, stub request handler, sequential",
  async run(context: BenchContext): Promise<Row[]> {
    const responseBody = traceSummariesResponse();
    const responseBytes = new TextEncoder().encode(responseBody);
    const input = traceSummariesInput();
    const clientOptions = { region: BENCH_REGION, credentials: BENCH_CREDENTIALS };

    // Imported here, not at the top: a half-edited src/ must cost this section, not the bench.
    const [ours, official, { NodeSha256 }, { MinimalClient, MinimalCommand }, { createNodeSigner }] = await Promise.all([
      import("../../src/index.js"),
      import("@aws-sdk/client-xray"),
      import("../../src/runtime/sha256.node.js"),
      import("../floor/minimal-client.js"),
      import("../../src/runtime/platform/node-sign.js"),
    ]);
    const oursHandler = stubHandler(responseBody);
    const oursClient = new ours.XRayClient({ ...clientOptions, requestHandler: oursHandler });
    const officialClient = new official.XRayClient({ ...clientOptions, requestHandler: stubHandler(responseBody) });
    const minimalClient = new MinimalClient({ ...clientOptions, endpoint: "https://xray.us-east-1.amazonaws.com", sha256: NodeSha256, requestHandler: stubHandler(responseBody) });

    // The floor signs exactly the request our client sends, minus its signature.
    await oursClient.send(new ours.GetTraceSummariesCommand(input));
    const unsigned = stripSignature(oursHandler.lastRequest as HttpRequest);
    // The cheapest signer measured: ours on node:crypto (the client's own in Node); the one the
    // client used before, @smithy/signature-v4, is shown beside it.
    const nodeSigner = createNodeSigner("xray", async () => BENCH_REGION, async () => BENCH_CREDENTIALS);
    const smithySigner = new SignatureV4({ service: "xray", region: BENCH_REGION, credentials: BENCH_CREDENTIALS, sha256: NodeSha256, applyChecksum: true });
    const decoder = new TextDecoder();
    const sign = () => nodeSigner(unsigned, new Date());
    const smithySign = () => smithySigner.sign(unsigned, { signingDate: new Date() });
    const json = () => {
      JSON.stringify(input);
      return JSON.parse(decoder.decode(responseBytes)) as unknown;
    };

    // The peers have no pluggable transport: the one each calls is stubbed for this section
    // (bench/lib/peers.ts), answering the same bytes. Nothing else here uses node:http or fetch.
    const restoreHttp = stubNodeHttpRequest(responseBody);
    const restoreFetch = stubGlobalFetch(responseBody);
    const stubEndpoint = "http://127.0.0.1:9";
    const [liteCall, fetchCall] = await Promise.all([
      awsLiteCall(stubEndpoint, "/TraceSummaries", input),
      aws4fetchCall(stubEndpoint, "/TraceSummaries", input),
    ]);

    const budget = context.quick
      ? { time: 300, iterations: 50, warmupTime: 150 }
      : { time: 600, iterations: 100, warmupTime: 400, rounds: 3 };
    context.log("percall: timing 9 tasks");
    let outcomes;
    try {
      outcomes = await timeTasks(
      {
        "aws-lite": liteCall,
        aws4fetch: fetchCall,
        ours: () => oursClient.send(new ours.GetTraceSummariesCommand(input)),
        official: () => officialClient.send(new official.GetTraceSummariesCommand(input)),
        floor: async () => {
          json();
          await sign();
        },
        sign,
        smithySign,
        json,
        minimal: () => minimalClient.send(new MinimalCommand("/TraceSummaries", input)),
      },
      budget,
    );
    } finally {
      restoreHttp();
      restoreFetch();
    }
    oursClient.destroy();
    officialClient.destroy();

    const µs = (name: keyof typeof outcomes): number | undefined => {
      const ms = medianOf(outcomes[name]);
      return ms === undefined ? undefined : ms * 1000;
    };
    const failure = (name: keyof typeof outcomes): string | undefined => {
      const outcome = outcomes[name];
      return outcome.ok ? undefined : `failed: ${describeError(outcome.error)}`;
    };
    const [oursµs, officialµs, floorµs, liteµs] = [µs("ours"), µs("official"), µs("floor"), µs("aws-lite")];
    const responseKB = (responseBytes.byteLength / 1000).toFixed(1);
    return [
      {
        section: "percall",
        figure: `per-call CPU, GetTraceSummaries (${responseKB} kB response), stub handler, sequential`,
        unit: "µs",
        ours: oursµs,
        official: officialµs,
        floor: floorµs,
        floorLabel: "sign + JSON",
        peers: { "aws-lite": liteµs, aws4fetch: µs("aws4fetch") },
        // When the floor alone is over a fifth of the official figure, "≤ 0.2× official" cannot be
        // met without beating JSON.parse and SigV4 themselves: say so next to the MISS.
        note:
          failure("ours") ??
          failure("official") ??
          failure("aws-lite") ??
          failure("aws4fetch") ??
          (floorµs !== undefined && officialµs !== undefined && floorµs > 0.2 * officialµs
            ? `the floor alone is ${(floorµs / officialµs).toFixed(2)}× official here`
            : undefined),
        target:
          oursµs !== undefined && officialµs !== undefined && floorµs !== undefined && liteµs !== undefined
            ? {
                text: "≤ 0.2× official, ≤ 1.5× floor, ≤ 0.8× aws-lite",
                pass: oursµs <= 0.2 * officialµs && oursµs <= 1.5 * floorµs && oursµs <= 0.8 * liteµs,
              }
            : undefined,
      },
      { section: "percall", figure: "floor: SigV4 sign of the same request (node:crypto, src/runtime/platform/node-sign.ts)", unit: "µs", floor: µs("sign"), note: failure("sign") },
      { section: "percall", figure: "reference: the same with @smithy/signature-v4 + NodeSha256 (the client's signer before)", unit: "µs", floor: µs("smithySign"), note: failure("smithySign") },
      { section: "percall", figure: `floor: JSON.stringify input + decode and JSON.parse the ${responseKB} kB response`, unit: "µs", floor: µs("json"), note: failure("json") },
      {
        section: "percall",
        figure: "floor: minimal Smithy wiring (Client/Command + SignatureV4 + NodeSha256, no retries/endpoint rules/types), stub handler",
        unit: "µs",
        floor: µs("minimal"),
        note: failure("minimal"),
      },
    ];
  },
};

/**
 * The request as it was before signing: the same method, path, headers and body.
 *
 * @param signed - a request the client handed to its transport
 * @returns a copy without the signature headers
 * @throws Error when no request was captured
 */
function stripSignature(signed: HttpRequest | undefined): HttpRequest {
  if (!signed) throw new Error("the stub handler saw no request");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) {
    if (!SIGNATURE_HEADERS.includes(name.toLowerCase())) headers[name] = value;
  }
  return new HttpRequest({ ...signed, headers });
}
