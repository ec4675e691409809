/**
 * The five slowest traces of the last hour, and the service graph of that hour.
 *
 * ```sh
 * AWS_REGION=eu-west-1 npx tsx examples/slowest-traces.ts    # your account: the default credentials (env, profile, SSO, role)
 * npx tsx examples/slowest-traces.ts --local                 # a local X-Ray endpoint, seeded with the demo's shop
 * npx tsx examples/slowest-traces.ts --endpoint http://127.0.0.1:2020   # any X-Ray endpoint, e.g. `npx typed-xray-local`
 * ```
 *
 * It reads every page of GetTraceSummaries (the paginator follows `NextToken`), sorts the
 * traces by response time, prints the top five, and draws the service graph from
 * GetServiceGraph. Needs `xray:GetTraceSummaries` and `xray:GetServiceGraph` permissions.
 */
import { parseArgs } from "node:util";
import { XRayClient, paginateGetServiceGraph, paginateGetTraceSummaries, type Service, type TraceSummary, renderServiceGraph, renderTraceSummaries } from "../src/index.js";
import { startLocalXRay, type LocalXRay } from "../src/local/index.js";
import { seedShop } from "../src/cli/seed-shop.js";
import { SHOP_REQUESTS } from "../src/cli/shop-scenario.js";

const TOP = 5;
const HOUR_MS = 3_600_000;

/** Slowest first: by response time, then duration; traces without one last; ties by ID, so the order is stable. */
function bySlowest(a: TraceSummary, b: TraceSummary): number {
  return (b.ResponseTime ?? -1) - (a.ResponseTime ?? -1) || (b.Duration ?? -1) - (a.Duration ?? -1) || (a.Id ?? "").localeCompare(b.Id ?? "");
}

/** Sends the demo shop's traces, spread over the last ten minutes, to a (local) endpoint. */
async function seed(client: XRayClient): Promise<number> {
  await seedShop(client, Date.now() - 10 * 60_000, SHOP_REQUESTS, 60_000);
  return SHOP_REQUESTS.length;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { local: { type: "boolean", default: false }, endpoint: { type: "string" } } });
  let local: LocalXRay | undefined;
  let client: XRayClient;
  if (values.local) {
    local = await startLocalXRay();
    client = new XRayClient({ endpoint: local.endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    console.log(`Local X-Ray endpoint ${local.endpoint}, seeded with ${await seed(client)} traces of the demo shop`);
  } else {
    // Region from AWS_REGION (or AWS_DEFAULT_REGION), credentials from the default chain.
    client = new XRayClient(values.endpoint ? { endpoint: values.endpoint } : {});
  }

  try {
    const window = { StartTime: new Date(Date.now() - HOUR_MS), EndTime: new Date() };
    const summaries: TraceSummary[] = [];
    let pages = 0;
    for await (const page of paginateGetTraceSummaries({ client }, window)) {
      pages++;
      summaries.push(...(page.TraceSummaries ?? []));
    }
    const slowest = [...summaries].sort(bySlowest).slice(0, TOP);
    console.log(`\n${summaries.length} traces from ${window.StartTime.toISOString()} to ${window.EndTime.toISOString()} (GetTraceSummaries, ${pages} ${pages === 1 ? "page" : "pages"})`);
    console.log(`\nThe ${slowest.length} slowest, by response time:\n${renderTraceSummaries(slowest, { width: process.stdout.columns ?? Infinity })}`);

    const services: Service[] = [];
    for await (const page of paginateGetServiceGraph({ client }, window)) services.push(...(page.Services ?? []));
    console.log(`\nService graph (GetServiceGraph, ${services.length} nodes):\n${renderServiceGraph(services, { width: process.stdout.columns ?? Infinity })}`);
  } finally {
    client.destroy();
    await local?.close();
  }
}

try {
  await main();
} catch (error) {
  // A usage or AWS error (no region, no credentials, access denied, …): its message says what to do.
  console.error(`slowest-traces: ${error instanceof Error ? error.message : String(error)}`);
  console.error("Set AWS_REGION and credentials for your account, or run with --local to try it on a local X-Ray endpoint seeded with sample traces.");
  process.exitCode = 1;
}
