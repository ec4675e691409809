/**
 * Regenerates this repository's client from its Smithy JSON AST model.
 *
 *   npm run generate              models/xray.json → src/generated/
 *   npm run generate:check        fails (exit 1) when src/generated/ is stale
 *   tsx scripts/generate.ts --model path/to/model.json --out dir [--operations A,B] [--check]
 *
 * The same generator as the package's `typed-xray-codegen` bin (`src/codegen/run.ts`),
 * with this repository's model and output folder as defaults.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runCodegen } from "../src/codegen/run.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

process.exitCode = runCodegen(process.argv.slice(2), {
  program: "scripts/generate.ts",
  regenerate: "npx tsx scripts/generate.ts",
  packageRoot: root,
  cwd: process.cwd(),
  defaults: { model: join(root, "models/xray.json"), out: join(root, "src/generated") },
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
});
