/**
 * The `aws` block and `origin` of a span (docs/otel-translation.md, "aws" and "origin"): call
 * data from span attributes, and on segments the environment from resource attributes.
 */
import type { Attributes } from "@opentelemetry/api";
import { resourceString, type SpanValues } from "./span-values.js";

/** `cloud.platform` values and the X-Ray origin (service type) each stands for. */
const ORIGINS: Readonly<Record<string, string>> = {
  aws_ec2: "AWS::EC2::Instance",
  aws_ecs: "AWS::ECS::Container",
  aws_eks: "AWS::EKS::Container",
  aws_elastic_beanstalk: "AWS::ElasticBeanstalk::Environment",
  aws_app_runner: "AWS::AppRunner::Service",
  aws_lambda: "AWS::Lambda::Function",
};

/**
 * The X-Ray service type of a `cloud.platform` value (also what sampling rules match as
 * `ServiceType`). ECS is told apart by launch type.
 *
 * @param platform - `cloud.platform`
 * @param launchType - `aws.ecs.launchtype`
 * @returns the service type, or undefined
 */
export function serviceTypeOf(platform: string | undefined, launchType?: string): string | undefined {
  if (platform === undefined) return undefined;
  if (platform === "aws_ecs" && launchType !== undefined) return launchType.toLowerCase() === "fargate" ? "AWS::ECS::Fargate" : "AWS::ECS::EC2";
  return ORIGINS[platform];
}

/**
 * The segment's `origin`: the service type of its platform, except Lambda's (Lambda sends its own
 * function segment, so an application segment claiming that origin would be a duplicate).
 *
 * @param resource - the resource's attributes
 * @returns the origin, or undefined
 */
export function originOf(resource: Attributes): string | undefined {
  const platform = resourceString(resource, "cloud.platform");
  if (platform === "aws_lambda") return undefined;
  return serviceTypeOf(platform, resourceString(resource, "aws.ecs.launchtype"));
}

type Block = Record<string, unknown>;

/** Sets `key` on `block` when `value` is defined. */
const put = (block: Block, key: string, value: unknown): void => {
  if (value !== undefined) block[key] = value;
};

/** A sub-block of resource attributes, or undefined when none is set. */
function resourceBlock(resource: Attributes, fields: Readonly<Record<string, string>>): Block | undefined {
  const block: Block = {};
  for (const [field, key] of Object.entries(fields)) put(block, field, resourceString(resource, key));
  return Object.keys(block).length > 0 ? block : undefined;
}

/**
 * The environment blocks a segment carries for its platform.
 *
 * @param resource - the resource's attributes
 * @param aws - the block to add them to
 */
function addEnvironment(resource: Attributes, aws: Block): void {
  const platform = resourceString(resource, "cloud.platform");
  if (platform === "aws_ec2") {
    put(aws, "ec2", resourceBlock(resource, { instance_id: "host.id", availability_zone: "cloud.availability_zone", instance_size: "host.type", ami_id: "host.image.id" }));
  } else if (platform === "aws_ecs") {
    put(aws, "ecs", resourceBlock(resource, {
      container: "host.name",
      container_id: "container.id",
      task_arn: "aws.ecs.task.arn",
      task_family: "aws.ecs.task.family",
      cluster_arn: "aws.ecs.cluster.arn",
      container_arn: "aws.ecs.container.arn",
      availability_zone: "cloud.availability_zone",
      launch_type: "aws.ecs.launchtype",
    }));
  } else if (platform === "aws_eks") {
    put(aws, "eks", resourceBlock(resource, { cluster_name: "k8s.cluster.name", pod: "k8s.pod.name", container_id: "container.id" }));
  } else if (platform === "aws_elastic_beanstalk") {
    const beanstalk = resourceBlock(resource, { environment_name: "service.namespace", version_label: "service.version" }) ?? {};
    // X-Ray's deployment_id is a number: an instance ID that is not one is left out.
    const deployment = resourceString(resource, "service.instance.id");
    if (deployment !== undefined && /^\d+$/.test(deployment)) beanstalk["deployment_id"] = Number(deployment);
    if (Object.keys(beanstalk).length > 0) aws["elastic_beanstalk"] = beanstalk;
  }
  const groups = resource["aws.log.group.names"];
  if (Array.isArray(groups) && groups.length > 0) {
    const arns = resource["aws.log.group.arns"];
    aws["cloudwatch_logs"] = groups
      .filter((name): name is string => typeof name === "string")
      .map((name, index) => {
        const arn = Array.isArray(arns) ? arns[index] : undefined;
        return typeof arn === "string" ? { log_group: name, arn } : { log_group: name };
      });
  }
}

/**
 * The `aws` block: call data (operation, account, region, request ID, queue URL, tables) and, on
 * segments, the environment and the `xray` SDK description. None when the resource names
 * another cloud provider.
 *
 * @param values - the span's attributes
 * @param resource - the resource's attributes
 * @param segment - whether the document is a segment (resource data goes on segments only)
 * @returns the block, or undefined when empty
 */
export function awsBlock(values: SpanValues, resource: Attributes, segment: boolean): Block | undefined {
  const provider = resourceString(resource, "cloud.provider");
  if (provider !== undefined && provider !== "aws") return undefined;
  const aws: Block = {};
  put(aws, "operation", values.string("aws.operation") ?? (values.peek("rpc.system") === "aws-api" ? values.string("rpc.method") : undefined));
  put(aws, "account_id", values.string("aws.account_id") ?? (segment ? resourceString(resource, "cloud.account.id") : undefined));
  put(aws, "region", values.string("aws.region"));
  put(aws, "request_id", values.string("aws.request_id", "aws.requestId"));
  put(aws, "queue_url", values.string("messaging.url", "aws.queue_url", "aws.queue.url"));
  const tables = values.strings("aws.dynamodb.table_names");
  if (tables !== undefined && tables.length > 1) aws["table_names"] = tables;
  else put(aws, "table_name", tables?.[0] ?? values.string("aws.table_name"));
  if (segment) {
    addEnvironment(resource, aws);
    const sdk = resourceString(resource, "telemetry.sdk.name");
    if (sdk !== undefined) {
      const language = resourceString(resource, "telemetry.sdk.language");
      const xray: Block = { sdk: language === undefined ? sdk : `${sdk} for ${language}` };
      put(xray, "sdk_version", resourceString(resource, "telemetry.sdk.version"));
      if (resourceString(resource, "telemetry.auto.version") !== undefined) xray["auto_instrumentation"] = true;
      aws["xray"] = xray;
    }
  }
  return Object.keys(aws).length > 0 ? aws : undefined;
}
