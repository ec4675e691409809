/**
 * The `http` block of a span (docs/otel-translation.md, "http"): method, status, user agent,
 * URL (given, or assembled from its parts) and client IP, from the old and the stable
 * semantic-convention names.
 */
import type { HttpData } from "../tracing/segment-document.js";
import { SpanKinds, type SpanValues } from "./span-values.js";

const IPV4 = /^(\d{1,3}\.){3}\d{1,3}$/;
const isIp = (value: string): boolean => IPV4.test(value) || (value.includes(":") && /^[0-9a-f:.]+$/i.test(value));

/**
 * Assembles `scheme://host[:port]target` when no full URL is given.
 *
 * @param kind - the span kind (server and client spans name their host differently)
 * @param values - the span's attributes
 * @returns the URL, or undefined without a host
 */
function assembleUrl(kind: number, values: SpanValues): string | undefined {
  const server = kind === SpanKinds.SERVER;
  const host = server
    ? values.string("http.host", "http.server_name", "net.host.name", "host.name", "server.address")
    : values.string("http.host", "net.peer.name", "net.peer.ip", "server.address");
  if (host === undefined) return undefined;
  const scheme = values.string("http.scheme", "url.scheme") ?? "http";
  const port = server ? values.number("net.host.port", "server.port") : values.number("net.peer.port", "server.port");
  const defaultPort = (scheme === "http" && port === 80) || (scheme === "https" && port === 443);
  const authority = port === undefined || defaultPort || host.includes(":") ? host : `${host}:${port}`;
  let target = values.string("http.target");
  if (target === undefined) {
    const path = values.string("url.path") ?? "/";
    const query = values.string("url.query");
    target = query === undefined ? path : `${path}?${query}`;
  }
  return `${scheme}://${authority}${target.startsWith("/") ? "" : "/"}${target}`;
}

/**
 * The `http` block, or undefined when the span has no HTTP attributes.
 *
 * @param kind - the span kind
 * @param values - the span's attributes
 * @returns the block
 */
export function httpBlock(kind: number, values: SpanValues): HttpData | undefined {
  const method = values.string("http.method", "http.request.method");
  const status = values.number("http.status_code", "http.response.status_code");
  const userAgent = values.string("http.user_agent", "user_agent.original");
  let url = values.string("http.url", "url.full");
  if (url === undefined && (method !== undefined || status !== undefined)) url = assembleUrl(kind, values);
  const forwarded = values.string("http.client_ip", "client.address");
  const peer = values.string("net.peer.ip", "network.peer.address");
  const clientIp = forwarded !== undefined && isIp(forwarded) ? forwarded : peer;
  const contentLength = values.number("http.response_content_length", "http.response.body.size");
  if (method === undefined && status === undefined && url === undefined && userAgent === undefined && clientIp === undefined) return undefined;
  const http: HttpData = {};
  const request: NonNullable<HttpData["request"]> = {};
  if (method !== undefined) request.method = method;
  if (url !== undefined) request.url = url;
  if (userAgent !== undefined) request.user_agent = userAgent;
  if (clientIp !== undefined) {
    request.client_ip = clientIp;
    if (clientIp === forwarded && peer === undefined) request.x_forwarded_for = true;
  }
  if (Object.keys(request).length > 0) http.request = request;
  if (status !== undefined || contentLength !== undefined) {
    http.response = {};
    if (status !== undefined) http.response.status = status;
    if (contentLength !== undefined) http.response.content_length = contentLength;
  }
  return http;
}
