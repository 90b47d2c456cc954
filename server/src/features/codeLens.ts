/**
 * Code lenses: above every instruction, what it adds to the image (`+12.3 MB ·
 * context`, `0 B · metadata`, measured sizes after a build); above every FROM,
 * the base image's size and the stage total (and the image total on the last
 * stage), and what `docker run` executes (`▶ /bin/ping localhost -c 3`).
 * Clicking a size lens opens its breakdown (the client's
 * `dockerfileLens.showLayerBreakdown`): what was counted, and from where.
 *
 * The lenses go out unresolved (their range and where to find them), and the
 * editor asks codeLens/resolve for the ones it shows: a 10,000-line file has
 * some 2,600 lenses, 1.2 MB of JSON with their titles and arguments.
 */
import type { CodeLens, Command } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';
import { formatArgv } from '../model/command';
import type { Instruction } from '../parser';
import { formatEstimate, formatTotal, shownBytes, stageLabel, totalKind, type InstructionLayer, type LayerAnalysis, type StageLayers } from '../layers/report';
import { commandTitle, formatBytes, type SizeBasis, type SizeEstimate, type SizeItem } from '../protocol/layers';
import type { BreakdownArgs } from '../protocol/requests';

export interface CodeLensSettings {
  layerSizes: boolean;
  effectiveCommand: boolean;
}

const BASIS_LABEL: Record<SizeBasis, string> = {
  metadata: 'metadata',
  context: 'build context',
  archive: 'archive, unpacked',
  stage: 'from a stage',
  apt: 'Debian package sizes',
  download: 'download size',
  commands: 'no file data written',
  engine: 'local engine, uncompressed',
  registry: 'registry',
  table: 'approx., bundled table',
  measured: 'measured',
  unknown: 'unknown',
};

function breakdown(doc: DockerfileDocument, ins: Instruction, kind: BreakdownArgs['kind'], title: string, note: string): Command {
  const args: BreakdownArgs = { uri: doc.uri, line: ins.startLine - 1, kind, title, note };
  return { title, command: 'dockerfileLens.showLayerBreakdown', arguments: [args] };
}

/** What a lens counted, for its breakdown. */
export function breakdownItems(analysis: LayerAnalysis, line: number, kind: BreakdownArgs['kind']): SizeItem[] {
  for (const s of analysis.stages) {
    if (kind !== 'layer' && s.stage.from.startLine - 1 === line) {
      if (kind === 'command') return (s.command.argv ?? []).map((a, k) => ({ label: `argv[${k}]`, bytes: null, detail: a }));
      // the parts as the total adds them up (see layers/report.ts): base, then each layer's shown figure
      const part = (label: string, e: SizeItem['bytes'], shown: number, detail: string): SizeItem => ({ label, bytes: e === null && shown === 0 ? null : shown, detail });
      return [
        part(s.stage.baseStage ? `stage ${stageLabel(s.stage.baseStage)}` : `base ${s.image ?? '?'}`, s.base.bytes, shownBytes(s.base), `${formatEstimate(s.base)}${s.base.compressed ? ' compressed' : ''}: ${s.base.note}`),
        ...(s.base.items ?? []),
        ...s.layers.filter((l) => l.createsLayer).map((l) => part(
          `line ${l.ins.startLine}: ${l.ins.name}`,
          l.measured ?? l.estimate.bytes,
          shownBytes(l.estimate, l.measured),
          l.measured !== undefined ? 'measured (docker history), uncompressed' : `${formatEstimate(l.estimate)} · ${BASIS_LABEL[l.estimate.basis]}, estimated`,
        )),
        ...(s.total.unknown ? [{ label: `${s.total.unknown} part(s) without an estimate`, bytes: null, detail: 'counted 0 in the total' }] : []),
        { label: 'total', bytes: s.total.bytes, detail: `${formatTotal(s.total)}: base + each layer above, ${totalKind(s.total)}` },
      ];
    }
    const l = kind === 'layer' ? s.layers.find((x) => x.ins.startLine - 1 === line) : undefined;
    if (l) return [...(l.measured !== undefined ? [{ label: 'measured by docker history', bytes: l.measured }] : []), ...(l.estimate.items ?? [])];
  }
  return [];
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
      : `base ${s.image ?? '?'} ${formatEstimate(s.base)}${s.base.bytes === null ? '' : ` (${BASIS_LABEL[s.base.basis]}${s.base.compressed ? ', compressed' : ''})`}`;
  const total = `${last ? 'image' : 'stage'} total ${formatTotal(s.total)} (uncompressed, ${s.total.measured ? 'measured' : 'estimated'})`;
  return `${base} · ${total}`;
}

export function codeLenses(doc: DockerfileDocument, analysis: LayerAnalysis, settings: CodeLensSettings): CodeLens[] {
  const lenses: CodeLens[] = [];
  const stages = analysis.stages;
  stages.forEach((s, i) => {
    const range = lensRange(doc, s.stage.from);
    const last = i === stages.length - 1;
    if (settings.layerSizes) lenses.push({ range, command: breakdown(doc, s.stage.from, 'stage', stageTitle(s, last), `${s.base.note} The total is the base plus each layer as shown: ${totalKind(s.total)}.`) });
    if (settings.effectiveCommand) {
      const c = s.command;
      lenses.push({ range, command: breakdown(doc, s.stage.from, 'command', commandTitle(c, formatArgv), c.note) });
    }
    if (last && settings.layerSizes) lenses.push({ range, command: { title: 'Build Image…', command: 'dockerfileLens.buildImage', arguments: [{ uri: doc.uri }] } });
    if (!settings.layerSizes) return;
    for (const l of s.layers) {
      lenses.push({ range: lensRange(doc, l.ins), command: breakdown(doc, l.ins, 'layer', layerTitle(l), l.estimate.note) });
    }
  });
  return lenses;
}

/** What an unresolved lens carries: the list it belongs to and its place there (`[list, index]`). */
export type LensData = [list: number, index: number];

/**
 * The lens lists computed lately, per document (uri): the editor may still
 * resolve lenses of the previous list (say, just before a refresh).
 */
export class ResolvableLenses {
  private static nextId = 1;
  private readonly byUri = new Map<string, number[]>();
  private readonly lists = new Map<number, CodeLens[]>();
  private readonly ids = new WeakMap<CodeLens[], number>();

  /** Remembers a computed list (once per list) and returns its id. */
  remember(uri: string, lenses: CodeLens[]): number {
    let id = this.ids.get(lenses);
    if (id !== undefined) return id;
    id = ResolvableLenses.nextId++;
    this.ids.set(lenses, id);
    this.lists.set(id, lenses);
    const recent = this.byUri.get(uri) ?? [];
    recent.push(id);
    if (recent.length > 3) this.lists.delete(recent.shift()!);
    this.byUri.set(uri, recent);
    return id;
  }

  get(id: number): CodeLens[] | undefined {
    return this.lists.get(id);
  }

  forget(uri: string): void {
    for (const id of this.byUri.get(uri) ?? []) this.lists.delete(id);
    this.byUri.delete(uri);
  }
}

/** The lenses without their commands, for codeLens/resolve to complete. */
export function unresolvedLenses(lenses: CodeLens[], list: number): CodeLens[] {
  return lenses.map((l, index) => ({ range: l.range, data: [list, index] satisfies LensData }));
}

/** The lens with its command; a lens of a list no longer kept stays unresolved (the editor asks for the new lenses anyway). */
export function resolveLens(lens: CodeLens, lists: ResolvableLenses): CodeLens {
  const d = lens.data as unknown;
  if (!Array.isArray(d) || typeof d[0] !== 'number' || typeof d[1] !== 'number') return lens;
  const full = lists.get(d[0])?.[d[1]];
  return full ? { range: lens.range, command: full.command, data: lens.data } : lens;
}

/** The lenses complete, each still with its place (a client may resolve them anyway: it gets the same lens). */
export function resolvedLenses(lenses: CodeLens[], list: number): CodeLens[] {
  return lenses.map((l, index) => ({ ...l, data: [list, index] satisfies LensData }));
}
