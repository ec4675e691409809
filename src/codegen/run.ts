/**
 * The code generator's command line, shared by the package's `typed-xray-codegen` bin
 * (`src/codegen/cli.ts`) and this repository's `npm run generate` (`scripts/generate.ts`):
 * argument parsing, reading the model, writing or checking the output, exit codes.
 *
 * Exit codes: 0 done (or up to date), 1 usage error, unreadable input or stale output
 * (`--check`), 2 a model the generator refuses (the message names the JSON path).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generateFiles } from "./generate.js";
import { ModelError, parseModel } from "./model.js";

/** Where a run happens and how it talks. */
export interface RunEnvironment {
  /** The program name used in messages and `--help`, e.g. `typed-xray-codegen`. */
  readonly program: string;
  /**
   * The root of the typed-xray package or repository the generator belongs to. Output inside
   * it (next to `src/runtime/`) imports the runtime by relative path; output anywhere else
   * imports `typed-xray/runtime`.
   */
  readonly packageRoot: string;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /** Defaults for `--model` and `--out`; without them both options are required. */
  readonly defaults?: { readonly model?: string; readonly out?: string };
  /** Writes a line to standard output. */
  readonly stdout: (line: string) => void;
  /** Writes a line to standard error. */
  readonly stderr: (line: string) => void;
  /** How users run this program, for the generated README. @defaultValue `npx <program>` */
  readonly regenerate?: string;
  /** Milliseconds since some fixed point (`performance.now`), for the time taken. */
  readonly now?: () => number;
}

/** A problem with the command line or the files it names (exit code 1). */
class UsageError extends Error {}

/** The package subpath generated code outside this repository imports the runtime from. */
export const RUNTIME_PACKAGE = "typed-xray/runtime";

const OPTIONS = {
  model: { type: "string" },
  out: { type: "string" },
  operations: { type: "string" },
  check: { type: "boolean" },
  "runtime-import": { type: "string" },
  "package-name": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * The `--help` text.
 *
 * @param env - the run environment
 * @returns the text
 */
export function usage(env: RunEnvironment): string {
  const defaults = env.defaults ?? {};
  const show = (path: string | undefined): string => (path ? ` (default: ${relative(env.cwd, path) || "."})` : " (required)");
  return `Usage: ${env.program} --model <model.json> --out <dir> [options]

Generates a typed TypeScript client from a Smithy JSON AST model of a restJson1 AWS service.

Options:
  --model <file>          the Smithy 2.0 JSON AST model${show(defaults.model)}
  --out <dir>             the folder to write the client to${show(defaults.out)}; generated files
                          there that the model no longer produces are removed
  --operations <A,B,...>  only these operations and the shapes they reach
  --check                 write nothing; exit 1 when the folder differs from what would be written
  --runtime-import <spec> where generated code imports the runtime from (default: a relative path
                          inside the typed-xray repository, "${RUNTIME_PACKAGE}" anywhere else)
  --package-name <name>   the module named in the generated @example imports
  -h, --help              show this help

Exit codes: 0 done, 1 usage error or stale output (--check), 2 the model cannot be generated
(the message names the JSON path of the problem).`;
}

/**
 * Runs the generator with command-line arguments.
 *
 * @param argv - the arguments after the program name
 * @param env - the run environment
 * @returns the exit code
 */
export function runCodegen(argv: readonly string[], env: RunEnvironment): number {
  const now = env.now ?? (() => performance.now());
  const started = now();
  try {
    const values = parseOptions(argv);
    if (values.help) {
      env.stdout(usage(env));
      return 0;
    }
    const modelOption = values.model ?? env.defaults?.model;
    const outOption = values.out ?? env.defaults?.out;
    if (!modelOption) throw new UsageError("--model is required");
    if (!outOption) throw new UsageError("--out is required");
    const modelPath = resolve(env.cwd, modelOption);
    const outDir = resolve(env.cwd, outOption);
    let text: string;
    try {
      text = readFileSync(modelPath, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read the model ${modelPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const operations = values.operations?.split(",").map((name) => name.trim()).filter(Boolean);
    const inRepo = isInside(env.packageRoot, outDir) && existsSync(join(env.packageRoot, "src/runtime/schema.ts"));
    const modelLabel = isInside(env.packageRoot, modelPath) ? posix(relative(env.packageRoot, modelPath)) : basename(modelPath);
    const runtimeImport = values["runtime-import"] ?? (inRepo ? relativeSpecifier(outDir, join(env.packageRoot, "src/runtime")) : RUNTIME_PACKAGE);
    const files = generateFiles(parseModel(text), {
      modelLabel,
      runtimeImport,
      generatorName: env.program,
      // The program's defaults are this repository's `npm run generate`; anything else is spelt out.
      ...(values.model === undefined && values.out === undefined && !operations
        ? {}
        : { regenerateCommand: `${env.regenerate ?? `npx ${env.program}`} --model ${modelLabel} --out ${basename(outDir)}${operations ? ` --operations ${operations.join(",")}` : ""}` }),
      packageName: values["package-name"] ?? (inRepo ? "typed-xray" : `./${basename(outDir)}/index.js`),
      ...(operations ? { operations } : {}),
    });
    const shownOut = isInside(env.cwd, outDir) ? posix(relative(env.cwd, outDir)) || "." : outDir;
    const elapsed = (): string => `${Math.round(now() - started)} ms`;
    const stale = generatedFilesIn(outDir).filter((path) => !files.has(path));
    if (values.check) {
      const differs = [...files].filter(([path, content]) => !existsSync(join(outDir, path)) || readFileSync(join(outDir, path), "utf8") !== content).map(([path]) => path);
      if (differs.length + stale.length > 0) {
        env.stderr(`${shownOut} is stale; regenerate it. Differs: ${[...differs, ...stale].join(", ")}`);
        return 1;
      }
      env.stdout(`${shownOut} is up to date (${files.size} files, checked in ${elapsed()}).`);
      return 0;
    }
    for (const path of stale) rmSync(join(outDir, path));
    for (const [path, content] of files) {
      mkdirSync(dirname(join(outDir, path)), { recursive: true });
      writeFileSync(join(outDir, path), content);
    }
    env.stdout(`Generated ${files.size} files in ${shownOut} in ${elapsed()}.`);
    return 0;
  } catch (error) {
    if (error instanceof ModelError) {
      env.stderr(`${env.program}: model error at ${error.message}`);
      return 2;
    }
    if (error instanceof UsageError) {
      env.stderr(`${env.program}: ${error.message}\nRun ${env.program} --help for the options.`);
      return 1;
    }
    throw error;
  }
}

function parseOptions(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * The files of a folder that a previous run wrote: those starting with the generated-code
 * header, and the generated README. Everything else in the folder is the user's and stays.
 */
function generatedFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => posix(relative(dir, join(entry.parentPath, entry.name))))
    .filter((path) => {
      const head = readFileSync(join(dir, path), "utf8").slice(0, 200);
      return /^\/\/ Code generated by .* DO NOT EDIT\./.test(head) || (path === "README.md" && head.startsWith("# Generated code: do not edit"));
    })
    .sort();
}

const posix = (path: string): string => path.split("\\").join("/");

const isInside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
};

/** A relative import specifier from one folder to another (`../runtime`, `./runtime`). */
function relativeSpecifier(from: string, to: string): string {
  const rel = posix(relative(from, to));
  return rel.startsWith(".") ? rel : `./${rel}`;
}
