/**
 * Filter expressions of the local endpoint: what each keyword, operator and connective selects,
 * against hand-built trace views, and the tree `parseFilterExpression` returns.
 */
import { describe, expect, it } from "vitest";
import { compileFilter, MAX_FILTER_EXPRESSION_LENGTH, parseFilterExpression, type TraceView } from "../../../src/local/filter/index.js";
import { traceView } from "../../support/trace-view.js";

const trace = traceView;

const flags = { fault: false, error: false, throttle: false };

/** A small shop: web → api → (orders table, payments). */
const shop = trace({
  duration: 2.5,
  responseTime: 2,
  http: { status: 502, url: "https://shop.example.com/v2/cart", method: "POST", userAgent: "curl/8.5.0", clientIp: "203.0.113.9" },
  users: ["alice", "bob"],
  annotations: { tenant: ["acme"], retries: [3, 0], cached: [false], beta: [true], mixed: ["7", 7] },
  fault: true,
  services: [
    { name: "web", type: "AWS::EC2::Instance", responseTime: 2, ...flags, fault: true },
    { name: "api", type: "AWS::Lambda::Function", responseTime: 1.5, ...flags, error: true },
    { name: "api", type: "AWS::Lambda", responseTime: 0.2, ...flags },
    { name: "orders", type: "AWS::DynamoDB::Table", responseTime: 0.05, ...flags, throttle: true, error: true },
    { name: "payments", ...flags },
  ],
  edges: [
    { source: "web", destination: "api", responseTime: 1.6, ...flags, fault: true },
    { source: "api", destination: "orders", responseTime: 0.05, ...flags, throttle: true },
    { source: "api", destination: "payments", ...flags },
  ],
});

/** Runs each `[expression, subject, expected]` row as its own test. */
function table(rows: ReadonlyArray<readonly [string, TraceView, boolean]>): void {
  it.each(rows.map(([expression, subject, expected]) => ({ expression, subject, expected })))(
    "$expression → $expected",
    ({ expression, subject, expected }) => {
      expect(compileFilter(expression)(subject)).toBe(expected);
    },
  );
}

describe("boolean keywords", () => {
  table([
    ["fault", trace({ fault: true }), true],
    ["fault", trace(), false],
    ["fault = true", trace({ fault: true }), true],
    ["fault = false", trace({ fault: true }), false],
    ["fault != true", trace(), true],
    ["fault != false", trace(), false],
    ["error", trace({ error: true }), true],
    ["error = false", trace({ error: true }), false],
    ["throttle", trace({ throttle: true }), true],
    ["throttle", trace({ error: true }), false],
    ["ok", trace(), true],
    ["ok", trace({ error: true }), false],
    ["ok", trace({ throttle: true }), false],
    ["ok = false", trace({ fault: true }), true],
    ["partial", trace({ partial: true }), true],
    ["partial", trace(), false],
    ["!partial", trace(), true],
    ["partial = false", trace({ partial: true }), false],
  ]);
});

describe("number keywords", () => {
  table([
    ["responsetime > 1.5", shop, true],
    ["responsetime > 2", shop, false],
    ["responsetime >= 2", shop, true],
    ["responsetime < 2", shop, false],
    ["responsetime <= 2", shop, true],
    ["responsetime = 2", shop, true],
    ["responsetime != 2", shop, false],
    ["responsetime < 10", trace(), false], // no response time: no comparison holds
    ["responsetime != 10", trace(), false],
    ["duration >= 2.5 AND duration <= 3", shop, true],
    ["duration < 2.5", shop, false],
    ["duration > -1", trace({ duration: 0 }), true],
    ["duration < 1e-3", trace({ duration: 0.0005 }), true],
    ["http.status = 502", shop, true],
    ["http.status != 502", shop, false],
    ["http.status >= 500", shop, true],
    ["http.status < 500", shop, false],
    ["http.status != 200", trace(), false], // no http: no status to compare
  ]);
});

describe("string keywords", () => {
  table([
    ['http.url = "https://shop.example.com/v2/cart"', shop, true],
    ['http.url != "https://shop.example.com/v2/cart"', shop, false],
    ['http.url CONTAINS "/v2/"', shop, true],
    ['http.url CONTAINS "/v3/"', shop, false],
    ['http.url BEGINSWITH "https://shop."', shop, true],
    ['http.url BEGINSWITH "http://shop."', shop, false],
    ['http.url ENDSWITH "/cart"', shop, true],
    ['http.url ENDSWITH "/carts"', shop, false],
    ['http.method = "POST"', shop, true],
    ['http.method = "post"', shop, false], // values compare case-sensitively
    ['http.useragent BEGINSWITH "curl/"', shop, true],
    ['http.useragent CONTAINS "Mozilla"', shop, false],
    ['http.clientip = "203.0.113.9"', shop, true],
    ['http.clientip != "203.0.113.9"', shop, false],
    ['http.url != "x"', trace(), false], // no http: nothing to compare
    ["http.url", shop, true],
    ["http.url", trace(), false],
    ["http.method AND http.status = 502", shop, true],
    ['user = "bob"', shop, true],
    ['user = "carol"', shop, false],
    ['user != "alice"', shop, true], // some user is not alice
    ['user != "alice"', trace({ users: ["alice"] }), false],
    ['!(user = "alice")', shop, false], // no user is alice
    ['user BEGINSWITH "al"', shop, true],
    ['user ENDSWITH "ce"', shop, true],
    ['user CONTAINS ""', shop, true],
    ['user CONTAINS ""', trace(), false],
    ["user", shop, true],
    ["user", trace(), false],
    ['http.url CONTAINS "a\\"b\\\\c\\u00e9\\n"', trace({ http: { url: 'xa"b\\cé\ny' } }), true],
  ]);
});

describe("annotations", () => {
  table([
    ['annotation.tenant = "acme"', shop, true],
    ['annotation.tenant = "ACME"', shop, false],
    ['annotation[tenant] = "acme"', shop, true],
    ['annotation["tenant"] BEGINSWITH "ac"', shop, true],
    ['annotation.tenant != "acme"', shop, false],
    ["annotation.retries = 3", shop, true],
    ["annotation.retries = 0", shop, true], // any value of the key
    ["annotation.retries > 3", shop, false],
    ["annotation.retries != 3", shop, true], // 0 differs
    ["annotation.retries >= 3 AND annotation.retries < 1", shop, true],
    ["annotation.beta = true", shop, true],
    ["annotation.beta != true", shop, false],
    ["annotation.cached = false", shop, true],
    ['annotation.mixed = "7"', shop, true],
    ["annotation.mixed = 7", shop, true],
    ['annotation.retries = "3"', shop, false], // a string literal only matches string values
    ["annotation.tenant = 1", shop, false],
    ["annotation.tenant", shop, true], // set
    ["annotation.retries", shop, true],
    ["annotation.beta", shop, true],
    ["annotation.cached", shop, false], // a boolean annotation evaluates to its value
    ["annotation.missing", shop, false],
    ["!annotation.missing", shop, true],
    ['annotation[missing] = "x"', shop, false],
    ["annotation.constructor", shop, false], // never reaches Object.prototype
    ["annotation[__proto__]", shop, false],
    ['annotation["a key"] = "v"', trace({ annotations: { "a key": ["v"] } }), true],
    ["annotation.Tenant", shop, false], // keys are case-sensitive
  ]);
});

describe("service()", () => {
  table([
    ['service("api")', shop, true],
    ['service("API")', shop, false],
    ['service("nowhere")', shop, false],
    ['!service("nowhere")', shop, true],
    ["service()", shop, true],
    ["service()", trace(), false],
    ['service("web") { fault }', shop, true],
    ['service("api") { fault }', shop, false],
    ['service("api") { error }', shop, true],
    ['service("api") { ok }', shop, true], // the AWS::Lambda node of that name is fine
    ['service("orders") { ok }', shop, false],
    ['service("orders") { throttle AND error }', shop, true],
    ['service("orders") { throttle AND !error }', shop, false],
    ['service("api") { responsetime > 1 }', shop, true],
    ['service("api") { responsetime > 2 }', shop, false],
    ['service("payments") { responsetime >= 0 }', shop, false], // unknown response time
    ['service("web") { fault = true OR responsetime > 2.5 } AND annotation.tenant = "acme"', shop, true],
    ['service("api") { error AND responsetime < 1 }', shop, false], // both on the same node
    ["service() { throttle }", shop, true],
    ["service() { responsetime > 5 }", shop, false],
    ['service(id(name: "api", type: "AWS::Lambda::Function")) { error }', shop, true],
    ['service(id(name: "api", type: "AWS::Lambda")) { error }', shop, false],
    ['service(id(type: "AWS::DynamoDB::Table"))', shop, true],
    ['service(id(type: "AWS::SQS::Queue"))', shop, false],
    ['service(id(type: "AWS::EC2::Instance", name: "web")) { fault }', shop, true],
    ['service(id(name: "payments"))', shop, true],
  ]);
});

describe("edge()", () => {
  table([
    ['edge("web", "api")', shop, true],
    ['edge("api", "web")', shop, false],
    ['edge("web", "api") { fault }', shop, true],
    ['edge("web", "api") { error }', shop, false],
    ['edge("api", "orders") { throttle }', shop, true],
    ['edge("api", "orders") { responsetime < 0.1 }', shop, true],
    ['edge("api", "payments") { responsetime < 0.1 }', shop, false], // unknown response time
    ['edge("api", "payments") { ok }', shop, true],
    ['!edge("orders", "api")', shop, true],
    ['edge(id(name: "web", type: "AWS::EC2::Instance"), "api")', shop, true],
    ['edge(id(name: "web", type: "AWS::Lambda"), "api")', shop, false],
    ['edge("api", id(type: "AWS::DynamoDB::Table")) { throttle }', shop, true],
    ['edge(id(type: "AWS::Lambda"), id(name: "orders"))', shop, true], // "api" has both types
    ['edge(id(type: "AWS::EC2::Instance"), "orders")', shop, false],
  ]);
});

describe("connectives and precedence", () => {
  const faultOnly = trace({ fault: true });
  table([
    ["fault AND error", trace({ fault: true, error: true }), true],
    ["fault AND error", faultOnly, false],
    ["fault OR error", faultOnly, true],
    ["error OR throttle", faultOnly, false],
    // AND binds tighter than OR: fault OR (error AND throttle)
    ["fault OR error AND throttle", faultOnly, true],
    ["(fault OR error) AND throttle", faultOnly, false],
    // error AND fault OR throttle = (error AND fault) OR throttle
    ["error AND fault OR throttle", trace({ throttle: true }), true],
    ["error AND (fault OR throttle)", trace({ throttle: true }), false],
    // ! binds tighter than AND and OR
    ["!fault AND error", trace({ error: true }), true],
    ["!fault AND error", faultOnly, false],
    ["!(fault AND error)", faultOnly, true],
    ["!fault OR fault", trace(), true],
    ["!!fault", faultOnly, true],
    ["!!!fault", faultOnly, false],
    // terms side by side are ANDed, as in X-Ray's own example
    ["ok !partial duration < 3", trace({ duration: 2 }), true],
    ["ok !partial duration < 3", trace({ duration: 2, partial: true }), false],
    ["fault error OR throttle", trace({ throttle: true }), true],
    ["fault error OR throttle", faultOnly, false],
    ["((((fault))))", faultOnly, true],
    ['service("web") { fault } !service("nowhere") http.status = 502', shop, true],
  ]);
});

describe("keywords and word operators are case-insensitive", () => {
  table([
    ["FAULT", trace({ fault: true }), true],
    ["Fault = TRUE", trace({ fault: true }), true],
    ["ResponseTime > 1", shop, true],
    ["HTTP.Status = 502", shop, true],
    ['Http.Url contains "/v2/" and http.method beginsWith "PO"', shop, true],
    ['http.url EndsWith "/cart" or fault', trace(), false],
    ['SERVICE("web") { FAULT } AND EDGE("web", "api") { Fault = True }', shop, true],
    ['service(ID(NAME: "web", Type: "AWS::EC2::Instance"))', shop, true],
    ['Annotation.tenant = "acme" And Annotation[retries] = 3', shop, true],
    ['USER = "alice"', shop, true],
  ]);
});

describe("parseFilterExpression", () => {
  it("returns the tree with canonical keywords, operators and positions", () => {
    expect(parseFilterExpression('HTTP.URL contains "/v2/" OR !Fault')).toEqual({
      kind: "or",
      position: 0,
      operands: [
        { kind: "string", keyword: "http.url", operator: "CONTAINS", value: "/v2/", position: 0 },
        { kind: "not", position: 28, operand: { kind: "flag", keyword: "fault", expected: true, position: 29 } },
      ],
    });
  });

  it("keeps AND operands flat and parentheses out of the tree", () => {
    expect(parseFilterExpression("fault AND (error) throttle")).toEqual({
      kind: "and",
      position: 0,
      operands: [
        { kind: "flag", keyword: "fault", expected: true, position: 0 },
        { kind: "flag", keyword: "error", expected: true, position: 11 },
        { kind: "flag", keyword: "throttle", expected: true, position: 18 },
      ],
    });
  });

  it("stores a boolean comparison as the value the keyword must have", () => {
    expect(parseFilterExpression("fault != true")).toEqual({ kind: "flag", keyword: "fault", expected: false, position: 0 });
    expect(parseFilterExpression("ok != false")).toEqual({ kind: "flag", keyword: "ok", expected: true, position: 0 });
  });

  it("types annotation comparisons by their literal", () => {
    expect(parseFilterExpression("annotation[n] <= -2.5e1")).toEqual({
      kind: "annotation",
      key: "n",
      comparison: { type: "number", operator: "<=", value: -25 },
      position: 0,
    });
    expect(parseFilterExpression("annotation.flag != FALSE")).toEqual({
      kind: "annotation",
      key: "flag",
      comparison: { type: "boolean", operator: "!=", value: false },
      position: 0,
    });
    expect(parseFilterExpression("annotation.k")).toEqual({ kind: "annotation", key: "k", position: 0 });
  });

  it("reads service and edge selectors and bodies", () => {
    expect(parseFilterExpression('edge(id(type: "T"), "b") { responsetime > 1 }')).toEqual({
      kind: "edge",
      source: { type: "T" },
      destination: { name: "b" },
      position: 0,
      body: { kind: "number", keyword: "responsetime", operator: ">", value: 1, position: 27 },
    });
    expect(parseFilterExpression("service()")).toEqual({ kind: "service", target: {}, position: 0 });
  });

  it("accepts an expression of exactly the maximum length", () => {
    const terms = `${"fault OR ".repeat(221)}fault`;
    const atLimit = terms.padEnd(MAX_FILTER_EXPRESSION_LENGTH, " ");
    expect(atLimit).toHaveLength(2000);
    expect(compileFilter(atLimit)(trace({ fault: true }))).toBe(true);
    expect(compileFilter(atLimit)(trace())).toBe(false);
  });
});
