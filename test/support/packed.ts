/**
 * The package as users receive it: the tarball `npm pack` makes from the built package,
 * installed by npm into a throwaway project under the OS temp directory, plus ways to run Node,
 * the TypeScript compiler and esbuild against that install.
 *
 * Why a real install rather than importing `dist/` from the repo: only an install shows what a
 * user gets: the files the `files` list ships, the dependencies `dependencies` declares (a
 * module that imports a dev-only package works in the repo and fails here), and the `exports`
 * map as Node, TypeScript and bundlers resolve it from outside the package.
 *
 * Usage (one install per test file, shared by its tests):
 *
 * ```ts
 * let install: PackedInstall;
 * beforeAll(async () => { install = await packAndInstall({ link: ["msw"] }); }, 120_000);
 * afterAll(() => install?.remove());
 * const stdout = await install.runNode("main.mjs", 'console.log(Object.keys(await import("typed-xray")))');
 * ```
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

/** The repository root (the package's own directory). */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The package name users install. */
export const PACKAGE_NAME = "typed-xray";

/** The part of package.json this helper and its tests read. */
export interface PackageManifest {
  readonly name: string;
  readonly main?: string;
  readonly module?: string;
  readonly types?: string;
  readonly bin?: Readonly<Record<string, string>>;
  /** Subpath → condition tree (nested objects) or a target path. */
  readonly exports: Readonly<Record<string, unknown>>;
}

/** A packed and installed copy of the package. */
export interface PackedInstall {
  /** The consumer project (`"type": "module"`), with the package in its node_modules. */
  readonly dir: string;
  /** The tarball `npm pack` wrote. */
  readonly tarball: string;
  /** Every path inside the tarball, relative to the package root (`dist/index.js`, ...). */
  readonly packedFiles: ReadonlySet<string>;
  /** The installed copy's package.json. */
  readonly manifest: PackageManifest;
  /**
   * Writes a file into the consumer project.
   *
   * @param path - relative to the project, directories are created
   * @param text - the contents
   * @returns the absolute path
   */
  writeFile(path: string, text: string): string;
  /**
   * Writes a script into the project and runs it with this Node, from the project directory.
   *
   * @param path - file name; `.mjs` runs as ESM, `.cjs` as CommonJS
   * @param source - the script
   * @returns its stdout
   * @throws Error with the script's stderr when it exits non-zero
   */
  runNode(path: string, source: string): Promise<string>;
  /**
   * Runs one of the installed package's `bin` commands with this Node, from the project
   * directory, as `npx <name>` would.
   *
   * @param name - the command, e.g. `typed-xray-codegen`
   * @param args - its arguments
   * @returns its stdout
   * @throws Error with the command's stderr when it exits non-zero
   */
  runBin(name: string, args: readonly string[]): Promise<string>;
  /**
   * Type-checks a project with the repo's TypeScript compiler.
   *
   * @param tsconfig - the tsconfig path, relative to the project
   * @returns the compiler's diagnostics by file (relative to the project); empty when it type-checks
   */
  typeCheck(tsconfig: string): Promise<Map<string, string[]>>;
  /** Deletes the temp directory (tarball and project). */
  remove(): void;
}

/** What {@link packAndInstall} accepts. */
export interface PackOptions {
  /**
   * Packages symlinked from the repo's node_modules into the consumer's (optional peers such as
   * `msw`, and `@types/node`), so the install needs no network for them.
   */
  readonly link?: readonly string[];
}

/**
 * Throws a clear error when the package has not been built.
 *
 * @throws Error naming the command that builds it
 */
export function assertBuilt(): void {
  if (!existsSync(join(REPO_ROOT, "dist", "index.js"))) {
    throw new Error("dist/ is missing: run `npm run build` first (`npm test` does it through its `pretest` script)");
  }
}

/**
 * Packs the built package with `npm pack` and installs the tarball into a new project under
 * the OS temp directory with `npm install <tarball> --prefer-offline --no-audit --no-fund`.
 *
 * @param options - packages to link from the repo
 * @returns the install
 * @throws Error when dist/ is missing or npm fails (with npm's output)
 */
export async function packAndInstall(options: PackOptions = {}): Promise<PackedInstall> {
  assertBuilt();
  const root = mkdtempSync(join(tmpdir(), "typed-xray-packed-"));
  try {
    const packOutput = await run("npm", ["pack", "--json", "--pack-destination", root], REPO_ROOT);
    // npm prints the JSON report last; lifecycle output (there is none today) would come first.
    const report = JSON.parse(packOutput.slice(packOutput.indexOf("["))) as [{ filename: string; files: { path: string }[] }];
    const tarball = join(root, report[0].filename);
    const dir = join(root, "consumer");
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2)}\n`);
    await run("npm", ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund"], dir);
    for (const name of options.link ?? []) {
      const target = join(dir, "node_modules", name);
      mkdirSync(dirname(target), { recursive: true });
      symlinkSync(join(REPO_ROOT, "node_modules", name), target, "dir");
    }
    const manifestText = await run(process.execPath, ["-p", `JSON.stringify(require("${PACKAGE_NAME}/package.json"))`], dir);
    const manifest = JSON.parse(manifestText) as PackageManifest;
    const writeFile = (path: string, text: string): string => {
      const absolute = join(dir, path);
      mkdirSync(dirname(absolute), { recursive: true });
      writeFileSync(absolute, text);
      return absolute;
    };
    return {
      dir,
      tarball,
      packedFiles: new Set(report[0].files.map((file) => file.path)),
      manifest,
      writeFile,
      async runNode(path, source) {
        writeFile(path, source);
        return run(process.execPath, [path], dir);
      },
      async runBin(name, args) {
        const target = manifest.bin?.[name];
        if (target === undefined) throw new Error(`the package has no bin named ${name}`);
        return run(process.execPath, [join(dir, "node_modules", PACKAGE_NAME, target), ...args], dir);
      },
      async typeCheck(tsconfig) {
        const tsc = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
        try {
          await run(process.execPath, [tsc, "-p", tsconfig, "--noEmit", "--pretty", "false"], dir);
          return new Map();
        } catch (error) {
          // tsc exits non-zero with its diagnostics on stdout.
          return diagnosticsByFile((error as RunError).stdout.trim() || (error as Error).message);
        }
      },
      remove() {
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/** The error of a failed child process, with its output. */
interface RunError extends Error {
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      reject(
        Object.assign(new Error(`${[command, ...args].join(" ")} failed in ${cwd}:\n${stderr.trim() || stdout.trim()}`), {
          stdout,
          stderr,
        }),
      );
    });
  });
}

/**
 * Groups tsc's diagnostics by file.
 *
 * @param output - tsc's output (`file(line,col): error TS…`, continuation lines indented)
 * @returns file → its diagnostics; lines that name no file go under `(no file)`
 */
export function diagnosticsByFile(output: string): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of output.split("\n")) {
    const file = /^(\S[^(]*)\(\d+,\d+\): /.exec(line)?.[1] ?? (/^\s/.test(line) ? undefined : "(no file)");
    if (file !== undefined) {
      current = byFile.get(file) ?? [];
      byFile.set(file, current);
    }
    if (line.trim() !== "") current?.push(line);
  }
  return byFile;
}

/**
 * Every file path a `package.json` points at: `main`, `module`, `types`, `bin` targets, and each
 * leaf of the `exports` condition trees.
 *
 * @param manifest - the package.json
 * @returns `[where, path]` pairs, the path without its leading `./`
 */
export function manifestTargets(manifest: PackageManifest): [where: string, path: string][] {
  const targets: [string, string][] = [];
  const add = (where: string, path: unknown): void => {
    if (typeof path === "string") targets.push([where, path.replace(/^\.\//, "")]);
  };
  add("main", manifest.main);
  add("module", manifest.module);
  add("types", manifest.types);
  for (const [name, path] of Object.entries(manifest.bin ?? {})) add(`bin.${name}`, path);
  const walk = (where: string, node: unknown): void => {
    if (typeof node === "string") add(where, node);
    else if (node && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) walk(`${where}.${key}`, child);
    }
  };
  for (const [subpath, tree] of Object.entries(manifest.exports)) walk(`exports["${subpath}"]`, tree);
  return targets;
}

/**
 * The conditions each subpath's `exports` entry offers at its top level (`browser`, `import`,
 * `require`, ...).
 *
 * @param manifest - the package.json
 * @returns subpath → its top-level conditions
 */
export function exportConditions(manifest: PackageManifest): Map<string, string[]> {
  return new Map(
    Object.entries(manifest.exports).map(([subpath, tree]) => [
      subpath,
      tree && typeof tree === "object" ? Object.keys(tree) : [],
    ]),
  );
}

/** A Node built-in that a browser bundle tried to import. */
export interface BuiltinImport {
  /** The specifier as written, e.g. `node:fs` or `zlib`. */
  readonly specifier: string;
  /** The importing file, relative to the project (e.g. `node_modules/typed-xray/dist/browser/index.js`). */
  readonly importer: string;
}

/** What bundling an entry for the browser produced. */
export interface BrowserBundle {
  /** Node built-ins the bundle imports (kept external so the build finishes and they can be listed). */
  readonly builtins: readonly BuiltinImport[];
  /** Every input file, relative to the project, forward slashes. */
  readonly inputs: readonly string[];
  /** The names the bundled entry exports. */
  readonly exports: readonly string[];
  /** esbuild's errors, formatted; empty when the build succeeded. */
  readonly errors: readonly string[];
}

const NODE_BUILTINS = new Set(builtinModules);
/** Marks the nested resolve of {@link builtinTrap}, so it does not trap itself. */
const PROBE = Symbol("builtin probe");

/**
 * An esbuild plugin that records every import of a Node built-in. A bare name (`events`,
 * `buffer`) counts only when nothing in node_modules provides it: a browser polyfill of the same
 * name is an ordinary package, not a built-in.
 */
function builtinTrap(found: BuiltinImport[], projectDir: string): Plugin {
  return {
    name: "node-builtin-trap",
    setup(esbuild) {
      esbuild.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === PROBE) return undefined;
        const bare = args.path.replace(/^node:/, "").split("/")[0] ?? "";
        const isBuiltinName = args.path.startsWith("node:") || NODE_BUILTINS.has(bare);
        if (!isBuiltinName) return undefined;
        if (!args.path.startsWith("node:")) {
          const probe = await esbuild.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: PROBE });
          if (probe.errors.length === 0 && probe.path && !probe.external) {
            return { path: probe.path, namespace: probe.namespace, sideEffects: probe.sideEffects };
          }
        }
        found.push({ specifier: args.path, importer: toPosix(relative(projectDir, args.importer)) });
        return { path: args.path, external: true };
      });
    },
  };
}

const toPosix = (path: string): string => path.split(sep).join("/");

/**
 * Bundles a module for the browser (esbuild, `platform: "browser"`, so the `browser` export
 * condition applies) from inside a project, in memory.
 *
 * @param projectDir - where imports resolve from
 * @param source - the entry module's source
 * @returns the built-ins it reached, its inputs and exports, and any build errors
 */
export async function bundleForBrowser(projectDir: string, source: string): Promise<BrowserBundle> {
  const builtins: BuiltinImport[] = [];
  try {
    const result = await build({
      stdin: { contents: source, resolveDir: projectDir, sourcefile: "entry.js", loader: "js" },
      absWorkingDir: projectDir,
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      write: false,
      metafile: true,
      logLevel: "silent",
      plugins: [builtinTrap(builtins, projectDir)],
    });
    const output = Object.values(result.metafile.outputs)[0];
    return {
      builtins,
      inputs: Object.keys(result.metafile.inputs).map(toPosix),
      exports: [...(output?.exports ?? [])].sort(),
      errors: [],
    };
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string } | null }[] }).errors;
    if (!errors) throw error;
    return {
      builtins,
      inputs: [],
      exports: [],
      errors: errors.map((e) => (e.location ? `${e.location.file}: ${e.text}` : e.text)),
    };
  }
}
