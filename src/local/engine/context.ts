/**
 * What every operation of the engine works with: the store, the telemetry kept, the clock, page
 * sizes and the journal.
 *
 * @packageDocumentation
 */
import type { LocalSampling } from "./operations/sampling.js";
import type { Journal } from "./journal.js";
import type { TraceStore } from "./store.js";
import type { TelemetryBatch } from "./telemetry.js";

/** Items per page of the paginated operations. */
export interface PageSizes {
  /**
   * Summaries per GetTraceSummaries page.
   * @defaultValue 100
   */
  readonly traceSummaries?: number;
  /**
   * Traces per BatchGetTraces page.
   * @defaultValue 5
   */
  readonly traces?: number;
  /**
   * Services per GetServiceGraph / GetTraceGraph page.
   * @defaultValue 100
   */
  readonly services?: number;
}

/** Defaults of {@link PageSizes}. */
export const DEFAULT_PAGE_SIZES: Required<PageSizes> = { traceSummaries: 100, traces: 5, services: 100 };

/** The state and settings the operations share. */
export interface EngineContext {
  readonly store: TraceStore;
  readonly telemetry: TelemetryBatch[];
  /** Epoch milliseconds. */
  readonly now: () => number;
  readonly pageSizes: Required<PageSizes>;
  readonly journal: Journal | undefined;
  /** The sampling rules GetSamplingRules serves, and the statistics samplers reported. */
  readonly sampling: LocalSampling;
}
