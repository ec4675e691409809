/**
 * `serialize()` and `toDocuments()` never throw, whatever the segment tree holds: nesting far
 * deeper than one document takes (a runaway recursion in traced code), metadata whose `toJSON`
 * throws or that is nested too deep for `JSON.stringify`, and hostile objects given to
 * `addError`. Each is repaired and counted instead.
 */
import { describe, expect, it } from "vitest";
import { validateSegmentDocument } from "../../src/local/engine/validate-document.js";
import { MAX_NESTING_DEPTH } from "../../src/segment-rules/rules.js";
import { Segment, type Subsegment } from "../../src/tracing/index.js";

const throwingProxy = (): object =>
  new Proxy(
    {},
    {
      get: () => {
        throw new Error("get trap");
      },
      getPrototypeOf: () => {
        throw new Error("getPrototypeOf trap");
      },
      ownKeys: () => {
        throw new Error("ownKeys trap");
      },
    },
  );

describe("a subsegment chain nested deeper than one document takes", () => {
  it.each([2_000, 20_000])("%i levels: every subsegment goes out once, in valid documents", (levels) => {
    const segment = new Segment("deep");
    const chain: Subsegment[] = [];
    let parent: Segment | Subsegment = segment;
    for (let i = 0; i < levels; i++) chain.push((parent = parent.addNewSubsegment(`level ${i}`)));
    for (const subsegment of chain) subsegment.close();
    segment.close();

    expect(() => segment.serialize()).not.toThrow();
    const { documents } = segment.toDocuments();
    const seen = new Map<string, string | undefined>();
    const visit = (doc: { id: string; subsegments?: unknown[] }, parentId: string | undefined, depth: number): void => {
      expect(seen.has(doc.id)).toBe(false);
      expect(depth).toBeLessThanOrEqual(MAX_NESTING_DEPTH);
      seen.set(doc.id, parentId);
      for (const child of doc.subsegments ?? []) visit(child as typeof doc, doc.id, depth + 1);
    };
    for (const text of documents) {
      expect(validateSegmentDocument(text).ok).toBe(true);
      const doc = JSON.parse(text) as { id: string; parent_id?: string };
      visit(doc, doc.parent_id, 0);
    }
    expect(seen.size).toBe(levels + 1);
    for (const subsegment of chain) expect(seen.get(subsegment.id)).toBe(subsegment.parent.id);
    // One repair per subsegment that had to start a document of its own.
    expect(segment.repairs).toBe(Math.floor(levels / (MAX_NESTING_DEPTH + 1)));
  });
});

describe("metadata that cannot be serialized", () => {
  it("becomes [unserializable], alone, and is counted", () => {
    const segment = new Segment("a");
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 100_000; i++) deep = (deep["a"] = {}) as Record<string, unknown>;
    segment.addMetadata("bad", { toJSON: () => { throw new Error("toJSON"); } });
    segment.addMetadata("deep", root);
    segment.addMetadata("hostile", throwingProxy());
    segment.addMetadata("big", 10n);
    segment.addMetadata("good", { ok: true });
    segment.close();

    const doc = JSON.parse(segment.serialize()) as { metadata: { default: Record<string, unknown> } };
    expect(doc.metadata.default).toEqual({ bad: "[unserializable]", deep: "[unserializable]", hostile: "[unserializable]", big: "10", good: { ok: true } });
    expect(segment.repairs).toBe(3);
    expect(() => segment.toDocuments()).not.toThrow();
    expect(validateSegmentDocument(segment.toDocuments().documents[0]!).ok).toBe(true);
  });
});

describe("hostile values given to addError", () => {
  it("a Proxy whose traps throw is recorded as an exception without a message", () => {
    const segment = new Segment("a");
    expect(() => segment.addError(throwingProxy())).not.toThrow();
    expect(() => segment.close(throwingProxy())).not.toThrow();
    const doc = JSON.parse(segment.serialize()) as { fault: boolean; cause: { exceptions: Array<{ id: string; message?: string }> } };
    expect(doc.fault).toBe(true);
    expect(doc.cause.exceptions).toHaveLength(2);
    expect(doc.cause.exceptions[0]!.message).toBeUndefined();
  });

  it("an error whose getters throw keeps what can be read", () => {
    const error = new Error("kept");
    Object.defineProperty(error, "stack", { get: () => { throw new Error("stack getter"); } });
    Object.defineProperty(error, "cause", { get: () => { throw new Error("cause getter"); } });
    const segment = new Segment("a").addError(error);
    const doc = JSON.parse(segment.serialize()) as { cause: { exceptions: Array<{ message?: string; stack?: unknown }> } };
    expect(doc.cause.exceptions).toEqual([expect.objectContaining({ message: "kept", type: "Error" })]);
  });
});
