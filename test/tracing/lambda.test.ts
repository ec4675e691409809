/**
 * Tracing inside AWS Lambda, simulated: each invocation gets its own `_X_AMZN_TRACE_ID`; the
 * function's subsegments attach to the facade `lambdaInvocation()` returns and go out through the
 * UDP emitter to `AWS_XRAY_DAEMON_ADDRESS` (a fake daemon: a UDP socket on 127.0.0.1) as
 * independent subsegment documents of Lambda's segment; the facade itself is never sent, and an
 * invocation with `Sampled=0` sends nothing.
 */
import { createSocket, type Socket } from "node:dgram";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateSegmentDocument } from "../../src/local/engine/validate-document.js";
import { captureAsync, withSegment } from "../../src/tracing/context.js";
import { LAMBDA_TRACE_VARIABLE, lambdaInvocation } from "../../src/tracing/lambda.js";
import { DAEMON_HEADER, UdpEmitter } from "../../src/tracing/udp.js";

let daemon: Socket;
let datagrams: string[];
let env: Record<string, string | undefined>;

beforeEach(async () => {
  datagrams = [];
  daemon = createSocket("udp4");
  daemon.on("message", (message) => datagrams.push(message.toString("utf8")));
  await new Promise<void>((resolve) => daemon.bind(0, "127.0.0.1", resolve));
  env = { AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(daemon.address() as AddressInfo).port}` };
});
afterEach(async () => {
  await new Promise<void>((resolve) => daemon.close(() => resolve()));
});

/** Waits until the fake daemon has `count` datagrams (or a second has passed). */
async function received(count: number): Promise<string[]> {
  for (let waited = 0; datagrams.length < count && waited < 1000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  // A moment more, so that an unexpected extra datagram would be seen too.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return datagrams;
}

/** The function's code, as a handler would be written, sending through one emitter for all invocations. */
function handlerWith(emitter: UdpEmitter) {
  return async (order: string): Promise<string> => {
    const invocation = lambdaInvocation({ env });
    if (!invocation) return "untraced";
    await withSegment(invocation, async () => {
      await captureAsync("load-order", async (sub) => {
        sub?.addAnnotation("order", order);
        await captureAsync("dynamodb", async (inner) => inner?.setNamespace("aws"));
      });
    });
    emitter.send(invocation);
    return invocation.sampled ? "sampled" : "not sampled";
  };
}

describe("lambdaInvocation", () => {
  it("sends each invocation's subsegments as independent documents of Lambda's segment, never the facade", async () => {
    const emitter = new UdpEmitter({ env });
    const handler = handlerWith(emitter);
    const invocations = [
      { root: "1-5759e988-bd862e3fe1be46a994272793", parent: "53995c3f42cd8ad8" },
      { root: "1-5759e989-0123456789abcdef01234567", parent: "0123456789abcdef" },
    ];
    for (const [n, { root, parent }] of invocations.entries()) {
      env[LAMBDA_TRACE_VARIABLE] = `Root=${root};Parent=${parent};Sampled=1;Lineage=a87bd80c:1`;
      expect(await handler(`o-${n}`)).toBe("sampled");
    }
    const texts = await received(2);
    await emitter.close();

    expect(texts).toHaveLength(2);
    for (const [n, text] of texts.entries()) {
      expect(text.startsWith(DAEMON_HEADER)).toBe(true);
      const body = text.slice(DAEMON_HEADER.length);
      expect(validateSegmentDocument(body).ok).toBe(true);
      const doc = JSON.parse(body) as Record<string, unknown> & { subsegments: Array<{ name: string }> };
      expect(doc).toMatchObject({
        type: "subsegment",
        name: "load-order",
        trace_id: invocations[n]!.root,
        parent_id: invocations[n]!.parent,
        annotations: { order: `o-${n}` },
      });
      expect(doc["id"]).not.toBe(invocations[n]!.parent);
      expect(doc.subsegments.map((sub) => sub.name)).toEqual(["dynamodb"]);
    }
    expect(emitter.stats()).toMatchObject({ sent: 2, rejected: 0, pending: 0 });
  });

  it("sends nothing for an invocation Lambda did not sample (Sampled=0)", async () => {
    const emitter = new UdpEmitter({ env });
    env[LAMBDA_TRACE_VARIABLE] = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0";
    expect(await handlerWith(emitter)("o-1")).toBe("not sampled");
    expect(await received(1)).toEqual([]);
    expect(emitter.stats()).toMatchObject({ received: 0, sent: 0 });
    await emitter.close();
  });

  it("gives no parent outside Lambda, or when the header lacks Root or Parent", () => {
    expect(lambdaInvocation({ env: {} })).toBeUndefined();
    expect(lambdaInvocation({ env: { [LAMBDA_TRACE_VARIABLE]: "Root=1-5759e988-bd862e3fe1be46a994272793" } })).toBeUndefined();
    expect(lambdaInvocation({ env: { [LAMBDA_TRACE_VARIABLE]: "garbage" } })).toBeUndefined();
  });
});
