/**
 * Loopback throughput: GetTraceSummaries calls (the ~10 kB answer of the per-call section, so
 * body collection counts) from each client with its default Node transport, against a node:http
 * server on 127.0.0.1 in a child process (so `process.cpuUsage()` here is the clients' CPU
 * alone). Ours, the official client, `@aws-lite/client` and `aws4fetch` (bench/lib/peers.ts), and
 * the floor: a bare keep-alive node:http POST of the same body, unsigned, and below it the same
 * POST on a raw socket (bench/lib/raw-socket.ts), which shows what node:http itself costs.
 *
 * Two shapes: one call after another (throughput and client CPU per call), and 64 callers at
 * once (calls per second and p99 latency).
 */
import { describeError } from "../lib/format.js";
import { BENCH_CREDENTIALS, BENCH_REGION, traceSummariesInput, traceSummariesResponse } from "../lib/fixtures.js";
import { startLoopbackServer } from "../lib/loopback-server.js";
import { aws4fetchCall, awsLiteCall, wireBody, type PeerCall } from "../lib/peers.js";
import type { Row } from "../lib/report.js";
import type { BenchContext, Section } from "../lib/section.js";
import { rawSocketPost } from "../lib/raw-socket.js";
import { bareHttpPost, concurrentThroughput, interleavedThroughput, type ConcurrentOutcome, type ThroughputOutcome } from "../lib/throughput.js";

/** Concurrent callers of the concurrency rows. */
const CALLERS = 64;

/** The loopback section. */
export const loopbackSection: Section = {
  name: "loopback",
  title: "GetTraceSummaries against a loopback node:http server (child process): sequential, and 64 callers at once",
  async run(context: BenchContext): Promise<Row[]> {
    const [ours, official] = await Promise.all([import("../../src/index.js"), import("@aws-sdk/client-xray")]);
    const calls = context.quick ? 1_500 : 4_000;
    const chunk = context.quick ? 300 : 500;
    const server = await startLoopbackServer({ "/TraceSummaries": traceSummariesResponse() }, { process: true });
    const input = traceSummariesInput();
    const clientOptions = { endpoint: server.url, region: BENCH_REGION, credentials: BENCH_CREDENTIALS };
    const oursClient = new ours.XRayClient(clientOptions);
    const officialClient = new official.XRayClient(clientOptions);
    const bare = bareHttpPost(server.url, "/TraceSummaries", wireBody(input));
    const raw = rawSocketPost(server.url, "/TraceSummaries", wireBody(input));
    const peerFailures: string[] = [];
    const peer = async (name: string, make: () => Promise<PeerCall>): Promise<PeerCall> => {
      try {
        return await make();
      } catch (error) {
        peerFailures.push(`${name}: ${describeError(error)}`);
        return () => Promise.reject(error);
      }
    };
    const contenders = {
      ours: () => oursClient.send(new ours.GetTraceSummariesCommand(input)),
      official: () => officialClient.send(new official.GetTraceSummariesCommand(input)),
      "aws-lite": await peer("aws-lite", () => awsLiteCall(server.url, "/TraceSummaries", input)),
      aws4fetch: await peer("aws4fetch", () => aws4fetchCall(server.url, "/TraceSummaries", input)),
      bare: bare.call,
    };
    let sequential: Record<keyof typeof contenders | "raw", ThroughputOutcome>;
    let concurrent: Record<keyof typeof contenders, ConcurrentOutcome>;
    try {
      context.log(`loopback: ${calls.toLocaleString("en-US")} sequential calls each for ours, official, aws-lite, aws4fetch, bare node:http, a raw socket, in chunks of ${chunk}`);
      // The raw socket serves one call at a time: a sequential floor only.
      sequential = await interleavedThroughput({ ...contenders, raw: raw.call }, calls, chunk, context.quick ? 200 : 400);
      const perRound = context.quick ? 1_000 : 1_500;
      const rounds = context.quick ? 2 : 3;
      context.log(`loopback: ${CALLERS} callers at once, ${rounds} rounds of ${perRound.toLocaleString("en-US")} calls each`);
      concurrent = await concurrentThroughput(contenders, CALLERS, perRound, rounds);
    } finally {
      oursClient.destroy();
      officialClient.destroy();
      bare.close();
      raw.close();
      await server.close();
    }

    const ok = <T extends { ok: boolean }>(outcome: T) => (outcome.ok ? (outcome as Extract<T, { ok: true }>) : undefined);
    const failure = (outcomes: Record<string, { ok: boolean; error?: unknown }>): string | undefined => {
      const failed = Object.entries(outcomes).filter(([, outcome]) => !outcome.ok);
      const text = [...failed.map(([name, outcome]) => `${name} failed: ${describeError(outcome.error)}`), ...peerFailures];
      return text.length > 0 ? text.join("; ") : undefined;
    };
    const seqRate = (name: keyof typeof contenders | "raw") => ok(sequential[name])?.perSecond;
    const seqCpu = (name: keyof typeof contenders | "raw") => ok(sequential[name])?.cpuPerCallµs;
    const conRate = (name: keyof typeof contenders) => ok(concurrent[name])?.perSecond;
    const conP99 = (name: keyof typeof contenders) => ok(concurrent[name])?.p99Ms;
    const peersOf = (pick: (name: keyof typeof contenders) => number | undefined) => ({ "aws-lite": pick("aws-lite"), aws4fetch: pick("aws4fetch") });

    const [oursRate, officialRate, liteRate] = [seqRate("ours"), seqRate("official"), seqRate("aws-lite")];
    const [oursCpu, liteCpu] = [seqCpu("ours"), seqCpu("aws-lite")];
    const figure = `${calls.toLocaleString("en-US")} sequential GetTraceSummaries calls, loopback`;
    return [
      {
        section: "loopback",
        figure: `${figure}, default Node transport (median of ${chunk}-call chunks)`,
        unit: "calls/s",
        higherIsBetter: true,
        ours: oursRate,
        official: officialRate,
        peers: peersOf(seqRate),
        floor: seqRate("bare"),
        floorLabel: "bare node:http POST, no signing",
        note: failure(sequential),
        target:
          oursRate !== undefined && officialRate !== undefined && liteRate !== undefined
            ? { text: "≥ 1.2× aws-lite and ≥ 3× official", pass: oursRate >= 1.2 * liteRate && oursRate >= 3 * officialRate }
            : undefined,
      },
      {
        section: "loopback",
        figure: `${figure}: client CPU per call (process.cpuUsage, server in another process)`,
        unit: "µs",
        ours: oursCpu,
        official: seqCpu("official"),
        peers: peersOf(seqCpu),
        floor: seqCpu("bare"),
        floorLabel: "bare node:http POST, no signing",
        note: failure(sequential),
        target: oursCpu !== undefined && liteCpu !== undefined ? { text: "≤ 0.8× aws-lite", pass: oursCpu <= 0.8 * liteCpu } : undefined,
      },
      {
        section: "loopback",
        figure: "floor below node:http: the same POST on a raw keep-alive socket, minimal HTTP/1.1 reader, unsigned: calls/s",
        unit: "calls/s",
        higherIsBetter: true,
        floor: seqRate("raw"),
        note: failure({ raw: sequential.raw }),
      },
      {
        section: "loopback",
        figure: "floor below node:http: client CPU per call",
        unit: "µs",
        floor: seqCpu("raw"),
        note: failure({ raw: sequential.raw }),
      },
      {
        section: "loopback",
        figure: `${CALLERS} concurrent callers, GetTraceSummaries, loopback (median of rounds)`,
        unit: "calls/s",
        higherIsBetter: true,
        ours: conRate("ours"),
        official: conRate("official"),
        peers: peersOf(conRate),
        floor: conRate("bare"),
        floorLabel: "bare node:http POST, no signing",
        note: failure(concurrent),
      },
      {
        section: "loopback",
        figure: `${CALLERS} concurrent callers: p99 latency`,
        unit: "ms",
        ours: conP99("ours"),
        official: conP99("official"),
        peers: peersOf(conP99),
        floor: conP99("bare"),
        floorLabel: "bare node:http POST, no signing",
        note: failure(concurrent),
      },
    ];
  },
};
