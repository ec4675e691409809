/**
 * Turning what a caller hands a sender (JSON strings, `DocumentSource`s such as a `Segment`, or
 * a list of them) into documents that fit a byte limit, and naming what cannot be sent.
 *
 * Shared by the HTTP sender and the UDP emitter; browser-safe.
 */
import type { DocumentSource } from "../document-source.js";
import { utf8Length } from "../../runtime/utf8.js";

/** What a sender accepts: one document, one source, or a list of either. */
export type SendInput = string | DocumentSource | readonly (string | DocumentSource)[];

/** A document ready to be queued, with its UTF-8 size. */
export interface SizedDocument {
  readonly text: string;
  readonly bytes: number;
}

/** Documents refused before queueing, with the reason and the documents (when there are any). */
export interface RefusedDocuments {
  /** `"too-large"` or `"invalid-document"`. */
  readonly reason: "too-large" | "invalid-document";
  /** How many documents this refusal stands for (a failing source counts as one). */
  readonly count: number;
  /** The refused documents, when they exist as strings. */
  readonly documents: readonly string[];
  /** Why, for a log line. */
  readonly message: string;
}

/** The result of {@link expandInput}. */
export interface ExpandedInput {
  readonly accepted: SizedDocument[];
  readonly refused: RefusedDocuments[];
  /** Fields the sources reported as truncated to fit. */
  readonly truncated: number;
  /** Sources that were not sampled (`sampled === false`): never sent, never counted as received. */
  readonly notSampled: number;
}


/**
 * Splits a caller's input into documents of at most `maxBytes`, and the ones that cannot be sent.
 * Never throws: a source whose `toDocuments` throws, or a value that is neither a string nor a
 * source, becomes an `"invalid-document"` refusal.
 *
 * @param input - what the caller passed to `send()`
 * @param maxBytes - the per-document limit in UTF-8 bytes
 * @returns accepted documents in order, refusals, and the truncation count
 */
export function expandInput(input: SendInput, maxBytes: number): ExpandedInput {
  const accepted: SizedDocument[] = [];
  const refused: RefusedDocuments[] = [];
  let truncated = 0;
  let notSampled = 0;
  const items: readonly unknown[] = Array.isArray(input) ? input : [input];
  for (const item of items) {
    if (typeof item === "string") {
      addString(item, maxBytes, accepted, refused);
    } else if (isDocumentSource(item) && item.sampled === false) {
      notSampled++;
    } else if (isDocumentSource(item)) {
      let result: ReturnType<DocumentSource["toDocuments"]>;
      try {
        result = item.toDocuments(maxBytes);
      } catch (error) {
        refused.push({ reason: "invalid-document", count: 1, documents: [], message: `toDocuments() threw: ${describe(error)}` });
        continue;
      }
      truncated += Number.isFinite(result.truncated) ? result.truncated : 0;
      for (const document of result.documents) addString(document, maxBytes, accepted, refused);
    } else {
      refused.push({
        reason: "invalid-document",
        count: 1,
        documents: [],
        message: `expected a JSON string or an object with toDocuments(), got ${item === null ? "null" : typeof item}`,
      });
    }
  }
  return { accepted, refused, truncated, notSampled };
}

function addString(text: unknown, maxBytes: number, accepted: SizedDocument[], refused: RefusedDocuments[]): void {
  if (typeof text !== "string" || text.length === 0) {
    // The model's SegmentDocument has a minimum length of 1: an empty document can only fail.
    refused.push({ reason: "invalid-document", count: 1, documents: [], message: "a segment document must be a non-empty string" });
    return;
  }
  const bytes = utf8Length(text);
  if (bytes > maxBytes) {
    refused.push({ reason: "too-large", count: 1, documents: [text], message: `document is ${bytes} bytes, over the ${maxBytes}-byte limit` });
    return;
  }
  accepted.push({ text, bytes });
}

function isDocumentSource(value: unknown): value is DocumentSource {
  return typeof value === "object" && value !== null && typeof (value as DocumentSource).toDocuments === "function";
}

/**
 * A short description of a thrown value for a message.
 *
 * @param error - anything thrown
 * @returns `name: message` for errors, else the value as a string
 */
export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
