/**
 * Loopback throughput: 10,000 sequential PutTraceSegments calls (one segment document each, the
 * high-volume upload case) from each client, with its default Node transport (node:http,
 * keep-alive), to a node:http server on 127.0.0.1 in a worker thread. The floor is a bare
 * keep-alive node:http POST of the same body, unsigned.
 */
import { describeError } from "../lib/format.js";
import { BENCH_CREDENTIALS, BENCH_REGION, PUT_TRACE_SEGMENTS_RESPONSE, putTraceSegmentsInput } from "../lib/fixtures.js";
import { startLoopbackServer } from "../lib/loopback-server.js";
import type { Row } from "../lib/report.js";
import type { BenchContext, Section } from "../lib/section.js";
import { bareHttpPost, interleavedThroughput, type ThroughputOutcome } from "../lib/throughput.js";

/** The loopback section. */
export const loopbackSection: Section = {
  name: "loopback",
  title: "sequential calls against a loopback node:http server (worker thread)",
  async run(context: BenchContext): Promise<Row[]> {
    const [ours, official] = await Promise.all([import("../../src/index.js"), import("@aws-sdk/client-xray")]);
    const calls = context.quick ? 2_000 : 10_000;
    const server = await startLoopbackServer({ "/TraceSegments": PUT_TRACE_SEGMENTS_RESPONSE });
    const input = putTraceSegmentsInput();
    const clientOptions = { endpoint: server.url, region: BENCH_REGION, credentials: BENCH_CREDENTIALS };
    const oursClient = new ours.XRayClient(clientOptions);
    const officialClient = new official.XRayClient(clientOptions);
    const bare = bareHttpPost(server.url, "/TraceSegments", JSON.stringify(input));
    context.log(`loopback: ${calls.toLocaleString("en-US")} calls each for ours, official and bare node:http, in chunks of 500`);
    let outcomes;
    try {
      outcomes = await interleavedThroughput(
        {
          ours: () => oursClient.send(new ours.PutTraceSegmentsCommand(input)),
          official: () => officialClient.send(new official.PutTraceSegmentsCommand(input)),
          bare: bare.call,
        },
        calls,
        500,
        context.quick ? 200 : 500,
      );
    } finally {
      oursClient.destroy();
      officialClient.destroy();
      bare.close();
      await server.close();
    }
    const rate = (outcome: ThroughputOutcome) => (outcome.ok ? outcome.perSecond : undefined);
    const failure = (name: string, outcome: ThroughputOutcome) => (outcome.ok ? undefined : `${name} failed: ${describeError(outcome.error)}`);
    const [oursRate, officialRate] = [rate(outcomes.ours), rate(outcomes.official)];
    return [
      {
        section: "loopback",
        figure: `${calls.toLocaleString("en-US")} sequential PutTraceSegments calls, loopback node:http, default Node transport (median of 500-call chunks)`,
        unit: "calls/s",
        higherIsBetter: true,
        ours: oursRate,
        official: officialRate,
        floor: rate(outcomes.bare),
        floorLabel: "bare node:http POST, no signing",
        note: failure("ours", outcomes.ours) ?? failure("official", outcomes.official) ?? failure("bare node:http", outcomes.bare),
        target: oursRate !== undefined && officialRate !== undefined ? { text: "≥ 2× official", pass: oursRate >= 2 * officialRate } : undefined,
      },
    ];
  },
};
