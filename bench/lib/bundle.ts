/**
 * Browser bundle sizes, measured the way users' bundlers see the code: esbuild bundles an
 * entry that imports what an app would import, minified for browsers, in memory; then gzip
 * level 9 and brotli quality 11 of the result.
 */
import { build, type Plugin } from "esbuild";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** Sizes of one bundle, in bytes. */
export interface BundleSize {
  readonly raw: number;
  readonly gzip: number;
  readonly brotli: number;
}

/**
 * Keeps what `import()` loads on demand (the `validateInput` checks: `./constraints.js` in src/,
 * a `constraints-*.js` chunk in dist/browser/) out of the measured bundle, as an application's
 * bundler splits it out of what a page loads up front.
 *
 * @returns the esbuild plugin
 */
export function onDemandChunksPlugin(): Plugin {
  return {
    name: "on-demand-chunks",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /(^\.\/constraints\.js|\/constraints-[A-Z0-9]+\.js)$/ }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/**
 * Bundles `contents` (an ES module, resolved from `resolveDir`) for browsers and measures it.
 *
 * @param contents - the entry module's source, e.g. `export { XRayClient } from "..."`
 * @param resolveDir - where its imports resolve from
 * @param plugins - esbuild plugins (the platform swap for our sources)
 * @returns the sizes
 * @throws the esbuild error when the entry does not bundle (e.g. a missing export)
 */
export async function measureBundle(contents: string, resolveDir: string, plugins: Plugin[] = []): Promise<BundleSize> {
  const result = await build({
    stdin: { contents, resolveDir, loader: "ts", sourcefile: "bench-entry.ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
    plugins,
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error("esbuild produced no output");
  return measureBytes(output.contents);
}

/**
 * Measures bytes raw, gzipped (level 9) and brotli-compressed (quality 11).
 *
 * @param bytes - the file contents
 * @returns the sizes
 */
export function measureBytes(bytes: Uint8Array): BundleSize {
  return {
    raw: bytes.byteLength,
    gzip: gzipSync(bytes, { level: 9 }).byteLength,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength },
    }).byteLength,
  };
}
