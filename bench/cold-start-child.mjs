// One cold start, in a fresh `node` process: import a client, construct it, send one
// GetTraceSummaries call to the loopback server, exit. Plain JavaScript run by plain `node`, so
// no TypeScript loader is part of what is measured. Started by bench/sections/coldstart.ts:
//
//   node bench/cold-start-child.mjs <kind> <endpoint> [module URL]
//
// kind: "ours" (the module URL is our built client), "ours-fetch" (the same with
// FetchHttpHandler), "official" (@aws-sdk/client-xray), "http" (one bare node:http POST),
// "fetch" (one bare global fetch POST), "aws-lite" (@aws-lite/client, keep-alive, the request
// built by hand), "aws4fetch" (AwsClient.fetch).
const [kind, endpoint, moduleUrl] = process.argv.slice(2);
const credentials = { accessKeyId: "AKIDBENCHMARK0000000", secretAccessKey: "bench-secret-not-a-real-key" };
const input = { StartTime: new Date(1_700_000_000_000), EndTime: new Date(1_700_003_600_000) };
// What the SDKs send for `input` (restJson1: timestamps as epoch seconds), for the peers that
// take a body built by hand.
const wireBody = JSON.stringify({ StartTime: 1_700_000_000, EndTime: 1_700_003_600 });

if (kind === "ours" || kind === "ours-fetch" || kind === "official") {
  const sdk = await import(kind === "official" ? "@aws-sdk/client-xray" : moduleUrl);
  const transport = kind === "ours-fetch" ? { requestHandler: new (await import("@smithy/fetch-http-handler")).FetchHttpHandler() } : {};
  const client = new sdk.XRayClient({ endpoint, region: "us-east-1", credentials, ...transport });
  await client.send(new sdk.GetTraceSummariesCommand(input));
  client.destroy();
} else if (kind === "aws-lite") {
  const { default: awsLite } = await import("@aws-lite/client");
  const aws = await awsLite({ ...credentials, region: "us-east-1", endpoint, keepAlive: true, autoloadPlugins: false });
  await aws({ service: "xray", method: "POST", path: "/TraceSummaries", headers: { "content-type": "application/json" }, payload: wireBody });
} else if (kind === "aws4fetch") {
  const { AwsClient } = await import("aws4fetch");
  const aws = new AwsClient({ ...credentials, service: "xray", region: "us-east-1" });
  await (await aws.fetch(`${endpoint}/TraceSummaries`, { method: "POST", headers: { "content-type": "application/json" }, body: wireBody })).json();
} else if (kind === "http") {
  const { request } = await import("node:http");
  await new Promise((resolve, reject) => {
    const req = request(`${endpoint}/TraceSummaries`, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      res.resume();
      res.on("end", resolve);
    });
    req.on("error", reject);
    req.end(JSON.stringify(input));
  });
} else if (kind === "fetch") {
  await (await fetch(`${endpoint}/TraceSummaries`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) })).json();
} else {
  throw new TypeError(`unknown kind ${kind}`);
}
// The parent prefers /usr/bin/time's figure; this one is the fallback (kilobytes, as getrusage).
process.stdout.write(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
