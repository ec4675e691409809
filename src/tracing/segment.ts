/**
 * The segment builder, shaped like aws-xray-sdk-core's so code can move over before that SDK's
 * end of support: `new Segment(name, rootId, parentId)`, `addNewSubsegment`, `addAnnotation`,
 * `addMetadata`, `addError`, `close`, `serialize`, plus typed setters for the other fields of
 * the segment document. The builder only builds: sending is the sender's job (it accepts a
 * segment as a `DocumentSource`).
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html
 *
 * @packageDocumentation
 */
import type { DocumentSource } from "./document-source.js";
import { Entity } from "./entity.js";
import { type InvalidFieldPolicy, type TraceState, reject } from "./fields.js";
import { type IdGenerator, defaultIds, isSegmentId, isTraceId } from "./ids.js";
import type { SegmentDocument, SubsegmentDocument } from "./segment-document.js";

/** Options of a {@link Segment}; its subsegments share them. */
export interface SegmentOptions {
  /**
   * What to do with a field X-Ray would reject (a bad name, annotation, ID or time): throw a
   * `SegmentFieldError`, or repair it (invalid characters become `_`, over-long strings are
   * clipped, values that cannot be annotations go to metadata namespace `"annotations"`, bad IDs
   * and times are left out) and count the repair in `repairs`.
   * @defaultValue "throw"
   */
  onInvalid?: InvalidFieldPolicy;
  /**
   * The clock, in epoch milliseconds.
   * @defaultValue Date.now
   */
  now?: () => number;
  /**
   * Where IDs come from; inject a deterministic generator in tests only.
   * @defaultValue the shared secure generator
   */
  ids?: IdGenerator;
  /**
   * Whether the request is traced (the sampling decision). A segment that is not sampled can be
   * built as usual, but senders never send it or its subsegments (they count it as `notSampled`).
   * @defaultValue true
   */
  sampled?: boolean;
}

/**
 * A unit of work inside a (sub)segment: a downstream call, a query, a block of code. Made with
 * `addNewSubsegment`.
 */
export class Subsegment extends Entity<SubsegmentDocument> implements DocumentSource {
  /** The segment or subsegment this one is nested in. */
  readonly parent: Segment | Subsegment;

  /** Whether the trace is sampled: its segment's decision. */
  get sampled(): boolean {
    return this.parent.sampled;
  }

  /**
   * @internal Use `parent.addNewSubsegment(name)`.
   * @throws SegmentFieldError for an invalid name (see {@link Segment})
   */
  constructor(parent: Segment | Subsegment, name: string) {
    super(parent.trace, name, {});
    this.parent = parent;
  }

  /**
   * Starts a subsegment nested in this one.
   *
   * @param name - as for a segment
   * @returns the new subsegment, in progress
   */
  addNewSubsegment(name: string): Subsegment {
    const child = new Subsegment(this, name);
    this.children.push(child);
    return child;
  }

  /**
   * Sets `namespace`: `"aws"` for AWS SDK calls, `"remote"` for other downstream calls.
   *
   * @param namespace - the kind of downstream call
   */
  setNamespace(namespace: "aws" | "remote"): this {
    return this.put("namespace", namespace);
  }

  /**
   * Adds to `precursor_ids`: subsegments of the same parent that finished before this one began.
   *
   * @param id - a subsegment ID
   * @throws SegmentFieldError when not 16 hex digits (sanitize mode: left out and counted)
   */
  addPrecursorId(id: string): this {
    if (isSegmentId(id)) ((this.doc["precursor_ids"] ??= []) as string[]).push(id.toLowerCase());
    else reject(this.trace, "precursor_ids", "must be 16 hex digits");
    return this;
  }

  /** @internal */
  protected override standalone(): SubsegmentDocument {
    return { ...this.toJSON(), type: "subsegment", trace_id: this.traceId, parent_id: this.parent.id };
  }
}

/**
 * The work one service did for one request: the root of a tree of subsegments.
 *
 * @example
 * ```ts
 * const header = parseTraceHeader(request.headers.get("x-amzn-trace-id"));
 * const segment = new Segment("checkout", header.root, header.parent);
 * segment.setHttpRequest({ method: "GET", url: request.url });
 * const query = segment.addNewSubsegment("orders-db").setNamespace("remote");
 * query.close();
 * segment.setHttpResponse(200).close();
 * await sender.send(segment); // or segment.toDocuments()
 * ```
 */
export class Segment extends Entity<SegmentDocument> implements DocumentSource {
  /** Whether the request is traced; `false` keeps it (and its subsegments) from being sent. */
  readonly sampled: boolean;

  /**
   * Starts a segment now.
   *
   * @param name - the service's name: 1-200 Unicode letters, numbers, spaces or `_.:/%&#=+-@`
   * @param rootId - the trace to join (from the incoming `X-Amzn-Trace-Id`); a new trace when absent
   * @param parentId - the caller's segment ID, from the same header
   * @param options - validation mode, clock, ID source
   * @throws SegmentFieldError for an invalid name, `rootId` or `parentId` (sanitize mode: the
   *   name is repaired, a bad `rootId` starts a new trace, a bad `parentId` is left out)
   */
  constructor(name: string, rootId?: string, parentId?: string, options: SegmentOptions = {}) {
    const ids = options.ids ?? defaultIds();
    const now = options.now ?? Date.now;
    const trace: TraceState = {
      traceId: isTraceId(rootId) ? rootId.toLowerCase() : ids.newTraceId(now()),
      sanitize: options.onInvalid === "sanitize",
      now,
      ids,
      repairs: 0,
      annotations: 0,
      errors: new WeakMap(),
    };
    if (rootId !== undefined && !isTraceId(rootId)) reject(trace, "trace_id", "must be an X-Ray trace ID");
    super(trace, name, { trace_id: trace.traceId });
    this.sampled = options.sampled !== false;
    if (parentId !== undefined) this.setId("parent_id", parentId);
  }

  /**
   * Starts a subsegment of this segment.
   *
   * @param name - as for a segment
   * @returns the new subsegment, in progress
   */
  addNewSubsegment(name: string): Subsegment {
    const child = new Subsegment(this, name);
    this.children.push(child);
    return child;
  }

  /**
   * Sets `user`, which X-Ray lets you search by; clipped to 250 characters.
   *
   * @param user - the end user's ID (not a secret)
   */
  setUser(user: string): this {
    return this.put("user", this.clipped({ user }, ["user"]).user);
  }

  /**
   * Sets `origin`, the kind of resource running the service.
   *
   * @param origin - e.g. `"AWS::EC2::Instance"`, `"AWS::ECS::Container"`, `"AWS::Lambda::Function"`
   */
  setOrigin(origin: string): this {
    return this.put("origin", origin);
  }

  /**
   * Sets `resource_arn`, the ARN of the resource running the service.
   *
   * @param arn - e.g. a Lambda function's ARN
   */
  setResourceArn(arn: string): this {
    return this.put("resource_arn", arn);
  }

  /**
   * Sets `service`, data about the application (aws-xray-sdk-core: `setServiceData`).
   *
   * @param service - e.g. `{ version: "1.2.3" }`
   */
  setService(service: { version?: string; [field: string]: unknown }): this {
    return this.put("service", { ...service });
  }

}
