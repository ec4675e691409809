/**
 * Any client can use the local endpoint: boto3 (botocore's own restJson1 serializer, parser and
 * SigV4 signer), pointed at it with `endpoint_url`, runs every operation with signature
 * verification on. Skipped when Python 3 with boto3 is not installed.
 */
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalXRay, type LocalXRay } from "../../src/local/index.js";
import { TRACE_A, TRACE_B, TRACE_C, WINDOW, scenarioDocuments, traceId } from "../support/local-scenario.js";

const execFileAsync = promisify(execFile);
const KEY = { accessKeyId: "AKIDBOTO3TEST", secretAccessKey: "boto3-test-secret" };
/**
 * The first Python 3 that can import boto3: `BOTO3_PYTHON` when set, else `python3` on PATH
 * (which may be a pyenv or virtualenv interpreter), else Debian's `/usr/bin/python3`, where the
 * `python3-boto3` package that CI installs (.ci/run) puts it.
 */
const python = [process.env["BOTO3_PYTHON"], "python3", "/usr/bin/python3"].find(
  (candidate) => candidate !== undefined && candidate !== "" && spawnSync(candidate, ["-c", "import boto3"], { stdio: "ignore" }).status === 0,
);
const hasBoto3 = python !== undefined;

const SCRIPT = `
import datetime, json, sys
import boto3
from botocore.exceptions import ClientError
args = json.loads(sys.argv[1])
xray = boto3.client("xray", endpoint_url=args["endpoint"], region_name="eu-west-1")
start = datetime.datetime.fromtimestamp(args["start"], datetime.timezone.utc)
end = datetime.datetime.fromtimestamp(args["end"], datetime.timezone.utc)
out = {}
out["put"] = xray.put_trace_segments(TraceSegmentDocuments=args["documents"])["UnprocessedTraceSegments"]
summaries = xray.get_trace_summaries(StartTime=start, EndTime=end)["TraceSummaries"]
out["summaries"] = [[s["Id"], s["HasFault"], s.get("Http", {}).get("HttpStatus")] for s in summaries]
out["paged"] = [s["Id"] for page in xray.get_paginator("get_trace_summaries").paginate(StartTime=start, EndTime=end) for s in page["TraceSummaries"]]
traces = xray.batch_get_traces(TraceIds=[args["traceA"], args["unknown"]])
out["documents"] = [seg["Document"] for seg in traces["Traces"][0]["Segments"]]
out["unprocessed"] = traces["UnprocessedTraceIds"]
out["graph"] = [s["Name"] for s in xray.get_service_graph(StartTime=start, EndTime=end)["Services"]]
out["traceGraph"] = [s["Name"] for s in xray.get_trace_graph(TraceIds=[args["traceB"]])["Services"]]
xray.put_telemetry_records(TelemetryRecords=[{"Timestamp": start, "SegmentsSentCount": 1}])
try:
    xray.get_trace_summaries(StartTime=end, EndTime=start)
except ClientError as error:
    out["error"] = [error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"], error.response["Error"]["Message"]]
print(json.dumps(out))
`;

describe.skipIf(!hasBoto3)("boto3 against the local endpoint", () => {
  let server: LocalXRay;
  beforeAll(async () => {
    server = await startLocalXRay({ verifySignatures: true, credentials: KEY, pageSizes: { traceSummaries: 1 } });
  });
  afterAll(() => server.close());

  it("runs every operation, signed, through botocore's serializers and parsers", async () => {
    const documents = scenarioDocuments();
    const args = { endpoint: server.endpoint, start: WINDOW.StartTime, end: WINDOW.EndTime, documents, traceA: TRACE_A, traceB: TRACE_B, unknown: traceId(0x404) };
    // Only these keys, whatever the machine's AWS configuration says.
    const { AWS_PROFILE: _profile, AWS_SESSION_TOKEN: _token, ...env } = process.env;
    // Asynchronously: the server answering Python runs in this process.
    const run = await execFileAsync(python!, ["-c", SCRIPT, JSON.stringify(args)], {
      encoding: "utf8",
      env: { ...env, AWS_ACCESS_KEY_ID: KEY.accessKeyId, AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey, AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" },
    });
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout);
    expect(out.put).toEqual([]);
    expect(out.summaries).toEqual([[TRACE_C, false, null]]);
    expect(out.paged).toEqual([TRACE_C, TRACE_B, TRACE_A]);
    expect(out.documents).toEqual([documents[3], documents[1], documents[2]]);
    expect(out.unprocessed).toEqual([traceId(0x404)]);
    expect(out.graph).toEqual(["client", "frontend", "payments", "bank.example", "carts", "postgres@db.internal"]);
    expect(out.traceGraph).toEqual(["client", "frontend", "carts"]);
    expect(out.error).toEqual(["InvalidRequestException", 400, expect.stringMatching(/must be after StartTime/)]);
    expect(server.engine.telemetry()).toHaveLength(1);
  });
});
