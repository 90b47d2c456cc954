/**
 * What the layer-size estimators return, and the report built from them (the
 * same JSON the CLI's `layers --format json` prints and the client's
 * `dockerfileLens/layers` request returns). Every figure says how it was
 * obtained (`basis`, `note`): never a bare guess shown as fact. Also how a
 * size is written (`formatBytes`), the same on both sides.
 */

/** How a figure was obtained. */
export type SizeBasis =
  | 'metadata' // the instruction creates no filesystem layer: exactly 0
  | 'context' // files of the build context, summed (COPY/ADD)
  | 'archive' // a local archive ADD unpacks: its unpacked size
  | 'stage' // what another stage produced (COPY --from=stage)
  | 'apt' // Debian installed sizes from the bundled table
  | 'download' // a HEAD request's Content-Length
  | 'commands' // about 0: the RUN's commands write no file data (mkdir, ln, rm…) or only a few KiB
  | 'engine' // the local engine (`docker image inspect`): uncompressed
  | 'registry' // the image's registry manifest: compressed
  | 'table' // the bundled table of common official images
  | 'measured' // `docker history` after a build
  | 'unknown';

/** One thing that was counted, for the breakdown a lens click opens. */
export interface SizeItem {
  label: string;
  bytes: number | null;
  detail?: string;
}

export interface SizeEstimate {
  /** Best estimate in bytes; null when unknown. */
  bytes: number | null;
  /** Range when the estimate is uncertain (both inclusive). */
  low?: number;
  high?: number;
  basis: SizeBasis;
  /** One sentence: how the figure was obtained, or why it is unknown. */
  note: string;
  /** The work stopped early (huge context): `bytes` is a lower bound, shown as `≥ N`. */
  partial?: boolean;
  /** Whether the figure is a compressed size (registry) rather than on-disk (engine, context). */
  compressed?: boolean;
  /** What was counted. */
  items?: SizeItem[];
}

/** `docker run IMAGE` for a stage: ENTRYPOINT + CMD as Docker combines them. */
/** The code lens / CLI title of an effective command: the argv, or why there is none. */
export function commandTitle(c: Pick<EffectiveCommand, 'argv' | 'noCommand'>, format: (argv: string[]) => string): string {
  if (c.argv) return `▶ ${format(c.argv)}`;
  return c.noCommand ? '▶ no command: `docker run` fails ("No command specified")' : '▶ (the base image’s command)';
}

export interface EffectiveCommand {
  /** The argv the container runs; null when neither ENTRYPOINT nor CMD is known (e.g. inherited from a base image). */
  argv: string[] | null;
  /** A shell-form ENTRYPOINT whose script never reads $0/$1…: the CMD after it is passed but unused. */
  cmdIgnored: boolean;
  /** Neither ENTRYPOINT nor CMD anywhere (scratch-rooted chain), or both empty: `docker run` fails with "No command specified". */
  noCommand: boolean;
  /** Where each part comes from, e.g. "ENTRYPOINT line 12 (stage build)", "CMD inherited from the base image". */
  note: string;
  /** 0-based lines of the ENTRYPOINT / CMD instructions that were used, if any. */
  entrypointLine?: number;
  cmdLine?: number;
}

/** The CLI's JSON (`dockerfile-lens layers --format json`); lines are 1-based there. */
export interface LayersReport {
  stages: StageReport[];
}

export interface StageReport {
  name: string | null;
  index: number;
  from: string;
  /** `compressed`: a registry's (or the bundled table's) compressed size; every other figure is uncompressed. */
  base: { bytes: number | null; basis: SizeBasis; compressed: boolean; /** The figure is a lower bound of the uncompressed size. */ atLeast?: boolean; /** The figure shown and added to the total. */ shown?: number; note?: string };
  command: { argv: string[] | null; cmdIgnored: boolean; noCommand: boolean };
  layers: LayerReport[];
  /** The total when no part is unknown (kept for older clients); see `total`. */
  totalBytes: number | null;
  /** Base + Σ layers as shown (`shown`), uncompressed; a lower bound when `atLeast`. */
  total?: StageTotal;
  /**
   * The stage is in the image `docker build` produces (the last stage and the stages it is built FROM):
   * false for a stage only copied from, whose layers a build of the image never measures.
   */
  inImage?: boolean;
}

export interface StageTotal {
  /** Σ `shown` of the base and every instruction. */
  bytes: number;
  /** Σ of the parts' ranges (equal to `bytes` when no part is a range). */
  low: number;
  high: number;
  /** A part is unknown, a lower bound or a compressed size: the uncompressed total is at least `bytes`. */
  atLeast: boolean;
  /** Parts without an estimate (counted 0). */
  unknownParts: number;
  /** The base's figure is compressed (registry, bundled table). */
  compressedBase: boolean;
  /** Every figure measured by the engine (docker history, image inspect), none estimated. */
  measured: boolean;
  note: string;
}

export interface LayerReport {
  line: number;
  instruction: string;
  createsLayer: boolean;
  bytes: number | null;
  low: number | null;
  high: number | null;
  basis: SizeBasis;
  note: string;
  /** Present after a build: the size `docker history` reported for this instruction (uncompressed). */
  measured?: number | null;
  /** The figure shown and added to the stage total: `measured`, else `bytes`, else `low`, else 0. */
  shown?: number;
  /** `shown` is a lower bound (unknown, or `≥`). */
  atLeast?: boolean;
}

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/**
 * A size as Docker prints it (`docker images`, `docker history`): decimal units, three significant digits
 * (`512 B`, `1.50 kB`, `12.3 MB`, `140 MB`). Shared by the server (lenses, CLI) and the client (chart, breakdown).
 */
export function formatBytes(n: number): string {
  let i = 0;
  let v = n;
  while (v >= 1000 && i < UNITS.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${n} B` : `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${UNITS[i]}`;
}
