/**
 * One context for both module formats: the built ESM and CommonJS copies of
 * `typed-xray/tracing/context` share one AsyncLocalStorage, so a segment made current with
 * `withSegment` from one is seen by `captureAsync` and `currentSegment` from the other. Runs the
 * built files (`npm run build` first; the `pretest` script does it) in a child process that loads
 * both.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Loads both copies, runs `body` (which prints JSON), and returns what it printed. */
function mixed(body: string): unknown {
  const script = `
    import { createRequire } from "node:module";
    const require = createRequire(${JSON.stringify(`${root}package.json`)});
    const esm = await import("typed-xray/tracing/context");
    const cjs = require("typed-xray/tracing/context");
    const { Segment } = await import("typed-xray/tracing");
    if (esm.withSegment === cjs.withSegment) throw new Error("expected two copies of the module");
    ${body}
  `;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" }));
}

describe("typed-xray/tracing/context loaded as ESM and as CommonJS", () => {
  beforeAll(() => {
    if (!existsSync(`${root}/dist/tracing/context.cjs`)) throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
  });

  it("a segment set in ESM is current in CommonJS, and subsegments nest under it", () => {
    const result = mixed(`
      const segment = new Segment("mixed");
      await esm.withSegment(segment, async () => {
        await cjs.captureAsync("from cjs", async () => {
          await esm.captureAsync("from esm inside cjs", async () => undefined);
        });
      });
      console.log(JSON.stringify({ names: segment.toJSON().subsegments?.map((s) => [s.name, s.subsegments?.map((c) => c.name)]) }));
    `);
    expect(result).toEqual({ names: [["from cjs", ["from esm inside cjs"]]] });
  });

  it("a segment set in CommonJS is current in ESM", () => {
    const result = mixed(`
      const segment = new Segment("mixed");
      const seen = cjs.withSegment(segment, () => esm.currentSegment() === segment);
      console.log(JSON.stringify({ seen, outside: esm.currentSegment() === undefined }));
    `);
    expect(result).toEqual({ seen: true, outside: true });
  });
});
