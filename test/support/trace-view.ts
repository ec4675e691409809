/**
 * Hand-built `TraceView`s for filter-expression tests: a complete trace with no fault, http,
 * users, annotations or nodes, changed only where a test says so.
 */
import type { TraceView } from "../../src/local/filter/index.js";

/** Fields to set on the plain trace. */
export type TraceOverrides = { -readonly [K in keyof TraceView]?: TraceView[K] };

/**
 * A trace view.
 *
 * @param overrides - what differs from the plain trace
 * @returns the view
 */
export const traceView = (overrides: TraceOverrides = {}): TraceView => ({
  id: "1-5759e988-bd862e3fe1be46a994272793",
  duration: 1,
  fault: false,
  error: false,
  throttle: false,
  partial: false,
  annotations: {},
  users: [],
  services: [],
  edges: [],
  ...overrides,
});
