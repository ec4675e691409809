/**
 * The README's code, checked against the package as users install it (packed and installed by
 * npm, see test/support/packed.ts):
 *
 * - every ```ts block compiles under `strict`, as its own module: with Node's types and no DOM
 *   for Node code, and with the DOM library and the `browser` export condition for blocks marked
 *   `<!-- readme-check browser -->`; a block that continues an earlier one says what it is given
 *   in `<!-- readme-check given: declarations -->`, just above it;
 * - the flagship service of the tracing section runs end to end: it serves requests, calls its
 *   downstream service, and on SIGTERM exits on its own with its segments delivered. Only its
 *   X-Ray endpoint and downstream URL are pointed at local stand-ins (through `PRICING_URL`,
 *   and an `endpoint` added to the client), and it listens on the port given in `PORT`.
 */
import { execFile, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { transform } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSegmentService, type FakeSegmentService } from "../support/fake-segment-service.js";
import { REPO_ROOT, packAndInstall, type PackedInstall } from "../support/packed.js";

/** One ```ts block of the README. */
interface Block {
  /** The README line its code starts on. */
  readonly line: number;
  readonly code: string;
  readonly browser: boolean;
  /** Declarations it is given (what earlier blocks defined). */
  readonly given: string;
}

const README = readFileSync(`${REPO_ROOT}README.md`, "utf8");

function readmeBlocks(): Block[] {
  const blocks: Block[] = [];
  for (const match of README.matchAll(/(?:<!-- readme-check (browser|given: ([^]*?)) -->\n)?```ts\n([^]*?)```/g)) {
    const line = README.slice(0, match.index + match[0].indexOf("```ts")).split("\n").length + 1;
    blocks.push({ line, code: match[3]!, browser: match[1] === "browser", given: match[2] ?? "" });
  }
  return blocks;
}

const strictOptions = { strict: true, noUncheckedIndexedAccess: true, target: "ES2022", noEmit: true, skipLibCheck: true };
const NODE_PROJECT = { compilerOptions: { ...strictOptions, lib: ["ES2022"], module: "node16", moduleResolution: "node16", types: ["node"] }, include: ["readme/node"] };
const BROWSER_PROJECT = {
  compilerOptions: { ...strictOptions, lib: ["ES2022", "DOM", "DOM.Iterable"], module: "esnext", moduleResolution: "bundler", customConditions: ["browser"], types: [] },
  include: ["readme/browser"],
};

const blocks = readmeBlocks();
const flagship = blocks.find((block) => block.code.includes('process.on("SIGTERM"') && block.code.includes("createServer("));
let install: PackedInstall;

beforeAll(async () => {
  install = await packAndInstall({ link: ["@types/node", "@opentelemetry/api", "@opentelemetry/core", "@opentelemetry/resources", "@opentelemetry/sdk-trace-base"] });
}, 120_000);
afterAll(() => install?.remove());

describe("README code blocks", () => {
  it("are found, including the flagship service and a browser block", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    expect(flagship).toBeDefined();
    expect(blocks.some((block) => block.browser)).toBe(true);
  });

  it("each compile under strict against the installed package", async () => {
    const files = new Map<string, Block>();
    for (const block of blocks) {
      const file = `readme/${block.browser ? "browser" : "node"}/line-${block.line}.ts`;
      files.set(file, block);
      // `export {}` makes every block a module, as in a project with "type": "module".
      install.writeFile(file, `${block.given}\n${block.code}\nexport {};\n`);
    }
    install.writeFile("tsconfig.readme-node.json", JSON.stringify(NODE_PROJECT));
    install.writeFile("tsconfig.readme-browser.json", JSON.stringify(BROWSER_PROJECT));
    const diagnostics = [...(await install.typeCheck("tsconfig.readme-node.json")), ...(await install.typeCheck("tsconfig.readme-browser.json"))];
    expect(diagnostics.map(([file, lines]) => `${file}: ${lines.join("\n")}`)).toEqual([]);
  }, 120_000);
});

describe("the README's flagship service", () => {
  let service: FakeSegmentService;
  let pricing: Server;

  beforeAll(async () => {
    service = await startFakeSegmentService();
    pricing = createServer((req, res) => {
      // The trace goes on downstream: the header names the checkout segment's subsegment.
      const traced = /Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16}/.test(String(req.headers["x-amzn-trace-id"]));
      res.writeHead(traced ? 200 : 400, { "content-type": "application/json" }).end(JSON.stringify({ amount: 9.5, currency: "EUR" }));
    });
    await new Promise<void>((resolve) => pricing.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await service?.close();
    await new Promise((resolve) => pricing?.close(resolve));
  });

  it("serves traced requests, and on SIGTERM delivers its segments and exits", async () => {
    const clientConstructor = 'new XRayClient({ region: "eu-west-1" })';
    expect(flagship!.code).toContain(clientConstructor);
    const code = flagship!.code.replace(clientConstructor, `new XRayClient({ region: "eu-west-1", endpoint: ${JSON.stringify(service.url)} })`);
    const { code: js } = await transform(code, { loader: "ts", format: "esm", target: "es2022" });
    install.writeFile("flagship.mjs", js);

    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      PRICING_URL: `http://127.0.0.1:${(pricing.address() as AddressInfo).port}/price`,
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    };
    delete env["AWS_PROFILE"];
    const child = execFile(process.execPath, ["flagship.mjs"], { cwd: install.dir, env, timeout: 30_000 });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    try {
      const first = await fetchWhenUp(`http://127.0.0.1:${port}/checkout`, child);
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({ amount: 9.5, currency: "EUR" });
      const second = await fetch(`http://127.0.0.1:${port}/checkout`, { headers: { "x-amzn-trace-id": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1" } });
      expect(second.status).toBe(200);
      child.kill("SIGTERM");
      expect(await exited).toEqual({ code: 0, signal: null });
    } finally {
      child.kill("SIGKILL");
    }

    const documents = service.stored.map((text) => JSON.parse(text) as { name: string; trace_id: string; parent_id?: string; annotations?: unknown; subsegments?: Array<{ name: string }> });
    expect(documents).toHaveLength(2);
    for (const doc of documents) {
      expect(doc).toMatchObject({ name: "checkout-api", annotations: { currency: "EUR" } });
      expect(doc.subsegments?.map((sub) => sub.name)).toEqual(["pricing-api"]);
    }
    expect(documents.map((doc) => doc.trace_id)).toContain("1-5759e988-bd862e3fe1be46a994272793");
  }, 60_000);
});

/** A port nothing listens on (free when asked). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Fetches `url` once the child is listening (retrying refused connections for up to 15 s). */
async function fetchWhenUp(url: string, child: ChildProcess): Promise<Response> {
  for (let waited = 0; ; waited += 100) {
    try {
      return await fetch(url);
    } catch (error) {
      if (waited > 15_000 || child.exitCode !== null) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
