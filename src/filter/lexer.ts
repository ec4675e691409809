/**
 * Splits a filter expression into tokens: words (keywords, `AND`, `true`…), double-quoted
 * strings, numbers and symbols. One pass, no regular expression over the whole input, so the time
 * is linear in the length whatever the input looks like.
 */
import { FilterExpressionError } from "./FilterExpressionError.js";

/** The punctuation and comparison symbols of the filter language. */
export type FilterSymbol = "(" | ")" | "{" | "}" | "[" | "]" | "," | ":" | "!" | "=" | "!=" | "<" | "<=" | ">" | ">=";

/** One token, with the offset of its first character. */
export type Token =
  /** A keyword, connective or bare word: letters, digits, `_` and `.`, not starting with a digit or `.`. */
  | { readonly kind: "word"; readonly text: string; readonly position: number }
  /** A double-quoted string; `value` has the escapes resolved. */
  | { readonly kind: "string"; readonly text: string; readonly value: string; readonly position: number }
  | { readonly kind: "number"; readonly text: string; readonly value: number; readonly position: number }
  | { readonly kind: "symbol"; readonly text: FilterSymbol; readonly position: number }
  /** After the last token; its position is the expression's length. */
  | { readonly kind: "end"; readonly text: ""; readonly position: number };

/** Spellings from other languages, refused with the X-Ray spelling as the fix. */
const FOREIGN_OPERATORS: Readonly<Record<string, string>> = {
  "&&": 'use "AND"',
  "||": 'use "OR"',
  "==": 'use "="',
  "<>": 'use "!="',
};

/** The escapes a string literal may use, and what each stands for. */
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" };

const isDigit = (c: string): boolean => c >= "0" && c <= "9";
const isWordStart = (c: string): boolean => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
const isWordPart = (c: string): boolean => isWordStart(c) || isDigit(c) || c === ".";
const isSpace = (c: string): boolean => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";

/** Characters that would print as nothing, or as something else, inside quotes. */
const INVISIBLE =
  /^(?:[\u0000-\u001f\u007f-\u00a0\u00ad\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]|[\ud800-\udfff])$/;

/**
 * Names a character for a message: ASCII quoted, other printable characters quoted with their code
 * point, and invisible ones (controls, odd spaces, lone surrogates) by code point only, so nothing
 * unprintable ends up raw in an error message.
 */
export function describeCharacter(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const point = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (code >= 0x20 && code < 0x7f) return `"${c}"`;
  return INVISIBLE.test(c) ? point : `"${c}" (${point})`;
}

/**
 * Reads the tokens of an expression one at a time, so an error is found only when the parser
 * gets there: the first problem in reading order is the one reported.
 */
export class Lexer {
  #offset = 0;

  /** @param expression - the expression to read */
  constructor(private readonly expression: string) {}

  /**
   * Reads the next token.
   *
   * @returns the token; an `end` token, again and again, once the input is used up
   * @throws {@link FilterExpressionError} for a character that cannot start a token, an
   * unterminated string, an unknown escape or a malformed number
   */
  next(): Token {
    const expression = this.expression;
    let i = this.#offset;
    while (i < expression.length && isSpace(expression.charAt(i))) i++;
    const start = i;
    const token = this.#read(start);
    this.#offset = token.kind === "end" ? start : start + token.text.length;
    return token;
  }

  #read(start: number): Token {
    const expression = this.expression;
    const fail = (reason: string, position: number): never => {
      throw new FilterExpressionError(reason, position, expression);
    };
    const c = expression.charAt(start);
    if (c === "") return { kind: "end", text: "", position: start };
    if (isWordStart(c)) {
      let i = start;
      while (i < expression.length && isWordPart(expression.charAt(i))) i++;
      return { kind: "word", text: expression.slice(start, i), position: start };
    }
    if (c === '"') {
      const { value, end } = readString(expression, start, fail);
      return { kind: "string", text: expression.slice(start, end), value, position: start };
    }
    if (isDigit(c) || (c === "-" && isDigit(expression.charAt(start + 1)))) {
      const end = readNumberEnd(expression, start);
      const text = expression.slice(start, end);
      if (isWordPart(expression.charAt(end))) fail(`Invalid number "${text}${expression.charAt(end)}…"`, start);
      const value = Number(text);
      if (!Number.isFinite(value)) fail(`Number ${text} is out of range`, start);
      return { kind: "number", text, value, position: start };
    }
    const pair = expression.slice(start, start + 2);
    const hint = FOREIGN_OPERATORS[pair];
    if (hint !== undefined) fail(`"${pair}" is not an X-Ray filter operator; ${hint}`, start);
    if (pair === "!=" || pair === "<=" || pair === ">=") return { kind: "symbol", text: pair, position: start };
    if ("(){}[],:!=<>".includes(c)) return { kind: "symbol", text: c as FilterSymbol, position: start };
    if (c === "'") fail("Unexpected \"'\"; strings use double quotes", start);
    return fail(`Unexpected character ${describeCharacter(String.fromCodePoint(expression.codePointAt(start) ?? 0))}`, start);
  }
}

/** Reads the string literal that opens at `start`; returns its value and the offset after it. */
function readString(
  expression: string,
  start: number,
  fail: (reason: string, position: number) => never,
): { value: string; end: number } {
  let value = "";
  let i = start + 1;
  while (i < expression.length) {
    const c = expression.charAt(i);
    if (c === '"') return { value, end: i + 1 };
    if (c !== "\\") {
      value += c;
      i++;
      continue;
    }
    const escaped = expression.charAt(i + 1);
    const simple = ESCAPES[escaped];
    if (simple !== undefined) {
      value += simple;
      i += 2;
    } else if (escaped === "u" && /^[0-9a-fA-F]{4}$/.test(expression.slice(i + 2, i + 6))) {
      value += String.fromCharCode(Number.parseInt(expression.slice(i + 2, i + 6), 16));
      i += 6;
    } else if (escaped === "") {
      break; // a backslash as the last character: reported as the unterminated string it is
    } else {
      const shown = describeCharacter(escaped);
      fail(
        shown.startsWith('"')
          ? `Unknown escape "\\${escaped}" in a string (known: \\" \\\\ \\/ \\n \\r \\t \\b \\f \\uXXXX)`
          : `Unknown escape in a string: a backslash followed by ${shown}`,
        i,
      );
    }
  }
  return fail('Unterminated string: no closing "', start);
}

/** Returns the offset after the number that starts at `start` (`-`? digits, fraction, exponent). */
function readNumberEnd(expression: string, start: number): number {
  let i = start;
  if (expression.charAt(i) === "-") i++;
  while (isDigit(expression.charAt(i))) i++;
  if (expression.charAt(i) === "." && isDigit(expression.charAt(i + 1))) {
    i++;
    while (isDigit(expression.charAt(i))) i++;
  }
  const e = expression.charAt(i);
  if (e === "e" || e === "E") {
    const sign = expression.charAt(i + 1);
    const digitsAt = sign === "+" || sign === "-" ? i + 2 : i + 1;
    if (isDigit(expression.charAt(digitsAt))) {
      i = digitsAt;
      while (isDigit(expression.charAt(i))) i++;
    }
  }
  return i;
}
