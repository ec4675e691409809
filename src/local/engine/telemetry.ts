/**
 * PutTelemetryRecords: validation against the model's shapes and constraints, and the form the
 * engine keeps the records in (tests read them back through `XRayEngine.telemetry()`).
 *
 * @packageDocumentation
 */
import type { BackendConnectionErrors } from "../../generated/models.js";
import type { TelemetryRecordJson } from "../../generated/wire.js";
import { invalidRequest, serializationError } from "./errors.js";
import { optionalInteger, optionalObject, optionalString, requiredList, toEpochSeconds, type JsonObject } from "./input.js";

/**
 * `BackendConnectionErrors` as received: failed calls to X-Ray in the record's window, by cause.
 * Counts the sender left out are absent. The model's shape (`src/generated/models.ts`).
 */
export type BackendConnectionErrorsJson = BackendConnectionErrors;

export type { TelemetryRecordJson };

/** What one PutTelemetryRecords call delivered. */
export interface TelemetryBatch {
  /** When it arrived, epoch milliseconds. */
  readonly receivedAt: number;
  /** The EC2 instance the sender runs on, as sent (at most 20 characters). */
  readonly EC2InstanceId?: string;
  /** The sender's host name, as sent (at most 255 characters). */
  readonly Hostname?: string;
  /** The ARN of the resource the sender runs on, as sent (at most 500 characters). */
  readonly ResourceARN?: string;
  /** The records, in the order sent. */
  readonly TelemetryRecords: readonly TelemetryRecordJson[];
}

const COUNTS = ["SegmentsReceivedCount", "SegmentsSentCount", "SegmentsSpilloverCount", "SegmentsRejectedCount"] as const;
const CONNECTION_ERRORS = ["TimeoutCount", "ConnectionRefusedCount", "HTTPCode4XXCount", "HTTPCode5XXCount", "UnknownHostCount", "OtherCount"] as const;

/**
 * Validates a PutTelemetryRecords request.
 *
 * @param input - the request body
 * @param receivedAt - arrival time, epoch milliseconds
 * @returns the batch to keep
 * @throws LocalXRayError for a record without `Timestamp`, a count that is not a non-negative
 *   integer, or a string longer than the model allows
 */
export function readTelemetryBatch(input: JsonObject, receivedAt: number): TelemetryBatch {
  const records = requiredList(input, "TelemetryRecords").map((value, index) => readRecord(value, `TelemetryRecords[${index}]`));
  const EC2InstanceId = optionalString(input, "EC2InstanceId", { min: 0, max: 20 });
  const Hostname = optionalString(input, "Hostname", { min: 0, max: 255 });
  const ResourceARN = optionalString(input, "ResourceARN", { min: 0, max: 500 });
  return {
    receivedAt,
    ...(EC2InstanceId !== undefined ? { EC2InstanceId } : {}),
    ...(Hostname !== undefined ? { Hostname } : {}),
    ...(ResourceARN !== undefined ? { ResourceARN } : {}),
    TelemetryRecords: records,
  };
}

function readRecord(value: unknown, path: string): TelemetryRecordJson {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw serializationError(`${path} must be an object`);
  const record = value as JsonObject;
  if (record["Timestamp"] === undefined || record["Timestamp"] === null) throw invalidRequest(`${path}.Timestamp is required`);
  const out: TelemetryRecordJson = { Timestamp: toEpochSeconds(record["Timestamp"], `${path}.Timestamp`) };
  for (const name of COUNTS) {
    const count = readCount(record, name, path);
    if (count !== undefined) out[name] = count;
  }
  const errors = optionalObject(record, "BackendConnectionErrors");
  if (errors) {
    const counts: BackendConnectionErrorsJson = {};
    for (const name of CONNECTION_ERRORS) {
      const count = readCount(errors, name, `${path}.BackendConnectionErrors`);
      if (count !== undefined) counts[name] = count;
    }
    out.BackendConnectionErrors = counts;
  }
  return out;
}

function readCount(record: JsonObject, name: string, path: string): number | undefined {
  let count: number | undefined;
  try {
    count = optionalInteger(record, name);
  } catch {
    throw serializationError(`${path}.${name} must be an integer`);
  }
  if (count !== undefined && (count < 0 || count > 2 ** 31 - 1)) throw invalidRequest(`${path}.${name} must be between 0 and 2147483647, got ${count}`);
  return count;
}
