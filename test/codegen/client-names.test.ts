/**
 * Class names from the service's `sdkId`, derived as the official AWS SDK for JavaScript
 * derives them (each space-separated word capitalised, joined): the client, the aggregated
 * client and the base exception keep the names users of `@aws-sdk/client-*` know.
 */
import { describe, expect, it } from "vitest";
import { clientPrefixOf } from "../../src/codegen/context.js";
import { generateFiles } from "../../src/codegen/generate.js";
import { traitModel } from "../support/codegen.js";

describe("clientPrefixOf", () => {
  it.each([
    ["amp", "Amp"],
    ["Application Signals", "ApplicationSignals"],
    ["XRay", "XRay"],
    ["ApiGatewayManagementApi", "ApiGatewayManagementApi"],
    ["AppConfigData", "AppConfigData"],
    ["billingconductor", "Billingconductor"],
    ["Route 53", "Route53"],
    ["ivs realtime", "IvsRealtime"],
    ["odd-name here", "OddnameHere"],
  ])("%j → %s", (sdkId, prefix) => {
    expect(clientPrefixOf(sdkId)).toBe(prefix);
  });
});

describe("generated names", () => {
  it("a lower-case sdkId with a space gives AmpLike names in every file", () => {
    const model = traitModel("json-name");
    const serviceId = Object.keys(model.shapes).find((id) => model.shapes[id]!.type === "service")!;
    (model.shapes[serviceId]!.traits!["aws.api#service"] as { sdkId: string }).sdkId = "amp like";
    const files = generateFiles(model, { modelLabel: "json-name" });
    expect([...files.keys()]).toEqual(expect.arrayContaining(["AmpLike.ts", "AmpLikeClient.ts"]));
    expect(files.get("AmpLikeClient.ts")).toContain("export class AmpLikeClient extends ServiceClient");
    expect(files.get("AmpLike.ts")).toContain("export class AmpLike extends AmpLikeClient");
    expect(files.get("errors.ts")).toContain("export class AmpLikeServiceException");
    // The service declaration keeps the sdkId itself (the client reports it as its serviceId).
    expect(files.get("service.ts")).toContain('sdkId: "amp like"');
  });
});
