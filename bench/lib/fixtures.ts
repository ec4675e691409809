/**
 * Deterministic X-Ray responses and inputs for the bench, shaped like what the service returns
 * (every member name is from models/xray.json). Generated rather than committed so that the
 * sizes are parameters, and seeded so that every run parses the same bytes.
 */

/** Static credentials: the bench never talks to AWS. */
export const BENCH_CREDENTIALS = { accessKeyId: "AKIDBENCHMARK0000000", secretAccessKey: "bench-secret-not-a-real-key" } as const;

/** The region every bench client uses. */
export const BENCH_REGION = "us-east-1";

/** A fixed window, so that inputs (and therefore signatures) are the same in every run. */
const WINDOW_START = 1_700_000_000;

/** The GetTraceSummaries input every per-call figure sends. */
export const traceSummariesInput = () => ({
  StartTime: new Date(WINDOW_START * 1000),
  EndTime: new Date((WINDOW_START + 3600) * 1000),
  TimeRangeType: "Event" as const,
  Sampling: false,
  FilterExpression: 'service("checkout") AND responsetime > 0.5',
});

/** A small random-number generator (mulberry32), so fixtures are identical across runs. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Helpers over one seeded generator. */
function generator(seed: number) {
  const next = seeded(seed);
  const hex = (length: number): string => {
    let out = "";
    for (let i = 0; i < length; i++) out += Math.floor(next() * 16).toString(16);
    return out;
  };
  return {
    next,
    hex,
    int: (max: number): number => Math.floor(next() * max),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    traceId: (): string => `1-${(WINDOW_START + Math.floor(next() * 3600)).toString(16)}-${hex(24)}`,
    time: (): number => Math.round((WINDOW_START + next() * 3600) * 1000) / 1000,
  };
}
type Generator = ReturnType<typeof generator>;

const SERVICE_TYPES = ["AWS::EC2::Instance", "AWS::ECS::Container", "AWS::Lambda::Function", "AWS::DynamoDB::Table", "remote"];
const ACCOUNT = "123456789012";

const serviceId = (g: Generator, name: string) => ({ Name: name, Names: [name], AccountId: ACCOUNT, Type: g.pick(SERVICE_TYPES) });

const histogram = (g: Generator, entries: number) =>
  Array.from({ length: entries }, (_, i) => ({ Value: Math.round((0.001 + i * 0.05 + g.next() * 0.01) * 1000) / 1000, Count: 1 + g.int(500) }));

const statistics = (g: Generator) => {
  const errors = g.int(20);
  const faults = g.int(5);
  const ok = 500 + g.int(5000);
  return {
    OkCount: ok,
    ErrorStatistics: { ThrottleCount: g.int(3), OtherCount: errors, TotalCount: errors + 1 },
    FaultStatistics: { OtherCount: faults, TotalCount: faults },
    TotalCount: ok + errors + faults + 1,
    TotalResponseTime: Math.round(g.next() * 1e5) / 100,
  };
};

/**
 * A GetTraceSummaries response with `count` detailed summaries (annotations, root causes,
 * service ids), about 2 kB of JSON each.
 *
 * @param count - how many summaries
 * @returns the response body
 */
export function traceSummariesResponse(count = 4): string {
  const g = generator(1);
  const TraceSummaries = Array.from({ length: count }, (_, i) => {
    const services = ["checkout", "payments", "inventory"].map((name) => serviceId(g, name));
    return {
      Id: g.traceId(),
      StartTime: g.time(),
      Duration: Math.round(g.next() * 2000) / 1000,
      ResponseTime: Math.round(g.next() * 1500) / 1000,
      HasFault: i % 7 === 0,
      HasError: i % 3 === 0,
      HasThrottle: false,
      IsPartial: false,
      Http: { HttpURL: `https://shop.example.com/orders/${g.hex(8)}`, HttpStatus: i % 3 === 0 ? 404 : 200, HttpMethod: "GET", UserAgent: "Mozilla/5.0 (bench)", ClientIp: `10.0.${g.int(255)}.${g.int(255)}` },
      Annotations: {
        customer: [{ AnnotationValue: { StringValue: `customer-${g.hex(6)}` }, ServiceIds: [services[0]] }],
        retries: [{ AnnotationValue: { NumberValue: g.int(4) }, ServiceIds: [services[1]] }],
        cached: [{ AnnotationValue: { BooleanValue: g.next() < 0.5 }, ServiceIds: [services[2]] }],
      },
      Users: [{ UserName: `user-${g.hex(4)}`, ServiceIds: [services[0]] }],
      ServiceIds: services,
      ResourceARNs: [{ ARN: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders` }],
      InstanceIds: [{ Id: `i-${g.hex(17)}` }],
      AvailabilityZones: [{ Name: "us-east-1a" }],
      EntryPoint: services[0],
      FaultRootCauses: [],
      ErrorRootCauses: [
        {
          Services: [{ ...services[2], EntityPath: [{ Name: "inventory", Exceptions: [{ Name: "NotFound", Message: "no such item" }], Remote: false }], Inferred: false }],
          ClientImpacting: true,
        },
      ],
      ResponseTimeRootCauses: [
        { Services: [{ ...services[1], EntityPath: [{ Name: "payments", Coverage: 0.75, Remote: true }], Inferred: false }], ClientImpacting: false },
      ],
      Revision: 1 + g.int(3),
      MatchedEventTime: g.time(),
    };
  });
  return JSON.stringify({ TraceSummaries, ApproximateTime: WINDOW_START, TracesProcessedCount: count * 10, NextToken: g.hex(64) });
}

/** One segment document (a JSON string, as BatchGetTraces returns them) with a few subsegments. */
function segmentDocument(g: Generator, traceId: string): string {
  const start = g.time();
  const subsegments = Array.from({ length: 4 }, (_, i) => ({
    id: g.hex(16),
    name: g.pick(["DynamoDB", "S3", "payments.example.com", "SQS"]),
    start_time: start + i * 0.01,
    end_time: start + i * 0.01 + g.next() * 0.05,
    namespace: i % 2 === 0 ? "aws" : "remote",
    http: { request: { method: "POST", url: `https://api.example.com/v1/${g.hex(12)}` }, response: { status: 200, content_length: g.int(9000) } },
    aws: { operation: "GetItem", region: "us-east-1", request_id: g.hex(32), retries: 0, table_name: "orders" },
    metadata: { default: { attempt: 1, payload: g.hex(64) } },
  }));
  return JSON.stringify({
    id: g.hex(16),
    trace_id: traceId,
    name: "checkout",
    origin: "AWS::ECS::Container",
    start_time: start,
    end_time: start + 0.25,
    http: { request: { method: "GET", url: `https://shop.example.com/cart/${g.hex(8)}`, client_ip: "10.0.0.1", user_agent: "Mozilla/5.0 (bench)" }, response: { status: 200 } },
    aws: { ecs: { container: `checkout-${g.hex(8)}` }, xray: { sdk: "typed-xray", sdk_version: "0.1.0" } },
    annotations: { customer: `customer-${g.hex(6)}`, cart_items: g.int(20) },
    metadata: { default: { notes: g.hex(128) } },
    subsegments,
  });
}

/**
 * A BatchGetTraces response of about `targetBytes` (5 MB by default): traces of ten segments
 * each, every segment document a JSON string with subsegments.
 *
 * @param targetBytes - the size to reach, in UTF-8 bytes (all ASCII here)
 * @returns the response body
 */
export function batchGetTracesResponse(targetBytes = 5_000_000): string {
  const g = generator(2);
  const Traces: unknown[] = [];
  let size = 0;
  while (size < targetBytes) {
    const Id = g.traceId();
    const Segments = Array.from({ length: 10 }, () => ({ Id: g.hex(16), Document: segmentDocument(g, Id) }));
    const trace = { Id, Duration: Math.round(g.next() * 3000) / 1000, LimitExceeded: false, Segments };
    size += JSON.stringify(trace).length + 1;
    Traces.push(trace);
  }
  return JSON.stringify({ Traces, UnprocessedTraceIds: [] });
}

/**
 * A GetServiceGraph response with `services` services, each with three edges and histograms.
 *
 * @param services - how many services
 * @returns the response body
 */
export function serviceGraphResponse(services = 200): string {
  const g = generator(3);
  const Services = Array.from({ length: services }, (_, i) => {
    const name = `service-${i}`;
    return {
      ReferenceId: i,
      Name: name,
      Names: [name],
      Root: i === 0,
      AccountId: ACCOUNT,
      Type: g.pick(SERVICE_TYPES),
      State: "active",
      StartTime: WINDOW_START,
      EndTime: WINDOW_START + 3600,
      Edges: Array.from({ length: 3 }, () => ({
        ReferenceId: g.int(services),
        StartTime: WINDOW_START,
        EndTime: WINDOW_START + 3600,
        SummaryStatistics: statistics(g),
        ResponseTimeHistogram: histogram(g, 12),
        Aliases: [{ Name: `${name}-alias`, Names: [`${name}-alias`], Type: "remote" }],
        EdgeType: "REQUEST",
      })),
      SummaryStatistics: statistics(g),
      DurationHistogram: histogram(g, 16),
      ResponseTimeHistogram: histogram(g, 16),
    };
  });
  return JSON.stringify({ StartTime: WINDOW_START, EndTime: WINDOW_START + 3600, Services, ContainsOldGroupVersions: false });
}

/** The PutTraceSegments input of the loopback figure: one closed segment document. */
export const putTraceSegmentsInput = () => ({
  TraceSegmentDocuments: [segmentDocument(generator(4), "1-6553f100-0123456789abcdef01234567")],
});

/** What the loopback server answers to PutTraceSegments. */
export const PUT_TRACE_SEGMENTS_RESPONSE = '{"UnprocessedTraceSegments":[]}';
