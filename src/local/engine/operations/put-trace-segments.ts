/**
 * PutTraceSegments: validate each document on its own, store the valid ones (a complete
 * document replaces the in-progress one with the same id), report the others in
 * `UnprocessedTraceSegments`, and answer only once the stored ones are durable.
 *
 * @packageDocumentation
 */
import type { EngineContext } from "../context.js";
import { LocalXRayError, serializationError } from "../errors.js";
import { requiredList, type JsonObject } from "../input.js";
import type { JournalEntry } from "../journal.js";
import type { ValidatedDocument } from "../validated-document.js";
import type { PutOutcome } from "../store.js";
import { validateSegmentDocument } from "../validate-document.js";

/** `UnprocessedTraceSegment`. */
export interface UnprocessedTraceSegmentJson {
  Id?: string;
  ErrorCode: string;
  Message: string;
}

/**
 * Runs PutTraceSegments.
 *
 * @param context - the engine state
 * @param input - the request body
 * @returns `{ UnprocessedTraceSegments }`, empty when everything was stored
 */
export async function putTraceSegments(context: EngineContext, input: JsonObject): Promise<{ UnprocessedTraceSegments: UnprocessedTraceSegmentJson[] }> {
  const documents = requiredList(input, "TraceSegmentDocuments");
  documents.forEach((document, index) => {
    if (typeof document !== "string") throw serializationError(`TraceSegmentDocuments[${index}] must be a string (a JSON document)`);
  });
  const receivedAt = context.now();
  const unprocessed: UnprocessedTraceSegmentJson[] = [];
  const entries: JournalEntry[] = [];
  for (const text of documents as string[]) {
    const check = validateSegmentDocument(text);
    if (!check.ok) {
      unprocessed.push({ ...(check.id !== undefined ? { Id: check.id } : {}), ErrorCode: check.code, Message: check.message });
      continue;
    }
    for (const segment of check.segments) {
      storeSegment(context, segment.doc, segment.text, receivedAt);
      entries.push({ type: "segment", receivedAt, text: segment.text });
    }
  }
  if (entries.length > 0 && context.journal) {
    try {
      await context.journal.record(entries);
    } catch {
      // Memory has them; a retry of the same documents is harmless (same ids, same result).
      throw new LocalXRayError("InternalFailure", "The documents could not be written to the data file; retry the request");
    }
  }
  return { UnprocessedTraceSegments: unprocessed };
}

/**
 * Replays a journaled document: validated again (it was valid when written), stored, not journaled.
 *
 * @param context - the engine state
 * @param text - the document
 * @param receivedAt - when it first arrived, epoch milliseconds
 * @returns whether it was stored
 */
export function replaySegment(context: EngineContext, text: string, receivedAt: number): boolean {
  const check = validateSegmentDocument(text);
  if (!check.ok) return false;
  for (const segment of check.segments) storeSegment(context, segment.doc, segment.text, receivedAt);
  return true;
}

function storeSegment(context: EngineContext, doc: ValidatedDocument, text: string, receivedAt: number): PutOutcome {
  // Validation guarantees trace_id on every top-level document.
  return context.store.put({ id: doc.id, traceId: doc.trace_id!, doc, text, receivedAt });
}
