/**
 * Emits `endpoint-rules.ts`: the service's `smithy.rules#endpointRuleSet` compiled to one
 * function (`compile-endpoint-rules.ts`), which `service.ts` hands to the runtime.
 */
import { compileEndpointRules } from "./compile-endpoint-rules.js";
import type { GenerationContext } from "./context.js";
import { docComment } from "./docs.js";

/** Where a rendered rule set module comes from and imports from. */
export interface EndpointRulesModuleOptions {
  /** The JSON path of the trait, for errors. */
  readonly at: string;
  /** The generated-file header line(s). */
  readonly header: string;
  /** The specifier of the runtime's `rules-functions` module (or the whole runtime). */
  readonly runtime: string;
}

/**
 * `endpoint-rules.ts` of a generation run.
 *
 * @param ctx - the generation context
 * @returns the file's text
 * @throws ModelError when the rule set uses something the compiler does not implement
 */
export function emitEndpointRules(ctx: GenerationContext): string {
  return endpointRulesModule(ctx.service.traits?.["smithy.rules#endpointRuleSet"], {
    at: `$.shapes[${JSON.stringify(ctx.serviceId)}].traits["smithy.rules#endpointRuleSet"]`,
    header: ctx.header,
    runtime: ctx.runtime("rules-functions", 0),
  });
}

/**
 * A module exporting `resolveEndpointRules`, the rule set compiled.
 *
 * @param ruleSet - the `smithy.rules#endpointRuleSet` trait value
 * @param options - where the module comes from and imports from
 * @returns the module's text
 * @throws ModelError when the rule set uses something the compiler does not implement
 */
export function endpointRulesModule(ruleSet: unknown, options: EndpointRulesModuleOptions): string {
  const { body, imports } = compileEndpointRules(ruleSet, options.at);
  const names = [...imports, "type EndpointParameters", "type RuleSetEndpoint"];
  const doc = docComment("", "The service's `smithy.rules#endpointRuleSet`, compiled by the generator: the endpoint for the client's region, FIPS and dual-stack settings and custom endpoint.", [
    "@param params - the built-in parameters the client supplies",
    "@returns the endpoint of the first rule that matches",
    "@throws EndpointError with the rule set's message when an error rule matches or no rule does",
    "@internal",
  ]);
  return `${options.header}
import { ${names.join(", ")} } from "${options.runtime}";

${doc}export function resolveEndpointRules(params: EndpointParameters): RuleSetEndpoint {
${body.map((line) => `  ${line}`).join("\n")}
}
`;
}
