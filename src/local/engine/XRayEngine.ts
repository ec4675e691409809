/**
 * The local X-Ray engine: the operations of `operations/registry.ts` over an in-memory store,
 * with plain JSON in and out (the restJson1 bodies, timestamps as epoch seconds). It has no I/O of its own and imports
 * no Node built-ins, so the same engine runs behind the node:http server, behind msw handlers in
 * a browser, or called directly in a unit test.
 *
 * @packageDocumentation
 */
import { OperationHttp } from "../../generated/wire.js";
import { DEFAULT_PAGE_SIZES, type EngineContext, type PageSizes } from "./context.js";
import { LocalXRayError } from "./errors.js";
import { requireObject, type JsonObject } from "./input.js";
import type { Journal, JournalEntry } from "./journal.js";
import { replaySegment } from "./operations/put-trace-segments.js";
import { IMPLEMENTED_OPERATIONS, isImplemented, OPERATION_HANDLERS, type OperationHandler } from "./operations/registry.js";
import { LocalSampling, type LocalEndpointSamplingRules, type ReceivedSamplingStatistics } from "./operations/sampling.js";
import { TraceStore } from "./store.js";
import type { TelemetryBatch } from "./telemetry.js";

/** The operations the engine implements, by their model names, in the model's order. */
export const XRAY_OPERATIONS: readonly XRayOperationName[] = IMPLEMENTED_OPERATIONS;

/**
 * One of {@link XRAY_OPERATIONS}: the operations registered in `operations/registry.ts`.
 *
 * @useDeclaredType
 */
export type XRayOperationName = keyof typeof OPERATION_HANDLERS;

/**
 * The error for an operation the engine does not implement: it names those it does.
 *
 * @param what - the operation asked for, as the caller named it (`"GetGroups"`, `POST /Groups`)
 * @returns an `UnknownOperationException`
 */
export function notImplemented(what: string): LocalXRayError {
  const implemented = XRAY_OPERATIONS.map((name) => `${name} (${OperationHttp[name].method} ${OperationHttp[name].uri})`);
  return new LocalXRayError("UnknownOperationException", `${what} is not implemented: this local X-Ray endpoint implements only ${implemented.join(", ")}`);
}

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
    const now = options.now ?? Date.now;
    this.#context = { store: new TraceStore(), telemetry: [], now, pageSizes, journal: options.journal, sampling: new LocalSampling(options.samplingRules, now) };
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
    if (!isImplemented(operation)) throw notImplemented(JSON.stringify(operation));
    const handler = OPERATION_HANDLERS[operation] as OperationHandler<typeof operation>;
    return { ...(await handler(this.#context, requireObject(input))) };
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
    return this.#context.sampling.statistics();
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
