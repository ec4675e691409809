/**
 * The bookkeeping every sender keeps so that no document goes missing unnoticed: each document a
 * caller hands over is, at every moment, in exactly one of four states (pending, sent, rejected,
 * dropped), so `received = sent + rejected + dropped + pending` always holds.
 *
 * Shared by the HTTP sender and the UDP emitter; browser-safe.
 */

/**
 * Why documents were dropped (good documents that were not delivered):
 * - `"queue-full"`: the queue limit was reached (X-Ray telemetry calls this spillover);
 * - `"retries-exhausted"`: still throttled or failing after the last attempt;
 * - `"request-failed"`: the service refused the whole request for a reason retrying cannot fix
 *   (e.g. `AccessDeniedException`);
 * - `"aborted"`: `close({ signal })` was aborted before they were delivered;
 * - `"socket-error"`: the UDP socket reported an error for the datagram.
 */
export type DropReason = "queue-full" | "retries-exhausted" | "request-failed" | "aborted" | "socket-error";

/**
 * Why documents were rejected (documents that cannot be delivered as they are):
 * `"too-large"` (over 64 KB), `"invalid-document"` (not a non-empty string, or a source that threw),
 * `"sender-closed"` (sent after `close()`), `"InvalidRequestException"` (the service refused a
 * request holding only this document), or the `ErrorCode` X-Ray returned for it in
 * `UnprocessedTraceSegments` (e.g. `"InvalidTraceId"`, `"InvalidName"`, `"MissingId"`).
 */
export type RejectReason = "too-large" | "invalid-document" | "sender-closed" | "InvalidRequestException" | (string & {});

/** What `onDrop` is told, once per event (a refused send, a failed batch, an overflow). */
export interface DropInfo {
  /** `"rejected"` (the documents themselves were refused) or `"dropped"` (good documents lost). */
  readonly outcome: "rejected" | "dropped";
  /** Why: a {@link RejectReason} when `outcome` is `"rejected"`, a {@link DropReason} when `"dropped"`. */
  readonly reason: DropReason | RejectReason;
  /** How many documents. */
  readonly count: number;
  /** The documents, when they exist as strings (a source whose `toDocuments` threw has none). */
  readonly documents: readonly string[];
  /** A human-readable explanation (the service's message, the error, the limit). */
  readonly message: string;
}

/** A snapshot of a sender's counts. */
export interface DeliveryStats {
  /** Documents handed to `send()` (after a source was split into documents). */
  readonly received: number;
  /** Documents the service (or the UDP socket) accepted. */
  readonly sent: number;
  /** Documents refused as they are; see {@link RejectReason}. */
  readonly rejected: number;
  /** `rejected` by reason. */
  readonly rejectedByReason: Readonly<Record<string, number>>;
  /** Good documents that were not delivered, in total and by {@link DropReason}. */
  readonly dropped: {
    /** All dropped documents. */
    readonly total: number;
    /** Dropped documents by reason; a reason that never happened is absent. */
    readonly byReason: Readonly<Partial<Record<DropReason, number>>>;
  };
  /** Documents queued or in flight. */
  readonly pending: number;
  /** The UTF-8 size of the pending documents. */
  readonly pendingBytes: number;
  /** Fields that sources truncated to make their documents fit the size limit. */
  readonly truncated: number;
  /**
   * Segments handed over that were not sampled: never sent, and outside the invariant (not in
   * `received`), because not sending them is the point, not a loss.
   */
  readonly notSampled: number;
}

/**
 * The counters behind {@link DeliveryStats}. Every method moves documents between states as one
 * step, so a snapshot taken at any time satisfies the invariant.
 */
export class DeliveryLedger {
  #received = 0;
  #sent = 0;
  #rejected = 0;
  #dropped = 0;
  #pending = 0;
  #pendingBytes = 0;
  #truncated = 0;
  #notSampled = 0;
  readonly #rejectedByReason = new Map<string, number>();
  readonly #droppedByReason = new Map<DropReason, number>();
  readonly #onDrop: ((info: DropInfo) => void) | undefined;

  /**
   * @param onDrop - told about every rejection and drop; its exceptions are swallowed, because a
   *   logging callback must not break delivery
   */
  constructor(onDrop?: (info: DropInfo) => void) {
    this.#onDrop = onDrop;
  }

  /**
   * One document received and queued.
   *
   * @param bytes - its UTF-8 size
   */
  accept(bytes: number): void {
    this.#received++;
    this.#pending++;
    this.#pendingBytes += bytes;
  }

  /**
   * Documents received and refused on the spot: they never become pending.
   *
   * @param info - what was refused and why (passed on to `onDrop`)
   */
  refuse(info: DropInfo): void {
    this.#received += info.count;
    this.#count(info);
  }

  /**
   * Pending documents that were delivered.
   *
   * @param count - how many
   * @param bytes - their total UTF-8 size
   */
  delivered(count: number, bytes: number): void {
    this.#leavePending(count, bytes);
    this.#sent += count;
  }

  /**
   * Pending documents that were rejected or dropped.
   *
   * @param info - which and why (passed on to `onDrop`)
   * @param bytes - their total UTF-8 size
   */
  failed(info: DropInfo, bytes: number): void {
    this.#leavePending(info.count, bytes);
    this.#count(info);
  }

  /**
   * Fields truncated by a source.
   *
   * @param count - as reported by `toDocuments`
   */
  addTruncated(count: number): void {
    this.#truncated += count;
  }

  /**
   * Segments that were not sampled, so not sent.
   *
   * @param count - how many sources were skipped
   */
  addNotSampled(count: number): void {
    this.#notSampled += count;
  }

  /** How many documents are pending (for queue limits). */
  get pending(): number {
    return this.#pending;
  }

  /** The UTF-8 size of pending documents (for queue limits). */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** @returns a snapshot of the counts */
  snapshot(): DeliveryStats {
    return {
      received: this.#received,
      sent: this.#sent,
      rejected: this.#rejected,
      rejectedByReason: Object.fromEntries(this.#rejectedByReason),
      dropped: { total: this.#dropped, byReason: Object.fromEntries(this.#droppedByReason) },
      pending: this.#pending,
      pendingBytes: this.#pendingBytes,
      truncated: this.#truncated,
      notSampled: this.#notSampled,
    };
  }

  #leavePending(count: number, bytes: number): void {
    this.#pending -= count;
    this.#pendingBytes -= bytes;
  }

  #count(info: DropInfo): void {
    if (info.count <= 0) return;
    if (info.outcome === "rejected") {
      this.#rejected += info.count;
      this.#rejectedByReason.set(info.reason, (this.#rejectedByReason.get(info.reason) ?? 0) + info.count);
    } else {
      const reason = info.reason as DropReason;
      this.#dropped += info.count;
      this.#droppedByReason.set(reason, (this.#droppedByReason.get(reason) ?? 0) + info.count);
    }
    if (this.#onDrop) {
      try {
        this.#onDrop(info);
      } catch {
        // A throwing callback is the caller's bug; delivery (and the counts) must go on regardless.
      }
    }
  }
}
