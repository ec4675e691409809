/**
 * A second line of defence behind vitest's own failure on unhandled rejections: a listener that
 * records every rejection nobody handled while this file's tests run, and fails the test during
 * which it surfaced (or the file, for one that surfaces after the last test).
 *
 * Why both: vitest reports an unhandled rejection as a run error, detached from the test that
 * caused it; the listener pins it to a test, and keeps working if the vitest setting changes.
 */
import { afterAll, afterEach, beforeAll, expect } from "vitest";

/** The rejections recorded so far. */
export interface UnhandledRejections {
  readonly reasons: readonly unknown[];
}

/**
 * Registers the listener for the current test file.
 *
 * @returns the recorded rejections (expected to stay empty)
 */
export function watchUnhandledRejections(): UnhandledRejections {
  const reasons: unknown[] = [];
  const listener = (reason: unknown): void => {
    reasons.push(reason);
  };
  beforeAll(() => {
    process.on("unhandledRejection", listener);
  });
  afterEach(async () => {
    // Node reports an unhandled rejection after the microtask queue drains; let it.
    await new Promise((resolve) => setImmediate(resolve));
    expect(reasons, "unhandled rejections during this test").toEqual([]);
  });
  afterAll(async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.off("unhandledRejection", listener);
    expect(reasons, "unhandled rejections after the last test").toEqual([]);
  });
  return { reasons };
}
