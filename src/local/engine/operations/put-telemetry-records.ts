/**
 * PutTelemetryRecords: keep the validated records (tests read them back through
 * `XRayEngine.telemetry()`), durably when the engine has a journal.
 *
 * @packageDocumentation
 */
import type { PutTelemetryRecordsResult } from "../../../generated/models.js";
import type { EngineContext } from "../context.js";
import { commitChanges } from "../commit.js";
import type { JsonObject } from "../input.js";
import { readTelemetryBatch } from "../telemetry.js";

/**
 * Runs PutTelemetryRecords.
 *
 * @param context - the engine state
 * @param input - the request body
 * @returns the empty response, once the batch is kept
 * @throws LocalXRayError for a record the model does not allow, or `InternalFailure` (retryable)
 *   when the data file cannot store the batch
 */
export async function putTelemetryRecords(context: EngineContext, input: JsonObject): Promise<PutTelemetryRecordsResult> {
  const batch = readTelemetryBatch(input, context.now());
  // In memory only once the data file has them (commit.ts): memory and file never disagree.
  await commitChanges(context, [{ type: "telemetry", batch }], () => context.telemetry.push(batch), "The records");
  return {};
}
