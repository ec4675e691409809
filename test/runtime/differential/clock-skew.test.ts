/**
 * Differential test of clock-skew correction: a server `Date` far from the client's clock moves
 * the signing time of both clients alike. Harness: `test/support/differential.ts`.
 */
import { describe, expect, it } from "vitest";
import { FROZEN_NOW, REQUEST_ID, both, outputOf, sendSeveral, type Canned, type Responder, useFrozenDate } from "../../support/differential.js";

useFrozenDate();

describe("clock skew", () => {
  const input = { TraceSegmentDocuments: ['{"name":"svc"}'] };
  const httpDate = (offsetMs: number) => new Date(FROZEN_NOW.getTime() + offsetMs).toUTCString();

  it("a 403 InvalidSignatureException with a server Date an hour ahead: both correct the clock and retry identically", async () => {
    const skewed: Responder = (attempt): Canned =>
      attempt === 1
        ? {
            statusCode: 403,
            headers: { "x-amzn-errortype": "InvalidSignatureException", date: httpDate(3_600_000) },
            text: '{"message":"Signature expired: 20261124T120000Z is now earlier than 20261124T125500Z"}',
          }
        : { statusCode: 200, headers: { "x-amzn-requestid": REQUEST_ID }, text: "{}" };
    const { ours, official } = await both("PutTraceSegments", input, skewed, { maxAttempts: 3 });
    expect(outputOf(official, "official").$metadata.attempts).toBe(2);
    expect(outputOf(ours, "ours").$metadata.attempts).toBe(2);
    expect(official.requests[1]!.headers["x-amz-date"]).toBe("20261124T130000Z");
    expect(ours.requests).toEqual(official.requests);
  });

  it("a server Date 90 s ahead on a successful response moves the next request's signing time", async () => {
    // The official client (AwsSdkSigV4Signer.successHandler/errorHandler) adopts the server's
    // clock from every response's Date header, however small the skew; it only flags
    // `clockSkewCorrected` (and so retries) from 4 minutes on. The second call must therefore
    // be signed at 12:01:30 by both.
    const responder: Responder = (attempt) => ({
      statusCode: 200,
      headers: { "x-amzn-requestid": REQUEST_ID, ...(attempt === 1 ? { date: httpDate(90_000) } : {}) },
      text: "{}",
    });
    const official = await sendSeveral("official", "PutTraceSegments", [input, input], responder, {});
    const ours = await sendSeveral("ours", "PutTraceSegments", [input, input], responder, {});
    const officialRequests = official[0]!.requests;
    expect(officialRequests.map((r) => r.headers["x-amz-date"])).toEqual(["20261124T120000Z", "20261124T120130Z"]);
    expect(ours[0]!.requests).toEqual(officialRequests);
  });
});
