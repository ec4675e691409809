/**
 * GetSamplingRules and GetSamplingTargets for the local endpoint, so that a sampler can poll it
 * as it polls X-Ray: the rules are X-Ray's `Default` (1 a second, 5%) plus those given to the
 * endpoint, and each target hands out the rule's `ReservoirSize` shared among the clients that
 * reported the rule in the last minute, its `FixedRate`, a quota TTL and an `Interval` of 10 s
 * (see `docs/sampling.md`).
 *
 * @packageDocumentation
 */
import type { SamplingRule } from "../../../generated/models.js";
import { DEFAULT_RULE_NAME, DEFAULT_SAMPLING_RULE } from "../../../tracing/sampling/rule.js";
import { toSamplingRules, type LocalSamplingRules } from "../../../tracing/sampling/rules-file.js";
import { invalidRequest, serializationError } from "../errors.js";
import { optionalString, requiredList, requiredTimestamp, requireObject, type JsonObject } from "../input.js";

/** Seconds between GetSamplingTargets calls the endpoint asks for. */
export const TARGET_INTERVAL_SECONDS = 10;
/** How long a quota holds, in seconds: past the next poll, so it never lapses between two. */
export const QUOTA_TTL_SECONDS = 15;
/** A client counts towards a rule's share while it reported the rule this recently. */
const ACTIVE_CLIENT_MS = 60_000;
/** Most statistics documents per call (the model's `SamplingStatisticsDocumentList` length). */
const MAX_DOCUMENTS = 25;

/** X-Ray's Default rule, as a new account has it. */
const DEFAULT_RULE: SamplingRule = { ...DEFAULT_SAMPLING_RULE, Attributes: {} };

/** Rules the local endpoint serves: X-Ray rules, or a local rules file (whose `default` replaces X-Ray's). */
export type LocalEndpointSamplingRules = readonly SamplingRule[] | LocalSamplingRules;

/** One statistics document as the endpoint received it. */
export interface ReceivedSamplingStatistics {
  /** The rule the counts are for. */
  readonly RuleName: string;
  /** The reporting sampler's 24-character ID. */
  readonly ClientID: string;
  /** When the sampler took the counts, epoch seconds. */
  readonly Timestamp: number;
  /** Requests that matched the rule. */
  readonly RequestCount: number;
  /** Requests sampled, borrowed ones included. */
  readonly SampledCount: number;
  /** Requests sampled on borrowed reservoir. */
  readonly BorrowCount: number;
}

/** The rules, the clients using them, and the statistics received. */
export class LocalSampling {
  readonly #rules: SamplingRule[];
  readonly #now: () => number;
  /** Epoch seconds when the rules were set: their `CreatedAt`, `ModifiedAt` and `LastRuleModification`. */
  readonly #since: number;
  /** Per rule, each client's last report (epoch ms). */
  readonly #clients = new Map<string, Map<string, number>>();
  readonly #received: ReceivedSamplingStatistics[] = [];

  /**
   * @param rules - the rules to serve besides `Default`
   * @param now - the clock, epoch ms
   * @throws TypeError when a rule has no `RuleName`
   */
  constructor(rules: LocalEndpointSamplingRules | undefined, now: () => number) {
    const given = rules === undefined ? [] : Array.isArray(rules) ? [...rules] : toSamplingRules(rules as LocalSamplingRules);
    for (const rule of given) if (typeof rule?.RuleName !== "string" || rule.RuleName === "") throw new TypeError("samplingRules: every rule needs a RuleName");
    const hasDefault = given.some((rule) => rule.RuleName === DEFAULT_RULE_NAME);
    this.#rules = (hasDefault ? given : [...given, DEFAULT_RULE]).map((rule) => ({ ...DEFAULT_RULE, Priority: 1, ...rule }));
    this.#now = now;
    this.#since = now() / 1000;
  }

  /**
   * GetSamplingRules: every rule in one page (the local endpoint never has enough for two).
   *
   * @param input - the request body (`NextToken` is accepted and ignored)
   * @returns the rule records
   */
  getSamplingRules(input: JsonObject): JsonObject {
    optionalString(input, "NextToken");
    return {
      SamplingRuleRecords: this.#rules.map((rule) => ({
        SamplingRule: { ...rule, RuleARN: `arn:aws:xray:us-east-1:000000000000:sampling-rule/${rule.RuleName}` },
        CreatedAt: this.#since,
        ModifiedAt: this.#since,
      })),
    };
  }

  /**
   * GetSamplingTargets: a target for each known rule reported, an unprocessed entry for others.
   *
   * @param input - the request body
   * @returns targets, `LastRuleModification` and `UnprocessedStatistics`
   * @throws LocalXRayError InvalidRequestException for a missing list, more than 25 documents or
   *   a document missing a member; SerializationException for a member of the wrong type
   */
  getSamplingTargets(input: JsonObject): JsonObject {
    const documents = requiredList(input, "SamplingStatisticsDocuments");
    if (documents.length > MAX_DOCUMENTS) throw invalidRequest(`SamplingStatisticsDocuments has ${documents.length} items, more than ${MAX_DOCUMENTS}`);
    const now = this.#now();
    const read = documents.map((document, index) => readStatistics(document, `SamplingStatisticsDocuments[${index}]`));
    const targets: JsonObject[] = [];
    const unprocessed: JsonObject[] = [];
    for (const statistics of read) {
      const rule = this.#rules.find((candidate) => candidate.RuleName === statistics.RuleName);
      if (!rule) {
        unprocessed.push({ RuleName: statistics.RuleName, ErrorCode: "400", Message: `No sampling rule named ${statistics.RuleName}` });
        continue;
      }
      this.#received.push(statistics);
      const clients = this.#clients.get(statistics.RuleName) ?? new Map<string, number>();
      this.#clients.set(statistics.RuleName, clients);
      clients.set(statistics.ClientID, now);
      for (const [client, seen] of clients) if (now - seen > ACTIVE_CLIENT_MS) clients.delete(client);
      targets.push({
        RuleName: statistics.RuleName,
        FixedRate: rule.FixedRate ?? 0,
        ReservoirQuota: Math.floor((rule.ReservoirSize ?? 0) / clients.size),
        ReservoirQuotaTTL: now / 1000 + QUOTA_TTL_SECONDS,
        Interval: TARGET_INTERVAL_SECONDS,
      });
    }
    return { SamplingTargetDocuments: targets, LastRuleModification: this.#since, UnprocessedStatistics: unprocessed };
  }

  /** @returns the statistics documents received so far, oldest first */
  statistics(): readonly ReceivedSamplingStatistics[] {
    return [...this.#received];
  }
}

function readStatistics(value: unknown, path: string): ReceivedSamplingStatistics {
  const document = requireObject(value);
  const ruleName = optionalString(document, "RuleName", { min: 1, max: 32 });
  const clientId = optionalString(document, "ClientID", { min: 24, max: 24 });
  if (ruleName === undefined) throw invalidRequest(`${path}.RuleName is required`);
  if (clientId === undefined) throw invalidRequest(`${path}.ClientID is required`);
  const count = (name: string, required: boolean): number => {
    const raw = document[name];
    if (raw === undefined || raw === null) {
      if (required) throw invalidRequest(`${path}.${name} is required`);
      return 0;
    }
    if (typeof raw !== "number" || !Number.isInteger(raw)) throw serializationError(`${path}.${name} must be an integer`);
    if (raw < 0) throw invalidRequest(`${path}.${name} must be at least 0`);
    return raw;
  };
  return {
    RuleName: ruleName,
    ClientID: clientId,
    Timestamp: requiredTimestamp(document, "Timestamp"),
    RequestCount: count("RequestCount", true),
    SampledCount: count("SampledCount", true),
    BorrowCount: count("BorrowCount", false),
  };
}
