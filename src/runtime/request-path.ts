/**
 * The request target of a Smithy `HttpRequest` (path, query string, fragment), for the
 * transports of our own (platform/node-http-handler.ts, platform/fetch-handler.ts).
 */
import type { HttpRequest } from "@smithy/types";
import { escapeUri as escape } from "./uri-escape.js";

/**
 * The path with its query string and fragment.
 *
 * @param request - the request
 * @returns the target, e.g. `/TraceSummaries?a=1`
 */
export function pathOf(request: HttpRequest): string {
  let path = request.path;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value == null) continue;
    for (const one of Array.isArray(value) ? value : [value]) parts.push(`${escape(key)}=${escape(one)}`);
  }
  if (parts.length > 0) path += `?${parts.join("&")}`;
  return request.fragment ? `${path}#${request.fragment}` : path;
}
