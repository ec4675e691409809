/**
 * XRaySampler.start(): the polling schedule on fake timers, against times worked out by hand.
 * Rules at start and every 300 s plus jitter (random 0.5 → 2.5 s), at once when
 * LastRuleModification is newer; targets 10 s after start, then per Interval; back-off while
 * X-Ray fails; close() stops everything; nothing is ever thrown.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GetSamplingRulesCommand, GetSamplingTargetsCommand, type XRayClient } from "../../../src/index.js";
import { XRaySampler, type SamplingClient } from "../../../src/tracing/index.js";
import { DEFAULT_RULE, T0, rule } from "./rules.js";

/** A client answering from functions and recording when (ms after T0) each operation was called. */
function fakeClient(answers: { rules?: (call: number) => unknown; targets?: (call: number, input: unknown) => unknown }) {
  const calls: { operation: "rules" | "targets"; at: number; input: unknown; signal: AbortSignal | undefined }[] = [];
  const send = vi.fn(async (command: unknown, options?: { abortSignal?: AbortSignal }) => {
    const operation = command instanceof GetSamplingRulesCommand ? "rules" : command instanceof GetSamplingTargetsCommand ? "targets" : undefined;
    if (!operation) throw new Error("unexpected command");
    const input = (command as { input: unknown }).input;
    calls.push({ operation, at: Date.now() - T0, input, signal: options?.abortSignal });
    const index = calls.filter((call) => call.operation === operation).length - 1;
    const answer = operation === "rules" ? answers.rules?.(index) : answers.targets?.(index, input);
    if (answer instanceof Error) throw answer;
    return answer;
  });
  const at = (operation: "rules" | "targets") => calls.filter((call) => call.operation === operation).map((call) => call.at / 1000);
  return { client: { send } as unknown as SamplingClient & XRayClient, calls, at };
}

const rulesPage = (...rules: ReturnType<typeof rule>[]) => ({ SamplingRuleRecords: rules.map((SamplingRule) => ({ SamplingRule })), $metadata: {} });

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the polling schedule", () => {
  it("rules at 0 s and then every 302.5 s; targets at 10 s, then after the returned Interval", async () => {
    const { client, at } = fakeClient({
      rules: () => rulesPage(rule("cart", { Priority: 1, ReservoirSize: 5 }), DEFAULT_RULE),
      targets: (call) => ({ SamplingTargetDocuments: [{ RuleName: "cart", FixedRate: 0.1, Interval: call === 0 ? 20 : 10 }], $metadata: {} }),
    });
    const sampler = new XRaySampler({ client, random: () => 0.5 });
    sampler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sampler.shouldSample({ urlPath: "/" }).ruleName).toBe("cart");
    await vi.advanceTimersByTimeAsync(610_000);
    expect(at("rules")).toEqual([0, 302.5, 605]);
    // 10 s, then Interval 20 s once, then 10 s.
    expect(at("targets").slice(0, 4)).toEqual([10, 30, 40, 50]);
    expect(at("targets")).toHaveLength(1 + 1 + 58);
    sampler.close();
  });

  it("reads every page of rules", async () => {
    const { client, calls } = fakeClient({
      rules: (call) => (call === 0 ? { ...rulesPage(rule("a", { Priority: 1, HTTPMethod: "GET" })), NextToken: "p2" } : rulesPage(DEFAULT_RULE)),
    });
    const sampler = new XRaySampler({ client });
    sampler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((call) => call.input)).toEqual([{}, { NextToken: "p2" }]);
    expect(sampler.shouldSample({ httpMethod: "PUT" }).ruleName).toBe("Default");
    expect(sampler.shouldSample({ httpMethod: "GET" }).ruleName).toBe("a");
    sampler.close();
  });

  it("sends the statistics it counted, and fetches the rules at once when LastRuleModification is newer", async () => {
    const { client, calls, at } = fakeClient({
      rules: () => rulesPage(rule("cart", { Priority: 1, ReservoirSize: 5 }), DEFAULT_RULE),
      targets: (call) => ({ SamplingTargetDocuments: [], LastRuleModification: new Date(T0 + (call === 1 ? 15_000 : 0)), $metadata: {} }),
    });
    const sampler = new XRaySampler({ client, random: () => 0.5, clientId: "aaaaaaaaaaaaaaaaaaaaaaaa" });
    sampler.start();
    await vi.advanceTimersByTimeAsync(0);
    sampler.shouldSample({});
    sampler.shouldSample({});
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls[1]!.input).toEqual({
      SamplingStatisticsDocuments: [
        { RuleName: "cart", ClientID: "aaaaaaaaaaaaaaaaaaaaaaaa", Timestamp: new Date(T0 + 10_000), RequestCount: 2, SampledCount: 1, BorrowCount: 1 },
        { RuleName: "Default", ClientID: "aaaaaaaaaaaaaaaaaaaaaaaa", Timestamp: new Date(T0 + 10_000), RequestCount: 0, SampledCount: 0, BorrowCount: 0 },
      ],
    });
    await vi.advanceTimersByTimeAsync(20_000);
    // The second answer (at 20 s) says the rules changed at 15 s, after they were fetched at 0 s.
    expect(at("rules")).toEqual([0, 20]);
    expect(at("targets")).toEqual([10, 20, 30]);
    // The refresh restarted the 5-minute wait: next at 20 + 302.5 s.
    await vi.advanceTimersByTimeAsync(300_000);
    expect(at("rules")).toEqual([0, 20, 322.5]);
    sampler.close();
  });
});

describe("when X-Ray is unreachable", () => {
  it("rules are retried after 10, 20, 40, 80, 160 s, then every 300 s; no targets are asked without rules; nothing throws", async () => {
    const errors: unknown[] = [];
    const { client, at } = fakeClient({ rules: () => new Error("connect ECONNREFUSED") });
    const sampler = new XRaySampler({ client, onError: (error) => errors.push(error) });
    sampler.start();
    await vi.advanceTimersByTimeAsync(911_000);
    expect(at("rules")).toEqual([0, 10, 30, 70, 150, 310, 610, 910]);
    expect(at("targets")).toEqual([]);
    expect(errors).toHaveLength(8);
    // Meanwhile decisions use the fallback.
    expect(sampler.shouldSample({}).ruleName).toBe("Default");
    sampler.close();
  });

  it("targets are retried after 20, 40, 80, 160 s, then every 300 s, and back to 10 s after a success", async () => {
    const { client, at } = fakeClient({
      rules: () => rulesPage(DEFAULT_RULE),
      targets: (call) => (call < 5 ? new Error("ThrottledException") : { $metadata: {} }),
    });
    const sampler = new XRaySampler({ client, random: () => 0, onError: () => {
      throw new Error("a throwing logger changes nothing");
    } });
    sampler.start();
    await vi.advanceTimersByTimeAsync(640_000);
    expect(at("targets")).toEqual([10, 30, 70, 150, 310, 610, 620, 630, 640]);
    sampler.close();
  });

  it("close() stops both loops and aborts the call in flight", async () => {
    const { client, calls } = fakeClient({ rules: () => new Promise(() => {}) });
    const sampler = new XRaySampler({ client });
    sampler.start();
    await vi.advanceTimersByTimeAsync(0);
    sampler.close();
    expect(calls[0]!.signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    sampler.start();
    expect(calls).toHaveLength(1);
  });
});

describe("the process", () => {
  it("exits while the sampler polls an endpoint that never answers (timers and calls do not hold it)", async () => {
    vi.useRealTimers();
    const repo = fileURLToPath(new URL("../../..", import.meta.url));
    // A client whose calls never settle, and a started sampler: the script must still end by itself.
    const script = `
      import { XRaySampler } from "./src/tracing/index.ts";
      const sampler = new XRaySampler({ client: { send: () => new Promise(() => {}) } });
      sampler.start();
      console.log(sampler.shouldSample({ urlPath: "/" }).ruleName);
    `;
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repo, timeout: 15_000 }, (_error, stdout) =>
        resolve({ code: child.exitCode, stdout }),
      );
    });
    expect(result).toEqual({ code: 0, stdout: "Default\n" });
  });
});
