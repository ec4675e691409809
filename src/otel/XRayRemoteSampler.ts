/**
 * An OpenTelemetry `Sampler` on X-Ray's centralized sampling (`XRaySampler`,
 * src/tracing/sampling/sampler.ts): parent-based, so only root spans reach the rules, the
 * reservoirs and the statistics X-Ray is told about; rule values come from the span's attributes
 * (both semantic-convention generations) and the resource.
 */
import { context as otelContext, ROOT_CONTEXT, trace, TraceFlags, type Attributes, type Context, type Link, type SpanKind } from "@opentelemetry/api";
import { suppressTracing } from "@opentelemetry/core";
import type { Resource } from "@opentelemetry/resources";
import type { Sampler, SamplingResult } from "@opentelemetry/sdk-trace-base";
import { XRaySampler } from "../tracing/sampling/sampler.js";
import type { SamplingClient } from "../tracing/sampling/poller.js";
import type { SamplingRequest } from "../tracing/sampling/rule.js";
import { serviceTypeOf } from "./aws.js";

/** `SamplingDecision` values of `@opentelemetry/sdk-trace-base`. */
const NOT_RECORD = 0;
const RECORD_AND_SAMPLED = 2;

/** Options of {@link XRayRemoteSampler}. */
export interface XRayRemoteSamplerOptions {
  /** The service's resource: `service.name`, `cloud.platform` and ARNs come from it. */
  readonly resource: Resource;
  /** The client that polls GetSamplingRules and GetSamplingTargets; without one, 1 request a second plus 5%. */
  readonly client?: SamplingClient | undefined;
  /** The clock, epoch ms. @defaultValue Date.now */
  readonly now?: (() => number) | undefined;
  /** Randomness in [0, 1). @defaultValue Math.random */
  readonly random?: (() => number) | undefined;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** The path of a URL, or undefined when it is not one. */
function pathOf(url: string | undefined): string | undefined {
  if (url === undefined || !URL.canParse(url)) return undefined;
  return new URL(url).pathname;
}

/**
 * Samples root spans as X-Ray's centralized rules say, and follows the parent's decision for
 * every other span.
 *
 * @example
 * ```ts
 * import { resourceFromAttributes } from "@opentelemetry/resources";
 * import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
 * import { XRayClient } from "typed-xray";
 * import { XRayRemoteSampler } from "typed-xray/otel";
 *
 * const resource = resourceFromAttributes({ "service.name": "checkout", "cloud.platform": "aws_ecs" });
 * const sampler = new XRayRemoteSampler({ resource, client: new XRayClient({ region: "us-east-1" }) });
 * const provider = new BasicTracerProvider({ resource, sampler });
 * ```
 */
export class XRayRemoteSampler implements Sampler {
  /** The decisions and the polling, shared with `typed-xray/tracing`'s segment API. */
  readonly sampler: XRaySampler;
  readonly #service: Pick<SamplingRequest, "serviceName" | "serviceType" | "resourceArn">;

  /**
   * Starts polling X-Ray at once when a client is given (its calls are never traced).
   *
   * @param options - the resource, and a client for centralized rules
   */
  constructor(options: XRayRemoteSamplerOptions) {
    const attributes = options?.resource?.attributes ?? {};
    const resourceArn = text(attributes["aws.ecs.container.arn"]) ?? text(attributes["faas.id"]) ?? text(attributes["cloud.resource_id"]);
    this.#service = {
      serviceName: text(attributes["service.name"]),
      serviceType: serviceTypeOf(text(attributes["cloud.platform"]), text(attributes["aws.ecs.launchtype"])),
      ...(resourceArn === undefined ? {} : { resourceArn }),
    };
    this.sampler = new XRaySampler({ client: options?.client, now: options?.now, random: options?.random });
    // The poller's calls (and the timers it sets) run with tracing suppressed, so that an HTTP
    // instrumentation does not trace the sampler asking whether to trace.
    otelContext.with(suppressTracing(ROOT_CONTEXT), () => this.sampler.start());
  }

  /**
   * The decision for a new span: the parent's, or for a root span the rules'.
   *
   * @param context - the parent context
   * @param _traceId - the new span's trace ID
   * @param spanName - the new span's name
   * @param _spanKind - the new span's kind
   * @param attributes - the new span's attributes
   * @param _links - the new span's links
   * @returns RECORD_AND_SAMPLED or NOT_RECORD
   */
  shouldSample(context: Context, _traceId: string, spanName: string, _spanKind: SpanKind, attributes: Attributes, _links?: Link[]): SamplingResult {
    const parent = trace.getSpanContext(context);
    if (parent !== undefined && trace.isSpanContextValid(parent)) {
      return { decision: (parent.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? RECORD_AND_SAMPLED : NOT_RECORD };
    }
    const stringAttributes: Record<string, string> = {};
    for (const key of Object.keys(attributes)) {
      const value = attributes[key];
      if (typeof value === "string") stringAttributes[key] = value;
    }
    const url = text(attributes["url.full"]) ?? text(attributes["http.url"]);
    const request: SamplingRequest = {
      ...this.#service,
      host: text(attributes["http.host"]) ?? text(attributes["server.address"]) ?? text(attributes["net.host.name"]),
      httpMethod: text(attributes["http.method"]) ?? text(attributes["http.request.method"]),
      urlPath: text(attributes["http.target"])?.split("?")[0] ?? text(attributes["url.path"]) ?? pathOf(url) ?? (spanName.startsWith("/") ? spanName : "/"),
      attributes: stringAttributes,
    };
    return { decision: this.sampler.shouldSample(request).sampled ? RECORD_AND_SAMPLED : NOT_RECORD };
  }

  /** Stops polling X-Ray; decisions go on with the rules already known. */
  close(): void {
    this.sampler.close();
  }

  /**
   * The sampler's description, as OpenTelemetry's diagnostics print it.
   *
   * @returns its name
   */
  toString(): string {
    return "XRayRemoteSampler{parent-based, X-Ray centralized rules}";
  }
}
