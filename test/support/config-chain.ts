/**
 * Runs one configuration combination through a client in a child process of its own
 * (test/support/config-chain-child.mjs): a temporary HOME holding the combination's
 * `~/.aws/config` and `~/.aws/credentials`, an environment with nothing but PATH, HOME and the
 * combination's variables, and a loopback server recording what each request was signed with.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startLoopback, type Loopback, type Step } from "./loopback.js";

/** One combination of options, environment and shared files. */
export interface Combination {
  /** What it shows, as the test's name. */
  readonly name: string;
  /** Environment variables besides PATH and HOME. */
  readonly env?: Readonly<Record<string, string>>;
  /** `~/.aws/config`; `{HOME}` and `{NODE}` are replaced by the home directory and node's path. */
  readonly config?: string;
  /** `~/.aws/credentials`. */
  readonly credentials?: string;
  /** More files, by path relative to HOME (e.g. a config file that AWS_CONFIG_FILE names). */
  readonly files?: Readonly<Record<string, string>>;
  /** Client options (JSON); `withLogger: true` passes a logger that counts warnings. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** The status every request gets; default 200. */
  readonly status?: number;
  /** Run in a process of its own (for warnings the AWS chain gives once per process). */
  readonly alone?: boolean;
}

/** What a request was signed for and where it was going. */
export interface SignedRequest {
  /** Where the client sent it (before the redirect to the loopback server). */
  readonly destination: string;
  /** The signed `host` header. */
  readonly host: string | undefined;
  /** The access key id of the credential scope. */
  readonly accessKey: string | undefined;
  /** The region of the credential scope. */
  readonly region: string | undefined;
  /** Whether a session token was sent. */
  readonly sessionToken: boolean;
  /** The `amz-sdk-request` header (attempt and maximum). */
  readonly attempt: string | undefined;
}

/** What one client did with the combination. */
export interface ClientRun {
  readonly which: "ours" | "official";
  readonly outcome: "ok" | "error";
  readonly errorName?: string;
  readonly errorMessage?: string;
  /** Warnings mentioning AWS_PROFILE, on the console or the logger. */
  readonly warnings: number;
  /** `mode` of the client's retry strategy. */
  readonly retryMode: string | undefined;
  readonly requests: readonly SignedRequest[];
}

const CHILD = fileURLToPath(new URL("./config-chain-child.mjs", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A combination made ready to run: its home directory, loopback server and environment. */
interface PreparedRun {
  readonly combination: Combination;
  readonly home: string;
  readonly server: Loopback;
  readonly env: Record<string, string>;
}

async function prepare(combination: Combination): Promise<PreparedRun> {
  const home = mkdtempSync(join(tmpdir(), "typed-xray-chain-home-"));
  const steps: Step[] = Array.from({ length: 10 }, () =>
    combination.status ? { status: combination.status, body: { message: "scripted failure" } } : { status: 200, body: {} },
  );
  const server = await startLoopback(...steps);
  mkdirSync(join(home, ".aws"));
  const fill = (text: string): string => text.replaceAll("{HOME}", home).replaceAll("{NODE}", process.execPath);
  if (combination.config !== undefined) writeFileSync(join(home, ".aws", "config"), fill(combination.config));
  if (combination.credentials !== undefined) writeFileSync(join(home, ".aws", "credentials"), fill(combination.credentials));
  for (const [path, text] of Object.entries(combination.files ?? {})) writeFileSync(join(home, path), fill(text));
  // A credential_process helper, for combinations that name it.
  writeFileSync(
    join(home, "credential-process.mjs"),
    'process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: "AKIDFROMPROCESS", SecretAccessKey: "process-secret", SessionToken: "process-token" }));\n',
  );
  const env = {
    PATH: process.env["PATH"] ?? "",
    HOME: home,
    // No instance-metadata probe when a chain runs out: the answer is the same, minus seconds of timeouts.
    AWS_EC2_METADATA_DISABLED: "true",
    ...Object.fromEntries(Object.entries(combination.env ?? {}).map(([name, value]) => [name, fill(value)])),
  };
  return { combination, home, server, env };
}

/** Runs prepared combinations through one client, in order, in one child process. */
async function runChild(which: "ours" | "official", runs: readonly PreparedRun[]): Promise<Map<string, ClientRun>> {
  const jobs = runs.map(({ combination, server, env }) => ({ name: combination.name, port: server.port, env, options: combination.options ?? {} }));
  for (const run of runs) run.server.script(...Array.from({ length: 10 }, () => (run.combination.status ? { status: run.combination.status, body: { message: "scripted failure" } } : { status: 200, body: {} })));
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [CHILD, which, JSON.stringify(jobs)], { env: runs[0]!.env, cwd: ROOT, timeout: 120_000 }, (error, out, err) =>
      error ? reject(new Error(`${which} child failed: ${error.message}\n${err}`)) : resolve(out),
    );
  });
  const reports = new Map<string, ClientRun>();
  for (const line of stdout.trim().split("\n")) {
    const report = JSON.parse(line) as Omit<ClientRun, "requests"> & { name: string };
    const run = runs.find((r) => r.combination.name === report.name)!;
    const requests = run.server.requests.splice(0).map((request): SignedRequest => {
      const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\//.exec(String(request.headers.authorization ?? ""));
      return {
        destination: String(request.headers["x-chosen-destination"]),
        host: request.headers.host,
        accessKey: scope?.[1],
        region: scope?.[2],
        sessionToken: request.headers["x-amz-security-token"] !== undefined,
        attempt: request.headers["amz-sdk-request"] as string | undefined,
      };
    });
    reports.set(report.name, { ...report, requests });
  }
  return reports;
}

/**
 * Runs every combination through both clients: ours in one child process and the official
 * client in another (each combination after the other, with its own environment and HOME);
 * combinations marked `alone` (those that count once-per-process warnings) in processes of
 * their own.
 *
 * @param combinations - the combinations
 * @returns both runs of each combination, by name
 */
export async function runSideBySide(combinations: readonly Combination[]): Promise<Map<string, { ours: ClientRun; official: ClientRun }>> {
  if (!existsSync(join(ROOT, "dist", "index.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
  const clients = ["ours", "official"] as const;
  // Each client gets homes and servers of its own, so the two can run at once.
  const prepared = await Promise.all(clients.map(() => Promise.all(combinations.map(prepare))));
  try {
    const results = await Promise.all(
      clients.map(async (which, index) => {
        const runs = prepared[index]!;
        const batches = [runs.filter((run) => !run.combination.alone), ...runs.filter((run) => run.combination.alone).map((run) => [run])];
        const reports = await Promise.all(batches.map((batch) => runChild(which, batch)));
        return new Map(reports.flatMap((report) => [...report]));
      }),
    );
    return new Map(combinations.map((c) => [c.name, { ours: results[0]!.get(c.name)!, official: results[1]!.get(c.name)! }]));
  } finally {
    for (const run of prepared.flat()) {
      await run.server.close();
      rmSync(run.home, { recursive: true, force: true });
    }
  }
}
