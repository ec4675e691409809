/**
 * PutTelemetryRecords: keep the validated records (tests read them back through
 * `XRayEngine.telemetry()`), durably when the engine has a journal.
 *
 * @packageDocumentation
 */
import type { PutTelemetryRecordsResult } from "../../../generated/models.js";
import type { EngineContext } from "../context.js";
import { LocalXRayError } from "../errors.js";
import type { JsonObject } from "../input.js";
import { readTelemetryBatch } from "../telemetry.js";

/**
 * Runs PutTelemetryRecords.
 *
 * @param context - the engine state
 * @param input - the request body
 * @returns the empty response, once the batch is kept
 * @throws LocalXRayError for a record the model does not allow, or `InternalFailure` when the
 *   journal cannot write the batch
 */
export async function putTelemetryRecords(context: EngineContext, input: JsonObject): Promise<PutTelemetryRecordsResult> {
  const batch = readTelemetryBatch(input, context.now());
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
