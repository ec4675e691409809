#!/usr/bin/env node
/**
 * `typed-xray-codegen`: generates a typed client from a Smithy JSON AST model of a restJson1
 * AWS service, the same way this package's own X-Ray client is generated.
 *
 *   npx typed-xray-codegen --model xray-2016-04-12.json --out src/xray [--operations GetGroups,GetInsight]
 *
 * Built by tsup into `dist/bin/typed-xray-codegen.js`; `src/codegen/run.ts` does the work.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runCodegen } from "./run.js";

// Two levels up from both src/codegen/cli.ts and dist/bin/typed-xray-codegen.js.
const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

process.exitCode = runCodegen(process.argv.slice(2), {
  program: "typed-xray-codegen",
  packageRoot,
  cwd: process.cwd(),
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
});
