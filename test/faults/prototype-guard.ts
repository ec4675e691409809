/**
 * Checks for prototype pollution: that the built-in prototypes a response could reach through
 * `__proto__`, `constructor` or `prototype` keys are exactly as they were, and that values a
 * client hands back are plain data.
 */
import { expect } from "vitest";

const GUARDED: ReadonlyArray<readonly [string, object]> = [
  ["Object.prototype", Object.prototype],
  ["Array.prototype", Array.prototype],
  ["Function.prototype", Function.prototype],
  ["String.prototype", String.prototype],
  ["Error.prototype", Error.prototype],
];

/** Own property names and symbols of every guarded prototype, as they are now. */
export function snapshotPrototypes(): Record<string, string[]> {
  return Object.fromEntries(GUARDED.map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort()]));
}

/**
 * Asserts that no prototype gained or lost a property since `before`, and that a fresh object
 * has no `polluted` property.
 *
 * @param before - a snapshot taken before the hostile input was processed
 */
export function expectPrototypesIntact(before: Record<string, string[]>): void {
  expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  expect(snapshotPrototypes()).toEqual(before);
}

const PLAIN_PROTOTYPES = new Set<unknown>([Object.prototype, Array.prototype, Date.prototype, Uint8Array.prototype, null]);

/**
 * Asserts that a value is plain data all the way down: objects, arrays, dates, bytes and
 * scalars; no functions, no objects with another prototype, and any `__proto__` key an own
 * data property.
 *
 * @param value - the value to check
 * @param path - where it sits, for the failure message
 */
export function expectPlainData(value: unknown, path = "value"): void {
  if (typeof value === "function") expect.fail(`${path} is a function`);
  if (typeof value !== "object" || value === null) return;
  if (!PLAIN_PROTOTYPES.has(Object.getPrototypeOf(value))) expect.fail(`${path} has a foreign prototype`);
  for (const key of Object.keys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    if (!("value" in descriptor)) expect.fail(`${path}.${key} is an accessor`);
    expectPlainData(descriptor.value, `${path}.${key}`);
  }
}
