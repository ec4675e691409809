/**
 * The local X-Ray engine: the operations over an in-memory store, with plain JSON in and
 * out (the restJson1 bodies, timestamps as epoch seconds). It has no I/O of its own and imports
 * no Node built-ins, so the same engine runs behind the node:http server, behind msw handlers in
 * a browser, or called directly in a unit test.
 *
 * @packageDocumentation
 */
import { DEFAULT_PAGE_SIZES, type EngineContext, type PageSizes } from "./context.js";
import { LocalXRayError } from "./errors.js";
import { requireObject, type JsonObject } from "./input.js";
import type { Journal, JournalEntry } from "./journal.js";
import { batchGetTraces } from "./operations/batch-get-traces.js";
import { getServiceGraph, getTraceGraph } from "./operations/graphs.js";
import { getTraceSummaries } from "./operations/get-trace-summaries.js";
import { putTraceSegments, replaySegment } from "./operations/put-trace-segments.js";
import { LocalSampling, type LocalEndpointSamplingRules, type ReceivedSamplingStatistics } from "./operations/sampling.js";
import { TraceStore } from "./store.js";
import { readTelemetryBatch, type TelemetryBatch } from "./telemetry.js";

/** The operations, by their model names. */
export const XRAY_OPERATIONS = [
  "BatchGetTraces",
  "GetSamplingRules",
  "GetSamplingTargets",
  "GetServiceGraph",
  "GetTraceGraph",
  "GetTraceSummaries",
  "PutTelemetryRecords",
  "PutTraceSegments",
] as const;

/** One of {@link XRAY_OPERATIONS}. */
export type XRayOperationName = (typeof XRAY_OPERATIONS)[number];

/** Options of {@link XRayEngine}. */
export interface XRayEngineOptions {
  /**
   * The clock, epoch milliseconds: when documents are received (`TimeRangeType: Event`).
   * @defaultValue `Date.now`
   */
  readonly now?: () => number;
  /** Items per page of the paginated operations; small values make pagination easy to test. */
  readonly pageSizes?: PageSizes;
  /** Durable storage for accepted changes; without it the engine keeps everything in memory only. */
  readonly journal?: Journal;
  /**
   * Sampling rules GetSamplingRules serves besides X-Ray's `Default` (1 a second, 5%): X-Ray
   * `SamplingRule`s, or a local rules file from `parseSamplingRules` (whose `default` replaces it).
   */
  readonly samplingRules?: LocalEndpointSamplingRules;
}

/**
 * An in-memory X-Ray that stores segments and computes summaries and graphs from them.
 *
 * @example
 * ```ts
 * const engine = new XRayEngine();
 * await engine.handle("PutTraceSegments", { TraceSegmentDocuments: [JSON.stringify(segment)] });
 * const { TraceSummaries } = await engine.handle("GetTraceSummaries", { StartTime: 0, EndTime: Date.now() / 1000 });
 * ```
 */
export class XRayEngine {
  readonly #context: EngineContext;
  readonly #sampling: LocalSampling;

  /** @param options - clock, page sizes, journal */
  constructor(options: XRayEngineOptions = {}) {
    const given = options.pageSizes ?? {};
    const pageSizes = {
      traceSummaries: given.traceSummaries ?? DEFAULT_PAGE_SIZES.traceSummaries,
      traces: given.traces ?? DEFAULT_PAGE_SIZES.traces,
      services: given.services ?? DEFAULT_PAGE_SIZES.services,
    };
    for (const [name, size] of Object.entries(pageSizes)) {
      if (!Number.isInteger(size) || size < 1) throw new RangeError(`pageSizes.${name} must be a positive integer, got ${size}`);
    }
    this.#context = { store: new TraceStore(), telemetry: [], now: options.now ?? Date.now, pageSizes, journal: options.journal };
    this.#sampling = new LocalSampling(options.samplingRules, this.#context.now);
  }

  /**
   * Runs one operation.
   *
   * @param operation - the operation name, e.g. `"GetTraceSummaries"`
   * @param input - the parsed request body
   * @returns the response body
   * @throws LocalXRayError what AWS would answer instead (`InvalidRequestException`,
   *   `SerializationException`, `UnknownOperationException`, …)
   */
  async handle(operation: string, input: unknown): Promise<JsonObject> {
    if (!(XRAY_OPERATIONS as readonly string[]).includes(operation)) {
      throw new LocalXRayError("UnknownOperationException", `Unknown operation ${JSON.stringify(operation)}`);
    }
    const request = requireObject(input);
    const context = this.#context;
    switch (operation as XRayOperationName) {
      case "PutTraceSegments":
        return { ...(await putTraceSegments(context, request)) };
      case "GetTraceSummaries":
        return { ...getTraceSummaries(context, request) };
      case "BatchGetTraces":
        return { ...batchGetTraces(context, request) };
      case "GetServiceGraph":
        return { ...getServiceGraph(context, request) };
      case "GetTraceGraph":
        return { ...getTraceGraph(context, request) };
      case "GetSamplingRules":
        return this.#sampling.getSamplingRules(request);
      case "GetSamplingTargets":
        return this.#sampling.getSamplingTargets(request);
      case "PutTelemetryRecords": {
        const batch = readTelemetryBatch(request, context.now());
        context.telemetry.push(batch);
        if (context.journal) {
          try {
            await context.journal.record([{ type: "telemetry", batch }]);
          } catch {
            throw new LocalXRayError("InternalFailure", "The records could not be written to the data file; retry the request");
          }
        }
        return {};
      }
    }
    // Unreachable: the operation was checked against the list above.
    throw new LocalXRayError("UnknownOperationException", `Unknown operation ${JSON.stringify(operation)}`);
  }

  /**
   * Applies a journaled change again (on start-up with a data file). Nothing is journaled.
   *
   * @param entry - a change recorded earlier
   * @returns whether it was applied (a document no longer valid is skipped)
   */
  replay(entry: JournalEntry): boolean {
    if (entry.type === "segment") return replaySegment(this.#context, entry.text, entry.receivedAt);
    this.#context.telemetry.push(entry.batch);
    return true;
  }

  /** Forgets every segment and telemetry record. */
  reset(): void {
    this.#context.store.clear();
    this.#context.telemetry.length = 0;
  }

  /** @returns the telemetry received so far, oldest first, one batch per PutTelemetryRecords call */
  telemetry(): readonly TelemetryBatch[] {
    return [...this.#context.telemetry];
  }

  /** @returns the sampling statistics received with GetSamplingTargets, oldest first */
  samplingStatistics(): readonly ReceivedSamplingStatistics[] {
    return this.#sampling.statistics();
  }

  /** @returns the ids of the stored traces, in the order first seen */
  traceIds(): string[] {
    return [...this.#context.store.traces()].map((record) => record.id);
  }

  /** Number of stored traces. */
  get traceCount(): number {
    return this.#context.store.traceCount;
  }

  /** Number of stored (sub)segment documents (an in-progress document replaced by its complete one counts once). */
  get documentCount(): number {
    return this.#context.store.documentCount;
  }
}
