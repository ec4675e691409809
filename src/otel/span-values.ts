/**
 * Reading span attributes for the translation to segment documents: typed lookups over both
 * generations of OpenTelemetry's semantic conventions, and a record of which attributes a block
 * used, so that the rest can go to `metadata` (docs/otel-translation.md).
 *
 * Only types come from OpenTelemetry: the numbers below are the values its API defines, so the
 * translator bundles none of its code.
 */
import type { Attributes, AttributeValue } from "@opentelemetry/api";

/** `SpanKind` values of `@opentelemetry/api`. */
export const SpanKinds = { INTERNAL: 0, SERVER: 1, CLIENT: 2, PRODUCER: 3, CONSUMER: 4 } as const;
/** `SpanStatusCode` values of `@opentelemetry/api`. */
export const StatusCodes = { UNSET: 0, OK: 1, ERROR: 2 } as const;

/** The attributes of a span, with the keys the translation has used so far. */
export class SpanValues {
  readonly #attributes: Attributes;
  readonly #used = new Set<string>();

  /**
   * @param attributes - the span's attributes
   */
  constructor(attributes: Attributes) {
    this.#attributes = attributes;
  }

  /**
   * The first of `keys` holding a non-empty string (numbers are written as text), marked used.
   *
   * @param keys - attribute keys, preferred first
   * @returns the value, or undefined
   */
  string(...keys: readonly string[]): string | undefined {
    for (const key of keys) {
      const value = this.#attributes[key];
      if (typeof value === "string" && value !== "") return this.#use(key, value);
      if (typeof value === "number" && Number.isFinite(value)) return this.#use(key, String(value));
    }
    return undefined;
  }

  /**
   * The first of `keys` holding a finite number (or a string of digits), marked used.
   *
   * @param keys - attribute keys, preferred first
   * @returns the value, or undefined
   */
  number(...keys: readonly string[]): number | undefined {
    for (const key of keys) {
      const value = this.#attributes[key];
      if (typeof value === "number" && Number.isFinite(value)) return this.#use(key, value);
      if (typeof value === "string" && /^\d+$/.test(value)) return this.#use(key, Number(value));
    }
    return undefined;
  }

  /**
   * The value of `key` as a list of strings (a string array, or one string), marked used.
   *
   * @param key - the attribute key
   * @returns the strings, or undefined
   */
  strings(key: string): string[] | undefined {
    const value = this.#attributes[key];
    if (typeof value === "string" && value !== "") return this.#use(key, [value]);
    if (Array.isArray(value)) {
      const strings = value.filter((item): item is string => typeof item === "string" && item !== "");
      if (strings.length > 0) return this.#use(key, strings);
    }
    return undefined;
  }

  /**
   * The value of `key` without marking it used (for decisions that keep the attribute in metadata).
   *
   * @param key - the attribute key
   * @returns the raw value
   */
  peek(key: string): AttributeValue | undefined {
    return this.#attributes[key];
  }

  /**
   * Marks keys as used, so that they stay out of `metadata`.
   *
   * @param keys - the keys
   */
  use(...keys: readonly string[]): void {
    for (const key of keys) this.#used.add(key);
  }

  /**
   * The attributes no block used, in their original order.
   *
   * @returns `[key, value]` pairs
   */
  unused(): Array<[string, AttributeValue]> {
    const out: Array<[string, AttributeValue]> = [];
    for (const key of Object.keys(this.#attributes)) {
      const value = this.#attributes[key];
      if (!this.#used.has(key) && value !== undefined) out.push([key, value]);
    }
    return out;
  }

  #use<T>(key: string, value: T): T {
    this.#used.add(key);
    return value;
  }
}

/**
 * Typed lookups over resource attributes (never marked used: resource attributes are only
 * copied to segments' metadata).
 *
 * @param attributes - the resource's attributes
 * @param key - the key
 * @returns the string value, or undefined
 */
export const resourceString = (attributes: Attributes, key: string): string | undefined => {
  const value = attributes[key];
  return typeof value === "string" && value !== "" ? value : undefined;
};
