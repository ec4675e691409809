/**
 * `verifySignatures`: the local endpoint accepts requests signed with a configured key, by our
 * client and by `@aws-sdk/client-xray`, and refuses the others as AWS does (403 and the AWS error
 * code), without touching the store. Raw requests are signed here with `@smithy/signature-v4`
 * so that they can be tampered with after signing.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import * as Official from "@aws-sdk/client-xray";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GetTraceSummariesCommand, PutTraceSegmentsCommand, XRayClient, XRayServiceException, type XRayClientConfig } from "../../src/index.js";
import { startLocalXRay, type LocalXRay } from "../../src/local/index.js";
import { WINDOW, scenarioDocuments } from "../support/local-scenario.js";

const KEY = { accessKeyId: "AKIDLOCALSIGNED", secretAccessKey: "signed-secret-key" };
const window = { StartTime: new Date(WINDOW.StartTime * 1000), EndTime: new Date(WINDOW.EndTime * 1000) };

let server: LocalXRay;
const clients: Array<{ destroy(): void }> = [];
beforeEach(async () => {
  server = await startLocalXRay({ verifySignatures: true, credentials: [KEY, { accessKeyId: "AKIDTEMP", secretAccessKey: "temp-secret", sessionToken: "session-token" }] });
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server.close();
});

function clientWith(options: XRayClientConfig): XRayClient {
  const client = new XRayClient({ endpoint: server.endpoint, region: "us-east-1", credentials: KEY, maxAttempts: 1, ...options });
  clients.push(client);
  return client;
}

/** Signs a POST to the local endpoint, then lets the caller alter it before it is sent. */
async function signedFetch(
  body: string,
  options: { credentials?: typeof KEY; applyChecksum?: boolean; tamper?: (request: HttpRequest) => void; unsignableHost?: boolean } = {},
) {
  const url = new URL(`${server.endpoint}/TraceSummaries`);
  const request = new HttpRequest({
    method: "POST",
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: { host: url.host, "content-type": "application/json" },
    body,
  });
  const signer = new SignatureV4({ credentials: options.credentials ?? KEY, region: "eu-west-1", service: "xray", sha256: Sha256, applyChecksum: options.applyChecksum ?? true });
  const signed = (await signer.sign(request, options.unsignableHost ? { unsignableHeaders: new Set(["host"]) } : {})) as HttpRequest;
  options.tamper?.(signed);
  const { host: _host, ...headers } = signed.headers;
  const response = await fetch(url, { method: "POST", headers, body: signed.body as string });
  return { status: response.status, code: response.headers.get("x-amzn-errortype"), body: JSON.parse(await response.text()) };
}

describe("verifySignatures", () => {
  it("accepts requests signed by typed-xray and by @aws-sdk/client-xray", async () => {
    const ours = await clientWith({}).send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: scenarioDocuments() }));
    expect(ours.UnprocessedTraceSegments).toEqual([]);
    const official = new Official.XRayClient({ endpoint: server.endpoint, region: "ap-southeast-2", credentials: KEY });
    clients.push(official);
    const summaries = await official.send(new Official.GetTraceSummariesCommand(window));
    expect(summaries.TraceSummaries).toHaveLength(3);
    const raw = await signedFetch(JSON.stringify(WINDOW));
    expect(raw.status).toBe(200);
  });

  it("accepts temporary credentials with their session token, and refuses another token", async () => {
    const temporary = { accessKeyId: "AKIDTEMP", secretAccessKey: "temp-secret" };
    await expect(clientWith({ credentials: { ...temporary, sessionToken: "session-token" } }).send(new GetTraceSummariesCommand(window))).resolves.toBeDefined();
    const error = await clientWith({ credentials: { ...temporary, sessionToken: "stolen" } }).send(new GetTraceSummariesCommand(window)).catch((e) => e);
    expect(error).toMatchObject({ name: "UnrecognizedClientException", $metadata: { httpStatusCode: 403 } });
  });

  it.each([
    ["a wrong secret", { credentials: { ...KEY, secretAccessKey: "wrong" } }, 403, "InvalidSignatureException", /does not match the one computed/],
    ["an unknown access key", { credentials: { accessKeyId: "AKIDNOBODY", secretAccessKey: "x" } }, 403, "UnrecognizedClientException", /access key id of the request is not one this endpoint accepts/],
    ["a clock 10 minutes slow", { systemClockOffset: -600_000 }, 403, "InvalidSignatureException", /^Signature expired: \d{8}T\d{6}Z is now earlier than/],
    ["a clock 10 minutes fast", { systemClockOffset: 600_000 }, 403, "InvalidSignatureException", /^Signature not yet current/],
  ])("refuses %s", async (_, options, status, code, message) => {
    const error = await clientWith(options).send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: scenarioDocuments() })).catch((e) => e);
    expect(error).toBeInstanceOf(XRayServiceException);
    expect(error.name).toBe(code);
    expect(error.$metadata.httpStatusCode).toBe(status);
    expect(error.message).toMatch(message.source.startsWith("^") ? new RegExp(`PutTraceSegments: ${message.source.slice(1)}`) : message);
    expect(server.engine.documentCount).toBe(0);
  });

  it("lets a client with a skewed clock correct it from the Date header and retry", async () => {
    const client = clientWith({ systemClockOffset: -600_000, maxAttempts: 3 });
    const output = await client.send(new GetTraceSummariesCommand(window));
    expect(output.$metadata.attempts).toBe(2);
  });

  it("refuses a request without a signature", async () => {
    const response = await fetch(`${server.endpoint}/TraceSummaries`, { method: "POST", body: JSON.stringify(WINDOW) });
    expect(response.status).toBe(403);
    expect(response.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
  });

  it.each([
    ["a body changed after signing (payload hash header)", { tamper: (r: HttpRequest): void => void (r.body = JSON.stringify({ ...WINDOW, EndTime: WINDOW.EndTime + 1 })) }, "InvalidSignatureException", /x-amz-content-sha256/],
    [
      "a body changed after signing (no payload hash header)",
      { applyChecksum: false, tamper: (r: HttpRequest): void => void (r.body = JSON.stringify({ ...WINDOW, EndTime: WINDOW.EndTime + 1 })) },
      "InvalidSignatureException",
      /does not match the one computed/,
    ],
    ["a signed header changed", { tamper: (r: HttpRequest): void => void (r.headers["content-type"] = "text/plain") }, "InvalidSignatureException", /does not match the one computed/],
    ["a signed header removed", { tamper: (r: HttpRequest): void => void delete r.headers["x-amz-content-sha256"] }, "InvalidSignatureException", /covers the header 'x-amz-content-sha256'/],
    ["an unsigned host", { unsignableHost: true }, "InvalidSignatureException", /'Host' must be a 'SignedHeader'/],
    ["a truncated Authorization header", { tamper: (r: HttpRequest): void => void (r.headers["authorization"] = r.headers["authorization"]!.replace(/, Signature=.*/, "")) }, "IncompleteSignatureException", /'Signature'/],
    ["another algorithm", { tamper: (r: HttpRequest): void => void (r.headers["authorization"] = "Bearer abc") }, "IncompleteSignatureException", /Unsupported authorization type/],
  ])("refuses %s", async (_, options, code, message) => {
    const response = await signedFetch(JSON.stringify(WINDOW), options);
    expect(response.status).toBe(403);
    expect(response.code).toBe(code);
    expect(response.body.message).toMatch(message);
  });

  it("needs credentials", async () => {
    await expect(startLocalXRay({ verifySignatures: true })).rejects.toThrow(TypeError);
  });

  it("never echoes a secret or a session token", async () => {
    const error = await clientWith({ credentials: { accessKeyId: "AKIDTEMP", secretAccessKey: "temp-secret", sessionToken: "stolen-token" } })
      .send(new GetTraceSummariesCommand(window))
      .catch((e) => e);
    expect(JSON.stringify(error.$response?.body ?? "") + error.message).not.toMatch(/AKIDTEMP|temp-secret|stolen-token|session-token/);
  });
});
