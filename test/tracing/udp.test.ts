/**
 * UdpEmitter against a real UDP socket on 127.0.0.1: the datagram format, the size limit,
 * the daemon address formats and where they are read from, counting, and closing.
 */
import { createSocket, type Socket } from "node:dgram";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Segment } from "../../src/tracing/segment.js";
import { DAEMON_HEADER, MAX_DATAGRAM_BYTES, parseDaemonAddress, UdpEmitter, type DropInfo } from "../../src/tracing/udp.js";
import { documentOfSize, segmentDocument } from "../support/segment-documents.js";

/** A UDP listener standing in for the daemon. */
interface Daemon {
  readonly port: number;
  /** Datagrams received, in order. */
  readonly received: Buffer[];
  /** Resolves once `count` datagrams have arrived. */
  waitFor(count: number): Promise<void>;
}

let socket: Socket;
let daemon: Daemon;
const emitters: UdpEmitter[] = [];

beforeEach(async () => {
  socket = createSocket({ type: "udp4", recvBufferSize: 1 << 20 });
  const received: Buffer[] = [];
  const waiters = new Set<() => void>();
  socket.on("message", (message) => {
    received.push(message);
    for (const wake of [...waiters]) wake();
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  daemon = {
    port: (socket.address() as AddressInfo).port,
    received,
    waitFor: (count) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (received.length < count) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
  };
});

afterEach(async () => {
  for (const emitter of emitters.splice(0)) await emitter.close();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
});

function emitterFor(options: ConstructorParameters<typeof UdpEmitter>[0] = {}): UdpEmitter {
  const emitter = new UdpEmitter({ address: `127.0.0.1:${daemon.port}`, env: {}, ...options });
  emitters.push(emitter);
  return emitter;
}

describe("datagrams", () => {
  it("sends the daemon header line, then the document", async () => {
    const emitter = emitterFor();
    expect(emitter.send(segmentDocument(1))).toBe(true);
    await daemon.waitFor(1);
    const text = daemon.received[0]!.toString("utf8");
    expect(text).toBe(`{"format":"json","version":1}\n${segmentDocument(1)}`);
    const [header, document] = text.split("\n");
    expect(JSON.parse(header!)).toEqual({ format: "json", version: 1 });
    expect(JSON.parse(document!)).toMatchObject({ name: "checkout", id: "0000000000000001" });
    await emitter.close();
    expect(emitter.stats()).toMatchObject({ received: 1, sent: 1, pending: 0 });
  });

  it("sends a datagram of exactly the limit and rejects one byte more without sending it", async () => {
    const drops: DropInfo[] = [];
    const emitter = emitterFor({ onDrop: (info) => drops.push(info) });
    const room = MAX_DATAGRAM_BYTES - DAEMON_HEADER.length;
    const fits = documentOfSize(1, room, "é");
    const over = documentOfSize(2, room + 1, "é");
    expect(emitter.send(fits)).toBe(true);
    expect(emitter.send(over)).toBe(false);
    expect(emitter.send(segmentDocument(3))).toBe(true);
    await daemon.waitFor(2);
    await emitter.close();
    expect(daemon.received.map((datagram) => datagram.length)).toEqual([MAX_DATAGRAM_BYTES, DAEMON_HEADER.length + segmentDocument(3).length]);
    expect(drops).toEqual([expect.objectContaining({ outcome: "rejected", reason: "too-large", documents: [over] })]);
    expect(emitter.stats()).toMatchObject({ received: 3, sent: 2, rejected: 1, pending: 0 });
  });

  it("asks a DocumentSource for documents that fit a datagram with the header", async () => {
    const limits: (number | undefined)[] = [];
    const emitter = emitterFor();
    emitter.send({
      toDocuments(maxBytes?: number) {
        limits.push(maxBytes);
        return { documents: [segmentDocument(1), segmentDocument(2)], truncated: 1 };
      },
    });
    await daemon.waitFor(2);
    expect(limits).toEqual([MAX_DATAGRAM_BYTES - DAEMON_HEADER.length]);
    expect(emitter.stats()).toMatchObject({ received: 2, truncated: 1 });
  });

  it("never sends a segment that is not sampled, and counts it as notSampled", async () => {
    const emitter = emitterFor();
    const skipped = new Segment("skipped", undefined, undefined, { sampled: false });
    skipped.close();
    const kept = new Segment("kept");
    kept.close();
    expect(emitter.send([skipped, kept])).toBe(true);
    await daemon.waitFor(1);
    await emitter.close();
    expect(daemon.received).toHaveLength(1);
    expect(daemon.received[0]!.toString("utf8")).toContain('"name":"kept"');
    expect(emitter.stats()).toMatchObject({ received: 1, sent: 1, notSampled: 1 });
  });

  it("splits a large Segment into datagrams that each fit, header included", async () => {
    const segment = new Segment("big");
    for (let i = 0; i < 30; i++) segment.addNewSubsegment(`part-${i}`).addMetadata("blob", "y".repeat(4000)).close();
    segment.close();
    const emitter = emitterFor();
    expect(emitter.send(segment)).toBe(true);
    const { received } = emitter.stats();
    expect(received).toBeGreaterThan(1);
    await daemon.waitFor(received);
    expect(daemon.received.every((datagram) => datagram.length <= MAX_DATAGRAM_BYTES)).toBe(true);
    const documents = daemon.received.map((datagram) => datagram.toString("utf8").split("\n")[1]!);
    expect(documents.map((document) => (JSON.parse(document) as { trace_id: string }).trace_id)).toEqual(Array(received).fill(segment.traceId));
  });

  it("counts a socket error as a drop", async () => {
    const drops: DropInfo[] = [];
    // The broadcast address without SO_BROADCAST: the kernel refuses the send (EACCES).
    const emitter = emitterFor({ address: "255.255.255.255:2000", onDrop: (info) => drops.push(info) });
    emitter.send(segmentDocument(1));
    await emitter.close();
    expect(emitter.stats()).toMatchObject({ received: 1, sent: 0, pending: 0, dropped: { total: 1, byReason: { "socket-error": 1 } } });
    expect(drops[0]?.message).toContain("EACCES");
  });

  it("drops what exceeds maxPending, and counts it", async () => {
    const emitter = emitterFor({ maxPending: 2 });
    const accepted = [1, 2, 3, 4].map((n) => emitter.send(segmentDocument(n)));
    expect(accepted).toEqual([true, true, false, false]);
    await emitter.close();
    expect(emitter.stats()).toMatchObject({ received: 4, sent: 2, dropped: { byReason: { "queue-full": 2 } } });
  });

  it("close() waits for pending datagrams; later sends are rejected and counted", async () => {
    const emitter = emitterFor();
    emitter.send([segmentDocument(1), segmentDocument(2)]);
    expect(emitter.stats().pending).toBe(2);
    const closing = emitter.close();
    expect(emitter.close()).toBe(closing);
    await closing;
    expect(emitter.send(segmentDocument(3))).toBe(false);
    const stats = emitter.stats();
    expect(stats).toMatchObject({ received: 3, sent: 2, rejectedByReason: { "sender-closed": 1 }, pending: 0 });
    expect(stats.received).toBe(stats.sent + stats.rejected + stats.dropped.total + stats.pending);
  });

  it("never keeps the process alive", async () => {
    const udpHandles = (): number => process.getActiveResourcesInfo().filter((kind) => kind === "UDPWrap").length;
    // Sockets closed by earlier tests leave the list only once their close has run.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const before = udpHandles();
    const emitter = emitterFor();
    emitter.send(segmentDocument(1));
    await daemon.waitFor(1);
    expect(udpHandles()).toBe(before);
  });
});

describe("daemon address", () => {
  it.each([
    ["127.0.0.1:2000", { udp: { host: "127.0.0.1", port: 2000 }, tcp: { host: "127.0.0.1", port: 2000 } }],
    ["xray-daemon:2001", { udp: { host: "xray-daemon", port: 2001 }, tcp: { host: "xray-daemon", port: 2001 } }],
    ["  10.0.0.1:2000\n", { udp: { host: "10.0.0.1", port: 2000 }, tcp: { host: "10.0.0.1", port: 2000 } }],
    ["[::1]:2000", { udp: { host: "::1", port: 2000 }, tcp: { host: "::1", port: 2000 } }],
    ["udp:10.0.0.2:2001 tcp:10.0.0.1:2000", { udp: { host: "10.0.0.2", port: 2001 }, tcp: { host: "10.0.0.1", port: 2000 } }],
    ["tcp:10.0.0.1:2000 udp:10.0.0.2:2001", { udp: { host: "10.0.0.2", port: 2001 }, tcp: { host: "10.0.0.1", port: 2000 } }],
    ["TCP:a:1  UDP:b:2", { udp: { host: "b", port: 2 }, tcp: { host: "a", port: 1 } }],
    ["udp:127.0.0.1:2000", { udp: { host: "127.0.0.1", port: 2000 }, tcp: { host: "127.0.0.1", port: 2000 } }],
    ["", undefined],
    ["127.0.0.1", undefined],
    ["127.0.0.1:", undefined],
    [":2000", undefined],
    ["127.0.0.1:0", undefined],
    ["127.0.0.1:65536", undefined],
    ["127.0.0.1:20x0", undefined],
    ["::1:2000", undefined],
    ["udp:a:1 udp:b:2", undefined],
    ["udp:a:1 tcp:b:2 udp:c:3", undefined],
    ["udp:a:1 b:2", undefined],
    ["http:a:1 tcp:b:2", undefined],
  ])("parses %j", (value, expected) => {
    expect(parseDaemonAddress(value)).toEqual(expected);
  });

  it("reads AWS_XRAY_DAEMON_ADDRESS, udp part included, and sends there", async () => {
    const emitter = new UdpEmitter({ env: { AWS_XRAY_DAEMON_ADDRESS: `tcp:127.0.0.1:1 udp:127.0.0.1:${daemon.port}` } });
    emitters.push(emitter);
    expect(emitter.address.udp).toEqual({ host: "127.0.0.1", port: daemon.port });
    emitter.send(segmentDocument(1));
    await daemon.waitFor(1);
  });

  it("prefers the address option to the environment, and defaults to 127.0.0.1:2000", () => {
    const env = { AWS_XRAY_DAEMON_ADDRESS: "10.0.0.9:3000" };
    expect(new UdpEmitter({ env, address: "10.0.0.1:2001" }).address.udp).toEqual({ host: "10.0.0.1", port: 2001 });
    expect(new UdpEmitter({ env }).address.udp).toEqual({ host: "10.0.0.9", port: 3000 });
    expect(new UdpEmitter({ env: {} }).address.udp).toEqual({ host: "127.0.0.1", port: 2000 });
    expect(new UdpEmitter({ env: { AWS_XRAY_DAEMON_ADDRESS: "" } }).address.udp).toEqual({ host: "127.0.0.1", port: 2000 });
  });

  it("throws a TypeError naming the source of a malformed address", () => {
    expect(() => new UdpEmitter({ env: { AWS_XRAY_DAEMON_ADDRESS: "localhost" } })).toThrow(/AWS_XRAY_DAEMON_ADDRESS "localhost"/);
    expect(() => new UdpEmitter({ env: {}, address: "udp:1" })).toThrow(TypeError);
    expect(() => new UdpEmitter({ env: {}, maxPending: 0 })).toThrow(RangeError);
  });
});
