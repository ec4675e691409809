/**
 * Real-browser testing with Debian's Chromium: launching it headless with a fresh profile,
 * bundling a page from the built package for browsers, and watching the page's network traffic
 * (CORS preflights included) through the Chrome DevTools Protocol.
 *
 * Never a downloaded browser: CI installs Debian's `chromium` package (.ci/run); where it is
 * absent, {@link chromiumMissing} says so and the tests skip.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Debian's Chromium. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Headless, and quiet: without the background-networking flags Chromium keeps trying to reach
 * Google's services, and on a closed network those attempts make its own connections fail.
 */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Why the browser tests cannot run here, if they cannot.
 *
 * @returns a message naming what is missing, or `undefined` when Chromium and the build are there
 */
export function chromiumMissing(): string | undefined {
  if (!existsSync(CHROMIUM_PATH)) return `${CHROMIUM_PATH} is absent: install Debian's chromium package (CI does, in .ci/run)`;
  return undefined;
}

/** A running browser with its own throwaway profile. */
export interface Chromium {
  readonly context: BrowserContext;
  /** Closes the browser and deletes the profile. */
  close(): Promise<void>;
}

/**
 * Launches Chromium headless with a fresh `--user-data-dir`.
 *
 * @returns the browser context
 */
export async function launchChromium(): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), "typed-xray-chromium-"));
  try {
    // A persistent context is how Playwright takes a profile directory (it passes --user-data-dir).
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    return {
      context,
      async close() {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/** A page bundled for browsers. */
export interface PageBundle {
  /** The bundle (ESM, minified). */
  readonly code: string;
  /** Its size in bytes, and gzipped (level 9). */
  readonly rawBytes: number;
  readonly gzipBytes: number;
  /** Every file esbuild read, relative to the repository root with `/` separators. */
  readonly inputs: readonly string[];
}

/**
 * Bundles a page's entry point for browsers as an application would bundle it: minified ESM,
 * `platform: "browser"` (so the `browser` export condition applies).
 *
 * Imports of the repository's sources listed in `asPackage` are resolved instead as the given
 * package specifiers, from the repository root, through the package's `exports` map: the page
 * type-checks against `src/` but runs the built package (`dist/browser/…`), as users get it.
 * Any other import of `src/` fails the build, so the page can only use the public entry points.
 *
 * @param entry - the page's entry point, relative to the repository root
 * @param asPackage - source path as imported (e.g. `"../../src/index.js"`) → package specifier
 * @returns the bundle and its sizes
 * @throws Error when esbuild fails (e.g. `dist/` is missing)
 */
export async function bundlePage(entry: string, asPackage: Readonly<Record<string, string>>): Promise<PageBundle> {
  const plugin: Plugin = {
    name: "sources-as-package",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /(^|\/)src\// }, async (args) => {
        const specifier = asPackage[args.path];
        if (specifier === undefined) return { errors: [{ text: `${args.path}: a page may import only the package's public entry points` }] };
        const resolved = await pluginBuild.resolve(specifier, { kind: args.kind, resolveDir: REPO_ROOT });
        return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path };
      });
    },
  };
  const result = await build({
    entryPoints: [join(REPO_ROOT, entry)],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [plugin],
    // Ignore tsconfig.json: what the page gets must depend on the package, not on compiler paths.
    tsconfigRaw: {},
  });
  const code = result.outputFiles[0]!.text;
  const bytes = Buffer.byteLength(code);
  return {
    code,
    rawBytes: bytes,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    inputs: Object.keys(result.metafile.inputs).map((input) => relative(REPO_ROOT, join(REPO_ROOT, input)).split(sep).join("/")),
  };
}

/** One request the page made, as the browser's network stack saw it. */
export interface NetworkExchange {
  readonly method: string;
  readonly url: string;
  /** `"Preflight"` for a CORS preflight, else the resource type (`"Fetch"`, `"Document"`, …). */
  readonly type: string | undefined;
  /** Set once the response arrived. */
  status?: number;
  /** Lower-cased names. */
  responseHeaders?: Record<string, string>;
}

/**
 * Records the page's requests and responses from the DevTools Protocol's Network domain, which,
 * unlike Playwright's request events, includes CORS preflights.
 *
 * @param context - the page's browser context
 * @param page - the page to watch, before it navigates
 * @returns the exchanges, filled in as they happen
 */
export async function watchNetwork(context: BrowserContext, page: Page): Promise<NetworkExchange[]> {
  const exchanges: NetworkExchange[] = [];
  const byId = new Map<string, NetworkExchange>();
  const session = await context.newCDPSession(page);
  session.on("Network.requestWillBeSent", (event) => {
    const exchange: NetworkExchange = { method: event.request.method, url: event.request.url, type: event.type };
    exchanges.push(exchange);
    byId.set(event.requestId, exchange);
  });
  session.on("Network.responseReceived", (event) => {
    const exchange = byId.get(event.requestId);
    if (!exchange) return;
    exchange.status = event.response.status;
    exchange.responseHeaders = Object.fromEntries(Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
  });
  await session.send("Network.enable");
  return exchanges;
}
