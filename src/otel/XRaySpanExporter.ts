/**
 * An OpenTelemetry `SpanExporter` that writes X-Ray segment documents: through a
 * `SegmentSender` (PutTraceSegments, signed, batched, split to fit, every document accounted
 * for) or a `UdpEmitter` (the X-Ray daemon, the CloudWatch agent, Lambda).
 */
import type { ExportResult } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { XRayClient } from "../generated/XRayClient.js";
import type { SendInput } from "../tracing/sender/documents.js";
import { SegmentSender } from "../tracing/sender/sender.js";
import type { IndexingOptions } from "./annotations.js";
import { spanToSegmentDocument } from "./span-to-segment.js";

/** `ExportResultCode` values of `@opentelemetry/core` (only its types are imported). */
const SUCCESS = 0;
const FAILED = 1;

/** Anything with a `send` like the UDP emitter's (`typed-xray/tracing/udp`). */
export interface SegmentEmitter {
  /** Sends documents; returns false when some could not be sent. */
  send(input: SendInput): boolean;
}

/** Options of {@link XRaySpanExporter}: one of `sender`, `emitter` or `client`. */
export interface XRaySpanExporterOptions extends IndexingOptions {
  /** A client: the exporter makes its own `SegmentSender` on it (and closes it on `shutdown()`). */
  readonly client?: XRayClient;
  /** A sender of your own (shared with other code; flushed, not closed, on `shutdown()`). */
  readonly sender?: SegmentSender;
  /** A UDP emitter, for the X-Ray daemon or the CloudWatch agent (`new UdpEmitter()` from `typed-xray/tracing/udp`). */
  readonly emitter?: SegmentEmitter;
}

/**
 * Exports finished spans as X-Ray segment documents.
 *
 * Each batch is reported as failed only when some of its spans could not be delivered: refused
 * by the sender (too large, queue full), dropped after its retries, or not translatable; the
 * sender's `stats()` says which and why.
 *
 * @example
 * ```ts
 * import { BatchSpanProcessor, BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
 * import { XRayClient } from "typed-xray";
 * import { XRaySpanExporter } from "typed-xray/otel";
 *
 * const exporter = new XRaySpanExporter({ client: new XRayClient({ region: "us-east-1" }) });
 * const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
 * ```
 */
export class XRaySpanExporter implements SpanExporter {
  readonly #sender: SegmentSender | undefined;
  readonly #emitter: SegmentEmitter | undefined;
  readonly #ownsSender: boolean;
  readonly #indexing: IndexingOptions;
  #shutDown = false;

  /**
   * @param options - where documents go, and which attributes become annotations
   * @throws TypeError when none of `client`, `sender` and `emitter` is given
   */
  constructor(options: XRaySpanExporterOptions) {
    const { client, sender, emitter, indexedAttributes, indexAllAttributes } = options ?? {};
    if (sender === undefined && emitter === undefined && client === undefined) {
      throw new TypeError("XRaySpanExporter: pass one of `client` (an XRayClient), `sender` (a SegmentSender) or `emitter` (a UdpEmitter)");
    }
    this.#emitter = sender === undefined ? emitter : undefined;
    // No flush timer of its own: export() flushes what it sends, inside the call OpenTelemetry's span
    // processors make with tracing suppressed, so the exporter's requests never become spans.
    this.#sender = sender ?? (emitter === undefined ? new SegmentSender({ client: client!, flushIntervalMs: 0 }) : undefined);
    this.#ownsSender = sender === undefined && this.#sender !== undefined;
    this.#indexing = { indexedAttributes, indexAllAttributes };
  }

  /**
   * Translates and sends a batch; calls back once its documents have an outcome. Never throws.
   *
   * @param spans - finished spans
   * @param resultCallback - told SUCCESS, or FAILED with an error saying how many were not delivered
   */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.#shutDown) {
      resultCallback({ code: FAILED, error: new Error("XRaySpanExporter: export() after shutdown()") });
      return;
    }
    const documents: string[] = [];
    let untranslatable = 0;
    for (const span of spans) {
      try {
        documents.push(JSON.stringify(spanToSegmentDocument(span, this.#indexing)));
      } catch {
        untranslatable++;
      }
    }
    const report = (lost: number): void => {
      const failed = lost + untranslatable;
      resultCallback(
        failed === 0
          ? { code: SUCCESS }
          : { code: FAILED, error: new Error(`XRaySpanExporter: ${failed} of ${spans.length} spans not delivered (${untranslatable} could not be translated)`) },
      );
    };
    const sender = this.#sender;
    if (sender === undefined) {
      report(documents.length === 0 || this.#emitter!.send(documents) ? 0 : documents.length);
      return;
    }
    const before = lostSoFar(sender);
    sender.send(documents);
    // Concurrent exports through one shared sender are told apart only by time: a loss while
    // this batch was pending is reported by every export pending then (over-reporting, never
    // hiding a loss).
    void sender.flush().then(() => report(Math.min(documents.length, lostSoFar(sender) - before)));
  }

  /**
   * Delivers everything exported so far.
   *
   * @returns when each document has an outcome
   */
  async forceFlush(): Promise<void> {
    await this.#sender?.flush();
  }

  /**
   * Flushes, then closes the sender the exporter made (a sender passed in stays open).
   *
   * @returns when done
   */
  async shutdown(): Promise<void> {
    this.#shutDown = true;
    if (this.#sender === undefined) return;
    if (this.#ownsSender) await this.#sender.close();
    else await this.#sender.flush();
  }
}

/** Documents the sender refused or dropped so far. */
const lostSoFar = (sender: SegmentSender): number => {
  const stats = sender.stats();
  return stats.rejected + stats.dropped.total;
};
