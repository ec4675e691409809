/**
 * What the sender does with a failed call or an unprocessed document: the decisions its delivery
 * accounting rests on, checked one by one.
 */
import { describe, expect, it } from "vitest";
import { isRetryableUnprocessedCode } from "../../../src/tracing/index.js";
import { classifyFailure } from "../../../src/tracing/sender/classify.js";

const serviceError = (name: string, status: number) => Object.assign(new Error("x"), { name, $metadata: { httpStatusCode: status } });

describe("isRetryableUnprocessedCode", () => {
  it("sends again what throttling or a transient fault held back", () => {
    for (const code of ["ThrottledException", "ThrottlingException", "TooManyRequestsException", "SlowDown", "InternalFailure", "ServiceUnavailable", "RequestTimeout"]) {
      expect(isRetryableUnprocessedCode(code), code).toBe(true);
    }
  });

  it("rejects what is wrong with the document itself, and codes it does not know", () => {
    for (const code of ["InvalidTraceId", "InvalidSegment", "MissingId", "SomethingNew", "", undefined]) {
      expect(isRetryableUnprocessedCode(code), String(code)).toBe(false);
    }
  });
});

describe("classifyFailure", () => {
  it("retries throttling, 408 and 5xx, splits on InvalidRequestException, drops other 4xx", () => {
    expect(classifyFailure(serviceError("ThrottledException", 429))).toEqual({ action: "retry", kind: "HTTPCode4XXCount", label: "ThrottledException" });
    expect(classifyFailure(serviceError("ThrottlingException", 400)).action).toBe("retry");
    expect(classifyFailure(serviceError("RequestTimeout", 408)).action).toBe("retry");
    expect(classifyFailure(serviceError("InternalFailure", 500))).toEqual({ action: "retry", kind: "HTTPCode5XXCount", label: "InternalFailure" });
    expect(classifyFailure(serviceError("InvalidRequestException", 400)).action).toBe("split");
    expect(classifyFailure(serviceError("AccessDeniedException", 403)).action).toBe("drop");
  });

  it("retries failures without a response, counted by their cause", () => {
    const network = (code: string) => Object.assign(new Error("x"), { code });
    expect(classifyFailure(network("ECONNREFUSED")).kind).toBe("ConnectionRefusedCount");
    expect(classifyFailure(network("ETIMEDOUT")).kind).toBe("TimeoutCount");
    expect(classifyFailure(network("ENOTFOUND")).kind).toBe("UnknownHostCount");
    expect(classifyFailure(network("ECONNRESET"))).toEqual({ action: "retry", kind: "OtherCount", label: "ECONNRESET" });
  });
});
