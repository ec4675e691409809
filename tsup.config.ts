import { fileURLToPath } from "node:url";
import type { Plugin } from "esbuild";
import { defineConfig } from "tsup";

/**
 * The browser build swaps the Node platform module (node:http transport, environment
 * credentials) for the browser one (fetch), so no Node built-in reaches a browser bundle.
 */
const browserPlatform: Plugin = {
  name: "browser-platform",
  setup(build) {
    build.onResolve({ filter: /platform\.node\.js$/ }, () => ({
      path: fileURLToPath(new URL("./src/runtime/platform.browser.ts", import.meta.url)),
    }));
  },
};

const shared = {
  entry: { index: "src/index.ts" },
  target: "es2022",
  sourcemap: true,
  splitting: false,
  minify: false,
} as const;

export default defineConfig([
  { ...shared, format: ["esm", "cjs"], platform: "node", dts: true, outDir: "dist" },
  { ...shared, format: ["esm"], platform: "browser", dts: false, outDir: "dist/browser", esbuildPlugins: [browserPlatform] },
]);
