/**
 * restJson1 HTTP bindings: members sent in the path, query string, headers or as the whole
 * body, and read back from headers, the status code or the body.
 *
 * Only commands whose operation needs it import this module (through their declaration's
 * `http.codec`), so a bundle of body-only commands, like X-Ray's, never contains it. The call
 * pipeline builds every request the direct way (the URI pattern as path, a JSON body) and hands
 * a binding operation's request here to be rebound.
 *
 * The declaration's `input` and `output` schemas hold the body members only; the bound ones are
 * described by `http.input` and `http.output`. Wire behaviour follows `@aws-sdk/client-*`'s
 * restJson1 protocol: with no body members there is no body and no `content-type`; an
 * `@httpPayload` structure is the body (`{}` when unset), a string payload is text, a blob
 * payload is bytes, with the member's `@mediaType` as `content-type` when it has one; empty
 * header values are not sent; `@httpQuery` and the URI's literal query win over
 * `@httpQueryParams`.
 *
 * @see https://smithy.io/2.0/spec/http-bindings.html
 * @see https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
 */
import type { HttpRequest } from "@smithy/types";
import { describeUnparsedBody, parseJsonObject } from "./errors.js";
import { PayloadBytes, collectPayload, encodeLabel, formatHeader, formatHttpScalar, fromUtf8, parseHeader, payloadBytes, toBytes } from "./http-bindings-values.js";
import type { BoundRequest, BoundResponse, HttpBinding, HttpBindingCodec, HttpBindingMap, HttpValueSchema, OperationDeclaration, Schema } from "./schema.js";
import { deserializeStructure, deserializeValue, serializeStructure, serializeValue } from "./serde-json.js";

/** A DNS label: letters, digits and inner hyphens, at most 63 characters (RFC 1123). */
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export type { PayloadBytes } from "./http-bindings-values.js";

const NO_BINDINGS: HttpBindingMap = {};

const hasAny = (record: object): boolean => {
  for (const _ in record) return true;
  return false;
};

/**
 * Rebinds a request the pipeline built the direct way: fills idempotency tokens, substitutes
 * labels, and sets the query, host prefix, headers and body the bindings call for.
 *
 * @param request - the request, built with the URI pattern as path and a JSON body
 * @param operation - the operation, with its `http` bindings
 * @param input - the caller's input
 * @returns the same request, changed; a promise of it when a blob payload must be read first
 *   (a `Blob` or a stream)
 * @throws TypeError for an input that cannot be sent (a missing label, an invalid host label or date)
 */
function bindRequest(request: HttpRequest, operation: OperationDeclaration, input: Record<string, unknown>): HttpRequest | Promise<HttpRequest> {
  const bindings = operation.http!.input ?? NO_BINDINGS;
  for (const name in bindings) {
    const binding = bindings[name]!;
    const pending = binding[0] === "payload" && binding[1] === "bytes" ? collectPayload(input[name]) : undefined;
    if (pending) return pending.then((bytes) => bindRequest(request, operation, { ...input, [name]: bytes }));
  }
  const tokens = operation.idempotencyTokens;
  const bound = serializeRequest(operation, tokens ? tokens.fill(input, tokens.members) : input);
  // The pipeline wrote the URI pattern after the endpoint's own path.
  request.path = request.path.slice(0, request.path.length - operation.path.length) + bound.path;
  request.query = bound.query;
  delete request.headers["content-type"];
  delete request.headers["content-length"];
  Object.assign(request.headers, bound.headers);
  request.body = bound.body;
  if (bound.hostPrefix) {
    request.hostname = bound.hostPrefix + request.hostname;
    request.headers["host"] = bound.hostPrefix + request.headers["host"];
  }
  return request;
}

/**
 * Builds the bound parts of a request.
 *
 * @param operation - the operation, with its `http` bindings
 * @param input - the input, idempotency tokens filled
 * @returns path, query, headers (with `content-type` and `content-length`), body and host prefix
 * @throws TypeError for a missing or empty label, an invalid host label, or an invalid date
 */
function serializeRequest(operation: OperationDeclaration, input: Record<string, unknown>): BoundRequest {
  const http = operation.http!;
  const bindings = http.input ?? NO_BINDINGS;
  const [pattern, literalQuery] = splitUri(operation.path);
  const query: Record<string, string | string[]> = { ...literalQuery };
  const headers: Record<string, string> = {};
  let payloadName: string | undefined;
  for (const name in bindings) {
    const binding = bindings[name]!;
    const value = input[name];
    if (binding[0] === "payload") payloadName = name;
    if (value == null) continue;
    switch (binding[0]) {
      case "query":
        query[binding[1]] = formatQuery(value, binding[2], name);
        break;
      case "header": {
        const text = formatHeader(value, binding[2], binding[3] === 1, name);
        if (text !== undefined) headers[binding[1]] = text;
        break;
      }
      case "prefixHeaders":
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
          const text = item == null ? undefined : formatHeader(item, binding[2], false, `${name}.${key}`);
          if (text !== undefined) headers[`${binding[1]}${key}`.toLowerCase()] = text;
        }
        break;
    }
  }
  // Parameters from a map come last: an @httpQuery member or the URI's literal query wins.
  for (const name in bindings) {
    const binding = bindings[name]!;
    const value = input[name];
    if (binding[0] !== "queryParams" || value == null) continue;
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (!Object.hasOwn(query, key) && item != null) query[key] = formatQuery(item, binding[1], `${name}.${key}`);
    }
  }
  const path = pattern.replace(/\{([^}+]+)(\+?)\}/g, (_, name: string, greedy: string) => {
    const binding = bindings[name];
    const value = input[name];
    const text = value == null || binding?.[0] !== "label" ? "" : formatHttpScalar(value, binding[1], name);
    if (text === "") throw new TypeError(`${operation.name}: ${name} must be set and not empty: it is part of the request path`);
    return encodeLabel(text, greedy === "+");
  });
  const hostPrefix = http.hostPrefix?.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = input[name];
    // The value is not quoted back: a host label may be sensitive.
    if (typeof value !== "string" || !HOST_LABEL.test(value)) {
      throw new TypeError(`${operation.name}: ${name} must be a valid DNS label (letters, digits and inner hyphens, at most 63): it is part of the endpoint's host name`);
    }
    return value;
  });
  // Content headers are set last, so that a modelled header of the same name cannot override them.
  let body: string | Uint8Array | undefined;
  if (payloadName !== undefined) {
    const [, kind, schema, contentType] = bindings[payloadName] as readonly ["payload", "json" | "text" | "bytes", Schema, string];
    const value = input[payloadName];
    headers["content-type"] = contentType;
    if (kind === "json") body = value == null ? "{}" : JSON.stringify(serializeValue(value, schema, payloadName));
    else if (value != null) body = kind === "text" ? String(value) : payloadBytes(value, payloadName);
  } else if (hasAny(operation.input[1])) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(serializeStructure(input, operation.input[1], operation.input[2], ""));
  }
  if (body !== undefined) headers["content-length"] = String(toBytes(body).byteLength);
  return { hostPrefix: hostPrefix ?? "", path, query, headers, body };
}

/** Splits `/path/{Label}?literal=1&flag` into the path pattern and its literal query. */
function splitUri(uri: string): [string, Record<string, string>] {
  const at = uri.indexOf("?");
  if (at < 0) return [uri, {}];
  const query: Record<string, string> = {};
  for (const part of uri.slice(at + 1).split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    query[decodeURIComponent(eq < 0 ? part : part.slice(0, eq))] = eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1));
  }
  return [uri.slice(0, at), query];
}

function formatQuery(value: unknown, schema: HttpValueSchema, path: string): string | string[] {
  if (typeof schema === "object") {
    return (value as unknown[]).filter((item) => item != null).map((item, i) => formatHttpScalar(item, schema[1], `${path}[${i}]`));
  }
  return formatHttpScalar(value, schema, path);
}

/**
 * Reads a success response: bound members from headers and status code, the rest from the
 * JSON body, or the whole body into the `@httpPayload` member (a blob as {@link PayloadBytes});
 * like the official clients, a payload member the response does not carry is `null`.
 *
 * @param operation - the operation, with its `http` bindings
 * @param statusCode - the status code
 * @param headers - the headers, lower-cased
 * @param body - the body
 * @returns the output
 * @throws Error when the body is not JSON or a value does not fit its schema
 */
function deserializeResponse(operation: OperationDeclaration, statusCode: number, headers: Readonly<Record<string, string>>, body: Uint8Array): Record<string, unknown> {
  const response: BoundResponse = { statusCode, headers, body };
  const bindings = operation.http!.output ?? NO_BINDINGS;
  const output = readBoundMembers(bindings, response, false);
  for (const name in bindings) {
    const binding = bindings[name]!;
    if (binding[0] !== "payload") continue;
    output[name] = null;
    if (response.body.byteLength === 0) return output;
    const [, kind, schema] = binding;
    if (kind === "bytes") output[name] = new PayloadBytes(response.body.buffer as ArrayBuffer, response.body.byteOffset, response.body.byteLength);
    else if (kind === "text") output[name] = fromUtf8(response.body);
    else {
      const text = fromUtf8(response.body);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new Error(describeUnparsedBody(text));
      }
      if (json != null) output[name] = deserializeValue(json, schema);
    }
    return output;
  }
  if (!hasAny(operation.output[1]) || response.body.byteLength === 0) return output;
  const text = fromUtf8(response.body);
  const json = text.trim() === "" ? {} : parseJsonObject(text);
  if (json === undefined) throw new Error(describeUnparsedBody(text));
  return Object.assign(output, deserializeStructure(json, operation.output[1], operation.output[2]));
}

/**
 * Reads the members bound to headers, prefixed headers and the status code.
 *
 * @param bindings - the bound members
 * @param response - the response (its body is not read)
 * @param lenient - leave out a member whose header does not fit, rather than throw
 * @returns the members found
 * @throws TypeError when a header does not fit its member's schema (unless lenient)
 */
function readBoundMembers(bindings: HttpBindingMap, response: Pick<BoundResponse, "statusCode" | "headers">, lenient: boolean): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const name in bindings) {
    try {
      readBoundMember(output, name, bindings[name]!, response);
    } catch (error) {
      if (!lenient) throw error;
    }
  }
  return output;
}

/** Reads one bound member into `output`, if the response carries it. */
function readBoundMember(output: Record<string, unknown>, name: string, binding: HttpBinding, response: Pick<BoundResponse, "statusCode" | "headers">): void {
  const { headers } = response;
  switch (binding[0]) {
    case "header": {
      const text = headers[binding[1]];
      if (text !== undefined) output[name] = parseHeader(text, binding[2], binding[3] === 1);
      break;
    }
    case "prefixHeaders": {
      const map: Record<string, unknown> = {};
      for (const header of Object.keys(headers)) {
        if (!header.startsWith(binding[1])) continue;
        // Like a JSON map keyed `__proto__`, a header named so must stay data.
        const value = parseHeader(headers[header]!, binding[2], false);
        Object.defineProperty(map, header.slice(binding[1].length), { value, enumerable: true, writable: true, configurable: true });
      }
      output[name] = map;
      break;
    }
    case "responseCode":
      output[name] = response.statusCode;
      break;
  }
}

/** Collects a transport response's body into bytes. */
async function collectBody(response: { readonly body?: unknown }, config: { readonly streamCollector: (stream: any) => Promise<Uint8Array> }): Promise<Uint8Array> {
  const { body } = response;
  if (body == null) return new Uint8Array(0);
  if (body instanceof Uint8Array || typeof body === "string") return toBytes(body);
  return config.streamCollector(body);
}

/**
 * The binding code generated commands reference from their declaration's `http.codec`.
 */
export const httpBindingCodec: HttpBindingCodec = {
  bindRequest,
  deserializeResponse,
  readErrorMembers: (bindings, statusCode, headers) => readBoundMembers(bindings, { statusCode, headers }, true),
  collectBody,
};
