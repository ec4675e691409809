/**
 * Keeps a sampler's rules and targets current through GetSamplingRules and GetSamplingTargets,
 * on the X-Ray SDKs' schedule (see `docs/sampling.md`): rules at start and every 5 minutes (plus
 * up to 5 s of jitter, and at once when X-Ray says they changed), targets 10 s after start and
 * then after the interval X-Ray returns. A failing call never throws anywhere: the loop waits
 * longer each time (targets 20 s, 40 s, … up to 5 min; rules 10 s, 20 s, … up to 5 min) and the
 * sampler keeps deciding with what it has. Timers never keep a Node process alive.
 *
 * @packageDocumentation
 */
import { GetSamplingRulesCommand } from "../../generated/commands/GetSamplingRulesCommand.js";
import { GetSamplingTargetsCommand } from "../../generated/commands/GetSamplingTargetsCommand.js";
import type { GetSamplingTargetsResult, SamplingRule, SamplingStatisticsDocument } from "../../generated/models.js";
import type { XRayClient } from "../../generated/XRayClient.js";
import { unrefTimer, type TimerHandle } from "../sender/timing.js";

/** How often rules are fetched: 5 minutes. */
export const RULES_INTERVAL_MS = 300_000;
/** The most jitter added to {@link RULES_INTERVAL_MS}. */
export const RULES_JITTER_MS = 5_000;
/** When targets are first fetched, and how often when X-Ray names no interval: 10 s. */
export const TARGETS_INTERVAL_MS = 10_000;
/** The longest wait between attempts while X-Ray is unreachable: 5 minutes. */
export const MAX_BACKOFF_MS = 300_000;
/** Rule pages read per refresh at most (X-Ray allows 25 custom rules; a loop of tokens must end). */
const MAX_RULE_PAGES = 100;

/** The client calls go through: an `XRayClient`, or anything with its `send`. */
export type SamplingClient = Pick<XRayClient, "send">;

/** What the poller drives: the sampler's public update methods. */
export interface PolledSampler {
  updateRules(rules: readonly SamplingRule[]): void;
  updateTargets(output: GetSamplingTargetsResult): { nextPollMs: number; refreshRules: boolean };
  takeStatistics(): SamplingStatisticsDocument[];
}

/** The two polling loops of one sampler. */
export class SamplingPoller {
  readonly #client: SamplingClient;
  readonly #sampler: PolledSampler;
  readonly #random: () => number;
  readonly #onError: ((error: unknown) => void) | undefined;
  readonly #abort = new AbortController();
  #rulesTimer: TimerHandle | undefined;
  #targetsTimer: TimerHandle | undefined;
  #rulesInFlight = false;
  #rulesFailures = 0;
  #targetsFailures = 0;
  #haveRules = false;
  #stopped = false;

  /**
   * @param client - where the calls go
   * @param sampler - what they update
   * @param random - jitter source, [0, 1)
   * @param onError - told about each failed call (its exceptions are ignored)
   */
  constructor(client: SamplingClient, sampler: PolledSampler, random: () => number, onError?: (error: unknown) => void) {
    this.#client = client;
    this.#sampler = sampler;
    this.#random = random;
    this.#onError = onError;
  }

  /** Fetches rules now and schedules the first targets call. */
  start(): void {
    void this.#pollRules();
    this.#scheduleTargets(TARGETS_INTERVAL_MS);
  }

  /** Stops both loops and cancels calls in flight. */
  stop(): void {
    this.#stopped = true;
    this.#abort.abort();
    if (this.#rulesTimer !== undefined) clearTimeout(this.#rulesTimer);
    if (this.#targetsTimer !== undefined) clearTimeout(this.#targetsTimer);
    this.#rulesTimer = this.#targetsTimer = undefined;
  }

  async #pollRules(): Promise<void> {
    if (this.#stopped || this.#rulesInFlight) return;
    this.#rulesInFlight = true;
    if (this.#rulesTimer !== undefined) clearTimeout(this.#rulesTimer);
    let delay: number;
    try {
      this.#sampler.updateRules(await this.#fetchRules());
      this.#haveRules = true;
      this.#rulesFailures = 0;
      delay = RULES_INTERVAL_MS + Math.floor(this.#random() * RULES_JITTER_MS);
    } catch (error) {
      this.#rulesFailures++;
      this.#report(error);
      delay = backoff(TARGETS_INTERVAL_MS, this.#rulesFailures - 1);
    }
    this.#rulesInFlight = false;
    if (this.#stopped) return;
    this.#rulesTimer = unrefTimer(setTimeout(() => void this.#pollRules(), delay));
  }

  async #fetchRules(): Promise<SamplingRule[]> {
    const rules: SamplingRule[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_RULE_PAGES; page++) {
      const output = await this.#client.send(new GetSamplingRulesCommand(token === undefined ? {} : { NextToken: token }), {
        abortSignal: this.#abort.signal,
      });
      for (const record of output?.SamplingRuleRecords ?? []) if (record?.SamplingRule) rules.push(record.SamplingRule);
      token = output?.NextToken;
      if (!token) break;
    }
    return rules;
  }

  async #pollTargets(): Promise<void> {
    if (this.#stopped) return;
    let delay = TARGETS_INTERVAL_MS;
    // Without rules there is nothing to report and no target to ask for.
    const statistics = this.#haveRules ? this.#sampler.takeStatistics() : [];
    if (statistics.length > 0) {
      try {
        const output = await this.#client.send(new GetSamplingTargetsCommand({ SamplingStatisticsDocuments: statistics }), {
          abortSignal: this.#abort.signal,
        });
        const { nextPollMs, refreshRules } = this.#sampler.updateTargets(output ?? {});
        this.#targetsFailures = 0;
        delay = nextPollMs;
        if (refreshRules) void this.#pollRules();
      } catch (error) {
        this.#targetsFailures++;
        this.#report(error);
        delay = backoff(TARGETS_INTERVAL_MS, this.#targetsFailures);
      }
    }
    this.#scheduleTargets(delay);
  }

  #scheduleTargets(delay: number): void {
    if (this.#stopped) return;
    this.#targetsTimer = unrefTimer(setTimeout(() => void this.#pollTargets(), delay));
  }

  #report(error: unknown): void {
    if (this.#stopped || this.#onError === undefined) return;
    try {
      this.#onError(error);
    } catch {
      // A logging callback must not stop the polling.
    }
  }
}

/**
 * The wait after failures: `base × 2^failures`, at most {@link MAX_BACKOFF_MS}.
 *
 * @param base - the wait for the first retry
 * @param failures - consecutive failures beyond the first that counts
 * @returns ms
 */
function backoff(base: number, failures: number): number {
  return Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(failures, 20));
}
