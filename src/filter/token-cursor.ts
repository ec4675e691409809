/**
 * The parser's view of the token stream: one token of lookahead, and the helpers that turn a
 * wrong token into a {@link FilterExpressionError} that names it and says what was expected.
 */
import { FilterExpressionError, type FilterExpressionErrorKind } from "./FilterExpressionError.js";
import { Lexer, type FilterSymbol, type Token } from "./lexer.js";

/** How many characters of a string or word token an error message quotes. */
const QUOTE_LIMIT = 40;

/** Reads tokens for the parser, one ahead. */
export class TokenCursor {
  readonly #lexer: Lexer;
  #current: Token;

  /** @param expression - the whole expression, also quoted by errors */
  constructor(readonly expression: string) {
    this.#lexer = new Lexer(expression);
    this.#current = this.#lexer.next();
  }

  /** The next token, not consumed. */
  get peek(): Token {
    return this.#current;
  }

  /** Consumes the next token and returns it. */
  advance(): Token {
    const token = this.#current;
    if (token.kind !== "end") this.#current = this.#lexer.next();
    return token;
  }

  /** True when the next token is the symbol `symbol`. */
  atSymbol(symbol: FilterSymbol): boolean {
    return this.#current.kind === "symbol" && this.#current.text === symbol;
  }

  /** True when the next token is a word equal to `lowered`, ignoring case. */
  atWord(lowered: string): boolean {
    return this.#current.kind === "word" && this.#current.text.toLowerCase() === lowered;
  }

  /**
   * Consumes the symbol `symbol`, or fails naming what came instead.
   *
   * @param expected - what the message says was expected, when not just the symbol
   */
  expectSymbol(symbol: FilterSymbol, expected = `"${symbol}"`): Token {
    if (!this.atSymbol(symbol)) this.unexpected(expected);
    return this.advance();
  }

  /**
   * Fails on the next token: `Unexpected <token>; expected <expected>`.
   *
   * @throws {@link FilterExpressionError} always
   */
  unexpected(expected: string): never {
    return this.fail(`Unexpected ${describeToken(this.#current)}; expected ${expected}`, this.#current.position);
  }

  /**
   * Fails at `position`.
   *
   * @throws {@link FilterExpressionError} always
   */
  fail(reason: string, position: number, kind: FilterExpressionErrorKind = "syntax"): never {
    throw new FilterExpressionError(reason, position, this.expression, kind);
  }
}

/**
 * Names a token for a message, with control characters escaped and long text shortened so the
 * message stays one readable line.
 */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case "end":
      return "end of expression";
    case "number":
      return `number ${quote(token.text)}`;
    case "string":
      return `string ${quote(token.text)}`;
    default:
      return `"${quote(token.text)}"`;
  }
}

function quote(text: string): string {
  const short = text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
  // Controls and lone surrogates (a cut pair included) are written as \uXXXX escapes.
  return short.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
