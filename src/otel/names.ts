/**
 * The segment name and namespace of a span (docs/otel-translation.md, "Name" and "Namespace").
 */
import type { Attributes } from "@opentelemetry/api";
import { clip, MAX_NAME_LENGTH } from "../segment-rules/rules.js";
import { resourceString, SpanKinds, type SpanValues } from "./span-values.js";

/**
 * Characters outside these are dropped from names: X-Ray's segment-name alphabet as the
 * collector's translator applies it, which, unlike src/segment-rules/rules.ts, also drops `\`.
 */
const NAME_DISALLOWED = /[^\p{L}\p{Z}\p{N}_.:/%&#=+\-@]/gu;
/** Names made only of these ASCII characters need no work (the usual case); a test without the `u` flag is cheap. */
const PLAIN_NAME = /^[A-Za-z0-9 _.:/%&#=+\-@]{1,200}$/;

/**
 * A name X-Ray accepts: disallowed characters dropped, cut at 200 characters, `span` if empty.
 *
 * @param name - the candidate
 * @returns the name to send
 */
export function sanitizeSegmentName(name: string): string {
  if (PLAIN_NAME.test(name) && name.trim() !== "") return name;
  const kept = name.replace(NAME_DISALLOWED, "");
  const cut = clip(kept, MAX_NAME_LENGTH);
  return cut.trim() === "" ? "span" : cut;
}

/**
 * The host of a database connection string (`jdbc:` prefix, credentials and path ignored).
 *
 * @param connection - e.g. `jdbc:postgresql://db.internal:5432/shop`
 * @returns the host (with port), or undefined when there is none
 */
function connectionHost(connection: string): string | undefined {
  const text = connection.startsWith("jdbc:") ? connection.slice(5) : connection;
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/?#]+)/i.exec(text);
  return match?.[1];
}

/**
 * The segment name, by the first rule that finds a value.
 *
 * @param span - the span's name and kind
 * @param values - the span's attributes
 * @param resource - the resource's attributes
 * @returns the sanitized name
 */
export function segmentName(span: { name: string; kind: number }, values: SpanValues, resource: Attributes): string {
  const server = span.kind === SpanKinds.SERVER;
  const text = (key: string): string | undefined => {
    const value = values.peek(key);
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  let name: string | undefined;
  if (server) name = text("aws.local.service");
  else if (span.kind !== SpanKinds.INTERNAL) {
    name = text("aws.remote.service");
    if (name !== undefined && text("rpc.system") === "aws-api") name = name.replace(/^(AWS\.SDK\.|AWS::)/, "");
  }
  name ??= text("peer.service") ?? text("aws.service");
  if (name === undefined) {
    const database = text("db.name");
    if (database !== undefined) {
      const host = connectionHost(text("db.connection_string") ?? "");
      name = host === undefined ? database : `${database}@${host}`;
    }
  }
  if (name === undefined && server) name = resourceString(resource, "service.name");
  name ??= text("rpc.service") ?? text("http.host") ?? text("net.peer.name") ?? span.name;
  return sanitizeSegmentName(name);
}

/**
 * The `namespace`: `aws` for AWS SDK calls, `remote` for other outgoing calls.
 *
 * @param kind - the span kind
 * @param values - the span's attributes
 * @returns the namespace, or undefined
 */
export function segmentNamespace(kind: number, values: SpanValues): "aws" | "remote" | undefined {
  const rpcSystem = values.peek("rpc.system");
  if (rpcSystem === "aws-api" || (values.peek("aws.service") !== undefined && kind !== SpanKinds.SERVER)) return "aws";
  if (kind === SpanKinds.CLIENT || kind === SpanKinds.PRODUCER) return "remote";
  return undefined;
}
