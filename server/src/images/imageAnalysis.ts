/**
 * The image analysis of issue 16: what each layer of a built image adds, and which of its bytes a
 * later layer hides (overwrites or deletes), charged to the layer that holds them; the result is
 * protocol/image.ts's `ImageReport`, shared by the CLI (`image`), the server and the client.
 *
 * - Sources (./imageSource.ts): an OCI layout folder, a `docker save` archive (classic or OCI),
 *   an image in the local engine (`docker save` streamed), or — only with `registry` — a registry.
 * - Layers are streamed (./layerTar.ts): memory holds one compact entry index per layer (path, kind,
 *   size), never a layer's data.
 * - Bytes: a layer's `bytes` is the payload of its regular files — what BuildKit records as the
 *   layer's size (`docker history` Size: moby's tar-split `packSizeCounter`, see ./history.ts).
 *   The legacy builder and `docker import` record `directory.Size` of the layer's diff folder
 *   instead, which also counts symlink targets' lengths (and hard-linked inodes once), so for
 *   their layers `docker history` may show a few bytes more than `bytes` here.
 * - Waste (./layerTar.ts `computeWaste`): a regular file's payload in layer i is wasted when a later
 *   layer j overwrites its path, deletes it (`.wh.NAME` of it or an ancestor) or hides it (an opaque
 *   `.wh..wh..opq` in an ancestor); `hiddenBy` = the first such j. Hard links: the payload counts
 *   once and is wasted only when every path to it is hidden.
 * - totalBytes = Σ regular-file payload of all layers; wastedBytes = Σ hidden payload;
 *   efficiency = (totalBytes − wastedBytes) ÷ totalBytes (1 for an image without bytes).
 *   dive (wagoodman/dive, dive/image/docker… `filetree/efficiency.go` `Efficiency`) instead, for every
 *   path that appears in more than one layer, adds the sizes of ALL its copies (the visible one
 *   included) to its "wasted" figure, counts a deletion's (whiteout's) size as its "inefficiency" too,
 *   and scores minimum-possible-bytes ÷ all bytes where both sums include directories; so dive's
 *   wasted figure is ≥ ours and its score differs for the same image.
 * - Layers → instructions: the config's `history`, `empty_layer` entries skipped, zipped with
 *   `rootfs.diff_ids` oldest first (as `docker history` does); with a Dockerfile, history rows are
 *   matched to its lines by ./history.ts's `mapHistory` (the same backwards keyword walk the
 *   measured-size lenses use).
 */
import type { DockerfileDocument } from '../model/document';
import type { ImageFile, ImageLayer, ImageReport, WastedFile } from '../protocol/image';
import { mapHistory, type HistoryRow } from './history';
import { readImage, type ImageContent, ImageSourceError } from './imageSource';
import { computeWaste, EntryKind, type LayerEntries } from './layerTar';

export { ImageSourceError };

export interface AnalyzeOptions {
  /** The docker CLI; default `docker`. */
  docker?: string;
  /** The docker CLI's environment (DOCKER_HOST…); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Fall back to the registry when the engine does not have the image (downloads its layers). */
  registry?: boolean;
  /** Maps layers to the lines of this Dockerfile (the stage built: `target`, default the last). */
  dockerfile?: { doc: DockerfileDocument; target?: string };
  /** Fill `ImageLayer.largest` with this many files per layer (0 or undefined: left out). */
  largestPerLayer?: number;
  /** Called as layers are read: layer 1-based, layers the count (0 when not known yet), bytes the uncompressed tar bytes read so far. */
  onProgress?: (p: { layer: number; layers: number; bytes: number }) => void;
  signal?: AbortSignal;
}

/** Extra facts the CLI prints beside the report (not part of the shared JSON). */
export interface AnalysisDetails {
  kind: ImageContent['kind'];
  /** Why the Dockerfile mapping stopped early, when it did. */
  mappingNote?: string;
}

const details = new WeakMap<ImageReport, AnalysisDetails>();

/** The source kind and mapping note of a report `analyzeImage` returned. */
export function analysisDetails(report: ImageReport): AnalysisDetails | undefined {
  return details.get(report);
}

export async function analyzeImage(source: string, opts: AnalyzeOptions = {}): Promise<ImageReport> {
  const content = await readImage(source, {
    docker: opts.docker ?? 'docker',
    env: opts.env,
    registry: opts.registry ?? false,
    signal: opts.signal,
    progress: (layer, layers, bytes) => opts.onProgress?.({ layer, layers, bytes }),
  });
  const { report, note } = buildReport(source, content.config, content.layers, opts);
  details.set(report, { kind: content.kind, mappingNote: note });
  return report;
}

interface LayerInfo {
  createdBy: string;
  /** Newest-first row index in the history, for the Dockerfile mapping. */
  row: number | undefined;
}

/** created_by of each layer (base first), from the config history without its empty_layer entries. */
function layerHistory(config: ImageContent['config'], count: number): { infos: LayerInfo[]; rows: HistoryRow[] } {
  const history = Array.isArray(config.history) ? config.history : [];
  const infos: LayerInfo[] = [];
  history.forEach((h, i) => {
    if (h?.empty_layer === true) return;
    infos.push({ createdBy: typeof h?.created_by === 'string' ? h.created_by : '', row: history.length - 1 - i });
  });
  while (infos.length < count) infos.push({ createdBy: '', row: undefined });
  const rows = history.map((h) => ({ createdBy: typeof h?.created_by === 'string' ? h.created_by : '', comment: typeof h?.comment === 'string' ? h.comment : '' })).reverse();
  return { infos: infos.slice(0, count), rows };
}

/** The report for layers already read (exported for the unit tests, which build tars in memory). */
export function buildReport(image: string, config: ImageContent['config'], layers: readonly LayerEntries[], opts: Pick<AnalyzeOptions, 'dockerfile' | 'largestPerLayer'> = {}): { report: ImageReport; note?: string } {
  const waste = computeWaste(layers);
  const { infos, rows } = layerHistory(config, layers.length);

  let note: string | undefined;
  const lineOfRow = new Map<number, number>();
  if (opts.dockerfile) {
    const { doc, target } = opts.dockerfile;
    const m = mapHistory(doc, rows, target);
    if (typeof m === 'string') note = `Not mapped: ${m}.`;
    else {
      for (const { ins, row } of m.matched) if (row !== undefined) lineOfRow.set(row, doc.lines.positionAt(ins.start).line + 1);
      if (m.problem) note = m.problem;
    }
  }

  const wasted: WastedFile[] = [];
  const out: ImageLayer[] = [];
  let total = 0;
  let wastedTotal = 0;
  layers.forEach((l, i) => {
    total += l.bytes;
    wastedTotal += waste[i].wastedBytes;
    const hb = waste[i].hiddenBy;
    for (let k = 0; k < l.paths.length; k++) {
      if (l.kinds[k] === EntryKind.File && hb[k] >= 0 && l.sizes[k] > 0) wasted.push({ path: l.paths[k], bytes: l.sizes[k], layer: i, hiddenBy: hb[k] });
    }
    if (!l.paths.length) return;
    const line = infos[i].row === undefined ? undefined : lineOfRow.get(infos[i].row!);
    const layer: ImageLayer = { index: i, createdBy: infos[i].createdBy, ...(line !== undefined ? { line } : {}), bytes: l.bytes, wastedBytes: waste[i].wastedBytes, files: l.paths.length };
    if (opts.largestPerLayer && opts.largestPerLayer > 0) layer.largest = largest(l, hb, opts.largestPerLayer);
    out.push(layer);
  });
  wasted.sort((a, b) => b.bytes - a.bytes || a.layer - b.layer || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    report: { image, totalBytes: total, wastedBytes: wastedTotal, efficiency: total > 0 ? (total - wastedTotal) / total : 1, layers: out, wasted },
    note,
  };
}

/** The `n` largest regular files of a layer, largest first (a bounded selection, not a full sort). */
function largest(l: LayerEntries, hiddenBy: Int32Array, n: number): ImageFile[] {
  const picked: number[] = [];
  for (let k = 0; k < l.paths.length; k++) {
    if (l.kinds[k] !== EntryKind.File) continue;
    if (picked.length === n && l.sizes[k] <= l.sizes[picked[n - 1]]) continue;
    let at = picked.length;
    while (at > 0 && l.sizes[picked[at - 1]] < l.sizes[k]) at--;
    picked.splice(at, 0, k);
    if (picked.length > n) picked.pop();
  }
  return picked.map((k) => ({ path: l.paths[k], bytes: l.sizes[k], ...(hiddenBy[k] >= 0 ? { hiddenBy: hiddenBy[k] } : {}) }));
}
