/**
 * The contract between the engine and durable storage: the engine hands over every accepted
 * change, in the order it applied them, and waits until they are stored before answering. The
 * Node adapter writes them to an append-only file (src/local/persistence.ts); replaying them in
 * order rebuilds the same state.
 *
 * @packageDocumentation
 */
import type { TelemetryBatch } from "./telemetry.js";

/** One accepted change. */
export type JournalEntry =
  /** A (sub)segment document, as sent (one element of an array document, serialized). */
  | {
      /** Marks a segment entry. */
      readonly type: "segment";
      /** When the endpoint received it, epoch milliseconds (what `TimeRangeType: Event` matches). */
      readonly receivedAt: number;
      /** The document's JSON text. */
      readonly text: string;
    }
  /** One PutTelemetryRecords call. */
  | {
      /** Marks a telemetry entry. */
      readonly type: "telemetry";
      /** The call's records, as the engine keeps them. */
      readonly batch: TelemetryBatch;
    };

/** Durable storage for accepted changes. */
export interface Journal {
  /**
   * Stores entries after all entries recorded before them.
   *
   * @param entries - the changes of one request, in order
   * @returns resolves once they are durable; rejects when they could not be stored
   */
  record(entries: readonly JournalEntry[]): Promise<void>;
}
