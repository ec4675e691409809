/**
 * What a run measured on, printed above the table: figures from different machines do not compare.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, platform, release, totalmem } from "node:os";
import { join } from "node:path";
import type { MachineInfo } from "./report.js";

/** Packages whose versions the results depend on. */
const MEASURED_PACKAGES = [
  "@aws-sdk/client-xray",
  "@aws-lite/client",
  "aws4fetch",
  "@smithy/smithy-client",
  "@smithy/signature-v4",
  "aws-xray-sdk-core",
  "@opentelemetry/id-generator-aws-xray",
  "esbuild",
  "tinybench",
];

/**
 * Describes this machine, Node and the measured packages.
 *
 * @param root - the repository root
 * @returns the description
 */
export function describeMachine(root: string): MachineInfo {
  // Read from node_modules directly: some packages' `exports` maps hide their package.json.
  const versionOf = (name: string): string => {
    try {
      return (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
    } catch {
      return "not installed";
    }
  };
  const own = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  const versions: Record<string, string> = { "typed-xray": own.version };
  for (const name of MEASURED_PACKAGES) versions[name] = versionOf(name);
  const cpuList = cpus();
  return {
    cpu: cpuList[0]?.model.trim() ?? "unknown CPU",
    cores: cpuList.length,
    node: process.versions.node,
    platform: `${platform()} ${release()}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    versions,
    commit: gitDescription(root),
  };
}

/** The commit, marked `+dirty` when the tree has uncommitted changes (the usual case while working). */
function gitDescription(root: string): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, encoding: "utf8" }).trim();
    return dirty ? `${head}+dirty` : head;
  } catch {
    return "unknown commit";
  }
}
