/** Reading a header from a plain header record whose names may be in any case. */

/**
 * The first value of a header whatever the case of its name.
 *
 * @param headers - the headers
 * @param lowerName - the name, lower-cased
 * @returns the value, or `undefined`
 */
export function headerValue(headers: Readonly<Record<string, string | undefined>>, lowerName: string): string | undefined {
  for (const name in headers) if (name.toLowerCase() === lowerName) return headers[name];
  return undefined;
}
