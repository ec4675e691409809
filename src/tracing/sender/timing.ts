/**
 * Timers that never keep a Node process alive on their own, and the backoff between attempts.
 * Browser-safe: `unref` is used only where the timer object has it.
 */

/** A timer handle as either platform returns it. */
export type TimerHandle = ReturnType<typeof setTimeout>;

/**
 * Lets the process exit while this timer is pending (Node); a no-op where timers are numbers.
 *
 * @param timer - a `setTimeout`/`setInterval` handle
 * @returns the same handle
 */
export function unrefTimer<T extends TimerHandle | ReturnType<typeof setInterval>>(timer: T): T {
  (timer as { unref?: () => unknown }).unref?.();
  return timer;
}

/**
 * Makes a timer keep the process alive again (Node), e.g. once someone awaits what it leads to.
 *
 * @param timer - a `setTimeout` handle
 */
export function refTimer(timer: TimerHandle): void {
  (timer as { ref?: () => unknown }).ref?.();
}

/** Backoff settings. */
export interface BackoffOptions {
  /**
   * The wait after the first failure, in ms; it doubles with each consecutive failure.
   * @defaultValue 500
   */
  readonly baseDelayMs?: number;
  /**
   * The longest wait, in ms.
   * @defaultValue 30000
   */
  readonly maxDelayMs?: number;
}

/**
 * The wait before the next attempt after `failures` consecutive failures: exponential, capped,
 * with "equal jitter" (half fixed, half random) so that many senders throttled at once spread out
 * while each still waits at least half the step.
 *
 * @param failures - consecutive failures so far, at least 1
 * @param options - base and cap
 * @param random - a number in [0, 1)
 * @returns the delay in ms
 */
export function backoffDelay(failures: number, options: Required<BackoffOptions>, random: number): number {
  // 2^30 is far past any cap; limiting the exponent keeps the arithmetic finite.
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return Math.floor(step / 2 + (random * step) / 2);
}
