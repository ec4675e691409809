/**
 * The per-second reservoir of one sampling rule: how many requests a second it may sample before
 * its fixed rate applies, and whether those were its own quota or "borrowed" (see
 * `docs/sampling.md`). The count restarts at each whole second of the clock, so an unused quota
 * never carries over into the next second.
 *
 * @packageDocumentation
 */

/** What {@link Reservoir.take} gave: 0 nothing, 1 one from the quota, 2 one borrowed. */
export type Take = typeof TAKE_NONE | typeof TAKE_QUOTA | typeof TAKE_BORROWED;
/** Nothing left this second. */
export const TAKE_NONE = 0;
/** One request from the assigned quota (or a local rule's fixed target). */
export const TAKE_QUOTA = 1;
/** One request borrowed: no valid quota, and the rule lends one a second. */
export const TAKE_BORROWED = 2;

/**
 * A reservoir. Before X-Ray assigned a quota it lends one request a second when the rule has a
 * reservoir at all; with a quota it gives that many a second until the quota's TTL; after the TTL
 * it lends one a second again until the next target arrives.
 */
export class Reservoir {
  /** Requests a second X-Ray assigned, or -1 before any target gave one. */
  quota = -1;
  /** Epoch ms until which {@link quota} holds (`Infinity` for a local rule's fixed target). */
  quotaUntil = 0;
  /** Whether it lends one a second when it has no valid quota (`ReservoirSize > 0`, centralized rules only). */
  canBorrow: boolean;
  #second = Number.NEGATIVE_INFINITY;
  #used = 0;

  /** @param canBorrow - see {@link Reservoir.canBorrow} */
  constructor(canBorrow: boolean) {
    this.canBorrow = canBorrow;
  }

  /**
   * Takes one request from this second's allowance, if any is left.
   *
   * @param now - the clock, epoch ms
   * @returns {@link TAKE_QUOTA}, {@link TAKE_BORROWED} or {@link TAKE_NONE}
   */
  take(now: number): Take {
    const second = Math.floor(now / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#used = 0;
    }
    if (this.quota >= 0 && now < this.quotaUntil) {
      if (this.#used >= this.quota) return TAKE_NONE;
      this.#used++;
      return TAKE_QUOTA;
    }
    if (!this.canBorrow || this.#used >= 1) return TAKE_NONE;
    this.#used++;
    return TAKE_BORROWED;
  }
}
