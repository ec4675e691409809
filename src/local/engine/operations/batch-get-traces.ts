/**
 * BatchGetTraces: the stored documents of the requested traces, exactly as they were sent, in
 * pages of a few traces; ids with nothing stored come back in `UnprocessedTraceIds`.
 *
 * @packageDocumentation
 */
import type { BatchGetTracesResult, Segment, Trace } from "../../../generated/models.js";
import type { EngineContext } from "../context.js";
import { invalidRequest } from "../errors.js";
import { roundSeconds } from "../histogram.js";
import { optionalString, requiredTraceIds, type JsonObject } from "../input.js";
import { decodeToken, encodeToken } from "../pagination.js";
import { analyzeTrace } from "../trace-analysis.js";

const OPERATION = "BatchGetTraces";

/**
 * Most document text returned per trace, in UTF-16 units: X-Ray's trace document size quota
 * (100 KB, rising dynamically to 500 KB). Past it, the trace comes back with the documents that
 * fit and `LimitExceeded: true`.
 */
export const TRACE_DOCUMENT_LIMIT = 500 * 1024;

/**
 * Runs BatchGetTraces.
 *
 * @param context - the engine state
 * @param input - the request body
 * @returns one page: the traces found among this page's ids, and those not found
 */
export function batchGetTraces(context: EngineContext, input: JsonObject): BatchGetTracesResult {
  const ids = requiredTraceIds(input, "TraceIds");
  const token = optionalString(input, "NextToken");
  const from = token === undefined ? 0 : readOffset(decodeToken(token, OPERATION, ids), ids.length);
  const pageIds = ids.slice(from, from + context.pageSizes.traces);
  const traces: Trace[] = [];
  const unprocessed: string[] = [];
  for (const id of pageIds) {
    const record = context.store.get(id);
    if (!record) {
      unprocessed.push(id);
      continue;
    }
    const documents = [...record.documents.values()].sort(
      (a, b) => a.doc.start_time - b.doc.start_time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    const segments: Segment[] = [];
    let size = 0;
    let limitExceeded = false;
    for (const document of documents) {
      size += document.text.length;
      if (size > TRACE_DOCUMENT_LIMIT) {
        limitExceeded = true;
        break;
      }
      segments.push({ Id: document.id, Document: document.text });
    }
    traces.push({ Id: id, Duration: roundSeconds(analyzeTrace(record).duration), LimitExceeded: limitExceeded, Segments: segments });
  }
  const next = from + pageIds.length;
  return {
    Traces: traces,
    UnprocessedTraceIds: unprocessed,
    ...(next < ids.length ? { NextToken: encodeToken(OPERATION, ids, next) } : {}),
  };
}

/**
 * Reads the offset of a positional token.
 *
 * @param position - the decoded token position
 * @param length - how many items the request has
 * @returns the offset
 */
export function readOffset(position: unknown, length: number): number {
  if (typeof position === "number" && Number.isInteger(position) && position >= 0 && position <= length) return position;
  throw invalidRequest("NextToken is not a token this endpoint issued");
}
