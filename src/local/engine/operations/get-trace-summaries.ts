/**
 * GetTraceSummaries: the traces of a time window, newest first, optionally sampled and filtered
 * by a filter expression, in pages.
 *
 * Which time of a trace must fall in the window depends on `TimeRangeType`:
 * - `TraceId` (default): the trace's start, the earliest start of its (sub)segments;
 * - `Event`: the trace's last update, when the endpoint last stored a document of it
 *   (also returned as `MatchedEventTime`);
 * - `Service`: the end time of one of its segments.
 *
 * Pages are ordered by start time then id, and a `NextToken` names the last trace returned, so
 * traces stored while a client pages through never make it repeat or skip one.
 *
 * @packageDocumentation
 */
import type { GetTraceSummariesResultJson } from "../../../generated/wire.js";
import { compileFilter } from "../../filter/index.js";
import type { TraceView } from "../../filter/trace-view.js";
import { buildTraceView } from "../build-trace-view.js";
import type { EngineContext } from "../context.js";
import { invalidRequest } from "../errors.js";
import { optionalBoolean, optionalObject, optionalString, requiredTimeWindow, type JsonObject } from "../input.js";
import { decodeToken, encodeToken, stableFraction } from "../pagination.js";
import { buildTraceSummary } from "../summaries.js";
import { analyzeTrace, type TraceAnalysis } from "../trace-analysis.js";

const OPERATION = "GetTraceSummaries";
const TIME_RANGE_TYPES = ["TraceId", "Event", "Service"] as const;
type TimeRangeType = (typeof TIME_RANGE_TYPES)[number];

/**
 * Share of traces kept when `Sampling` is true and no `SamplingStrategy` value is given. X-Ray
 * does not document its default; half keeps small local data sets useful.
 */
const DEFAULT_SAMPLING_RATE = 0.5;

/**
 * Runs GetTraceSummaries.
 *
 * @param context - the engine state
 * @param input - the request body
 * @returns one page of summaries
 * @throws LocalXRayError InvalidRequestException for a bad window, range type, sampling
 *   strategy, filter expression (with the filter's positional message) or token
 */
export function getTraceSummaries(context: EngineContext, input: JsonObject): GetTraceSummariesResultJson {
  const { start, end } = requiredTimeWindow(input);
  const rangeType = (optionalString(input, "TimeRangeType") ?? "TraceId") as TimeRangeType;
  if (!TIME_RANGE_TYPES.includes(rangeType)) throw invalidRequest(`TimeRangeType must be one of ${TIME_RANGE_TYPES.join(", ")}, got "${rangeType}"`);
  const sampling = readSampling(input);
  const expression = optionalString(input, "FilterExpression");
  const filter = expression === undefined || expression.trim() === "" ? undefined : compile(expression);
  const query = { start, end, rangeType, sampling, expression };
  const token = optionalString(input, "NextToken");
  const after = token === undefined ? undefined : readPosition(decodeToken(token, OPERATION, query));

  const matches: Array<{ analysis: TraceAnalysis; matched: number }> = [];
  let processed = 0;
  for (const record of context.store.traces()) {
    const analysis = analyzeTrace(record);
    const matched = matchedTime(analysis, rangeType, start, end);
    if (matched === undefined) continue;
    const sampledOut = sampling !== undefined && stableFraction(analysis.id) >= sampling.rate;
    // A partial scan looks at a share of the traces; a fixed rate looks at all and keeps a share.
    if (sampledOut && sampling?.name === "PartialScan") continue;
    processed++;
    if (sampledOut) continue;
    if (filter && !filter(buildTraceView(analysis))) continue;
    matches.push({ analysis, matched });
  }
  matches.sort((a, b) => newestFirst(a.analysis, b.analysis));

  const from = after === undefined ? 0 : firstAfter(matches, after);
  const page = matches.slice(from, from + context.pageSizes.traceSummaries);
  const last = page.at(-1)?.analysis;
  const more = from + page.length < matches.length;
  return {
    TraceSummaries: page.map(({ analysis, matched }) => buildTraceSummary(analysis, rangeType === "Event" ? matched : undefined)),
    // "The start time of this page of results": pages run newest first, so a page starts at its newest trace.
    ApproximateTime: page[0]?.analysis.start ?? end,
    TracesProcessedCount: processed,
    ...(more && last ? { NextToken: encodeToken(OPERATION, query, [last.start, last.id]) } : {}),
  };
}

/** The time of the trace that fell in the window, or `undefined` when none did. */
function matchedTime(analysis: TraceAnalysis, rangeType: TimeRangeType, start: number, end: number): number | undefined {
  const within = (time: number): boolean => time >= start && time <= end;
  if (rangeType === "TraceId") return within(analysis.start) ? analysis.start : undefined;
  if (rangeType === "Event") {
    const updated = analysis.updatedAt / 1000;
    return within(updated) ? updated : undefined;
  }
  return analysis.segmentEnds.find(within);
}

function readSampling(input: JsonObject): { name: "PartialScan" | "FixedRate"; rate: number } | undefined {
  const strategy = optionalObject(input, "SamplingStrategy");
  if (optionalBoolean(input, "Sampling") !== true) return undefined;
  const name = optionalString(strategy ?? {}, "Name") ?? "FixedRate";
  if (name !== "PartialScan" && name !== "FixedRate") throw invalidRequest(`SamplingStrategy.Name must be PartialScan or FixedRate, got "${name}"`);
  const value = strategy?.["Value"] ?? undefined;
  if (value !== undefined && value !== null && (typeof value !== "number" || !(value >= 0 && value <= 100))) {
    throw invalidRequest("SamplingStrategy.Value must be a number from 0 to 1 (a fraction) or up to 100 (a percentage)");
  }
  // The model leaves the unit open: a value above 1 reads as a percentage.
  const rate = typeof value === "number" ? (value > 1 ? value / 100 : value) : DEFAULT_SAMPLING_RATE;
  return { name, rate };
}

function compile(expression: string): (view: TraceView) => boolean {
  try {
    return compileFilter(expression);
  } catch (error) {
    // The filter module's FilterExpressionError: its message already says what and where.
    if (error instanceof Error && error.name === "FilterExpressionError") throw invalidRequest(error.message);
    throw error;
  }
}

/** Newest start first; ties broken by id, descending, so the order is total. */
function newestFirst(a: TraceAnalysis, b: TraceAnalysis): number {
  return b.start - a.start || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function readPosition(position: unknown): [number, string] {
  if (Array.isArray(position) && typeof position[0] === "number" && typeof position[1] === "string") return [position[0], position[1]];
  throw invalidRequest("NextToken is not a token this endpoint issued");
}

/** Index of the first match that sorts after the last trace of the previous page. */
function firstAfter(matches: ReadonlyArray<{ analysis: TraceAnalysis }>, [start, id]: [number, string]): number {
  let low = 0;
  let high = matches.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const candidate = matches[middle]!.analysis;
    const isAfter = candidate.start < start || (candidate.start === start && candidate.id < id);
    if (isAfter) high = middle;
    else low = middle + 1;
  }
  return low;
}
