/**
 * Blob `@httpPayload` members against the official clients' protocol: no official package this
 * repository installs has one, so the oracle is `@aws-sdk/core`'s `AwsRestJsonProtocol` (what
 * every official restJson1 client runs) given the schema of the `PutBlob` operation of
 * `test/fixtures/models/traits/http-payload.json`, beside the client generated from that model.
 *
 * - every synchronous input form the official types accept goes out as the same bytes with the
 *   same `content-type`;
 * - a response with a body gives bytes whose `transformToString()` agrees on both sides, and an
 *   empty response gives the member as `null` on both sides.
 */
import { AwsRestJsonProtocol } from "@aws-sdk/core/protocols";
import { HttpResponse } from "@smithy/protocol-http";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateInto, importGenerated, scratchDir, traitModel } from "../support/codegen.js";
import { sendThrough, type ClientModule } from "./real-models/harness.js";

const NAMESPACE = "example.payload";
/** `PutBlob` in the official schema notation: a blob payload with a media type, a header. */
const PUT_BLOB = {
  namespace: NAMESPACE,
  name: "PutBlob",
  traits: { http: ["POST", "/blob", 200] },
  input: [3, NAMESPACE, "PutBlobInput", 0, ["Data", "Label"], [[21, { httpPayload: 1, mediaType: "image/png" }], [0, { httpHeader: "X-Label" }]]],
  output: [3, NAMESPACE, "PutBlobOutput", 0, ["Data"], [[21, { httpPayload: 1 }]]],
};
const CONTEXT = {
  endpoint: async () => ({ protocol: "https:", hostname: "example.us-east-1.amazonaws.com", path: "/", query: {} }),
  streamCollector: async (body: Uint8Array) => body,
};

let ours: ClientModule;
const protocol = new AwsRestJsonProtocol({ defaultNamespace: NAMESPACE });

beforeAll(async () => {
  const dir = scratchDir("blob-payload-oracle");
  generateInto(traitModel("http-payload"), join(dir, "client"));
  ours = await importGenerated(join(dir, "client"));
}, 60_000);

/** A request body as bytes, whatever form the protocol left it in. */
const bytesOf = (body: unknown): Uint8Array =>
  typeof body === "string" ? new TextEncoder().encode(body) : ArrayBuffer.isView(body) ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength) : new Uint8Array(body as ArrayBuffer);

describe("a blob payload against AwsRestJsonProtocol", () => {
  const text = "héllo, wörld";
  const utf8 = new TextEncoder().encode(text);
  it.each<[string, unknown]>([
    ["a string", text],
    ["a Uint8Array", utf8],
    ["an ArrayBuffer", utf8.slice().buffer],
    ["a DataView over part of a buffer", new DataView(new Uint8Array([7, ...utf8, 7]).buffer, 1, utf8.length)],
    ["a Float32Array's bytes", new Float32Array([1.5, -2])],
  ])("sends %s as the same bytes and content-type", async (_, Data) => {
    const official = await protocol.serializeRequest(PUT_BLOB as never, { Data, Label: "l" }, CONTEXT as never);
    const sent = await sendThrough(ours, "PayloadClient", "PutBlob", { Data, Label: "l" }, { status: 200, body: "" });
    expect(sent.request!.headers["content-type"]).toBe("image/png");
    expect(sent.request!.headers["content-type"]).toBe(official.headers["content-type"]);
    expect(sent.request!.headers["x-label"]).toBe(official.headers["x-label"]);
    expect(sent.request!.bytes).toEqual(bytesOf(official.body));
  });

  it.each([
    ["an empty body", ""],
    ["a body", "payload bytes"],
  ])("reads %s into the same member", async (_, body) => {
    const official = await protocol.deserializeResponse(PUT_BLOB as never, CONTEXT as never, new HttpResponse({ statusCode: 200, headers: {}, body: new TextEncoder().encode(body) }));
    const received = await sendThrough(ours, "PayloadClient", "PutBlob", {}, { status: 200, body });
    const mine = received.output!["Data"] as { transformToString(): string } | null;
    const theirs = (official as unknown as Record<string, unknown>)["Data"] as { transformToString(): string } | null;
    if (body === "") {
      expect(theirs).toBeNull();
      expect(mine).toBeNull();
    } else {
      expect(mine!.transformToString()).toBe(theirs!.transformToString());
      expect(new Uint8Array(mine as unknown as Uint8Array)).toEqual(new Uint8Array(theirs as unknown as Uint8Array));
    }
  });
});
