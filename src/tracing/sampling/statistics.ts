/**
 * What a sampler tells X-Ray in GetSamplingTargets: per rule, how many requests matched, how
 * many were sampled (borrowed ones included) and how many were borrowed since the last report,
 * under a client ID that stays the same for the sampler's life.
 *
 * @packageDocumentation
 */
import type { SamplingStatisticsDocument } from "../../generated/models.js";
import type { CompiledRule } from "./rule.js";

/** A ClientID: exactly 24 hex digits (the model's length, and what the X-Ray SDKs send). */
const CLIENT_ID = /^[0-9a-f]{24}$/;

/**
 * Makes a ClientID from secure random bytes.
 *
 * @returns 24 lower-case hex digits
 */
export function newClientId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(12));
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

/**
 * Checks a caller's ClientID.
 *
 * @param clientId - the `clientId` option
 * @returns it, lower-cased
 * @throws TypeError when it is not 24 hex digits
 */
export function checkClientId(clientId: unknown): string {
  const lower = typeof clientId === "string" ? clientId.toLowerCase() : "";
  if (!CLIENT_ID.test(lower)) throw new TypeError("XRaySampler: clientId must be 24 hex digits");
  return lower;
}

/**
 * Takes every rule's counts as statistics documents and sets the counts back to zero.
 *
 * @param rules - the rules in use (centralized ones)
 * @param clientId - this sampler's ClientID
 * @param now - the report's time, epoch ms
 * @returns one document per rule
 */
export function takeRuleStatistics(rules: readonly CompiledRule[], clientId: string, now: number): SamplingStatisticsDocument[] {
  const timestamp = new Date(now);
  return rules.map((rule) => {
    const document: SamplingStatisticsDocument = {
      RuleName: rule.name,
      ClientID: clientId,
      Timestamp: timestamp,
      RequestCount: rule.requests,
      SampledCount: rule.sampled,
      BorrowCount: rule.borrowed,
    };
    rule.requests = 0;
    rule.sampled = 0;
    rule.borrowed = 0;
    return document;
  });
}
