/**
 * Property tests of filter expressions: any input either compiles or is refused with a
 * FilterExpressionError (never another error, never a hang), and for generated valid expressions
 * the connectives mean what they say: `!(e)` is the negation of `e`, AND binds tighter than OR,
 * terms side by side are ANDed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compileFilter,
  FilterExpressionError,
  MAX_FILTER_EXPRESSION_LENGTH,
  type ServiceView,
  type TraceView,
} from "../../../src/local/filter/index.js";
import { traceView as plainTraceView } from "../../support/trace-view.js";

const SEED = 20240412;

// ---- Random trace views over a small vocabulary, so generated expressions often match. ----

const NAMES = ["web", "api", "db"] as const;
const TYPES = ["T1", "T2"] as const;
const seconds = fc.constantFrom(0, 0.5, 1, 2, 5);
const maybe = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arbitrary, { nil: undefined });
const flags = { fault: fc.boolean(), error: fc.boolean(), throttle: fc.boolean() };

const serviceView: fc.Arbitrary<ServiceView> = fc.record({
  name: fc.constantFrom(...NAMES),
  type: maybe(fc.constantFrom(...TYPES)),
  responseTime: maybe(seconds),
  ...flags,
});

const traceView: fc.Arbitrary<TraceView> = fc.record({
  id: fc.constant("1-5759e988-bd862e3fe1be46a994272793"),
  duration: seconds,
  responseTime: maybe(seconds),
  partial: fc.boolean(),
  ...flags,
  http: maybe(
    fc.record({
      status: maybe(fc.constantFrom(200, 404, 429, 500)),
      url: maybe(fc.constantFrom("https://a.example/v2/x", "/b", "")),
      method: maybe(fc.constantFrom("GET", "POST")),
      userAgent: maybe(fc.constantFrom("curl/8", "Mozilla/5.0")),
      clientIp: maybe(fc.constantFrom("10.0.0.1", "::1")),
    }),
  ),
  annotations: fc.dictionary(
    fc.constantFrom("k1", "k2"),
    fc.array(fc.oneof(fc.constantFrom("a", "ab", ""), fc.constantFrom(0, 1, 2.5), fc.boolean()), { maxLength: 3 }),
    { maxKeys: 2 },
  ),
  users: fc.array(fc.constantFrom("alice", "bob"), { maxLength: 2 }),
  services: fc.array(serviceView, { maxLength: 4 }),
  edges: fc.array(
    fc.record({ source: fc.constantFrom(...NAMES), destination: fc.constantFrom(...NAMES), responseTime: maybe(seconds), ...flags }),
    { maxLength: 4 },
  ),
});

// ---- Random valid expressions, with keywords in random case and random spacing. ----

const word = (...words: string[]): fc.Arbitrary<string> => fc.mixedCase(fc.constantFrom(...words));
const space = fc.constantFrom(" ", "  ", "\t", "\n ");
const join = (...parts: Array<fc.Arbitrary<string>>): fc.Arbitrary<string> =>
  fc
    .tuple(fc.tuple(...parts), fc.array(space, { minLength: parts.length, maxLength: parts.length }))
    .map(([values, gaps]) => values.map((value, i) => (i === 0 ? value : `${gaps[i]}${value}`)).join(""));
const optional = (arbitrary: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.oneof(fc.constant(""), arbitrary);

const numberLiteral = fc.constantFrom("0", "0.5", "1", "2", "5", "-1", "1e0", "200", "429", "500", "2.50");
const stringLiteral = fc.constantFrom(
  ...['""', '"a"', '"ab"', '"/v2/"', '"https://"', '"GET"', '"alice"', '"a\\"b"', '"\\u0061"', '"web"'],
);
const numberOperator = fc.constantFrom("=", "!=", "<", "<=", ">", ">=");
const stringOperator = fc.oneof(fc.constantFrom("=", "!="), word("CONTAINS", "BEGINSWITH", "ENDSWITH"));
const booleanValue = word("true", "false");

const flagTerm = (...keywords: string[]): fc.Arbitrary<string> =>
  fc.oneof(word(...keywords), join(word(...keywords), fc.constantFrom("=", "!="), booleanValue));
const responseTimeTerm = join(word("responsetime"), numberOperator, numberLiteral);

const traceTerm = fc.oneof(
  flagTerm("ok", "error", "throttle", "fault", "partial"),
  join(word("responsetime", "duration", "http.status"), numberOperator, numberLiteral),
  fc.oneof(
    word("http.url", "http.method", "http.useragent", "http.clientip", "user"),
    join(word("http.url", "http.method", "http.useragent", "http.clientip", "user"), stringOperator, stringLiteral),
  ),
  fc
    .tuple(word("annotation"), fc.constantFrom(".k1", ".k2", "[k1]", '["k2"]', ".missing"))
    .chain(([keyword, key]) =>
      fc.oneof(
        fc.constant(keyword + key),
        join(fc.constant(keyword + key), stringOperator, stringLiteral),
        join(fc.constant(keyword + key), numberOperator, numberLiteral),
        join(fc.constant(keyword + key), fc.constantFrom("=", "!="), booleanValue),
      ),
    ),
);

const selector = fc.oneof(
  fc.constantFrom('"web"', '"api"', '"db"', '"nowhere"'),
  fc
    .tuple(word("id"), word("name"), fc.constantFrom('"web"', '"api"'), word("type"), fc.constantFrom('"T1"', '"T2"'), fc.nat(2))
    .map(([id, name, nameValue, type, typeValue, fields]) =>
      [`${id}(${name}: ${nameValue})`, `${id}(${type}:${typeValue})`, `${id}( ${type}: ${typeValue} , ${name}: ${nameValue} )`][fields]!,
    ),
);

/** Builds expressions over `leaf` with `!`, parentheses, AND, OR and juxtaposition. */
function expressions(leaf: fc.Arbitrary<string>, maxDepth: number): fc.Arbitrary<string> {
  return fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { maxDepth, depthSize: "small", withCrossShrink: true },
      leaf,
      tie("node").map((e) => `!${e}`),
      tie("node").map((e) => `(${e})`),
      join(tie("node"), word("and", "or"), tie("node")),
      join(tie("node"), tie("node")),
    ),
  })).node;
}

const scopedExpression = expressions(fc.oneof(flagTerm("ok", "error", "throttle", "fault"), responseTimeTerm), 2);
const body = optional(scopedExpression.map((e) => ` {${e}}`));
const serviceTerm = fc
  .tuple(word("service"), optional(selector), body)
  .map(([keyword, target, scoped]) => `${keyword}(${target})${scoped}`);
const edgeTerm = fc
  .tuple(word("edge"), selector, selector, body)
  .map(([keyword, from, to, scoped]) => `${keyword}(${from}, ${to})${scoped}`);

const expression = expressions(fc.oneof(traceTerm, traceTerm, serviceTerm, edgeTerm), 3);

// ---- Properties ----

const RUNS = { seed: SEED, numRuns: 400 };

describe("generated valid expressions", () => {
  it("compile, and evaluating them never throws", () => {
    fc.assert(
      fc.property(expression, traceView, (e, trace) => {
        expect(typeof compileFilter(e)(trace)).toBe("boolean");
      }),
      RUNS,
    );
  });

  it("!(e) is the negation of e", () => {
    fc.assert(
      fc.property(expression, traceView, (e, trace) => {
        expect(compileFilter(`!(${e})`)(trace)).toBe(!compileFilter(e)(trace));
      }),
      RUNS,
    );
  });

  it("AND binds tighter than OR, ! tighter than both, and side by side means AND", () => {
    fc.assert(
      fc.property(expression, expression, expression, traceView, (a, b, c, trace) => {
        const [x, y, z] = [a, b, c].map((e) => compileFilter(e)(trace)) as [boolean, boolean, boolean];
        expect(compileFilter(`(${a}) OR (${b}) AND (${c})`)(trace)).toBe(x || (y && z));
        expect(compileFilter(`(${a}) and (${b}) or (${c})`)(trace)).toBe((x && y) || z);
        expect(compileFilter(`!(${a}) AND (${b})`)(trace)).toBe(!x && y);
        expect(compileFilter(`(${a}) (${b}) OR (${c})`)(trace)).toBe((x && y) || z);
      }),
      RUNS,
    );
  });
});

const EMPTY_TRACE: TraceView = plainTraceView();

/** Compiles `input`, asserting that the only possible failure is a well-formed FilterExpressionError. */
function compileOrRefuse(input: string): void {
  let predicate: ((trace: TraceView) => boolean) | undefined;
  try {
    predicate = compileFilter(input);
  } catch (error) {
    expect(error).toBeInstanceOf(FilterExpressionError);
    const { position, message } = error as FilterExpressionError;
    expect(position).toBeGreaterThanOrEqual(0);
    expect(position).toBeLessThanOrEqual(input.length);
    expect(message).toContain(` at position ${position}: `);
    expect(message.split("\n")).toHaveLength(2);
    return;
  }
  expect(typeof predicate(EMPTY_TRACE)).toBe("boolean");
}

const FRAGMENTS = [
  "service", "edge", "id", "name:", "type:", "annotation", "annotation.k", "fault", "ok", "partial", "responsetime",
  "http.status", "http.url", "user", "rootcause.fault.service", "group.name", "AND", "OR", "and", "contains", "!", "!=",
  "=", "<", ">=", "(", ")", "{", "}", "[", "]", ",", ":", '"', '"a"', '"\\', "\\u", "'", "1", "-1", "2.5", "1e999",
  "5s", "true", "false", "#", "&&", "==", "\u0000", "\n", " ", "\u{1F600}", "\ud800", "NOT",
];

describe("arbitrary input", () => {
  it("random text compiles or is refused with a FilterExpressionError", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), compileOrRefuse), { seed: SEED, numRuns: 1000 });
  });

  it("random sequences of the language's own tokens compile or are refused with a FilterExpressionError", () => {
    const tokens = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 });
    fc.assert(
      fc.property(tokens, fc.boolean(), (parts, spaced) => compileOrRefuse(parts.join(spaced ? " " : ""))),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it("valid expressions with one character inserted, deleted or replaced compile or are refused likewise", () => {
    const edits = fc.constantFrom("insert", "delete", "replace");
    const edit = fc.tuple(expression, fc.nat(), edits, fc.string({ unit: "binary", minLength: 1, maxLength: 1 }));
    fc.assert(
      fc.property(edit, ([e, at, how, character]) => {
        const i = at % (e.length + 1);
        const rest = how === "insert" ? e.slice(i) : e.slice(i + 1);
        const edited = e.slice(0, i) + (how === "delete" ? "" : character) + rest;
        compileOrRefuse(edited);
      }),
      RUNS,
    );
  });

  it("long and deeply nested input is refused or compiled without exhausting the stack", () => {
    const opener = fc.constantFrom("(", "!", "!(", 'service("a") {', "((");
    fc.assert(
      fc.property(fc.array(opener, { minLength: 1, maxLength: 600 }), (openers) => {
        compileOrRefuse(`${openers.join("")}fault`.slice(0, MAX_FILTER_EXPRESSION_LENGTH));
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
