/**
 * What a caller gets when a call fails: the modelled error classes for each way restJson1
 * carries an error code, the base exception for unmodelled codes and unparseable bodies,
 * early `TypeError`/`RangeError` for programmer mistakes, and no secret anywhere a failure
 * can be printed, serialized or logged.
 */
import { inspect } from "node:util";
import * as Official from "@aws-sdk/client-xray";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import {
  GetTraceSummariesCommand,
  InvalidRequestException,
  PutTelemetryRecordsCommand,
  ThrottledException,
  XRayClient,
  XRayServiceException,
  type XRayClientConfig,
} from "../../src/index.js";
import { CREDENTIALS, REGION, json, raw, useXRayMock } from "../support/msw.js";

const xray = useXRayMock();

const newClient = (options: XRayClientConfig = {}): XRayClient =>
  new XRayClient({ region: REGION, credentials: CREDENTIALS, ...options });

const INPUT = { StartTime: new Date(1700000000000), EndTime: new Date(1700090000000) };

/** Sends a GetTraceSummaries call that must fail, and returns what it rejected with. */
async function failure(client: XRayClient = newClient({ maxAttempts: 1 })): Promise<Error> {
  const error: unknown = await client.send(new GetTraceSummariesCommand(INPUT)).then(
    () => new Error("expected the call to fail"),
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe("InvalidRequestException (400), wherever the code comes from", () => {
  const MESSAGE = "Time range exceeds 24 hours";
  const cases: Array<{ source: string; headers: Record<string, string>; body: Record<string, unknown> }> = [
    { source: "x-amzn-errortype header", headers: { "x-amzn-errortype": "InvalidRequestException" }, body: { Message: MESSAGE } },
    {
      source: "x-amzn-errortype header with a URI suffix",
      headers: { "x-amzn-errortype": "InvalidRequestException:http://internal.amazon.com/coral/com.amazon.xray/" },
      body: { Message: MESSAGE },
    },
    { source: "body __type with namespace", headers: {}, body: { __type: "com.amazonaws.xray#InvalidRequestException", Message: MESSAGE } },
    {
      source: "body __type with namespace and URI suffix",
      headers: {},
      body: {
        __type: "com.amazonaws.xray#InvalidRequestException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        Message: MESSAGE,
      },
    },
    { source: "body code", headers: {}, body: { code: "InvalidRequestException", Message: MESSAGE } },
    // restJson1 clients read the header first, then `code`, then `__type`.
    {
      source: "header over body code and __type",
      headers: { "x-amzn-errortype": "InvalidRequestException" },
      body: { code: "ThrottledException", __type: "ThrottledException", Message: MESSAGE },
    },
    { source: "body code over __type", headers: {}, body: { code: "InvalidRequestException", __type: "ThrottledException", Message: MESSAGE } },
  ];

  it.each(cases)("from the $source", async ({ headers, body }) => {
    xray.on("/TraceSummaries", () => json(body, { status: 400, requestId: "req-400", headers }));
    // Default retry settings: a 400 must not be retried.
    const error = await failure(newClient());
    expect(error).toBeInstanceOf(InvalidRequestException);
    expect(error).toBeInstanceOf(XRayServiceException);
    expect(error).not.toBeInstanceOf(ThrottledException);
    const e = error as InvalidRequestException;
    expect(e.name).toBe("InvalidRequestException");
    expect(e.$fault).toBe("client");
    expect(e.Message).toBe(MESSAGE);
    expect(e.message).toBe(`GetTraceSummaries: ${MESSAGE} (InvalidRequestException, HTTP 400, request req-400)`);
    expect(e.$metadata).toMatchObject({ httpStatusCode: 400, requestId: "req-400", attempts: 1, totalRetryDelay: 0 });
    expect(xray.requests).toHaveLength(1);
  });

  it("from an x-amzn-errortype header sent twice (joined with a comma on arrival)", async () => {
    // A proxy or framework that repeats the header makes Node deliver "A, A"; the AWS SDKs
    // (smithy's sanitizeErrorCode) keep the part before the first comma.
    xray.on("/TraceSummaries", () => {
      const headers = new Headers({ "content-type": "application/json", "x-amzn-requestid": "req-dup" });
      headers.append("x-amzn-errortype", "InvalidRequestException");
      headers.append("x-amzn-errortype", "InvalidRequestException");
      return new HttpResponse(JSON.stringify({ Message: "dup" }), { status: 400, headers });
    });
    const error = await failure();
    expect(error.name).toBe("InvalidRequestException");
    expect(error).toBeInstanceOf(InvalidRequestException);
    expect(error.message).toBe("GetTraceSummaries: dup (InvalidRequestException, HTTP 400, request req-dup)");
  });

  it("uses a lower-case `message` for the error message too", async () => {
    xray.on("/TraceSummaries", () =>
      json({ message: "Invalid filter expression" }, { status: 400, requestId: "req-lc", headers: { "x-amzn-errortype": "InvalidRequestException" } }),
    );
    const error = await failure();
    expect(error).toBeInstanceOf(InvalidRequestException);
    expect(error.message).toBe("GetTraceSummaries: Invalid filter expression (InvalidRequestException, HTTP 400, request req-lc)");
  });

  it("names the failing operation", async () => {
    xray.on("/TelemetryRecords", () =>
      json({ Message: "bad record" }, { status: 400, requestId: "req-t", headers: { "x-amzn-errortype": "InvalidRequestException" } }),
    );
    const error: unknown = await newClient()
      .send(new PutTelemetryRecordsCommand({ TelemetryRecords: [{ Timestamp: new Date(0) }] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestException);
    expect((error as Error).message).toBe("PutTelemetryRecords: bad record (InvalidRequestException, HTTP 400, request req-t)");
  });
});

describe("other error responses", () => {
  it("429 is a ThrottledException", async () => {
    xray.on("/TraceSummaries", () =>
      json({ Message: "Rate exceeded" }, { status: 429, requestId: "req-429", headers: { "x-amzn-errortype": "ThrottledException" } }),
    );
    const error = await failure(newClient({ maxAttempts: 1 }));
    expect(error).toBeInstanceOf(ThrottledException);
    expect(error).toBeInstanceOf(XRayServiceException);
    const e = error as ThrottledException;
    expect(e.name).toBe("ThrottledException");
    expect(e.$fault).toBe("client");
    expect(e.Message).toBe("Rate exceeded");
    expect(e.message).toBe("GetTraceSummaries: Rate exceeded (ThrottledException, HTTP 429, request req-429)");
    expect(e.$metadata).toMatchObject({ httpStatusCode: 429, requestId: "req-429", attempts: 1 });
    expect(xray.requests).toHaveLength(1);
  });

  it("an unmodelled code is an XRayServiceException named after the code", async () => {
    xray.on("/TraceSummaries", () =>
      json(
        { Message: "User is not authorized to perform: xray:GetTraceSummaries" },
        { status: 403, requestId: "req-403", headers: { "x-amzn-errortype": "AccessDeniedException" } },
      ),
    );
    const error = await failure();
    expect(error).toBeInstanceOf(XRayServiceException);
    expect(error).not.toBeInstanceOf(InvalidRequestException);
    expect(error).not.toBeInstanceOf(ThrottledException);
    const e = error as XRayServiceException;
    expect(e.name).toBe("AccessDeniedException");
    expect(e.$fault).toBe("client");
    expect(e.message).toBe(
      "GetTraceSummaries: User is not authorized to perform: xray:GetTraceSummaries (AccessDeniedException, HTTP 403, request req-403)",
    );
    expect(e.$metadata).toMatchObject({ httpStatusCode: 403, requestId: "req-403", attempts: 1 });
  });

  it("error.name and instanceof agree, and the error prints like one", async () => {
    xray.on("/TraceSummaries", () => json({ Message: "nope" }, { status: 400, headers: { "x-amzn-errortype": "InvalidRequestException" } }));
    const error = await failure();
    // Both styles of check that aws-sdk-js-v3 users write must work.
    expect(error.name === "InvalidRequestException" && error instanceof InvalidRequestException).toBe(true);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toBe(`InvalidRequestException: ${error.message}`);
    expect(error.stack).toMatch(/^InvalidRequestException: GetTraceSummaries: nope/);
    // The raw response is there for debugging but kept out of enumeration and JSON.
    expect(Object.keys(error)).not.toContain("$response");
  });
});

describe("the body's other fields on an unmodelled error, as @aws-sdk/client-xray keeps them", () => {
  /** Fails one call of each client on the same response and returns both errors. */
  async function bothFail(status: number, code: string, body: Record<string, unknown>): Promise<{ ours: Record<string, unknown>; official: Record<string, unknown> }> {
    xray.on("/TraceSummaries", () => json(body, { status, requestId: "req-extra", headers: { "x-amzn-errortype": code } }));
    const ours = (await failure()) as unknown as Record<string, unknown>;
    const officialClient = new Official.XRayClient({ region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const official = (await officialClient.send(new Official.GetTraceSummariesCommand(INPUT)).then(
      () => ({}),
      (error: unknown) => error,
    )) as Record<string, unknown>;
    return { ours, official };
  }

  it("keeps ResourceName of a ResourceNotFoundException (a code X-Ray's model does not list)", async () => {
    const body = { Message: "Group not found", ResourceName: "my-group", Details: { Retryable: false }, Count: 3 };
    const { ours, official } = await bothFail(404, "ResourceNotFoundException", body);
    expect(ours).toBeInstanceOf(XRayServiceException);
    for (const key of ["ResourceName", "Details", "Count"]) {
      expect(ours[key], key).toEqual(body[key as keyof typeof body]);
      expect(ours[key], key).toEqual(official[key]);
    }
    // Enumerable own fields, as on the official exception, so logging the error shows them.
    expect(Object.keys(ours)).toEqual(expect.arrayContaining(["ResourceName", "Details", "Count"]));
    // Message is the exception's message already, on both.
    expect(ours["Message"]).toBeUndefined();
    expect(official["Message"]).toBeUndefined();
  });

  it("never lets the body replace name, message, $fault, $metadata, $response, stack or prototype keys", async () => {
    const hostile = JSON.parse(
      JSON.stringify({
        Message: "real message",
        name: "Spoofed",
        message: "spoofed message",
        $fault: "server",
        $metadata: { httpStatusCode: 200 },
        $response: "spoofed",
        stack: "spoofed stack",
        constructor: "spoofed",
        toString: "spoofed",
        toJSON: "spoofed",
        hasOwnProperty: "spoofed",
        Extra: "kept",
      }).replace('"Extra"', '"__proto__":{"polluted":true},"Extra"'),
    ) as Record<string, unknown>;
    const { ours } = await bothFail(403, "AccessDeniedException", hostile);
    const error = ours as unknown as XRayServiceException & Record<string, unknown>;
    expect(error.name).toBe("AccessDeniedException");
    expect(error.message).toBe("GetTraceSummaries: spoofed message (AccessDeniedException, HTTP 403, request req-extra)");
    expect(error.$fault).toBe("client");
    expect(error.$metadata).toMatchObject({ httpStatusCode: 403, requestId: "req-extra" });
    expect(error.$response).not.toBe("spoofed");
    expect(error.stack).not.toBe("spoofed stack");
    expect(Object.getPrototypeOf(error)).toBe(XRayServiceException.prototype);
    expect(typeof error.toString).toBe("function");
    expect(typeof error.hasOwnProperty).toBe("function");
    expect(error.constructor).toBe(XRayServiceException);
    expect(error["polluted"]).toBeUndefined();
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(error["Extra"]).toBe("kept");
    expect(String(error)).toContain("AccessDeniedException");
  });

  it("leaves a modelled error's members as the model reads them", async () => {
    const { ours } = await bothFail(400, "InvalidRequestException", { Message: "bad", NotInModel: "x" });
    expect(ours).toBeInstanceOf(InvalidRequestException);
    expect(ours["NotInModel"]).toBeUndefined();
  });
});

describe("bodies that are not the JSON they should be", () => {
  const cases = [
    { what: "an HTML 500", status: 500, body: "<html><head><title>500 Internal Server Error</title></head><body>oops</body></html>", excerpt: "500 Internal Server Error", fault: "server" },
    { what: "an HTML 502 from a proxy", status: 502, body: "<html><body><h1>502 Bad Gateway</h1></body></html>", excerpt: "502 Bad Gateway", fault: "server" },
    { what: "truncated JSON on a 400", status: 400, body: '{"mess', excerpt: "mess", fault: "client" },
    { what: "truncated JSON on a 503", status: 503, body: '{"message":"Service Unava', excerpt: "Service Unava", fault: "server" },
  ] as const;

  it.each(cases)("$what → an XRayServiceException with the status and a body excerpt", async ({ status, body, excerpt, fault }) => {
    xray.on("/TraceSummaries", () => raw(status, body));
    const error = await failure();
    expect(error).toBeInstanceOf(XRayServiceException);
    const e = error as XRayServiceException;
    expect(e.$fault).toBe(fault);
    expect(e.$metadata.httpStatusCode).toBe(status);
    expect(e.message).toMatch(/^GetTraceSummaries: /);
    expect(e.message).toContain(`HTTP ${status}`);
    expect(e.message).toContain(excerpt);
  });

  it("an empty 500 body says so", async () => {
    xray.on("/TraceSummaries", () => raw(500, ""));
    const error = (await failure()) as XRayServiceException;
    expect(error).toBeInstanceOf(XRayServiceException);
    expect(error.$fault).toBe("server");
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect(error.message).toContain("HTTP 500");
    expect(error.message).toMatch(/empty/i);
  });

  it("a 100 KB body is quoted in at most ~200 characters", async () => {
    const body = `<html><body>${"A".repeat(100_000)}THE-END</body></html>`;
    xray.on("/TraceSummaries", () => raw(503, body));
    const error = (await failure()) as XRayServiceException;
    expect(error.$fault).toBe("server");
    expect(error.message).toContain("HTTP 503");
    expect(error.message).toContain("<html><body>AAAA");
    expect(error.message).not.toContain("THE-END");
    // The excerpt plus the operation, code, status and request id around it.
    expect(error.message.length).toBeLessThan(200 + 150);
    expect(String(error).length).toBeLessThan(200 + 200);
  });

  it.each([
    { what: "HTML", body: "<html><body>Welcome to nginx!</body></html>", excerpt: "Welcome to nginx!" },
    { what: "truncated JSON", body: '{"TraceSummaries":[{"Id":"1-5759e988-bd86', excerpt: "TraceSummaries" },
    { what: "a JSON array", body: "[1,2,3]", excerpt: "[1,2,3]" },
  ])("a 200 with $what rejects instead of returning an empty output", async ({ body, excerpt }) => {
    xray.on("/TraceSummaries", () => raw(200, body, "application/json"));
    const error = await failure();
    // A response arrived, so it is the service's error type, not a TypeError from parsing.
    expect(error).toBeInstanceOf(XRayServiceException);
    const e = error as XRayServiceException;
    expect(e.$metadata.httpStatusCode).toBe(200);
    expect(e.message).toMatch(/^GetTraceSummaries: /);
    expect(e.message).toContain("HTTP 200");
    expect(e.message).toContain(excerpt);
  });
});

describe("programmer errors are thrown early", () => {
  it("an invalid Date rejects with a TypeError naming the member, and nothing is sent", async () => {
    xray.on("/TraceSummaries", () => json({}));
    const error: unknown = await newClient()
      .send(new GetTraceSummariesCommand({ StartTime: new Date("not a date"), EndTime: new Date() }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/\bStartTime\b/);
    expect(xray.intercepted.count).toBe(0);
    expect(xray.requests).toHaveLength(0);
  });

  it("a nested invalid Date names its path", async () => {
    xray.on("/TelemetryRecords", () => json({}));
    const error: unknown = await newClient()
      .send(new PutTelemetryRecordsCommand({ TelemetryRecords: [{ Timestamp: new Date(0) }, { Timestamp: new Date(NaN) }] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain("TelemetryRecords[1].Timestamp");
    expect(xray.intercepted.count).toBe(0);
  });

  it("new XRayClient({ maxAttempts: 0 }) throws a RangeError at once", () => {
    expect(() => new XRayClient({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => new XRayClient({ maxAttempts: 0 })).toThrow(/maxAttempts/);
  });

  it.each([0, -1, 1.5, Number.NaN])("maxAttempts %s is a RangeError", (maxAttempts) => {
    expect(() => new XRayClient({ region: REGION, credentials: CREDENTIALS, maxAttempts })).toThrow(RangeError);
  });

  it("an empty accessKeyId throws at construction, before any call", () => {
    expect(() => new XRayClient({ credentials: { accessKeyId: "", secretAccessKey: "SECRET/KEY+VALUE" } })).toThrow(TypeError);
  });

  it.each([
    { field: "accessKeyId", credentials: { accessKeyId: "", secretAccessKey: "SECRET/KEY+VALUE" } },
    { field: "secretAccessKey", credentials: { accessKeyId: "AKIDSECRETTEST", secretAccessKey: "" } },
  ])("an empty $field is a TypeError that names the field, not the values", ({ field, credentials }) => {
    let thrown: unknown;
    try {
      new XRayClient({ region: REGION, credentials });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toContain(field);
    expect((thrown as Error).message).not.toContain("SECRET/KEY+VALUE");
  });
});

describe("secrets never leak", () => {
  const SECRET_CREDENTIALS = { accessKeyId: "AKIDSECRETTEST", secretAccessKey: "SECRET/KEY+VALUE", sessionToken: "SESSION-TOKEN-VALUE" };
  const SECRETS = [SECRET_CREDENTIALS.secretAccessKey, SECRET_CREDENTIALS.sessionToken];

  const expectNoSecret = (where: string, text: string, secrets: readonly string[] = SECRETS): void => {
    for (const secret of secrets) {
      const at = text.indexOf(secret);
      expect(at, `${where} contains ${secret}: …${text.slice(Math.max(0, at - 300), at + 60)}…`).toBe(-1);
    }
  };

  /**
   * Five calls on one client with a capturing logger, in order: a success, a modelled error,
   * an HTML 5xx (retried once), a 503 retried into a success (for the retry's debug line), and
   * a network error (msw's carries no errno code, so it is not retried).
   */
  async function runScenario() {
    const lines: string[] = [];
    const capture = (...args: unknown[]): void => {
      lines.push(inspect(args, { depth: 10 }));
    };
    const logger = { debug: capture, info: capture, warn: capture, error: capture, trace: capture };
    const client = new XRayClient({ region: REGION, credentials: SECRET_CREDENTIALS, logger, maxAttempts: 2 });
    const script: Array<() => Response> = [
      () => json({ TraceSummaries: [], TracesProcessedCount: 0 }),
      () => json({ Message: "bad" }, { status: 400, headers: { "x-amzn-errortype": "InvalidRequestException" } }),
      () => raw(500, "<html>boom</html>"),
      () => raw(500, "<html>boom</html>"),
      () => json({ message: "unavailable" }, { status: 503 }),
      () => json({}),
      () => HttpResponse.error(),
    ];
    xray.on("/TraceSummaries", (_request, index) => (script[index] ?? (() => raw(418, "unscripted")))());
    const commands: GetTraceSummariesCommand[] = [];
    const errors: unknown[] = [];
    for (let call = 0; call < 5; call++) {
      const command = new GetTraceSummariesCommand({ ...INPUT, FilterExpression: `call ${call}` });
      commands.push(command);
      await client.send(command).catch((error: unknown) => errors.push(error));
    }
    expect(xray.requests).toHaveLength(script.length);
    expect(errors).toHaveLength(3);
    // The session token really was in play, so its absence below means something.
    expect(xray.requests[0]!.headers["x-amz-security-token"]).toBe(SECRET_CREDENTIALS.sessionToken);
    expect(xray.requests[0]!.headers["authorization"]).toContain("Credential=AKIDSECRETTEST/");
    return { client, commands, errors, lines };
  }

  it("in errors, the client, commands and log lines, across successes and failures", async () => {
    const { client, commands, errors, lines } = await runScenario();
    for (const request of xray.requests) expectNoSecret("authorization header", request.headers["authorization"] ?? "");
    for (const [i, error] of errors.entries()) {
      expectNoSecret(`error ${i} message`, (error as Error).message);
      expectNoSecret(`String(error ${i})`, String(error));
      expectNoSecret(`JSON.stringify(error ${i})`, JSON.stringify(error) ?? "");
      expectNoSecret(`inspect(error ${i})`, inspect(error, { depth: 10 }));
    }
    expectNoSecret("inspect(client)", inspect(client, { depth: 10 }));
    expectNoSecret("inspect(client.config)", inspect(client.config, { depth: 10 }));
    for (const command of commands) expectNoSecret("JSON.stringify(command)", JSON.stringify(command));
    // The logger did get something to say about every call, failures included.
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.some((line) => line.includes("InvalidRequestException"))).toBe(true);
    expect(lines.some((line) => line.includes("retrying"))).toBe(true);
    for (const line of lines) expectNoSecret("log line", line);
  });

  it("in the raw response attached to service errors ($response)", async () => {
    // `$response` is documented for debugging ("inspect the hidden field $response"), so people
    // print it. It must not drag the signed request along with it: the session token and the
    // Authorization value are secrets too (CONTRIBUTING.md, house rules).
    const { errors } = await runScenario();
    const serviceErrors = errors.filter((error): error is XRayServiceException => error instanceof XRayServiceException);
    expect(serviceErrors).toHaveLength(2);
    const signatures = xray.requests.map((r) => /Signature=([0-9a-f]+)/.exec(r.headers["authorization"] ?? "")![1]!);
    for (const [i, error] of serviceErrors.entries()) {
      const response = (error as { $response?: unknown }).$response;
      expect(response).toBeDefined();
      expectNoSecret(`inspect(error ${i}.$response)`, inspect(response, { depth: 10 }), [...SECRETS, ...signatures]);
      expectNoSecret(`inspect(error ${i}, showHidden)`, inspect(error, { depth: 10, showHidden: true }), [...SECRETS, ...signatures]);
    }
  });

  it("in the TypeError for malformed credentials", () => {
    let thrown: unknown;
    try {
      new XRayClient({ region: REGION, credentials: { accessKeyId: "", secretAccessKey: "SECRET/KEY+VALUE", sessionToken: "SESSION-TOKEN-VALUE" } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expectNoSecret("TypeError", `${String(thrown)} ${inspect(thrown, { depth: 10 })}`);
  });
});
