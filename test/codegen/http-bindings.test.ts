/**
 * restJson1 HTTP bindings in generated clients, on the wire: each trait fixture in
 * `test/fixtures/models/traits/` is generated, typechecked under the repository's strict
 * options, imported, and called through msw behind the default Node transport.
 *
 * Expected requests and outputs are written out by hand from the Smithy HTTP binding rules
 * (https://smithy.io/2.0/spec/http-bindings.html), not computed with the code under test.
 * Signatures of bound requests are recomputed with `aws4`, an independent SigV4
 * implementation, from what arrived: labels and query strings must be signed as sent.
 */
import aws4 from "aws4";
import { Buffer } from "node:buffer";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { HttpResponse } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import { CREDENTIALS, generateInto, importGenerated, scratchDir, traitModel, typecheck, useServiceMock, type SeenRequest } from "../support/codegen.js";

const FIXTURES = ["http-label", "http-query", "http-header", "http-payload", "http-response-code", "endpoint-host-prefix"] as const;
type Fixture = (typeof FIXTURES)[number];

const mock = useServiceMock();
const clients = {} as Record<Fixture, Record<string, any>>;
const out = scratchDir("http-bindings");

beforeAll(async () => {
  for (const name of FIXTURES) generateInto(traitModel(name), join(out, name));
  // Code written for the official clients' blob payload types compiles unchanged.
  writeFileSync(
    join(out, "official-blob-usage.ts"),
    [
      'import { PayloadClient, PutBlobCommand, type PutBlobCommandInput } from "./http-payload/index.js";',
      'const inputs: PutBlobCommandInput[] = [{ Data: "text" }, { Data: new Uint8Array(1) }, { Data: new ArrayBuffer(1) }, { Data: new DataView(new ArrayBuffer(1)) }, { Data: new Blob(["b"]) }];',
      'export const texts = async (client: PayloadClient): Promise<(string | undefined)[]> =>',
      "  Promise.all(inputs.map(async (input) => (await client.send(new PutBlobCommand(input))).Data?.transformToString()));",
      "",
    ].join("\n"),
  );
  expect(typecheck([...FIXTURES.map((name) => join(out, name, "index.ts")), join(out, "official-blob-usage.ts")])).toEqual([]);
  for (const name of FIXTURES) clients[name] = await importGenerated(join(out, name));
}, 60_000);

/** A client of a fixture's service, e.g. `client("http-label", "Labels")`. */
const client = (fixture: Fixture, prefix: string): any => new clients[fixture][`${prefix}Client`]({ region: "us-east-1", credentials: CREDENTIALS });
const command = (fixture: Fixture, name: string, input: unknown): any => new clients[fixture][`${name}Command`](input);
const json = (body: unknown, init: ResponseInit = {}): Response =>
  new HttpResponse(JSON.stringify(body), { ...init, headers: { "content-type": "application/json", ...(init.headers as Record<string, string>) } });

const HOST = "example.us-east-1.amazonaws.com";
const WHEN = new Date("2024-01-02T03:04:05.678Z");

/** The signature `aws4` computes for the request as it arrived. */
function independentSignature(request: SeenRequest, service: string): string {
  const signed = /SignedHeaders=([^,]+)/.exec(request.headers["authorization"] ?? "")?.[1]?.split(";") ?? [];
  const headers: Record<string, string> = {};
  for (const name of signed) headers[name] = request.headers[name] ?? "";
  const result = aws4.sign(
    // An empty body is left out: aws4 would add a content-type of its own for any body.
    { method: request.method, host: request.url.host, path: request.path + request.url.search, headers, ...(request.bytes.length ? { body: Buffer.from(request.bytes) } : {}), service, region: "us-east-1" },
    CREDENTIALS,
  );
  return /Signature=([0-9a-f]{64})$/.exec(String((result.headers as Record<string, unknown>)["Authorization"]))?.[1] ?? "unparsed";
}
const sentSignature = (request: SeenRequest): string | undefined => /Signature=([0-9a-f]{64})$/.exec(request.headers["authorization"] ?? "")?.[1];

describe("@httpLabel", () => {
  it("percent-encodes labels, keeping the / of a greedy label", async () => {
    mock.reply(() => json({ Size: 42 }));
    const output = await client("http-label", "Labels").send(command("http-label", "GetObject", { Bucket: "my bucket", Key: "photos/2024/a b+c%.jpg" }));
    const [request] = mock.requests;
    expect(request!.method).toBe("GET");
    expect(request!.url.host).toBe(HOST);
    expect(request!.path).toBe("/buckets/my%20bucket/objects/photos/2024/a%20b%2Bc%25.jpg");
    expect(request!.text).toBe("");
    expect(request!.headers["content-type"]).toBeUndefined();
    expect(sentSignature(request!)).toBe(independentSignature(request!, "labels"));
    expect(output.Size).toBe(42);
  });

  it("encodes / and RFC 3986 reserved characters in a non-greedy label; other members form the body", async () => {
    mock.reply(() => json({ Name: "a/b", Description: "d" }));
    await client("http-label", "Labels").send(command("http-label", "UpdateThing", { Name: "a/b!'()*ü", Description: "d" }));
    const [request] = mock.requests;
    expect(request!.method).toBe("PUT");
    expect(request!.path).toBe("/things/a%2Fb%21%27%28%29%2A%C3%BC");
    expect(request!.text).toBe('{"Description":"d"}');
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(sentSignature(request!)).toBe(independentSignature(request!, "labels"));
  });

  it("writes numbers, booleans and timestamps (date-time unless the member says otherwise)", async () => {
    mock.reply(() => json({}));
    await client("http-label", "Labels").send(command("http-label", "GetTyped", { Count: 7, Enabled: false, When: WHEN, Epoch: WHEN, Ratio: 0.5 }));
    expect(mock.requests[0]!.path).toBe("/typed/7/false/2024-01-02T03%3A04%3A05.678Z/1704164645.678/0.5");
  });

  it.each([
    ["missing", { Bucket: "b" }],
    ["empty", { Bucket: "b", Key: "" }],
  ])("refuses a %s label with a TypeError and sends nothing", async (_, input) => {
    mock.reply(() => json({}));
    await expect(client("http-label", "Labels").send(command("http-label", "GetObject", input))).rejects.toThrow(
      new TypeError("GetObject: Key must be set and not empty: it is part of the request path"),
    );
    expect(mock.requests).toHaveLength(0);
  });
});

describe("@httpQuery and @httpQueryParams", () => {
  it("writes lists as repeated keys, timestamps as date-time (or the member's format), booleans and numbers as text", async () => {
    mock.reply(() => json({ Things: ["x"] }));
    const output = await client("http-query", "Query").send(
      command("http-query", "ListThings", {
        MaxResults: 10,
        Tags: ["a", "b c", "x&y=z"],
        Since: WHEN,
        Until: WHEN,
        Active: true,
        Ratio: Number.NaN,
        Order: "asc",
        Extra: { "max-results": "99", "list-type": "9", custom: "v w" },
      }),
    );
    const request = mock.requests[0]!;
    expect(request.method).toBe("GET");
    expect(request.path).toBe("/things");
    const query = request.url.searchParams;
    expect([...query.keys()].sort()).toEqual(["active", "custom", "list-type", "max-results", "order", "ratio", "since", "tag", "tag", "tag", "until"]);
    // The URI's literal query and the @httpQuery members win over the map's entries.
    expect(query.get("list-type")).toBe("2");
    expect(query.get("max-results")).toBe("10");
    expect(query.getAll("tag")).toEqual(["a", "b c", "x&y=z"]);
    expect(query.get("since")).toBe("2024-01-02T03:04:05.678Z");
    expect(query.get("until")).toBe("Tue, 02 Jan 2024 03:04:05 GMT");
    expect(query.get("active")).toBe("true");
    expect(query.get("ratio")).toBe("NaN");
    expect(query.get("order")).toBe("asc");
    expect(query.get("custom")).toBe("v w");
    // Spaces and reserved characters are percent-encoded, and signed as sent.
    expect(request.url.search).toContain("tag=x%26y%3Dz");
    expect(request.url.search).toContain("custom=v%20w");
    expect(sentSignature(request)).toBe(independentSignature(request, "query"));
    expect(request.text).toBe("");
    expect(output.Things).toEqual(["x"]);
  });

  it("sends only the literal query when nothing is set", async () => {
    mock.reply(() => json({}));
    await client("http-query", "Query").send(command("http-query", "ListThings", {}));
    expect(mock.requests[0]!.url.search).toBe("?list-type=2");
  });

  it("writes a map of lists as repeated keys", async () => {
    mock.reply(() => json({}));
    await client("http-query", "Query").send(command("http-query", "ListMulti", { Params: { a: ["1", "2"], b: ["3"] } }));
    expect(mock.requests[0]!.url.searchParams.getAll("a")).toEqual(["1", "2"]);
    expect(mock.requests[0]!.url.searchParams.getAll("b")).toEqual(["3"]);
  });
});

describe("@httpHeader and @httpPrefixHeaders", () => {
  const input = {
    Name: "thing",
    Count: 3,
    Enabled: true,
    When: WHEN,
    WhenEpoch: WHEN,
    Tags: ["a", "b,c", 'say "hi"'],
    Dates: [WHEN, new Date("2024-01-03T03:04:05Z")],
    Json: '{"k":1}',
    Data: new Uint8Array([1, 2, 3]),
    Meta: { Color: "red", size: "L" },
    Description: "d",
  };

  it("writes scalars, quoted lists, http-dates, base64 media types and blobs, and prefixed maps", async () => {
    mock.reply(() => json({}));
    await client("http-header", "Headers").send(command("http-header", "PutThing", input));
    const { headers, text } = mock.requests[0]!;
    expect(headers["x-name"]).toBe("thing");
    expect(headers["x-count"]).toBe("3");
    expect(headers["x-enabled"]).toBe("true");
    expect(headers["x-when"]).toBe("Tue, 02 Jan 2024 03:04:05 GMT");
    expect(headers["x-when-epoch"]).toBe("1704164645.678");
    expect(headers["x-tags"]).toBe('a, "b,c", "say \\"hi\\""');
    expect(headers["x-dates"]).toBe("Tue, 02 Jan 2024 03:04:05 GMT, Wed, 03 Jan 2024 03:04:05 GMT");
    expect(headers["x-json"]).toBe("eyJrIjoxfQ==");
    expect(headers["x-data"]).toBe("AQID");
    expect(headers["x-meta-color"]).toBe("red");
    expect(headers["x-meta-size"]).toBe("L");
    expect(text).toBe('{"Description":"d"}');
  });

  it("does not send empty strings and empty lists", async () => {
    mock.reply(() => json({}));
    await client("http-header", "Headers").send(command("http-header", "PutThing", { Name: "", Tags: [] }));
    expect(Object.keys(mock.requests[0]!.headers).filter((name) => name.startsWith("x-") && !name.startsWith("x-amz-"))).toEqual([]);
  });

  it("reads headers back into typed members, the body into the rest", async () => {
    mock.reply(() =>
      json(
        { Message: "ok" },
        {
          headers: {
            "X-Name": "thing",
            "X-Count": "3",
            "X-Enabled": "false",
            "X-When": "Tue, 02 Jan 2024 03:04:05 GMT",
            "X-When-Epoch": "1704164645.678",
            "X-Tags": 'a, "b,c", "say \\"hi\\"", plain ',
            "X-Dates": "Tue, 02 Jan 2024 03:04:05 GMT, Wed, 03 Jan 2024 03:04:05 GMT",
            "X-Json": "eyJrIjoxfQ==",
            "X-Data": "AQID",
            "X-Meta-Color": "red",
            "X-Meta-Size": "L",
          },
        },
      ),
    );
    const output = await client("http-header", "Headers").send(command("http-header", "PutThing", {}));
    const { $metadata, ...rest } = output;
    expect(rest).toEqual({
      Name: "thing",
      Count: 3,
      Enabled: false,
      When: new Date("2024-01-02T03:04:05.000Z"),
      WhenEpoch: WHEN,
      Tags: ["a", "b,c", 'say "hi"', "plain"],
      Dates: [new Date("2024-01-02T03:04:05Z"), new Date("2024-01-03T03:04:05Z")],
      Json: '{"k":1}',
      Data: new Uint8Array([1, 2, 3]),
      Meta: { color: "red", size: "L" },
      Message: "ok",
    });
    expect($metadata.httpStatusCode).toBe(200);
  });

  it("turns a header that does not fit its member into an error naming the problem", async () => {
    mock.reply(() => json({}, { headers: { "X-Count": "three" } }));
    await expect(client("http-header", "Headers").send(command("http-header", "PutThing", {}))).rejects.toThrow(/response could not be read: expected an integer, got "three"/);
  });
});

describe("@httpPayload", () => {
  it("sends a structure payload as the JSON body ({} when unset) and reads one back", async () => {
    mock.reply((_, i) => (i === 0 ? json({ Title: "back", Created: 1704164645.678 }, { headers: { "X-Version": "v2" } }) : json({})));
    const output = await client("http-payload", "Payload").send(command("http-payload", "PutStructure", { Id: "doc-1", Document: { Title: "t", Created: WHEN } }));
    expect(mock.requests[0]!.method).toBe("PUT");
    expect(mock.requests[0]!.path).toBe("/structure/doc-1");
    expect(mock.requests[0]!.text).toBe('{"Title":"t","Created":1704164645.678}');
    expect(mock.requests[0]!.headers["content-type"]).toBe("application/json");
    expect(output.Document).toEqual({ Title: "back", Created: WHEN });
    expect(output.Version).toBe("v2");
    await client("http-payload", "Payload").send(command("http-payload", "PutStructure", { Id: "doc-2" }));
    expect(mock.requests[1]!.text).toBe("{}");
  });

  it("sends a string payload as text/plain and reads a text body back", async () => {
    mock.reply(() => new HttpResponse("a,b\n1,2", { headers: { "content-type": "text/csv" } }));
    const output = await client("http-payload", "Payload").send(command("http-payload", "PutText", { Text: "héllo" }));
    expect(mock.requests[0]!.text).toBe("héllo");
    expect(mock.requests[0]!.headers["content-type"]).toBe("text/plain");
    expect(mock.requests[0]!.headers["content-length"]).toBe("6");
    expect(output.Text).toBe("a,b\n1,2");
  });

  it("sends a blob payload as bytes with its @mediaType, and reads bytes back untouched", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00, 0xfe]);
    mock.reply(() => new HttpResponse(png, { headers: { "content-type": "application/octet-stream" } }));
    const output = await client("http-payload", "Payload").send(command("http-payload", "PutBlob", { Data: png, Label: "logo" }));
    expect(mock.requests[0]!.bytes).toEqual(png);
    expect(mock.requests[0]!.headers["content-type"]).toBe("image/png");
    expect(mock.requests[0]!.headers["x-label"]).toBe("logo");
    expect(sentSignature(mock.requests[0]!)).toBe(independentSignature(mock.requests[0]!, "payload"));
    expect(output.Data).toBeInstanceOf(Uint8Array);
    expect(new Uint8Array(output.Data)).toEqual(png);
    expect(output.Data.transformToString("base64")).toBe("iVBOR/8A/g==");
  });

  it("sends every blob payload form the official types accept as the same bytes", async () => {
    mock.reply(() => new HttpResponse("héllo", { headers: { "content-type": "application/octet-stream" } }));
    const bytes = new TextEncoder().encode("héllo");
    const forms: [string, unknown][] = [
      ["a string", "héllo"],
      ["a Uint8Array", bytes],
      ["a Buffer", Buffer.from("héllo")],
      ["an ArrayBuffer", bytes.slice().buffer],
      ["a DataView over part of a buffer", new DataView(new Uint8Array([0, ...bytes, 0]).buffer, 1, bytes.length)],
      ["a Blob", new Blob([bytes])],
      ["a ReadableStream", new Blob([bytes]).stream()],
      ["a Node.js Readable", Readable.from([Buffer.from("hé"), Buffer.from("llo")])],
    ];
    for (const [, Data] of forms) {
      const output = await client("http-payload", "Payload").send(command("http-payload", "PutBlob", { Data }));
      expect(output.Data.transformToString()).toBe("héllo");
    }
    expect(mock.requests.map((request) => [request.bytes, request.headers["content-length"]])).toEqual(forms.map(() => [bytes, "6"]));
    await expect(client("http-payload", "Payload").send(command("http-payload", "PutBlob", { Data: 42 }))).rejects.toThrow(
      new TypeError("Data must be a string, Uint8Array, ArrayBuffer, ArrayBufferView, Blob or stream, got number"),
    );
  });

  it("sends a document payload as JSON", async () => {
    mock.reply(() => json({ echoed: [1, "x", null] }));
    const output = await client("http-payload", "Payload").send(command("http-payload", "PutDocument", { Value: { a: [1, "x", null], b: { c: true } } }));
    expect(mock.requests[0]!.text).toBe('{"a":[1,"x",null],"b":{"c":true}}');
    expect(output.Value).toEqual({ echoed: [1, "x", null] });
  });

  it("returns the payload member as null for an empty response body, as the official clients do", async () => {
    mock.reply(() => new HttpResponse(null, { status: 200 }));
    const output = await client("http-payload", "Payload").send(command("http-payload", "PutBlob", {}));
    expect(output).toHaveProperty("Data", null);
    expect(mock.requests[0]!.bytes.length).toBe(0);
  });
});

describe("@httpResponseCode", () => {
  it.each([201, 202])("puts the status code (%i) in the output", async (status) => {
    mock.reply(() => json({ Id: "t-1" }, { status }));
    const output = await client("http-response-code", "Status").send(command("http-response-code", "CreateThing", { Name: "n" }));
    expect(output).toMatchObject({ Status: status, Id: "t-1" });
    expect(mock.requests[0]!.text).toBe('{"Name":"n"}');
  });
});

describe("smithy.api#endpoint host prefixes and @hostLabel", () => {
  it("prefixes the host with the label's value, which also stays in the body", async () => {
    mock.reply(() => json({}));
    await client("endpoint-host-prefix", "HostPrefix").send(command("endpoint-host-prefix", "PutRecord", { AccountId: "123456789012", Data: "d" }));
    const [request] = mock.requests;
    expect(request!.url.host).toBe(`123456789012.data.${HOST}`);
    expect(request!.headers["host"]).toBe(`123456789012.data.${HOST}`);
    expect(request!.text).toBe('{"AccountId":"123456789012","Data":"d"}');
    expect(sentSignature(request!)).toBe(independentSignature(request!, "hostprefix"));
  });

  it("applies a prefix without labels", async () => {
    mock.reply(() => json({ Message: "pong" }));
    const output = await client("endpoint-host-prefix", "HostPrefix").send(command("endpoint-host-prefix", "Ping", {}));
    expect(mock.requests[0]!.url.host).toBe(`control.${HOST}`);
    expect(output.Message).toBe("pong");
  });

  it.each(["bad.label", "-dash", "", "x".repeat(64), "ünï"])("refuses the host label %j before sending, without quoting it", async (AccountId) => {
    mock.reply(() => json({}));
    const error = await client("endpoint-host-prefix", "HostPrefix")
      .send(command("endpoint-host-prefix", "PutRecord", { AccountId }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(
      "PutRecord: AccountId must be a valid DNS label (letters, digits and inner hyphens, at most 63): it is part of the endpoint's host name",
    );
    expect(mock.requests).toHaveLength(0);
  });
});
