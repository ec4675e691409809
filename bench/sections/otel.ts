/**
 * OpenTelemetry → X-Ray translation throughput: finished spans (made by OpenTelemetry's own SDK,
 * with HTTP, database and exception data) turned into segment documents and serialized per second
 * by `spanToSegmentDocument` (src/otel/span-to-segment.ts). The floor is `JSON.stringify` of the
 * same spans' attributes: the serialization any exporter pays.
 */
import { describeError } from "../lib/format.js";
import type { Row } from "../lib/report.js";
import type { BenchContext, Section } from "../lib/section.js";
import { medianOf, timeTasks } from "../lib/timing.js";

/** Spans per timed iteration. */
const BATCH = 200;

/** The otel section. */
export const otelSection: Section = {
  name: "otel",
  title: "OpenTelemetry spans translated to segment documents per second",
  async run(context: BenchContext): Promise<Row[]> {
    const [{ BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor }, { spanToSegmentDocument }] = await Promise.all([
      import("@opentelemetry/sdk-trace-base"),
      import("../../src/otel/index.js"),
    ]);
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
    const tracer = provider.getTracer("bench");
    tracer.startActiveSpan("GET /orders/{id}", { kind: 1, attributes: { "http.request.method": "GET", "url.full": "https://shop.example/orders/42", "http.response.status_code": 200, "user_agent.original": "k6", "order.id": "42" } }, (root) => {
      tracer.startSpan("SELECT shop.orders", { kind: 2, attributes: { "db.system": "postgresql", "db.name": "shop", "db.statement": "SELECT * FROM orders WHERE id = $1" } }).end();
      const failing = tracer.startSpan("GET pricing", { kind: 2, attributes: { "http.request.method": "GET", "url.full": "http://pricing/price", "http.response.status_code": 503, "peer.service": "pricing" } });
      failing.recordException(new Error("pricing unavailable"));
      failing.end();
      root.end();
    });
    const spans = memory.getFinishedSpans();
    const work = (translate: (index: number) => string) => () => {
      for (let i = 0; i < BATCH; i++) translate(i % spans.length);
    };
    const budget = context.quick ? { time: 200, iterations: 16, warmupTime: 100 } : { time: 400, iterations: 32, warmupTime: 200, rounds: 3 };
    context.log("otel: timing 2 tasks");
    const outcomes = await timeTasks(
      {
        ours: work((i) => JSON.stringify(spanToSegmentDocument(spans[i]!, { indexedAttributes: ["order.id"] }))),
        floor: work((i) => JSON.stringify(spans[i]!.attributes)),
      },
      budget,
    );
    await provider.shutdown();
    const perSecond = (ms: number | undefined): number | undefined => (ms === undefined || ms === 0 ? undefined : BATCH / (ms / 1000));
    const failed = [outcomes.ours, outcomes.floor].find((outcome) => !outcome.ok);
    return [
      {
        section: "otel",
        figure: "spans → segment documents, serialized (server span with HTTP, SQL client span, failing HTTP client span)",
        unit: "ops/s",
        higherIsBetter: true,
        ours: perSecond(medianOf(outcomes.ours)),
        floor: perSecond(medianOf(outcomes.floor)),
        note: failed && !failed.ok ? `failed: ${describeError(failed.error)}` : undefined,
      },
    ];
  },
};
