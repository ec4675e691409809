/**
 * Filter expressions the local endpoint refuses: malformed input with the position of the
 * problem, documented X-Ray features it does not support (named as such), and the length and
 * nesting limits. Every refusal is a FilterExpressionError whose message says what and where.
 */
import { describe, expect, it } from "vitest";
import {
  compileFilter,
  FilterExpressionError,
  MAX_FILTER_EXPRESSION_LENGTH,
  MAX_FILTER_NESTING_DEPTH,
  type FilterExpressionErrorKind,
  type TraceView,
} from "../../../src/local/filter/index.js";
import { traceView } from "../../support/trace-view.js";

/** A trace with a fault and nothing else. */
const FAULTY: TraceView = traceView({ fault: true });

/** Compiles `expression`, which must fail, and returns the error. */
function refusal(expression: string): FilterExpressionError {
  let caught: unknown;
  try {
    compileFilter(expression);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(FilterExpressionError);
  return caught as FilterExpressionError;
}

interface Row {
  readonly expression: string;
  readonly position: number;
  readonly reason: RegExp;
}

function refusals(kind: FilterExpressionErrorKind, rows: readonly Row[]): void {
  it.each(rows)("$expression → position $position", ({ expression, position, reason }) => {
    const error = refusal(expression);
    expect(error.kind).toBe(kind);
    expect(error.position).toBe(position);
    expect(error.reason).toMatch(reason);
    expect(error.message).toContain(`${error.reason} at position ${position}: `);
  });
}

describe("malformed expressions", () => {
  refusals("syntax", [
    { expression: 'service("a") AND )', position: 17, reason: /^Unexpected "\)"; expected a keyword, "!" or "\("$/ },
    { expression: "", position: 0, reason: /^Empty filter expression$/ },
    { expression: " \n\t ", position: 0, reason: /^Empty filter expression$/ },
    { expression: "fault AND", position: 9, reason: /^Unexpected end of expression; expected a keyword/ },
    { expression: "fault OR OR error", position: 9, reason: /^Unexpected "OR"/ },
    { expression: "AND fault", position: 0, reason: /^Unexpected "AND"/ },
    { expression: "(fault", position: 6, reason: /^Unexpected end of expression; expected AND, OR or "\)"$/ },
    { expression: "fault)", position: 5, reason: /^Unexpected "\)"; expected AND, OR or the end of the expression$/ },
    { expression: "()", position: 1, reason: /^Unexpected "\)"/ },
    { expression: "!", position: 1, reason: /^Unexpected end of expression/ },
    { expression: "fault AND !", position: 11, reason: /^Unexpected end of expression/ },
    { expression: "fault }", position: 6, reason: /^Unexpected "}"/ },
    { expression: "responsetime >", position: 14, reason: /a number after "responsetime >"/ },
    { expression: 'responsetime > "5"', position: 15, reason: /numbers are written without quotes/ },
    {
      expression: 'responsetime CONTAINS "5"',
      position: 13,
      reason: /^CONTAINS compares strings, but "responsetime" is a number keyword$/,
    },
    { expression: "responsetime", position: 12, reason: /a comparison after the number keyword "responsetime"/ },
    { expression: "responsetime 5", position: 13, reason: /^Missing operator between "responsetime" and number 5$/ },
    { expression: "duration > fast", position: 11, reason: /^Unexpected "fast"; expected a number/ },
    { expression: "http.url = 5", position: 11, reason: /^Unexpected number 5; expected a string in double quotes/ },
    { expression: 'http.url < "a"', position: 9, reason: /^"<" compares numbers, but "http.url" is a string keyword$/ },
    { expression: 'http.url "a"', position: 9, reason: /^Missing operator between "http.url" and string "a"$/ },
    { expression: "http.method = GET", position: 14, reason: /^Unexpected "GET"; expected a string in double quotes/ },
    { expression: "fault = maybe", position: 8, reason: /^Unexpected "maybe"; expected true or false after "fault ="$/ },
    { expression: 'fault CONTAINS "x"', position: 6, reason: /does not apply to the boolean keyword "fault"/ },
    { expression: "ok >= 1", position: 3, reason: /does not apply to the boolean keyword "ok"/ },
    { expression: "annotation", position: 10, reason: /expected a key after "annotation"/ },
    { expression: "annotation[", position: 11, reason: /expected an annotation key/ },
    { expression: "annotation[k", position: 12, reason: /expected "\]"/ },
    { expression: "annotation.", position: 11, reason: /^Annotation key "" is not valid/ },
    { expression: "annotation.a.b = 1", position: 11, reason: /^Annotation key "a.b" is not valid/ },
    { expression: "annotation.a-b = 1", position: 12, reason: /^Unexpected character "-"$/ },
    { expression: 'annotation.k < "a"', position: 13, reason: /^"<" compares numbers, but the value is a string$/ },
    { expression: "annotation.k CONTAINS 1", position: 13, reason: /^CONTAINS compares strings, but the value is a number$/ },
    { expression: "annotation.k > true", position: 13, reason: /does not apply to true or false/ },
    { expression: "annotation.k =", position: 14, reason: /a value after "=": a string in double quotes, a number, true or false/ },
    { expression: "annotation.k 3", position: 13, reason: /^Missing operator/ },
    { expression: '"abc', position: 0, reason: /^Unterminated string/ },
    { expression: 'http.url = "abc', position: 11, reason: /^Unterminated string/ },
    { expression: 'http.url = "abc\\', position: 11, reason: /^Unterminated string/ },
    { expression: 'http.url = "a\\qb"', position: 13, reason: /^Unknown escape "\\q"/ },
    { expression: 'http.url = "\\u12"', position: 12, reason: /^Unknown escape "\\u"/ },
    { expression: 'http.url = "\\\u0001"', position: 12, reason: /backslash followed by U\+0001/ },
    { expression: "fault && error", position: 6, reason: /^"&&" is not an X-Ray filter operator; use "AND"$/ },
    { expression: "fault || error", position: 6, reason: /use "OR"/ },
    { expression: "fault == true", position: 6, reason: /use "="/ },
    { expression: "http.status <> 200", position: 12, reason: /use "!="/ },
    { expression: "http.url = 'x'", position: 11, reason: /strings use double quotes/ },
    { expression: "NOT fault", position: 0, reason: /"NOT" is not an X-Ray filter operator; use "!"/ },
    { expression: "foo = 1", position: 0, reason: /^Unknown keyword "foo"$/ },
    { expression: "fault AND bogus.keyword", position: 10, reason: /^Unknown keyword "bogus.keyword"$/ },
    { expression: "true", position: 0, reason: /^Unexpected "true"/ },
    { expression: "5", position: 0, reason: /^Unexpected number 5/ },
    { expression: '"x"', position: 0, reason: /^Unexpected string "x"/ },
    { expression: "fault #", position: 6, reason: /^Unexpected character "#"$/ },
    { expression: "fault \u0000", position: 6, reason: /^Unexpected character U\+0000$/ },
    { expression: "fault \u{1F600}", position: 6, reason: /^Unexpected character "\u{1F600}" \(U\+1F600\)$/u },
    { expression: "fault é", position: 6, reason: /^Unexpected character "é" \(U\+00E9\)$/ },
    { expression: "fault\u00a0AND error", position: 5, reason: /^Unexpected character U\+00A0$/ },
    { expression: "fault \ud800", position: 6, reason: /^Unexpected character U\+D800$/ },
    { expression: 'responsetime > 1 contains "x"', position: 17, reason: /^Unexpected "contains"; expected a keyword/ },
    { expression: "responsetime > 5s", position: 15, reason: /^Invalid number "5s…"$/ },
    { expression: "responsetime > 1.", position: 15, reason: /^Invalid number/ },
    { expression: "responsetime > 1e999", position: 15, reason: /out of range/ },
    { expression: "service", position: 7, reason: /expected "\(" after "service"/ },
    { expression: 'service "a"', position: 8, reason: /expected "\(" after "service"/ },
    { expression: "service(a)", position: 8, reason: /expected a service name in double quotes or id\(/ },
    { expression: 'service("a"', position: 11, reason: /expected "\)"$/ },
    { expression: 'service("a", "b")', position: 11, reason: /^Unexpected ","; expected "\)"$/ },
    { expression: 'service("a") {', position: 14, reason: /^Unexpected end of expression/ },
    { expression: 'service("a") {}', position: 14, reason: /^Empty body/ },
    { expression: 'service("a") { fault', position: 20, reason: /expected AND, OR or "}"$/ },
    { expression: 'service("a") { fault } { error }', position: 23, reason: /^Unexpected "{"/ },
    { expression: 'edge("a")', position: 8, reason: /expected "," and the destination/ },
    { expression: 'edge("a", )', position: 10, reason: /expected a service name/ },
    { expression: "edge()", position: 5, reason: /expected a service name/ },
    { expression: "service(id())", position: 11, reason: /^id\(\) needs a name: or a type:/ },
    { expression: 'service(id(name "a"))', position: 16, reason: /expected ":"$/ },
    { expression: "service(id(name: a))", position: 17, reason: /expected a string in double quotes after "name:"/ },
    { expression: 'service(id(name: "a", name: "b"))', position: 22, reason: /"name" appears twice in id\(\)/ },
    { expression: 'service(id(color: "red"))', position: 11, reason: /expected name: or type: inside id\(\)/ },
    { expression: 'service(id(name: "a" type: "b"))', position: 21, reason: /expected "," or "\)"$/ },
    { expression: 'id(name: "a")', position: 0, reason: /only goes inside service\(…\) or edge\(…\)/ },
    { expression: 'fault AND id(name: "a")', position: 10, reason: /only goes inside service/ },
  ]);
});

describe("documented X-Ray features the local endpoint does not support", () => {
  const rows: Array<[string, number, string]> = [
    ['rootcause.fault.service { name = "Auth" }', 0, "rootcause.fault.service"],
    ["rootcause.json = #[{ \"Services\": [] }]", 0, "rootcause.json"],
    ["rootcause.responsetime.entity { last and coverage > 0.8 }", 0, "rootcause.responsetime.entity"],
    ['group.name = "high_response_time" AND user = "alice"', 0, "group.name"],
    ['fault AND group.arn = "arn:aws:xray:us-east-1:1:group/a/b"', 10, "group.arn"],
    ["json", 0, "json"],
    ["inferred", 0, "inferred"],
    ['service("data-plane") {root = true and fault = true}', 23, "root"],
    ["first", 0, "first"],
    ["LAST", 0, "LAST"],
    ["remote", 0, "remote"],
    ["index > 5", 0, "index"],
    ["coverage > 0.7", 0, "coverage"],
    ['name = "x"', 0, "name"],
    ['type = "AWS::DynamoDB"', 0, "type"],
    ['message = "Access Denied"', 0, "message"],
    ['availabilityzone = "us-east-1a"', 0, "availabilityzone"],
    ['instance.id = "i-0123"', 0, "instance.id"],
    ['resource.arn CONTAINS "table"', 0, "resource.arn"],
    ['service(id(account.id: "123456789012"))', 11, "account.id"],
    ['service("a") { duration > 1 }', 15, "duration"],
    ['service("a") { partial }', 15, "partial"],
    ['service("a") { http.status = 500 }', 15, "http.status"],
    ['service("a") { user = "x" }', 15, "user"],
    ['service("a") { annotation.k }', 15, "annotation.k"],
    ['service("a") { service("b") }', 15, "service"],
    ['edge("a", "b") { fault OR edge("b", "c") }', 26, "edge"],
  ];
  it.each(rows)("%s → names %s", (expression, position, keyword) => {
    const error = refusal(expression);
    expect(error.kind).toBe("unsupported");
    expect(error.position).toBe(position);
    expect(error.reason).toContain(`"${keyword}" is not supported`);
    expect(error.reason).toContain("local X-Ray endpoint");
  });

  it("says what a service() or edge() body can test", () => {
    expect(refusal('edge("a", "b") { duration > 1 }').reason).toMatch(
      /inside an edge\(\) body .* tests the call itself with ok, error, throttle, fault, responsetime$/,
    );
  });
});

describe("limits", () => {
  it("refuses an expression longer than the maximum, pointing just past it", () => {
    const expression = `${"fault OR ".repeat(222)}fault`;
    expect(expression.length).toBe(MAX_FILTER_EXPRESSION_LENGTH + 3);
    const error = refusal(expression);
    expect(error.kind).toBe("limit");
    expect(error.position).toBe(MAX_FILTER_EXPRESSION_LENGTH);
    expect(error.reason).toBe("Filter expression is 2003 characters long; the local X-Ray endpoint accepts at most 2000");
  });

  it("refuses a megabyte of input without reading it", () => {
    const error = refusal(`"${"a".repeat(1 << 20)}`);
    expect(error.kind).toBe("limit");
    expect(error.message.length).toBeLessThan(400);
  });

  it("keeps the message short when the offending word is long", () => {
    for (const expression of [`fault AND ${"a".repeat(1990)}`, `annotation.${"a.".repeat(990)}`, `annotation.${"k".repeat(1980)} 1`]) {
      const error = refusal(expression);
      expect(error.reason.length).toBeLessThan(150);
      expect(error.message.length).toBeLessThan(450);
    }
  });

  const deep = MAX_FILTER_NESTING_DEPTH;
  const nestings: Array<[string, (levels: number) => string, number]> = [
    ["parentheses", (n) => `${"(".repeat(n)}fault${")".repeat(n)}`, 0],
    ["negations", (n) => `${"!".repeat(n)}fault`, 0],
    ["negated parentheses", (n) => `${"!(".repeat(n / 2)}fault${")".repeat(n / 2)}`, 0],
    ["parentheses in a body", (n) => `service("a") {${"(".repeat(n - 1)}fault${")".repeat(n - 1)}}`, 13],
  ];
  it.each(nestings)("accepts %s nested to the limit, refuses one level more", (_name, nest, offset) => {
    const services = [{ name: "a", fault: true, error: false, throttle: false }];
    const faulty = { ...FAULTY, services };
    // An even number of "!" leaves the fault (trace or node) standing.
    expect(compileFilter(nest(deep))(faulty)).toBe(nest(deep).split("!").length % 2 === 1);
    const error = refusal(nest(deep + 2));
    expect(error.kind).toBe("limit");
    expect(error.reason).toBe(`Expression nests deeper than ${deep} levels`);
    expect(error.position).toBe(offset + deep);
  });
});

describe("FilterExpressionError", () => {
  it("is an Error with a literal name, the position, the kind and the reason", () => {
    const error = refusal('service("a") AND )');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("FilterExpressionError");
    expect(error.position).toBe(17);
    expect(error.kind).toBe("syntax");
    expect(String(error)).toContain('FilterExpressionError: Unexpected ")"');
  });

  it("quotes the expression and puts a caret under the position", () => {
    const expression = 'service("a") AND )';
    const [first, caret, ...rest] = refusal(expression).message.split("\n");
    expect(rest).toEqual([]);
    expect(first).toBe(`Unexpected ")"; expected a keyword, "!" or "(" at position 17: ${expression}`);
    expect(caret).toBe(`${" ".repeat(first!.length - expression.length + 17)}^`);
  });

  it("quotes a window around the position of a long expression, and still points at it", () => {
    const expression = `${"fault OR ".repeat(100)}fault # ${"OR error ".repeat(100)}`;
    const position = expression.indexOf("#");
    const [first, caret] = refusal(expression).message.split("\n");
    expect(first!.length).toBeLessThan(200);
    expect(first).toMatch(/ at position \d+: …[^…]*#[^…]*…$/);
    expect(first!.charAt(caret!.length - 1)).toBe("#");
    expect(caret!.trim()).toBe("^");
    expect(refusal(expression).position).toBe(position);
  });

  it("keeps control characters out of the message", () => {
    const message = refusal('fault\r\nAND\t"\u0007 \u0085" error #').message;
    expect(message.split("\n")).toHaveLength(2);
    expect(message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it("is a TypeError, not a FilterExpressionError, when the expression is not a string", () => {
    expect(() => compileFilter(42 as unknown as string)).toThrow(TypeError);
  });
});
