/**
 * X-Ray's sampling-rule wildcards: `*` matches any run of characters (none included), `?` exactly
 * one character, everything else itself, case-insensitively, over the whole value (see
 * `docs/sampling.md`). Patterns are compiled once, when rules arrive; matching then runs on every
 * request, so it reads character codes and allocates nothing.
 *
 * @packageDocumentation
 */

/** A compiled pattern: `undefined` for `*` (matches any value, even a missing one), else the folded pattern. */
export type WildcardMatcher = string | undefined;

const STAR = 42;
const QUESTION = 63;

/** Lower-case forms of non-ASCII code units, computed once each (see {@link foldCode}). */
const folded = new Map<number, number>();

/**
 * Folds one UTF-16 code unit for case-insensitive comparison: ASCII by arithmetic, others by
 * `toLowerCase` when that gives one code unit (cached, so a value is only allocated the first
 * time a character is seen).
 *
 * @param code - a UTF-16 code unit
 * @returns its lower-case code unit, or the code itself
 */
export function foldCode(code: number): number {
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  let lower = folded.get(code);
  if (lower === undefined) {
    const text = String.fromCharCode(code).toLowerCase();
    lower = text.length === 1 ? text.charCodeAt(0) : code;
    if (folded.size < 4096) folded.set(code, lower);
  }
  return lower;
}

/**
 * Compiles a rule's pattern.
 *
 * @param pattern - a rule field, e.g. `"/api/*"`, `"GET"`, `"*"`; a missing field counts as `*`
 * @returns `undefined` when the pattern matches everything, else the pattern with its letters folded
 */
export function compileWildcard(pattern: string | undefined): WildcardMatcher {
  if (pattern === undefined) return undefined;
  let onlyStars = true;
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const code = pattern.charCodeAt(i);
    if (code !== STAR) onlyStars = false;
    out += String.fromCharCode(foldCode(code));
  }
  return onlyStars && pattern.length > 0 ? undefined : out;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * Whether a value matches a compiled pattern. A missing value matches only `*` (see
 * `docs/sampling.md`). Greedy two-pointer matching with one remembered `*`: linear for
 * patterns with at most one star, and bounded by pattern × value length otherwise.
 *
 * @param pattern - from {@link compileWildcard}
 * @param value - the request's value, or `undefined` when the request has none
 * @returns true when the whole value matches
 */
export function matchWildcard(pattern: WildcardMatcher, value: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (typeof value !== "string") return false;
  const plen = pattern.length;
  const vlen = value.length;
  let p = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < vlen) {
    if (p < plen) {
      const pc = pattern.charCodeAt(p);
      if (pc === STAR) {
        star = p++;
        resume = v;
        continue;
      }
      const vc = value.charCodeAt(v);
      if (pc === QUESTION) {
        p++;
        // One character: a surrogate pair is one character, not two.
        v += isHighSurrogate(vc) && v + 1 < vlen && isLowSurrogate(value.charCodeAt(v + 1)) ? 2 : 1;
        continue;
      }
      if (pc === vc || pc === foldCode(vc)) {
        p++;
        v++;
        continue;
      }
    }
    if (star < 0) return false;
    // Let the last `*` take one more character and retry what follows it.
    p = star + 1;
    v = ++resume;
  }
  while (p < plen && pattern.charCodeAt(p) === STAR) p++;
  return p === plen;
}

/**
 * One compiled pattern of one request field, shared by every rule that has the same pattern for
 * that field, so that a decision tests it once however many rules repeat it (typically the
 * service name and the method): the result is kept for the decision it was computed in.
 */
export class FieldPattern {
  /** The folded pattern. */
  readonly pattern: string;
  #decision = -1;
  #result = false;

  /** @param pattern - a folded pattern from {@link compileWildcard} (never `*`) */
  constructor(pattern: string) {
    this.pattern = pattern;
  }

  /**
   * Whether `value` matches, computed once per decision.
   *
   * @param value - the request's value for this field (the same throughout one decision)
   * @param decision - a number that changes with every decision
   * @returns the match
   */
  test(value: string | undefined, decision: number): boolean {
    if (this.#decision !== decision) {
      this.#decision = decision;
      this.#result = matchWildcard(this.pattern, value);
    }
    return this.#result;
  }
}

/** Hands out one {@link FieldPattern} per field and pattern; `undefined` for patterns that match everything. */
export class PatternTable {
  readonly #patterns = new Map<string, FieldPattern>();

  /**
   * @param field - which request field (attributes as `attr:<key>`)
   * @param pattern - the rule's pattern, or `undefined` when the rule does not constrain the field
   * @returns the shared compiled pattern, or `undefined` when it matches everything
   */
  get(field: string, pattern: string | undefined): FieldPattern | undefined {
    const compiled = compileWildcard(pattern);
    if (compiled === undefined) return undefined;
    const key = `${field}\u0000${compiled}`;
    let shared = this.#patterns.get(key);
    if (shared === undefined) this.#patterns.set(key, (shared = new FieldPattern(compiled)));
    return shared;
  }
}
