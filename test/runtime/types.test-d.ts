/**
 * Type-level drop-in checks, enforced by `npm run typecheck`: code typed against
 * `@aws-sdk/client-xray` compiles unchanged against typed-xray, in both directions for inputs and
 * from ours to theirs for outputs.
 */
import type * as Official from "@aws-sdk/client-xray";
import { expectTypeOf } from "vitest";
import * as Ours from "../../src/index.js";

type Ops = "BatchGetTraces" | "GetTraceSummaries" | "PutTelemetryRecords" | "GetServiceGraph" | "PutTraceSegments" | "GetTraceGraph";
type OurInput<O extends Ops> = InstanceType<(typeof Ours)[`${O}Command`]>["input"];

// Inputs: each side's input type is accepted by the other.
expectTypeOf<Official.GetTraceSummariesCommandInput>().toExtend<Ours.GetTraceSummariesCommandInput>();
expectTypeOf<Ours.GetTraceSummariesCommandInput>().toExtend<Official.GetTraceSummariesCommandInput>();
expectTypeOf<Official.BatchGetTracesCommandInput>().toExtend<Ours.BatchGetTracesCommandInput>();
expectTypeOf<Ours.BatchGetTracesCommandInput>().toExtend<Official.BatchGetTracesCommandInput>();
expectTypeOf<Official.PutTelemetryRecordsCommandInput>().toExtend<Ours.PutTelemetryRecordsCommandInput>();
expectTypeOf<Ours.PutTelemetryRecordsCommandInput>().toExtend<Official.PutTelemetryRecordsCommandInput>();
expectTypeOf<Official.GetServiceGraphCommandInput>().toExtend<Ours.GetServiceGraphCommandInput>();
expectTypeOf<Ours.GetServiceGraphCommandInput>().toExtend<Official.GetServiceGraphCommandInput>();
expectTypeOf<Official.PutTraceSegmentsCommandInput>().toExtend<Ours.PutTraceSegmentsCommandInput>();
expectTypeOf<Ours.PutTraceSegmentsCommandInput>().toExtend<Official.PutTraceSegmentsCommandInput>();
expectTypeOf<Official.GetTraceGraphCommandInput>().toExtend<Ours.GetTraceGraphCommandInput>();
expectTypeOf<Ours.GetTraceGraphCommandInput>().toExtend<Official.GetTraceGraphCommandInput>();
expectTypeOf<OurInput<"GetTraceGraph">>().toEqualTypeOf<Ours.GetTraceGraphCommandInput>();

// Outputs: what our client returns can be used wherever the official output is expected.
expectTypeOf<Ours.GetTraceSummariesCommandOutput>().toExtend<Official.GetTraceSummariesCommandOutput>();
expectTypeOf<Ours.BatchGetTracesCommandOutput>().toExtend<Official.BatchGetTracesCommandOutput>();
expectTypeOf<Ours.PutTelemetryRecordsCommandOutput>().toExtend<Official.PutTelemetryRecordsCommandOutput>();
expectTypeOf<Ours.GetServiceGraphCommandOutput>().toExtend<Official.GetServiceGraphCommandOutput>();
expectTypeOf<Ours.PutTraceSegmentsCommandOutput>().toExtend<Official.PutTraceSegmentsCommandOutput>();
expectTypeOf<Ours.GetTraceGraphCommandOutput>().toExtend<Official.GetTraceGraphCommandOutput>();

// Enums and unions carry the same values.
expectTypeOf<Ours.TimeRangeType>().toEqualTypeOf<Official.TimeRangeType>();
expectTypeOf<Ours.SamplingStrategyName>().toEqualTypeOf<Official.SamplingStrategyName>();
expectTypeOf<Ours.AnnotationValue>().toExtend<Official.AnnotationValue>();

// send() infers the output from the command.
declare const client: Ours.XRayClient;
expectTypeOf(client.send(new Ours.GetTraceGraphCommand({ TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] }))).resolves.toEqualTypeOf<Ours.GetTraceGraphCommandOutput>();
expectTypeOf(new Ours.XRay().getServiceGraph).returns.resolves.toEqualTypeOf<Ours.GetServiceGraphCommandOutput>();

// Required input cannot be left out (every X-Ray input has a required member).
// @ts-expect-error TraceIds is required
new Ours.GetTraceGraphCommand({});
// @ts-expect-error the input is required
new Ours.GetTraceSummariesCommand();

// Errors have literal names and faults, as in the official client.
expectTypeOf<Ours.ThrottledException["name"]>().toEqualTypeOf<"ThrottledException">();
expectTypeOf<Ours.InvalidRequestException["$fault"]>().toEqualTypeOf<"client">();
expectTypeOf<Ours.ThrottledException>().toExtend<Ours.XRayServiceException>();
