/**
 * Endpoint resolution from the model's `smithy.rules#endpointRuleSet`, which the generator
 * compiles to a function (`src/generated/endpoint-rules.ts`) over the functions of
 * `rules-functions.ts` and AWS's partition data, so the 48 `smithy.rules#endpointTests` of the
 * model hold for us as for the AWS SDKs (test/runtime/endpoint.test.ts).
 */
import type { Endpoint, EndpointV2 } from "@smithy/types";
import type { EndpointParameters, EndpointRules } from "./rules-functions.js";
import { checkEndpointUrl } from "./config-values.js";

export type { EndpointParameters } from "./rules-functions.js";

/** The resolved URL, as the runtime needs it. */
export interface ResolvedEndpoint {
  /** The endpoint URL; its path is a prefix of every operation path. */
  readonly url: URL;
  /** Headers the rules ask for (none for X-Ray today). */
  readonly headers: Readonly<Record<string, readonly string[]>>;
}

/**
 * Runs a service's compiled endpoint rules. Results are cached per parameter combination by the
 * caller.
 *
 * @param rules - the compiled rule set, e.g. the generated `resolveEndpointRules`
 * @param params - the parameters
 * @returns the endpoint
 * @throws EndpointError with the rule set's own message, e.g. when FIPS and a custom endpoint
 *   are combined or no region is configured
 */
export function resolveRuleSetEndpoint(rules: EndpointRules, params: EndpointParameters): ResolvedEndpoint {
  const endpoint = rules(params);
  return { url: new URL(endpoint.url), headers: endpoint.headers };
}

/** What the `endpoint` client option accepts, as in `@aws-sdk/client-xray`. */
export type EndpointOption = string | URL | Endpoint | EndpointV2;

/**
 * Normalizes the `endpoint` option to the URL string the rules engine takes as `Endpoint`.
 *
 * @param option - the caller's endpoint
 * @returns the URL as a string
 * @throws ConfigError (a `TypeError`) when the value is not a usable absolute URL
 */
export function endpointOptionToUrl(option: EndpointOption): string {
  let url: string;
  if (typeof option === "string") url = option;
  else if (option instanceof URL) url = option.href;
  else if ("url" in option) url = option.url.href;
  else {
    const protocol = option.protocol.endsWith(":") ? option.protocol : `${option.protocol}:`;
    url = `${protocol}//${option.hostname}${option.port ? `:${option.port}` : ""}${option.path ?? ""}`;
  }
  return checkEndpointUrl(url, "the endpoint option");
}
