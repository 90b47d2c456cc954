/**
 * The layer analysis of a Dockerfile: per stage, the base image's size, the
 * effective command, and per instruction whether it adds a filesystem layer
 * and how many bytes (estimated, and measured after a build). The code lens,
 * the `dockerfileLens/layers` request, the "Show Image Layers" view and the
 * CLI's `layers` command all read it.
 *
 * Docker behaviour relied on:
 * - only RUN, COPY and ADD add filesystem layers; every other instruction
 *   only changes the image config ("metadata", 0 bytes in `docker history`):
 *   https://docs.docker.com/build/building/best-practices/#minimize-the-number-of-layers
 * - a stage built `FROM <stage>` starts from that stage's filesystem;
 *   `FROM scratch` from nothing: https://docs.docker.com/reference/dockerfile/#from
 * - the image `docker build` produces is the last stage, or `--target`;
 * - sizes: `docker history` and `docker image inspect` give uncompressed
 *   sizes (what the layers hold on disk); a registry manifest gives the
 *   compressed size of each layer blob (what a pull downloads):
 *   https://docs.docker.com/reference/cli/docker/image/history/. The layer
 *   estimates are uncompressed, so a stage total over a compressed base is
 *   shown as a lower bound of the uncompressed total.
 *
 * A total is the sum of the figures shown for its parts (base + each
 * instruction): a part shown as `≥ N` adds N and makes the total `≥`, an
 * unknown part (`?`) adds 0 and makes it `≥`, a compressed base adds its
 * compressed size and makes it `≥`, a range adds its best estimate (and its
 * ends to the total's range); a measured layer adds the measurement. So no
 * total is smaller than one of its parts, and it adds up.
 *
 * The analysis itself is synchronous: the caller supplies what needs I/O (the
 * build-context index, base-image sizes) already looked up, or placeholders
 * while the lookup runs; `server.ts` refreshes the lenses when it completes,
 * the CLI waits for everything first.
 */
import type { DockerfileDocument } from '../model/document';
import { effectiveCommand } from '../model/command';
import { fromImage, globalArgValues } from '../model/fromImage';
import { isShipped } from '../model/shellWords';
import type { StageInfo } from '../model/stages';
import type { Instruction } from '../parser';
import type { ContextIndex } from './context';
import { estimateCopy } from './copy';
import { estimateRun } from './run';
import { formatBytes, type EffectiveCommand, type LayersReport, type SizeEstimate } from '../protocol/layers';

export interface MeasuredSizes {
  /** Bytes per instruction, keyed by its (1-based) start line. */
  layers: ReadonlyMap<number, number>;
  /** The image that was measured. */
  image: string;
}

export interface LayerInputs {
  /** The build context, ready; 'pending' while it is being walked; undefined when there is none (untitled files). */
  context: ContextIndex | 'pending' | undefined;
  /** The size of an external base image: known, or a placeholder while it is looked up. */
  baseSize(image: string, platform: string | undefined): SizeEstimate;
  /** Content-Length of downloaded URLs, when HEAD requests are allowed. */
  downloads?: ReadonlyMap<string, number>;
  /** Sizes measured by the last build of this exact text. */
  measured?: MeasuredSizes;
  /** The local Docker Engine's version, when known (which archives ADD unpacks depends on it). */
  engineVersion?: string;
  /**
   * Changes whenever what the estimates read besides the document changes (a lookup completed, a
   * file changed): estimates of unchanged stages are reused while it stays the same. Unset: none are.
   */
  generation?: number;
}

export interface InstructionLayer {
  ins: Instruction;
  createsLayer: boolean;
  estimate: SizeEstimate;
  /** What `docker history` reported for it after a build. */
  measured?: number;
}

export interface Total {
  /** The sum of the figures shown for the parts ({@link shownBytes}): base + each instruction. */
  bytes: number;
  /** Sums of the parts' ranges (a part without a range adds its figure to both). */
  low: number;
  high: number;
  /** Parts whose size is unknown (each added 0: the total is then a lower bound). */
  unknown: number;
  /** Some part is a lower bound (`≥`): so is the total. */
  partial: boolean;
  /** The base's figure is a compressed size (registry, bundled table): the uncompressed total is larger. */
  compressedBase: boolean;
  /** Every figure was measured by the engine (`docker history`, `docker image inspect`) or is exact metadata: nothing estimated. */
  measured: boolean;
}

/** The figure a part shows, and adds to its total: the estimate, else its low end (`≥ low`), else 0 (`?`). */
export function shownBytes(e: SizeEstimate, measured?: number): number {
  return measured ?? e.bytes ?? e.low ?? 0;
}

/** Whether a part's figure is a lower bound: unknown, stopped early, or a compressed size of something stored uncompressed. */
export function isLowerBound(e: SizeEstimate, measured?: number): boolean {
  return measured === undefined && (e.bytes === null || !!e.partial || !!e.compressed);
}

export interface StageLayers {
  stage: StageInfo;
  /** The external image (variables filled in), `scratch`, or undefined for a stage FROM a stage. */
  image: string | undefined;
  base: SizeEstimate;
  command: EffectiveCommand;
  layers: InstructionLayer[];
  /** Base plus layers (measured sizes where there are any). */
  total: Total;
  /** In the image the build produces (the last stage, the stages it is built FROM): see model shippedStages. */
  inImage: boolean;
}

export interface LayerAnalysis {
  stages: StageLayers[];
}

export const LAYER_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);

const METADATA: SizeEstimate = { bytes: 0, basis: 'metadata', note: 'Changes only the image configuration: adds no filesystem layer (0 bytes in `docker history`).' };
const CONTEXT_PENDING: SizeEstimate = { bytes: null, basis: 'unknown', note: 'Reading the build context…' };

export function estimateInstruction(doc: DockerfileDocument, ins: Instruction, inputs: LayerInputs): SizeEstimate {
  if (!LAYER_INSTRUCTIONS.has(ins.name)) return METADATA;
  if (ins.name === 'RUN') return estimateRun(ins, doc, { downloads: inputs.downloads });
  const fromOther = ins.flags.some((f) => f.name === 'from');
  if (inputs.context === 'pending' && !fromOther && ins.heredocs.length === 0) return CONTEXT_PENDING;
  return estimateCopy(ins, doc, inputs.context === 'pending' ? undefined : inputs.context, { engineVersion: inputs.engineVersion });
}

/** The external base images of the document, with their `--platform`: what `baseSize` will be asked for. */
export function baseImages(doc: DockerfileDocument): Array<{ image: string; platform: string | undefined }> {
  const globals = globalArgValues(doc);
  const out: Array<{ image: string; platform: string | undefined }> = [];
  for (const s of doc.stages.stages) {
    const f = fromImage(doc, s, globals);
    if (f?.ref && f.ref.toLowerCase() !== 'scratch') out.push({ image: f.ref, platform: f.platform });
  }
  return out;
}

/** Adds a part's shown figure to the total (see the header). */
function addTo(total: Total, e: SizeEstimate, measured?: number): void {
  const n = shownBytes(e, measured);
  total.bytes += n;
  const ranged = measured === undefined && e.bytes !== null && e.low !== undefined && e.high !== undefined;
  total.low += ranged ? Math.min(e.low!, n) : n;
  total.high += ranged ? Math.max(e.high!, n) : n;
  if (measured === undefined && e.bytes === null && e.low === undefined) total.unknown++;
  if (isLowerBound(e, measured)) total.partial = true;
  if (measured === undefined && e.compressed) total.compressedBase = true;
  if (measured === undefined && e.basis !== 'metadata' && e.basis !== 'engine' && e.basis !== 'measured') total.measured = false;
}

/**
 * The estimates of a stage's instructions, kept from the previous analysis of the document: the
 * incremental parser hands unchanged instructions over to the new version as the same objects
 * (their positions shifted), so after an edit only the stages whose instructions changed are
 * estimated again. Kept only while the inputs (`key`) are the same, the stage it is built FROM was
 * reused too, and so were the stages its `--from=` flags read.
 */
const estimateCache = new WeakMap<Instruction, { key: string; instructions: Instruction[]; estimates: SizeEstimate[] }>();

function reusable(doc: DockerfileDocument, stage: StageInfo, key: string, reused: Set<StageInfo>): SizeEstimate[] | undefined {
  const c = estimateCache.get(stage.from);
  if (!c || c.key !== key || c.instructions.length !== stage.instructions.length) return undefined;
  if (stage.baseStage && !reused.has(stage.baseStage)) return undefined;
  for (let i = 0; i < stage.instructions.length; i++) {
    const ins = stage.instructions[i];
    if (ins !== c.instructions[i]) return undefined;
    // `--from=` a stage whose estimates were not reused (or a value only known at build time)
    for (const f of ins.flags) {
      if (f.name !== 'from') continue;
      const v = (f.value ?? '').toLowerCase();
      if (v.includes('$')) return undefined;
      const from = doc.stages.stages.find((s) => s.name === v || (/^\d+$/.test(v) && s.index === Number(v)));
      if (from && !reused.has(from)) return undefined;
    }
  }
  return c.estimates;
}

export function analyzeLayers(doc: DockerfileDocument, inputs: LayerInputs): LayerAnalysis {
  const globals = globalArgValues(doc);
  // what every estimate may depend on besides its stage: the inputs' generation and the global ARGs
  const key = `${inputs.generation ?? Math.random()}|${inputs.context === 'pending' ? 'pending' : inputs.context ? 'ctx' : 'none'}|${doc.stages.globalArgs.map((a) => a.instruction.original).join('\n')}`;
  const reused = new Set<StageInfo>();
  const stages: StageLayers[] = [];
  const byStage = new Map<StageInfo, StageLayers>();
  for (const stage of doc.stages.stages) {
    let base: SizeEstimate;
    let image: string | undefined;
    if (stage.baseStage) {
      const parent = byStage.get(stage.baseStage);
      const t = parent?.total;
      base = !t
        ? { bytes: null, basis: 'stage', note: `Stage ${stageLabel(stage.baseStage)} is not known.` }
        : {
            bytes: t.bytes,
            ...(t.low !== t.high ? { low: t.low, high: t.high } : {}),
            basis: t.measured ? 'measured' : 'stage',
            ...(t.partial ? { partial: true } : {}),
            note: `Everything stage ${stageLabel(stage.baseStage)} contains: its total, ${totalKind(t)}.`,
          };
    } else {
      const f = fromImage(doc, stage, globals);
      image = f?.ref;
      if (!f) base = { bytes: null, basis: 'unknown', note: 'The FROM line names no image.' };
      else if (!f.ref) base = { bytes: null, basis: 'unknown', note: `\`${f.token.value}\` uses a variable without a default: the image is not known before the build.` };
      else if (f.ref.toLowerCase() === 'scratch') base = { bytes: 0, basis: 'metadata', note: '`scratch` is the empty image.' };
      else base = inputs.baseSize(f.ref, f.platform);
    }
    const layers: InstructionLayer[] = [];
    const total: Total = { bytes: 0, low: 0, high: 0, unknown: 0, partial: false, compressedBase: false, measured: true };
    addTo(total, base);
    const previous = reusable(doc, stage, key, reused);
    const estimates: SizeEstimate[] = [];
    for (const [k, ins] of stage.instructions.entries()) {
      if (ins === stage.from) continue;
      const estimate = previous?.[k] ?? estimateInstruction(doc, ins, inputs);
      estimates[k] = estimate;
      const layer: InstructionLayer = { ins, createsLayer: LAYER_INSTRUCTIONS.has(ins.name), estimate };
      const measured = inputs.measured?.layers.get(ins.startLine);
      if (measured !== undefined) layer.measured = measured;
      layers.push(layer);
      addTo(total, estimate, measured);
    }
    if (previous) reused.add(stage);
    estimateCache.set(stage.from, { key, instructions: [...stage.instructions], estimates });
    const s: StageLayers = { stage, image, base, command: effectiveCommand(doc, stage), layers, total, inImage: isShipped(doc, stage) };
    byStage.set(stage, s);
    stages.push(s);
  }
  return { stages };
}

export function stageLabel(stage: StageInfo): string {
  return stage.name ?? String(stage.index);
}

/** What a total is, in words: uncompressed, measured or estimated, a lower bound and why. */
export function totalKind(t: Total): string {
  const what = t.measured ? 'measured by the engine' : 'estimated';
  const why: string[] = [];
  if (t.compressedBase) why.push('the base image\'s figure is its compressed size');
  if (t.unknown) why.push(`${t.unknown} part${t.unknown === 1 ? ' has' : 's have'} no estimate (counted 0)`);
  if (t.partial && !why.length) why.push('some parts are lower bounds');
  return `uncompressed, ${what}${why.length ? `; at least this much: ${why.join(', ')}` : ''}`;
}

/** The JSON of `dockerfile-lens layers --format json` and of the `dockerfileLens/layers` request (1-based lines). */
export function toReport(a: LayerAnalysis): LayersReport {
  return {
    stages: a.stages.map((s) => ({
      name: s.stage.name ?? null,
      index: s.stage.index,
      from: s.stage.image ?? '',
      base: { bytes: s.base.bytes, basis: s.base.basis, compressed: !!s.base.compressed, atLeast: isLowerBound(s.base), shown: shownBytes(s.base), note: s.base.note },
      command: { argv: s.command.argv, cmdIgnored: s.command.cmdIgnored, noCommand: s.command.noCommand },
      layers: s.layers.map((l) => ({
        line: l.ins.startLine,
        instruction: l.ins.name,
        createsLayer: l.createsLayer,
        bytes: l.estimate.bytes,
        low: l.estimate.low ?? null,
        high: l.estimate.high ?? null,
        basis: l.estimate.basis,
        note: l.estimate.note,
        shown: shownBytes(l.estimate, l.measured),
        atLeast: isLowerBound(l.estimate, l.measured),
        ...(l.measured !== undefined ? { measured: l.measured } : {}),
      })),
      totalBytes: s.total.unknown === 0 ? s.total.bytes : null,
      total: {
        bytes: s.total.bytes,
        low: s.total.low,
        high: s.total.high,
        atLeast: s.total.partial || s.total.unknown > 0,
        unknownParts: s.total.unknown,
        compressedBase: s.total.compressedBase,
        measured: s.total.measured,
        note: `Base + each instruction, as shown: ${totalKind(s.total)}.`,
      },
      inImage: s.inImage,
    })),
  };
}

/** `12.3 MB`, `≈ 40 MB (30–60 MB)`, `≥ 1.2 GB`, `?`. */
export function formatEstimate(e: SizeEstimate): string {
  if (e.bytes === null) return e.low !== undefined ? `≥ ${formatBytes(e.low)}` : '?';
  if (e.partial) return `≥ ${formatBytes(e.bytes)}`;
  if (e.low !== undefined && e.high !== undefined && e.low !== e.high) return `≈ ${formatBytes(e.bytes)} (${formatBytes(e.low)}–${formatBytes(e.high)})`;
  return formatBytes(e.bytes);
}

/** The total as the parts add up: `≥ N` when a part is a lower bound or unknown, `≈ N (low–high)` when one is a range. */
export function formatTotal(t: Total): string {
  const s = formatBytes(t.bytes);
  if (t.unknown > 0 || t.partial) return `≥ ${s}`;
  if (t.low !== t.high) return `≈ ${s} (${formatBytes(t.low)}–${formatBytes(t.high)})`;
  return s;
}
