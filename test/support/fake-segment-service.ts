/**
 * A stateful stand-in for X-Ray's PutTraceSegments and PutTelemetryRecords on a real socket
 * (127.0.0.1), for sender tests: it stores the documents it accepts, so a test can check that
 * what the sender counts as sent is exactly what arrived, and it fails requests the way the
 * service and the network do (throttling, 5xx, invalid requests, unprocessed documents, resets,
 * hangs) according to a per-test plan.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What the plan decides for one PutTraceSegments request. */
export type Fault =
  /** Destroy the connection without answering (and without storing anything). */
  | "reset"
  /** Never answer (until the server closes). */
  | "hang"
  /** Answer with this error status and code; nothing is stored. */
  | { readonly status: number; readonly code: string; readonly message?: string };

/** One PutTraceSegments request as the plan sees it. */
export interface SegmentsRequest {
  /** 0 for the first PutTraceSegments request, and so on. */
  readonly index: number;
  readonly documents: readonly string[];
}

/** A per-document failure the service reports in `UnprocessedTraceSegments`. */
export interface Unprocessed {
  readonly ErrorCode: string;
  readonly Message?: string;
  /** Leave `Id` out of the entry (as X-Ray does when it cannot read one). */
  readonly omitId?: boolean;
}

/** The fake service. */
export interface FakeSegmentService {
  readonly url: string;
  /** Every document stored, in arrival order (a duplicate would appear twice). */
  readonly stored: string[];
  /** PutTraceSegments request bodies' documents, in arrival order. */
  readonly batches: string[][];
  /** PutTelemetryRecords request bodies, parsed. */
  readonly telemetry: Record<string, unknown>[];
  /** Decides a fault for a whole request (default: none). */
  plan(decide: (request: SegmentsRequest) => Fault | undefined): void;
  /** Decides per-document failures of requests that are answered (default: none). */
  unprocessed(decide: (document: string, position: number, request: SegmentsRequest) => Unprocessed | undefined): void;
  /** Called as each request arrives, before it is answered (e.g. to check the sender's counts). */
  onRequest(hook: (request: SegmentsRequest) => void): void;
  /** Resolves once this many PutTraceSegments requests have arrived. */
  waitForBatches(count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the fake service on an ephemeral port.
 *
 * @returns the running service
 */
export async function startFakeSegmentService(): Promise<FakeSegmentService> {
  const stored: string[] = [];
  const batches: string[][] = [];
  const telemetry: Record<string, unknown>[] = [];
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  let decideFault: (request: SegmentsRequest) => Fault | undefined = () => undefined;
  let decideUnprocessed: (document: string, position: number, request: SegmentsRequest) => Unprocessed | undefined = () => undefined;
  let hook: (request: SegmentsRequest) => void = () => undefined;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { "content-type": "application/json", "x-amzn-requestid": `fake-${batches.length}`, ...headers });
        res.end(JSON.stringify(payload));
      };
      if (req.url === "/TelemetryRecords") {
        telemetry.push(body);
        send(200, {});
        return;
      }
      if (req.url !== "/TraceSegments") {
        // Any other operation (a sampler polling GetSamplingRules, say) is one this fake does not
        // serve: answered the way X-Ray answers an unknown operation, never fed to the batches.
        send(404, { message: `the fake segment service serves no ${req.url}` }, { "x-amzn-errortype": "UnknownOperationException" });
        return;
      }
      const documents = body["TraceSegmentDocuments"] as string[];
      const request: SegmentsRequest = { index: batches.length, documents };
      batches.push(documents);
      for (const wake of [...waiters]) wake();
      hook(request);
      const fault = decideFault(request);
      if (fault === "reset") {
        req.socket.destroy();
        return;
      }
      if (fault === "hang") return;
      if (fault) {
        send(fault.status, { message: fault.message ?? `fake ${fault.code}` }, { "x-amzn-errortype": fault.code });
        return;
      }
      const entries: Record<string, string>[] = [];
      documents.forEach((document, position) => {
        const failure = decideUnprocessed(document, position, request);
        if (!failure) {
          stored.push(document);
          return;
        }
        const entry: Record<string, string> = { ErrorCode: failure.ErrorCode, Message: failure.Message ?? `fake ${failure.ErrorCode}` };
        if (!failure.omitId) entry["Id"] = idOf(document) ?? "";
        entries.push(entry);
      });
      send(200, entries.length > 0 ? { UnprocessedTraceSegments: entries } : {});
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    stored,
    batches,
    telemetry,
    plan(decide) {
      decideFault = decide;
    },
    unprocessed(decide) {
      decideUnprocessed = decide;
    },
    onRequest(next) {
      hook = next;
    },
    waitForBatches(count) {
      return new Promise((resolve) => {
        const check = (): void => {
          if (batches.length < count) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await done;
    },
  };
}

/**
 * The top-level `id` of a JSON document.
 *
 * @param document - the text
 * @returns the id, or `undefined` when the text is not a JSON object with a string id
 */
export function idOf(document: string): string | undefined {
  try {
    const id = (JSON.parse(document) as { id?: unknown }).id;
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}
