/**
 * Generating, typechecking, importing and calling clients generated from test models.
 *
 * Clients are written below `.tmp/codegen-tests/` (git-ignored) inside the repository, so that
 * their imports of `src/runtime` and of `@smithy/*` resolve as in `src/generated/`, and vitest
 * transforms them like any other TypeScript source. Each test file uses its own folder.
 *
 * The HTTP side is msw at the network boundary, as in `msw.ts`, for any `*.amazonaws.com` host
 * (the trait fixtures resolve to `https://example.us-east-1.amazonaws.com`).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { http, type HttpResponse } from "msw";
import { setupServer } from "msw/node";
import ts from "typescript";
import { afterAll, afterEach, beforeAll } from "vitest";
import { generateFiles, type GenerateOptions } from "../../src/codegen/generate.js";
import { parseModel, type SmithyModel } from "../../src/codegen/model.js";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Static credentials for generated clients (the SigV4 test-suite key id). */
export const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

/**
 * Reads a trait fixture model.
 *
 * @param name - the file name in `test/fixtures/models/traits/`, without `.json`
 * @returns the parsed model
 */
export function traitModel(name: string): SmithyModel {
  return parseModel(readFileSync(join(ROOT, "test/fixtures/models/traits", `${name}.json`), "utf8"));
}

/**
 * An empty scratch folder for one test file's generated clients.
 *
 * @param name - a name unique to the test file
 * @returns its absolute path
 */
export function scratchDir(name: string): string {
  const dir = join(ROOT, ".tmp/codegen-tests", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Generates a client into a folder, importing the runtime from `src/runtime` by relative path
 * unless `options.runtimeImport` says otherwise.
 *
 * @param model - the model
 * @param dir - the output folder (absolute)
 * @param options - generation options; `modelLabel` defaults to `test`
 * @returns the files written, by relative path
 */
export function generateInto(model: SmithyModel, dir: string, options: Partial<GenerateOptions> = {}): Map<string, string> {
  const depth = dir.slice(ROOT.length).split("/").filter(Boolean).length;
  const files = generateFiles(model, { modelLabel: "test", runtimeImport: `${"../".repeat(depth)}src/runtime`, ...options });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return files;
}

/**
 * Typechecks files under the repository's compiler options (strict, noUncheckedIndexedAccess,
 * noUnusedLocals, verbatimModuleSyntax…).
 *
 * @param rootFiles - absolute paths of the files to check (their imports are followed)
 * @param paths - extra `paths` mappings, relative to the repository root
 * @returns the diagnostics, formatted; empty when the files compile
 */
export function typecheck(rootFiles: readonly string[], paths: Readonly<Record<string, string[]>> = {}): string[] {
  const config = ts.readConfigFile(join(ROOT, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, ...(Object.keys(paths).length ? { baseUrl: ROOT, paths: { ...paths } } : {}) };
  const program = ts.createProgram({ rootNames: [...rootFiles], options });
  const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => "\n" };
  return ts.getPreEmitDiagnostics(program).map((d) => ts.formatDiagnostic(d, host).trim());
}

/**
 * Imports a generated client's barrel.
 *
 * @param dir - the output folder
 * @returns the module
 */
export async function importGenerated<T = Record<string, any>>(dir: string): Promise<T> {
  return (await import(pathToFileURL(join(dir, "index.ts")).href)) as T;
}

/** One request as the mock received it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: URL;
  /** The path exactly as sent (percent-encoding kept). */
  readonly path: string;
  /** Lower-cased header names. */
  readonly headers: Record<string, string>;
  readonly bytes: Uint8Array;
  readonly text: string;
}

/** The mock of one test file. */
export interface ServiceMock {
  /** Requests received, in order. */
  readonly requests: SeenRequest[];
  /**
   * Answers every request to an `*.amazonaws.com` host.
   *
   * @param reply - builds the response; `index` counts requests in this test
   */
  reply(reply: (request: SeenRequest, index: number) => Response | HttpResponse<any> | Promise<Response>): void;
}

/**
 * Starts msw for the test file (unhandled requests fail the test) and resets it after each test.
 *
 * @returns the mock
 */
export function useServiceMock(): ServiceMock {
  const server = setupServer();
  const requests: SeenRequest[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    server.resetHandlers();
    requests.length = 0;
  });
  afterAll(() => server.close());
  return {
    requests,
    reply(reply) {
      let index = 0;
      server.use(
        http.all(/^https?:\/\/[^/]*amazonaws\.com(:\d+)?\//, async ({ request }) => {
          const bytes = new Uint8Array(await request.arrayBuffer());
          const headers: Record<string, string> = {};
          request.headers.forEach((value, name) => {
            headers[name] = value;
          });
          const url = new URL(request.url);
          const seen = { method: request.method, url, path: url.pathname, headers, bytes, text: new TextDecoder().decode(bytes) };
          requests.push(seen);
          return reply(seen, index++);
        }),
      );
    },
  };
}
