/**
 * The retry loop: the standard AWS retry protocol (`amz-sdk-invocation-id`, `amz-sdk-request`,
 * a token-bucket retry quota, exponential backoff with jitter, `Retry-After` hints), with the
 * quota and backoff maths delegated to the configured `RetryStrategyV2` (by default our
 * `StandardRetryStrategy`, retry-strategy.ts) and the classification in retry-classify.ts.
 *
 * Only throttling (429, `ThrottledException`, …) and transient failures (500/502/503/504,
 * connection errors, timeouts, a corrected clock skew) are retried; a 400 never is. An abort
 * ends the call at once, also during a backoff wait.
 */
import { generateIdempotencyToken } from "@smithy/smithy-client";
import type {
  FinalizeHandler,
  FinalizeHandlerArguments,
  FinalizeHandlerOutput,
  MetadataBearer,
  RetryErrorInfo,
  SdkError,
} from "@smithy/types";
import type { ResolvedClientConfig } from "./config.js";
import { RequestError } from "./errors.js";
import { settledValue } from "./configured.js";
import { classifyError, retryAfterHint } from "./retry-classify.js";

/**
 * Runs `next` until it succeeds or the strategy refuses another attempt.
 *
 * @param next - the rest of the pipeline (signing, transport, parsing)
 * @param args - the request arguments; the request's retry headers are set here
 * @param config - the client configuration (strategy, attempts, logger)
 * @param abortSignal - the caller's signal, if any
 * @param operation - the operation name, for the error an abort rejects with
 * @returns the successful result, with `attempts` and `totalRetryDelay` in `$metadata`
 * @throws the last error, with `attempts` and `totalRetryDelay` in its `$metadata`
 */
export async function runWithRetries(
  next: FinalizeHandler<any, MetadataBearer>,
  args: FinalizeHandlerArguments<any>,
  config: ResolvedClientConfig,
  abortSignal: AbortSignal | undefined,
  operation = "request",
): Promise<FinalizeHandlerOutput<MetadataBearer>> {
  const strategy = await settledValue(config.retryStrategy);
  const maxAttempts = await settledValue(config.maxAttempts);
  let token = await strategy.acquireInitialRetryToken("");
  const headers = (args.request as { headers: Record<string, string> }).headers;
  // Smithy's UUID v4 (crypto.randomUUID, or getRandomValues outside secure contexts): the
  // `Client` base class already brings it into every bundle, so our own would be a second copy.
  headers["amz-sdk-invocation-id"] = generateIdempotencyToken();
  let attempts = 0;
  let totalRetryDelay = 0;
  for (;;) {
    // An aborted call sends nothing more, whatever the transport does with signals.
    if (abortSignal?.aborted) throw aborted(abortError(abortSignal), operation, args.request, attempts, totalRetryDelay);
    headers["amz-sdk-request"] = `attempt=${attempts + 1}; max=${maxAttempts}`;
    try {
      const result = await next(args);
      strategy.recordSuccess(token);
      result.output.$metadata.attempts = attempts + 1;
      result.output.$metadata.totalRetryDelay = totalRetryDelay;
      return result;
    } catch (error) {
      // Something other than an extensible error object is not ours to annotate or retry.
      if (typeof error !== "object" || error === null || !Object.isExtensible(error)) throw error;
      const failure = error as SdkError;
      failure.$metadata ??= {};
      failure.$metadata.attempts = attempts + 1;
      failure.$metadata.totalRetryDelay = totalRetryDelay;
      // An abort can surface as a reset body stream; the caller asked to abort, so say that.
      if (abortSignal?.aborted) {
        throw isAbort(failure) && failure instanceof RequestError
          ? failure
          : aborted(isAbort(failure) ? failure : abortError(abortSignal, failure), operation, args.request, attempts + 1, totalRetryDelay);
      }
      const info: RetryErrorInfo = { error: failure, errorType: classifyError(failure) };
      const hint = retryAfterHint((failure as { $response?: { headers?: Record<string, string> } }).$response?.headers);
      if (hint) info.retryAfterHint = hint;
      // A monotonic clock: the wall clock can be frozen (tests) or jump (NTP) during the wait.
      const started = performance.now();
      try {
        // Strategies of @smithy/util-retry wait inside refreshRetryTokenForRetry; ours reports
        // the delay in the token, so the wait below is cut short (and cleared) by an abort.
        token = await abortable(strategy.refreshRetryTokenForRetry(token, info), abortSignal);
        const delay = token.getRetryDelay();
        if (delay > 0) await sleep(delay, abortSignal);
      } catch (refusal) {
        if (!isAbort(refusal)) throw failure;
        throw aborted(refusal as Error, operation, args.request, attempts + 1, waited(totalRetryDelay, started));
      }
      totalRetryDelay = waited(totalRetryDelay, started);
      attempts = token.getRetryCount();
      config.logger.debug?.(
        `retrying after ${failure.name} (${info.errorType}), attempt ${attempts + 1} of ${maxAttempts}`,
      );
    }
  }
}

/**
 * The delay waited so far plus the wait that began at `started` (a `performance.now()` reading),
 * in whole milliseconds as `$metadata.totalRetryDelay` reports it.
 */
const waited = (before: number, started: number): number => Math.round(before + performance.now() - started);

/** Waits `ms`, or rejects at once on abort; either way nothing is left scheduled. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * An abort between attempts, reported like one during an attempt: a `RequestError` naming the
 * operation and endpoint, with the attempts made so far.
 */
function aborted(error: Error, operation: string, request: unknown, attempts: number, totalRetryDelay: number): RequestError {
  const failure = new RequestError(operation, requestTarget(request), error);
  failure.$metadata = { attempts, totalRetryDelay };
  return failure;
}

/**
 * Where a request goes, for error messages: origin and path, never the query or headers.
 *
 * @param request - an `HttpRequest`
 * @returns e.g. `https://xray.us-east-1.amazonaws.com/Traces`
 */
export function requestTarget(request: unknown): string {
  const { protocol, hostname, port, path } = request as { protocol?: string; hostname?: string; port?: number; path?: string };
  return `${protocol}//${hostname}${port ? `:${port}` : ""}${path}`;
}

const isAbort = (error: unknown): boolean => (error as Error | undefined)?.name === "AbortError";

/** Races a promise against the caller's signal, removing the listener either way. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function abortError(signal: AbortSignal, cause: unknown = signal.reason): Error {
  const error = new Error("Request aborted", { cause });
  error.name = "AbortError";
  return error;
}
