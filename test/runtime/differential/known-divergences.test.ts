/**
 * Differential test of the known divergences: inputs and responses outside what the model and
 * the service produce, where ours deliberately differs from `@aws-sdk/client-xray`; each test pins
 * both behaviours. Harness: `test/support/differential.ts`.
 */
import * as Ours from "../../../src/index.js";
import { describe, expect, it } from "vitest";
import { both, errorOf, errorPair, ok, outputOf, type Outcome, useFrozenDate } from "../../support/differential.js";

useFrozenDate();

/**
 * Inputs and responses outside what the model and the service produce, where the two clients
 * differ and ours is deliberately different (and, we judge, no worse). Each test pins BOTH
 * behaviours, so that it fails when either client changes and the divergence needs a new look.
 */
describe("known divergences (pinned on both sides)", () => {
  it("a 500 with an HTML body: the official throws a bare SyntaxError, ours a server-fault XRayServiceException quoting the body", async () => {
    const { ours, official } = await errorPair({
      statusCode: 500,
      headers: { "content-type": "text/html" },
      text: "<html><head><title>500</title></head><body><h1>Internal Server Error</h1></body></html>",
    });
    expect(official.name).toBe("SyntaxError");
    expect(official.$fault).toBeUndefined();
    expect(ours).toBeInstanceOf(Ours.XRayServiceException);
    expect({ name: ours.name, $fault: ours.$fault, status: ours.$metadata?.httpStatusCode }).toEqual({ name: "Unknown", $fault: "server", status: 500 });
    expect(ours.message).toContain("Internal Server Error");
  });

  const summariesInput = { StartTime: new Date(0), EndTime: new Date(1000) };
  const annotations = (outcome: Outcome): any =>
    (outputOf(outcome, "?") as unknown as { TraceSummaries: Array<{ Annotations: any }> }).TraceSummaries[0]!.Annotations;

  it("an annotation keyed __proto__: the official loses its value, ours keeps it as data", async () => {
    const body = '{"TraceSummaries":[{"Annotations":{"__proto__":[{"AnnotationValue":{"StringValue":"p"}}]}}]}';
    const { ours, official } = await both("GetTraceSummaries", summariesInput, ok(body));
    const o = annotations(official);
    const u = annotations(ours);
    expect(Object.getOwnPropertyDescriptor(o, "__proto__")?.value).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(u, "__proto__")?.value).toEqual([{ AnnotationValue: { StringValue: "p" } }]);
    // Neither pollutes prototypes.
    expect(Object.getPrototypeOf(u)).toBe(Object.prototype);
  });

  it("a union with two variants set: the official keeps both, ours the first in model order", async () => {
    const body = '{"TraceSummaries":[{"Annotations":{"a":[{"AnnotationValue":{"StringValue":"x","NumberValue":1}}]}}]}';
    const { ours, official } = await both("GetTraceSummaries", summariesInput, ok(body));
    expect(annotations(official).a[0].AnnotationValue).toEqual({ StringValue: "x", NumberValue: 1 });
    expect(annotations(ours).a[0].AnnotationValue).toEqual({ NumberValue: 1 });
  });

  it.each(["{}", '{"NumberValue":null}'])("a union with no variant set (%s): the official gives {}, ours leaves the member out", async (union) => {
    const body = `{"TraceSummaries":[{"Annotations":{"a":[{"AnnotationValue":${union}}]}}]}`;
    const { ours, official } = await both("GetTraceSummaries", summariesInput, ok(body));
    expect(annotations(official).a[0]).toEqual({ AnnotationValue: {} });
    expect(annotations(official).a[0]).toHaveProperty("AnnotationValue");
    expect(annotations(ours).a[0]).not.toHaveProperty("AnnotationValue");
  });

  it("an epoch-seconds timestamp sent as an ISO string: the official throws, ours parses it", async () => {
    const { ours, official } = await both("GetTraceSummaries", summariesInput, ok('{"ApproximateTime":"2026-11-24T12:00:00Z"}'));
    expect(errorOf(official, "official")).toBeInstanceOf(TypeError);
    expect(outputOf(ours, "ours")["ApproximateTime"]).toEqual(new Date("2026-11-24T12:00:00Z"));
  });

  it("a 200 whose body is not JSON: the official throws a SyntaxError, ours an XRayServiceException", async () => {
    const { ours, official } = await both("PutTraceSegments", { TraceSegmentDocuments: [] }, ok("<html>OK</html>"));
    expect(errorOf(official, "official").name).toBe("SyntaxError");
    const error = errorOf(ours, "ours");
    expect(error).toBeInstanceOf(Ours.XRayServiceException);
    expect(error.name).toBe("SerializationException");
    expect(error.$metadata.httpStatusCode).toBe(200);
  });

  it.each(["[1,2]", '"text"'])("a 200 whose JSON body is not an object (%s): the official returns an empty output, ours throws", async (body) => {
    const { ours, official } = await both("PutTraceSegments", { TraceSegmentDocuments: [] }, ok(body));
    const { $metadata: _, ...rest } = outputOf(official, "official");
    expect(rest).toEqual({});
    expect(errorOf(ours, "ours").name).toBe("SerializationException");
  });

  it("a 200 whose body is null: the official fails with a TypeError, ours with an XRayServiceException", async () => {
    const { ours, official } = await both("PutTraceSegments", { TraceSegmentDocuments: [] }, ok("null"));
    expect(errorOf(official, "official")).toBeInstanceOf(TypeError);
    expect(errorOf(ours, "ours").name).toBe("SerializationException");
  });

  it("error bodies: both copy an unmodelled code's other fields onto the error (no longer a divergence)", async () => {
    const { ours, official } = await errorPair({
      statusCode: 403,
      headers: { "x-amzn-errortype": "AccessDeniedException" },
      text: '{"Message":"denied","Reason":"SCP","__type":"AccessDeniedException"}',
    });
    expect(official.Reason).toBe("SCP");
    expect(official.__type).toBe("AccessDeniedException");
    expect(ours.Reason).toBe(official.Reason);
    expect(ours.__type).toBe(official.__type);
  });

  it("an error message in errorMessage: the official says UnknownError, ours quotes it", async () => {
    const { ours, official } = await errorPair({
      statusCode: 400,
      headers: { "x-amzn-errortype": "AccessDeniedException" },
      text: '{"errorMessage":"from errorMessage"}',
    });
    expect(official.message).toBe("UnknownError");
    expect(ours.message).toContain("from errorMessage");
  });

  it("a custom endpoint with a trailing slash: the official sends //, ours a single /", async () => {
    const { ours, official } = await both("PutTraceSegments", { TraceSegmentDocuments: [] }, ok("{}"), {
      config: { endpoint: "https://proxy.example.com/xray/" },
    });
    expect(official.requests[0]!.path).toBe("/xray//TraceSegments");
    expect(ours.requests[0]!.path).toBe("/xray/TraceSegments");
  });

  it("a timestamp input given as a string (untyped callers): the official sends the string, ours a number or a TypeError", async () => {
    const iso = await both("GetTraceSummaries", { StartTime: "2026-11-24T11:00:00Z", EndTime: new Date(0) }, ok("{}"));
    expect(JSON.parse(iso.official.requests[0]!.body!)).toEqual({ StartTime: "2026-11-24T11:00:00Z", EndTime: 0 });
    expect(JSON.parse(iso.ours.requests[0]!.body!)).toEqual({ StartTime: Date.parse("2026-11-24T11:00:00Z") / 1000, EndTime: 0 });
    const numeric = await both("GetTraceSummaries", { StartTime: "1795000000", EndTime: new Date(0) }, ok("{}"));
    expect(JSON.parse(numeric.official.requests[0]!.body!)).toEqual({ StartTime: "1795000000", EndTime: 0 });
    expect(errorOf(numeric.ours, "ours")).toBeInstanceOf(TypeError);
    expect(numeric.ours.requests).toHaveLength(0);
  });

  it("an Invalid Date input: the official sends the invalid JSON `NaN`, ours throws a TypeError before sending", async () => {
    const { ours, official } = await both("GetTraceSummaries", { StartTime: new Date(NaN), EndTime: new Date(0) }, ok("{}"));
    expect(official.requests[0]!.body).toBe('{"StartTime":NaN,"EndTime":0}');
    expect(errorOf(ours, "ours")).toBeInstanceOf(TypeError);
    expect(ours.requests).toHaveLength(0);
  });
});
