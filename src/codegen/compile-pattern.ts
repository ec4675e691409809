/**
 * Compiles a Smithy `@pattern` for the opt-in `validateInput` checks.
 *
 * Smithy patterns are ECMAScript regular expressions, but real AWS models hold patterns that
 * only the legacy (Annex B) grammar accepts, such as `[A-Za-z0-9\.\-\_\#/]` or `\:\*`: an
 * escaped character that has no special meaning is that character. With the `u` flag such an
 * "identity escape" is a syntax error. So a pattern is compiled, in this order:
 *
 * 1. as it is, with the `u` flag (code-point semantics, which is what Smithy means);
 * 2. with its needless escapes removed (`\_` → `_`, `\:` → `:`; `\-` stays inside a class,
 *    where it is needed), with the `u` flag: the same language, under the stricter grammar;
 * 3. as it is, without the `u` flag (the legacy grammar, which reads it as the model's
 *    authors meant);
 * 4. not at all: the validator then skips that pattern and the generated docs say so. A
 *    constraint only the opt-in validator reads never makes the whole model fail.
 */

/** A pattern ready to be written as a regular-expression literal. */
export interface CompiledPattern {
  /** The literal's source, as `RegExp.prototype.source` escapes it (`/` included). */
  readonly source: string;
  /** `"u"`, or `""` when the pattern only compiles under the legacy grammar. */
  readonly flags: "u" | "";
}

/** Characters that keep their backslash: syntax characters, and `/` (the literal's delimiter). */
const SYNTAX = new Set([..."^$\\.*+?()[]{}|/"]);

/**
 * @param pattern - the `smithy.api#pattern` value
 * @returns the compiled pattern, or `undefined` when no ECMAScript grammar accepts it
 */
export function compilePattern(pattern: string): CompiledPattern | undefined {
  for (const [source, flags] of [
    [pattern, "u"],
    [withoutNeedlessEscapes(pattern), "u"],
    [pattern, ""],
  ] as const) {
    try {
      return { source: new RegExp(source, flags).source, flags };
    } catch {
      // Try the next reading.
    }
  }
  return undefined;
}

/**
 * Drops the backslash of identity escapes of punctuation that needs none (`\_`, `\#`, `\:`, a
 * `\-` outside a character class). Letters and digits keep theirs (`\d`, `\1`, `\p{…}`): they
 * are escapes with a meaning, or invalid in any grammar.
 *
 * @param pattern - a pattern
 * @returns the pattern, matching the same strings under the legacy grammar
 */
export function withoutNeedlessEscapes(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === "\\" && i + 1 < pattern.length) {
      const next = pattern[++i]!;
      const keep = SYNTAX.has(next) || /[A-Za-z0-9]/.test(next) || (next === "-" && inClass);
      out += keep ? `\\${next}` : next;
      continue;
    }
    if (char === "[" && !inClass) inClass = true;
    else if (char === "]" && inClass) inClass = false;
    out += char;
  }
  return out;
}
