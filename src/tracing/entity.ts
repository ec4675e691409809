/**
 * What segments and subsegments share: identity, timing, annotations, metadata, HTTP, AWS and
 * SQL data, error flags and causes, nesting, serialization and splitting.
 *
 * Fields are kept in the segment-document shape (snake_case, as they go on the wire), and every
 * setter keeps the document valid against X-Ray's rules (`src/segment-rules/rules.ts`): request
 * data over X-Ray's length limits is clipped (and counted in `repairs`); anything else invalid is
 * repaired and counted (the default), or throws a `SegmentFieldError` with `onInvalid: "throw"`.
 * No method throws anything else, whatever it is given, and neither do `serialize()` and
 * `toDocuments()`: the builder runs on request paths, and telemetry must not break them.
 *
 * @packageDocumentation
 */
import type { SegmentDocuments } from "./document-source.js";
import { type ExceptionDocument, toExceptions, workingDirectory } from "./cause.js";
import {
  ANNOTATION_KEY_REFUSED,
  MAX_ANNOTATION_KEY_LENGTH,
  MAX_ANNOTATION_STRING_LENGTH,
  MAX_DOCUMENT_BYTES,
  MAX_FIELD_LENGTH,
  MAX_NAME_LENGTH,
  SEGMENT_NAME_REFUSED,
  clip,
  isAnnotationKey,
  isAnnotationValue,
  isEpochSeconds,
  isSegmentId,
  isSegmentName,
  isSubsegmentName,
  codePointLength,
  toText,
} from "../segment-rules/rules.js";
import { MAX_ANNOTATIONS, type TraceState, check, checkNumber, reject } from "./fields.js";
import type { AnnotationScalar, AwsData, EntityDocument, HttpData, HttpRequestData, HttpResponseData, SqlData, SubsegmentDocument } from "./segment-document.js";
import { splitDocument, stringify } from "./split.js";

/**
 * The base of `Segment` and `Subsegment`; not constructed directly.
 *
 * @typeParam Document - the document type it serializes to
 */
export abstract class Entity<Document extends EntityDocument = EntityDocument> {
  // `declare`d fields are assigned once, in the constructor (no class-field definitions to emit).
  /** This (sub)segment's 16-hex-digit ID. */
  declare readonly id: string;
  /** @internal State shared across the segment tree. */
  declare readonly trace: TraceState;
  /** @internal The document fields, in wire order. */
  protected declare readonly doc: Record<string, unknown>;
  /** @internal */
  protected declare readonly children: Entity<SubsegmentDocument>[];
  /**
   * @internal Subsegment levels above this one in its document: 0 for a segment, and for a
   * subsegment too deep to nest, which goes out as its own document (see `MAX_NESTING_DEPTH`).
   */
  declare readonly depth: number;

  /** @internal */
  protected constructor(trace: TraceState, name: string, head: Record<string, unknown>, depth: number) {
    this.id = trace.ids.newSegmentId();
    this.trace = trace;
    this.depth = depth;
    this.doc = {
      // A segment's head has its trace ID; a subsegment's name is free-form.
      name: !head["trace_id"]
        ? check(trace, "name", name, isSubsegmentName, MAX_NAME_LENGTH, "1-200 characters")
        : check(trace, "name", name, isSegmentName, MAX_NAME_LENGTH, "1-200 letters, digits, spaces or _.:/%&#=+\\-@", SEGMENT_NAME_REFUSED),
      id: this.id,
      ...head,
      start_time: trace.now() / 1000,
    };
    this.children = [];
  }

  /** The trace this (sub)segment belongs to. */
  get traceId(): string {
    return this.trace.traceId;
  }

  /** Repairs made in `onInvalid: "sanitize"` mode and request fields clipped, across the whole segment tree. */
  get repairs(): number {
    return this.trace.repairs;
  }

  /** Whether {@link Entity.close} was called (or an end time set). */
  isClosed(): boolean {
    return this.doc["end_time"] !== undefined;
  }

  /**
   * Ends this (sub)segment now, unless an end time was set already; records `error` if given.
   *
   * @param error - what made it fail (`null`/`undefined`: nothing)
   * @param remote - whether that error came from a downstream service
   */
  close(error?: unknown, remote?: boolean): void {
    if (this.doc["end_time"] === undefined) this.setEndTime(this.trace.now() / 1000);
    if (error != null) this.addError(error, remote);
  }

  /**
   * Sets the start time.
   *
   * @param epochSeconds - seconds since the epoch, fractions for milliseconds
   * @throws SegmentFieldError in `"throw"` mode when not a finite, non-negative number, or after
   *   the end time (default mode: ignored, or the end time, and counted)
   */
  setStartTime(epochSeconds: number): this {
    return this.setTime("start_time", epochSeconds, (end) => epochSeconds > end);
  }

  /**
   * Sets the end time, which closes the (sub)segment.
   *
   * @param epochSeconds - seconds since the epoch, fractions for milliseconds
   * @throws SegmentFieldError in `"throw"` mode when not a finite, non-negative number, or before
   *   the start time (default mode: ignored, or the start time, and counted)
   */
  setEndTime(epochSeconds: number): this {
    return this.setTime("end_time", epochSeconds, (start) => epochSeconds < start);
  }

  /**
   * Adds (or replaces) an annotation, which X-Ray indexes for filter expressions.
   *
   * @param key - 1-500 characters `a-z`, `A-Z`, `0-9`, `_`
   * @param value - a string of up to 1000 characters, a finite number or a boolean
   * @throws SegmentFieldError in `"throw"` mode for a bad key or value, or a 51st annotation in
   *   the segment tree. The default mode instead replaces bad key characters with `_`, clips long
   *   strings, and puts values that cannot be annotations into metadata namespace `"annotations"`.
   */
  addAnnotation(key: string, value: AnnotationScalar): this {
    const { trace } = this;
    const k = check(trace, "annotation key", key, isAnnotationKey, MAX_ANNOTATION_KEY_LENGTH, "1-500 of a-z A-Z 0-9 _", ANNOTATION_KEY_REFUSED);
    const annotations = (this.doc["annotations"] ??= Object.create(null)) as Record<string, unknown>;
    const isNew = !(k in annotations);
    const full = isNew && trace.annotations >= MAX_ANNOTATIONS;
    if (full || (typeof value !== "string" && !isAnnotationValue(value))) {
      reject(trace, `annotation ${k}`, full ? `over ${MAX_ANNOTATIONS} annotations` : "not a string, finite number or boolean");
      // What cannot be an annotation is kept as metadata: nothing is lost.
      return this.addMetadata(k, value, "annotations");
    }
    if (!isAnnotationValue(value)) {
      reject(trace, `annotation ${k}`, "over 1000 characters");
      value = clip(value as string, MAX_ANNOTATION_STRING_LENGTH);
    }
    if (isNew) trace.annotations++;
    annotations[k] = value;
    return this;
  }

  /**
   * Adds (or replaces) a metadata entry: any JSON value, not indexed.
   *
   * @param key - the entry's key
   * @param value - any JSON-serializable value (`undefined` is stored as `null`); kept by
   *   reference, so later changes to it show in the document
   * @param namespace - the namespace (`AWS.`-prefixed namespaces are AWS SDKs' own)
   * @defaultValue namespace - `"default"`
   */
  addMetadata(key: string, value: unknown, namespace = "default"): this {
    const metadata = (this.doc["metadata"] ??= Object.create(null)) as Record<string, Record<string, unknown>>;
    (metadata[this.text("metadata namespace", namespace)] ??= Object.create(null) as Record<string, unknown>)[this.text("metadata key", key)] = value ?? null;
    return this;
  }

  /**
   * Records an error in `cause` and sets the `fault` flag. An error object already recorded in
   * this segment tree is not recorded again: a (sub)segment without a cause gets the ID of its
   * exception as `cause`, as X-Ray allows, so a propagated error shows once.
   *
   * @param error - an `Error` (its `cause` chain is followed), a string, or any thrown value
   * @param remote - whether the error came from a downstream service
   */
  addError(error: unknown, remote?: boolean): this {
    this.addFaultFlag();
    const { doc, trace } = this;
    // A WeakMap answers `undefined` for a key that cannot be in it (a string, a number).
    const known = trace.errors.get(error as object);
    if (known) {
      // Recorded already (here, or in a subsegment it propagated from): refer to it, once.
      doc["cause"] ??= known;
      return this;
    }
    // A cause that is an ID (an error recorded elsewhere) gives way to this one's exceptions.
    // In a browser working_directory is undefined, so JSON leaves it out.
    if (typeof doc["cause"] !== "object") doc["cause"] = { working_directory: workingDirectory(), exceptions: [] };
    const exceptions = toExceptions(error, remote, trace.ids.newSegmentId);
    if (typeof error === "object" && error) trace.errors.set(error, exceptions[0]!.id);
    (doc["cause"] as { exceptions: ExceptionDocument[] }).exceptions.push(...exceptions);
    return this;
  }

  /** Sets the `fault` flag: a server-side failure (5xx). */
  addFaultFlag(): this {
    return this.put("fault", true);
  }

  /** Sets the `error` flag: a client-side failure (4xx). */
  addErrorFlag(): this {
    return this.put("error", true);
  }

  /** Sets the `throttle` flag (429); X-Ray expects `error` with it, see {@link Entity.setHttpResponse}. */
  addThrottleFlag(): this {
    return this.put("throttle", true);
  }

  /**
   * Sets `http.request`; strings over 250 characters are clipped.
   *
   * @param request - the request's method, URL, user agent, client IP
   */
  setHttpRequest(request: HttpRequestData): this {
    ((this.doc["http"] ??= {}) as HttpData).request = this.clipped(request, ["method", "url", "user_agent", "client_ip"]);
    return this;
  }

  /**
   * Sets `http.response`, and the flags its status implies: 4xx `error`, 429 also `throttle`,
   * 5xx `fault`.
   *
   * @param status - the HTTP status code
   * @param contentLength - the response body's length in bytes
   * @throws SegmentFieldError when either is not a finite number (sanitize mode: left out)
   */
  setHttpResponse(status: number, contentLength?: number): this {
    const response: HttpResponseData = {};
    if (checkNumber(this.trace, "status", status)) {
      response.status = status;
      if (status === 429) this.addThrottleFlag();
      if (status >= 500) this.addFaultFlag();
      else if (status >= 400) this.addErrorFlag();
    }
    if (contentLength !== undefined && checkNumber(this.trace, "content_length", contentLength)) {
      response.content_length = contentLength;
    }
    ((this.doc["http"] ??= {}) as HttpData).response = response;
    return this;
  }

  /**
   * Sets `http.request` from an object shaped like aws-xray-sdk-core's `IncomingRequestData`
   * (`{ request }`); the response goes in with {@link Entity.setHttpResponse}.
   *
   * @param data - `{ request }`
   */
  addIncomingRequestData(data: { request: HttpRequestData }): this {
    return this.setHttpRequest(this.copy(data).request as HttpRequestData);
  }

  /**
   * Merges fields into the `aws` block.
   *
   * @param aws - resource data (segments) or call data (subsegments)
   */
  setAws(aws: AwsData): this {
    return this.put("aws", { ...(this.doc["aws"] as AwsData), ...this.copy(aws) });
  }

  /**
   * Sets the `sql` block; `user` over 250 characters is clipped.
   *
   * @param sql - the query and connection data (never a password)
   */
  setSql(sql: SqlData): this {
    return this.put("sql", this.clipped(sql, ["user"]));
  }

  /**
   * The document as a plain object, subsegments nested (for `JSON.stringify`).
   *
   * @returns the segment document
   */
  toJSON(): Document {
    const doc = { ...this.doc } as unknown as Document;
    if (doc.end_time === undefined) doc.in_progress = true;
    // Children too deep to nest go out as their own documents (see `toDocuments`).
    const nested = this.children.filter((child) => child.depth);
    if (nested.length) doc.subsegments = nested.map((child) => child.toJSON());
    return doc;
  }

  /**
   * The document as a JSON string: for a subsegment, the standalone form (with `type`,
   * `trace_id` and `parent_id`). BigInts become strings; if the metadata holds a cycle, repeated
   * objects become `"[circular]"`.
   *
   * @returns the JSON document
   */
  serialize(): string {
    return stringify(this.standalone(), () => this.trace.repairs++);
  }

  /**
   * The document for sending, split into several when it is over `maxBytes` (see `split.ts`):
   * child subsegments become standalone subsegment documents, completed ones first, largest
   * first, as many as needed, recursively; an in-progress child goes only when no completed
   * sibling is left, as an in-progress document X-Ray replaces once the complete one arrives.
   * Only a field that cannot fit even alone is cut, marked `"[truncated]"` and counted.
   *
   * @param maxBytes - the largest document, in UTF-8 bytes
   * @defaultValue maxBytes - 65536 (PutTraceSegments' and the daemon's limit)
   * @returns the documents and how many fields were truncated
   * @throws RangeError when `maxBytes` is under 2048, too small for any document (or smaller than
   *   the fields that are never cut, such as IDs and the name)
   */
  toDocuments(maxBytes = MAX_DOCUMENT_BYTES): SegmentDocuments {
    const documents: string[] = [];
    let truncated = 0;
    // This document, then each subsegment nested too deep to go in it (and in theirs), found
    // without recursion: a runaway recursion in traced code can nest thousands of levels.
    for (let walk: Entity[] = [this], next; (next = walk.pop()); ) {
      if (next === this || !next.depth) {
        const split = splitDocument(next.serialize(), maxBytes);
        documents.push(...split.documents);
        truncated += split.truncated;
      }
      for (const child of next.children) walk.push(child);
    }
    return { documents, truncated };
  }

  /** @internal The document as sent on its own. */
  protected standalone(): Document {
    return this.toJSON();
  }

  /** @internal Sets a document field. */
  protected put(field: string, value: unknown): this {
    this.doc[field] = value;
    return this;
  }

  /** @internal Sets a time, repairing one that is invalid or on the wrong side of the other time. */
  private setTime(field: string, seconds: number, wrongSide: (other: number) => boolean): this {
    if (!checkNumber(this.trace, field, seconds, isEpochSeconds)) return this;
    const other = this.doc[field === "end_time" ? "start_time" : "end_time"] as number | undefined;
    if (other !== undefined && wrongSide(other)) {
      reject(this.trace, field, "must not end before the start");
      seconds = other;
    }
    return this.put(field, seconds);
  }

  /** @internal A string for a text field: `value` if it is one of up to `max` code points, else its repair. */
  protected text(field: string, value: unknown, max = Infinity): string {
    if (typeof value === "string" && (value.length <= max || codePointLength(value) <= max)) return value;
    reject(this.trace, field, `must be a string of up to ${max} characters`);
    return clip(toText(value), max);
  }

  /** @internal An own-property copy of a caller's object; a hostile one (a throwing Proxy) copies as `{}`, counted. */
  protected copy(value: unknown): Record<string, unknown> {
    try {
      return { ...(value as object) };
    } catch {
      reject(this.trace, "object", "could not be read");
      return {};
    }
  }

  /** @internal Validates a segment ID field. */
  protected setId(field: string, id: string): void {
    if (isSegmentId(id)) this.doc[field] = id.toLowerCase();
    else reject(this.trace, field, "must be 16 hex digits");
  }

  /**
   * @internal A copy of `data` whose `fields` that are present are clipped to X-Ray's 250
   * characters for request data, each clip counted in `repairs`.
   */
  protected clipped<Data extends object>(data: Data, fields: readonly string[]): Data {
    const copy = this.copy(data);
    for (const field of fields) {
      const value = copy[field];
      if (value !== undefined && (copy[field] = clip(toText(value), MAX_FIELD_LENGTH)) !== value) this.trace.repairs++;
    }
    return copy as Data;
  }
}
