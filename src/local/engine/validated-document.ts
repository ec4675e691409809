/**
 * A segment document as the engine keeps it once validated (`ValidatedDocument`; the documents
 * the tracing helper builds are typed in `src/tracing/segment-document.ts`), the limits X-Ray
 * documents for it, and small readers for the optional fields that validation does not constrain (`http`, `aws`,
 * `cause`): those are read defensively, since any JSON may sit there.
 *
 * Field names stay snake_case: they are the wire format. Source of the rules:
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html
 *
 * @packageDocumentation
 */
import type { AnnotationScalar } from "../filter/trace-view.js";

export type { AnnotationScalar };

// The rules themselves are shared with the segment builder (src/segment-rules/rules.ts).
export { MAX_DOCUMENT_BYTES as MAX_SEGMENT_DOCUMENT_BYTES } from "../../segment-rules/rules.js";

/**
 * A segment or subsegment document after validation: the fields below that validation checks
 * are known to have these types; everything else is left as sent.
 */
export interface ValidatedDocument {
  readonly id: string;
  readonly name: string;
  readonly start_time: number;
  readonly end_time?: number;
  readonly in_progress?: boolean;
  /** Required on segments and on subsegments sent on their own. */
  readonly trace_id?: string;
  /** A segment's caller, or the parent of a subsegment sent on its own. */
  readonly parent_id?: string;
  /** `"subsegment"` for a subsegment sent on its own. */
  readonly type?: string;
  /** `aws` for AWS SDK calls, `remote` for other downstream calls. */
  readonly namespace?: string;
  /** The resource type running the service, e.g. `AWS::EC2::Instance`. */
  readonly origin?: string;
  readonly user?: string;
  readonly resource_arn?: string;
  readonly fault?: boolean;
  readonly error?: boolean;
  readonly throttle?: boolean;
  readonly annotations?: Readonly<Record<string, AnnotationScalar>>;
  readonly subsegments?: readonly ValidatedDocument[];
  readonly http?: unknown;
  readonly aws?: unknown;
  readonly sql?: unknown;
  readonly cause?: unknown;
  readonly [field: string]: unknown;
}

/** A plain JSON object, or `undefined` for anything else. */
export function asObject(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A non-empty string, or `undefined`. */
export function asString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A finite number, or `undefined`. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/**
 * Reads a nested field, e.g. `field(doc, "http", "response", "status")`.
 *
 * @param value - where to start
 * @param path - object keys to follow
 * @returns the value found, or `undefined` when a step is not an object
 */
export function field(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const object = asObject(current);
    if (!object || !Object.hasOwn(object, key)) return undefined;
    current = object[key];
  }
  return current;
}

/** The HTTP facts of a (sub)segment's `http` block, as far as they are present and well typed. */
export interface HttpFacts {
  readonly method?: string;
  readonly url?: string;
  readonly userAgent?: string;
  readonly clientIp?: string;
  readonly status?: number;
}

/**
 * Reads the `http` block of a document.
 *
 * @param doc - a segment or subsegment
 * @returns the facts, or `undefined` when there is no usable `http` block
 */
export function httpFacts(doc: ValidatedDocument): HttpFacts | undefined {
  if (!asObject(doc.http)) return undefined;
  const status = asNumber(field(doc.http, "response", "status"));
  const facts: HttpFacts = {
    method: asString(field(doc.http, "request", "method")),
    url: asString(field(doc.http, "request", "url")),
    userAgent: asString(field(doc.http, "request", "user_agent")),
    clientIp: asString(field(doc.http, "request", "client_ip")),
    status: status !== undefined && Number.isInteger(status) ? status : undefined,
  };
  return Object.values(facts).some((value) => value !== undefined) ? facts : undefined;
}
