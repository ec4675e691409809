/**
 * The code generator's command line: `typed-xray-codegen` (the package's bin,
 * `src/codegen/cli.ts`) and `scripts/generate.ts` (`npm run generate`) share
 * `src/codegen/run.ts`. Usage and model errors, exit codes, deterministic and formatted
 * output, `--operations`, `--check`, stale-file removal, and the runtime import: relative
 * inside this repository, `typed-xray/runtime` anywhere else, whose entry point
 * (`src/runtime/index.ts`) must export everything generated code imports.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCodegen, type RunEnvironment } from "../../src/codegen/run.js";
import { ROOT, scratchDir, typecheck } from "../support/codegen.js";

const OFFICIAL = join(ROOT, "test/fixtures/models/xray-2016-04-12.json");
const outside = mkdtempSync(join(tmpdir(), "typed-xray-codegen-"));
afterAll(() => rmSync(outside, { recursive: true, force: true }));
/** The official model where a user keeps it: outside this repository. */
const USER_MODEL = join(outside, "xray-2016-04-12.json");
writeFileSync(USER_MODEL, readFileSync(OFFICIAL));

/** Runs the CLI in-process, the way the bin does, capturing its output. */
function run(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const env: RunEnvironment = {
    program: "typed-xray-codegen",
    packageRoot: ROOT,
    cwd,
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
  };
  const code = runCodegen(args, env);
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

/** Every file below a folder, by relative path. */
const readTree = (dir: string): Map<string, string> =>
  new Map(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => [relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name), "utf8")] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );

/** The module specifiers a TypeScript file imports. */
const importsOf = (text: string): string[] => [...text.matchAll(/^import .* from "([^"]+)";$/gm)].map((match) => match[1]!);

describe("usage", () => {
  it("prints help with --help and exits 0", () => {
    const { code, stdout } = run(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: typed-xray-codegen --model <model\.json> --out <dir> \[options\]/);
    for (const option of ["--model", "--out", "--operations", "--check", "--runtime-import", "--package-name", "--help"]) expect(stdout).toContain(option);
  });

  it.each([
    [["--out", "x"], "--model is required"],
    [["--model", OFFICIAL], "--out is required"],
    [["--model", OFFICIAL, "--out", "x", "--frobnicate"], "Unknown option '--frobnicate'"],
    [["--model", OFFICIAL, "extra"], "Unexpected argument 'extra'"],
    [["--model", "no/such/model.json", "--out", "x"], "cannot read the model"],
  ])("exits 1 for %j, saying why and where to look", (args, message) => {
    const { code, stderr } = run(args);
    expect(code).toBe(1);
    expect(stderr).toContain(message);
    expect(stderr).toContain("Run typed-xray-codegen --help for the options.");
  });

  it("exits 2 for a model it refuses, naming the JSON path of the problem", () => {
    const model = JSON.parse(readFileSync(OFFICIAL, "utf8"));
    model.shapes["com.amazonaws.xray#Group"].members.GroupName.target = "com.amazonaws.xray#Nope";
    writeFileSync(join(outside, "broken.json"), JSON.stringify(model));
    const { code, stderr } = run(["--model", join(outside, "broken.json"), "--out", join(outside, "never")]);
    expect(code).toBe(2);
    expect(stderr).toBe('typed-xray-codegen: model error at $.shapes["com.amazonaws.xray#Group"].members.GroupName.target: targets com.amazonaws.xray#Nope, which the model does not define');
    expect(existsSync(join(outside, "never"))).toBe(false);
  });

  it("is the bin: a node shebang on line 1, and the same exit codes as a process", () => {
    expect(readFileSync(join(ROOT, "src/codegen/cli.ts"), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    const cli = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "src/codegen/cli.ts", ...args], { cwd: ROOT, encoding: "utf8" });
    expect(cli(["--help"]).status).toBe(0);
    expect(cli(["--model", OFFICIAL]).status).toBe(1);
    const refused = cli(["--model", join(outside, "broken.json"), "--out", join(outside, "never")]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("model error at $.shapes");
  });
});

describe("generating outside this repository", () => {
  const dir = join(outside, "xray");
  let first: Map<string, string>;

  it("writes a formatted client that imports only typed-xray/runtime, and prints the time taken", () => {
    const { code, stdout } = run(["--model", USER_MODEL, "--out", dir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Generated 51 files in ${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} in \\d+ ms\\.$`));
    first = readTree(dir);
    expect(first.size).toBe(51);
    for (const [path, text] of first) {
      if (!path.endsWith(".ts")) continue;
      expect(text.split("\n")[0], path).toBe("// Code generated by typed-xray-codegen from xray-2016-04-12.json. DO NOT EDIT.");
      for (const specifier of importsOf(text)) expect(specifier, `${path} imports ${specifier}`).toMatch(/^(typed-xray\/runtime|\.{1,2}\/[^.][\w./-]*\.js)$/);
      // Formatted: no tabs, no trailing spaces, no runs of blank lines, a final newline.
      expect(text, path).not.toMatch(/\t| +\n|\n\n\n/);
      expect(text.endsWith("\n"), path).toBe(true);
      // Every exported declaration has TSDoc (the barrel only re-exports).
      const lines = text.split("\n");
      lines.forEach((line, i) => {
        if (path !== "index.ts" && /^export (interface|class|const|type|function|declare namespace)\b/.test(line)) expect(lines[i - 1]?.trim().endsWith("*/"), `${path}:${i + 1}`).toBe(true);
      });
    }
    expect(first.get("README.md")).toContain("npx typed-xray-codegen --model xray-2016-04-12.json --out xray");
    expect(first.get("commands/GetGroupsCommand.ts")).toContain('import { XRayClient, GetGroupsCommand } from "./xray/index.js";');
  });

  it("is deterministic: a second run writes byte-identical files, and --check agrees", () => {
    expect(run(["--model", USER_MODEL, "--out", dir]).code).toBe(0);
    expect(readTree(dir)).toEqual(first);
    const check = run(["--model", USER_MODEL, "--out", dir, "--check"]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/is up to date \(51 files, checked in \d+ ms\)\.$/);
  });

  it("--check exits 1 naming what differs, and writes nothing", () => {
    writeFileSync(join(dir, "models.ts"), "// edited\n");
    const { code, stderr } = run(["--model", USER_MODEL, "--out", dir, "--check"]);
    expect(code).toBe(1);
    expect(stderr).toContain("is stale; regenerate it. Differs: models.ts");
    expect(readFileSync(join(dir, "models.ts"), "utf8")).toBe("// edited\n");
  });

  it("--operations keeps those operations and the shapes they reach, removing the generated files no longer produced but not the user's", () => {
    writeFileSync(join(dir, "notes.md"), "mine\n");
    const { code } = run(["--model", USER_MODEL, "--out", dir, "--operations", "GetGroups, GetGroup"]);
    expect(code).toBe(0);
    const tree = readTree(dir);
    expect([...tree.keys()].filter((path) => path.startsWith("commands/"))).toEqual(["commands/GetGroupCommand.ts", "commands/GetGroupsCommand.ts"]);
    expect(tree.get("notes.md")).toBe("mine\n");
    expect(tree.get("models.ts")).toContain("export interface Group {");
    expect(tree.get("models.ts")).not.toContain("TraceSummary");
    expect(tree.get("errors.ts")).toMatch(/export class InvalidRequestException\b/);
    expect(tree.get("errors.ts")).not.toContain("ResourceNotFoundException");
    expect(tree.get("README.md")).toContain("--operations GetGroups,GetGroup");
  });

  it("--runtime-import overrides the runtime's specifier", () => {
    const other = join(outside, "vendored");
    expect(run(["--model", USER_MODEL, "--out", other, "--operations", "GetGroups", "--runtime-import", "@acme/xray-runtime"]).code).toBe(0);
    expect(importsOf(readFileSync(join(other, "commands/GetGroupsCommand.ts"), "utf8"))).toContain("@acme/xray-runtime");
  });
});

describe("generating inside this repository", () => {
  it("imports the runtime's files by relative path", () => {
    const dir = scratchDir("cli-in-repo");
    const { code, stdout } = run(["--model", "test/fixtures/models/traits/http-label.json", "--out", relative(ROOT, dir)]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Generated \d+ files in \.tmp\/codegen-tests\/cli-in-repo in \d+ ms\.$/);
    const command = readFileSync(join(dir, "commands/GetObjectCommand.ts"), "utf8");
    expect(importsOf(command)).toEqual(expect.arrayContaining(["../../../../src/runtime/command.js", "../../../../src/runtime/http-bindings.js"]));
    expect(command.split("\n")[0]).toBe("// Code generated by typed-xray-codegen from test/fixtures/models/traits/http-label.json. DO NOT EDIT.");
  });

  it("npm run generate: scripts/generate.ts defaults to models/xray.json and src/generated, which are current", () => {
    const output = execFileSync(process.execPath, ["--import", "tsx", "scripts/generate.ts", "--check"], { cwd: ROOT, encoding: "utf8" });
    expect(output).toMatch(/^src\/generated is up to date \(21 files, checked in \d+ ms\)\.\n$/);
  });
});

describe("typed-xray/runtime (src/runtime/index.ts)", () => {
  it("exports everything generated code imports: clients of every trait fixture compile against it alone", () => {
    const dir = scratchDir("cli-package-runtime");
    const fixtures = readdirSync(join(ROOT, "test/fixtures/models/traits")).map((file) => file.replace(/\.json$/, ""));
    for (const name of fixtures) {
      expect(run(["--model", `test/fixtures/models/traits/${name}.json`, "--out", relative(ROOT, join(dir, name)), "--runtime-import", "typed-xray/runtime"]).code).toBe(0);
    }
    expect(run(["--model", OFFICIAL, "--out", relative(ROOT, join(dir, "xray")), "--runtime-import", "typed-xray/runtime"]).code).toBe(0);
    for (const [path, text] of readTree(dir)) {
      for (const specifier of importsOf(text)) expect(specifier, path).toMatch(/^(typed-xray\/runtime|\.{1,2}\/[^.][\w./-]*\.js)$/);
    }
    const roots = [...fixtures, "xray"].map((name) => join(dir, name, "index.ts"));
    expect(typecheck(roots, { "typed-xray/runtime": ["src/runtime/index.ts"] })).toEqual([]);
  }, 60_000);
});
