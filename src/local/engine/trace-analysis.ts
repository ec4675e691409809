/**
 * The facts of one trace that summaries, filter views and graphs are built from: its services
 * (instrumented ones from segments, downstream ones inferred from subsegments' `namespace`,
 * `sql` and `aws` blocks), the requests each service served, the calls between services, status
 * flags, annotations, users and timing.
 *
 * Computed once per trace revision and cached, so a query over thousands of traces only pays for
 * the traces that changed since the last one.
 *
 * @packageDocumentation
 */
import type { StatusFlags } from "../filter/trace-view.js";
import {
  asObject,
  asString,
  field,
  httpFacts,
  type AnnotationScalar,
  type HttpFacts,
  type ValidatedDocument,
} from "./validated-document.js";
import type { TraceRecord } from "./store.js";
import { buildTraceTree, type TraceNode, type TraceTree } from "./trace-tree.js";

/** Who a service node is. */
export interface ServiceIdentity {
  /** Unique per (name, type, account). */
  readonly key: string;
  readonly name: string;
  readonly type?: string;
  readonly accountId?: string;
  /** `instrumented`: it sent segments; `inferred`: seen only as a downstream call; `client`: the callers of entry services. */
  readonly kind: "instrumented" | "inferred" | "client";
}

/** One timed request (served by a service) or call (along an edge). */
export interface Observation {
  readonly start: number;
  /** `undefined` while in progress. */
  readonly end: number | undefined;
  readonly flags: StatusFlags;
}

/** A call from one service to another. */
export interface Call extends Observation {
  readonly source: string;
  readonly destination: string;
}

/** A request a service handled. */
export interface Served extends Observation {
  readonly service: string;
}

/** An annotation value and the services whose (sub)segments carried it. */
export interface AnnotationUse {
  readonly value: AnnotationScalar;
  readonly services: ReadonlySet<string>;
}

/** Everything derived from one trace. */
export interface TraceAnalysis {
  readonly id: string;
  readonly tree: TraceTree;
  /** The record revision this analysis was computed from. */
  readonly revision: number;
  /** Epoch milliseconds of the trace's latest change. */
  readonly updatedAt: number;
  /** Earliest start of any (sub)segment, epoch seconds. */
  readonly start: number;
  /** From the earliest start to the latest completed end, seconds; 0 when nothing completed. */
  readonly duration: number;
  /** The root segment's own duration, when it is complete. */
  readonly responseTime?: number;
  readonly partial: boolean;
  /** Any segment's flags (5xx/`fault`, 4xx/`error`, 429/`throttle`). */
  readonly flags: StatusFlags;
  /** The root segment's HTTP facts. */
  readonly http?: HttpFacts;
  /** Every service node except the client: instrumented first, then inferred, in order of appearance. */
  readonly services: ReadonlyMap<string, ServiceIdentity>;
  /** The root segment's service. */
  readonly entryPoint?: string;
  readonly served: readonly Served[];
  /** Every call, those from the client to entry services included. */
  readonly calls: readonly Call[];
  /** Service of each node: a segment's own, a subsegment's segment's. */
  readonly nodeService: ReadonlyMap<string, string>;
  /** Destination service of each subsegment that is a downstream call. */
  readonly callTarget: ReadonlyMap<string, string>;
  /** Annotation key → values (keyed by type and value) → where they were seen. */
  readonly annotations: ReadonlyMap<string, ReadonlyMap<string, AnnotationUse>>;
  /** User name → services whose segments named that user. */
  readonly users: ReadonlyMap<string, ReadonlySet<string>>;
  readonly resourceArns: readonly string[];
  readonly instanceIds: readonly string[];
  readonly availabilityZones: readonly string[];
  /** End times of the segments (for `TimeRangeType: Service`). */
  readonly segmentEnds: readonly number[];
}

/** The client node: whoever sent the requests that entry services received. */
export const CLIENT: ServiceIdentity = { key: serviceKey("client", "client", undefined), name: "client", type: "client", kind: "client" };

const cache = new WeakMap<TraceRecord, TraceAnalysis>();

/**
 * Analyses a trace, or returns the cached analysis when the trace has not changed.
 *
 * @param record - the stored trace
 * @returns its analysis
 */
export function analyzeTrace(record: TraceRecord): TraceAnalysis {
  const cached = cache.get(record);
  if (cached && cached.revision === record.revision) return cached;
  const analysis = analyze(record, buildTraceTree(record));
  cache.set(record, analysis);
  return analysis;
}

/**
 * The status flags of a (sub)segment, from its flags and its HTTP status.
 *
 * @param doc - a segment or subsegment
 * @returns fault (5xx), error (4xx, throttles included) and throttle (429)
 */
export function flagsOf(doc: ValidatedDocument): StatusFlags {
  const status = httpFacts(doc)?.status;
  const throttle = doc.throttle === true || status === 429;
  return {
    fault: doc.fault === true || (status !== undefined && status >= 500 && status < 600),
    error: doc.error === true || throttle || (status !== undefined && status >= 400 && status < 500),
    throttle,
  };
}

const NO_FLAGS: StatusFlags = { fault: false, error: false, throttle: false };
const orFlags = (a: StatusFlags, b: StatusFlags): StatusFlags => ({ fault: a.fault || b.fault, error: a.error || b.error, throttle: a.throttle || b.throttle });

function serviceKey(name: string, type: string | undefined, accountId: string | undefined): string {
  return JSON.stringify([name, type ?? "", accountId ?? ""]);
}

function instrumented(doc: ValidatedDocument): ServiceIdentity {
  const accountId = asString(field(doc.aws, "account_id"));
  return { key: serviceKey(doc.name, doc.origin, accountId), name: doc.name, type: doc.origin, accountId, kind: "instrumented" };
}

/**
 * The downstream node a subsegment calls, when it is a call: an SQL database, an AWS resource or
 * service (`namespace: "aws"`), or another remote service (`namespace: "remote"`).
 */
function inferred(doc: ValidatedDocument): ServiceIdentity | undefined {
  const make = (name: string, type: string): ServiceIdentity => ({ key: serviceKey(name, type, undefined), name, type, kind: "inferred" });
  if (asObject(doc.sql)) return make(doc.name, "Database::SQL");
  if (doc.namespace === "aws") {
    const table = asString(field(doc.aws, "table_name"));
    if (table) return make(table, "AWS::DynamoDB::Table");
    const queue = asString(field(doc.aws, "queue_url"));
    if (queue) return make(queue.slice(queue.lastIndexOf("/") + 1) || queue, "AWS::SQS::Queue");
    const bucket = asString(field(doc.aws, "bucket_name"));
    if (bucket) return make(bucket, "AWS::S3::Bucket");
    return make(doc.name, `AWS::${doc.name}`);
  }
  if (doc.namespace === "remote") return make(doc.name, "remote");
  return undefined;
}

function analyze(record: TraceRecord, tree: TraceTree): TraceAnalysis {
  const instrumentedServices = new Map<string, ServiceIdentity>();
  const inferredServices = new Map<string, ServiceIdentity>();
  const nodeService = new Map<string, string>();
  const callTarget = new Map<string, string>();
  const served: Served[] = [];
  const calls: Call[] = [];
  const observe = (node: TraceNode, flags = flagsOf(node.doc)): Observation => ({ start: node.start, end: node.end, flags });

  for (const segment of tree.segments) {
    const service = instrumented(segment.doc);
    if (!instrumentedServices.has(service.key)) instrumentedServices.set(service.key, service);
    nodeService.set(segment.id, service.key);
    served.push({ service: service.key, ...observe(segment) });
  }
  for (const node of tree.nodes.values()) {
    if (node.segment && !node.isSegment) nodeService.set(node.id, nodeService.get(node.segment.id)!);
  }

  let flags = NO_FLAGS;
  for (const segment of tree.segments) {
    const source = nodeService.get(segment.id)!;
    flags = orFlags(flags, flagsOf(segment.doc));
    // A segment called directly by another segment (no subsegment in between).
    for (const callee of segment.callees) calls.push({ source, destination: nodeService.get(callee.id)!, ...observe(callee) });
    // Downstream calls are subsegments; work nested inside a call is part of that call.
    // Depth first, children in start order (pushed reversed onto the stack).
    const pending = [...segment.children].reverse();
    for (let node = pending.pop(); node; node = pending.pop()) {
      if (node.callees.length > 0) {
        for (const callee of node.callees) {
          const destination = nodeService.get(callee.id)!;
          callTarget.set(node.id, destination);
          calls.push({ source, destination, ...observe(node, orFlags(flagsOf(node.doc), flagsOf(callee.doc))) });
        }
        continue;
      }
      const target = inferred(node.doc);
      if (target) {
        if (!inferredServices.has(target.key)) inferredServices.set(target.key, target);
        callTarget.set(node.id, target.key);
        const observation = observe(node);
        calls.push({ source, destination: target.key, ...observation });
        served.push({ service: target.key, ...observation });
        continue;
      }
      for (let index = node.children.length - 1; index >= 0; index--) pending.push(node.children[index]!);
    }
  }
  for (const entry of tree.entries) calls.push({ source: CLIENT.key, destination: nodeService.get(entry.id)!, ...observe(entry) });

  const root = tree.root;
  const responseTime = root?.end !== undefined ? root.end - root.start : undefined;
  return {
    id: record.id,
    tree,
    revision: record.revision,
    updatedAt: record.updatedAt,
    start: tree.start,
    duration: tree.end === undefined ? 0 : Math.max(0, tree.end - tree.start),
    ...(responseTime !== undefined ? { responseTime } : {}),
    partial: tree.partial,
    flags,
    ...(root && httpFacts(root.doc) ? { http: httpFacts(root.doc) } : {}),
    services: new Map([...instrumentedServices, ...inferredServices]),
    ...(root ? { entryPoint: nodeService.get(root.id) } : {}),
    served,
    calls,
    nodeService,
    callTarget,
    ...collectFacts(tree, nodeService),
  };
}

/**
 * Annotations (distinct key and value pairs) indexed per trace, in the order the trace's
 * documents hold them: X-Ray's service quota "Indexed annotations per trace" (50,
 * docs/local-endpoint-limits.md). It also bounds a summary's size whatever the trace holds.
 */
export const MAX_INDEXED_ANNOTATIONS = 50;

/** Annotations, users and resource facts, gathered from every node. */
function collectFacts(tree: TraceTree, nodeService: ReadonlyMap<string, string>) {
  const annotations = new Map<string, Map<string, { value: AnnotationScalar; services: Set<string> }>>();
  const users = new Map<string, Set<string>>();
  const resourceArns = new Set<string>();
  const instanceIds = new Set<string>();
  const availabilityZones = new Set<string>();
  const segmentEnds: number[] = [];
  let indexed = 0;
  for (const node of tree.nodes.values()) {
    const service = nodeService.get(node.id);
    for (const [key, value] of Object.entries(node.doc.annotations ?? {})) {
      const valueKey = `${typeof value}:${String(value)}`;
      let values = annotations.get(key);
      let use = values?.get(valueKey);
      if (!use) {
        // X-Ray indexes a bounded number of annotations per trace; the rest are not summarised or filterable.
        if (indexed >= MAX_INDEXED_ANNOTATIONS) continue;
        indexed++;
        if (!values) annotations.set(key, (values = new Map()));
        values.set(valueKey, (use = { value, services: new Set() }));
      }
      if (service) use.services.add(service);
    }
    if (!node.isSegment) continue;
    if (node.end !== undefined) segmentEnds.push(node.end);
    const user = asString(node.doc.user);
    if (user) {
      let services = users.get(user);
      if (!services) users.set(user, (services = new Set()));
      if (service) services.add(service);
    }
    const arn = asString(node.doc.resource_arn);
    if (arn) resourceArns.add(arn);
    const instance = asString(field(node.doc.aws, "ec2", "instance_id"));
    if (instance) instanceIds.add(instance);
    const zone = asString(field(node.doc.aws, "ec2", "availability_zone"));
    if (zone) availabilityZones.add(zone);
  }
  return {
    annotations,
    users,
    resourceArns: [...resourceArns],
    instanceIds: [...instanceIds],
    availabilityZones: [...availabilityZones],
    segmentEnds,
  };
}
