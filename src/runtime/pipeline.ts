/**
 * The four steps every call goes through, registered on the client's middleware stack under the
 * names `@aws-sdk/client-xray` uses, so that user middleware placed relative to them
 * (`addRelativeTo(mw, { relation: "before", toMiddleware: "retryMiddleware" })`) keeps working:
 *
 * serialize (`serializerMiddleware`) → retry (`retryMiddleware`) → sign (`httpSigningMiddleware`)
 * → transport → parse (`deserializerMiddleware`).
 *
 * What a call carries from the command to these steps is defined in `call-context.ts`.
 */
import { HttpRequest } from "@smithy/protocol-http";
import type {
  DeserializeMiddleware,
  FinalizeRequestMiddleware,
  HttpResponse,
  InitializeMiddleware,
  MetadataBearer,
  MiddlewareStack,
  ResponseMetadata,
  SerializeMiddleware,
} from "@smithy/types";
import { abortSignalOf, identityOf, operationOf, requestTimeoutOf, withIdentity } from "./call-context.js";
import { type ResolvedClientConfig } from "./config.js";
import { resolveRuleSetEndpoint, type ResolvedEndpoint } from "./endpoint.js";
import { regionForRules, settledValue } from "./configured.js";
import { buildServiceException, parseJsonObject, RequestError, describeUnparsedBody } from "./errors.js";
import { requestTarget, runWithRetries } from "./retry.js";
import type { ServiceDeclaration } from "./schema.js";
import { deserializeStructure, serializeStructure } from "./serde-json.js";
import { createSigner } from "./sign.js";
import { platform } from "#platform";
import { noteServerClock } from "./clock.js";
import { utf8Length } from "./utf8.js";
import { credentialRedactor } from "./redact-credentials.js";
import { enforcesRequestTimeout } from "./request-timeout.js";
import { declaredLengthError } from "./response-limit.js";
import { silentLogger } from "./silent-logger.js";
import { headerValue } from "./header-value.js";

const textDecoder = new TextDecoder();

/**
 * Registers the call pipeline on a client's middleware stack.
 *
 * @param stack - the client's stack
 * @param config - the client's resolved configuration
 * @param service - the service declaration
 */
export function addPipeline(stack: MiddlewareStack<any, MetadataBearer>, config: ResolvedClientConfig, service: ServiceDeclaration): void {
  const resolveEndpoint = createEndpointCache(config, service);
  const sign = createSigner(service.signingName, config.region, config.credentials, true, config.sha256);

  const logging: InitializeMiddleware<any, MetadataBearer> = (next, context) => async (args) => {
    const { logger, clientName, commandName } = context;
    // A client given no logger logs nothing: no copy of the output to build for it.
    if (logger === silentLogger) return next(args);
    // @sensitive values show as "***SensitiveInformation***", as in the AWS SDKs' logs.
    const sensitive = operationOf(context)?.sensitive;
    const input = sensitive ? sensitive.redact(args.input, sensitive.input) : args.input;
    try {
      const result = await next(args);
      const { $metadata, ...output } = result.output;
      logger?.info?.({ clientName, commandName, input, output: sensitive ? sensitive.redact(output, sensitive.output) : output, metadata: $metadata });
      return result;
    } catch (error) {
      logger?.error?.({ clientName, commandName, input, error, metadata: (error as MetadataBearer).$metadata });
      throw error;
    }
  };

  const serialize: SerializeMiddleware<any, MetadataBearer> = (next, context) => async (args) => {
    const operation = operationOf(context);
    // Opt-in checks against the model's constraints come first: an invalid input costs no
    // credential lookup and no request. The constraints and their check are one generated
    // module behind import() (the module loader keeps it once loaded), so bundles of clients
    // that never validate have neither.
    if (config.validateInput) (await service.loadConstraints()).validateInput(operation.name, args.input);
    // Credentials are resolved once per call, before the retry loop: a failing provider fails
    // the call with its own error instead of being retried as if the request had failed.
    const identity = await config.credentials();
    const { url, headers: endpointHeaders } = await resolveEndpoint();
    const body = JSON.stringify(serializeStructure(args.input, operation.input[1], operation.input[2], ""));
    const port = url.port ? Number(url.port) : undefined;
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "content-length": String(utf8Length(body)),
      ...config.userAgentHeaders,
      host: port === undefined ? url.hostname : `${url.hostname}:${port}`,
    };
    for (const [name, values] of Object.entries(endpointHeaders)) headers[name.toLowerCase()] = values.join(",");
    const contextHeaders = platform.contextHeaders?.();
    if (contextHeaders) Object.assign(headers, contextHeaders);
    const request = new HttpRequest({
      protocol: url.protocol,
      hostname: url.hostname,
      ...(port === undefined ? {} : { port }),
      method: operation.method,
      path: joinPath(url.pathname, operation.path),
      query: {},
      headers,
      body,
    });
    // Operations with HTTP bindings (labels, query, headers, payload, host prefix, idempotency
    // tokens) have their codec rebind the request; body-only ones, all of X-Ray's, never load it.
    const bound = operation.http ? await operation.http.codec.bindRequest(request, operation, args.input) : request;
    return next(withIdentity({ ...args, request: bound }, identity));
  };

  const retry: FinalizeRequestMiddleware<any, MetadataBearer> = (next, context) => (args) =>
    runWithRetries(
      next,
      args,
      config,
      abortSignalOf(context),
      operationOf(context).name,
    );

  const signing: FinalizeRequestMiddleware<any, MetadataBearer> = (next) => async (args) => {
    const signingDate = new Date(Date.now() + config.systemClockOffset);
    // Without the identity (a user middleware rebuilt the arguments), the signer asks the
    // memoized provider itself.
    // The region is read from the configuration at each call, as the endpoint's is, so both
    // follow a provider swapped on client.config.
    const region = await settledValue(config.region);
    const request = await sign(args.request as HttpRequest, signingDate, identityOf(args), region);
    return next({ ...args, request });
  };

  const deserialize: DeserializeMiddleware<any, MetadataBearer> = (next, context) => async (args) => {
    const operation = operationOf(context);
    const request = args.request as HttpRequest;
    const target = requestTarget(request);
    const offsetWhenSigned = config.systemClockOffset;
    const sentAt = Date.now();
    const timeout = requestTimeoutOf(context) ?? config.requestTimeout;
    const http = operation.http;
    let response: HttpResponse | undefined;
    // Operations with HTTP bindings read the body as bytes: an @httpPayload blob is not text.
    let body: string | Uint8Array;
    try {
      if (enforcesRequestTimeout(config.requestHandler, config.requestTimeout)) {
        // The default Node transport enforces the deadline on headers and body itself
        // (request-timeout.ts) and hands over the body as bytes: no second timer, no extra hop.
        response = (await next(args)).response as HttpResponse;
        body = http ? await http.codec.collectBody(response, config) : await readBody(response, config);
      } else {
        // A transport's own timeout usually stops at the response headers; this deadline also
        // covers a body that stalls halfway, so an attempt never outlives requestTimeout.
        const attempt = next(args).then(async (result) => {
          response = result.response as HttpResponse;
          return http ? http.codec.collectBody(response, config) : readBody(response, config);
        });
        body = await withDeadline(attempt, timeout, () => (response?.body as { destroy?: (error?: Error) => void } | undefined)?.destroy?.());
      }
    } catch (error) {
      throw new RequestError(operation.name, target, error);
    }
    if (!response) throw new RequestError(operation.name, target, new Error("no response"));
    let text = typeof body === "string" ? body : textDecoder.decode(body);
    const headers = lowerCaseHeaders(response.headers);
    // Whatever the server echoes of the request, our own credentials go no further than here.
    const redact = credentialRedactor(identityOf(args) ?? (await config.credentials().catch(() => undefined)));
    const cleaned = redact(text);
    if (cleaned !== text) {
      text = cleaned;
      body = typeof body === "string" ? cleaned : new TextEncoder().encode(cleaned);
    }
    for (const name in headers) headers[name] = redact(headers[name]!);
    const metadata: ResponseMetadata = {
      httpStatusCode: response.statusCode,
      requestId: headers["x-amzn-requestid"] ?? headers["x-amzn-request-id"] ?? headers["x-amz-request-id"],
      extendedRequestId: headers["x-amz-id-2"],
      cfId: headers["x-amz-cf-id"],
    };
    const clockCorrected = noteServerClock(config, headers, sentAt, offsetWhenSigned);
    if (response.statusCode < 200 || response.statusCode >= 300) {
      const exception = buildServiceException(operation, service, { response, headers, text, metadata });
      if (clockCorrected) (exception as unknown as { $metadata: Record<string, unknown> }).$metadata["clockSkewCorrected"] = true;
      throw exception;
    }
    // A success status with a body that is not a JSON object (a proxy's page, a cut-off
    // response) or holds a value of the wrong type is an error with an excerpt, never an empty
    // or half-typed output.
    const unreadable = (problem: string): Error =>
      buildServiceException(operation, service, { response: response!, headers, text, metadata, unreadable: problem });
    const json = http || text.trim() === "" ? {} : parseJsonObject(text);
    if (json === undefined) throw unreadable(describeUnparsedBody(text));
    let output: Record<string, unknown>;
    try {
      output = http
        ? http.codec.deserializeResponse(operation, response.statusCode, headers, body as Uint8Array)
        : deserializeStructure(json, operation.output[1], operation.output[2]);
    } catch (error) {
      throw unreadable(`response could not be read: ${(error as Error).message}`);
    }
    return { response, output: { ...output, $metadata: metadata } };
  };

  stack.add(logging, { step: "initialize", name: "loggerMiddleware", override: true });
  stack.add(serialize, { step: "serialize", name: "serializerMiddleware", override: true });
  stack.add(retry, { step: "finalizeRequest", priority: "high", name: "retryMiddleware", tags: ["RETRY"], override: true });
  stack.addRelativeTo(signing, {
    name: "httpSigningMiddleware",
    relation: "after",
    toMiddleware: "retryMiddleware",
    tags: ["HTTP_SIGNING"],
    override: true,
  });
  stack.add(deserialize, { step: "deserialize", name: "deserializerMiddleware", override: true });
}

/** Resolves the endpoint once per combination of region, FIPS, dual-stack and custom endpoint. */
function createEndpointCache(config: ResolvedClientConfig, service: ServiceDeclaration): () => Promise<ResolvedEndpoint> {
  const cache = new Map<string, ResolvedEndpoint>();
  return async () => {
    // Fixed settings (configured.ts) are asked for once per client, not once per call.
    const Endpoint = config.endpoint && (await settledValue(config.endpoint));
    const UseFIPS = await settledValue(config.useFipsEndpoint);
    const UseDualStack = await settledValue(config.useDualstackEndpoint);
    // With a custom endpoint the rules route without a region (configured.ts).
    const Region = await regionForRules(config.region, Endpoint);
    const key = `${Region}|${UseFIPS}|${UseDualStack}|${Endpoint}`;
    let resolved = cache.get(key);
    if (!resolved) {
      resolved = resolveRuleSetEndpoint(service.endpointRules, { Region, UseFIPS, UseDualStack, Endpoint });
      cache.set(key, resolved);
    }
    return resolved;
  };
}

/**
 * Settles like `work`, or rejects with a `TimeoutError` after `ms` (0 disables the deadline).
 *
 * @param work - the attempt
 * @param ms - the deadline
 * @param onTimeout - releases what the attempt holds (the response stream)
 * @returns the attempt's result
 */
function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  if (!(ms > 0)) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`no complete response within the ${ms} ms requestTimeout`), {
        name: "TimeoutError",
        code: "ETIMEDOUT",
      });
      onTimeout();
      reject(error);
    }, ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

const joinPath = (prefix: string, path: string): string =>
  prefix === "/" || prefix === "" ? path : `${prefix.replace(/\/+$/, "")}${path}`;

function lowerCaseHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value !== undefined) out[name.toLowerCase()] = value;
  }
  return out;
}

/**
 * The response body as text; a stream is read within `maxResponseBytes` (response-limit.ts) and
 * destroyed as soon as it declares or delivers more.
 */
function readBody(response: HttpResponse, config: ResolvedClientConfig): string | Promise<string> {
  const body: unknown = response.body;
  if (body == null) return "";
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return textDecoder.decode(body);
  return readStream(response, body, config);
}

async function readStream(response: HttpResponse, body: unknown, config: ResolvedClientConfig): Promise<string> {
  const tooLarge = declaredLengthError(headerValue(response.headers, "content-length"), config.maxResponseBytes);
  if (tooLarge) {
    (body as { destroy?: (error?: Error) => void }).destroy?.();
    (body as { cancel?: () => Promise<void> }).cancel?.().catch(() => {});
    throw tooLarge;
  }
  return textDecoder.decode(await config.streamCollector(body, config.maxResponseBytes));
}
