/**
 * Filter expressions checked before sending (`validateInput: true`): a malformed
 * `FilterExpression` is a `ValidationError` with the position and a caret, nothing is sent and
 * no credentials are resolved; what the service accepts but the local endpoint does not evaluate
 * (root-cause keywords, groups) goes out. The check is the local endpoint's parser: a property
 * ties the two together.
 */
import fc from "fast-check";
import { HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { findFilterExpressionViolations } from "../../src/filter/check-input.js";
import { FilterExpressionError } from "../../src/filter/FilterExpressionError.js";
import { parseFilterExpression } from "../../src/filter/parser.js";
import { GetTraceSummariesCommand, ValidationError, XRayClient } from "../../src/index.js";
import { CREDENTIALS, useServiceMock } from "../support/codegen.js";

const mock = useServiceMock();
const window = { StartTime: new Date(0), EndTime: new Date(1000) };
const empty = (): Response => new HttpResponse('{"TraceSummaries":[]}', { headers: { "content-type": "application/json" } });

function client(validateInput: boolean) {
  const credentials = vi.fn(async () => CREDENTIALS);
  return { client: new XRayClient({ region: "us-east-1", credentials, validateInput }), credentials };
}

describe("GetTraceSummaries with validateInput: true", () => {
  it("refuses a malformed expression with its position and a caret, sending nothing", async () => {
    mock.reply(empty);
    const { client: xray, credentials } = client(true);
    const error = await xray.send(new GetTraceSummariesCommand({ ...window, FilterExpression: 'service("checkout-api") AND' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe(
      [
        "GetTraceSummaries: the input breaks 1 constraint of the model; nothing was sent:",
        '  FilterExpression: Unexpected end of expression; expected a keyword, "!" or "(" at position 27:',
        '    service("checkout-api") AND',
        "                               ^",
      ].join("\n"),
    );
    expect((error as ValidationError).violations).toMatchObject([{ path: "FilterExpression", constraint: "filterExpression", position: 27 }]);
    expect(mock.requests).toHaveLength(0);
    expect(credentials).not.toHaveBeenCalled();
  });

  it("sends valid expressions, and those only the service evaluates (root cause, groups)", async () => {
    mock.reply(empty);
    const { client: xray } = client(true);
    for (const FilterExpression of ['service("checkout-api") { fault OR throttle }', "rootcause.fault.entity { name = \"db\" }", 'group.name = "prod"', "", "   "]) {
      await xray.send(new GetTraceSummariesCommand({ ...window, FilterExpression }));
    }
    expect(mock.requests).toHaveLength(5);
  });

  it("sends a malformed expression as it is when validateInput is off", async () => {
    mock.reply(empty);
    await client(false).client.send(new GetTraceSummariesCommand({ ...window, FilterExpression: "fault AND" }));
    expect(JSON.parse(mock.requests[0]!.text).FilterExpression).toBe("fault AND");
  });
});

describe("findFilterExpressionViolations", () => {
  it("checks only the members that hold a filter expression", () => {
    expect(findFilterExpressionViolations("GetTraceSummaries", { FilterExpression: "(" })).toHaveLength(1);
    expect(findFilterExpressionViolations("GetServiceGraph", { FilterExpression: "(" })).toEqual([]);
    expect(findFilterExpressionViolations("GetTraceSummaries", null)).toEqual([]);
    expect(findFilterExpressionViolations("GetTraceSummaries", { FilterExpression: 42 })).toEqual([]);
  });

  it("reports exactly the syntax errors of the shared parser, with the caret under the position", () => {
    const vocabulary = fc.constantFrom("fault", "ok", "AND", "OR", "!", "(", ")", "{", "}", "service(", '"api"', "responsetime", ">", "5", "=", "annotation.k", "rootcause.fault", ",", " ", "&&");
    const expression = fc.oneof(fc.array(vocabulary, { maxLength: 10 }).map((parts) => parts.join(" ")), fc.string({ maxLength: 40 }));
    fc.assert(
      fc.property(expression, (text) => {
        const violations = findFilterExpressionViolations("GetTraceSummaries", { FilterExpression: text });
        let syntax: FilterExpressionError | undefined;
        try {
          parseFilterExpression(text);
        } catch (error) {
          if (error instanceof FilterExpressionError && error.kind === "syntax") syntax = error;
        }
        if (!syntax || text.trim() === "") return void expect(violations).toEqual([]);
        expect(violations).toHaveLength(1);
        const lines = violations[0]!.message.split("\n");
        expect(lines[0]).toBe(`${syntax.reason} at position ${syntax.position}:`);
        expect(lines[2]!.indexOf("^")).toBe(4 + syntax.position);
      }),
      { seed: 20261207, numRuns: 500 },
    );
  });
});
