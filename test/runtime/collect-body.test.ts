/**
 * The Node body collector: every body either becomes bytes or an error, never a pending promise,
 * whatever the stream does.
 */
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { collectBody } from "../../src/runtime/collect-body.node.js";

describe("collectBody (Node)", () => {
  it("joins the chunks of a Node stream into one fresh Uint8Array", async () => {
    const chunks = [Buffer.from("{\"a\":"), Buffer.from("1}")];
    const bytes = await collectBody(Readable.from(chunks));
    expect(new TextDecoder().decode(bytes)).toBe('{"a":1}');
    expect(Buffer.isBuffer(bytes)).toBe(false);
    expect(bytes.buffer).not.toBe(chunks[0]!.buffer);
  });

  it("reads an empty stream as no bytes", async () => {
    expect((await collectBody(Readable.from([]))).byteLength).toBe(0);
  });

  it("rejects with the stream's own error", async () => {
    const stream = new PassThrough();
    const collected = collectBody(stream);
    stream.write("partial");
    stream.destroy(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    await expect(collected).rejects.toMatchObject({ code: "ECONNRESET" });
  });

  it("rejects when the stream closes before its end", async () => {
    const stream = new PassThrough();
    const collected = collectBody(stream);
    stream.write("partial");
    stream.destroy();
    await expect(collected).rejects.toMatchObject({ code: "ERR_STREAM_PREMATURE_CLOSE" });
  });

  it("reads web streams and blobs (fetch-based handlers in Node) too", async () => {
    const web = new Response("web stream").body!;
    expect(new TextDecoder().decode(await collectBody(web))).toBe("web stream");
    expect(new TextDecoder().decode(await collectBody(new Blob(["blob"])))).toBe("blob");
  });
});
