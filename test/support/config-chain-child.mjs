// Runs configuration combinations through one client (test/support/config-chain.ts), one after
// another in this process: before each, the environment is replaced by the combination's
// (HOME included, so each reads its own ~/.aws files). Every request goes to the combination's
// loopback server whatever host the client chose; the signed `host` header still says which.
// Prints one JSON line per combination: what the client did.
import { NodeHttpHandler } from "@smithy/node-http-handler";

const [which, jobsJson] = process.argv.slice(2);
const jobs = JSON.parse(jobsJson);
const sdk = which === "ours" ? await import("../../dist/index.js") : await import("@aws-sdk/client-xray");

let warnings = 0;
const countWarning = (...args) => {
  if (args.join(" ").includes("AWS_PROFILE")) warnings += 1;
};
console.warn = countWarning;

/** The client's transport: the chosen destination, redirected to the loopback server. */
const toLoopback = (port) => {
  const inner = new NodeHttpHandler();
  return {
    handle(request, handlerOptions) {
      request.headers["x-chosen-destination"] = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ""}`;
      return inner.handle(Object.assign(request, { protocol: "http:", hostname: "127.0.0.1", port }), handlerOptions);
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy: () => inner.destroy(),
  };
};

for (const { name, port, env, options: given } of jobs) {
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, env);
  warnings = 0;
  const { withLogger, ...options } = given;
  const logger = withLogger ? { trace() {}, debug() {}, info() {}, warn: countWarning, error() {} } : undefined;
  const report = { name, which };
  try {
    const client = new sdk.XRayClient({ ...options, ...(logger ? { logger } : {}), requestHandler: toLoopback(port) });
    try {
      report.retryMode = (await client.config.retryStrategy()).mode;
      await client.send(new sdk.GetTraceGraphCommand({ TraceIds: ["1-5759e988-bd862e3fe1be46a994272793"] }));
      report.outcome = "ok";
    } finally {
      client.destroy();
    }
  } catch (error) {
    report.outcome = "error";
    report.errorName = error?.name;
    report.errorMessage = String(error?.message).slice(0, 300);
  }
  report.warnings = warnings;
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
