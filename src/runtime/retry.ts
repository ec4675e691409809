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
import type {
  FinalizeHandler,
  FinalizeHandlerArguments,
  FinalizeHandlerOutput,
  MetadataBearer,
  RetryErrorInfo,
  SdkError,
} from "@smithy/types";
import type { ResolvedClientConfig } from "./config.js";
import { classifyError, retryAfterHint } from "./retry-classify.js";

/**
 * Runs `next` until it succeeds or the strategy refuses another attempt.
 *
 * @param next - the rest of the pipeline (signing, transport, parsing)
 * @param args - the request arguments; the request's retry headers are set here
 * @param config - the client configuration (strategy, attempts, logger)
 * @param abortSignal - the caller's signal, if any
 * @returns the successful result, with `attempts` and `totalRetryDelay` in `$metadata`
 * @throws the last error, with `attempts` and `totalRetryDelay` in its `$metadata`
 */
export async function runWithRetries(
  next: FinalizeHandler<any, MetadataBearer>,
  args: FinalizeHandlerArguments<any>,
  config: ResolvedClientConfig,
  abortSignal: AbortSignal | undefined,
): Promise<FinalizeHandlerOutput<MetadataBearer>> {
  const strategy = await config.retryStrategy();
  const maxAttempts = await config.maxAttempts();
  let token = await strategy.acquireInitialRetryToken("");
  const headers = (args.request as { headers: Record<string, string> }).headers;
  headers["amz-sdk-invocation-id"] = crypto.randomUUID();
  let attempts = 0;
  let totalRetryDelay = 0;
  for (;;) {
    // An aborted call sends nothing more, whatever the transport does with signals.
    if (abortSignal?.aborted) throw abortError(abortSignal);
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
      if (abortSignal?.aborted) throw isAbort(failure) ? failure : abortError(abortSignal, failure);
      const info: RetryErrorInfo = { error: failure, errorType: classifyError(failure) };
      const hint = retryAfterHint((failure as { $response?: { headers?: Record<string, string> } }).$response?.headers);
      if (hint) info.retryAfterHint = hint;
      const started = Date.now();
      try {
        token = await abortable(strategy.refreshRetryTokenForRetry(token, info), abortSignal);
      } catch (refusal) {
        if (isAbort(refusal)) throw refusal;
        throw failure;
      }
      // The standard strategy waits inside refreshRetryTokenForRetry; others report a delay.
      const delay = token.getRetryDelay();
      if (delay > 0) await abortable(sleep(delay), abortSignal);
      totalRetryDelay += Date.now() - started;
      attempts = token.getRetryCount();
      config.logger.debug?.(
        `retrying after ${failure.name} (${info.errorType}), attempt ${attempts + 1} of ${maxAttempts}`,
      );
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
