/**
 * The in-memory segment store: documents indexed by trace id, then by (sub)segment id, so that a
 * put, a replacement and a trace lookup are each one or two map operations however much is
 * stored.
 *
 * @packageDocumentation
 */
import type { ValidatedDocument } from "./validated-document.js";

/** One accepted (sub)segment document. */
export interface StoredDocument {
  /** The document's `id`. */
  readonly id: string;
  /** The document's `trace_id`. */
  readonly traceId: string;
  /** The parsed document. */
  readonly doc: ValidatedDocument;
  /** The document exactly as sent (what BatchGetTraces returns). */
  readonly text: string;
  /** When the endpoint received it, epoch milliseconds. */
  readonly receivedAt: number;
}

/** What a put did. */
export type PutOutcome =
  /** A new (sub)segment. */
  | "stored"
  /** It replaced the stored document with the same id (an in-progress one, or an older complete one). */
  | "replaced"
  /**
   * An in-progress document that arrived after the complete one with the same id (UDP and
   * batching reorder): the complete one stays, as X-Ray keeps the completed segment.
   */
  | "superseded";

/** The documents of one trace. */
export class TraceRecord {
  /** Documents by (sub)segment id. */
  readonly documents = new Map<string, StoredDocument>();
  /** Increases with every change; caches of derived facts compare it. */
  revision = 0;
  /** Latest `receivedAt` of a change, epoch milliseconds (the trace's update time). */
  updatedAt = 0;
  /** Sum of the stored documents' lengths, in UTF-16 units. */
  size = 0;

  /** @param id - the trace id */
  constructor(readonly id: string) {}
}

/** All stored traces. */
export class TraceStore {
  readonly #traces = new Map<string, TraceRecord>();
  #documentCount = 0;
  #generation = 0;

  /**
   * Stores a document, replacing an in-progress one with the same id.
   *
   * @param document - the document to store
   * @returns what happened
   */
  put(document: StoredDocument): PutOutcome {
    let record = this.#traces.get(document.traceId);
    if (!record) {
      record = new TraceRecord(document.traceId);
      this.#traces.set(document.traceId, record);
    }
    const existing = record.documents.get(document.id);
    if (existing && existing.doc.in_progress !== true && document.doc.in_progress === true) return "superseded";
    record.documents.set(document.id, document);
    record.size += document.text.length - (existing?.text.length ?? 0);
    record.revision++;
    record.updatedAt = Math.max(record.updatedAt, document.receivedAt);
    if (!existing) this.#documentCount++;
    return existing ? "replaced" : "stored";
  }

  /**
   * @param traceId - a trace id
   * @returns the trace, or `undefined` when nothing of it is stored
   */
  get(traceId: string): TraceRecord | undefined {
    return this.#traces.get(traceId);
  }

  /** @returns every stored trace, in the order first seen */
  traces(): IterableIterator<TraceRecord> {
    return this.#traces.values();
  }

  /** Number of stored traces. */
  get traceCount(): number {
    return this.#traces.size;
  }

  /** Number of stored (sub)segment documents. */
  get documentCount(): number {
    return this.#documentCount;
  }

  /** Increases with every {@link TraceStore.clear}: a change begun before a reset compares it. */
  get generation(): number {
    return this.#generation;
  }

  /** Forgets everything. */
  clear(): void {
    this.#traces.clear();
    this.#documentCount = 0;
    this.#generation++;
  }
}
