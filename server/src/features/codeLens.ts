/**
 * Code lenses, one per thing worth knowing, each short (at most {@link MAX_LENS} characters):
 * - above every FROM, the base image and the stage's size: `node:20-alpine3.20 · 45 MB · stage
 *   ≥ 51 MB` (`image` on the last stage: what `docker build` produces); the figure's basis, range
 *   and what the total counts are in the breakdown a click opens;
 * - above a RUN, COPY or ADD, what it adds (`+12.3 kB · build context`, measured sizes after a
 *   build); a layer that cannot be sized before a build says `size after build` (RUN, a COPY
 *   --from a stage) or `size unknown`, the reason in the breakdown. COPY problems (a missing
 *   source) are diagnostics, not lens prose;
 * - instructions that only change the image config (ENV, LABEL, WORKDIR…: 0 B in `docker
 *   history`) get none, unless `dockerfileLens.codeLens.metadata` is on;
 * - what `docker run` executes, once: above the last stage's ENTRYPOINT or CMD in effect, or
 *   above its FROM when the command is inherited (`▶ /sbin/tini -- node dist/server.js`).
 * - after a build whose timeline the client sent (layers/timeline.ts), each layer's lens adds the step's
 *   time or `cached` (`+12.3 kB measured · … · 1.8 s`), and the first cache miss of a stage gets a lens
 *   of its own (`⚠ cache invalidated here: COPY . changed`).
 * Every title in the session's language (`l(en, ko)`). Clicking a size lens opens its
 * breakdown (the client's `dockerfileLens.showLayerBreakdown`): what was counted, and from where.
 *
 * The lenses go out unresolved (their range and where to find them), and the
 * editor asks codeLens/resolve for the ones it shows: a 10,000-line file has
 * some 2,600 lenses, 1.2 MB of JSON with their titles and arguments.
 */
import type { CodeLens, Command } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';
import { formatArgv } from '../model/command';
import type { Instruction } from '../parser';
import { formatEstimate, formatTotal, shownBytes, stageLabel, totalKind, type InstructionLayer, type LayerAnalysis, type StageLayers, type Total } from '../layers/report';
import { formatBytes, type SizeBasis, type SizeEstimate, type SizeItem } from '../protocol/layers';
import type { BreakdownArgs } from '../protocol/requests';
import { l, t, type Lang } from '../docs/locale';
import { invalidationTitle, timingWord, type TimelineView } from '../layers/timeline';
import type { Localized } from '../docs/types';

export interface CodeLensSettings {
  layerSizes: boolean;
  effectiveCommand: boolean;
  /** Lenses on instructions that add no layer (`0 B · metadata`); off by default. */
  metadata?: boolean;
}

/** The longest lens title: a lens is a glance, the details are in its breakdown. */
export const MAX_LENS = 60;

const BASIS_LABEL: Record<SizeBasis, Localized> = {
  metadata: l('metadata', '메타데이터'),
  context: l('build context', '빌드 컨텍스트'),
  archive: l('archive, unpacked', '압축 해제한 아카이브'),
  stage: l('from a stage', '스테이지에서'),
  apt: l('Debian package sizes', 'Debian 패키지 크기'),
  download: l('download size', '다운로드 크기'),
  commands: l('no file data written', '파일 데이터 없음'),
  engine: l('local engine, uncompressed', '로컬 엔진, 비압축'),
  registry: l('registry', '레지스트리'),
  table: l('approx., bundled table', '근사치, 내장 표'),
  measured: l('measured', '측정값'),
  unknown: l('unknown', '알 수 없음'),
};

const TEXT = {
  metadata: l('0 B · metadata', '0 B · 메타데이터'),
  afterBuild: l('size after build', '빌드 후 크기'),
  unknown: l('size unknown', '크기 모름'),
  sourceMissing: l('? · source not found', '? · 소스 없음'),
  readingContext: l('Reading the build context…', '빌드 컨텍스트 읽는 중…'),
  measured: l('{0} measured · estimate {1}', '측정 {0} · 추정 {1}'),
  stage: l('stage {0}', '스테이지 {0}'),
  image: l('image {0}', '이미지 {0}'),
  fromStage: l('from {0}', '{0}에서'),
  build: l('Build Image…', '이미지 빌드…'),
  inherited: l('▶ the base image’s command', '▶ 베이스 이미지의 명령'),
  noCommand: l('▶ no command: docker run fails', '▶ 명령 없음: docker run 실패'),
  totalNote: l('The total is the base plus each layer as shown: {0}.', '합계는 베이스와 각 레이어를 표시된 대로 더한 값입니다: {0}.'),
} satisfies Record<string, Localized>;

const fill = (s: Localized, lang: Lang, ...args: string[]) => t(s, lang).replace(/\{(\d)\}/g, (_, i: string) => args[Number(i)]);

/** Cut to `max` characters with `…` (code points, so a Korean or emoji character is never split). */
export function clip(s: string, max: number): string {
  const cps = [...s];
  return cps.length > max ? cps.slice(0, max - 1).join('') + '…' : s;
}

/** A size for a glance: two or three digits (`45 MB`, `1.5 kB`, `512 B`); the breakdown has the exact figure. */
export function compactBytes(n: number): string {
  const [v, unit] = formatBytes(n).split(' ');
  if (unit === 'B') return `${n} B`;
  const x = Number(v);
  return `${x >= 10 ? Math.round(x) : Number(x.toFixed(1))} ${unit}`;
}

/** The base's figure: `45 MB`, `≈ 45 MB` (a range), `≥ 45 MB` (a lower bound), `?`. */
function compactEstimate(e: SizeEstimate): string {
  if (e.bytes === null) return e.low !== undefined ? `≥ ${compactBytes(e.low)}` : '?';
  if (e.partial) return `≥ ${compactBytes(e.bytes)}`;
  if (e.low !== undefined && e.high !== undefined && e.low !== e.high) return `≈ ${compactBytes(e.bytes)}`;
  return compactBytes(e.bytes);
}

function compactTotal(total: Total): string {
  return `${total.unknown > 0 || total.partial ? '≥ ' : total.low !== total.high ? '≈ ' : ''}${compactBytes(total.bytes)}`;
}

/** The image as a lens shows it: Docker Hub's implied prefix dropped, a long digest or path shortened. */
export function shortImage(ref: string): string {
  let s = ref.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/(?:library\/)?/i, '');
  if (s.length > 24) s = s.replace(/@(sha256:[0-9a-f]{8})[0-9a-f]+/i, '@$1…');
  if (s.length > 24 && s.includes('/')) s = '…/' + s.slice(s.lastIndexOf('/', s.search(/[:@]|$/)) + 1);
  return clip(s, 24);
}

function breakdown(doc: DockerfileDocument, ins: Instruction, kind: BreakdownArgs['kind'], title: string, note: string, line = ins.startLine - 1): Command {
  const args: BreakdownArgs = { uri: doc.uri, line, kind, title, note };
  return { title, command: 'dockerfileLens.showLayerBreakdown', arguments: [args] };
}

/** The line (0-based) of the lens with a stage's effective command: its ENTRYPOINT or CMD in effect when in the stage, else its FROM. */
export function commandLine(s: StageLayers): number {
  const first = s.stage.from.startLine - 1;
  const last = (s.stage.instructions[s.stage.instructions.length - 1]?.endLine ?? s.stage.from.endLine) - 1;
  const inStage = (line: number | undefined) => line !== undefined && line > first && line <= last;
  if (inStage(s.command.entrypointLine)) return s.command.entrypointLine!;
  if (inStage(s.command.cmdLine)) return s.command.cmdLine!;
  return first;
}

/** What a lens counted, for its breakdown. */
export function breakdownItems(analysis: LayerAnalysis, line: number, kind: BreakdownArgs['kind']): SizeItem[] {
  if (kind === 'command') {
    const s = [...analysis.stages].reverse().find((x) => commandLine(x) === line || x.stage.from.startLine - 1 === line);
    return (s?.command.argv ?? []).map((a, k) => ({ label: `argv[${k}]`, bytes: null, detail: a }));
  }
  for (const s of analysis.stages) {
    if (kind === 'stage' && s.stage.from.startLine - 1 === line) {
      // the parts as the total adds them up (see layers/report.ts): base, then each layer's shown figure
      const part = (label: string, e: SizeItem['bytes'], shown: number, detail: string): SizeItem => ({ label, bytes: e === null && shown === 0 ? null : shown, detail });
      return [
        part(s.stage.baseStage ? `stage ${stageLabel(s.stage.baseStage)}` : `base ${s.image ?? '?'}`, s.base.bytes, shownBytes(s.base), `${formatEstimate(s.base)}${s.base.compressed ? ' compressed' : ''}: ${s.base.note}`),
        ...(s.base.items ?? []),
        ...s.layers.filter((x) => x.createsLayer).map((x) => part(
          `line ${x.ins.startLine}: ${x.ins.name}`,
          x.measured ?? x.estimate.bytes,
          shownBytes(x.estimate, x.measured),
          x.measured !== undefined ? 'measured (docker history), uncompressed' : `${formatEstimate(x.estimate)} · ${BASIS_LABEL[x.estimate.basis].en}, estimated`,
        )),
        ...(s.total.unknown ? [{ label: `${s.total.unknown} part(s) without an estimate`, bytes: null, detail: 'counted 0 in the total' }] : []),
        { label: 'total', bytes: s.total.bytes, detail: `${formatTotal(s.total)}: base + each layer above, ${totalKind(s.total)}` },
      ];
    }
    const x = kind === 'layer' ? s.layers.find((y) => y.ins.startLine - 1 === line) : undefined;
    if (x) return [...(x.measured !== undefined ? [{ label: 'measured by docker history', bytes: x.measured }] : []), ...(x.estimate.items ?? [])];
  }
  return [];
}

function lensRange(doc: DockerfileDocument, ins: Instruction) {
  return doc.lines.rangeOf({ start: ins.keywordRange.start, end: ins.keywordRange.end });
}

const MISSING = /not found|excluded by|dangling/;

function layerTitle(x: InstructionLayer, lang: Lang): string {
  if (!x.createsLayer) return t(TEXT.metadata, lang);
  const e = x.estimate;
  const est = `${formatEstimate(e)} · ${t(BASIS_LABEL[e.basis], lang)}`;
  if (x.measured !== undefined) return fill(TEXT.measured, lang, formatBytes(x.measured), e.bytes === null && e.low === undefined ? '?' : formatEstimate(e));
  if (e.bytes !== null) return `+${est}`;
  if (e.note === 'Reading the build context…') return t(TEXT.readingContext, lang);
  if (e.items?.some((i) => i.bytes === null && MISSING.test(i.detail ?? ''))) return t(TEXT.sourceMissing, lang);
  // a RUN, or a COPY --from a stage: what it writes is known once built
  const later = x.ins.name === 'RUN' || e.basis === 'stage';
  if (e.low !== undefined && e.low > 0) return `+≥ ${formatBytes(e.low)} · ${t(later ? TEXT.afterBuild : BASIS_LABEL[e.basis], lang)}`;
  return t(later ? TEXT.afterBuild : TEXT.unknown, lang);
}

function stageTitle(s: StageLayers, last: boolean, lang: Lang): string {
  const base = s.stage.baseStage
    ? fill(TEXT.fromStage, lang, clip(stageLabel(s.stage.baseStage), 20))
    : s.image?.toLowerCase() === 'scratch'
      ? 'scratch'
      : `${s.image ? shortImage(s.image) : '?'} · ${compactEstimate(s.base)}`;
  return `${base} · ${fill(last ? TEXT.image : TEXT.stage, lang, compactTotal(s.total))}`;
}

function commandTitle(s: StageLayers, lang: Lang): string {
  const c = s.command;
  if (c.argv) return clip(`▶ ${formatArgv(c.argv)}`, MAX_LENS);
  return t(c.noCommand ? TEXT.noCommand : TEXT.inherited, lang);
}

/** A layer title with the step's time or cache state after it, the whole within MAX_LENS. */
function withTiming(title: string, timing: string): string {
  if (!timing) return title;
  const suffix = ` · ${timing}`;
  return clip(title, MAX_LENS - [...suffix].length) + suffix;
}

export function codeLenses(doc: DockerfileDocument, analysis: LayerAnalysis, settings: CodeLensSettings, lang: Lang = 'en', timeline?: TimelineView): CodeLens[] {
  const lenses: CodeLens[] = [];
  const stages = analysis.stages;
  stages.forEach((s, i) => {
    const from = s.stage.from;
    const range = lensRange(doc, from);
    const last = i === stages.length - 1;
    if (settings.layerSizes) {
      const note = `${s.base.note} ${fill(TEXT.totalNote, 'en', totalKind(s.total))}`;
      lenses.push({ range, command: breakdown(doc, from, 'stage', stageTitle(s, last, lang), note) });
      if (last) lenses.push({ range, command: { title: t(TEXT.build, lang), command: 'dockerfileLens.buildImage', arguments: [{ uri: doc.uri }] } });
    }
    const cmdLine = last && settings.effectiveCommand ? commandLine(s) : undefined;
    const commandLens = (ins: Instruction) => ({ range: lensRange(doc, ins), command: breakdown(doc, ins, 'command', commandTitle(s, lang), s.command.note, cmdLine) });
    if (cmdLine === from.startLine - 1) lenses.push(commandLens(from));
    for (const x of s.layers) {
      const step = timeline?.byLine.get(x.ins.startLine - 1);
      const marker = step && invalidationTitle(step, lang);
      if (marker && settings.layerSizes) lenses.push({ range: lensRange(doc, x.ins), command: breakdown(doc, x.ins, 'layer', clip(marker, MAX_LENS), x.estimate.note) });
      if (settings.layerSizes && (x.createsLayer || settings.metadata)) {
        const title = withTiming(layerTitle(x, lang), step ? timingWord(step, lang) : '');
        lenses.push({ range: lensRange(doc, x.ins), command: breakdown(doc, x.ins, 'layer', title, x.estimate.note) });
      }
      if (cmdLine !== undefined && cmdLine !== from.startLine - 1 && x.ins.startLine - 1 === cmdLine) lenses.push(commandLens(x.ins));
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
