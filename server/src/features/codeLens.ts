/**
 * Code lenses: above every instruction, what it adds to the image (`+12.3 MB ·
 * context`, `0 B · metadata`, measured sizes after a build); above every FROM,
 * the base image's size and the stage total (and the image total on the last
 * stage), and what `docker run` executes (`▶ /bin/ping localhost -c 3`).
 * Clicking a size lens opens its breakdown (the client's
 * `dockerfileLens.showLayerBreakdown`): what was counted, and from where.
 */
import type { CodeLens, Command } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';
import { formatArgv } from '../model/command';
import type { Instruction } from '../parser';
import { formatBytes, formatEstimate, formatTotal, stageLabel, type InstructionLayer, type LayerAnalysis, type StageLayers } from '../layers/report';
import type { SizeBasis, SizeEstimate, SizeItem } from '../layers/types';

export interface CodeLensSettings {
  layerSizes: boolean;
  effectiveCommand: boolean;
}

/** The argument of `dockerfileLens.showLayerBreakdown`. */
export interface BreakdownArgs {
  uri: string;
  /** 0-based. */
  line: number;
  title: string;
  note: string;
  items: SizeItem[];
}

const BASIS_LABEL: Record<SizeBasis, string> = {
  metadata: 'metadata',
  context: 'build context',
  archive: 'archive, unpacked',
  stage: 'from a stage',
  apt: 'Debian package sizes',
  download: 'download size',
  commands: 'no file data written',
  engine: 'local engine',
  registry: 'registry, compressed',
  table: 'approx., bundled table',
  measured: 'measured',
  unknown: 'unknown',
};

function breakdown(doc: DockerfileDocument, ins: Instruction, title: string, e: SizeEstimate, extra: SizeItem[] = []): Command {
  const args: BreakdownArgs = { uri: doc.uri, line: ins.startLine - 1, title, note: e.note, items: [...(e.items ?? []), ...extra] };
  return { title, command: 'dockerfileLens.showLayerBreakdown', arguments: [args] };
}

function lensRange(doc: DockerfileDocument, ins: Instruction) {
  return doc.lines.rangeOf({ start: ins.keywordRange.start, end: ins.keywordRange.end });
}

function layerTitle(l: InstructionLayer): string {
  if (!l.createsLayer) return '0 B · metadata';
  const est = `${formatEstimate(l.estimate)} · ${BASIS_LABEL[l.estimate.basis]}`;
  if (l.measured !== undefined) return `${formatBytes(l.measured)} measured · estimate ${est}`;
  return l.estimate.bytes === null && l.estimate.low === undefined ? `? · ${l.estimate.note.replace(/[.…]$/, '')}` : `+${est}`;
}

function stageTitle(s: StageLayers, last: boolean): string {
  const base = s.stage.baseStage
    ? `from stage ${stageLabel(s.stage.baseStage)} ${formatEstimate(s.base)}`
    : s.image?.toLowerCase() === 'scratch'
      ? 'scratch · 0 B'
      : `base ${s.image ?? '?'} ${formatEstimate(s.base)}${s.base.bytes === null ? '' : ` (${BASIS_LABEL[s.base.basis]})`}`;
  const total = `${last ? 'image' : 'stage'} total ${formatTotal(s.total)}`;
  return `${base} · ${total}`;
}

export function codeLenses(doc: DockerfileDocument, analysis: LayerAnalysis, settings: CodeLensSettings): CodeLens[] {
  const lenses: CodeLens[] = [];
  const stages = analysis.stages;
  stages.forEach((s, i) => {
    const range = lensRange(doc, s.stage.from);
    const last = i === stages.length - 1;
    if (settings.layerSizes) {
      const unknown = s.total.unknown ? [{ label: `${s.total.unknown} part(s) without an estimate`, bytes: null }] : [];
      const items: SizeItem[] = [
        { label: s.stage.baseStage ? `stage ${stageLabel(s.stage.baseStage)}` : `base ${s.image ?? '?'}`, bytes: s.base.bytes, detail: s.base.note },
        ...s.layers.filter((l) => l.createsLayer).map((l) => ({
          label: `line ${l.ins.startLine}: ${l.ins.name}`,
          bytes: l.measured ?? l.estimate.bytes,
          detail: l.measured !== undefined ? 'measured' : BASIS_LABEL[l.estimate.basis],
        })),
        ...unknown,
      ];
      const title = stageTitle(s, last);
      lenses.push({ range, command: { title, command: 'dockerfileLens.showLayerBreakdown', arguments: [{ uri: doc.uri, line: s.stage.from.startLine - 1, title, note: s.base.note, items } satisfies BreakdownArgs] } });
    }
    if (settings.effectiveCommand) {
      const c = s.command;
      const title = c.argv ? `▶ ${formatArgv(c.argv)}` : '▶ (the base image’s command)';
      const items = (c.argv ?? []).map((a, k) => ({ label: `argv[${k}]`, bytes: null, detail: a }));
      lenses.push({ range, command: { title, command: 'dockerfileLens.showLayerBreakdown', arguments: [{ uri: doc.uri, line: s.stage.from.startLine - 1, title, note: c.note, items } satisfies BreakdownArgs] } });
    }
    if (last && settings.layerSizes) lenses.push({ range, command: { title: 'Build Image…', command: 'dockerfileLens.buildImage', arguments: [{ uri: doc.uri }] } });
    if (!settings.layerSizes) return;
    for (const l of s.layers) {
      lenses.push({ range: lensRange(doc, l.ins), command: breakdown(doc, l.ins, layerTitle(l), l.estimate) });
    }
  });
  return lenses;
}
