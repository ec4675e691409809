/**
 * The current segment, carried across `await`, timers and callbacks by Node's
 * `AsyncLocalStorage`, so subsegments nest under the right parent without passing it around.
 *
 * This replaces the `cls-hooked` context of the X-Ray SDK for Node, whose loss of context across
 * promises ("Failed to get the current sub/segment from the context") is that SDK's most reported
 * problem: `AsyncLocalStorage` is part of Node and follows native promises and `async` functions.
 * Node only (browsers have no `AsyncLocalStorage`).
 *
 * @packageDocumentation
 * @module typed-xray/tracing/context
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Segment, Subsegment } from "./segment.js";

/** What the context can hold: a segment, or a subsegment opened inside one. */
export type TraceEntity = Segment | Subsegment;

/**
 * The one store, kept on `globalThis` under a registered symbol: the package's ESM and CommonJS
 * builds are two copies of this module, and an application can load both (its ESM code and a
 * CommonJS dependency). Each copy finds the store the first one made, so a segment set with
 * `withSegment` in one is current for `captureAsync` in the other. The key carries a version so
 * that a future, incompatible store would not be shared by mistake.
 */
const STORE_KEY = Symbol.for("typed-xray.tracing.context.v1");
const storage = ((globalThis as Record<symbol, unknown>)[STORE_KEY] ??= new AsyncLocalStorage<TraceEntity>()) as AsyncLocalStorage<TraceEntity>;

/**
 * Runs `fn` with `entity` as the current segment, for `fn` and everything it starts (awaited
 * calls, promises, timers). The previous current segment is back once `fn` returns.
 *
 * @param entity - the segment (or subsegment) to make current
 * @param fn - the work to trace
 * @returns what `fn` returns (a promise stays a promise)
 * @example
 * ```ts
 * const segment = new Segment("checkout");
 * await withSegment(segment, () => handleRequest(request));
 * segment.close();
 * ```
 */
export function withSegment<T>(entity: TraceEntity, fn: () => T): T {
  return storage.run(entity, fn);
}

/**
 * The segment or subsegment that is current here.
 *
 * @returns it, or `undefined` outside any {@link withSegment} or {@link captureAsync}
 */
export function currentSegment(): TraceEntity | undefined {
  return storage.getStore();
}

/**
 * Opens a subsegment `name` under the current segment or subsegment, runs `fn` with it as the
 * current one (so calls inside nest under it, and parallel calls get sibling subsegments), and
 * closes it when `fn` settles. An error thrown or rejected by `fn` is recorded on the subsegment
 * (`close(error)`) and then rethrown unchanged.
 *
 * Outside any segment, `fn` runs untraced with `undefined`: instrumented code keeps working
 * when nothing traces it, instead of failing as the X-Ray SDK's missing-context errors did.
 *
 * @param name - the subsegment's name (e.g. the downstream call)
 * @param fn - the work; it may return a value or a promise
 * @returns what `fn` returned, awaited
 * @throws whatever `fn` throws
 * @example
 * ```ts
 * const rows = await captureAsync("query orders", async (subsegment) => {
 *   subsegment?.addAnnotation("table", "orders");
 *   return db.query("SELECT …");
 * });
 * ```
 */
export async function captureAsync<T>(name: string, fn: (subsegment: Subsegment | undefined) => T | PromiseLike<T>): Promise<T> {
  const parent = storage.getStore();
  if (parent === undefined) return await fn(undefined);
  const subsegment = parent.addNewSubsegment(name);
  let result: T;
  try {
    result = await storage.run(subsegment, () => fn(subsegment));
  } catch (error) {
    subsegment.close(error);
    throw error;
  }
  subsegment.close();
  return result;
}
