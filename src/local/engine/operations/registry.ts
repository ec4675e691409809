/**
 * The operations the local endpoint implements, each by its handler. The model's operations,
 * their HTTP bindings and the JSON of their responses come from the generator
 * (`src/generated/wire.ts`); this table says which of them the endpoint answers.
 *
 * To implement one more operation of the model: write its handler in this folder (a function
 * from the engine's state and the request body to the response body, typed by
 * `OperationOutputJson`), then add it below. The engine (`XRayEngine`) and the router
 * (`src/local/protocol.ts`) take it from here.
 *
 * @packageDocumentation
 */
import type { OperationName, OperationOutputJson } from "../../../generated/wire.js";
import type { EngineContext } from "../context.js";
import type { JsonObject } from "../input.js";
import { batchGetTraces } from "./batch-get-traces.js";
import { getTraceSummaries } from "./get-trace-summaries.js";
import { getServiceGraph, getTraceGraph } from "./graphs.js";
import { putTelemetryRecords } from "./put-telemetry-records.js";
import { putTraceSegments } from "./put-trace-segments.js";

/**
 * Runs one operation.
 *
 * @typeParam Name - the operation
 * @param context - the engine's state
 * @param input - the request body, an object
 * @returns the response body
 * @throws LocalXRayError what X-Ray would answer instead
 */
export type OperationHandler<Name extends OperationName> = (context: EngineContext, input: JsonObject) => OperationOutputJson[Name] | Promise<OperationOutputJson[Name]>;

/** The implemented operations by name, in the model's (alphabetical) order. */
export const OPERATION_HANDLERS = {
  BatchGetTraces: batchGetTraces,
  // The sampling answers are built as plain JSON by LocalSampling (sampling.ts).
  GetSamplingRules: (context, input) => context.sampling.getSamplingRules(input) as OperationOutputJson["GetSamplingRules"],
  GetSamplingTargets: (context, input) => context.sampling.getSamplingTargets(input) as OperationOutputJson["GetSamplingTargets"],
  GetServiceGraph: getServiceGraph,
  GetTraceGraph: getTraceGraph,
  GetTraceSummaries: getTraceSummaries,
  PutTelemetryRecords: putTelemetryRecords,
  PutTraceSegments: putTraceSegments,
} as const satisfies { readonly [Name in OperationName]?: OperationHandler<Name> };

/** The name of an operation the local endpoint implements. */
export type ImplementedOperation = keyof typeof OPERATION_HANDLERS;

/** The implemented operations' names, in the model's order. */
export const IMPLEMENTED_OPERATIONS: readonly ImplementedOperation[] = Object.freeze(Object.keys(OPERATION_HANDLERS) as ImplementedOperation[]);

/**
 * @param name - an operation name, from a caller
 * @returns whether the local endpoint implements it
 */
export const isImplemented = (name: string): name is ImplementedOperation => Object.hasOwn(OPERATION_HANDLERS, name);
