/**
 * Fitting segments into X-Ray's per-document limit: subsegments split out (completed first,
 * largest first, as many as needed, recursively), nothing lost, and only a field too large on
 * its own cut, marked and counted, with byte limits exact for multi-byte UTF-8.
 */
import { describe, expect, it } from "vitest";
import { MIN_DOCUMENT_BYTES, Segment, isSegmentId, type Subsegment } from "../../src/tracing/index.js";
import { splitDocument } from "../../src/tracing/split.js";

const bytes = (text: string): number => Buffer.byteLength(text, "utf8");
type Doc = { id: string; name: string; type?: string; parent_id?: string; trace_id?: string; in_progress?: boolean; subsegments?: Doc[]; [k: string]: unknown };

/** Every (sub)segment in the documents: its ID, the parent it hangs from, and whether it was standalone. */
function placements(documents: readonly string[]): Map<string, Array<{ parent: string | undefined; standalone: boolean }>> {
  const found = new Map<string, Array<{ parent: string | undefined; standalone: boolean }>>();
  const visit = (doc: Doc, parent: string | undefined, standalone: boolean): void => {
    found.set(doc.id, [...(found.get(doc.id) ?? []), { parent, standalone }]);
    for (const child of doc.subsegments ?? []) visit(child, doc.id, false);
  };
  for (const text of documents) {
    const doc = JSON.parse(text) as Doc;
    visit(doc, doc.parent_id, doc.type === "subsegment");
  }
  return found;
}

/** Asserts every document fits and every (sub)segment of the tree is in exactly one, under its parent. */
function expectComplete(root: Segment, all: Subsegment[], documents: readonly string[], max: number): void {
  for (const text of documents) expect(bytes(text)).toBeLessThanOrEqual(max);
  const found = placements(documents);
  expect(found.get(root.id)).toHaveLength(1);
  for (const subsegment of all) {
    expect(found.get(subsegment.id), subsegment.id).toEqual([expect.objectContaining({ parent: subsegment.parent.id })]);
  }
  for (const text of documents) {
    const doc = JSON.parse(text) as Doc;
    expect(doc.trace_id).toBe(root.traceId);
    if (doc.id !== root.id) expect(doc.type).toBe("subsegment");
  }
}

/** A closed subsegment whose own metadata holds `size` copies of `char`. */
function child(parent: Segment | Subsegment, name: string, size: number, char = "x", close = true): Subsegment {
  const subsegment = parent.addNewSubsegment(name).addMetadata("pad", char.repeat(size));
  if (close) subsegment.close();
  return subsegment;
}

describe("toDocuments", () => {
  it("returns a document that fits as it is", () => {
    const segment = new Segment("a");
    child(segment, "b", 10);
    expect(segment.toDocuments()).toEqual({ documents: [segment.serialize()], truncated: 0 });
  });

  it("uses 64 KiB by default", () => {
    const segment = new Segment("a");
    const parts = Array.from({ length: 40 }, (_, i) => child(segment, `part ${i}`, 2000));
    expect(bytes(segment.serialize())).toBeGreaterThan(65_536);
    const { documents } = segment.toDocuments();
    expect(documents.length).toBeGreaterThan(1);
    expectComplete(segment, parts, documents, 65_536);
  });

  it("keeps a document of exactly maxBytes whole, and splits one a byte larger (multi-byte content)", () => {
    const segment = new Segment("a").addMetadata("pad", "é".repeat(1500));
    const parts = [child(segment, "b", 400, "中"), child(segment, "c", 300, "😀")];
    const size = bytes(segment.serialize());
    expect(segment.toDocuments(size).documents).toEqual([segment.serialize()]);
    const { documents, truncated } = segment.toDocuments(size - 1);
    expect(truncated).toBe(0);
    expect(documents.length).toBe(2);
    expectComplete(segment, parts, documents, size - 1);
  });

  it("splits out completed subsegments largest first, only as many as needed, leaving in-progress ones", () => {
    const segment = new Segment("a");
    const large = child(segment, "large", 5000);
    const medium = child(segment, "medium", 3000);
    const small = child(segment, "small", 1000);
    const open = child(segment, "open", 4000, "x", false);
    const whole = bytes(segment.serialize());

    const one = segment.toDocuments(whole - 4000);
    expect(placements(one.documents).get(large.id)).toEqual([{ parent: segment.id, standalone: true }]);
    expect(one.documents).toHaveLength(2);

    const two = segment.toDocuments(whole - 7000);
    expect(two.documents).toHaveLength(3);
    expect(placements(two.documents).get(medium.id)).toEqual([{ parent: segment.id, standalone: true }]);
    for (const kept of [small, open]) expect(placements(two.documents).get(kept.id)).toEqual([{ parent: segment.id, standalone: false }]);
    expectComplete(segment, [large, medium, small, open], two.documents, whole - 7000);
  });

  it("sends an in-progress subsegment as an in-progress document only when no completed one is left", () => {
    const segment = new Segment("a");
    const done = child(segment, "done", 1000);
    const open = child(segment, "open", 6000, "x", false);
    const { documents } = segment.toDocuments(4096);
    const standalone = documents.map((text) => JSON.parse(text) as Doc).filter((doc) => doc.type === "subsegment");
    expect(standalone.map((doc) => [doc.id, doc.in_progress ?? false])).toEqual([
      [done.id, false],
      [open.id, true],
    ]);
    expectComplete(segment, [done, open], documents, 4096);
  });

  it("splits a subsegment that is too large on its own the same way, recursively", () => {
    const segment = new Segment("a");
    const outer = segment.addNewSubsegment("outer");
    const inner = Array.from({ length: 12 }, (_, i) => child(outer, `inner ${i}`, 1500, "ж"));
    outer.close();
    const { documents, truncated } = segment.toDocuments(6000);
    expect(truncated).toBe(0);
    expectComplete(segment, [outer, ...inner], documents, 6000);
    const innerStandalone = inner.filter((s) => placements(documents).get(s.id)![0]!.standalone);
    expect(innerStandalone.length).toBeGreaterThan(0);
    for (const s of innerStandalone) expect(placements(documents).get(s.id)![0]!.parent).toBe(outer.id);
  });

  it("splits a subsegment's own standalone document", () => {
    const segment = new Segment("a");
    const outer = segment.addNewSubsegment("outer");
    const inner = Array.from({ length: 6 }, (_, i) => child(outer, `inner ${i}`, 1500));
    outer.close();
    const { documents } = outer.toDocuments(4096);
    expect(documents.length).toBeGreaterThan(1);
    for (const text of documents) expect(bytes(text)).toBeLessThanOrEqual(4096);
    const found = placements(documents);
    expect(found.get(outer.id)).toEqual([{ parent: segment.id, standalone: true }]);
    for (const s of inner) expect(found.get(s.id)).toEqual([expect.objectContaining({ parent: outer.id })]);
  });

  it("leaves the segment as it was", () => {
    const blob = { text: "x".repeat(100_000) };
    const segment = new Segment("a").addMetadata("blob", blob);
    child(segment, "b", 3000);
    const before = segment.serialize();
    segment.toDocuments(4096);
    expect(segment.serialize()).toBe(before);
    expect(blob.text).toHaveLength(100_000);
  });

  it("refuses a limit under the minimum", () => {
    expect(() => new Segment("a").toDocuments(MIN_DOCUMENT_BYTES - 1)).toThrow(RangeError);
    expect(() => new Segment("a").toDocuments(Number.NaN)).toThrow(RangeError);
    expect(new Segment("a").toDocuments(MIN_DOCUMENT_BYTES).documents).toHaveLength(1);
  });
});

describe("cutting what cannot fit alone", () => {
  it.each([
    ["ASCII", "x", 1],
    ["2-byte", "é", 2],
    ["3-byte", "中", 3],
    ["4-byte", "😀", 4],
    ["escaped quotes", '"', 2],
    ["escaped control characters", "\u0001", 6],
  ])("keeps the longest %s prefix that fits, marked, to the byte", (_, char, charBytes) => {
    const max = 5000;
    const segment = new Segment("a").setSql({ sanitized_query: char.repeat(20_000), database_type: "PostgreSQL" });
    const { documents, truncated } = segment.toDocuments(max);
    expect(truncated).toBe(1);
    expect(documents).toHaveLength(1);
    const size = bytes(documents[0]!);
    expect(size).toBeLessThanOrEqual(max);
    // One more character would not have fitted.
    expect(size + charBytes).toBeGreaterThan(max);
    const query = (JSON.parse(documents[0]!) as { sql: { sanitized_query: string; database_type: string } }).sql;
    expect(query.sanitized_query).toMatch(/\[truncated\]$/);
    expect(query.sanitized_query.startsWith(char.repeat(100))).toBe(true);
    expect(query.database_type).toBe("PostgreSQL");
  });

  it("keeps a cut field within its character limit, not only its byte size", () => {
    // 250 emoji: the most client_ip holds. The cut must not come out longer in characters.
    const segment = new Segment("a").setHttpRequest({ client_ip: "😀".repeat(250), url: "😀".repeat(250) });
    const { documents } = segment.toDocuments(2048);
    const request = (JSON.parse(documents[0]!) as { http: { request: Record<string, string> } }).http.request;
    for (const value of Object.values(request)) expect([...value].length).toBeLessThanOrEqual(250);
    expect(bytes(documents[0]!)).toBeLessThanOrEqual(2048);
  });

  it("replaces a metadata entry that is not a string, and counts each cut field once", () => {
    const segment = new Segment("a")
      .addMetadata("rows", Array.from({ length: 5000 }, (_, i) => ({ i })))
      .addMetadata("big", { nested: "y".repeat(8000) }, "other")
      .addMetadata("small", { ok: true });
    const { documents, truncated } = segment.toDocuments(4096);
    expect(truncated).toBe(2);
    const doc = JSON.parse(documents[0]!) as { metadata: Record<string, Record<string, unknown>> };
    expect(doc.metadata).toEqual({ default: { rows: "[truncated]", small: { ok: true } }, other: { big: "[truncated]" } });
    expect(bytes(documents[0]!)).toBeLessThanOrEqual(4096);
  });

  it("cuts the largest field first and leaves smaller ones alone", () => {
    const segment = new Segment("a").addMetadata("large", "L".repeat(9000)).addMetadata("medium", "M".repeat(1000));
    const doc = JSON.parse(segment.toDocuments(4096).documents[0]!) as { metadata: { default: Record<string, string> } };
    expect(doc.metadata.default["medium"]).toBe("M".repeat(1000));
    expect(doc.metadata.default["large"]).toMatch(/^L+\[truncated\]$/);
  });

  it("drops stack frames that do not fit and counts them in the exception's truncated", () => {
    const error = new Error("deep");
    error.stack = ["Error: deep", ...Array.from({ length: 50 }, (_, i) => `    at f${i} (/app/${"dir/".repeat(20)}x.js:${i + 1}:1)`)].join("\n");
    const segment = new Segment("a").addError(error);
    const { documents, truncated } = segment.toDocuments(3000);
    expect(truncated).toBe(1);
    const [exception] = (JSON.parse(documents[0]!) as { cause: { exceptions: Array<{ stack: unknown[]; truncated: number }> } }).cause.exceptions;
    expect(exception!.stack.length).toBeGreaterThan(0);
    expect(exception!.stack.length + exception!.truncated).toBe(50);
    expect(bytes(documents[0]!)).toBeLessThanOrEqual(3000);
  });

  it("cuts annotation values but keeps their keys", () => {
    const segment = new Segment("a");
    for (let i = 0; i < 50; i++) segment.addAnnotation(`key_${i}`, "中".repeat(1000));
    const { documents, truncated } = segment.toDocuments(65_536);
    expect(bytes(documents[0]!)).toBeLessThanOrEqual(65_536);
    expect(truncated).toBeGreaterThan(0);
    const annotations = (JSON.parse(documents[0]!) as { annotations: Record<string, string> }).annotations;
    expect(Object.keys(annotations)).toHaveLength(50);
  });

  it("shortens a precursor ID list but never cuts an ID", () => {
    const segment = new Segment("a");
    const sub = segment.addNewSubsegment("b");
    for (let i = 0; i < 400; i++) sub.addPrecursorId(i.toString(16).padStart(16, "0"));
    sub.close();
    const { documents } = sub.toDocuments(4096);
    const ids = (JSON.parse(documents[0]!) as { precursor_ids: string[] }).precursor_ids;
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(400);
    expect(ids.every(isSegmentId)).toBe(true);
  });

  it("as a last resort, empties a block of thousands of tiny entries, marked", () => {
    const segment = new Segment("a").addAnnotation("keep", 1);
    for (let i = 0; i < 3000; i++) segment.addMetadata(`k${i}`, i);
    const { documents, truncated } = segment.toDocuments(4096);
    expect(truncated).toBeGreaterThan(0);
    const doc = JSON.parse(documents[0]!) as { metadata: unknown; annotations: unknown };
    expect(doc.metadata).toEqual({ "[truncated]": {} });
    expect(doc.annotations).toEqual({ keep: 1 });
    expect(bytes(documents[0]!)).toBeLessThanOrEqual(4096);
  });

  it("never cuts names or IDs, even when everything else is cut", () => {
    // Thousands of short strings: cutting each saves little, so the cut reaches the 200-character
    // name (larger than any of them) before the block is emptied as a last resort.
    const fields = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, "v".repeat(20)]));
    const segment = new Segment("n".repeat(200), undefined, "53995c3f42cd8ad8").setAws(fields);
    const { documents } = segment.toDocuments(2048);
    const doc = JSON.parse(documents[0]!) as Doc;
    expect(doc).toMatchObject({ name: "n".repeat(200), id: segment.id, trace_id: segment.traceId, parent_id: "53995c3f42cd8ad8", aws: {} });
    expect(bytes(documents[0]!)).toBeLessThanOrEqual(2048);
  });

  it("neither throws nor loops when what is never cut is over the limit on its own", () => {
    // Only untyped code could get here (the builder refuses a namespace other than "aws" or
    // "remote"): the splitter gives the document as it is, and a sender refuses it as too large.
    const huge = JSON.stringify({ name: "b", id: "0123456789abcdef", trace_id: "1-5759e988-bd862e3fe1be46a994272793", parent_id: "0123456789abcdef", type: "subsegment", start_time: 1, end_time: 2, namespace: "n".repeat(5000) });
    const { documents } = splitDocument(huge, MIN_DOCUMENT_BYTES);
    expect(documents).toEqual([huge]);
  });
});
