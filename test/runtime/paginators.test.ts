/**
 * The four paginators over msw: pages chained by NextToken, the first-page token, the
 * same-token guard, errors mid-way and aborts, each observed as requests on the wire.
 */
import { describe, expect, it } from "vitest";
import {
  InvalidRequestException,
  XRayClient,
  paginateBatchGetTraces,
  paginateGetServiceGraph,
  paginateGetTraceGraph,
  paginateGetTraceSummaries,
  type PaginationConfiguration,
} from "../../src/index.js";
import { CREDENTIALS, REGION, json, useXRayMock, type CapturedRequest } from "../support/msw.js";

const xray = useXRayMock();

const newClient = (): XRayClient => new XRayClient({ region: REGION, credentials: CREDENTIALS });

type Paginate = (config: PaginationConfiguration, input: never, ...sendArguments: unknown[]) => AsyncIterable<Record<string, unknown>>;

/**
 * One case per paginated operation: its path, a first-page input, the members that input puts
 * on the wire, and how a page of items looks in a response and in the typed output.
 */
const cases = [
  {
    name: "paginateBatchGetTraces",
    paginate: paginateBatchGetTraces as unknown as Paginate,
    path: "/Traces",
    input: { TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] },
    wireInput: { TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] },
    items: "Traces",
    wireItem: (page: number) => ({ Id: `1-5759e988-00000000000000000000000${page}`, Duration: page }),
    typedItem: (page: number) => ({ Id: `1-5759e988-00000000000000000000000${page}`, Duration: page }),
  },
  {
    name: "paginateGetTraceSummaries",
    paginate: paginateGetTraceSummaries as unknown as Paginate,
    path: "/TraceSummaries",
    input: { StartTime: new Date(1700000000000), EndTime: new Date(1700000600000), FilterExpression: "ok" },
    wireInput: { StartTime: 1700000000, EndTime: 1700000600, FilterExpression: "ok" },
    items: "TraceSummaries",
    wireItem: (page: number) => ({ Id: `trace-${page}`, StartTime: 1700000000 + page }),
    typedItem: (page: number) => ({ Id: `trace-${page}`, StartTime: new Date((1700000000 + page) * 1000) }),
  },
  {
    name: "paginateGetServiceGraph",
    paginate: paginateGetServiceGraph as unknown as Paginate,
    path: "/ServiceGraph",
    input: { StartTime: new Date(1700000000000), EndTime: new Date(1700003600000), GroupName: "prod" },
    wireInput: { StartTime: 1700000000, EndTime: 1700003600, GroupName: "prod" },
    items: "Services",
    wireItem: (page: number) => ({ ReferenceId: page, Name: `service-${page}` }),
    typedItem: (page: number) => ({ ReferenceId: page, Name: `service-${page}` }),
  },
  {
    name: "paginateGetTraceGraph",
    paginate: paginateGetTraceGraph as unknown as Paginate,
    path: "/TraceGraph",
    input: { TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] },
    wireInput: { TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] },
    items: "Services",
    wireItem: (page: number) => ({ ReferenceId: page, Name: `node-${page}` }),
    typedItem: (page: number) => ({ ReferenceId: page, Name: `node-${page}` }),
  },
] as const;

type Case = (typeof cases)[number];

/** The token each request carried (`undefined` when the member was absent). */
const tokensSent = (requests: CapturedRequest[]): unknown[] =>
  requests.map((r) => (r.json as Record<string, unknown>)["NextToken"]);

/**
 * Serves pages keyed by the request's token: no token → page 1 (next "token-2"), "token-2" →
 * page 2 (next "token-3"), "token-3" → page 3 (no next token). Any other token is a 400, so a
 * request with a wrong token fails loudly.
 */
function serveThreePages(c: Case): void {
  xray.on(c.path, (request) => {
    const token = (request.json as Record<string, unknown>)["NextToken"];
    const page = token === undefined ? 1 : token === "token-2" ? 2 : token === "token-3" ? 3 : 0;
    if (page === 0) {
      return json({ Message: `unexpected token ${String(token)}` }, { status: 400, headers: { "x-amzn-errortype": "InvalidRequestException" } });
    }
    return json({ [c.items]: [c.wireItem(page)], ...(page < 3 ? { NextToken: `token-${page + 1}` } : {}) }, { requestId: `page-${page}` });
  });
}

describe.each(cases)("$name", (c) => {
  it("yields every page in order, each request carrying the previous NextToken", async () => {
    serveThreePages(c);
    const pages: Record<string, unknown>[] = [];
    for await (const page of c.paginate({ client: newClient() }, c.input as never)) pages.push(page);
    expect(pages.map((page) => page[c.items])).toEqual([[c.typedItem(1)], [c.typedItem(2)], [c.typedItem(3)]]);
    expect(pages.map((page) => page["NextToken"])).toEqual(["token-2", "token-3", undefined]);
    expect(pages.map((page) => (page["$metadata"] as { requestId?: string }).requestId)).toEqual(["page-1", "page-2", "page-3"]);
    // Stops when a page has no NextToken: exactly three requests.
    expect(xray.requests).toHaveLength(3);
    expect(tokensSent(xray.requests)).toEqual([undefined, "token-2", "token-3"]);
    // The first request has no NextToken member at all (not even null).
    expect(xray.requests[0]!.json).not.toHaveProperty("NextToken");
    // Every page repeats the rest of the input unchanged.
    for (const [i, request] of xray.requests.entries()) {
      const { NextToken: _token, ...rest } = request.json as Record<string, unknown>;
      expect(rest, `request ${i}`).toEqual(c.wireInput);
    }
  });

  it("starts from startingToken", async () => {
    serveThreePages(c);
    const pages: Record<string, unknown>[] = [];
    for await (const page of c.paginate({ client: newClient(), startingToken: "token-2" }, c.input as never)) pages.push(page);
    expect(pages.map((page) => page[c.items])).toEqual([[c.typedItem(2)], [c.typedItem(3)]]);
    expect(tokensSent(xray.requests)).toEqual(["token-2", "token-3"]);
  });

  it("with stopOnSameToken, stops when the service repeats the token it was sent", async () => {
    xray.on(c.path, (_request, index) => json({ [c.items]: [c.wireItem(index + 1)], NextToken: "stuck" }));
    const pages: Record<string, unknown>[] = [];
    for await (const page of c.paginate({ client: newClient(), stopOnSameToken: true }, c.input as never)) pages.push(page);
    expect(pages).toHaveLength(2);
    expect(tokensSent(xray.requests)).toEqual([undefined, "stuck"]);
  });

  it("without stopOnSameToken, keeps following a repeated token (the flag is what stops it)", async () => {
    xray.on(c.path, (_request, index) => json({ [c.items]: [c.wireItem(index + 1)], NextToken: "stuck" }));
    let count = 0;
    for await (const _page of c.paginate({ client: newClient() }, c.input as never)) {
      if (++count === 4) break;
    }
    expect(tokensSent(xray.requests)).toEqual([undefined, "stuck", "stuck", "stuck"]);
  });

  it("an error on page 2 rejects the iteration after page 1 was yielded", async () => {
    xray.on(c.path, (_request, index) =>
      index === 0
        ? json({ [c.items]: [c.wireItem(1)], NextToken: "token-2" })
        : json({ Message: "token expired" }, { status: 400, requestId: "req-p2", headers: { "x-amzn-errortype": "InvalidRequestException" } }),
    );
    const pages: Record<string, unknown>[] = [];
    const iterate = async (): Promise<void> => {
      for await (const page of c.paginate({ client: newClient() }, c.input as never)) pages.push(page);
    };
    const error: unknown = await iterate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestException);
    expect((error as InvalidRequestException).$metadata.requestId).toBe("req-p2");
    expect(pages.map((page) => page[c.items])).toEqual([[c.typedItem(1)]]);
    // A 400 is not retried, and nothing follows the failed page.
    expect(xray.requests).toHaveLength(2);
  });

  it("{ abortSignal } as the extra argument stops the next page from being sent", async () => {
    serveThreePages(c);
    const controller = new AbortController();
    const pages: Record<string, unknown>[] = [];
    const iterate = async (): Promise<void> => {
      for await (const page of c.paginate({ client: newClient() }, c.input as never, { abortSignal: controller.signal })) {
        pages.push(page);
        controller.abort();
      }
    };
    const error: unknown = await iterate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("AbortError");
    expect(pages).toHaveLength(1);
    expect(xray.requests).toHaveLength(1);
  });

  it("{ abortSignal } aborts a page request in flight", async () => {
    const controller = new AbortController();
    let release: (() => void) | undefined;
    xray.on(c.path, async (_request, index) => {
      if (index === 0) return json({ [c.items]: [c.wireItem(1)], NextToken: "token-2" });
      // Page 2 hangs until the test has aborted (then answers, so no handler is left pending).
      controller.abort();
      await new Promise<void>((resolve) => {
        release = resolve;
        setTimeout(resolve, 2_000);
      });
      return json({ [c.items]: [c.wireItem(2)] });
    });
    const pages: Record<string, unknown>[] = [];
    const started = Date.now();
    const iterate = async (): Promise<void> => {
      for await (const page of c.paginate({ client: newClient() }, c.input as never, { abortSignal: controller.signal })) pages.push(page);
    };
    const error: unknown = await iterate().catch((e: unknown) => e);
    release?.();
    expect((error as Error | undefined)?.name).toBe("AbortError");
    expect(pages).toHaveLength(1);
    expect(xray.requests).toHaveLength(2);
    // Rejected on abort, not when the server finally answered.
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
