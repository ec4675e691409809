/**
 * Regenerates the client from a Smithy JSON AST model.
 *
 *   npm run generate              models/xray.json → src/generated/
 *   npm run generate:check        fails (exit 1) when src/generated/ is stale
 *   tsx scripts/generate.ts --model path/to/model.json --out dir [--operations A,B] [--check]
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateFiles } from "./codegen/generate.js";
import { ModelError, parseModel } from "./codegen/model.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Lists files below a directory, as paths relative to it. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split("\\").join("/"))
    .sort();
}

function main(): number {
  const { values } = parseArgs({
    options: {
      model: { type: "string", default: join(root, "models/xray.json") },
      out: { type: "string", default: join(root, "src/generated") },
      operations: { type: "string" },
      check: { type: "boolean", default: false },
      "runtime-import": { type: "string" },
    },
  });
  const modelPath = resolve(values.model!);
  const outDir = resolve(values.out!);
  const started = performance.now();
  const model = parseModel(readFileSync(modelPath, "utf8"));
  const inRepo = !relative(root, modelPath).startsWith("..");
  const files = generateFiles(model, {
    modelLabel: inRepo ? relative(root, modelPath).split("\\").join("/") : modelPath.split(/[\\/]/).pop()!,
    ...(values.operations ? { operations: values.operations.split(",").map((s) => s.trim()).filter(Boolean) } : {}),
    ...(values["runtime-import"] ? { runtimeImport: values["runtime-import"] } : {}),
  });
  const existing = listFiles(outDir);
  if (values.check) {
    const stale = [
      ...[...files].filter(([path, text]) => !existsSync(join(outDir, path)) || readFileSync(join(outDir, path), "utf8") !== text).map(([path]) => path),
      ...existing.filter((path) => !files.has(path)),
    ];
    if (stale.length > 0) {
      console.error(`${relative(root, outDir) || outDir} is stale; run \`npm run generate\`. Differs: ${stale.join(", ")}`);
      return 1;
    }
    console.log(`${relative(root, outDir)} is up to date (${files.size} files).`);
    return 0;
  }
  for (const path of existing) if (!files.has(path)) rmSync(join(outDir, path));
  for (const [path, text] of files) {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), text);
  }
  console.log(`Generated ${files.size} files in ${relative(root, outDir) || outDir} in ${(performance.now() - started).toFixed(0)} ms.`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (error instanceof ModelError) {
    console.error(`Model error at ${error.message}`);
    process.exitCode = 2;
  } else throw error;
}
