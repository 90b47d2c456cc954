/**
 * The wasted-space reports of built images, for the language server (issue 16): after Build Image the
 * server analyses the image it just built (images/imageAnalysis.ts: its layer tars, read streamed) in
 * the background, and keeps the report per document while the document's text is the one that was
 * built, like the measured sizes (layers/service.ts). The lenses and hovers then say which lines'
 * files a later line removed or overwrote (features/imageWaste.ts), and Show Image Layers lists each
 * layer's largest files (`dockerfileLens/imageReport`).
 *
 * Why the bytes are wasted, in Docker's terms: an image is a stack of layer tars applied in order; a
 * later layer deletes a file with a whiteout entry (`.wh.NAME`, or `.wh..wh..opq` for a whole
 * directory) and replaces one by carrying the path again, but the earlier layer's tar still holds the
 * bytes, and every pull downloads them (OCI image spec, "Representing Changes": whiteouts).
 *
 * Bounded memory: at most MAX_REPORTS documents keep a report (the oldest is dropped), each layer's
 * file list is bounded by the analysis (`largestPerLayer`), and at most MAX_WASTED hidden files are
 * kept per report; the per-line summary the lenses read is computed from the whole list first, so its
 * byte totals stay exact. No LSP types here.
 */
import type { DockerfileDocument } from '../model/document';
import type { ImageReport, WastedFile } from '../protocol/image';
import type { ImageReportResult } from '../protocol/requests';

/** How many of a layer's largest files the analysis keeps (the file view's list). */
export const LARGEST_PER_LAYER = 50;
/** Hidden files kept per report (largest first): the hover lists a few, the view one layer's. */
export const MAX_WASTED = 1000;
/** Documents whose report is kept at once. */
export const MAX_REPORTS = 8;
/** Hidden files a summary keeps per layer (the hover shows fewer). */
const FILES_PER_LAYER = 20;

/** What the analysis needs: the image, the docker CLI, the Dockerfile to map layers to lines. */
export interface AnalyzeOptions {
  docker: string;
  env: NodeJS.ProcessEnv;
  doc: DockerfileDocument;
  target: string | undefined;
  largestPerLayer: number;
  signal: AbortSignal;
  /** Called as the analysis advances (a layer read): a short message and, when known, a percentage. */
  progress: (message: string, percentage?: number) => void;
}
export type Analyzer = (image: string, options: AnalyzeOptions) => Promise<ImageReport>;

/** The layers one layer's hidden bytes went to, or one layer hid: a line each (1-based, when mapped). */
export interface WasteLink {
  /** The other layer: the one that hid the files, or the one holding them. */
  layer: number;
  line?: number;
  bytes: number;
  files: number;
  /** Whether every one of these files was deleted (whiteout), or every one overwritten; mixed: undefined. */
  how?: 'removed' | 'overwritten';
}

/** One layer's side of the waste: what of it later layers hid, and what it hid of earlier layers. */
export interface LayerWaste {
  layer: number;
  line?: number;
  /** Bytes of this layer that later layers hid, and by whom (largest first). */
  wastedBytes: number;
  hiddenBy: WasteLink[];
  /** This layer's hidden files, largest first (bounded). */
  files: WastedFile[];
  /** Bytes of earlier layers this layer hid, and whose (largest first). */
  hidBytes: number;
  hid: WasteLink[];
  /** The earlier layers' files it hid, largest first (bounded). */
  hidFiles: WastedFile[];
}

export interface WasteSummary {
  image: string;
  totalBytes: number;
  wastedBytes: number;
  efficiency: number;
  /** By layer index: the layers that hold or hid wasted bytes. */
  layers: Map<number, LayerWaste>;
  /** The first layer a Dockerfile line maps (the ones below are the base image's); Infinity when none. */
  firstMapped: number;
}

/**
 * Whether a later layer deleted a hidden file or wrote the path again. The report says only which layer
 * hid it; the hiding layer's file list tells: the path is in it → overwritten; its list is complete
 * (fewer files than the analysis keeps per layer) and the path is not in it → removed (a whiteout, or
 * an opaque directory); else undefined (the lens says "hidden").
 */
export function howHidden(report: ImageReport, largestPerLayer = LARGEST_PER_LAYER): (w: WastedFile) => 'removed' | 'overwritten' | undefined {
  const lists = new Map(report.layers.map((x) => [x.index, x]));
  const paths = new Map<number, Set<string>>();
  return (w) => {
    const own = (w as { how?: unknown }).how; // should the analysis say it itself one day
    if (own === 'removed' || own === 'overwritten') return own;
    const hider = lists.get(w.hiddenBy);
    if (!hider?.largest) return undefined;
    let set = paths.get(w.hiddenBy);
    if (!set) paths.set(w.hiddenBy, (set = new Set(hider.largest.map((f) => f.path))));
    if (set.has(w.path)) return 'overwritten';
    return hider.largest.length < largestPerLayer ? 'removed' : undefined;
  };
}

/** The per-layer summary the lenses and hovers read, from the whole list of hidden files. */
export function summarize(report: ImageReport, largestPerLayer = LARGEST_PER_LAYER): WasteSummary {
  const lineOf = new Map(report.layers.map((x) => [x.index, x.line]));
  const how = howHidden(report, largestPerLayer);
  const layers = new Map<number, LayerWaste>();
  const entry = (layer: number): LayerWaste => {
    let e = layers.get(layer);
    if (!e) layers.set(layer, (e = { layer, line: lineOf.get(layer), wastedBytes: 0, hiddenBy: [], files: [], hidBytes: 0, hid: [], hidFiles: [] }));
    return e;
  };
  const link = (list: WasteLink[], layer: number, w: WastedFile) => {
    let k = list.find((x) => x.layer === layer);
    const h = how(w);
    if (!k) list.push((k = { layer, line: lineOf.get(layer), bytes: 0, files: 0, how: h }));
    else if (k.how !== h) k.how = undefined;
    k.bytes += w.bytes;
    k.files++;
  };
  const wasted = [...report.wasted].sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  for (const w of wasted) {
    const holder = entry(w.layer);
    holder.wastedBytes += w.bytes;
    link(holder.hiddenBy, w.hiddenBy, w);
    if (holder.files.length < FILES_PER_LAYER) holder.files.push(w);
    const hider = entry(w.hiddenBy);
    hider.hidBytes += w.bytes;
    link(hider.hid, w.layer, w);
    if (hider.hidFiles.length < FILES_PER_LAYER) hider.hidFiles.push(w);
  }
  for (const e of layers.values()) {
    e.hiddenBy.sort((a, b) => b.bytes - a.bytes || a.layer - b.layer);
    e.hid.sort((a, b) => b.bytes - a.bytes || a.layer - b.layer);
  }
  const firstMapped = Math.min(...report.layers.filter((x) => x.line !== undefined).map((x) => x.index));
  return { firstMapped, image: report.image, totalBytes: report.totalBytes, wastedBytes: report.wastedBytes, efficiency: report.efficiency, layers };
}

/** The report as kept: each layer's file list and the hidden files bounded. */
export function bounded(report: ImageReport): ImageReport {
  return {
    ...report,
    layers: report.layers.map((x) => (x.largest && x.largest.length > LARGEST_PER_LAYER ? { ...x, largest: x.largest.slice(0, LARGEST_PER_LAYER) } : x)),
    wasted: report.wasted.length > MAX_WASTED ? [...report.wasted].sort((a, b) => b.bytes - a.bytes).slice(0, MAX_WASTED) : report.wasted,
  };
}

interface Entry {
  /** The text that was built. */
  text: string;
  image: string;
  state: ImageReportResult['state'];
  report?: ImageReport;
  summary?: WasteSummary;
  message?: string;
  abort: AbortController;
  run: Promise<ImageReportResult>;
}

export interface StartOptions {
  docker: string;
  env: NodeJS.ProcessEnv;
  target: string | undefined;
  /** The workspace is trusted (an untrusted one never runs docker). */
  trusted: boolean;
  progress?: (message: string, percentage?: number) => void;
}

export class ImageReportService {
  private readonly byUri = new Map<string, Entry>();

  /** `onChange`: a report arrived or was dropped (the server refreshes the lenses). */
  constructor(private readonly analyze: Analyzer, private readonly onChange: () => void) {}

  /**
   * Analyses `image`, built from `doc`, in the background; a run for the same document still going is
   * cancelled. The promise settles when the analysis ends (it never rejects).
   */
  start(doc: DockerfileDocument, image: string, o: StartOptions): { result: Promise<ImageReportResult>; cancel: () => void } {
    this.forget(doc.uri);
    if (!o.trusted) {
      const result: ImageReportResult = { image, state: 'failed', message: 'The workspace is not trusted: docker is not run.' };
      return { result: Promise.resolve(result), cancel: () => undefined };
    }
    const abort = new AbortController();
    const entry = { text: doc.text, image, state: 'running', abort } as Entry;
    entry.run = this.analyze(image, {
      docker: o.docker, env: o.env, doc, target: o.target, largestPerLayer: LARGEST_PER_LAYER, signal: abort.signal,
      progress: o.progress ?? (() => undefined),
    }).then(
      (report): ImageReportResult => {
        entry.summary = summarize(report);
        entry.report = bounded(report);
        entry.state = 'done';
        return { image, state: 'done', report: entry.report };
      },
      (e: unknown): ImageReportResult => {
        entry.state = 'failed';
        entry.message = abort.signal.aborted ? 'Cancelled.' : e instanceof Error ? e.message : String(e);
        return { image, state: 'failed', message: entry.message };
      },
    ).then((r) => {
      if (this.byUri.get(doc.uri) === entry) {
        if (abort.signal.aborted) this.byUri.delete(doc.uri);
        this.onChange();
      }
      return r;
    });
    this.byUri.set(doc.uri, entry);
    while (this.byUri.size > MAX_REPORTS) this.forget(this.byUri.keys().next().value!);
    return { result: entry.run, cancel: () => abort.abort() };
  }

  private current(doc: DockerfileDocument): Entry | undefined {
    const e = this.byUri.get(doc.uri);
    if (e && e.text !== doc.text) {
      // edited since the build: the report describes another text
      this.forget(doc.uri);
      return undefined;
    }
    return e;
  }

  /** The summary the lenses and hovers read, when the document's report is done and its text unchanged. */
  summary(doc: DockerfileDocument): WasteSummary | undefined {
    return this.current(doc)?.summary;
  }

  /** What `dockerfileLens/imageReport` answers. */
  result(doc: DockerfileDocument): ImageReportResult | null {
    const e = this.current(doc);
    if (!e) return null;
    return { image: e.image, state: e.state, ...(e.report ? { report: e.report } : {}), ...(e.message ? { message: e.message } : {}) };
  }

  /** Cancels a running analysis of the document and drops its report. */
  forget(uri: string): void {
    const e = this.byUri.get(uri);
    if (!e) return;
    this.byUri.delete(uri);
    e.abort.abort();
  }
}
