/**
 * Reading request members from a parsed restJson1 body. A member of the wrong JSON type is a
 * `SerializationException` (the body does not fit the operation's shapes); a missing required
 * member or a value outside the model's constraints is an `InvalidRequestException`. A JSON
 * `null` counts as absent, as AWS SDKs treat it.
 *
 * @packageDocumentation
 */
import { invalidRequest, serializationError } from "./errors.js";

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/**
 * @param input - the parsed body
 * @returns it, when it is a JSON object
 * @throws LocalXRayError SerializationException otherwise
 */
export function requireObject(input: unknown): JsonObject {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw serializationError("The request body must be a JSON object");
  }
  return input as JsonObject;
}

const present = (input: JsonObject, name: string): boolean => input[name] !== undefined && input[name] !== null;

const describe = (value: unknown): string => (Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`);

/**
 * Reads a timestamp member: epoch seconds (a JSON number, as restJson1 sends them), or a numeric
 * or ISO 8601 string, which some hand-written clients send.
 *
 * @param input - the request object
 * @param name - the member name
 * @returns epoch seconds
 * @throws LocalXRayError InvalidRequestException when absent, SerializationException when not a timestamp
 */
export function requiredTimestamp(input: JsonObject, name: string): number {
  if (!present(input, name)) throw invalidRequest(`${name} is required`);
  return toEpochSeconds(input[name], name);
}

/**
 * Converts a timestamp value to epoch seconds.
 *
 * @param value - a number of epoch seconds, or a string
 * @param name - where it came from, for the message
 * @returns epoch seconds
 * @throws LocalXRayError SerializationException when it is not a timestamp
 */
export function toEpochSeconds(value: unknown, name: string): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "") {
    const seconds = Number(value);
    if (Number.isFinite(seconds)) return seconds;
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return ms / 1000;
  }
  throw serializationError(`${name} must be a timestamp in epoch seconds, got ${describe(value)}`);
}

/**
 * Reads an optional string member.
 *
 * @param input - the request object
 * @param name - the member name
 * @param length - the model's length constraint, if any
 * @returns the string, or `undefined`
 */
export function optionalString(input: JsonObject, name: string, length?: { min: number; max: number }): string | undefined {
  if (!present(input, name)) return undefined;
  const value = input[name];
  if (typeof value !== "string") throw serializationError(`${name} must be a string, got ${describe(value)}`);
  if (length && (value.length < length.min || value.length > length.max)) {
    throw invalidRequest(`${name} must be ${length.min} to ${length.max} characters long, got ${value.length}`);
  }
  return value;
}

/**
 * Reads an optional boolean member.
 *
 * @param input - the request object
 * @param name - the member name
 * @returns the boolean, or `undefined`
 */
export function optionalBoolean(input: JsonObject, name: string): boolean | undefined {
  if (!present(input, name)) return undefined;
  const value = input[name];
  if (typeof value !== "boolean") throw serializationError(`${name} must be a boolean, got ${describe(value)}`);
  return value;
}

/**
 * Reads an optional structure member.
 *
 * @param input - the request object
 * @param name - the member name
 * @returns the object, or `undefined`
 */
export function optionalObject(input: JsonObject, name: string): JsonObject | undefined {
  if (!present(input, name)) return undefined;
  const value = input[name];
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw serializationError(`${name} must be an object, got ${describe(value)}`);
  return value as JsonObject;
}

/**
 * Reads an optional integer member (`NullableInteger`).
 *
 * @param input - the request object
 * @param name - the member name, for the message
 * @returns the integer, or `undefined`
 */
export function optionalInteger(input: JsonObject, name: string): number | undefined {
  if (!present(input, name)) return undefined;
  const value = input[name];
  if (typeof value !== "number" || !Number.isInteger(value)) throw serializationError(`${name} must be an integer, got ${describe(value)}`);
  return value;
}

/**
 * Reads a required list member.
 *
 * @param input - the request object
 * @param name - the member name
 * @returns the list
 */
export function requiredList(input: JsonObject, name: string): unknown[] {
  if (!present(input, name)) throw invalidRequest(`${name} is required`);
  const value = input[name];
  if (!Array.isArray(value)) throw serializationError(`${name} must be a list, got ${describe(value)}`);
  return value;
}

/**
 * Reads a required list of trace ids (`TraceIdList`: each 1 to 35 characters).
 *
 * @param input - the request object
 * @param name - the member name
 * @param maxItems - the most ids the operation accepts, if it documents a limit
 * @returns the ids, duplicates removed, in order
 */
export function requiredTraceIds(input: JsonObject, name: string, maxItems?: number): string[] {
  const list = requiredList(input, name);
  const ids = list.map((id, index) => {
    if (typeof id !== "string") throw serializationError(`${name}[${index}] must be a string, got ${describe(id)}`);
    if (id.length < 1 || id.length > 35) throw invalidRequest(`${name}[${index}] must be 1 to 35 characters long, got ${id.length}`);
    return id;
  });
  if (maxItems !== undefined && ids.length > maxItems) throw invalidRequest(`${name} accepts at most ${maxItems} trace ids, got ${ids.length}`);
  return [...new Set(ids)];
}

/**
 * Reads and checks a time window (`StartTime`, `EndTime`).
 *
 * X-Ray documents no maximum length for the windows of GetTraceSummaries or GetServiceGraph
 * (the often-quoted 24 h and 6 h limits are not in the model, the API reference or the developer
 * guide), so the local endpoint enforces none; it only requires the window to be non-empty.
 *
 * @param input - the request object
 * @returns the window, epoch seconds
 * @throws LocalXRayError InvalidRequestException when EndTime is not after StartTime
 */
export function requiredTimeWindow(input: JsonObject): { start: number; end: number } {
  const start = requiredTimestamp(input, "StartTime");
  const end = requiredTimestamp(input, "EndTime");
  if (!(end > start)) {
    throw invalidRequest(`EndTime (${describeTime(end)}) must be after StartTime (${describeTime(start)})`);
  }
  return { start, end };
}

/** ISO form of epoch seconds when it is a representable date, the number otherwise. */
function describeTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}
