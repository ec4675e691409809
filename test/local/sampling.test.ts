/**
 * Sampling on the wire: the local endpoint answers GetSamplingRules (Default plus the rules it
 * was given) and GetSamplingTargets (ReservoirSize shared among reporting clients, the rule's
 * FixedRate, a 15 s quota TTL, Interval 10 s), and an XRaySampler polls it over loopback.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  GetSamplingRulesCommand,
  GetSamplingTargetsCommand,
  InvalidRequestException,
  XRayClient,
  paginateGetSamplingRules,
  type SamplingRule,
} from "../../src/index.js";
import { startLocalXRay, type LocalXRay, type LocalXRayOptions } from "../../src/local/index.js";
import { XRaySampler, parseSamplingRules } from "../../src/tracing/index.js";

const CREDENTIALS = { accessKeyId: "AKIDLOCALTEST", secretAccessKey: "local-test-secret" };
const T0 = 1_700_000_000_000;
const CART: SamplingRule = {
  RuleName: "cart",
  ResourceARN: "*",
  Priority: 10,
  FixedRate: 0,
  ReservoirSize: 4,
  ServiceName: "shop",
  ServiceType: "*",
  Host: "*",
  HTTPMethod: "GET",
  URLPath: "/cart*",
  Version: 1,
};

let servers: LocalXRay[] = [];
let clients: XRayClient[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function endpoint(options: LocalXRayOptions): Promise<{ xray: LocalXRay; client: XRayClient }> {
  const xray = await startLocalXRay(options);
  servers.push(xray);
  const client = new XRayClient({ endpoint: xray.endpoint, region: "us-east-1", credentials: CREDENTIALS });
  clients.push(client);
  return { xray, client };
}

describe("the local endpoint's sampling operations", () => {
  it("GetSamplingRules: the given rules, then X-Ray's Default, with ARNs and times", async () => {
    const { client } = await endpoint({ samplingRules: [CART], now: () => T0 });
    const records = [];
    for await (const page of paginateGetSamplingRules({ client }, {})) records.push(...(page.SamplingRuleRecords ?? []));
    expect(records.map((record) => [record.SamplingRule?.RuleName, record.SamplingRule?.ReservoirSize, record.SamplingRule?.FixedRate])).toEqual([
      ["cart", 4, 0],
      ["Default", 1, 0.05],
    ]);
    expect(records[0]).toMatchObject({
      SamplingRule: { ...CART, RuleARN: "arn:aws:xray:us-east-1:000000000000:sampling-rule/cart" },
      CreatedAt: new Date(T0),
      ModifiedAt: new Date(T0),
    });
  });

  it("a local rules file replaces Default with its own default", async () => {
    const file = parseSamplingRules({ version: 2, rules: [{ host: "*", http_method: "*", url_path: "/health", fixed_target: 0, rate: 0 }], default: { fixed_target: 2, rate: 0.5 } });
    const { client } = await endpoint({ samplingRules: file });
    const { SamplingRuleRecords = [] } = await client.send(new GetSamplingRulesCommand({}));
    expect(SamplingRuleRecords.map((record) => [record.SamplingRule?.RuleName, record.SamplingRule?.URLPath, record.SamplingRule?.ReservoirSize])).toEqual([
      ["local-1", "/health", 0],
      ["Default", "*", 2],
    ]);
  });

  it("GetSamplingTargets: quotas share ReservoirSize among the clients reporting, TTL 15 s, Interval 10 s; unknown rules unprocessed", async () => {
    let now = T0;
    const { xray, client } = await endpoint({ samplingRules: [CART], now: () => now });
    const report = (clientId: string, ruleName = "cart") => ({ RuleName: ruleName, ClientID: clientId, Timestamp: new Date(now), RequestCount: 7, SampledCount: 3, BorrowCount: 1 });
    now = T0 + 5000;
    const first = await client.send(new GetSamplingTargetsCommand({ SamplingStatisticsDocuments: [report("a".repeat(24)), report("a".repeat(24), "gone")] }));
    expect(first.SamplingTargetDocuments).toEqual([{ RuleName: "cart", FixedRate: 0, ReservoirQuota: 4, ReservoirQuotaTTL: new Date(T0 + 20_000), Interval: 10 }]);
    expect(first.LastRuleModification).toEqual(new Date(T0));
    expect(first.UnprocessedStatistics).toEqual([{ RuleName: "gone", ErrorCode: "400", Message: "No sampling rule named gone" }]);
    const second = await client.send(new GetSamplingTargetsCommand({ SamplingStatisticsDocuments: [report("b".repeat(24))] }));
    expect(second.SamplingTargetDocuments?.[0]?.ReservoirQuota).toBe(2);
    // A client silent for over a minute no longer counts.
    now = T0 + 70_000;
    const third = await client.send(new GetSamplingTargetsCommand({ SamplingStatisticsDocuments: [report("b".repeat(24))] }));
    expect(third.SamplingTargetDocuments?.[0]?.ReservoirQuota).toBe(4);
    expect(xray.engine.samplingStatistics().map((statistics) => statistics.ClientID[0])).toEqual(["a", "b", "b"]);
    expect(xray.engine.samplingStatistics()[0]).toEqual({ RuleName: "cart", ClientID: "a".repeat(24), Timestamp: (T0 + 5000) / 1000, RequestCount: 7, SampledCount: 3, BorrowCount: 1 });
  });

  it("refuses a document without a ClientID", async () => {
    const { client } = await endpoint({});
    const bad = { RuleName: "Default", Timestamp: new Date(), RequestCount: 1, SampledCount: 0 };
    await expect(client.send(new GetSamplingTargetsCommand({ SamplingStatisticsDocuments: [bad as never] }))).rejects.toBeInstanceOf(InvalidRequestException);
  });
});

describe("an XRaySampler polling the local endpoint", () => {
  it("gets the rules, borrows before its first target, then samples the assigned quota", async () => {
    let now = T0;
    const { xray, client } = await endpoint({ samplingRules: [CART], now: () => now });
    let targetsAnswered = 0;
    const counting = {
      send: (command: never, options?: never) =>
        client.send(command, options).then((output: unknown) => {
          if ((command as object) instanceof GetSamplingTargetsCommand) targetsAnswered++;
          return output;
        }),
    } as unknown as XRayClient;
    // Only the poller's timers are faked; the client's sockets keep real time.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const sampler = new XRaySampler({ client: counting, now: () => now, random: () => 0.99, clientId: "c".repeat(24) });
    await sampler.start();
    const cart = { serviceName: "shop", httpMethod: "GET", urlPath: "/cart/1" };
    // Before a target: 1 borrowed this second, the rest at FixedRate 0.
    expect([1, 2, 3].map(() => sampler.shouldSample(cart).sampled)).toEqual([true, false, false]);
    expect(sampler.shouldSample({ serviceName: "shop", httpMethod: "POST", urlPath: "/cart" }).ruleName).toBe("Default");
    // 10 s later the poller reports its counts and gets the quota: 4 a second (one client), TTL 15 s.
    now = T0 + 10_000;
    await vi.advanceTimersByTimeAsync(10_000);
    vi.useRealTimers();
    await vi.waitFor(() => expect(targetsAnswered).toBe(1));
    expect(xray.engine.samplingStatistics()).toEqual([
      { RuleName: "cart", ClientID: "c".repeat(24), Timestamp: (T0 + 10_000) / 1000, RequestCount: 3, SampledCount: 1, BorrowCount: 1 },
      { RuleName: "Default", ClientID: "c".repeat(24), Timestamp: (T0 + 10_000) / 1000, RequestCount: 1, SampledCount: 1, BorrowCount: 1 },
    ]);
    now = T0 + 11_000;
    expect([1, 2, 3, 4, 5, 6].map(() => sampler.shouldSample(cart).sampled)).toEqual([true, true, true, true, false, false]);
    expect(sampler.takeStatistics()[0]).toMatchObject({ RuleName: "cart", RequestCount: 6, SampledCount: 4, BorrowCount: 0 });
    // Past the TTL (10 s + 15 s) without a new target: borrowing again.
    now = T0 + 25_000;
    expect([1, 2].map(() => sampler.shouldSample(cart).sampled)).toEqual([true, false]);
    sampler.close();
  });
});
