/**
 * The telemetry records the X-Ray daemon reports with PutTelemetryRecords: counts per reporting
 * window (what happened since the previous record), not totals. A record that could not be sent
 * is kept and sent with the next one, up to a bound.
 *
 * Browser-safe.
 */
import type { BackendConnectionErrors, TelemetryRecord } from "../../generated/models.js";

/** Telemetry settings of a `SegmentSender`. */
export interface TelemetryOptions {
  /**
   * Send a record every this many ms (the daemon uses 60 000). Unset: only when you call
   * `sendTelemetry()`, and none on `close()`.
   */
  readonly intervalMs?: number;
  /** The EC2 instance the records describe (at most 20 characters). */
  readonly EC2InstanceId?: string;
  /** The host the records describe (at most 255 characters). */
  readonly Hostname?: string;
  /** The resource the records describe (at most 500 characters). */
  readonly ResourceARN?: string;
}

/** The outcome of one `sendTelemetry()`. */
export interface TelemetryResult {
  /** Whether PutTelemetryRecords succeeded. */
  readonly sent: boolean;
  /** How many records the call carried (earlier unsent ones included). */
  readonly records: number;
  /** The failure, when it did not succeed. */
  readonly error?: unknown;
}

/** Cumulative counts, from which each record takes the difference to the previous one. */
export interface TelemetryTotals {
  readonly received: number;
  readonly sent: number;
  /** Documents dropped because the queue was full. */
  readonly spillover: number;
  /** Documents not delivered for any other reason (rejected, or dropped after retries). */
  readonly rejected: number;
  readonly connectionErrors: Readonly<Required<BackendConnectionErrors>>;
}

/** Records kept while PutTelemetryRecords fails; older ones are discarded past this. */
export const MAX_UNSENT_TELEMETRY_RECORDS = 30;

/** Model limits of the PutTelemetryRecords identity fields. */
const IDENTITY_LIMITS = { EC2InstanceId: 20, Hostname: 255, ResourceARN: 500 } as const;

/**
 * Checks the identity fields against the model's length limits.
 *
 * @param options - telemetry options
 * @throws TypeError when a field is not a string; RangeError when it is too long
 */
export function validateTelemetryOptions(options: TelemetryOptions): void {
  for (const [field, limit] of Object.entries(IDENTITY_LIMITS)) {
    const value = (options as Record<string, unknown>)[field];
    if (value === undefined) continue;
    if (typeof value !== "string") throw new TypeError(`SegmentSender: telemetry.${field} must be a string`);
    if (value.length > limit) throw new RangeError(`SegmentSender: telemetry.${field} is ${value.length} characters, over the limit of ${limit}`);
  }
}

/** A zeroed set of connection-error counters. */
export function zeroConnectionErrors(): Required<BackendConnectionErrors> {
  return { TimeoutCount: 0, ConnectionRefusedCount: 0, HTTPCode4XXCount: 0, HTTPCode5XXCount: 0, UnknownHostCount: 0, OtherCount: 0 };
}

/** Turns cumulative totals into per-window records and keeps those not yet delivered. */
export class TelemetryWindow {
  #reported: TelemetryTotals = { received: 0, sent: 0, spillover: 0, rejected: 0, connectionErrors: zeroConnectionErrors() };
  #unsent: TelemetryRecord[] = [];

  /**
   * Closes the current window.
   *
   * @param totals - the cumulative counts now
   * @param timestamp - the record's time
   * @returns every record to send now: the unsent ones, oldest first, then the new one
   */
  close(totals: TelemetryTotals, timestamp: Date): TelemetryRecord[] {
    const previous = this.#reported;
    const errors = zeroConnectionErrors();
    for (const key of Object.keys(errors) as (keyof typeof errors)[]) {
      errors[key] = totals.connectionErrors[key] - previous.connectionErrors[key];
    }
    this.#unsent.push({
      Timestamp: timestamp,
      SegmentsReceivedCount: totals.received - previous.received,
      SegmentsSentCount: totals.sent - previous.sent,
      SegmentsSpilloverCount: totals.spillover - previous.spillover,
      SegmentsRejectedCount: totals.rejected - previous.rejected,
      BackendConnectionErrors: errors,
    });
    if (this.#unsent.length > MAX_UNSENT_TELEMETRY_RECORDS) this.#unsent.splice(0, this.#unsent.length - MAX_UNSENT_TELEMETRY_RECORDS);
    this.#reported = { ...totals, connectionErrors: { ...totals.connectionErrors } };
    return [...this.#unsent];
  }

  /**
   * Forgets records that were delivered.
   *
   * @param records - the records a successful call carried
   */
  delivered(records: readonly TelemetryRecord[]): void {
    const done = new Set(records);
    this.#unsent = this.#unsent.filter((record) => !done.has(record));
  }
}
