/**
 * Which Node transport should be our default? Our client with its own node:http handler (the
 * default, src/runtime/platform/node-http-handler.ts) against the same client with
 * `@smithy/node-http-handler` (the former default) and with `@smithy/fetch-http-handler` (Node's
 * global fetch, undici): cold start, and loopback throughput and client CPU in one interleaved run.
 */
import { FetchHttpHandler } from "@smithy/fetch-http-handler";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { buildOursForNode, measureColdStarts, pairedRatio, type ColdStartOutcome } from "../lib/cold-start.js";
import { describeError } from "../lib/format.js";
import { BENCH_CREDENTIALS, BENCH_REGION, PUT_TRACE_SEGMENTS_RESPONSE, putTraceSegmentsInput } from "../lib/fixtures.js";
import { startLoopbackServer } from "../lib/loopback-server.js";
import type { Row } from "../lib/report.js";
import type { BenchContext, Section } from "../lib/section.js";
import { interleavedThroughput, type ThroughputOutcome } from "../lib/throughput.js";

const PEER = "typed-xray + FetchHttpHandler";

/** The transport section. */
export const transportSection: Section = {
  name: "transport",
  title: "our client on node:http (default) vs on global fetch: cold start and loopback throughput",
  async run(context: BenchContext): Promise<Row[]> {
    const runs = context.quick ? 3 : 7;
    const calls = context.quick ? 1_000 : 3_000;
    const rows: Row[] = [];

    const module = await buildOursForNode(context);
    context.log(`transport: ${runs} cold starts each`);
    const cold = await measureColdStarts(context, ["ours", "ours-fetch"], { ours: module, "ours-fetch": module }, runs);
    const value = (outcome: ColdStartOutcome | undefined, pick: "wallMs" | "maxRssMiB") => (outcome?.ok ? outcome.median[pick] : undefined);
    const reason = (outcome: ColdStartOutcome | undefined) => (outcome && !outcome.ok ? outcome.reason : undefined);
    const note = reason(cold.get("ours")) ?? reason(cold.get("ours-fetch"));
    const ratioOf = (pick: "wallMs" | "maxRssMiB") => pairedRatio(cold.get("ours"), cold.get("ours-fetch"), pick);
    rows.push(
      {
        section: "transport",
        figure: `cold start, wall, ours on node:http vs on fetch (median of ${runs})`,
        unit: "ms",
        ours: value(cold.get("ours"), "wallMs"),
        official: value(cold.get("ours-fetch"), "wallMs"),
        peer: PEER,
        pairedRatio: ratioOf("wallMs"),
        note,
      },
      {
        section: "transport",
        figure: "cold start, peak RSS, ours on node:http vs on fetch",
        unit: "MiB",
        ours: value(cold.get("ours"), "maxRssMiB"),
        official: value(cold.get("ours-fetch"), "maxRssMiB"),
        peer: PEER,
        pairedRatio: ratioOf("maxRssMiB"),
        note,
      },
    );

    const ours = await import("../../src/index.js");
    const server = await startLoopbackServer({ "/TraceSegments": PUT_TRACE_SEGMENTS_RESPONSE }, { process: true });
    const input = putTraceSegmentsInput();
    const options = { endpoint: server.url, region: BENCH_REGION, credentials: BENCH_CREDENTIALS };
    const onHttp = new ours.XRayClient(options);
    const onFetch = new ours.XRayClient({ ...options, requestHandler: new FetchHttpHandler() });
    const onSmithy = new ours.XRayClient({ ...options, requestHandler: new NodeHttpHandler({ requestTimeout: 30_000, throwOnRequestTimeout: true }) });
    context.log(`transport: ${calls} loopback calls each on our node:http handler, @smithy/node-http-handler and fetch, in chunks of 500`);
    let outcomes;
    try {
      outcomes = await interleavedThroughput(
        {
          http: () => onHttp.send(new ours.PutTraceSegmentsCommand(input)),
          fetch: () => onFetch.send(new ours.PutTraceSegmentsCommand(input)),
          smithy: () => onSmithy.send(new ours.PutTraceSegmentsCommand(input)),
        },
        calls,
        500,
        200,
      );
    } finally {
      onHttp.destroy();
      onFetch.destroy();
      onSmithy.destroy();
      await server.close();
    }
    const rate = (outcome: ThroughputOutcome) => (outcome.ok ? outcome.perSecond : undefined);
    const cpu = (outcome: ThroughputOutcome) => (outcome.ok ? outcome.cpuPerCallµs : undefined);
    const failure = (name: string, outcome: ThroughputOutcome) => (outcome.ok ? undefined : `${name} failed: ${describeError(outcome.error)}`);
    rows.push({
      section: "transport",
      figure: `${calls.toLocaleString("en-US")} sequential PutTraceSegments calls, loopback, ours on node:http vs on fetch`,
      unit: "calls/s",
      higherIsBetter: true,
      ours: rate(outcomes.http),
      official: rate(outcomes.fetch),
      peer: PEER,
      note: failure("node:http", outcomes.http) ?? failure("fetch", outcomes.fetch),
    });
    const smithyPeer = "typed-xray + @smithy/node-http-handler";
    const smithyNote = failure("node:http", outcomes.http) ?? failure("@smithy/node-http-handler", outcomes.smithy);
    rows.push(
      {
        section: "transport",
        figure: `${calls.toLocaleString("en-US")} sequential PutTraceSegments calls, loopback, our node:http handler vs @smithy/node-http-handler`,
        unit: "calls/s",
        higherIsBetter: true,
        ours: rate(outcomes.http),
        official: rate(outcomes.smithy),
        peer: smithyPeer,
        note: smithyNote,
      },
      {
        section: "transport",
        figure: "client CPU per call, the same calls (process.cpuUsage, server in another process)",
        unit: "µs",
        ours: cpu(outcomes.http),
        official: cpu(outcomes.smithy),
        peer: smithyPeer,
        note: smithyNote,
      },
    );
    return rows;
  },
};
