/**
 * The segment-document shapes the builder produces: fields are snake_case, as they go on the wire.
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html
 *
 * @packageDocumentation
 */
import type { CauseDocument } from "./cause.js";

/** An annotation value: indexed by X-Ray for filter expressions. */
export type AnnotationScalar = string | number | boolean;

/**
 * The former name of {@link AnnotationScalar}, which collided with the client's tagged union
 * `AnnotationValue` (`{ NumberValue }`, `{ BooleanValue }`, `{ StringValue }`) of `typed-xray`.
 *
 * @deprecated Use {@link AnnotationScalar}.
 */
export type AnnotationValue = AnnotationScalar;

/** The `http.request` block. Strings over 250 characters are clipped (X-Ray's limit). */
export interface HttpRequestData {
  /** The request method, e.g. `GET`. */
  method?: string;
  /** The request's full URL: scheme, host, path and query. */
  url?: string;
  /** The requester's `User-Agent` header. */
  user_agent?: string;
  /** The requester's IP address: the connection's peer, or the first address of `X-Forwarded-For`. */
  client_ip?: string;
  /** Whether `client_ip` came from an `X-Forwarded-For` header (so is not verified). */
  x_forwarded_for?: boolean;
  /** On a subsegment: whether the downstream service is traced too (sends its own segment). */
  traced?: boolean;
}

/** The `http.response` block. */
export interface HttpResponseData {
  /** The response's HTTP status code. */
  status?: number;
  /** The response body's length in bytes. */
  content_length?: number;
}

/** The `http` block. */
export interface HttpData {
  /** The request: the one the segment served, or the one the subsegment sent downstream. */
  request?: HttpRequestData;
  /** Its response. */
  response?: HttpResponseData;
}

/** The `aws` block: resource data on segments, call data on subsegments of AWS SDK calls. */
export interface AwsData {
  /** The AWS account ID: the one the application runs in (segments) or the one called (subsegments). */
  account_id?: string;
  /** The API operation called, e.g. `GetItem`. */
  operation?: string;
  /** The region of the resource called, when it differs from the application's. */
  region?: string;
  /** The request ID AWS returned for the call. */
  request_id?: string;
  /** Amazon SQS calls: the queue's URL. */
  queue_url?: string;
  /** DynamoDB calls: the table's name. */
  table_name?: string;
  /** How many times the SDK retried the call. */
  retries?: number;
  /** The EC2 instance the application runs on. */
  ec2?: {
    /** The instance ID, e.g. `i-0b5a4678fc325bg98`. */
    instance_id?: string;
    /** The instance's Availability Zone, e.g. `us-west-2c`. */
    availability_zone?: string;
    /** The instance type, e.g. `m5.large`. */
    instance_size?: string;
    /** The ID of the AMI the instance was launched from. */
    ami_id?: string;
  };
  /** The Amazon ECS container the application runs in. */
  ecs?: {
    /** The container's host name. */
    container?: string;
    /** The container's full ID. */
    container_id?: string;
    /** The container's ARN. */
    container_arn?: string;
  };
  /** The Amazon EKS pod the application runs in. */
  eks?: {
    /** The pod's host name. */
    pod?: string;
    /** The cluster's name. */
    cluster_name?: string;
    /** The container's full ID. */
    container_id?: string;
  };
  /** The Elastic Beanstalk environment the application runs in. */
  elastic_beanstalk?: {
    /** The environment's name. */
    environment_name?: string;
    /** The label of the application version deployed. */
    version_label?: string;
    /** The ID of the last successful deployment. */
    deployment_id?: number;
  };
  /** The SDK that recorded the segment. */
  xray?: {
    /** The SDK's name, e.g. `X-Ray for Node.js`. */
    sdk?: string;
    /** The SDK's version. */
    sdk_version?: string;
    /** Whether the segment came from automatic instrumentation (an agent) rather than code calling the SDK. */
    auto_instrumentation?: boolean;
    /** The sampling rule that decided to trace the request. */
    rule_name?: string;
  };
  /** Other fields; X-Ray keeps any JSON here. */
  [field: string]: unknown;
}

/** The `sql` block of a database-call subsegment. `user` over 250 characters is clipped. */
export interface SqlData {
  /** The connection string, without passwords, for databases not reached by URL. */
  connection_string?: string;
  /** The database URL, without passwords. */
  url?: string;
  /** The query, with any values the user supplied replaced by placeholders. */
  sanitized_query?: string;
  /** The database engine, e.g. `PostgreSQL`. */
  database_type?: string;
  /** The database engine's version. */
  database_version?: string;
  /** The database driver's name and version. */
  driver_version?: string;
  /** The database user name. */
  user?: string;
  /** `"call"` for a prepared call, `"statement"` for a prepared statement. */
  preparation?: "call" | "statement";
}

/** The fields segment and subsegment documents share. */
export interface EntityDocument {
  /**
   * The service (segment) or the call (subsegment): 1 to 200 Unicode letters, numbers and
   * whitespace, and `_ . : / % & # = + \ - @`.
   */
  name: string;
  /** 16 hex digits, unique within the trace. */
  id: string;
  /** When the work started: epoch seconds, fractions for sub-second precision (`1480615200.010`). */
  start_time: number;
  /** When the work ended, in the same unit. Either this or `in_progress` is set. */
  end_time?: number;
  /**
   * Set instead of `end_time` while the work goes on; the complete document sent later
   * replaces this one.
   */
  in_progress?: true;
  /** A client error happened (HTTP 4xx). */
  error?: true;
  /** The request was throttled (HTTP 429). */
  throttle?: true;
  /** A server error happened (HTTP 5xx). */
  fault?: true;
  /** Exceptions, or the ID of an exception recorded in another (sub)segment of the trace. */
  cause?: CauseDocument | string;
  /**
   * Values X-Ray indexes for filter expressions (`annotation.key = value`). Keys are ASCII
   * letters, digits and `_`; X-Ray indexes at most 50 per trace.
   */
  annotations?: Record<string, AnnotationScalar>;
  /**
   * Any JSON, not indexed, by namespace (the SDKs' default namespace is `default`). Namespaces
   * starting with `AWS.` are reserved for AWS SDKs.
   */
  metadata?: Record<string, Record<string, unknown>>;
  /** The HTTP request served (segment) or sent (subsegment), and its response. */
  http?: HttpData;
  /** AWS resource data (segment) or AWS call data (subsegment). */
  aws?: AwsData;
  /** The database query a subsegment made. */
  sql?: SqlData;
  /** Nested subsegments, for work done within this one. */
  subsegments?: SubsegmentDocument[];
}

/** A subsegment document, nested or (with `type`, `trace_id`, `parent_id`) standalone. */
export interface SubsegmentDocument extends EntityDocument {
  /** `"subsegment"`: required when the document is sent on its own rather than nested. */
  type?: "subsegment";
  /** The trace ID; required when sent on its own. */
  trace_id?: string;
  /** The ID of the parent segment or subsegment; required when sent on its own. */
  parent_id?: string;
  /** `"aws"` for calls through an AWS SDK, `"remote"` for other downstream calls. */
  namespace?: "aws" | "remote";
  /** IDs of sibling subsegments that finished before this one started. */
  precursor_ids?: string[];
}

/** The fields of a segment document beyond the shared ones. */
export interface SegmentDocument extends EntityDocument {
  /** The trace ID, `1-` + 8 hex digits of epoch seconds + `-` + 24 random hex digits (35 characters). */
  trace_id: string;
  /** The caller's (sub)segment ID, from the `Parent` of the incoming trace header. */
  parent_id?: string;
  /** The user who made the request. */
  user?: string;
  /** The type of AWS resource the application runs on, e.g. `AWS::EC2::Instance` or `AWS::ECS::Container`. */
  origin?: string;
  /** The ARN of the AWS resource that runs the application, e.g. a Lambda function. */
  resource_arn?: string;
  /** The application. */
  service?: {
    /** The application's version. */
    version?: string;
    /** Other fields; X-Ray keeps any JSON here. */
    [field: string]: unknown;
  };
}
