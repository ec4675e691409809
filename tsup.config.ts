import { defineConfig } from "tsup";

// The runtime imports its platform as `#platform` (package.json `imports`): esbuild picks
// src/runtime/platform/browser.ts for the browser build by the `browser` condition and
// src/runtime/platform/node.ts otherwise, so no Node built-in reaches a browser bundle.

/** Entry points that run in browsers as well as in Node. */
const universalEntries = {
  index: "src/index.ts",
  runtime: "src/runtime/index.ts",
  "tracing/index": "src/tracing/index.ts",
  "otel/index": "src/otel/index.ts",
  "local/msw": "src/local/msw.ts",
};

/** Entry points that only make sense in Node (servers, sockets, AsyncLocalStorage, CLIs). */
const nodeEntries = {
  "local/index": "src/local/index.ts",
  "tracing/context": "src/tracing/context.ts",
  "tracing/udp": "src/tracing/udp.ts",
  "tracing/lambda": "src/tracing/lambda.ts",
};

/** The command-line tools named in package.json `bin`. */
const binEntries = {
  "bin/typed-xray-codegen": "src/codegen/cli.ts",
  "bin/typed-xray-local": "src/local/cli.ts",
  "bin/typed-xray": "src/cli/main.ts",
};

const external = ["msw", "@aws-sdk/credential-provider-node", /^@opentelemetry\//];

const shared = {
  target: "es2022" as const,
  sourcemap: true,
  // Entries share one copy of the runtime (chunks), so an error class thrown by the client is
  // the same class the tracing sender or a generated client checks with `instanceof`.
  splitting: true,
  minify: false,
  // Peers and optional peers stay imports: the user's copy is the one that must be used.
  external,
};

export default defineConfig([
  {
    ...shared,
    entry: { ...universalEntries, ...nodeEntries },
    format: ["esm", "cjs"] as const,
    platform: "node" as const,
    dts: true,
    outDir: "dist",
    // Node: the @smithy packages are CommonJS; loading them from ESM costs Node's CommonJS
    // lexer, compile and resolution about 50 ms of cold start (bench "coldstart"). Bundled and
    // tree-shaken into our files they cost a fraction. Browser builds keep them as imports, so
    // bundlers share one copy with any other AWS client in the app.
    noExternal: [/^@smithy\//, /^@aws-crypto\//],
  },
  {
    ...shared,
    entry: universalEntries,
    format: ["esm"] as const,
    platform: "browser" as const,
    dts: false,
    outDir: "dist/browser",
  },
  { ...shared, entry: binEntries, format: ["esm"] as const, platform: "node" as const, dts: false, splitting: false, outDir: "dist", external: [...external, "typescript"] },
]);
