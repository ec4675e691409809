/**
 * PutTraceSegments: validate each document on its own, store the valid ones (a complete
 * document replaces the in-progress one with the same id), report the others in
 * `UnprocessedTraceSegments`, and answer only once the stored ones are durable: they reach
 * memory only then, so a failed write leaves nothing behind.
 *
 * @packageDocumentation
 */
import type { EngineContext } from "../context.js";
import { commitChanges } from "../commit.js";
import { invalidRequest, serializationError, type LocalXRayError } from "../errors.js";
import { requiredList, type JsonObject } from "../input.js";
import type { JournalEntry } from "../journal.js";
import type { ValidatedDocument } from "../validated-document.js";
import type { PutOutcome } from "../store.js";
import { depthBeyond } from "../json-depth.js";
import { SegmentErrorCode, validateSegmentDocument, type DocumentCheck } from "../validate-document.js";

/**
 * Deepest nesting of objects and arrays a document may have (docs/local-endpoint-limits.md):
 * far beyond real traces (a subsegment level is two: its object and its `subsegments` array),
 * and well within what the recursive steps after parsing (`JSON.stringify`) can take.
 */
export const MAX_DOCUMENT_DEPTH = 2000;

/**
 * Most refused documents one answer lists in `UnprocessedTraceSegments`
 * (docs/local-endpoint-limits.md). Beyond it the whole batch is refused with one summary: 150,000
 * one-byte documents would otherwise be answered with 17 MiB. Real senders batch 50 documents.
 */
export const MAX_LISTED_UNPROCESSED = 1000;

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
  const accepted: Array<{ readonly doc: ValidatedDocument; readonly text: string }> = [];
  for (const text of documents as string[]) {
    const check = checkDocument(text);
    if (!check.ok) {
      unprocessed.push({ ...(check.id !== undefined ? { Id: check.id } : {}), ErrorCode: check.code, Message: check.message });
      // The batch is refused whole from here: the rest need not be examined.
      if (unprocessed.length > MAX_LISTED_UNPROCESSED) throw tooManyRefused(unprocessed, documents.length);
      continue;
    }
    accepted.push(...check.segments);
  }
  const entries: JournalEntry[] = accepted.map((segment) => ({ type: "segment", receivedAt, text: segment.text }));
  await commitChanges(
    context,
    entries,
    () => {
      for (const segment of accepted) storeSegment(context, segment.doc, segment.text, receivedAt);
    },
    "The documents",
  );
  return { UnprocessedTraceSegments: unprocessed };
}

/**
 * The answer for a batch with more refused documents than an answer lists: one summary instead
 * of an `UnprocessedTraceSegments` list many times the size of the request.
 */
function tooManyRefused(unprocessed: readonly UnprocessedTraceSegmentJson[], total: number): LocalXRayError {
  const byCode = new Map<string, number>();
  for (const entry of unprocessed) byCode.set(entry.ErrorCode, (byCode.get(entry.ErrorCode) ?? 0) + 1);
  const counts = [...byCode].map(([code, count]) => `${code} ${count}`).join(", ");
  return invalidRequest(
    `More than ${MAX_LISTED_UNPROCESSED} of the ${total} documents are invalid, more than an answer lists one by one, so none was stored. ` +
      `The first ${unprocessed.length} refusals by ErrorCode: ${counts}. First refusal: ${unprocessed[0]!.ErrorCode}: ${unprocessed[0]!.Message}`,
  );
}

/**
 * Validates one document, refusing alone one that nests too deeply or that validation could not
 * handle, so that no document can fail the whole batch.
 */
function checkDocument(text: string): DocumentCheck {
  const depth = depthBeyond(text, MAX_DOCUMENT_DEPTH);
  if (depth !== undefined) {
    return {
      ok: false,
      code: SegmentErrorCode.MalformedDocument,
      message: `Document nests objects and arrays more than ${MAX_DOCUMENT_DEPTH} levels deep; the limit is ${MAX_DOCUMENT_DEPTH}`,
    };
  }
  try {
    return validateSegmentDocument(text);
  } catch (error) {
    return { ok: false, code: SegmentErrorCode.MalformedDocument, message: `Document could not be processed: ${error instanceof Error ? error.message : String(error)}` };
  }
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
  const check = checkDocument(text);
  if (!check.ok) return false;
  for (const segment of check.segments) storeSegment(context, segment.doc, segment.text, receivedAt);
  return true;
}

function storeSegment(context: EngineContext, doc: ValidatedDocument, text: string, receivedAt: number): PutOutcome {
  // Validation guarantees trace_id on every top-level document.
  return context.store.put({ id: doc.id, traceId: doc.trace_id!, doc, text, receivedAt });
}
