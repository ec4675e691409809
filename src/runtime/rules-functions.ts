/**
 * What compiled endpoint rules (a generated `endpoint-rules.ts`) import: the error they throw,
 * the result they return, and the functions of the Smithy rules standard library and AWS
 * extensions that are not plain JavaScript operators (`isSet`, `not`, `booleanEquals`,
 * `stringEquals` and `getAttr` compile to `!==`, `!`, `===` and property access).
 *
 * Each function is its own export so a bundler keeps only those a rule set calls: X-Ray's uses
 * `aws.partition` alone. The generator (`src/codegen/compile-endpoint-rules.ts`) knows their
 * signatures and refuses a rule set calling anything else.
 *
 * @see https://smithy.io/2.0/additional-specs/rules-engine/standard-library.html
 * @see https://smithy.io/2.0/aws/rules-engine/library-functions.html
 */
import { partition, type PartitionResult } from "./partitions.js";
import { escapeUri } from "./uri-escape.js";

/** The built-in parameters every AWS endpoint rule set declares, as the client supplies them. */
export interface EndpointParameters {
  /** The AWS region (`AWS::Region`). */
  Region?: string | undefined;
  /** Use a FIPS endpoint (`AWS::UseFIPS`). */
  UseFIPS?: boolean | undefined;
  /** Use a dual-stack endpoint (`AWS::UseDualStack`). */
  UseDualStack?: boolean | undefined;
  /** A caller-supplied endpoint URL (`SDK::Endpoint`). */
  Endpoint?: string | undefined;
}

/** The endpoint a rule set resolved to. */
export interface RuleSetEndpoint {
  /** The URL. */
  readonly url: string;
  /** Headers the rule asks for. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
}

/** A compiled rule set: parameters in, the endpoint out. */
export type EndpointRules = (params: EndpointParameters) => RuleSetEndpoint;

/** A rule set's own error (`type: "error"` rule, missing required parameter, no rule matched). */
export class EndpointError extends Error {
  /** Always `"EndpointError"`, as the AWS SDKs name it, so `error.name` checks work across package copies. */
  override readonly name = "EndpointError";
}

/** What `parseURL` returns; rule sets read these attributes with `getAttr`. */
export interface ParsedUrl {
  /** `http` or `https`. */
  readonly scheme: string;
  /** Host and port, e.g. `example.com:8443`. */
  readonly authority: string;
  /** The path as written: `""` when the URL has none. */
  readonly path: string;
  /** The path with a trailing `/`. */
  readonly normalizedPath: string;
  /** Whether the host is an IPv4 or IPv6 address. */
  readonly isIp: boolean;
}

/**
 * `aws.partition`: the partition a region belongs to.
 *
 * @param region - a region name
 * @returns the partition's attributes (an unknown region falls back to `aws`)
 */
export const awsPartition: (region: string) => PartitionResult = partition;

/**
 * `substring`: a slice of an ASCII string, counted from the end when `reverse` is true.
 *
 * @param input - the string
 * @param start - the first index, inclusive
 * @param stop - the last index, exclusive
 * @param reverse - count from the end
 * @returns the slice, or `undefined` when the range does not fit or the input is not ASCII
 */
export function substring(input: string, start: number, stop: number, reverse: boolean): string | undefined {
  if (start >= stop || input.length < stop || /[^\x00-\x7f]/.test(input)) return undefined;
  return reverse ? input.slice(input.length - stop, input.length - start) : input.slice(start, stop);
}

/** One DNS label: letters, digits and inner hyphens, 1 to 63 characters. */
const HOST_LABEL = /^(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$/;

/**
 * `isValidHostLabel`: whether a value can be a DNS host label (or dot-separated labels).
 *
 * @param value - the candidate
 * @param allowDots - accept several labels separated by dots
 * @returns true when valid
 */
export function isValidHostLabel(value: string, allowDots: boolean): boolean {
  return allowDots ? value.split(".").every((part) => HOST_LABEL.test(part)) : HOST_LABEL.test(value);
}

/**
 * `uriEncode`: RFC 3986 percent-encoding (`encodeURIComponent` leaves `!'()*` alone; the rules
 * language does not).
 *
 * @param value - the text
 * @returns the encoded text
 */
export const uriEncode = (value: string): string => escapeUri(value);

/**
 * `parseURL`: the parts of an `http`/`https` URL without a query.
 *
 * @param value - the URL
 * @returns its parts, or `undefined` when it is not such a URL
 */
export function parseURL(value: string): ParsedUrl | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.search || !/^https?:$/.test(url.protocol)) return undefined;
  // `new URL` reports "/" for "https://host"; the rules language wants the path as written.
  const path = url.pathname === "/" && !value.endsWith("/") ? "" : url.pathname;
  return {
    scheme: url.protocol.slice(0, -1),
    authority: url.host,
    path,
    normalizedPath: path.endsWith("/") ? path : `${path}/`,
    isIp: /^\d{1,3}(\.\d{1,3}){3}$/.test(url.hostname) || url.hostname.startsWith("["),
  };
}
