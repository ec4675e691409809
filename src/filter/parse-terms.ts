/**
 * Parsers for the simple terms of a filter expression: a boolean, number or string keyword, or an
 * annotation, each with its optional operator and value. Each starts with the cursor on the
 * keyword and returns with the cursor after the term.
 */
import type {
  AnnotationNode,
  Comparison,
  FilterNode,
  FlagKeyword,
  FlagNode,
  NumberKeyword,
  NumberOperator,
  StringKeyword,
  StringOperator,
} from "./ast.js";
import type { Token } from "./lexer.js";
import { describeToken, type TokenCursor } from "./token-cursor.js";

/** An operator as read from the input, with its canonical spelling and where it is. */
interface ReadOperator {
  readonly operator: NumberOperator | StringOperator;
  readonly position: number;
}

const NUMBER_ONLY: readonly string[] = ["<", "<=", ">", ">="];
const STRING_ONLY: readonly string[] = ["CONTAINS", "BEGINSWITH", "ENDSWITH"];
/** Annotation keys as X-Ray indexes them for filters. */
const ANNOTATION_KEY = /^[A-Za-z0-9_]+$/;

/** Returns the comparison operator at the cursor, without consuming it, if there is one. */
function peekOperator(cursor: TokenCursor): ReadOperator | undefined {
  const token = cursor.peek;
  if (token.kind === "symbol" && ["=", "!=", "<", "<=", ">", ">="].includes(token.text)) {
    return { operator: token.text as NumberOperator, position: token.position };
  }
  if (token.kind === "word" && STRING_ONLY.includes(token.text.toUpperCase())) {
    return { operator: token.text.toUpperCase() as StringOperator, position: token.position };
  }
  return undefined;
}

/** A literal right after a keyword means the operator is missing: say so rather than "unexpected". */
function failOnMissingOperator(cursor: TokenCursor, keyword: Token): void {
  const next = cursor.peek;
  if (next.kind === "string" || next.kind === "number") {
    cursor.fail(`Missing operator between ${describeToken(keyword)} and ${describeToken(next)}`, next.position);
  }
}

/** `fault` (bare: the flag is set), `fault = true|false` or `fault != true|false`. */
export function parseFlag(cursor: TokenCursor, keyword: FlagKeyword): FlagNode {
  const token = cursor.advance();
  const position = token.position;
  const read = peekOperator(cursor);
  if (read === undefined) return { kind: "flag", keyword, expected: true, position };
  if (read.operator !== "=" && read.operator !== "!=") {
    const name = token.text;
    cursor.fail(
      `"${read.operator}" does not apply to the boolean keyword "${name}"; ` +
        `use ${name}, !${name}, ${name} = true or ${name} = false`,
      read.position,
    );
  }
  cursor.advance();
  const value = cursor.peek;
  const lowered = value.kind === "word" ? value.text.toLowerCase() : "";
  if (lowered !== "true" && lowered !== "false") cursor.unexpected(`true or false after "${token.text} ${read.operator}"`);
  cursor.advance();
  return { kind: "flag", keyword, expected: (read.operator === "=") === (lowered === "true"), position };
}

/** `responsetime > 1.5` and the like: a number keyword always takes an operator and a number. */
export function parseNumberTerm(cursor: TokenCursor, keyword: NumberKeyword): FilterNode {
  const token = cursor.advance();
  const read = peekOperator(cursor);
  if (read === undefined) {
    failOnMissingOperator(cursor, token);
    return cursor.unexpected(`a comparison after the number keyword "${token.text}", e.g. ${token.text} > 1`);
  }
  if (STRING_ONLY.includes(read.operator)) {
    cursor.fail(`${read.operator} compares strings, but "${token.text}" is a number keyword`, read.position);
  }
  cursor.advance();
  const value = cursor.peek;
  if (value.kind !== "number") {
    if (value.kind === "string" && value.value.trim() !== "" && Number.isFinite(Number(value.value))) {
      cursor.fail(`Expected a number after "${token.text} ${read.operator}"; numbers are written without quotes`, value.position);
    }
    cursor.unexpected(`a number after "${token.text} ${read.operator}"`);
  }
  cursor.advance();
  return { kind: "number", keyword, operator: read.operator as NumberOperator, value: value.value, position: token.position };
}

/** `http.url CONTAINS "/v2/"` and the like, or a bare string keyword: the field is set. */
export function parseStringTerm(cursor: TokenCursor, keyword: StringKeyword): FilterNode {
  const token = cursor.advance();
  const position = token.position;
  const read = peekOperator(cursor);
  if (read === undefined) {
    failOnMissingOperator(cursor, token);
    return { kind: "present", keyword, position };
  }
  if (NUMBER_ONLY.includes(read.operator)) {
    cursor.fail(`"${read.operator}" compares numbers, but "${token.text}" is a string keyword`, read.position);
  }
  cursor.advance();
  const value = cursor.peek;
  if (value.kind !== "string") cursor.unexpected(`a string in double quotes after "${token.text} ${read.operator}"`);
  cursor.advance();
  return { kind: "string", keyword, operator: read.operator as StringOperator, value: value.value, position };
}

/** `annotation.KEY` or `annotation[KEY]`, bare or compared with a string, number or boolean. */
export function parseAnnotationTerm(cursor: TokenCursor): AnnotationNode {
  const token = cursor.advance();
  const position = token.position;
  const key = readAnnotationKey(cursor, token);
  const read = peekOperator(cursor);
  if (read === undefined) {
    failOnMissingOperator(cursor, token);
    return { kind: "annotation", key, position };
  }
  cursor.advance();
  return { kind: "annotation", key, comparison: readLiteral(cursor, read), position };
}

function readAnnotationKey(cursor: TokenCursor, token: Token): string {
  // The word's first 11 characters are "annotation" and a dot, in any case.
  if (token.text.length > "annotation".length) {
    const key = token.text.slice("annotation.".length);
    if (!ANNOTATION_KEY.test(key)) {
      const shown = describeToken({ kind: "word", text: key, position: 0 });
      const reason = `Annotation key ${shown} is not valid: keys are letters, digits and _ (use annotation["…"] for any other key)`;
      cursor.fail(reason, token.position + "annotation.".length);
    }
    return key;
  }
  if (!cursor.atSymbol("[")) cursor.unexpected(`a key after "${token.text}": annotation.KEY or annotation[KEY]`);
  cursor.advance();
  const keyToken = cursor.peek;
  if (keyToken.kind !== "word" && keyToken.kind !== "string" && keyToken.kind !== "number") {
    cursor.unexpected('an annotation key, e.g. annotation[account] or annotation["account"]');
  }
  cursor.advance();
  cursor.expectSymbol("]");
  return keyToken.kind === "string" ? keyToken.value : keyToken.text;
}

/** Reads the literal after an annotation's operator and checks that the operator fits its type. */
function readLiteral(cursor: TokenCursor, read: ReadOperator): Comparison {
  const value = cursor.peek;
  const lowered = value.kind === "word" ? value.text.toLowerCase() : "";
  let comparison: Comparison;
  if (value.kind === "string") {
    if (NUMBER_ONLY.includes(read.operator)) {
      cursor.fail(`"${read.operator}" compares numbers, but the value is a string`, read.position);
    }
    comparison = { type: "string", operator: read.operator as StringOperator, value: value.value };
  } else if (value.kind === "number") {
    if (STRING_ONLY.includes(read.operator)) {
      cursor.fail(`${read.operator} compares strings, but the value is a number`, read.position);
    }
    comparison = { type: "number", operator: read.operator as NumberOperator, value: value.value };
  } else if (lowered === "true" || lowered === "false") {
    if (read.operator !== "=" && read.operator !== "!=") {
      cursor.fail(`"${read.operator}" does not apply to true or false; use = or !=`, read.position);
    }
    comparison = { type: "boolean", operator: read.operator, value: lowered === "true" };
  } else {
    return cursor.unexpected(`a value after "${read.operator}": a string in double quotes, a number, true or false`);
  }
  cursor.advance();
  return comparison;
}
