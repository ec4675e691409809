/**
 * `ServiceStatistics` / `EdgeStatistics`: how many completed requests succeeded, failed with a
 * 4xx (throttles counted apart), or failed with a 5xx, and their total response time.
 *
 * @packageDocumentation
 */
import type { EdgeStatistics, ServiceStatistics } from "../../generated/models.js";
import { roundSeconds } from "./histogram.js";
import type { Observation } from "./trace-analysis.js";

/**
 * Counts completed observations; in-progress ones are not counted (X-Ray counts completed
 * requests). Each request counts once: a fault first, then an error, else OK.
 *
 * @param observations - requests served or calls made
 * @returns the statistics
 */
export function statistics(observations: Iterable<Observation>): EdgeStatistics & ServiceStatistics {
  let ok = 0;
  let throttles = 0;
  let otherErrors = 0;
  let faults = 0;
  let responseTime = 0;
  for (const { start, end, flags } of observations) {
    if (end === undefined) continue;
    responseTime += end - start;
    if (flags.fault) faults++;
    else if (flags.throttle) throttles++;
    else if (flags.error) otherErrors++;
    else ok++;
  }
  return {
    OkCount: ok,
    ErrorStatistics: { ThrottleCount: throttles, OtherCount: otherErrors, TotalCount: throttles + otherErrors },
    FaultStatistics: { OtherCount: faults, TotalCount: faults },
    TotalCount: ok + throttles + otherErrors + faults,
    TotalResponseTime: roundSeconds(responseTime),
  };
}

/**
 * Response times of the completed observations.
 *
 * @param observations - requests or calls
 * @returns their durations, seconds
 */
export function responseTimes(observations: Iterable<Observation>): number[] {
  const times: number[] = [];
  for (const { start, end } of observations) if (end !== undefined) times.push(end - start);
  return times;
}
