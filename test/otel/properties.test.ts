/**
 * Property test of the translation (src/otel/span-to-segment.ts): any span (random kinds,
 * statuses, names, attribute keys and values of every OpenTelemetry type, events, resources)
 * translates without throwing into a document X-Ray's schema accepts. Fixed seed, bounded runs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { spanToSegmentDocument } from "../../src/otel/index.js";
import { exceptionEvent, finishedSpan } from "../support/otel-spans.js";
import { segmentSchemaPresent, segmentSchemaValidators } from "../support/segment-schema.js";

const KNOWN_KEYS = [
  "http.method", "http.request.method", "http.status_code", "http.response.status_code", "http.url", "url.full", "http.target", "url.path", "url.query",
  "http.host", "server.address", "server.port", "net.peer.name", "net.peer.port", "http.client_ip", "client.address", "net.peer.ip", "aws.local.service",
  "aws.remote.service", "peer.service", "aws.service", "rpc.system", "rpc.method", "db.system", "db.name", "db.connection_string", "db.statement",
  "aws.dynamodb.table_names", "aws.xray.annotations", "aws.xray.metadata.ns", "enduser.id", "__proto__", "constructor",
];
const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }), fc.array(fc.integer(), { maxLength: 3 }), fc.constantFrom("aws-api", "postgresql", "[\"a\"]", '{"x":1}'));
const attributes = fc.dictionary(fc.oneof(fc.constantFrom(...KNOWN_KEYS), fc.string()), value, { maxKeys: 12 });
const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));

describe("spanToSegmentDocument on arbitrary spans", () => {
  it("never throws and always gives a schema-valid document", () => {
    const check = segmentSchemaPresent ? segmentSchemaValidators().segment : () => undefined;
    fc.assert(
      fc.property(
        fc.record({
          name: fc.string({ maxLength: 300 }),
          kind: fc.integer({ min: 0, max: 4 }),
          traceId: hex(32),
          spanId: hex(16),
          parent: fc.option(hex(16), { nil: undefined }),
          status: fc.record({ code: fc.integer({ min: 0, max: 2 }), message: fc.option(fc.string(), { nil: undefined }) }),
          attributes,
          resource: attributes,
          exceptions: fc.array(fc.record({ "exception.type": fc.string(), "exception.message": fc.string(), "exception.stacktrace": fc.string() }), { maxLength: 2 }),
          indexAll: fc.boolean(),
        }),
        (spec) => {
          const span = finishedSpan({
            name: spec.name,
            kind: spec.kind,
            traceId: spec.traceId,
            spanId: spec.spanId,
            ...(spec.parent === undefined ? {} : { parentSpanId: spec.parent }),
            status: spec.status.message === undefined ? { code: spec.status.code } : { code: spec.status.code, message: spec.status.message },
            attributes: spec.attributes,
            resource: { ...spec.resource, "telemetry.sdk.language": "nodejs" },
            events: spec.exceptions.map(exceptionEvent),
          });
          const document = spanToSegmentDocument(span, { indexAllAttributes: spec.indexAll });
          expect(check(JSON.parse(JSON.stringify(document)))).toBeUndefined();
        },
      ),
      { seed: 20261207, numRuns: 400 },
    );
  });
});
