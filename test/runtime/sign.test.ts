/**
 * SigV4 signatures, checked against oracles that share no code with our signing path:
 *
 * a. the published AWS SigV4 test suite (the vectors `@smithy/signature-v4` ships), signed with
 *    our `createSigner`, on node:crypto and driven by a hash object;
 * b. what the client actually sends for every operation, re-signed with `aws4` (mhart/aws4, an
 *    independent SigV4 implementation on node:crypto) — same credentials, date and headers — and
 *    compared signature for signature;
 * c. proof that the check in (b) can fail: other credentials, or a changed body, do not verify.
 */
import { createHash } from "node:crypto";
import { HttpRequest } from "@smithy/protocol-http";
import type { AwsCredentialIdentity } from "@smithy/types";
import aws4 from "aws4";
import { Sha256 } from "@aws-crypto/sha256-js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceGraphCommand,
  GetTraceSummariesCommand,
  PutTelemetryRecordsCommand,
  PutTraceSegmentsCommand,
  XRayClient,
} from "../../src/index.js";
import { createSigner } from "../../src/runtime/sign.js";

// The package has no `exports` map and no declarations next to dist-es, so load the ESM file by
// URL and type it with the package's own declaration of the same module.
type SigV4Suite = typeof import("sigv4-test-suite/dist-types/suite.fixture.js");
const suite = (await import(
  new URL("../../node_modules/sigv4-test-suite/dist-es/suite.fixture.js", import.meta.url).href
)) as SigV4Suite;

// The default hash signs on node:crypto (platform/node-sign.ts); another hash object drives the
// signer of src/runtime/sigv4.ts, the browsers' one.
describe.each([
  ["node:crypto", undefined],
  ["a hash object (@aws-crypto/sha256-js)", Sha256],
])("published AWS SigV4 test suite, signed by createSigner with %s", (_, sha256) => {
  it("has vectors to check", () => {
    // An empty list would make it.each below vacuous.
    expect(suite.requests.length).toBeGreaterThanOrEqual(20);
  });

  // applyChecksum=false: the published vectors do not sign x-amz-content-sha256.
  const sign = createSigner(suite.service, async () => suite.region, async () => suite.credentials, false, sha256);

  it.each(suite.requests)("$name", async ({ request, authorization }) => {
    const signed = await sign(new HttpRequest(request), suite.signingDate);
    expect(signed.headers["authorization"]).toBe(authorization);
  });
});

// ---------------------------------------------------------------------------------------------

const REGION = "us-east-1";
const SERVICE = "xray";
/** A leap day, one second before midnight and with milliseconds, to catch date-formatting slips. */
const NOW = new Date("2024-02-29T23:59:59.750Z");
const NOW_AMZ = "20240229T235959Z";

const staticCredentials: AwsCredentialIdentity = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};
const temporaryCredentials: AwsCredentialIdentity = {
  accessKeyId: "ASIAIOSFODNN7EXAMPLE",
  secretAccessKey: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
  // Session tokens are long and carry base64's '/', '+' and '='.
  sessionToken:
    "IQoJb3JpZ2luX2VjEOz//////////wEaCXVzLWVhc3QtMSJHMEUCIQDx+7Z0Xx1lBq/EXAMPLE+TOKEN+abc/def==",
};

/** A client whose transport records the (signed) requests instead of sending them. */
function capturingClient(credentials: AwsCredentialIdentity): { client: XRayClient; sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  const client = new XRayClient({
    region: REGION,
    credentials,
    requestHandler: {
      handle: async (request: HttpRequest) => {
        sent.push(request);
        return { response: { statusCode: 200, headers: {}, body: new TextEncoder().encode("{}") } };
      },
    },
  });
  return { client, sent };
}

/** The parts of an `Authorization` header value. */
function parseAuthorization(value: string | undefined): { credential: string; signedHeaders: string; signature: string } {
  const match = /^AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(value ?? "");
  expect(match, `not a SigV4 Authorization header: ${value}`).not.toBeNull();
  return { credential: match![1]!, signedHeaders: match![2]!, signature: match![3]! };
}

/**
 * Re-signs a captured request with aws4: same method, host, path, body and headers (minus
 * `authorization`), same credentials, region and service. aws4 signs at the request's
 * `x-amz-date` header when one is present, so the dates agree without clock tricks.
 */
function signWithAws4(request: HttpRequest, credentials: AwsCredentialIdentity) {
  const { authorization: _dropped, ...headers } = request.headers;
  expect(typeof request.body).toBe("string");
  const query = new URLSearchParams(request.query as Record<string, string>).toString();
  const signed = aws4.sign(
    {
      host: request.headers["host"],
      path: query ? `${request.path}?${query}` : request.path,
      method: request.method,
      headers,
      body: request.body as string,
      service: SERVICE,
      region: REGION,
    },
    {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    },
  );
  const authorization = signed.headers?.["Authorization"];
  return parseAuthorization(typeof authorization === "string" ? authorization : undefined);
}

/** Whether aws4, given `credentials`, computes the signature the request carries. */
function verifies(request: HttpRequest, credentials: AwsCredentialIdentity): boolean {
  return signWithAws4(request, credentials).signature === parseAuthorization(request.headers["authorization"]).signature;
}

/** Pins `Date` (only) so that every request is signed at {@link NOW}. */
function pinClock(): void {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
}

const TRACE_IDS = ["1-5759e988-bd862e3fe1be46a994272793", "1-581cf771-a006649127e371903a2de979"];
const START = new Date("2024-02-29T22:00:00Z");
const END = new Date("2024-02-29T23:00:00Z");

/** Sends one command on a client. (A function, as `send`'s overloads type each command separately.) */
type Call = (client: XRayClient) => Promise<unknown>;

/** A query with every optional member set, non-ASCII text included. */
const getTraceSummaries: Call = (client) =>
  client.send(
    new GetTraceSummariesCommand({
      StartTime: START,
      EndTime: END,
      TimeRangeType: "Event",
      Sampling: true,
      SamplingStrategy: { Name: "FixedRate", Value: 0.25 },
      // Quotes, a comparison and non-ASCII text: the body is UTF-8 and its hash must be too.
      FilterExpression: 'service("checkout") AND responsetime > 1.5 AND annotation.customer = "José Müller"',
    }),
  );

/** One realistic call per operation. */
const calls: Array<[string, Call]> = [
  ["BatchGetTraces", (client) => client.send(new BatchGetTracesCommand({ TraceIds: TRACE_IDS }))],
  ["GetTraceSummaries", getTraceSummaries],
  [
    "PutTelemetryRecords",
    (client) =>
      client.send(
        new PutTelemetryRecordsCommand({
          TelemetryRecords: [
            {
              Timestamp: END,
              SegmentsReceivedCount: 120,
              SegmentsSentCount: 118,
              SegmentsSpilloverCount: 0,
              SegmentsRejectedCount: 2,
              BackendConnectionErrors: {
                TimeoutCount: 1,
                ConnectionRefusedCount: 0,
                HTTPCode4XXCount: 0,
                HTTPCode5XXCount: 1,
                UnknownHostCount: 0,
                OtherCount: 0,
              },
            },
          ],
          EC2InstanceId: "i-0123456789abcdef0",
          Hostname: "ip-10-0-12-34.ec2.internal",
          ResourceARN: "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0",
        }),
      ),
  ],
  [
    "GetServiceGraph",
    (client) => client.send(new GetServiceGraphCommand({ StartTime: START, EndTime: END, GroupName: "Default" })),
  ],
  [
    "PutTraceSegments",
    (client) =>
      client.send(
        new PutTraceSegmentsCommand({
          TraceSegmentDocuments: [
            JSON.stringify({
              name: "checkout-api",
              id: "70de5b6f19ff9a0a",
              trace_id: TRACE_IDS[1],
              start_time: 1709247599.271,
              end_time: 1709247599.449,
              http: { request: { method: "POST", url: "https://shop.example.com/cart?id=42&x=a b" } },
            }),
          ],
        }),
      ),
  ],
  ["GetTraceGraph", (client) => client.send(new GetTraceGraphCommand({ TraceIds: [TRACE_IDS[0]!] }))],
];

describe("requests the client sends verify with aws4", () => {
  beforeEach(pinClock);
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Sends one command and returns the request as it left the client. */
  async function capture(credentials: AwsCredentialIdentity, call: Call): Promise<HttpRequest> {
    const { client, sent } = capturingClient(credentials);
    await call(client);
    expect(sent).toHaveLength(1);
    return sent[0]!;
  }

  /** The checks every captured request must pass. */
  function expectIndependentlyValid(request: HttpRequest, credentials: AwsCredentialIdentity): void {
    // The pinned clock reached the signer.
    expect(request.headers["x-amz-date"]).toBe(NOW_AMZ);
    // aws4 trusts x-amz-content-sha256 as the payload hash; check it against the body here.
    const body = request.body as string;
    expect(request.headers["x-amz-content-sha256"]).toBe(createHash("sha256").update(body, "utf8").digest("hex"));
    expect(request.headers["content-length"]).toBe(String(Buffer.byteLength(body, "utf8")));

    const ours = parseAuthorization(request.headers["authorization"]);
    const theirs = signWithAws4(request, credentials);
    expect(ours.credential).toBe(`${credentials.accessKeyId}/20240229/${REGION}/${SERVICE}/aws4_request`);
    expect(ours.credential).toBe(theirs.credential);
    expect(ours.signedHeaders).toBe(theirs.signedHeaders);
    expect(ours.signature).toBe(theirs.signature);
  }

  it.each(calls)("%s", async (_operation, call) => {
    const request = await capture(staticCredentials, call);
    expectIndependentlyValid(request, staticCredentials);
    expect(request.headers["x-amz-security-token"]).toBeUndefined();
  });

  it("GetTraceSummaries with temporary credentials sends and signs x-amz-security-token", async () => {
    const request = await capture(temporaryCredentials, getTraceSummaries);
    expect(request.headers["x-amz-security-token"]).toBe(temporaryCredentials.sessionToken);
    expect(parseAuthorization(request.headers["authorization"]).signedHeaders.split(";")).toContain("x-amz-security-token");
    expectIndependentlyValid(request, temporaryCredentials);
  });
});

describe("the aws4 check can fail", () => {
  let request: HttpRequest;
  beforeAll(async () => {
    pinClock();
    const { client, sent } = capturingClient(staticCredentials);
    await client.send(new GetTraceGraphCommand({ TraceIds: TRACE_IDS }));
    request = sent[0]!;
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it("a request signed with credentials A verifies with A but not with B", () => {
    // B shares A's access key id, so only the secret key can tell them apart.
    const other = { ...staticCredentials, secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYOTHERKEY" };
    expect(verifies(request, staticCredentials)).toBe(true);
    expect(verifies(request, other)).toBe(false);
  });

  it("a request whose body changed after signing does not verify", () => {
    // Keep the declared payload hash honest, as a tampering proxy would have to.
    const body = JSON.stringify({ TraceIds: [TRACE_IDS[1]] });
    const tampered = new HttpRequest({
      ...request,
      body,
      headers: { ...request.headers, "x-amz-content-sha256": createHash("sha256").update(body).digest("hex") },
    });
    expect(verifies(tampered, staticCredentials)).toBe(false);
  });
});
