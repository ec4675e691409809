/**
 * Documentation for X-Ray shapes and members that the model leaves undocumented.
 *
 * The official X-Ray model documents `TelemetryRecord`, `BackendConnectionErrors` and `ServiceId`
 * members, and the values of some enums, with an empty `<p></p>`, so a client generated from it
 * would show nothing where a user most needs to know what a count or a value means. An entry
 * here is used only when the model's own text is empty: the model always wins, and a model that
 * starts documenting a member replaces the entry without a change here.
 *
 * The telemetry meanings follow what the X-Ray daemon, the writer of these records, counts
 * (aws/aws-xray-daemon `pkg/telemetry/telemetry.go` and `pkg/processor/batchprocessor.go`).
 */

const XRAY = "com.amazonaws.xray#";

/** Markdown by shape id (`ns#Shape`) or member id (`ns#Shape$member`). */
const SUPPLEMENTS: Readonly<Record<string, string>> = {
  [`${XRAY}TelemetryRecord$Timestamp`]:
    "The end of the reporting window the counts cover. The X-Ray daemon closes a window, and makes a record of it, every 60 seconds.",
  [`${XRAY}TelemetryRecord$SegmentsReceivedCount`]: "Segment documents the daemon received from instrumented applications during the window.",
  [`${XRAY}TelemetryRecord$SegmentsSentCount`]: "Segment documents in `PutTraceSegments` calls that succeeded during the window (those X-Ray then listed as unprocessed included).",
  [`${XRAY}TelemetryRecord$SegmentsSpilloverCount`]: "Segment documents dropped during the window because the daemon's send buffer was full.",
  [`${XRAY}TelemetryRecord$SegmentsRejectedCount`]: "Segment documents X-Ray refused during the window: those returned in `UnprocessedTraceSegments`.",
  [`${XRAY}TelemetryRecord$BackendConnectionErrors`]: "Calls to X-Ray that failed during the window, by cause.",
  [`${XRAY}BackendConnectionErrors$TimeoutCount`]: "Calls that timed out.",
  [`${XRAY}BackendConnectionErrors$ConnectionRefusedCount`]: "Calls whose connection the X-Ray endpoint refused.",
  [`${XRAY}BackendConnectionErrors$HTTPCode4XXCount`]: "Calls answered with an HTTP 4xx status (a throttled call, with 429, included).",
  [`${XRAY}BackendConnectionErrors$HTTPCode5XXCount`]: "Calls answered with an HTTP 5xx status.",
  [`${XRAY}BackendConnectionErrors$UnknownHostCount`]: "Calls that could not reach the endpoint's host (e.g. its name did not resolve).",
  [`${XRAY}BackendConnectionErrors$OtherCount`]: "Calls that failed for any other reason.",
  [`${XRAY}PutTelemetryRecordsRequest$TelemetryRecords`]: "The records to upload, one per reporting window; the X-Ray daemon sends at most 10 per call.",
  [`${XRAY}ServiceId$Name`]: "The service's canonical name: the `name` of its segments, or of the subsegments that call it.",
  [`${XRAY}ServiceId$Names`]: "Every name the service appears under, the canonical one included.",
  [`${XRAY}ServiceId$AccountId`]: "The ID of the AWS account the service runs in, when the segments say.",
  [`${XRAY}ServiceId$Type`]: "The service's type: an AWS resource or service type such as `AWS::EC2::Instance` or `AWS::DynamoDB::Table`, `client`, or `remote`.",
  [`${XRAY}TimeRangeType`]: "Which time of a trace `GetTraceSummaries` compares with `StartTime` and `EndTime`.",
  [`${XRAY}TimeRangeType$TraceId`]: "The trace's start time.",
  [`${XRAY}TimeRangeType$Event`]: "The time the trace was last updated.",
  [`${XRAY}TimeRangeType$Service`]: "The end time of one of the trace's segments.",
  [`${XRAY}SamplingStrategyName`]:
    "How `GetTraceSummaries` samples when `Sampling` is `true`; `SamplingStrategy.Value` gives the share. AWS documents the strategies by name only.",
  [`${XRAY}SamplingStrategyName$PartialScan`]: "Scan only a share of the traces in the time range.",
  [`${XRAY}SamplingStrategyName$FixedRate`]: "Scan every trace in the time range and return a fixed share of the matches.",
};

/**
 * The supplementary documentation of a shape or member, for when the model has none.
 *
 * @param id - a shape id (`com.amazonaws.xray#TimeRangeType`) or member id (`…#TelemetryRecord$Timestamp`)
 * @returns Markdown, or `""` when there is none
 */
export function supplementaryDoc(id: string): string {
  return Object.hasOwn(SUPPLEMENTS, id) ? SUPPLEMENTS[id]! : "";
}
