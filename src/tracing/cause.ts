/**
 * Turning a thrown value into X-Ray's `cause`: exceptions with ID, message, type and stack frames
 * parsed from a JavaScript `Error.stack` (V8's `    at label (path:line:column)` and
 * Firefox/Safari's `label@path:line:column`), following `error.cause` chains.
 *
 * @packageDocumentation
 */

/** One stack frame of an exception. */
export interface StackFrame {
  /** The file or URL. */
  path?: string;
  /** The line number. */
  line?: number;
  /** The function, method or other label. */
  label?: string;
}

/** One exception in a `cause`. */
export interface ExceptionDocument {
  /** 16 hex digits, unique in the trace. */
  id: string;
  /** The error's message. */
  message?: string;
  /** The error's class, from its `name`. */
  type?: string;
  /** Whether the error came from a downstream service. */
  remote?: boolean;
  /** Stack frames left out at the end. */
  truncated?: number;
  /** Exceptions skipped between this one and the one it caused. */
  skipped?: number;
  /** The ID of the exception that caused this one (the next one in an `error.cause` chain). */
  cause?: string;
  /** The stack, innermost frame first. */
  stack?: StackFrame[];
}

/** The `cause` object of a segment or subsegment. */
export interface CauseDocument {
  /** The working directory of the process, when there is one (Node; not browsers). */
  working_directory?: string;
  /** Source paths of the application. */
  paths?: string[];
  /** The exceptions, outermost first. */
  exceptions?: ExceptionDocument[];
}

/** Frames kept per exception; the rest are counted in `truncated`. */
export const MAX_STACK_FRAMES = 50;
/** Errors followed down an `error.cause` chain. */
const MAX_CHAIN = 8;

// A location: "path:line:column" (or "path:line"); the path may hold colons (URLs, C:\).
const LOCATION = /^(.+?):(\d+)(?::\d+)?$/;
// Inside an eval frame's location, the innermost "(path:line:column)": where eval was called.
const EVAL_SITE = /\(([^()]+?):(\d+)(?::\d+)?\)/;
// Firefox's code made by eval or Function: "path line 2 > eval:1:5".
const GECKO_EVAL = /^(.+?) line (\d+) > /;

/**
 * Parses the frames of an `Error.stack` string, innermost first:
 * - V8 (Node, Chrome, Edge): `    at label (location)` or `    at location`, where a label may
 *   start with `async ` (left out) or `new `, and the location is `path:line:column`, an eval
 *   (`eval at f (path:line:column), <anonymous>:1:5`: the path and line of the call to eval), or
 *   a native one without a line (`native`, `<anonymous>`, `index 0`: kept as the path);
 * - Firefox and Safari: `label@path:line:column`, with Firefox's `async*` prefix left out, its
 *   eval locations (`path line 2 > eval:1:5`) read as the path and line of the call, and
 *   Safari's `[native code]` kept as the path.
 * Other lines (the message) are skipped; a frame without a label is labelled `anonymous`.
 *
 * @param stack - `error.stack`
 * @returns the frames, innermost first
 */
export function parseStack(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const text of stack.split("\n")) {
    const v8 = /^\s*at (?:async )?(.+)$/.exec(text);
    const gecko = v8 ? undefined : /^(?:async\*)?([^@\s]*(?: code)?)@(.+)$/.exec(text.trim());
    let label: string | undefined;
    let location: string;
    if (v8) {
      const body = v8[1]!;
      const open = body.indexOf(" (");
      const bracketed = open > 0 && body.endsWith(")");
      label = bracketed ? body.slice(0, open) : undefined;
      location = bracketed ? body.slice(open + 2, -1) : body;
    } else if (gecko) {
      label = gecko[1];
      location = gecko[2]!;
    } else continue;
    const [, path, line] = (location.startsWith("eval at ") && EVAL_SITE.exec(location)) || GECKO_EVAL.exec(location) || LOCATION.exec(location) || [];
    if (path) frames.push({ path, line: +line!, label: label || "anonymous" });
    // A native frame has no line; Firefox and Safari lines without one are not frames.
    else if (v8 || location === "[native code]") frames.push({ path: location, label: label || "anonymous" });
  }
  return frames;
}

/**
 * The exceptions for a thrown value: the value itself, then each `cause` it chains to, linked by
 * ID. A string becomes the message; other values are read for `message`, `name` and `stack`.
 *
 * @internal
 * @param error - what was thrown
 * @param remote - whether it came from a downstream call
 * @param newId - the ID source
 * @returns the exceptions, outermost first (never empty)
 */
export function toExceptions(error: unknown, remote: boolean | undefined, newId: () => string): ExceptionDocument[] {
  const out: ExceptionDocument[] = [];
  const seen = new Set<unknown>();
  for (let next = error, last: ExceptionDocument | undefined; out.length < MAX_CHAIN && !seen.has(next); ) {
    seen.add(next);
    const fields = (typeof next === "object" && next) || {};
    const message = read(fields, "message");
    const name = read(fields, "name");
    const stack = read(fields, "stack");
    // Fields left undefined are left out of the JSON. An object without a string message gets
    // none: String() of it says nothing and can throw.
    const exception: ExceptionDocument = {
      id: newId(),
      message: typeof message === "string" ? message : typeof next === "object" ? undefined : String(next),
      type: typeof name === "string" ? name : undefined,
      remote: remote || undefined,
    };
    if (typeof stack === "string") {
      const frames = (exception.stack = parseStack(stack));
      // `splice` leaves the first MAX_STACK_FRAMES frames and returns the rest.
      const truncated = frames.splice(MAX_STACK_FRAMES).length;
      if (truncated) exception.truncated = truncated;
    }
    if (last) last.cause = exception.id;
    out.push((last = exception));
    next = read(fields, "cause");
    if (next == null) break;
  }
  return out;
}

/** A property of a thrown value, or `undefined` when reading it throws (a getter, a hostile Proxy). */
function read(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** @internal The process's working directory where there is one: Node has it, browsers do not. */
export function workingDirectory(): string | undefined {
  try {
    return (globalThis as { process?: { cwd?: () => string } }).process?.cwd?.();
  } catch {
    // cwd() throws when the directory was deleted: there is none then.
  }
}
