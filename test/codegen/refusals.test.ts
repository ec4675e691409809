/**
 * What the generator refuses, and how it says so: traits whose wire behaviour it does not
 * implement (streaming, event streams, compression, checksums, endpoint context parameters),
 * services it cannot call correctly, and HTTP bindings that break the Smithy rules. Each
 * refusal is a `ModelError` naming the JSON path of the problem and the shape it concerns, so
 * a model never turns into a client that silently sends the wrong request.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateFiles } from "../../src/codegen/generate.js";
import { ModelError, parseModel } from "../../src/codegen/model.js";
import { ROOT } from "../support/codegen.js";

/** A trait fixture, changed by `change`, then generated; returns the error message. */
function refusal(fixture: string, change: (shapes: Record<string, any>) => void): string {
  const model = JSON.parse(readFileSync(join(ROOT, "test/fixtures/models/traits", `${fixture}.json`), "utf8"));
  change(model.shapes);
  try {
    generateFiles(parseModel(JSON.stringify(model)), { modelLabel: fixture });
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    return (error as Error).message;
  }
  throw new Error("the model was generated");
}

describe("unsupported traits", () => {
  it.each([
    [
      "a streaming blob",
      "http-payload",
      (s: Record<string, any>) => (s["example.payload#Png"].traits["smithy.api#streaming"] = {}),
      '$.shapes["example.payload#Png"].traits["smithy.api#streaming"]: smithy.api#streaming is not supported by this generator yet (streaming blobs and event streams need a streaming body); example.payload#Png cannot be generated',
    ],
    [
      "an event stream",
      "union",
      (s: Record<string, any>) => (s["example.unions#Value"].traits["smithy.api#streaming"] = {}),
      '$.shapes["example.unions#Value"].traits["smithy.api#streaming"]: smithy.api#streaming is not supported',
    ],
    [
      "request compression",
      "json-name",
      (s: Record<string, any>) => (s["example.jsonname#Echo"].traits["smithy.api#requestCompression"] = { encodings: ["gzip"] }),
      '$.shapes["example.jsonname#Echo"].traits["smithy.api#requestCompression"]: smithy.api#requestCompression is not supported by this generator yet (the service expects compressed request bodies); example.jsonname#Echo cannot be generated',
    ],
    [
      "a required Content-MD5",
      "json-name",
      (s: Record<string, any>) => (s["example.jsonname#Echo"].traits["smithy.api#httpChecksumRequired"] = {}),
      '$.shapes["example.jsonname#Echo"].traits["smithy.api#httpChecksumRequired"]: smithy.api#httpChecksumRequired is not supported',
    ],
    [
      "flexible checksums",
      "json-name",
      (s: Record<string, any>) => (s["example.jsonname#Echo"].traits["aws.protocols#httpChecksum"] = { requestChecksumRequired: true }),
      '$.shapes["example.jsonname#Echo"].traits["aws.protocols#httpChecksum"]: aws.protocols#httpChecksum is not supported',
    ],
    [
      "an endpoint context parameter",
      "json-name",
      (s: Record<string, any>) => (s["example.jsonname#EchoInput"].members.Plain.traits = { "smithy.rules#contextParam": { name: "Plain" } }),
      '$.shapes["example.jsonname#EchoInput"].members.Plain.traits["smithy.rules#contextParam"]: smithy.rules#contextParam is not supported by this generator yet (endpoint rules read this input member); example.jsonname#EchoInput cannot be generated',
    ],
    [
      "a bigDecimal",
      "json-name",
      (s: Record<string, any>) => (s["example.jsonname#EchoInput"].members.Plain.target = "smithy.api#BigDecimal"),
      '$.shapes["smithy.api#BigDecimal"].type: bigDecimal is not supported by this generator yet',
    ],
  ])("refuses %s, naming the shape", (_, fixture, change, message) => {
    expect(refusal(fixture, change)).toContain(message);
  });
});

describe("services it cannot call correctly", () => {
  const SERVICE = "example.jsonname#JsonNameService";

  it("refuses a protocol other than restJson1", () => {
    const message = refusal("json-name", (s) => {
      delete s[SERVICE].traits["aws.protocols#restJson1"];
      s[SERVICE].traits["aws.protocols#awsJson1_1"] = {};
    });
    expect(message).toBe(`$.shapes["${SERVICE}"].traits: the service must use aws.protocols#restJson1, the only protocol this generator implements (it has aws.protocols#awsJson1_1)`);
  });

  it("refuses a service without SigV4", () => {
    expect(refusal("json-name", (s) => delete s[SERVICE].traits["aws.auth#sigv4"])).toBe(`$.shapes["${SERVICE}"].traits: the service must declare aws.auth#sigv4: requests are signed with SigV4`);
  });

  it("refuses endpoint rules that need a parameter the client does not supply", () => {
    const message = refusal("json-name", (s) => {
      s[SERVICE].traits["smithy.rules#endpointRuleSet"].parameters.Bucket = { type: "String", required: true };
    });
    expect(message).toMatch(/^\$\.shapes\["example\.jsonname#JsonNameService"\]\.traits\["smithy\.rules#endpointRuleSet"\]\.parameters\.Bucket: a required endpoint parameter without a default/);
  });

  it("accepts an extra endpoint parameter that has a default", () => {
    const model = JSON.parse(readFileSync(join(ROOT, "test/fixtures/models/traits/json-name.json"), "utf8"));
    model.shapes[SERVICE].traits["smithy.rules#endpointRuleSet"].parameters.UseFIPS = { builtIn: "AWS::UseFIPS", type: "Boolean", required: true, default: false };
    model.shapes[SERVICE].traits["smithy.rules#endpointRuleSet"].parameters.Accelerate = { type: "Boolean", required: true, default: false };
    expect(() => generateFiles(parseModel(JSON.stringify(model)), { modelLabel: "x" })).not.toThrow();
  });

  it("refuses a shape whose name the generator gives to something else", () => {
    const message = refusal("http-header", (s) => {
      s["example.headers#HeadersClient"] = { type: "structure", members: {} };
      s["example.headers#PutThingInput"].members.Description.target = "example.headers#HeadersClient";
    });
    expect(message).toBe('$.shapes["example.headers#HeadersClient"]: its name is also that of the client; rename the shape');
  });
});

describe("HTTP bindings that break the Smithy rules", () => {
  it.each([
    [
      "a URI label without its member",
      "http-label",
      (s: Record<string, any>) => (s["example.labels#GetObject"].traits["smithy.api#http"].uri = "/buckets/{Bucket}/objects/{Key+}/{Version}"),
      '$.shapes["example.labels#GetObject"].traits["smithy.api#http"].uri: the label {Version} needs a member Version of GetObjectInput with @httpLabel',
    ],
    [
      "an @httpLabel member missing from the URI",
      "http-label",
      (s: Record<string, any>) => (s["example.labels#UpdateThing"].traits["smithy.api#http"].uri = "/things"),
      '$.shapes["example.labels#UpdateThingInput"].members.Name.traits["smithy.api#httpLabel"]: /things has no {Name} label for this member',
    ],
    [
      "an optional label",
      "http-label",
      (s: Record<string, any>) => delete s["example.labels#GetObjectInput"].members.Bucket.traits["smithy.api#required"],
      '$.shapes["example.labels#GetObjectInput"].members.Bucket: an @httpLabel member must be @required',
    ],
    [
      "two greedy labels",
      "http-label",
      (s: Record<string, any>) => (s["example.labels#GetObject"].traits["smithy.api#http"].uri = "/buckets/{Bucket+}/objects/{Key+}"),
      '$.shapes["example.labels#GetObject"].traits["smithy.api#http"].uri: has 2 greedy labels; a URI may have one',
    ],
    [
      "a payload beside body members",
      "http-payload",
      (s: Record<string, any>) => (s["example.payload#PutStructureInput"].members.Note = { target: "smithy.api#String" }),
      '$.shapes["example.payload#PutStructureInput"].members.Note: a structure with an @httpPayload member (Document) cannot have members bound to the body; bind Note to a header, query or label',
    ],
    [
      "two payloads",
      "http-payload",
      (s: Record<string, any>) => (s["example.payload#PutBlobInput"].members.Label.traits = { "smithy.api#httpPayload": {} }),
      '$.shapes["example.payload#PutBlobInput"].members.Label.traits["smithy.api#httpPayload"]: only one member can be the payload; Data already is',
    ],
    [
      "a payload of a type that cannot be one",
      "http-payload",
      (s: Record<string, any>) => (s["example.payload#PutTextInput"].members.Text.target = "smithy.api#Integer"),
      '$.shapes["example.payload#PutTextInput"].members.Text.traits["smithy.api#httpPayload"]: an @httpPayload member must target a structure, union, document, string or blob, not an integer',
    ],
    [
      "a structure in a header",
      "http-header",
      (s: Record<string, any>) => {
        s["example.headers#Nested"] = { type: "structure", members: {} };
        s["example.headers#PutThingInput"].members.Name.target = "example.headers#Nested";
      },
      '$.shapes["example.headers#PutThingInput"].members.Name.traits["smithy.api#httpHeader"]: a structure (example.headers#Nested) cannot be bound to an HTTP header',
    ],
    [
      "prefix headers of lists",
      "http-header",
      (s: Record<string, any>) => (s["example.headers#StringMap"].value.target = "example.headers#TagList"),
      '$.shapes["example.headers#PutThingInput"].members.Meta.traits["smithy.api#httpPrefixHeaders"]: the map\'s values must be strings, not list',
    ],
    [
      "a status code that is not an integer",
      "http-response-code",
      (s: Record<string, any>) => (s["example.status#CreateThingOutput"].members.Status.target = "smithy.api#String"),
      '$.shapes["example.status#CreateThingOutput"].members.Status.traits["smithy.api#httpResponseCode"]: an @httpResponseCode member must target an integer, not a string',
    ],
    [
      "two binding traits on one member",
      "http-header",
      (s: Record<string, any>) => (s["example.headers#PutThingInput"].members.Name.traits["smithy.api#httpQuery"] = "name"),
      '$.shapes["example.headers#PutThingInput"].members.Name.traits: a member takes one HTTP binding trait, not smithy.api#httpQuery and smithy.api#httpHeader',
    ],
    [
      "a host prefix label without its member",
      "endpoint-host-prefix",
      (s: Record<string, any>) => (s["example.hostprefix#PutRecord"].traits["smithy.api#endpoint"].hostPrefix = "{Region}.data."),
      '$.shapes["example.hostprefix#PutRecord"].traits["smithy.api#endpoint"].hostPrefix: the label {Region} needs an input member Region with @hostLabel',
    ],
    [
      "an optional host label",
      "endpoint-host-prefix",
      (s: Record<string, any>) => delete s["example.hostprefix#PutRecordInput"].members.AccountId.traits["smithy.api#required"],
      '$.shapes["example.hostprefix#PutRecordInput"].members.AccountId: a @hostLabel member must be a @required string',
    ],
    [
      "an error with a payload",
      "errors",
      (s: Record<string, any>) => {
        s["example.errors#NotFound"].members.ResourceName.traits = { "smithy.api#httpPayload": {} };
        s["example.errors#NotFound"].members = { ResourceName: { target: "example.errors#LimitInfo", traits: { "smithy.api#httpPayload": {} } } };
      },
      '$.shapes["example.errors#NotFound"]: an error with an @httpPayload member is not supported by this generator yet',
    ],
  ])("refuses %s", (_, fixture, change, message) => {
    expect(refusal(fixture, change)).toBe(message);
  });
});
