/**
 * Our partition table against `@aws-sdk/util-endpoints`, the AWS SDKs' own: every region it
 * names and a set of unknown names resolve to the same partition attributes.
 */
import { partition as awsPartition } from "@aws-sdk/util-endpoints";
import { describe, expect, it } from "vitest";
import { partition } from "../../src/runtime/partitions.js";

const ATTRIBUTES = ["name", "dnsSuffix", "dualStackDnsSuffix", "implicitGlobalRegion", "supportsFIPS", "supportsDualStack"] as const;
const pick = (result: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(ATTRIBUTES.map((key) => [key, result[key]]));

/** Region names the reference resolves; includes every listed region of every partition. */
function knownRegions(): string[] {
  const names = new Set<string>();
  for (const prefix of ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn", "us-gov", "us-iso", "us-isob", "us-isof", "eu-isoe", "eusc-de"]) {
    for (const direction of ["east", "west", "north", "south", "central", "northeast", "southeast"]) {
      for (const n of [1, 2, 3]) names.add(`${prefix}-${direction}-${n}`);
    }
  }
  for (const id of ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f"]) names.add(`${id}-global`);
  return [...names];
}

describe("aws.partition", () => {
  it.each(knownRegions())("%s resolves as in @aws-sdk/util-endpoints", (region) => {
    expect(pick({ ...partition(region) })).toEqual(pick(awsPartition(region) as unknown as Record<string, unknown>));
  });

  it.each(["", "mars-central-1", "US-EAST-1", "local", "us-east-1 ", "x".repeat(500)])(
    "unknown name %j falls back to aws like the AWS SDKs",
    (region) => {
      expect(pick({ ...partition(region) })).toEqual(pick(awsPartition(region) as unknown as Record<string, unknown>));
      expect(partition(region).name).toBe("aws");
    },
  );
});
