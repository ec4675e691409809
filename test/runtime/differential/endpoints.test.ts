/**
 * Differential test of client options that change host, path or signing scope (regions of
 * other partitions, FIPS, dual-stack, custom endpoints) and of the Lambda trace header: the
 * requests are byte-identical on the wire. Harness: `test/support/differential.ts`.
 */
import { describe, expect, it, vi } from "vitest";
import { both, ok, outputOf, useFrozenDate } from "../../support/differential.js";

useFrozenDate();

/** Client options other than the defaults, each of which changes host, path or signing scope. */
const endpointCases: Array<{ name: string; config: Record<string, unknown> }> = [
  { name: "eu-west-1", config: { region: "eu-west-1" } },
  { name: "cn-north-1 (aws-cn partition)", config: { region: "cn-north-1" } },
  { name: "us-gov-west-1 (aws-us-gov partition)", config: { region: "us-gov-west-1" } },
  { name: "FIPS", config: { useFipsEndpoint: true } },
  { name: "dual-stack", config: { useDualstackEndpoint: true } },
  { name: "FIPS and dual-stack", config: { useFipsEndpoint: true, useDualstackEndpoint: true } },
  { name: "custom endpoint with port (local daemon)", config: { endpoint: "http://127.0.0.1:2000" } },
  { name: "custom endpoint with port and path", config: { endpoint: "https://proxy.example.com:8443/a/b" } },
  {
    name: "custom endpoint as an object",
    config: { region: "eu-west-1", endpoint: { protocol: "https:", hostname: "h.example.com", port: 444, path: "/p" } },
  },
];

describe("requests are identical on the wire", () => {
  it.each(endpointCases)("endpoint: $name", async ({ config }) => {
    const input = { TraceSegmentDocuments: ['{"name":"svc"}'] };
    const { ours, official } = await both("PutTraceSegments", input, ok("{}"), { config });
    outputOf(official, "official");
    outputOf(ours, "ours");
    expect(ours.requests[0]!.headers["authorization"]).toBe(official.requests[0]!.headers["authorization"]);
    expect(ours.requests).toEqual(official.requests);
  });

  it("in Lambda, both pass the invocation's trace header on", async () => {
    // The official client's recursion-detection middleware; ours does the same in its serializer.
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "my-function");
    vi.stubEnv("_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
    try {
      const { ours, official } = await both("PutTraceSegments", { TraceSegmentDocuments: ["{}"] }, ok("{}"));
      expect(official.requests[0]!.headers["x-amzn-trace-id"]).toBe(process.env["_X_AMZN_TRACE_ID"]);
      expect(ours.requests).toEqual(official.requests);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
