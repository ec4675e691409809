/**
 * In-process timing with tinybench: each task runs for a time budget after a warm-up, and its
 * median latency is kept (less sensitive to a GC pause than the mean).
 *
 * Tasks are measured in several short rounds, rotating their order, and each task's figure is
 * the median of its round medians: on a shared 2-core machine a burst of someone else's work then
 * lands on every task alike instead of on whichever task happened to be running, which keeps
 * the ours/official ratios honest even when the absolute figures wobble.
 */
import { Bench } from "tinybench";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { median } from "./format.js";

/** How long to measure each task. */
export interface TimingBudget {
  /** Milliseconds of measured iterations per task and round. */
  readonly time: number;
  /** Minimum measured iterations per task and round. */
  readonly iterations: number;
  /** Milliseconds of warm-up per task (JIT, caches, connection pools), in the first round. */
  readonly warmupTime: number;
  /** Rounds; 1 by default. */
  readonly rounds?: number;
}

/** The outcome of one task: its median latency in milliseconds, or why it failed. */
export type TaskOutcome = { readonly ok: true; readonly medianMs: number; readonly samples: number } | { readonly ok: false; readonly error: Error };

/**
 * A full collection before each task, so that no task pays for the previous one's garbage.
 * `--expose-gc` cannot be passed through `tsx bench/index.ts`, so it is switched on here; if
 * that ever stops working the bench simply runs without it.
 */
const collectGarbage: () => void = (() => {
  try {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    return typeof gc === "function" ? (gc as () => void) : () => {};
  } catch {
    return () => {};
  }
})();

/**
 * Times each task and returns their median latencies, keyed like `tasks`. A task that throws
 * does not stop the others.
 *
 * @param tasks - named functions to time (sync or async); each call is one iteration
 * @param budget - the time budget per task and the number of rounds
 * @returns each task's outcome
 */
export async function timeTasks<K extends string>(tasks: Record<K, () => unknown>, budget: TimingBudget): Promise<Record<K, TaskOutcome>> {
  const names = Object.keys(tasks) as K[];
  const medians = new Map<K, number[]>(names.map((name) => [name, []]));
  const samples = new Map<K, number>(names.map((name) => [name, 0]));
  const errors = new Map<K, Error>();
  const rounds = budget.rounds ?? 1;
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({
      time: budget.time,
      iterations: budget.iterations,
      warmup: round === 0,
      warmupTime: budget.warmupTime,
      warmupIterations: Math.min(16, budget.iterations),
      throws: false,
    });
    const order = names.slice(round % names.length).concat(names.slice(0, round % names.length));
    for (const name of order) if (!errors.has(name)) bench.add(name, tasks[name], { beforeAll: collectGarbage });
    await bench.run();
    for (const task of bench.tasks) {
      const name = task.name as K;
      const result = task.result;
      if (result.state === "completed" || result.state === "aborted-with-statistics") {
        medians.get(name)!.push(result.latency.p50);
        samples.set(name, samples.get(name)! + result.latency.samplesCount);
      } else if (result.state === "errored") {
        errors.set(name, result.error);
      } else {
        errors.set(name, new Error(`task ended in state ${result.state}`));
      }
    }
  }
  const outcomes = {} as Record<K, TaskOutcome>;
  for (const name of names) {
    const error = errors.get(name);
    const values = medians.get(name)!;
    outcomes[name] =
      error || values.length === 0
        ? { ok: false, error: error ?? new Error("no samples") }
        : { ok: true, medianMs: median(values), samples: samples.get(name)! };
  }
  return outcomes;
}

/**
 * The median latency of a task in milliseconds, or undefined when it failed.
 *
 * @param outcome - a task's outcome
 * @returns the median, if any
 */
export const medianOf = (outcome: TaskOutcome | undefined): number | undefined => (outcome?.ok ? outcome.medianMs : undefined);
