/**
 * The README's tracing example, verbatim but for the import paths, so that the type checker
 * (`npm run typecheck`) proves the README's code compiles. Not run by the tests: it listens on
 * port 8080 and calls a pricing service that does not exist here (examples/traced-http-service.ts
 * is the runnable version).
 */

import { createServer } from "node:http";
import { XRayClient } from "../src/index.js";
import { Segment, SegmentSender, formatTraceHeader, parseTraceHeader } from "../src/tracing/index.js";
import { captureAsync, withSegment } from "../src/tracing/context.js";

const sender = new SegmentSender({ client: new XRayClient({ region: "eu-west-1" }) }); // 50 documents a call, flushed every second

createServer((req, res) => {
  // Continue the caller's trace, or start one (a missing or malformed header just starts a new trace).
  const incoming = parseTraceHeader(req.headers["x-amzn-trace-id"]);
  const segment = new Segment("checkout-api", incoming.root, incoming.parent);
  segment.addIncomingRequestData({ request: { method: req.method, url: `http://${req.headers.host}${req.url}` } });
  res.setHeader("x-amzn-trace-id", formatTraceHeader({ root: segment.traceId, sampled: true }));

  withSegment(segment, async () => {
    try {
      // A downstream call: a subsegment of the current segment, kept across awaits; the header passes the trace on.
      const price = await captureAsync("pricing-api", async (sub) => {
        sub?.setNamespace("remote").setHttpRequest({ method: "GET", url: "http://pricing.internal/price", traced: true });
        const answer = await fetch("http://pricing.internal/price", {
          headers: { "x-amzn-trace-id": formatTraceHeader({ root: segment.traceId, parent: sub?.id, sampled: true }) },
        });
        sub?.setHttpResponse(answer.status);
        return answer.json();
      });
      segment.addAnnotation("currency", price.currency); // indexed: filter on annotation.currency
      res.writeHead(200).end(JSON.stringify(price));
      segment.setHttpResponse(200);
    } catch (error) {
      segment.addError(error); // fault, with the exception and its stack in `cause`
      res.writeHead(500).end();
      segment.setHttpResponse(500);
    } finally {
      segment.close();
      sender.send(segment); // never throws; documents over 64 KB are split, never dropped silently
    }
  });
}).listen(8080);

process.on("SIGTERM", () => void sender.close()); // flushes what is queued
