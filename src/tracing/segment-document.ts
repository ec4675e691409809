/**
 * The segment-document shapes the builder produces: fields are snake_case, as they go on the wire.
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html
 *
 * @packageDocumentation
 */
import type { CauseDocument } from "./cause.js";

/** An annotation value: indexed by X-Ray for filter expressions. */
export type AnnotationValue = string | number | boolean;

/** The `http.request` block. Strings over 250 characters are clipped (X-Ray's limit). */
export interface HttpRequestData {
  method?: string;
  url?: string;
  user_agent?: string;
  client_ip?: string;
  /** Whether `client_ip` came from an `X-Forwarded-For` header (so is not verified). */
  x_forwarded_for?: boolean;
  /** On a subsegment: whether the downstream service is traced too (sends its own segment). */
  traced?: boolean;
}

/** The `http.response` block. */
export interface HttpResponseData {
  status?: number;
  content_length?: number;
}

/** The `http` block. */
export interface HttpData {
  request?: HttpRequestData;
  response?: HttpResponseData;
}

/** The `aws` block: resource data on segments, call data on subsegments of AWS SDK calls. */
export interface AwsData {
  account_id?: string;
  operation?: string;
  region?: string;
  request_id?: string;
  queue_url?: string;
  table_name?: string;
  retries?: number;
  ec2?: { instance_id?: string; availability_zone?: string; instance_size?: string; ami_id?: string };
  ecs?: { container?: string; container_id?: string; container_arn?: string };
  eks?: { pod?: string; cluster_name?: string; container_id?: string };
  elastic_beanstalk?: { environment_name?: string; version_label?: string; deployment_id?: number };
  xray?: { sdk?: string; sdk_version?: string; auto_instrumentation?: boolean; rule_name?: string };
  [field: string]: unknown;
}

/** The `sql` block of a database-call subsegment. `user` over 250 characters is clipped. */
export interface SqlData {
  connection_string?: string;
  url?: string;
  sanitized_query?: string;
  database_type?: string;
  database_version?: string;
  driver_version?: string;
  user?: string;
  preparation?: "call" | "statement";
}

/** The fields segment and subsegment documents share. */
export interface EntityDocument {
  name: string;
  id: string;
  start_time: number;
  end_time?: number;
  in_progress?: true;
  error?: true;
  throttle?: true;
  fault?: true;
  /** Exceptions, or the ID of an exception recorded in another (sub)segment of the trace. */
  cause?: CauseDocument | string;
  annotations?: Record<string, AnnotationValue>;
  metadata?: Record<string, Record<string, unknown>>;
  http?: HttpData;
  aws?: AwsData;
  sql?: SqlData;
  subsegments?: SubsegmentDocument[];
}

/** A subsegment document, nested or (with `type`, `trace_id`, `parent_id`) standalone. */
export interface SubsegmentDocument extends EntityDocument {
  type?: "subsegment";
  trace_id?: string;
  parent_id?: string;
  namespace?: "aws" | "remote";
  precursor_ids?: string[];
}

/** The fields of a segment document beyond the shared ones. */
export interface SegmentDocument extends EntityDocument {
  trace_id: string;
  parent_id?: string;
  user?: string;
  origin?: string;
  resource_arn?: string;
  service?: { version?: string; [field: string]: unknown };
}
