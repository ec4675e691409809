/**
 * Pairing the `UnprocessedTraceSegments` of a PutTraceSegments answer with the documents of the
 * batch, so each failed document can be retried or rejected and every other one counted as sent.
 *
 * X-Ray names a failed document by its segment `Id`, and leaves `Id` out when it could not read
 * one (an unparseable document). So: an entry with an `Id` takes the first not-yet-paired document
 * with that id; an entry without one (or with an id no document has) takes the first document
 * whose id could not be read. An entry that still pairs with nothing is counted as unmatched: its
 * document cannot be told apart, so every unpaired document is taken as sent.
 *
 * Browser-safe.
 */
import type { UnprocessedTraceSegment } from "../../generated/models.js";
import type { QueuedDocument } from "./queue.js";

/** The result of {@link pairUnprocessed}. */
export interface UnprocessedPairs {
  /** Each failed document with the entry that names it. */
  readonly failed: Map<QueuedDocument, UnprocessedTraceSegment>;
  /** Entries that named no document of the batch. */
  readonly unmatched: number;
}

/**
 * Reads a document's segment id (and caches it on the document).
 *
 * @param document - a queued document
 * @returns the top-level string `id`, or `null` when the document is not a JSON object with one
 */
export function segmentIdOf(document: QueuedDocument): string | null {
  if (document.id !== undefined) return document.id;
  let id: string | null = null;
  try {
    const parsed: unknown = JSON.parse(document.text);
    const value = typeof parsed === "object" && parsed !== null ? (parsed as { id?: unknown }).id : undefined;
    if (typeof value === "string") id = value;
  } catch {
    // Not JSON: X-Ray can name it only with an entry that has no Id.
  }
  document.id = id;
  return id;
}

/**
 * Pairs unprocessed entries with documents of the batch they answer.
 *
 * @param batch - the documents sent, in order
 * @param entries - the answer's `UnprocessedTraceSegments`
 * @returns the failed documents and the count of entries that named none
 */
export function pairUnprocessed(batch: readonly QueuedDocument[], entries: readonly UnprocessedTraceSegment[]): UnprocessedPairs {
  const failed = new Map<QueuedDocument, UnprocessedTraceSegment>();
  const byId = new Map<string | null, QueuedDocument[]>();
  for (const document of batch) {
    const id = segmentIdOf(document);
    const list = byId.get(id);
    if (list) list.push(document);
    else byId.set(id, [document]);
  }
  let unmatched = 0;
  for (const entry of entries) {
    const document = (entry.Id !== undefined ? byId.get(entry.Id)?.shift() : undefined) ?? byId.get(null)?.shift();
    if (document) failed.set(document, entry);
    else unmatched++;
  }
  return { failed, unmatched };
}
