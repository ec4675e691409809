/**
 * Validation of one PutTraceSegments document, with the reason it was refused when it is: the
 * rules the X-Ray developer guide states for segment documents (required fields, id formats,
 * `end_time` or `in_progress`, the 64 KB limit, the extra fields a subsegment sent on its own
 * needs, annotation keys and values).
 *
 * A document is a segment (a JSON object), a subsegment sent on its own (an object with
 * `"type": "subsegment"`), or an array of such subsegments. Refusal is per document: one bad
 * document never costs the others in the batch.
 *
 * @packageDocumentation
 */
import { utf8Length } from "../../runtime/utf8.js";
import {
  MAX_ANNOTATION_STRING_LENGTH,
  MAX_DOCUMENT_BYTES as MAX_SEGMENT_DOCUMENT_BYTES,
  MAX_NAME_LENGTH,
  codePointLength,
  isAnnotationKey,
  isAnnotationValue,
  isEpochSeconds,
  isSegmentId,
  isSegmentName,
  isTraceId,
} from "../../segment-rules/rules.js";
import { asObject, type ValidatedDocument } from "./validated-document.js";

/**
 * The `ErrorCode`s of `UnprocessedTraceSegments` entries. X-Ray documents one code,
 * `InvalidTraceId`; the others name the rule that failed in the same style, and the `Message`
 * says which field and why.
 */
export const SegmentErrorCode = {
  /** Not JSON, or JSON that is neither an object nor an array of objects. */
  MalformedDocument: "MalformedDocument",
  /** Over 64 KB of UTF-8. */
  DocumentTooLarge: "DocumentTooLarge",
  /** A required field is absent. */
  MissingField: "MissingField",
  /** `trace_id` is not `1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx`. */
  InvalidTraceId: "InvalidTraceId",
  /** `id` or `parent_id` is not 16 hex digits. */
  InvalidId: "InvalidId",
  /** `start_time`/`end_time` is not a number of epoch seconds, or ends before it starts. */
  InvalidTime: "InvalidTime",
  /** Any other rule: `end_time` and `in_progress` together, a bad name, annotation or flag. */
  InvalidSegment: "InvalidSegment",
} as const;

/** One of the values of {@link SegmentErrorCode}. */
export type SegmentErrorCode = (typeof SegmentErrorCode)[keyof typeof SegmentErrorCode];

/** A document that passed: the (sub)segments it holds, each with the text to store. */
export interface AcceptedDocument {
  readonly ok: true;
  /** One entry for an object document; one per element for an array of subsegments. */
  readonly segments: ReadonlyArray<{ readonly doc: ValidatedDocument; readonly text: string }>;
}

/** A document that failed, as it goes into `UnprocessedTraceSegments`. */
export interface RejectedDocument {
  readonly ok: false;
  /** The document's `id`, when it could be read. */
  readonly id?: string;
  readonly code: SegmentErrorCode;
  readonly message: string;
}

/** Why validation of one document ended. */
export type DocumentCheck = AcceptedDocument | RejectedDocument;


/** Thrown inside the walk, caught at the top: the first rule a document breaks. */
class Refusal {
  constructor(
    readonly code: SegmentErrorCode,
    readonly message: string,
  ) {}
}

function refuse(code: SegmentErrorCode, message: string): never {
  throw new Refusal(code, message);
}

/**
 * Validates one entry of `TraceSegmentDocuments`.
 *
 * @param text - the document as sent
 * @returns the accepted (sub)segments, or the reason for refusal
 */
export function validateSegmentDocument(text: string): DocumentCheck {
  // Every UTF-16 unit is at most 3 UTF-8 bytes: short documents need no counting.
  if (text.length * 3 > MAX_SEGMENT_DOCUMENT_BYTES) {
    const bytes = utf8Length(text);
    if (bytes > MAX_SEGMENT_DOCUMENT_BYTES) {
      return reject(readableId(text), SegmentErrorCode.DocumentTooLarge, `Document is ${bytes} bytes; the limit is ${MAX_SEGMENT_DOCUMENT_BYTES} bytes (64 KB)`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return reject(readableId(text), SegmentErrorCode.MalformedDocument, `Document is not valid JSON: ${(error as Error).message}`);
  }
  const id = typeof asObject(parsed)?.["id"] === "string" ? (asObject(parsed)!["id"] as string) : undefined;
  try {
    if (Array.isArray(parsed)) {
      if (parsed.length === 0) refuse(SegmentErrorCode.MalformedDocument, "Document is an empty array; an array document holds subsegments");
      // An array holds subsegments sent on their own; each is stored, and returned, as its own document.
      const segments = parsed.map((element, index) => {
        checkTopLevel(element, `[${index}]`, true);
        return { doc: element as ValidatedDocument, text: JSON.stringify(element) };
      });
      return { ok: true, segments };
    }
    checkTopLevel(parsed, "", false);
    return { ok: true, segments: [{ doc: parsed as ValidatedDocument, text }] };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const firstId = id ?? (Array.isArray(parsed) ? firstElementId(parsed) : undefined);
    return reject(firstId, error.code, error.message);
  }
}

function reject(id: string | undefined, code: SegmentErrorCode, message: string): RejectedDocument {
  return id === undefined ? { ok: false, code, message } : { ok: false, id, code, message };
}

/** Checks a segment or an independent subsegment, then every subsegment inside it. */
function checkTopLevel(value: unknown, path: string, mustBeSubsegment: boolean): void {
  const doc = asObject(value);
  if (!doc) {
    return refuse(
      SegmentErrorCode.MalformedDocument,
      mustBeSubsegment ? `${path} must be a subsegment object` : "Document must be a JSON object (a segment or subsegment) or an array of subsegments",
    );
  }
  const at = (name: string): string => (path ? `${path}.${name}` : name);
  const independent = doc["type"] !== undefined;
  if (independent && doc["type"] !== "subsegment") refuse(SegmentErrorCode.InvalidSegment, `${at("type")} must be "subsegment" when present`);
  if (mustBeSubsegment && !independent) refuse(SegmentErrorCode.MissingField, `Missing required field ${at("type")} ("subsegment" for a subsegment sent on its own)`);

  checkCommon(doc, path, !independent);
  const traceId = doc["trace_id"];
  if (traceId === undefined) refuse(SegmentErrorCode.MissingField, `Missing required field ${at("trace_id")}`);
  if (!isTraceId(traceId)) {
    refuse(SegmentErrorCode.InvalidTraceId, `${at("trace_id")} must look like 1-58406520-a006649127e371903a2de979, got ${preview(traceId)}`);
  }
  const parentId = doc["parent_id"];
  if (independent && parentId === undefined) refuse(SegmentErrorCode.MissingField, `Missing required field ${at("parent_id")} (a subsegment sent on its own needs its parent's id)`);
  if (parentId !== undefined) checkId(parentId, at("parent_id"));

  // Iterative walk: a 64 KB document can nest subsegments a few thousand levels deep.
  const pending: Array<{ value: unknown; path: string }> = [];
  pushChildren(doc, path, pending);
  for (let next = pending.pop(); next; next = pending.pop()) {
    const child = asObject(next.value);
    if (!child) refuse(SegmentErrorCode.InvalidSegment, `${next.path} must be a subsegment object`);
    checkCommon(child!, next.path, false);
    pushChildren(child!, next.path, pending);
  }
}

function pushChildren(doc: Readonly<Record<string, unknown>>, path: string, pending: Array<{ value: unknown; path: string }>): void {
  const children = doc["subsegments"];
  if (children === undefined) return;
  const at = path ? `${path}.subsegments` : "subsegments";
  if (!Array.isArray(children)) return refuse(SegmentErrorCode.InvalidSegment, `${at} must be an array of subsegments`);
  for (let index = children.length - 1; index >= 0; index--) pending.push({ value: children[index], path: `${at}[${index}]` });
}

/** The rules every segment and subsegment shares. */
function checkCommon(doc: Readonly<Record<string, unknown>>, path: string, isSegment: boolean): void {
  const at = (name: string): string => (path ? `${path}.${name}` : name);
  if (doc["id"] === undefined) refuse(SegmentErrorCode.MissingField, `Missing required field ${at("id")}`);
  checkId(doc["id"], at("id"));
  checkName(doc["name"], at("name"), isSegment);

  const start = doc["start_time"];
  if (start === undefined) refuse(SegmentErrorCode.MissingField, `Missing required field ${at("start_time")}`);
  if (!isEpochSeconds(start)) refuse(SegmentErrorCode.InvalidTime, `${at("start_time")} must be epoch seconds as a number, e.g. 1480615200.010, got ${preview(start)}`);
  const end = doc["end_time"];
  const inProgress = doc["in_progress"];
  if (inProgress !== undefined && typeof inProgress !== "boolean") refuse(SegmentErrorCode.InvalidSegment, `${at("in_progress")} must be a boolean`);
  if (inProgress === true && end !== undefined) refuse(SegmentErrorCode.InvalidSegment, `${at("end_time")} and ${at("in_progress")}: true are exclusive: send in_progress while open, end_time once closed`);
  if (inProgress !== true) {
    if (end === undefined) refuse(SegmentErrorCode.MissingField, `Missing required field ${at("end_time")} (or ${at("in_progress")}: true for an open segment)`);
    if (!isEpochSeconds(end)) refuse(SegmentErrorCode.InvalidTime, `${at("end_time")} must be epoch seconds as a number, got ${preview(end)}`);
    if ((end as number) < (start as number)) refuse(SegmentErrorCode.InvalidTime, `${at("end_time")} (${end}) is before ${at("start_time")} (${start})`);
  }

  for (const flag of ["fault", "error", "throttle"]) {
    if (doc[flag] !== undefined && typeof doc[flag] !== "boolean") refuse(SegmentErrorCode.InvalidSegment, `${at(flag)} must be a boolean`);
  }
  for (const text of ["namespace", "origin", "user", "resource_arn"]) {
    if (doc[text] !== undefined && typeof doc[text] !== "string") refuse(SegmentErrorCode.InvalidSegment, `${at(text)} must be a string`);
  }
  checkAnnotations(doc["annotations"], at("annotations"));
}

function checkId(value: unknown, at: string): void {
  if (!isSegmentId(value)) {
    refuse(SegmentErrorCode.InvalidId, `${at} must be 16 hexadecimal digits, got ${preview(value)}`);
  }
}

function checkName(value: unknown, at: string, isSegment: boolean): void {
  if (value === undefined) refuse(SegmentErrorCode.MissingField, `Missing required field ${at}`);
  if (typeof value !== "string" || value === "") refuse(SegmentErrorCode.InvalidSegment, `${at} must be a non-empty string`);
  const name = value as string;
  // Characters are code points, as in the segment-document schema's maxLength (an emoji is one).
  const nameLength = codePointLength(name);
  if (nameLength > MAX_NAME_LENGTH) refuse(SegmentErrorCode.InvalidSegment, `${at} is ${nameLength} characters; the limit is ${MAX_NAME_LENGTH}`);
  // Subsegment names are free-form (docs/segment-rules.md).
  if (isSegment && !isSegmentName(name)) {
    refuse(SegmentErrorCode.InvalidSegment, `${at} ${preview(name)} may only use letters, numbers, whitespace and _ . : / % & # = + \\ - @`);
  }
}

function checkAnnotations(value: unknown, at: string): void {
  if (value === undefined) return;
  const annotations = asObject(value);
  if (!annotations) return refuse(SegmentErrorCode.InvalidSegment, `${at} must be an object of key/value pairs`);
  for (const [key, annotation] of Object.entries(annotations)) {
    if (!isAnnotationKey(key)) refuse(SegmentErrorCode.InvalidSegment, `${at} key ${preview(key)} may only use letters, digits and _ (1 to 500 characters)`);
    if (!isAnnotationValue(annotation)) refuse(SegmentErrorCode.InvalidSegment, `${at}.${key} must be a string (up to ${MAX_ANNOTATION_STRING_LENGTH} characters), a number or a boolean`);
  }
}


/** A short, printable rendering of a bad value for a message. */
function preview(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** The `id` of a document that could not be parsed, when it is plainly there. */
function readableId(text: string): string | undefined {
  return /"id"\s*:\s*"([0-9a-fA-F]{16})"/.exec(text.slice(0, MAX_SEGMENT_DOCUMENT_BYTES))?.[1];
}

function firstElementId(elements: unknown[]): string | undefined {
  const id = asObject(elements[0])?.["id"];
  return typeof id === "string" ? id : undefined;
}
