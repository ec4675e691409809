/**
 * How deeply a JSON text nests, found by one pass over its characters without parsing it and
 * without recursion, so that a document can be refused before any recursive code (such as
 * `JSON.stringify`, which overflows the call stack a few thousand levels down) sees it.
 *
 * @packageDocumentation
 */

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether a JSON text nests objects and arrays more than `limit` levels deep. Brackets inside
 * strings do not count. The text need not be valid JSON: the answer is then about its brackets.
 *
 * @param text - the JSON text
 * @param limit - the deepest nesting allowed
 * @returns the depth first found beyond the limit, or `undefined` when the text stays within it
 */
export function depthBeyond(text: string, limit: number): number | undefined {
  // Fast path, native searches only: a text with no more opening brackets than the limit
  // cannot nest deeper than it (brackets in strings only make the count safer).
  if (countUpTo(text, "{", limit + 1) + countUpTo(text, "[", limit + 1) <= limit) return undefined;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (++depth > limit) return depth;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth--;
    }
  }
  return undefined;
}

/** Occurrences of `char` in `text`, counting no further than `stop`. */
function countUpTo(text: string, char: string, stop: number): number {
  let count = 0;
  for (let at = text.indexOf(char); at >= 0 && count < stop; at = text.indexOf(char, at + 1)) count++;
  return count;
}
