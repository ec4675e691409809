/**
 * Running one row of the fault table (`scenarios.ts`): the row's shape, the time constants its
 * bounds are built from, and the runner that starts the row's server, makes one call and times it.
 *
 * Numbers behind the bounds (docs/retry.md, "retries 2026"): up to 3 attempts; a transient
 * retry waits `random() * 50 ms * 2^n`, a throttling retry `random() * 1 s * 2^n`; a
 * `Retry-After` hint raises the wait to at most backoff + 5 s.
 */
import { performance } from "node:perf_hooks";
import { BatchGetTracesCommand, XRayClient, type BatchGetTracesCommandOutput, type XRayClientConfig } from "../../src/index.js";
import { refusingUrl, startFaultServer, type FaultServer, type Step } from "./fault-server.js";

/** Per-attempt timeout of every scenario unless it says otherwise. */
export const REQUEST_TIMEOUT_MS = 400;
/** Headroom for a loaded 2-core CI machine: large against any real run, tiny against a hang. */
export const SLACK_MS = 2_000;
/** Largest total transient backoff before attempts 2 and 3: 50 ms + 100 ms. */
export const TRANSIENT_BACKOFF_MS = 150;
/** Largest throttling backoff before attempt 2: 1 s. */
export const THROTTLING_BACKOFF_MS = 1_000;

/** The trace ID every scenario's call asks for; its value does not matter to a fault. */
export const TRACE_ID = "1-5759e988-bd862e3fe1be46a994272793";

/** An error outcome: the class to be an instance of, and the exact `name` (and `code`). */
export interface ErrorOutcome {
  readonly outcome: "error";
  readonly type: new (...args: never[]) => Error;
  readonly name: string;
  /** `error.code` of a `RequestError`. */
  readonly code?: string;
  /** `$metadata.httpStatusCode` of a service error. */
  readonly status?: number;
  /** `$fault` of a service error. */
  readonly fault?: "client" | "server";
  readonly attempts: number;
}

/** A success outcome after `attempts` attempts. */
export interface SuccessOutcome {
  readonly outcome: "success";
  readonly attempts: number;
}

/** One run of a scenario, for the checks and the secrets scan. */
export interface ScenarioRun {
  readonly server: FaultServer;
  readonly client: XRayClient;
  readonly command: BatchGetTracesCommand;
  readonly output?: BatchGetTracesCommandOutput;
  readonly error?: unknown;
  /** How long `send` took. */
  readonly elapsedMs: number;
  /** Destroys the client and closes the server. */
  dispose(): Promise<void>;
}

/** One row of the fault table. */
export interface FaultScenario {
  /** The fault, as the report names it. */
  readonly fault: string;
  /** The server's script; a function so that dates are computed at run time. */
  readonly steps: () => Step[];
  /** Options on top of the defaults (`requestTimeout` {@link REQUEST_TIMEOUT_MS}). */
  readonly client?: XRayClientConfig;
  /** Point the client at a port nobody listens on instead of the server. */
  readonly refused?: boolean;
  readonly expected: ErrorOutcome | SuccessOutcome;
  /** Requests the server must have received. */
  readonly requests: number;
  /** Connections the server must have accepted, where that is part of the point. */
  readonly connections?: number;
  /** Upper bound on the duration of `send`. */
  readonly boundMs: number;
  /** Further checks on the run. */
  readonly check?: (run: ScenarioRun) => void | Promise<void>;
  /**
   * Slow or large, and a lighter row takes the same code path: replays that only collect
   * artifacts (the secrets scan) skip it.
   */
  readonly heavy?: true;
}

/** Milliseconds between the first two requests, as the server saw them. */
export const gapMs = (run: ScenarioRun): number => run.server.requests[1]!.at - run.server.requests[0]!.at;

/** Credentials and logger for a run; the secrets test passes distinctive ones. */
export interface RunOptions {
  readonly credentials: NonNullable<XRayClientConfig["credentials"]>;
  readonly logger?: XRayClientConfig["logger"];
}

/**
 * Runs one scenario: starts its server, makes one `BatchGetTraces` call, and times it.
 *
 * @param scenario - the row to run
 * @param options - credentials and logger
 * @returns the run; the caller must `dispose()` it
 */
export async function runScenario(scenario: FaultScenario, options: RunOptions): Promise<ScenarioRun> {
  const server = await startFaultServer(...scenario.steps());
  const endpoint = scenario.refused ? await refusingUrl() : server.url;
  const client = new XRayClient({
    endpoint,
    region: "us-east-1",
    requestTimeout: REQUEST_TIMEOUT_MS,
    ...scenario.client,
    credentials: options.credentials,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const command = new BatchGetTracesCommand({ TraceIds: [TRACE_ID] });
  let output: BatchGetTracesCommandOutput | undefined;
  let error: unknown;
  const started = performance.now();
  try {
    output = await client.send(command);
  } catch (caught) {
    error = caught;
  }
  const elapsedMs = performance.now() - started;
  return {
    server,
    client,
    command,
    ...(output ? { output } : {}),
    ...(error === undefined ? {} : { error }),
    elapsedMs,
    async dispose() {
      client.destroy();
      await server.close();
    },
  };
}
