/**
 * Large responses: a ~5 MB BatchGetTraces response and a 200-service GetServiceGraph response,
 * parsed through each client (stub request handler returning the bytes), against the bare cost
 * of turning the same bytes into objects (`TextDecoder` + `JSON.parse`).
 */
import { describeError } from "../lib/format.js";
import { BENCH_CREDENTIALS, BENCH_REGION, batchGetTracesResponse, serviceGraphResponse } from "../lib/fixtures.js";
import type { Row } from "../lib/report.js";
import type { BenchContext, Section } from "../lib/section.js";
import { stubHandler } from "../lib/stub-handler.js";
import { medianOf, timeTasks, type TaskOutcome } from "../lib/timing.js";

/** The large-response section. */
export const largeResponseSection: Section = {
  name: "large",
  title: "large-response deserialization through the client (stub handler) vs bare JSON.parse",
  async run(context: BenchContext): Promise<Row[]> {
    const [ours, official] = await Promise.all([import("../../src/index.js"), import("@aws-sdk/client-xray")]);
    const clientOptions = { region: BENCH_REGION, credentials: BENCH_CREDENTIALS };
    const budget = context.quick ? { time: 500, iterations: 3, warmupTime: 100 } : { time: 900, iterations: 5, warmupTime: 300, rounds: 3 };
    const decoder = new TextDecoder();

    const cases = [
      {
        label: "BatchGetTraces",
        body: batchGetTracesResponse(),
        ours: (client: InstanceType<typeof ours.XRayClient>) => client.send(new ours.BatchGetTracesCommand({ TraceIds: ["1-6553f100-0123456789abcdef01234567"] })),
        official: (client: InstanceType<typeof official.XRayClient>) =>
          client.send(new official.BatchGetTracesCommand({ TraceIds: ["1-6553f100-0123456789abcdef01234567"] })),
      },
      {
        label: "GetServiceGraph, 200 services",
        body: serviceGraphResponse(200),
        ours: (client: InstanceType<typeof ours.XRayClient>) =>
          client.send(new ours.GetServiceGraphCommand({ StartTime: new Date(1_700_000_000_000), EndTime: new Date(1_700_003_600_000) })),
        official: (client: InstanceType<typeof official.XRayClient>) =>
          client.send(new official.GetServiceGraphCommand({ StartTime: new Date(1_700_000_000_000), EndTime: new Date(1_700_003_600_000) })),
      },
    ];

    const rows: Row[] = [];
    for (const testCase of cases) {
      const bytes = new TextEncoder().encode(testCase.body);
      const oursClient = new ours.XRayClient({ ...clientOptions, requestHandler: stubHandler(testCase.body) });
      const officialClient = new official.XRayClient({ ...clientOptions, requestHandler: stubHandler(testCase.body) });
      context.log(`large: ${testCase.label} (${(bytes.byteLength / 1e6).toFixed(2)} MB)`);
      const outcomes = await timeTasks(
        {
          ours: () => testCase.ours(oursClient),
          official: () => testCase.official(officialClient),
          parse: () => JSON.parse(decoder.decode(bytes)) as unknown,
        },
        budget,
      );
      oursClient.destroy();
      officialClient.destroy();
      const [oursMs, officialMs, parseMs] = [medianOf(outcomes.ours), medianOf(outcomes.official), medianOf(outcomes.parse)];
      rows.push({
        section: "large",
        figure: `deserialize ${testCase.label} response (${(bytes.byteLength / 1e6).toFixed(2)} MB), stub handler`,
        unit: "ms",
        ours: oursMs,
        official: officialMs,
        floor: parseMs,
        floorLabel: "decode + JSON.parse",
        note: failure(outcomes.ours) ?? failure(outcomes.official) ?? failure(outcomes.parse),
        target: oursMs !== undefined && parseMs !== undefined ? { text: "≤ 1.5× JSON.parse", pass: oursMs <= 1.5 * parseMs } : undefined,
      });
    }
    return rows;
  },
};

const failure = (outcome: TaskOutcome): string | undefined => (outcome.ok ? undefined : `failed: ${describeError(outcome.error)}`);
