/**
 * Traits that change what a generated client does beyond the wire format: `@idempotencyToken`
 * (filled in once per call), `@sensitive` (redacted in logs and errors), `smithy.api#paginated`
 * (on operations and the service), `@deprecated` (TSDoc), and modelled errors with `@httpError`
 * and members bound to headers and the status code. Fixtures are in
 * `test/fixtures/models/traits/`; clients are generated, typechecked, imported and called
 * through msw.
 */
import { join } from "node:path";
import { inspect } from "node:util";
import { HttpResponse } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import { CREDENTIALS, generateInto, importGenerated, scratchDir, traitModel, typecheck, useServiceMock } from "../support/codegen.js";

const FIXTURES = ["idempotency-token", "sensitive", "paginated", "deprecated", "errors"] as const;
type Fixture = (typeof FIXTURES)[number];

const mock = useServiceMock();
const modules = {} as Record<Fixture, Record<string, any>>;
const files = {} as Record<Fixture, Map<string, string>>;
const out = scratchDir("behaviours");

beforeAll(async () => {
  for (const name of FIXTURES) files[name] = generateInto(traitModel(name), join(out, name));
  expect(typecheck(FIXTURES.map((name) => join(out, name, "index.ts")))).toEqual([]);
  for (const name of FIXTURES) modules[name] = await importGenerated(join(out, name));
}, 60_000);

const json = (body: unknown, init: ResponseInit = {}): Response =>
  new HttpResponse(JSON.stringify(body), { ...init, headers: { "content-type": "application/json", ...(init.headers as Record<string, string>) } });
const newClient = (fixture: Fixture, prefix: string, options: Record<string, unknown> = {}): any =>
  new modules[fixture][`${prefix}Client`]({ region: "us-east-1", credentials: CREDENTIALS, ...options });
const command = (fixture: Fixture, name: string, input: unknown): any => new modules[fixture][`${name}Command`](input);

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const WHEN = new Date("2024-01-02T03:04:05.678Z");

describe("@idempotencyToken", () => {
  it("fills an unset token with a UUID v4, the same on every attempt of a call and new for each call", async () => {
    mock.reply((_, i) => (i === 0 ? json({ message: "busy" }, { status: 503 }) : json({ Id: "t" })));
    const client = newClient("idempotency-token", "Idempotency", { maxAttempts: 2 });
    await client.send(command("idempotency-token", "CreateThing", { Name: "n" }));
    const bodies = mock.requests.map((request) => JSON.parse(request.text) as { Name: string; ClientToken: string });
    expect(bodies).toHaveLength(2);
    expect(bodies[0]!.ClientToken).toMatch(UUID_V4);
    expect(bodies[1]!.ClientToken).toBe(bodies[0]!.ClientToken);
    expect(mock.requests[0]!.text).toBe(`{"Name":"n","ClientToken":"${bodies[0]!.ClientToken}"}`);
    await client.send(command("idempotency-token", "CreateThing", { Name: "n" }));
    expect(JSON.parse(mock.requests[2]!.text).ClientToken).not.toBe(bodies[0]!.ClientToken);
  });

  it("keeps the caller's token, and fills tokens bound to headers too", async () => {
    mock.reply(() => json({}));
    const client = newClient("idempotency-token", "Idempotency");
    const input = { Name: "n", ClientToken: "mine" };
    await client.send(command("idempotency-token", "CreateThing", input));
    expect(mock.requests[0]!.text).toBe('{"Name":"n","ClientToken":"mine"}');
    expect(input).toEqual({ Name: "n", ClientToken: "mine" });
    await client.send(command("idempotency-token", "DeleteThing", { Name: "x" }));
    expect(mock.requests[1]!.method).toBe("DELETE");
    expect(mock.requests[1]!.path).toBe("/things/x");
    expect(mock.requests[1]!.headers["x-request-token"]).toMatch(UUID_V4);
  });

  it("makes the token optional in the input type and says so", () => {
    expect(files["idempotency-token"].get("models.ts")).toMatch(/Filled with a random UUID v4 when left unset[^\n]*\n\s+\*\/\n\s+ClientToken\?: string \| undefined;/);
  });
});

describe("@sensitive", () => {
  const SECRETS = ["hunter2", "key-secret", "4111-1111", "5555-5555", "session-secret", "message-secret", "hint-secret"];
  const expectNoSecret = (where: string, text: string): void => {
    for (const secret of SECRETS) expect(text.includes(secret), `${where} contains ${secret}: ${text}`).toBe(false);
  };
  const input = {
    User: "ada",
    Password: "hunter2",
    Keys: [{ Id: "k1", Value: "key-secret" }],
    Profile: { Name: "ada", Card: { Digits: "4111-1111" }, Friends: [{ Name: "bob", Card: { Digits: "5555-5555" } }] },
  };
  const capture = () => {
    const lines: unknown[] = [];
    const log = (entry: unknown): void => {
      lines.push(entry);
    };
    return { lines, logger: { trace: log, debug: log, info: log, warn: log, error: log } };
  };

  it("sends sensitive values but logs them as ***SensitiveInformation***, nested and recursive ones included", async () => {
    mock.reply(() => json({ User: "ada", SessionToken: "session-secret", Profile: { Name: "ada", Card: { Digits: "4111-1111" } } }));
    const { lines, logger } = capture();
    const output = await newClient("sensitive", "Sensitive", { logger }).send(command("sensitive", "Login", input));
    expect(JSON.parse(mock.requests[0]!.text)).toEqual(input);
    expect(output.SessionToken).toBe("session-secret");
    const info = lines.find((line) => (line as { output?: unknown }).output) as { input: unknown; output: unknown };
    expect(info.input).toEqual({
      User: "ada",
      Password: "***SensitiveInformation***",
      Keys: [{ Id: "k1", Value: "***SensitiveInformation***" }],
      Profile: { Name: "ada", Card: "***SensitiveInformation***", Friends: [{ Name: "bob", Card: "***SensitiveInformation***" }] },
    });
    expect(info.output).toEqual({ User: "ada", SessionToken: "***SensitiveInformation***", Profile: { Name: "ada", Card: "***SensitiveInformation***" } });
    for (const line of lines) expectNoSecret("log line", inspect(line, { depth: 20 }));
    // Redaction copies; the caller's input is untouched.
    expect(input.Password).toBe("hunter2");
  });

  it("keeps sensitive error members out of the message, toString, JSON and inspection, but readable", async () => {
    mock.reply(() => json({ Message: "message-secret", Hint: "hint-secret", Code: "C1" }, { status: 401, headers: { "x-amzn-errortype": "LoginFailed" } }));
    const { lines, logger } = capture();
    const error = await newClient("sensitive", "Sensitive", { logger })
      .send(command("sensitive", "Login", input))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(modules.sensitive["LoginFailed"]);
    expect(error.message).toBe("Login: ***SensitiveInformation*** (LoginFailed, HTTP 401)");
    expect(error.Hint).toBe("hint-secret");
    expect(error.Code).toBe("C1");
    expectNoSecret("message", error.message);
    expectNoSecret("String(error)", String(error));
    expectNoSecret("JSON.stringify(error)", JSON.stringify(error));
    expectNoSecret("inspect(error)", inspect(error, { depth: 20 }));
    for (const line of lines) expectNoSecret("log line", inspect(line, { depth: 20 }));
    expect(lines.length).toBeGreaterThan(0);
  });

  it("declares redactions only where sensitive data is reachable", () => {
    const schemas = files.sensitive.get("schemas.ts")!;
    expect(schemas).toContain('export const ProfileRedaction: Redaction = ["s", { Card: 1, Friends: ["l", () => ProfileRedaction] }];');
    expect(schemas).toContain('export const LoginInputRedaction: Redaction = ["s", { Password: 1, Keys: ["l", ApiKeyRedaction], Profile: ProfileRedaction }];');
    // CardNumber is sensitive as a whole: members targeting it redact it entirely (`1`).
    expect(schemas).not.toContain("CardNumberRedaction");
    expect(schemas).not.toContain("LoginFailedRedaction");
    for (const [path, text] of Object.entries(Object.fromEntries(files.paginated))) expect(text, path).not.toMatch(/Redaction|redact/);
  });
});

describe("smithy.api#paginated", () => {
  it("merges the service's defaults into an operation's trait (pageSize included)", async () => {
    mock.reply((request) => (JSON.parse(request.text).NextToken ? json({ Items: ["c"] }) : json({ Items: ["a", "b"], NextToken: "t1" })));
    const pages: unknown[] = [];
    for await (const page of modules.paginated["paginateListItems"]({ client: newClient("paginated", "Pages"), pageSize: 2 }, {})) pages.push(page.Items);
    expect(pages).toEqual([["a", "b"], ["c"]]);
    expect(mock.requests.map((request) => request.text)).toEqual(['{"MaxResults":2}', '{"NextToken":"t1","MaxResults":2}']);
  });

  it("follows a nested output token and an operation's own token and page-size members", async () => {
    mock.reply((request) => (JSON.parse(request.text).Marker ? json({ Page: { Items: ["z"] } }) : json({ Page: { Items: ["y"], Next: "m1" } })));
    const pages: unknown[] = [];
    for await (const page of modules.paginated["paginateListNested"]({ client: newClient("paginated", "Pages"), pageSize: 1 }, {})) pages.push(page.Page.Items);
    expect(pages).toEqual([["y"], ["z"]]);
    expect(mock.requests.map((request) => request.text)).toEqual(['{"Limit":1}', '{"Marker":"m1","Limit":1}']);
  });

  it("makes paginators for paginated operations only", () => {
    expect(Object.keys(modules.paginated).filter((name) => name.startsWith("paginate")).sort()).toEqual(["paginateListItems", "paginateListNested"]);
  });
});

describe("@deprecated", () => {
  it("becomes a TSDoc @deprecated tag on commands, methods, shapes, members and enum values", () => {
    const command = files.deprecated.get("commands/OldOperationCommand.ts")!;
    expect(command).toMatch(/ \* @deprecated Use NewOperation\. \(since 2024-06-01\)\n \* @public\n \*\/\nexport class OldOperationCommand/);
    expect(files.deprecated.get("Deprecated.ts")).toMatch(/@deprecated Use NewOperation\. \(since 2024-06-01\)\n\s+\*\/\n\s+oldOperation\(/);
    const models = files.deprecated.get("models.ts")!;
    expect(models).toMatch(/@deprecated Use Current\.\n\s+\*\/\n\s+Legacy\?: string \| undefined;/);
    expect(models).toMatch(/@deprecated Do not use\.\n \* @public\n \*\/\nexport interface OldShape/);
    expect(models).toMatch(/@deprecated Use CURRENT\.\n\s+\*\/\n\s+LEGACY: "legacy",/);
    expect(files.deprecated.get("commands/NewOperationCommand.ts")).not.toContain("@deprecated");
  });
});

describe("modelled errors", () => {
  const send = (reply: Response): Promise<any> => {
    mock.reply(() => reply);
    return newClient("errors", "Errors", { maxAttempts: 1 })
      .send(command("errors", "DoThing", { Name: "n" }))
      .catch((error: unknown) => error);
  };

  it("maps a code to its class, with body members typed", async () => {
    const error = await send(json({ Message: "no such thing", ResourceName: "n", ResourceType: "thing" }, { status: 404, headers: { "x-amzn-errortype": "NotFound" } }));
    expect(error).toBeInstanceOf(modules.errors["NotFound"]);
    expect(error).toBeInstanceOf(modules.errors["ErrorsServiceException"]);
    expect(error).toMatchObject({ name: "NotFound", $fault: "client", Message: "no such thing", ResourceName: "n", ResourceType: "thing" });
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error.message).toBe("DoThing: no such thing (NotFound, HTTP 404)");
  });

  it("reads members bound to headers and the status code, and nested structures with their timestamps", async () => {
    const error = await send(
      json({ Message: "slow down", Limit: { PerSecond: 5, Since: 1704164645.678 } }, { status: 429, headers: { "x-amzn-errortype": "Throttled", "retry-after": "7" } }),
    );
    expect(error).toBeInstanceOf(modules.errors["Throttled"]);
    expect(error).toMatchObject({ RetryAfterSeconds: 7, Status: 429, Limit: { PerSecond: 5, Since: WHEN }, Message: "slow down" });
  });

  it("keeps a lower-case message member as Error's own message, and reads server faults", async () => {
    const error = await send(json({ message: "down for maintenance", At: 1704164645.678 }, { status: 503, headers: { "x-amzn-errortype": "Broken" } }));
    expect(error).toBeInstanceOf(modules.errors["Broken"]);
    expect(error).toMatchObject({ $fault: "server", At: WHEN, message: "DoThing: down for maintenance (Broken, HTTP 503)" });
  });

  it("names the aggregated client's file apart from errors.ts when the service is called Errors", () => {
    expect([...files.errors.keys()]).toContain("ErrorsAggregated.ts");
    expect(files.errors.get("index.ts")).toContain('export { Errors } from "./ErrorsAggregated.js";');
    expect(typeof new modules.errors["Errors"]({ region: "us-east-1", credentials: CREDENTIALS }).doThing).toBe("function");
  });
});
