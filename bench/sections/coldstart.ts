/**
 * Cold start: `node bench/cold-start-child.mjs` imports a client, constructs it, sends one
 * GetTraceSummaries call to a loopback server and exits; wall time from spawn to exit and peak
 * RSS, median of repeated runs. Floors: `node -e 0`, and one bare request with `node:http` and
 * with Node's global `fetch` (whose undici loads lazily and costs more than node:http).
 */
import { buildOursForNode, distModule, measureColdStarts, pairedRatio, type ColdStartKind, type ColdStartOutcome } from "../lib/cold-start.js";
import { statSync } from "node:fs";
import { join } from "node:path";
import { describeError } from "../lib/format.js";
import { RSS_SOURCE } from "../lib/process-run.js";
import type { Row } from "../lib/report.js";
import type { BenchContext, Section } from "../lib/section.js";

/** The cold-start section. */
export const coldStartSection: Section = {
  name: "coldstart",
  title: `cold start: node imports, constructs, one call to loopback, exits (median; peak RSS from ${RSS_SOURCE})`,
  async run(context: BenchContext): Promise<Row[]> {
    const runs = context.quick ? 5 : 11;
    const modules: Partial<Record<ColdStartKind, string>> = {};
    let buildFailure: string | undefined;
    try {
      modules.ours = await buildOursForNode(context);
    } catch (error) {
      buildFailure = `src/ does not build: ${describeError(error)}`;
    }
    const dist = distModule(context.root);
    if (dist) modules["ours-dist"] = dist;
    const kinds: ColdStartKind[] = [...(modules.ours ? ["ours" as const] : []), ...(dist ? ["ours-dist" as const] : []), "official", "aws-lite", "aws4fetch", "noop", "http", "fetch"];
    context.log(`coldstart: ${runs} runs each of ${kinds.join(", ")}`);
    const outcomes = await measureColdStarts(context, kinds, modules, runs);

    const get = (kind: ColdStartKind): ColdStartOutcome =>
      outcomes.get(kind) ?? { ok: false, reason: kind === "ours" && buildFailure ? buildFailure : "not measured" };
    const wall = (kind: ColdStartKind) => {
      const o = get(kind);
      return o.ok ? o.median.wallMs : undefined;
    };
    const rss = (kind: ColdStartKind) => {
      const o = get(kind);
      return o.ok ? o.median.maxRssMiB : undefined;
    };
    const reason = (kind: ColdStartKind) => {
      const o = get(kind);
      return o.ok ? undefined : o.reason;
    };

    const clientRows = (kind: "ours" | "ours-dist", source: string): Row[] => {
      const [oursWall, officialWall, oursRss, officialRss] = [wall(kind), wall("official"), rss(kind), rss("official")];
      const wallRatio = pairedRatio(outcomes.get(kind), outcomes.get("official"), "wallMs");
      const rssRatio = pairedRatio(outcomes.get(kind), outcomes.get("official"), "maxRssMiB");
      const note = reason(kind) ?? reason("official") ?? reason("aws-lite") ?? reason("aws4fetch");
      const peers = (pick: "wallMs" | "maxRssMiB") => ({
        values: { "aws-lite": pick === "wallMs" ? wall("aws-lite") : rss("aws-lite"), aws4fetch: pick === "wallMs" ? wall("aws4fetch") : rss("aws4fetch") },
        ratios: {
          "aws-lite": pairedRatio(outcomes.get(kind), outcomes.get("aws-lite"), pick),
          aws4fetch: pairedRatio(outcomes.get(kind), outcomes.get("aws4fetch"), pick),
        },
      });
      const [wallPeers, rssPeers] = [peers("wallMs"), peers("maxRssMiB")];
      return [
        {
          section: "coldstart",
          figure: `cold start, wall: import + construct + 1 call to loopback + exit (${source}, median of ${runs})`,
          unit: "ms",
          ours: oursWall,
          official: officialWall,
          floor: wall("http"),
          floorLabel: "node + 1 node:http POST",
          note,
          pairedRatio: wallRatio,
          peers: wallPeers.values,
          peerPairedRatios: wallPeers.ratios,
          target:
            wallRatio !== undefined && wallPeers.ratios["aws-lite"] !== undefined
              ? { text: "≤ 0.6× official and ≤ aws-lite", pass: wallRatio <= 0.6 && wallPeers.ratios["aws-lite"] <= 1 }
              : undefined,
        },
        {
          section: "coldstart",
          figure: `cold start, peak RSS (${source})`,
          unit: "MiB",
          ours: oursRss,
          official: officialRss,
          floor: rss("http"),
          floorLabel: "node + 1 node:http POST",
          note,
          pairedRatio: rssRatio,
          peers: rssPeers.values,
          peerPairedRatios: rssPeers.ratios,
          target:
            rssRatio !== undefined && rssPeers.ratios["aws-lite"] !== undefined
              ? { text: "< official and ≤ aws-lite", pass: rssRatio < 1 && rssPeers.ratios["aws-lite"] <= 1 }
              : undefined,
        },
      ];
    };
    const floorRows = (kind: ColdStartKind, what: string): Row[] => [
      { section: "coldstart", figure: `floor: ${what}, wall`, unit: "ms", floor: wall(kind), note: reason(kind) },
      { section: "coldstart", figure: `floor: ${what}, peak RSS`, unit: "MiB", floor: rss(kind), note: reason(kind) },
    ];
    return [
      ...clientRows("ours", "src/ built by esbuild, deps from node_modules"),
      ...(dist ? clientRows("ours-dist", `dist/, built ${distBuilt(context.root)}`) : []),
      ...floorRows("noop", "`node -e 0`"),
      ...floorRows("http", "node + one bare node:http POST"),
      ...floorRows("fetch", "node + one bare global fetch POST"),
    ];
  },
};

/** When `dist/index.js` was built (it may predate src/). */
const distBuilt = (root: string): string => `${statSync(join(root, "dist/index.js")).mtime.toISOString().slice(0, 16).replace("T", " ")}Z`;
