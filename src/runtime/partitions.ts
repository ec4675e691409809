/**
 * AWS partitions, as the endpoint rules' `aws.partition` function reports them.
 *
 * The data are the facts of `@aws-sdk/util-endpoints`' partitions table (version 1.1), kept to
 * what rule sets read: every partition supports FIPS and dual-stack today, so those flags are
 * not stored per row. `test/runtime/partitions.test.ts` checks this table against that package for
 * every region it knows and for unknown names, so a new AWS partition fails a test instead of
 * silently routing to `aws`.
 */

/** What `aws.partition` returns; rule sets read these attributes with `getAttr`. */
export interface PartitionResult {
  /** The partition id, e.g. `aws-cn`. */
  readonly name: string;
  /** DNS suffix of regional endpoints, e.g. `amazonaws.com`. */
  readonly dnsSuffix: string;
  /** DNS suffix of dual-stack endpoints, e.g. `api.aws`. */
  readonly dualStackDnsSuffix: string;
  /** The region global endpoints of the partition live in. */
  readonly implicitGlobalRegion: string;
  /** Whether the partition has FIPS endpoints. */
  readonly supportsFIPS: boolean;
  /** Whether the partition has dual-stack endpoints. */
  readonly supportsDualStack: boolean;
}

/** id, region pattern, DNS suffix, dual-stack DNS suffix, implicit global region, named regions the pattern misses. */
type PartitionRow = readonly [string, RegExp, string, string, string, readonly string[]];

const PARTITIONS: readonly PartitionRow[] = [
  ["aws", /^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$/, "amazonaws.com", "api.aws", "us-east-1", ["aws-global"]],
  ["aws-cn", /^cn\-\w+\-\d+$/, "amazonaws.com.cn", "api.amazonwebservices.com.cn", "cn-northwest-1", ["aws-cn-global"]],
  ["aws-eusc", /^eusc\-(de)\-\w+\-\d+$/, "amazonaws.eu", "api.amazonwebservices.eu", "eusc-de-east-1", []],
  ["aws-iso", /^us\-iso\-\w+\-\d+$/, "c2s.ic.gov", "api.aws.ic.gov", "us-iso-east-1", ["aws-iso-global"]],
  ["aws-iso-b", /^us\-isob\-\w+\-\d+$/, "sc2s.sgov.gov", "api.aws.scloud", "us-isob-east-1", ["aws-iso-b-global"]],
  ["aws-iso-e", /^eu\-isoe\-\w+\-\d+$/, "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", "eu-isoe-west-1", ["aws-iso-e-global"]],
  ["aws-iso-f", /^us\-isof\-\w+\-\d+$/, "csp.hci.ic.gov", "api.aws.hci.ic.gov", "us-isof-south-1", ["aws-iso-f-global"]],
  ["aws-us-gov", /^us\-gov\-\w+\-\d+$/, "amazonaws.com", "api.aws", "us-gov-west-1", ["aws-us-gov-global"]],
];

/**
 * The partition a region belongs to: a named region first, then the first matching pattern,
 * then `aws` (as the AWS SDKs do, so a brand-new commercial region still resolves).
 *
 * @param region - a region name
 * @returns the partition's attributes
 */
export function partition(region: string): PartitionResult {
  const row =
    PARTITIONS.find((p) => p[5].includes(region)) ?? PARTITIONS.find((p) => p[1].test(region)) ?? PARTITIONS[0]!;
  return {
    name: row[0],
    dnsSuffix: row[2],
    dualStackDnsSuffix: row[3],
    implicitGlobalRegion: row[4],
    supportsFIPS: true,
    supportsDualStack: true,
  };
}
