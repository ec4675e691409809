#!/usr/bin/env node
/**
 * `typed-xray-local`: runs the local X-Ray endpoint from a shell.
 *
 * ```sh
 * npx typed-xray-local --port 2020
 * aws xray get-trace-summaries --endpoint-url http://127.0.0.1:2020 --start-time 0 --end-time 2000000000
 * ```
 *
 * Prints the endpoint URL once listening; stops cleanly on SIGINT (Ctrl-C) and SIGTERM.
 *
 * @packageDocumentation
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { isLoopbackHostname } from "./origin-policy.js";
import { parseSamplingRules } from "../tracing/sampling/rules-file.js";
import { startLocalXRay, type LocalEndpointSamplingRules, type LocalXRayOptions } from "./index.js";

const USAGE = `Usage: typed-xray-local [options]

A local AWS X-Ray endpoint (restJson1 over HTTP) that stores segments and computes
trace summaries and service graphs. Point any X-Ray client at the printed URL.

Options:
  --port <n>               port to listen on (default 2020; 0 picks a free one)
  --host <address>         interface to listen on (default 127.0.0.1)
  --data-file <path>       keep data in this file across restarts (JSON lines)
  --verify-signatures      refuse requests not signed with the given key
                           (--access-key-id/--secret-access-key, or the
                           AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY variables)
  --access-key-id <id>     access key id accepted with --verify-signatures
  --secret-access-key <k>  its secret
  --throttle <n>           answer 429 ThrottledException above n requests/second
  --cors-origin <origin>   let web pages from this origin call the endpoint, besides
                           pages served from this machine (repeatable; * for any)
  --allowed-host <name>    accept this Host name besides the endpoint's own, e.g. a
                           Docker service name (repeatable; * for any)
  --sampling-rules <path>  sampling rules GetSamplingRules serves besides Default:
                           a JSON list of X-Ray SamplingRules, or a local rules
                           file of aws-xray-sdk-core (version 1 or 2)
  -h, --help               show this help
`;

/** The port X-Ray clients are pointed at when nothing says otherwise (the daemon uses 2000). */
const DEFAULT_PORT = 2020;

/** A mistake on the command line: say what, then how to use it. */
function fail(message: string): never {
  process.stderr.write(`typed-xray-local: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** A failure to start with valid arguments (a damaged data file, a port in use): no usage text. */
function failToStart(error: unknown): never {
  process.stderr.write(`typed-xray-local: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}


function readOptions(): LocalXRayOptions {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "data-file": { type: "string" },
        "verify-signatures": { type: "boolean" },
        "access-key-id": { type: "string" },
        "secret-access-key": { type: "string" },
        throttle: { type: "string" },
        "cors-origin": { type: "string", multiple: true },
        "allowed-host": { type: "string", multiple: true },
        "sampling-rules": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    return fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, got ${values.port}`);
  const throttle = values.throttle === undefined ? undefined : Number(values.throttle);
  if (throttle !== undefined && !(throttle > 0)) fail(`--throttle must be a positive number, got ${values.throttle}`);
  const options: LocalXRayOptions = {
    port,
    onError: (error) => process.stderr.write(`typed-xray-local: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values["data-file"] !== undefined ? { dataFile: values["data-file"] } : {}),
    ...(throttle !== undefined ? { throttle: { requestsPerSecond: throttle } } : {}),
    ...listOption("corsOrigins", values["cors-origin"]),
    ...listOption("allowedHosts", values["allowed-host"]),
    ...(values["sampling-rules"] !== undefined ? { samplingRules: readSamplingRules(values["sampling-rules"]) } : {}),
  };
  if (!values["verify-signatures"]) return options;
  const accessKeyId = values["access-key-id"] ?? process.env["AWS_ACCESS_KEY_ID"];
  const secretAccessKey = values["secret-access-key"] ?? process.env["AWS_SECRET_ACCESS_KEY"];
  if (!accessKeyId || !secretAccessKey) fail("--verify-signatures needs an access key id and secret (flags or AWS_* variables)");
  return { ...options, verifySignatures: true, credentials: { accessKeyId, secretAccessKey } };
}

/** A repeatable flag as an option: `*` anywhere means any. */
function listOption<Name extends "corsOrigins" | "allowedHosts">(name: Name, values: string[] | undefined): { [key in Name]?: "*" | string[] } {
  if (values === undefined || values.length === 0) return {};
  return { [name]: values.includes("*") ? "*" : values } as { [key in Name]?: "*" | string[] };
}

/** Reads `--sampling-rules`: a JSON list of X-Ray rules, or a local rules file (validated). */
function readSamplingRules(path: string): LocalEndpointSamplingRules {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return fail(`--sampling-rules: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(`--sampling-rules: ${path} is not JSON (${(error as Error).message})`);
  }
  try {
    if (Array.isArray(parsed)) {
      if (!parsed.every((rule) => typeof rule === "object" && rule !== null && typeof rule.RuleName === "string")) {
        fail(`--sampling-rules: ${path} is a list, so each item must be an X-Ray SamplingRule with a RuleName`);
      }
      return parsed;
    }
    return parseSamplingRules(parsed);
  } catch (error) {
    return fail(`--sampling-rules: ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  const host = options.host ?? "127.0.0.1";
  // An IPv6 address is bracketed as in a URL, which is how the check reads host names.
  if (!isLoopbackHostname(host.includes(":") && !host.startsWith("[") ? `[${host}]` : host) && !options.verifySignatures) {
    process.stderr.write(
      `typed-xray-local: warning: listening on ${host} without --verify-signatures: anyone who can reach this address can read and change the stored traces\n`,
    );
  }
  const xray = await startLocalXRay(options).catch(failToStart);
  if (options.dataFile !== undefined) process.stdout.write(`typed-xray-local: data kept in ${options.dataFile} (${xray.engine.documentCount} documents loaded)\n`);
  // Last, and on a line of its own: scripts wait for this line to know the endpoint is up.
  process.stdout.write(`typed-xray-local: X-Ray endpoint listening on ${xray.endpoint}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`typed-xray-local: ${signal}, stopping\n`);
    // Nothing else keeps the process alive once the server and data file are closed.
    xray.close().catch((error: unknown) => {
      process.stderr.write(`typed-xray-local: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

await main();
