/**
 * fault, error, throttle and `cause` of a span (docs/otel-translation.md, "fault / error /
 * throttle" and "cause").
 */
import type { SpanStatus } from "@opentelemetry/api";
import type { TimedEvent } from "@opentelemetry/sdk-trace-base";
import { MAX_STACK_FRAMES, parseStack, type CauseDocument, type ExceptionDocument } from "../tracing/cause.js";
import { SpanKinds, StatusCodes } from "./span-values.js";

/** The flags a span's outcome sets. */
export interface OutcomeFlags {
  fault?: true;
  error?: true;
  throttle?: true;
}

/**
 * The flags: an HTTP status decides first (4xx error, 429 also throttle, 5xx fault); without
 * one in those ranges, span status ERROR is a fault.
 *
 * @param httpStatus - the response status, if any
 * @param status - the span's status
 * @returns the flags to set
 */
export function outcomeFlags(httpStatus: number | undefined, status: SpanStatus): OutcomeFlags {
  if (httpStatus !== undefined && httpStatus >= 400 && httpStatus <= 499) return httpStatus === 429 ? { error: true, throttle: true } : { error: true };
  if (httpStatus !== undefined && httpStatus >= 500 && httpStatus <= 599) return { fault: true };
  return status.code === StatusCodes.ERROR ? { fault: true } : {};
}

/** Languages whose `exception.stacktrace` is a JavaScript `Error.stack`. */
const JAVASCRIPT = new Set(["nodejs", "webjs", "javascript"]);

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/**
 * The `cause`: one exception per `exception` event (whatever the status), or, with none, one
 * from the status message of an ERROR span.
 *
 * @param span - the span's kind, status and events
 * @param language - the resource's `telemetry.sdk.language`
 * @param statusText - the `http.status_text` attribute, the fallback message
 * @param newId - exception IDs (16 hex digits)
 * @returns the cause, or undefined
 */
export function causeBlock(
  span: { kind: number; status: SpanStatus; events: readonly TimedEvent[] },
  language: string | undefined,
  statusText: string | undefined,
  newId: () => string,
): CauseDocument | undefined {
  const remote = span.kind === SpanKinds.CLIENT || span.kind === SpanKinds.PRODUCER;
  const exceptions: ExceptionDocument[] = [];
  for (const event of span.events) {
    if (event.name !== "exception") continue;
    const attributes = event.attributes ?? {};
    const exception: ExceptionDocument = { id: newId() };
    const type = text(attributes["exception.type"]);
    const message = text(attributes["exception.message"]);
    const stack = text(attributes["exception.stacktrace"]);
    if (type !== undefined) exception.type = type;
    if (message !== undefined) exception.message = message;
    if (remote) exception.remote = true;
    if (stack !== undefined && language !== undefined && JAVASCRIPT.has(language)) {
      const frames = parseStack(stack);
      if (frames.length > MAX_STACK_FRAMES) exception.truncated = frames.length - MAX_STACK_FRAMES;
      if (frames.length > 0) exception.stack = frames.slice(0, MAX_STACK_FRAMES);
    }
    exceptions.push(exception);
  }
  if (exceptions.length === 0 && span.status.code === StatusCodes.ERROR) {
    const message = text(span.status.message) ?? statusText;
    if (message !== undefined) exceptions.push({ id: newId(), message, ...(remote ? { remote: true } : {}) });
  }
  return exceptions.length > 0 ? { exceptions } : undefined;
}
