/**
 * The contract between the segment builder and the senders: anything that can turn itself into
 * segment documents no larger than a byte limit.
 *
 * @packageDocumentation
 */

/** The documents one segment became, and how much had to be cut to get there. */
export interface SegmentDocuments {
  /** Serialized segment and subsegment documents, each at most the requested size in UTF-8 bytes. */
  readonly documents: readonly string[];
  /** How many fields were truncated (marked `truncated`) because they alone exceeded the limit. */
  readonly truncated: number;
}

/** Something a sender accepts besides a ready-made JSON string: a `Segment` from the builder. */
export interface DocumentSource {
  /**
   * `false` when the trace was not sampled: a sender never sends it and counts it as
   * `notSampled` (not as a loss). Absent means sampled.
   */
  readonly sampled?: boolean;
  /**
   * Serializes for sending, splitting out completed subsegments as independent documents when
   * the whole would exceed `maxBytes`.
   *
   * @param maxBytes - the per-document limit in UTF-8 bytes (64 KiB for PutTraceSegments and UDP)
   */
  toDocuments(maxBytes?: number): SegmentDocuments;
}
