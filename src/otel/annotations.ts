/**
 * Annotations and metadata of a span (docs/otel-translation.md, "Annotations, metadata"):
 * attributes chosen for indexing become annotations when X-Ray can index their values; every
 * other attribute the blocks did not use goes to `metadata.default`. X-Ray's annotation limits
 * come from the shared segment rules (src/segment-rules/rules.ts).
 */
import type { Attributes, AttributeValue } from "@opentelemetry/api";
import { ANNOTATION_KEY_REFUSED, MAX_ANNOTATION_KEY_LENGTH, MAX_ANNOTATION_STRING_LENGTH, MAX_ANNOTATIONS } from "../segment-rules/rules.js";
import type { AnnotationScalar } from "../tracing/segment-document.js";

/** Which attributes to index. */
export interface IndexingOptions {
  /** Attribute keys to turn into annotations, beside those the span lists in `aws.xray.annotations`. */
  readonly indexedAttributes?: readonly string[] | undefined;
  /** Turn every attribute with a string, number or boolean value into an annotation. */
  readonly indexAllAttributes?: boolean | undefined;
}

/** The span attribute listing keys to index, as the OpenTelemetry Collector's exporter reads it. */
const ANNOTATION_LIST_KEY = "aws.xray.annotations";
/** Span attributes of this prefix hold JSON metadata for the namespace named after it. */
const METADATA_PREFIX = "aws.xray.metadata.";

/**
 * An annotation value, or undefined when X-Ray cannot index the value.
 *
 * @param value - the attribute value
 * @returns the value to index
 */
function annotationValue(value: AttributeValue): AnnotationScalar | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string") return value.length > MAX_ANNOTATION_STRING_LENGTH ? value.slice(0, MAX_ANNOTATION_STRING_LENGTH) : value;
  return undefined;
}

/** The annotations and metadata of a document. */
export interface AnnotationsAndMetadata {
  annotations?: Record<string, AnnotationScalar>;
  metadata?: Record<string, Record<string, unknown>>;
}

/**
 * Splits the unused attributes into annotations and metadata.
 *
 * @param unused - attributes no block used
 * @param options - which to index
 * @param resource - the resource's attributes, copied to metadata as `otel.resource.<key>` on segments
 * @returns the two blocks
 */
export function annotationsAndMetadata(unused: ReadonlyArray<[string, AttributeValue]>, options: IndexingOptions, resource: Attributes | undefined): AnnotationsAndMetadata {
  const listed = new Set<string>(options.indexedAttributes ?? []);
  for (const [key, value] of unused) {
    if (key !== ANNOTATION_LIST_KEY) continue;
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === "string") listed.add(item);
  }
  const annotations: Record<string, AnnotationScalar> = {};
  const defaults: Record<string, unknown> = {};
  const metadata: Record<string, Record<string, unknown>> = {};
  let defaultCount = 0;
  let count = 0;
  for (const [key, value] of unused) {
    if (key === ANNOTATION_LIST_KEY) continue;
    if (key.startsWith(METADATA_PREFIX) && key.length > METADATA_PREFIX.length && typeof value === "string") {
      const parsed = parseObject(value);
      if (parsed !== undefined) {
        setOwn(metadata, key.slice(METADATA_PREFIX.length), parsed);
        continue;
      }
    }
    const indexed = key !== "" && count < MAX_ANNOTATIONS && (options.indexAllAttributes === true || listed.has(key)) ? annotationValue(value) : undefined;
    if (indexed !== undefined) {
      const annotationKey = key.replace(ANNOTATION_KEY_REFUSED, "_").slice(0, MAX_ANNOTATION_KEY_LENGTH);
      if (!Object.hasOwn(annotations, annotationKey)) count++;
      setOwn(annotations, annotationKey, indexed);
    } else {
      setOwn(defaults, key, value);
      defaultCount++;
    }
  }
  if (resource) {
    for (const key in resource) {
      const value = resource[key];
      if (value === undefined) continue;
      defaults["otel.resource." + key] = value;
      defaultCount++;
    }
  }
  const out: AnnotationsAndMetadata = {};
  if (count > 0) out.annotations = annotations;
  if (defaultCount > 0) metadata["default"] = defaults;
  for (const _ in metadata) {
    out.metadata = metadata;
    break;
  }
  return out;
}

/**
 * Sets an own property, also for the key `__proto__` (an attribute may have any name): the
 * object's prototype is never changed.
 */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A JSON object, or undefined for anything else. */
function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
