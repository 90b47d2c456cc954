/**
 * The custom requests between the extension and the language server, each a
 * typed `RequestType` declared once and imported by both sides (in the style
 * of rust-analyzer's `lsp_ext.ts`). Other editors can send them too.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { ImageReport } from './image';
import type { LayersReport, SizeItem } from './layers';

export interface DocumentParams {
  uri: string;
}

/** The layer report of a document: every stage, its layers and effective command (the layers view). */
export const layers = new RequestType<DocumentParams, LayersReport, void>('dockerfileLens/layers');

export interface MeasuredParams extends DocumentParams {
  /** The image just built from the document. */
  image: string;
  /** The `--target` stage it was built for. */
  target?: string;
}
export interface MeasuredResult {
  ok: boolean;
  message: string;
}
/** After a build: read the image's `docker history`, so the lenses show measured sizes. */
export const measured = new RequestType<MeasuredParams, MeasuredResult, void>('dockerfileLens/measured');

/**
 * The wasted-space analysis of the image last built from a document (issue 16), which the server starts
 * in the background after `dockerfileLens/measured` (setting `dockerfileLens.image.analyzeAfterBuild`)
 * or on `dockerfileLens.server.analyzeImage`. Kept while the document's text is the one that was built.
 */
export interface ImageReportResult {
  /** The image analysed. */
  image: string;
  state: 'running' | 'done' | 'failed';
  /** When done: the report, each layer's `largest` files bounded; `wasted` largest first and bounded. */
  report?: ImageReport;
  /** Why it failed. */
  message?: string;
}
/** null: no image was analysed for the document (or its text changed since). */
export const imageReport = new RequestType<DocumentParams, ImageReportResult | null, void>('dockerfileLens/imageReport');

/**
 * One Dockerfile step of a build's timeline, as the client read it from the build's progress output and
 * matched it to the Dockerfile's lines.
 */
export interface TimelineStep {
  /** 0-based line of the instruction's keyword (its first line): one step per instruction. */
  line: number;
  /** The builder reused its cache, ran the step, failed at it, or never finished it (cancelled, an earlier failure). */
  status: 'cached' | 'ran' | 'failed' | 'incomplete';
  /**
   * Seconds the step took: BuildKit's vertex time (`DONE 1.8s`, rawjson `completed − started`); the legacy
   * builder and Podman print none, so there it is the wall-clock time between the step's line and the
   * next one as they arrived. Absent when not known.
   */
  seconds?: number;
}
export interface TimelineParams extends DocumentParams {
  builder: 'buildkit' | 'legacy' | 'podman';
  /** Where the steps were read: BuildKit's `--progress=rawjson` or `plain`, the legacy builder's or Podman's `STEP` lines. */
  source: 'rawjson' | 'plain' | 'legacy' | 'podman';
  steps: TimelineStep[];
  /** The `--build-arg` values of the build: a changed one explains a cache miss. */
  buildArgs?: Record<string, string>;
}
export interface TimelineResult {
  ok: boolean;
  message: string;
  /** How many steps were kept (steps on no instruction's first line are dropped). */
  steps: number;
}
/**
 * After a build: its timeline (time and cache per step). The server keeps it per document while the text is the
 * one that was built, like measured sizes, and keeps the one before to tell why a step missed the cache.
 * Any client may send it (the extension sends it after Build Image).
 */
export const timeline = new RequestType<TimelineParams, TimelineResult, void>('dockerfileLens/timeline');

/** An ARG a build needs a value for (declared without a default and used); line 1-based. */
export interface BuildArg {
  name: string;
  line: number;
}
export const buildArgs = new RequestType<DocumentParams, BuildArg[], void>('dockerfileLens/buildArgs');

/**
 * The argument of `dockerfileLens.showLayerBreakdown`. Lenses carry no item lists (a 10,000-line
 * file has thousands of lenses): the client asks `dockerfileLens/breakdown` with this argument
 * for the items when a lens is clicked.
 */
export interface BreakdownArgs {
  uri: string;
  /** 0-based. */
  line: number;
  /** Which lens of the line: a stage's size, its effective command, or an instruction's layer. */
  kind: 'stage' | 'command' | 'layer';
  title: string;
  note: string;
  items?: SizeItem[];
}
export const breakdown = new RequestType<BreakdownArgs, BreakdownArgs | null, void>('dockerfileLens/breakdown');

/** Forget the base image sizes looked up so far (after a pull, the engine has exact ones). */
export const refreshBaseImages = new RequestType<Record<string, never>, void, void>('dockerfileLens/refreshBaseImages');

/** One stage of a Dockerfile, as the build commands need it. */
export interface OutlineStage {
  index: number;
  /** Lower-cased `AS` name. */
  name: string | undefined;
  /** 0-based line of the FROM. */
  line: number;
  /** The FROM image with global ARG defaults expanded as BuildKit does; undefined when it names a stage or a variable has no default. */
  image: string | undefined;
  /** The FROM image as written; undefined when it names a stage. */
  imageWritten: string | undefined;
  /** The FROM word as written, image or stage name. */
  from: string | undefined;
  /** The `--platform` value, expanded. */
  platform: string | undefined;
  /** Each instruction of the stage (FROM first): upper-cased name and 1-based BuildKit lines. */
  instructions: Array<{ name: string; startLine: number; endLine: number; original: string }>;
}
export type OutlineInstruction = OutlineStage['instructions'][number];
export interface Outline {
  /** The instructions before the first FROM (global ARGs), which the legacy builder counts as steps. */
  globals: OutlineInstruction[];
  stages: OutlineStage[];
}
/** The stages of a document (open, or read from disk when `uri` is not open): build targets, base images, build output mapping. */
export const outline = new RequestType<DocumentParams, Outline, void>('dockerfileLens/outline');

/** Counters for tests and benchmarks. */
export interface Stats {
  lintRuns: number;
  lintAbandoned: number;
  lensGeneration: number;
  rssBytes: number;
  /** Instructions and stages whose findings the lints of the last linted document reused (cumulative). */
  reusedInstructions: number;
  reusedStages: number;
}
export const stats = new RequestType<void, Stats, void>('dockerfileLens/stats');
