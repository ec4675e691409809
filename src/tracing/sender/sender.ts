/**
 * `SegmentSender`: delivers segment documents to X-Ray with PutTraceSegments the way the X-Ray
 * daemon does (batches of 50, a flush interval, retries with backoff, bounded memory, telemetry),
 * without a daemon, from Node or a browser.
 *
 * Every document handed to `send()` ends up counted exactly once as sent, rejected or dropped,
 * and is pending until then: `received = sent + rejected + dropped.total + pending` at all times.
 *
 * @packageDocumentation
 */
import { PutTelemetryRecordsCommand } from "../../generated/commands/PutTelemetryRecordsCommand.js";
import { PutTraceSegmentsCommand } from "../../generated/commands/PutTraceSegmentsCommand.js";
import type { UnprocessedTraceSegment } from "../../generated/models.js";
import type { XRayClient } from "../../generated/XRayClient.js";
import { classifyFailure, isRetryableUnprocessedCode } from "./classify.js";
import { describe, expandInput, type SendInput } from "./documents.js";
import { DeliveryLedger, type DropInfo } from "./ledger.js";
import { checkInteger, type SegmentSenderOptions, type SenderCloseOptions, type SenderStats } from "./options.js";
import { DocumentQueue, type QueuedDocument } from "./queue.js";
import {
  TelemetryWindow,
  validateTelemetryOptions,
  zeroConnectionErrors,
  type TelemetryOptions,
  type TelemetryResult,
  type TelemetryTotals,
} from "./telemetry.js";
import { backoffDelay, refTimer, unrefTimer, type BackoffOptions, type TimerHandle } from "./timing.js";
import { pairUnprocessed } from "./unprocessed.js";

export type { DeliveryStats, DropInfo, DropReason, RejectReason } from "./ledger.js";
export type { SendInput } from "./documents.js";
export type { TelemetryOptions, TelemetryResult } from "./telemetry.js";
export type { BackoffOptions } from "./timing.js";
export { isRetryableUnprocessedCode } from "./classify.js";
export type { SegmentSenderOptions, SenderCloseOptions, SenderStats } from "./options.js";

/** The largest segment document X-Ray accepts: 64 KB (a service quota that cannot be raised). */
const MAX_DOCUMENT_BYTES = 64 * 1024;
/** Documents per PutTraceSegments call, as the X-Ray daemon and the OpenTelemetry exporter send. */
const MAX_BATCH_SIZE = 50;

/**
 * Batches segment documents into PutTraceSegments calls, retries what can be retried, and counts
 * everything. `send()` never throws and never waits; failures become counts (see {@link stats})
 * and `onDrop` calls. Delivery is at least once: a call that failed without an answer is sent
 * again, and X-Ray keeps one document per segment id.
 *
 * @example
 * ```ts
 * const sender = new SegmentSender({ client: new XRayClient({ region: "us-east-1" }) });
 * sender.send(segment);            // a Segment, a JSON string, or a list of them
 * await sender.close();            // at shutdown: sends everything still queued
 * ```
 */
export class SegmentSender {
  readonly #client: XRayClient;
  readonly #batchSize: number;
  readonly #maxQueueDocuments: number;
  readonly #maxQueueBytes: number;
  readonly #maxAttempts: number;
  readonly #concurrency: number;
  readonly #backoff: Required<BackoffOptions>;
  readonly #random: () => number;
  readonly #telemetryOptions: TelemetryOptions;
  readonly #ledger: DeliveryLedger;
  readonly #queue = new DocumentQueue();
  readonly #abort = new AbortController();
  readonly #telemetry = new TelemetryWindow();
  readonly #connectionErrors = zeroConnectionErrors();
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  #inFlight = 0;
  /** Send partial batches until the queue is empty (set by the interval and by retries). */
  #drain = false;
  #failures = 0;
  #retryAt = 0;
  #retryTimer: TimerHandle | undefined;
  #requests = 0;
  #retried = 0;
  #unmatched = 0;
  #closed = false;
  #closing: Promise<void> | undefined;
  #telemetryChain: Promise<unknown> = Promise.resolve();

  /**
   * @param options - the client, and optional limits and intervals
   * @throws TypeError when `client` has no `send` method or an option has the wrong type
   * @throws RangeError when a number is out of range or a telemetry field too long
   */
  constructor(options: SegmentSenderOptions) {
    if (typeof options?.client?.send !== "function") throw new TypeError("SegmentSender: options.client must be an XRayClient");
    this.#client = options.client;
    this.#batchSize = checkInteger("batchSize", options.batchSize, MAX_BATCH_SIZE, 1, MAX_BATCH_SIZE);
    this.#maxQueueDocuments = checkInteger("maxQueueDocuments", options.maxQueueDocuments, 10_000, 1);
    this.#maxQueueBytes = checkInteger("maxQueueBytes", options.maxQueueBytes, 32 * 1024 * 1024, MAX_DOCUMENT_BYTES);
    this.#maxAttempts = checkInteger("maxAttempts", options.maxAttempts, 6, 1);
    this.#concurrency = checkInteger("maxConcurrentRequests", options.maxConcurrentRequests, 1, 1);
    this.#backoff = {
      baseDelayMs: checkInteger("backoff.baseDelayMs", options.backoff?.baseDelayMs, 500, 0),
      maxDelayMs: checkInteger("backoff.maxDelayMs", options.backoff?.maxDelayMs, 30_000, 0),
    };
    if (options.random !== undefined && typeof options.random !== "function") throw new TypeError("SegmentSender: options.random must be a function");
    this.#random = options.random ?? Math.random;
    if (options.onDrop !== undefined && typeof options.onDrop !== "function") throw new TypeError("SegmentSender: options.onDrop must be a function");
    this.#ledger = new DeliveryLedger(options.onDrop);
    this.#telemetryOptions = { ...options.telemetry };
    validateTelemetryOptions(this.#telemetryOptions);
    const flushIntervalMs = checkInteger("flushIntervalMs", options.flushIntervalMs, 1000, 0);
    const telemetryIntervalMs = checkInteger("telemetry.intervalMs", this.#telemetryOptions.intervalMs, 0, 0);
    if (flushIntervalMs > 0) {
      const tick = (): void => {
        this.#drain = true;
        this.#pump();
      };
      this.#timers.push(unrefTimer(setInterval(tick, flushIntervalMs)));
    }
    if (telemetryIntervalMs > 0) this.#timers.push(unrefTimer(setInterval(() => void this.sendTelemetry(), telemetryIntervalMs)));
  }

  /**
   * Queues documents. Never throws: a document over 64 KB, an empty or non-string one, one sent
   * after `close()`, or one over the queue limits is counted (and passed to `onDrop`) instead.
   *
   * @param input - a JSON document, a `DocumentSource` (e.g. a `Segment`, split with
   *   `toDocuments(65536)`), or a list of them
   * @returns true when every document was queued
   */
  send(input: SendInput): boolean {
    const { accepted, refused, truncated, notSampled } = expandInput(input, MAX_DOCUMENT_BYTES);
    this.#ledger.addTruncated(truncated);
    this.#ledger.addNotSampled(notSampled);
    for (const refusal of refused) this.#ledger.refuse({ outcome: "rejected", ...refusal });
    if (this.#closed) {
      if (accepted.length > 0) {
        const documents = accepted.map((document) => document.text);
        this.#ledger.refuse({ outcome: "rejected", reason: "sender-closed", count: documents.length, documents, message: "send() after close()" });
      }
      return false;
    }
    const overflow: string[] = [];
    for (const document of accepted) {
      if (this.#ledger.pending + 1 > this.#maxQueueDocuments || this.#ledger.pendingBytes + document.bytes > this.#maxQueueBytes) {
        overflow.push(document.text);
        continue;
      }
      this.#ledger.accept(document.bytes);
      this.#queue.add(document.text, document.bytes);
    }
    if (overflow.length > 0) {
      const message = `queue limit reached (${this.#maxQueueDocuments} documents, ${this.#maxQueueBytes} bytes)`;
      this.#ledger.refuse({ outcome: "dropped", reason: "queue-full", count: overflow.length, documents: overflow, message });
    }
    this.#pump();
    return refused.length === 0 && overflow.length === 0;
  }

  /**
   * Sends everything queued so far, partial batches included, and waits until each of those
   * documents is sent, rejected or dropped (retries and backoff included). Never rejects.
   *
   * @returns a promise that resolves when those documents have an outcome
   */
  flush(): Promise<void> {
    const done = this.#queue.flushPoint();
    // Someone now waits for the backoff to end: let its timer keep the process alive.
    if (this.#retryTimer !== undefined) refTimer(this.#retryTimer);
    this.#pump();
    return done;
  }

  /**
   * Stops the timers, flushes everything, and (when `telemetry.intervalMs` is set) sends a last
   * telemetry record. Later `send()`s are rejected as `"sender-closed"`. Calling it again returns
   * the same promise. Never rejects.
   *
   * @param options - an optional signal that cuts the flush short
   * @returns a promise that resolves when nothing is pending
   */
  close(options: SenderCloseOptions = {}): Promise<void> {
    if (this.#closing === undefined) {
      this.#closed = true;
      for (const timer of this.#timers.splice(0)) clearInterval(timer);
      this.#closing = this.#shutDown(options.signal);
    }
    return this.#closing;
  }

  /**
   * Sends a telemetry record of what happened since the previous one (received, sent, spillover,
   * rejected, connection errors by kind), with any earlier records that could not be sent.
   * Never rejects.
   *
   * @returns whether it was delivered, how many records it carried, and the error if any
   */
  sendTelemetry(): Promise<TelemetryResult> {
    const run = this.#telemetryChain.then(() => this.#putTelemetry());
    this.#telemetryChain = run;
    return run;
  }

  /**
   * The counts so far; `received = sent + rejected + dropped.total + pending` always holds.
   *
   * @returns a snapshot
   */
  stats(): SenderStats {
    return {
      ...this.#ledger.snapshot(),
      requests: this.#requests,
      retried: this.#retried,
      backendConnectionErrors: { ...this.#connectionErrors },
      unmatchedUnprocessed: this.#unmatched,
    };
  }

  /** Starts as many calls as allowed and ready. */
  #pump(): void {
    if (this.#abort.signal.aborted) {
      this.#fail(this.#queue.takeAll(), "dropped", "aborted", "close() was aborted");
      return;
    }
    while (this.#inFlight < this.#concurrency && this.#queue.waiting > 0) {
      const wait = this.#retryAt - Date.now();
      if (wait > 0) {
        this.#armRetryTimer(wait);
        return;
      }
      const batch = this.#queue.take(this.#batchSize, this.#drain || this.#closed || this.#queue.flushing);
      if (batch === undefined) return;
      this.#inFlight++;
      void this.#deliver(batch);
    }
    if (this.#queue.waiting === 0) this.#drain = false;
  }

  async #deliver(batch: QueuedDocument[]): Promise<void> {
    let unprocessed: UnprocessedTraceSegment[] | undefined;
    let failure: unknown;
    let failed = false;
    try {
      const command = new PutTraceSegmentsCommand({ TraceSegmentDocuments: batch.map((document) => document.text) });
      const output = await this.#client.send(command, { abortSignal: this.#abort.signal });
      // Only well-formed entries can name a document; a mocked client may return anything.
      const entries: unknown = output?.UnprocessedTraceSegments;
      unprocessed = Array.isArray(entries) ? entries.filter((entry) => typeof entry === "object" && entry !== null) : [];
    } catch (error) {
      failed = true;
      failure = error;
    }
    this.#requests++;
    this.#inFlight--;
    if (failed) this.#onFailure(batch, failure);
    else this.#onAnswer(batch, unprocessed ?? []);
    this.#pump();
  }

  #onAnswer(batch: QueuedDocument[], entries: readonly UnprocessedTraceSegment[]): void {
    if (entries.length === 0) {
      this.#failures = 0;
      this.#succeed(batch);
      return;
    }
    const { failed, unmatched } = pairUnprocessed(batch, entries);
    this.#unmatched += unmatched;
    this.#succeed(batch.filter((document) => !failed.has(document)));
    const retry: QueuedDocument[] = [];
    let retryCode = "";
    const rejectedByCode = new Map<string, { documents: QueuedDocument[]; message: string }>();
    for (const [document, entry] of failed) {
      if (isRetryableUnprocessedCode(entry.ErrorCode)) {
        retry.push(document);
        retryCode = entry.ErrorCode ?? retryCode;
        continue;
      }
      const code = entry.ErrorCode ?? "Unprocessed";
      const group = rejectedByCode.get(code) ?? { documents: [], message: entry.Message ?? `X-Ray did not process the document (${code})` };
      group.documents.push(document);
      rejectedByCode.set(code, group);
    }
    for (const [code, { documents, message }] of rejectedByCode) this.#fail(documents, "rejected", code, message);
    if (retry.length > 0) this.#retryLater(retry, `UnprocessedTraceSegments ${retryCode}`);
    else this.#failures = 0;
  }

  #onFailure(batch: QueuedDocument[], error: unknown): void {
    if (this.#abort.signal.aborted) {
      this.#fail(batch, "dropped", "aborted", describe(error));
      return;
    }
    const verdict = classifyFailure(error);
    this.#connectionErrors[verdict.kind]++;
    if (verdict.action === "retry") {
      this.#retryLater(batch, verdict.label);
    } else if (verdict.action === "split" && batch.length > 1) {
      // One bad document can make X-Ray refuse the whole request: halve until it is alone.
      const half = Math.ceil(batch.length / 2);
      this.#queue.returnBatches(batch.slice(0, half), batch.slice(half));
    } else if (verdict.action === "split") {
      this.#fail(batch, "rejected", "InvalidRequestException", describe(error));
    } else {
      this.#fail(batch, "dropped", "request-failed", describe(error));
    }
  }

  /** Queues documents again (or drops those out of attempts) and starts a backoff. */
  #retryLater(documents: QueuedDocument[], label: string): void {
    const again: QueuedDocument[] = [];
    const exhausted: QueuedDocument[] = [];
    for (const document of documents) {
      document.attempts++;
      (document.attempts >= this.#maxAttempts ? exhausted : again).push(document);
    }
    this.#fail(exhausted, "dropped", "retries-exhausted", `still failing after ${this.#maxAttempts} attempts (last: ${label})`);
    this.#queue.returnToFront(again);
    this.#retried += again.length;
    this.#drain = true;
    this.#failures++;
    this.#retryAt = Date.now() + backoffDelay(this.#failures, this.#backoff, this.#random());
  }

  #armRetryTimer(wait: number): void {
    if (this.#retryTimer !== undefined) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#pump();
    }, wait);
    // A backoff nobody waits for must not hold the process open; flush() and close() re-ref it.
    if (!this.#closed && !this.#queue.flushing) unrefTimer(this.#retryTimer);
  }

  #succeed(documents: readonly QueuedDocument[]): void {
    if (documents.length === 0) return;
    this.#ledger.delivered(documents.length, sumBytes(documents));
    this.#queue.settled(documents);
  }

  #fail(documents: readonly QueuedDocument[], outcome: DropInfo["outcome"], reason: DropInfo["reason"], message: string): void {
    if (documents.length === 0) return;
    const texts = documents.map((document) => document.text);
    this.#ledger.failed({ outcome, reason, count: documents.length, documents: texts, message }, sumBytes(documents));
    this.#queue.settled(documents);
  }

  async #shutDown(signal: AbortSignal | undefined): Promise<void> {
    const abort = (): void => {
      this.#abort.abort();
      if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
      this.#pump();
    };
    if (signal?.aborted) abort();
    else signal?.addEventListener("abort", abort, { once: true });
    await this.flush();
    signal?.removeEventListener("abort", abort);
    if ((this.#telemetryOptions.intervalMs ?? 0) > 0 && !this.#abort.signal.aborted) await this.sendTelemetry();
  }

  async #putTelemetry(): Promise<TelemetryResult> {
    const records = this.#telemetry.close(this.#telemetryTotals(), new Date());
    const { EC2InstanceId, Hostname, ResourceARN } = this.#telemetryOptions;
    try {
      const command = new PutTelemetryRecordsCommand({ TelemetryRecords: records, EC2InstanceId, Hostname, ResourceARN });
      await this.#client.send(command, { abortSignal: this.#abort.signal });
      this.#telemetry.delivered(records);
      return { sent: true, records: records.length };
    } catch (error) {
      return { sent: false, records: records.length, error };
    }
  }

  #telemetryTotals(): TelemetryTotals {
    const stats = this.#ledger.snapshot();
    const spillover = stats.dropped.byReason["queue-full"] ?? 0;
    return {
      received: stats.received,
      sent: stats.sent,
      spillover,
      // Telemetry has no field for other drops; they are segments X-Ray never got, like rejections.
      rejected: stats.rejected + stats.dropped.total - spillover,
      connectionErrors: this.#connectionErrors,
    };
  }
}

const sumBytes = (documents: readonly QueuedDocument[]): number => documents.reduce((total, document) => total + document.bytes, 0);
