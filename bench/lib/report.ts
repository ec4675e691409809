/**
 * The bench's output: one row per figure, rendered as a Markdown table (pasteable into the
 * README's "Performance" section) and serialised to `bench/results.json`.
 */
import { formatValue } from "./format.js";
import { PEER_NAMES, PEER_PACKAGES, type PeerName } from "./peers.js";

/** The bench's sections, in the order they run. */
export const SECTION_NAMES = ["size", "percall", "coldstart", "large", "loopback", "transport", "tracing", "sampling", "otel"] as const;

/** One section of the bench. */
export type SectionName = (typeof SECTION_NAMES)[number];

/** Units the table knows how to format. */
export type Unit = "kB" | "µs" | "ms" | "MiB" | "calls/s" | "ops/s";

/**
 * One measured figure: typed-xray's value, the comparison library's value in the same run, and
 * optionally a floor (the cheapest known way to do the same work) and a target.
 */
export interface Row {
  /** The section that measured it. */
  readonly section: SectionName;
  /** What is measured, in words. */
  readonly figure: string;
  /** The unit of `ours`, `official` and `floor`. */
  readonly unit: Unit;
  /** typed-xray's value; absent for floor-only rows and for figures that are not available. */
  readonly ours?: number | undefined;
  /** The comparison library's value. */
  readonly official?: number | undefined;
  /** The comparison library when it is not `@aws-sdk/client-xray` (tracing rows). */
  readonly peer?: string | undefined;
  /** A floor or reference value measured in the same run. */
  readonly floor?: number | undefined;
  /** What the floor is. */
  readonly floorLabel?: string | undefined;
  /** Larger values are better (throughput); ratios and targets read the other way round. */
  readonly higherIsBetter?: boolean | undefined;
  /** The target, in words, and whether this run met it. */
  readonly target?: { readonly text: string; readonly pass: boolean } | undefined;
  /** Why a value is missing, or how it was measured when that matters. */
  readonly note?: string | undefined;
  /**
   * ours / official as the median of per-run ratios, for figures measured in pairs of adjacent
   * runs (cold starts): steadier than the ratio of two medians when the machine's load drifts.
   */
  readonly pairedRatio?: number | undefined;
  /** The lean peers' values in the same run (bench/lib/peers.ts), where the row measures them. */
  readonly peers?: Partial<Record<PeerName, number | undefined>> | undefined;
  /** ours / peer as the median of per-run ratios (cold starts), like {@link Row.pairedRatio}. */
  readonly peerPairedRatios?: Partial<Record<PeerName, number | undefined>> | undefined;
}

/** The machine and toolchain a run measured on. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
  readonly memoryGiB: number;
  readonly versions: Readonly<Record<string, string>>;
  readonly commit: string;
}

/** Everything `bench/results.json` holds. */
export interface Results {
  readonly machine: MachineInfo;
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly quick: boolean;
  readonly sections: readonly SectionName[];
  readonly rows: readonly (Row & {
    readonly ratio?: number | undefined;
    readonly floorRatio?: number | undefined;
    readonly peerRatios?: Partial<Record<PeerName, number | undefined>>;
  })[];
}

/**
 * `ours / other`, or undefined when either side is missing.
 *
 * @param ours - typed-xray's value
 * @param other - the value compared against
 * @returns the ratio
 */
export function ratio(ours: number | undefined, other: number | undefined): number | undefined {
  return ours === undefined || other === undefined || other === 0 ? undefined : ours / other;
}

/**
 * Renders the machine header and the rows as Markdown.
 *
 * @param machine - where the run happened
 * @param rows - the figures, in section order
 * @param quick - whether `--quick` reduced the iterations
 * @returns the Markdown text
 */
export function renderMarkdown(machine: MachineInfo, rows: readonly Row[], quick: boolean): string {
  const header = [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}` +
      ` (typed-xray ${machine.versions["typed-xray"]} at ${machine.commit}, @aws-sdk/client-xray ${machine.versions["@aws-sdk/client-xray"]}, ` +
      `@aws-lite/client ${machine.versions["@aws-lite/client"]}, aws4fetch ${machine.versions["aws4fetch"]})` +
      (quick ? " — `--quick`: fewer iterations, expect more noise" : ""),
    "",
    `| figure | typed-xray | @aws-sdk/client-xray¹ | ours / official | ${PEER_NAMES.map((peer) => `${PEER_PACKAGES[peer]} | ours / ${peer}`).join(" | ")} | floor or reference (ours / floor) | target | |`,
    `|---|--:|--:|--:|${PEER_NAMES.map(() => "--:|--:|").join("")}---|---|---|`,
  ];
  const lines = rows.map((row) => {
    const cells = [
      row.note ? `${row.figure} — ${row.note}` : row.figure,
      row.ours === undefined ? "" : formatValue(row.ours, row.unit),
      row.official === undefined ? "" : `${formatValue(row.official, row.unit)}${row.peer ? ` (${row.peer})` : ""}`,
      row.pairedRatio === undefined ? formatRatio(ratio(row.ours, row.official)) : `${formatRatio(row.pairedRatio)}²`,
      ...PEER_NAMES.flatMap((peer) => {
        const value = row.peers?.[peer];
        const paired = row.peerPairedRatios?.[peer];
        return [
          value === undefined ? "" : formatValue(value, row.unit),
          paired === undefined ? formatRatio(ratio(row.ours, value)) : `${formatRatio(paired)}²`,
        ];
      }),
      formatFloor(row),
      row.target?.text ?? "",
      row.target ? (row.target.pass ? "PASS" : "MISS") : "",
    ];
    return `| ${cells.map(escapeCell).join(" | ")} |`;
  });
  const footnotes = [
    "",
    "¹ Tracing and transport rows compare with what the cell names. kB = 1,000 bytes; in-process times are medians (tinybench),",
    "cold starts the median of whole `node` processes; a MISS never fails the run.",
    "² The median of per-run ratios (each run of ours next to one of the other client), which the target is checked against.",
    "Every ratio is ours / theirs; for calls/s (higher is better) a ratio above 1 means we are faster.",
  ];
  return [...header, ...lines, ...footnotes].join("\n");
}

function formatFloor(row: Row): string {
  if (row.floor === undefined) return row.floorLabel ?? "";
  const text = `${formatValue(row.floor, row.unit)}${row.floorLabel ? ` ${row.floorLabel}` : ""}`;
  const floorRatio = ratio(row.ours, row.floor);
  return floorRatio === undefined ? text : `${text} (${formatRatio(floorRatio)})`;
}

/**
 * Formats a ratio as `0.35×`.
 *
 * @param value - the ratio
 * @returns the text, empty when there is no ratio
 */
export function formatRatio(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "";
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)}×`;
}

const escapeCell = (text: string): string => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/**
 * Adds the computed ratios to each row, for `results.json`.
 *
 * @param rows - the figures
 * @returns the rows with `ratio` (ours / official) and `floorRatio` (ours / floor)
 */
export function withRatios(rows: readonly Row[]): Results["rows"] {
  return rows.map((row) => ({
    ...row,
    ratio: row.pairedRatio ?? ratio(row.ours, row.official),
    floorRatio: ratio(row.ours, row.floor),
    peerRatios: Object.fromEntries(PEER_NAMES.map((peer) => [peer, row.peerPairedRatios?.[peer] ?? ratio(row.ours, row.peers?.[peer])])),
  }));
}
