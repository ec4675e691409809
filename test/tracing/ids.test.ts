/**
 * X-Ray IDs: the formats AWS documents, the secure random source with its pooled reads, checks
 * and parsing that never throw, and W3C conversion checked against OpenTelemetry's X-Ray ID
 * generator and aws-xray-sdk-core's parser.
 */
import { AWSXRayIdGenerator } from "@opentelemetry/id-generator-aws-xray";
import TraceID from "aws-xray-sdk-core/dist/lib/segments/attributes/trace_id.js";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createIdGenerator,
  fromW3CTraceId,
  isSegmentId,
  isTraceId,
  newSegmentId,
  newTraceId,
  parseTraceId,
  toW3CTraceId,
} from "../../src/tracing/index.js";

// The example trace ID of the X-Ray developer guide; 0x5759e988 is 1465510280.
const DOC_TRACE_ID = "1-5759e988-bd862e3fe1be46a994272793";
const DOC_EPOCH_SECONDS = 1_465_510_280;

/** A fill that writes 0, 1, 2, … across calls, so every ID's bytes are known. */
function countingFill(): { fill: (bytes: Uint8Array) => void; calls: () => number } {
  let next = 0;
  let calls = 0;
  return {
    fill: (bytes) => {
      calls++;
      for (let i = 0; i < bytes.length; i++) bytes[i] = next++ & 0xff;
    },
    calls: () => calls,
  };
}

afterEach(() => vi.restoreAllMocks());

describe("newTraceId", () => {
  it("is 1-, 8 hex digits of epoch seconds, -, 24 random hex digits", () => {
    const id = newTraceId(DOC_EPOCH_SECONDS * 1000 + 999);
    expect(id).toMatch(/^1-5759e988-[0-9a-f]{24}$/);
    expect(isTraceId(id)).toBe(true);
  });

  it("uses the current time by default", () => {
    vi.useFakeTimers({ now: DOC_EPOCH_SECONDS * 1000 });
    try {
      expect(newTraceId().slice(0, 11)).toBe("1-5759e988-");
    } finally {
      vi.useRealTimers();
    }
  });

  it("pads early times to 8 digits", () => {
    expect(newTraceId(15_000).slice(0, 11)).toBe("1-0000000f-");
  });
});

describe("createIdGenerator", () => {
  it("formats the random bytes as lower-case hex, in order", () => {
    const source = countingFill();
    const ids = createIdGenerator(source.fill);
    expect(ids.newTraceId(DOC_EPOCH_SECONDS * 1000)).toBe("1-5759e988-000102030405060708090a0b");
    expect(ids.newSegmentId()).toBe("0c0d0e0f10111213");
  });

  it("draws random bytes in pooled chunks, not one call per ID", () => {
    const source = countingFill();
    const ids = createIdGenerator(source.fill);
    // 4096 pooled bytes hold 512 segment IDs of 8 bytes.
    for (let i = 0; i < 512; i++) ids.newSegmentId();
    expect(source.calls()).toBe(1);
    const next = ids.newSegmentId();
    expect(source.calls()).toBe(2);
    // The refill starts a fresh pool: byte 4096 of the stream is 0x00 again.
    expect(next).toBe("0001020304050607");
  });

  it("never reuses a byte across a refill, even when the pool does not divide evenly", () => {
    const source = countingFill();
    const ids = createIdGenerator(source.fill);
    // 341 trace IDs use 4092 bytes; the 342nd needs 12 more than the 4 left, so it refills.
    for (let i = 0; i < 341; i++) ids.newTraceId(0);
    expect(ids.newTraceId(0)).toBe("1-00000000-000102030405060708090a0b");
    expect(source.calls()).toBe(2);
  });

  it("defaults to globalThis.crypto.getRandomValues", () => {
    const spy = vi.spyOn(globalThis.crypto, "getRandomValues");
    createIdGenerator().newSegmentId();
    expect(spy).toHaveBeenCalledTimes(1);
    expect((spy.mock.calls[0]![0] as Uint8Array).length).toBe(4096);
  });
});

describe("newSegmentId", () => {
  it("is 16 lower-case hex digits, and 20,000 of them are distinct", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = newSegmentId();
      expect(id).toMatch(/^[0-9a-f]{16}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(20_000);
  });
});

describe("isTraceId / isSegmentId / parseTraceId", () => {
  it.each([
    [DOC_TRACE_ID, true],
    ["1-5759E988-BD862E3FE1BE46A994272793", true],
    ["2-5759e988-bd862e3fe1be46a994272793", false],
    ["1-5759e98-bd862e3fe1be46a994272793", false],
    ["1-5759e988-bd862e3fe1be46a99427279", false],
    ["1-5759e988-bd862e3fe1be46a9942727933", false],
    ["1-5759e988-bd862e3fe1be46a99427279g", false],
    [" 1-5759e988-bd862e3fe1be46a994272793", false],
    ["", false],
  ])("isTraceId(%j) is %s", (value, expected) => {
    expect(isTraceId(value)).toBe(expected);
  });

  it("isTraceId and isSegmentId say no to non-strings", () => {
    for (const value of [undefined, null, 1, {}, ["53995c3f42cd8ad8"]]) {
      expect(isTraceId(value)).toBe(false);
      expect(isSegmentId(value)).toBe(false);
    }
  });

  it.each([
    ["53995c3f42cd8ad8", true],
    ["53995C3F42CD8AD8", true],
    ["53995c3f42cd8ad", false],
    ["53995c3f42cd8ad8a", false],
    ["53995c3f42cd8adz", false],
  ])("isSegmentId(%j) is %s", (value, expected) => {
    expect(isSegmentId(value)).toBe(expected);
  });

  it("splits a trace ID into epoch seconds and the random part, lower-cased", () => {
    expect(parseTraceId(DOC_TRACE_ID)).toEqual({ epochSeconds: DOC_EPOCH_SECONDS, random: "bd862e3fe1be46a994272793" });
    expect(parseTraceId("1-5759E988-BD862E3FE1BE46A994272793")).toEqual({
      epochSeconds: DOC_EPOCH_SECONDS,
      random: "bd862e3fe1be46a994272793",
    });
  });

  it("parses what it generates", () => {
    const now = Date.UTC(2030, 0, 1);
    expect(parseTraceId(newTraceId(now))?.epochSeconds).toBe(now / 1000);
  });

  it("returns undefined for anything else, never throwing", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything()), (value) => {
        const parsed = parseTraceId(value);
        expect(parsed === undefined || isTraceId(value)).toBe(true);
      }),
      { seed: 20260505, numRuns: 300 },
    );
  });
});

describe("W3C / OpenTelemetry trace IDs", () => {
  it("drops the version and dashes", () => {
    expect(toW3CTraceId(DOC_TRACE_ID)).toBe("5759e988bd862e3fe1be46a994272793");
    expect(toW3CTraceId("1-5759E988-BD862E3FE1BE46A994272793")).toBe("5759e988bd862e3fe1be46a994272793");
    expect(toW3CTraceId("not a trace id")).toBeUndefined();
  });

  it("adds them back, as X-Ray accepts W3C IDs", () => {
    expect(fromW3CTraceId("5759e988bd862e3fe1be46a994272793")).toBe(DOC_TRACE_ID);
    expect(fromW3CTraceId("5759E988BD862E3FE1BE46A994272793")).toBe(DOC_TRACE_ID);
  });

  it("refuses W3C's invalid all-zero ID and anything not 32 hex digits", () => {
    for (const value of ["0".repeat(32), "5759e988bd862e3fe1be46a99427279", "5759e988bd862e3fe1be46a9942727933", "z".repeat(32), ""]) {
      expect(fromW3CTraceId(value)).toBeUndefined();
    }
  });

  it("round-trips any non-zero 128-bit ID", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        fc.pre(bytes.some((b) => b !== 0));
        const w3c = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
        const xray = fromW3CTraceId(w3c)!;
        expect(isTraceId(xray)).toBe(true);
        expect(toW3CTraceId(xray)).toBe(w3c);
      }),
      { seed: 20260505, numRuns: 300 },
    );
  });

  it("converts IDs from @opentelemetry/id-generator-aws-xray to X-Ray IDs of the current time", () => {
    const otel = new AWSXRayIdGenerator();
    const before = Math.floor(Date.now() / 1000);
    const xray = fromW3CTraceId(otel.generateTraceId())!;
    const after = Math.floor(Date.now() / 1000);
    const { epochSeconds } = parseTraceId(xray)!;
    expect(epochSeconds).toBeGreaterThanOrEqual(before);
    expect(epochSeconds).toBeLessThanOrEqual(after);
  });
});

describe("interoperability with aws-xray-sdk-core", () => {
  it("its parser keeps our trace IDs as they are", () => {
    for (let i = 0; i < 50; i++) {
      const id = newTraceId();
      expect(TraceID.FromString(id).toString()).toBe(id);
    }
  });

  it("we accept its trace IDs", () => {
    for (let i = 0; i < 50; i++) expect(isTraceId(new TraceID().toString())).toBe(true);
  });
});
