/**
 * The AsyncLocalStorage context: the current segment survives awaits, timers and callbacks;
 * captureAsync nests subsegments under the right parent, also in parallel branches; errors are
 * recorded and rethrown; outside any segment nothing breaks.
 */
import { setImmediate as yieldTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { captureAsync, currentSegment, withSegment } from "../../src/tracing/context.js";
import type { SubsegmentDocument } from "../../src/tracing/segment-document.js";
import { Segment } from "../../src/tracing/segment.js";

/** Lets other tasks run a few times, so that concurrent branches interleave. */
async function interleave(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await yieldTurn();
}

/** Names of a document's subsegments, nested: `{ name: [children…] }`. */
function tree(subsegments: readonly SubsegmentDocument[] | undefined): Record<string, unknown> {
  return Object.fromEntries((subsegments ?? []).map((sub) => [sub.name, tree(sub.subsegments)]));
}

describe("withSegment / currentSegment", () => {
  it("is undefined outside, and the segment inside, across awaits, timers and microtasks", async () => {
    const segment = new Segment("checkout");
    expect(currentSegment()).toBeUndefined();
    const seen = await withSegment(segment, async () => {
      const before = currentSegment();
      await interleave();
      const afterAwait = currentSegment();
      const inTimer = await new Promise((resolve) => setTimeout(() => resolve(currentSegment()), 1));
      const inMicrotask = await new Promise((resolve) => queueMicrotask(() => resolve(currentSegment())));
      return [before, afterAwait, inTimer, inMicrotask];
    });
    expect(seen).toEqual([segment, segment, segment, segment]);
    expect(currentSegment()).toBeUndefined();
  });

  it("returns fn's value as is", () => {
    expect(withSegment(new Segment("sync"), () => 42)).toBe(42);
  });

  it("keeps concurrent requests' segments apart", async () => {
    const handle = async (segment: Segment, label: string): Promise<void> => {
      await interleave();
      await captureAsync(`${label}-db`, async () => {
        await interleave();
        await captureAsync(`${label}-query`, () => interleave());
      });
    };
    const a = new Segment("a");
    const b = new Segment("b");
    await Promise.all([withSegment(a, () => handle(a, "a")), withSegment(b, () => handle(b, "b"))]);
    expect(tree(a.toJSON().subsegments)).toEqual({ "a-db": { "a-query": {} } });
    expect(tree(b.toJSON().subsegments)).toEqual({ "b-db": { "b-query": {} } });
  });
});

describe("captureAsync", () => {
  it("nests subsegments across awaits and closes each one", async () => {
    const segment = new Segment("checkout");
    const result = await withSegment(segment, () =>
      captureAsync("outer", async (outer) => {
        await interleave();
        expect(currentSegment()).toBe(outer);
        const inner = await captureAsync("inner", async (sub) => {
          await interleave();
          expect(currentSegment()).toBe(sub);
          expect(sub?.parent).toBe(outer);
          return sub;
        });
        expect(currentSegment()).toBe(outer);
        expect(inner?.isClosed()).toBe(true);
        return "done";
      }),
    );
    expect(result).toBe("done");
    const document = segment.toJSON();
    expect(tree(document.subsegments)).toEqual({ outer: { inner: {} } });
    const outer = document.subsegments![0]!;
    expect(outer.end_time).toEqual(expect.any(Number));
    expect(outer.subsegments![0]!.end_time).toEqual(expect.any(Number));
    expect(outer.in_progress).toBeUndefined();
  });

  it("gives parallel Promise.all branches their own subsegments, each with its own children", async () => {
    const segment = new Segment("fan-out");
    await withSegment(segment, () =>
      Promise.all(
        ["a", "b", "c"].map((label) =>
          captureAsync(label, async (branch) => {
            await interleave();
            await captureAsync(`${label}-1`, () => interleave(2));
            expect(currentSegment()).toBe(branch);
            await captureAsync(`${label}-2`, () => interleave(1));
          }),
        ),
      ),
    );
    expect(tree(segment.toJSON().subsegments)).toEqual({
      a: { "a-1": {}, "a-2": {} },
      b: { "b-1": {}, "b-2": {} },
      c: { "c-1": {}, "c-2": {} },
    });
  });

  it("records a thrown or rejected error on the subsegment and rethrows it unchanged", async () => {
    const segment = new Segment("checkout");
    const boom = new Error("boom");
    const sync = new TypeError("bad input");
    await withSegment(segment, async () => {
      await expect(
        captureAsync("async-failure", async () => {
          await interleave();
          throw boom;
        }),
      ).rejects.toBe(boom);
      await expect(
        captureAsync("sync-failure", () => {
          throw sync;
        }),
      ).rejects.toBe(sync);
    });
    const [asyncFailure, syncFailure] = segment.toJSON().subsegments!;
    expect(asyncFailure).toMatchObject({ name: "async-failure", fault: true, end_time: expect.any(Number) });
    expect(asyncFailure!.cause).toMatchObject({ exceptions: [expect.objectContaining({ message: "boom", type: "Error" })] });
    expect(syncFailure!.cause).toMatchObject({ exceptions: [expect.objectContaining({ message: "bad input", type: "TypeError" })] });
  });

  it("links an error that passes through nested subsegments to where it was first recorded", async () => {
    const segment = new Segment("checkout");
    const boom = new Error("deep");
    await withSegment(segment, () =>
      captureAsync("outer", () =>
        captureAsync("inner", async () => {
          await interleave();
          throw boom;
        }),
      ),
    ).catch(() => undefined);
    const outer = segment.toJSON().subsegments![0]!;
    const inner = outer.subsegments![0]!;
    const exceptionId = (inner.cause as { exceptions: { id: string }[] }).exceptions[0]!.id;
    expect(outer).toMatchObject({ fault: true, cause: exceptionId });
  });

  it("runs fn untraced, with undefined, outside any segment", async () => {
    expect(currentSegment()).toBeUndefined();
    const value = await captureAsync("orphan", async (subsegment) => {
      expect(subsegment).toBeUndefined();
      expect(currentSegment()).toBeUndefined();
      return 7;
    });
    expect(value).toBe(7);
  });

  it("nests under a subsegment made current with withSegment", async () => {
    const segment = new Segment("manual");
    const sub = segment.addNewSubsegment("handler");
    await withSegment(sub, () => captureAsync("step", () => interleave()));
    expect(tree(segment.toJSON().subsegments)).toEqual({ handler: { step: {} } });
  });
});
