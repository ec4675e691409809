/**
 * The redactor behind the client's promise that its own credentials never come back out of a
 * response: every spelling an echo may use is replaced, placeholder credentials too short to be
 * real leave responses untouched.
 */
import { describe, expect, it } from "vitest";
import { credentialRedactor } from "../../src/runtime/redact-credentials.js";
import { SENSITIVE_STRING } from "../../src/runtime/schema.js";

const identity = { accessKeyId: "AKIDEXAMPLE000000001", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "IQoJb3JpZ2luX2VjEJr/token+AKIDEXAMPLE000000001" };

describe("credentialRedactor", () => {
  it("replaces each part as written, with escaped slashes and URL-encoded", () => {
    const redact = credentialRedactor(identity);
    const echoed = [
      identity.secretAccessKey,
      identity.sessionToken,
      `Credential=${identity.accessKeyId}/20260101/us-east-1/xray/aws4_request`,
      JSON.stringify(identity.sessionToken).replace(/\//g, "\\/"),
      encodeURIComponent(identity.secretAccessKey),
    ].join(" | ");

    const cleaned = redact(echoed);

    for (const part of [identity.secretAccessKey, identity.sessionToken, identity.accessKeyId, "EXAMPLEKEY", "IQoJb3JpZ2luX2VjEJr"]) expect(cleaned).not.toContain(part);
    expect(cleaned.split(SENSITIVE_STRING)).toHaveLength(6);
  });

  it("leaves a text without credentials as it is, the same string", () => {
    const text = '{"Traces":[],"UnprocessedTraceIds":[]}';
    expect(credentialRedactor(identity)(text)).toBe(text);
  });

  it("redacts nothing for placeholder credentials shorter than real ones", () => {
    const text = "a b ab ba";
    expect(credentialRedactor({ accessKeyId: "a", secretAccessKey: "b" })(text)).toBe(text);
    expect(credentialRedactor(undefined)(text)).toBe(text);
  });
});

describe("credentialRedactor, one per identity", () => {
  it("is built once per identity object and rebuilt when a part changes in place", () => {
    const who = { accessKeyId: "AKIDEXAMPLE000000001", secretAccessKey: "first-secret-0000000000" };
    const first = credentialRedactor(who);
    expect(credentialRedactor(who)).toBe(first);
    who.secretAccessKey = "second-secret-000000000";
    const second = credentialRedactor(who);
    expect(second).not.toBe(first);
    expect(second("x second-secret-000000000 x")).toBe(`x ${SENSITIVE_STRING} x`);
  });

  it("treats credentials with regular-expression characters as plain text", () => {
    const who = { accessKeyId: "AKID.*EXAMPLE(0)[1]", secretAccessKey: "a+b?c^d$e|f{2}\\g" };
    const redact = credentialRedactor(who);
    expect(redact("AKIDxxEXAMPLE01 and abc")).toBe("AKIDxxEXAMPLE01 and abc");
    expect(redact(`<${who.accessKeyId}> <${who.secretAccessKey}>`)).toBe(`<${SENSITIVE_STRING}> <${SENSITIVE_STRING}>`);
  });
});
