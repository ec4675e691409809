/**
 * Sequential throughput: one call after another (each awaits the previous), as a segment
 * uploader or a request handler calling X-Ray does.
 */
import { Agent, request } from "node:http";
import { median } from "./format.js";

/**
 * The throughput of each contender, or why it failed; `cpuPerCallµs` is this process' CPU time
 * (user + system, all threads) per call, the median over chunks: with the server in another
 * process (`startLoopbackServer({ process: true })`) it is the client's cost alone.
 */
export type ThroughputOutcome =
  | { readonly ok: true; readonly perSecond: number; readonly cpuPerCallµs: number }
  | { readonly ok: false; readonly error: unknown };

/**
 * Runs `totalCalls` sequential calls of each contender, in chunks that alternate between them,
 * after `warmup` untimed calls each. The figure is the median of the chunks' rates: on a shared
 * machine a burst of other work then hits every contender alike and spoils only a chunk or two.
 *
 * @param contenders - one call of each contender, by name
 * @param totalCalls - timed calls per contender
 * @param chunk - calls per chunk
 * @param warmup - untimed calls per contender first (JIT, connection pools)
 * @returns each contender's calls per second
 */
export async function interleavedThroughput<K extends string>(
  contenders: Record<K, () => Promise<unknown>>,
  totalCalls: number,
  chunk: number,
  warmup: number,
): Promise<Record<K, ThroughputOutcome>> {
  const names = Object.keys(contenders) as K[];
  const rates = new Map<K, number[]>(names.map((name) => [name, []]));
  const cpu = new Map<K, number[]>(names.map((name) => [name, []]));
  const errors = new Map<K, unknown>();
  const attempt = async (name: K, calls: number): Promise<number | undefined> => {
    if (errors.has(name)) return undefined;
    try {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      for (let i = 0; i < calls; i++) await contenders[name]();
      const cpuUsed = process.cpuUsage(cpuBefore);
      cpu.get(name)!.push((cpuUsed.user + cpuUsed.system) / calls);
      return calls / ((performance.now() - started) / 1000);
    } catch (error) {
      errors.set(name, error);
      return undefined;
    }
  };
  for (const name of names) await attempt(name, warmup);
  const chunks = Math.max(1, Math.round(totalCalls / chunk));
  for (let i = 0; i < chunks; i++) {
    // Rotate who goes first, so that no contender always follows the same neighbour's garbage.
    const order = names.slice(i % names.length).concat(names.slice(0, i % names.length));
    for (const name of order) {
      const rate = await attempt(name, chunk);
      if (rate !== undefined) rates.get(name)!.push(rate);
    }
  }
  const outcomes = {} as Record<K, ThroughputOutcome>;
  for (const name of names) {
    const list = rates.get(name)!;
    outcomes[name] =
      errors.has(name) || list.length === 0
        ? { ok: false, error: errors.get(name) ?? new Error("no calls") }
        : { ok: true, perSecond: median(list), cpuPerCallµs: median(cpu.get(name)!) };
  }
  return outcomes;
}

/** Calls per second and tail latency of many callers at once, or why it failed. */
export type ConcurrentOutcome =
  | { readonly ok: true; readonly perSecond: number; readonly p99Ms: number }
  | { readonly ok: false; readonly error: unknown };

/**
 * `callers` loops calling at once (each awaits its own previous call), `callsPerRound` calls in
 * all per contender and round, contenders taking turns round by round. The figures are the
 * medians over rounds of the calls per second and of the 99th-percentile latency.
 *
 * @param contenders - one call of each contender, by name
 * @param callers - concurrent loops
 * @param callsPerRound - calls per contender and round
 * @param rounds - rounds (the first is preceded by an untimed warm-up round)
 * @returns each contender's figures
 */
export async function concurrentThroughput<K extends string>(
  contenders: Record<K, () => Promise<unknown>>,
  callers: number,
  callsPerRound: number,
  rounds: number,
): Promise<Record<K, ConcurrentOutcome>> {
  const names = Object.keys(contenders) as K[];
  const rates = new Map<K, number[]>(names.map((name) => [name, []]));
  const p99s = new Map<K, number[]>(names.map((name) => [name, []]));
  const errors = new Map<K, unknown>();
  const round = async (name: K): Promise<{ perSecond: number; p99Ms: number } | undefined> => {
    if (errors.has(name)) return undefined;
    const latencies: number[] = [];
    let remaining = callsPerRound;
    const loop = async () => {
      while (remaining > 0) {
        remaining--;
        const started = performance.now();
        await contenders[name]();
        latencies.push(performance.now() - started);
      }
    };
    // A round that stalls (every caller waiting on a handle that does not keep Node alive) is
    // reported as failed after a minute instead of ending the bench with "unsettled await".
    let watchdog: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      watchdog = setTimeout(() => reject(new Error(`stalled: ${callsPerRound - remaining} calls started, ${latencies.length} finished`)), 60_000);
    });
    try {
      const started = performance.now();
      await Promise.race([Promise.all(Array.from({ length: callers }, loop)), stalled]);
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      return { perSecond: latencies.length / seconds, p99Ms: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]! };
    } catch (error) {
      errors.set(name, error);
      return undefined;
    } finally {
      clearTimeout(watchdog);
    }
  };
  for (const name of names) await round(name);
  for (let i = 0; i < rounds; i++) {
    const order = names.slice(i % names.length).concat(names.slice(0, i % names.length));
    for (const name of order) {
      const figures = await round(name);
      if (figures) {
        rates.get(name)!.push(figures.perSecond);
        p99s.get(name)!.push(figures.p99Ms);
      }
    }
  }
  const outcomes = {} as Record<K, ConcurrentOutcome>;
  for (const name of names) {
    const list = rates.get(name)!;
    outcomes[name] =
      errors.has(name) || list.length === 0
        ? { ok: false, error: errors.get(name) ?? new Error("no calls") }
        : { ok: true, perSecond: median(list), p99Ms: median(p99s.get(name)!) };
  }
  return outcomes;
}

/**
 * The cheapest correct call over node:http: a keep-alive POST of a prepared JSON body whose
 * response is read and parsed, with no signing, retries or types. The loopback floor.
 *
 * @param endpoint - `http://127.0.0.1:<port>`
 * @param path - the request path
 * @param body - the JSON body
 * @returns a function making one call, and one releasing its sockets
 */
export function bareHttpPost(endpoint: string, path: string, body: string): { call: () => Promise<unknown>; close: () => void } {
  const url = new URL(endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: 50 });
  const headers = { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) };
  const call = () =>
    new Promise<unknown>((resolve, reject) => {
      const req = request({ agent, hostname: url.hostname, port: url.port, method: "POST", path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          } catch (error) {
            reject(error);
          }
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  return { call, close: () => agent.destroy() };
}
