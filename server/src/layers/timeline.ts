/**
 * Build timelines (issue 16): the time and cache state of each step of the last build of a document, as the
 * client read them from the build's progress (`dockerfileLens/timeline`), kept while the text is the one that
 * was built (like the measured sizes of layers/service.ts), and the build before it, to tell why a step
 * missed the cache. What the lenses and the hover show of it is written here too (`l(en, ko)`).
 *
 * The first cache miss of a stage: BuildKit and the legacy builder look a step up in the cache by its parent
 * (the result of the step before) and its own definition, so once a step misses, every later step of the
 * stage runs again (https://docs.docker.com/build/cache/invalidation/). The step that missed first is
 * marked, with what can be known of why:
 * - the instruction's text is new since the last build seen (`edited`);
 * - the stage it is built FROM, or the stage a `COPY --from` reads, ran again (`stage`);
 * - a `--build-arg` in scope changed: a RUN sees every ARG declared before it as an environment variable,
 *   other instructions only the ones they name (`arg`);
 * - COPY/ADD from the build context: the files it copies changed (BuildKit and the legacy builder checksum
 *   the sources: `files`);
 * - else it was not in the cache (pruned, `--no-cache`, another builder: `uncached`).
 * A stage is marked only when something could have been cached: a step before the miss was cached, or this
 * document was built before. A FROM is never a miss (BuildKit prints `DONE` for resolving a local image).
 * No LSP types here.
 */
import type { DockerfileDocument } from '../model/document';
import type { StageInfo } from '../model/stages';
import type { Instruction } from '../parser';
import type { TimelineParams, TimelineResult, TimelineStep } from '../protocol/requests';
import { l, t, type Lang } from '../docs/locale';
import type { Localized } from '../docs/types';

export type InvalidationReason = 'edited' | 'stage' | 'arg' | 'files' | 'uncached';

export interface StepTiming extends TimelineStep {
  ins: Instruction;
  /** Set on the first cache miss of a stage. */
  invalidated?: { reason: InvalidationReason; detail: string };
}

export interface TimelineView {
  builder: TimelineParams['builder'];
  source: TimelineParams['source'];
  /** 0-based first line → the step. */
  byLine: Map<number, StepTiming>;
  /** The slowest steps that ran, slowest first (at most 5). */
  slowest: StepTiming[];
}

/** One step of a kept build. */
interface KeptStep extends TimelineStep {
  stage: number;
  /** Index within the stage's instructions (FROM = 0). */
  pos: number;
  original: string;
}

interface Kept {
  text: string;
  builder: TimelineParams['builder'];
  source: TimelineParams['source'];
  steps: KeptStep[];
  buildArgs: Record<string, string>;
}

const MAX_DOCUMENTS = 200;
const STATUSES = new Set(['cached', 'ran', 'failed', 'incomplete']);
const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Per document: the last build's timeline and the one before it. */
export class TimelineStore {
  private readonly builds = new Map<string, { current: Kept; previous?: Kept }>();
  private readonly views = new WeakMap<Kept, { doc: DockerfileDocument; view: TimelineView }>();
  /** Bumped when a timeline arrives: lenses computed before are stale. */
  generation = 0;

  /** Keeps a build's timeline for `doc` (the text that was built); steps not on an instruction's first line are dropped. */
  set(doc: DockerfileDocument, p: Partial<TimelineParams>): TimelineResult {
    const builder = p.builder === 'buildkit' || p.builder === 'legacy' || p.builder === 'podman' ? p.builder : undefined;
    const source = p.source === 'rawjson' || p.source === 'plain' || p.source === 'legacy' || p.source === 'podman' ? p.source : undefined;
    if (!builder || !source || !Array.isArray(p.steps)) return { ok: false, message: 'builder, source and steps are required.', steps: 0 };
    const byLine = new Map<number, { stage: number; pos: number; ins: Instruction }>();
    for (const stage of doc.stages.stages) stage.instructions.forEach((ins, pos) => byLine.set(ins.startLine - 1, { stage: stage.index, pos, ins }));
    const steps = new Map<number, KeptStep>();
    for (const s of p.steps as unknown[]) {
      if (!s || typeof s !== 'object') continue;
      const { line, status, seconds } = s as Record<string, unknown>;
      if (typeof line !== 'number' || typeof status !== 'string' || !STATUSES.has(status)) continue;
      const at = byLine.get(line);
      if (!at) continue;
      const secs = typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
      steps.set(line, { line, status: status as TimelineStep['status'], ...(secs !== undefined ? { seconds: secs } : {}), stage: at.stage, pos: at.pos, original: normalize(at.ins.original) });
    }
    const buildArgs: Record<string, string> = {};
    if (p.buildArgs && typeof p.buildArgs === 'object') {
      for (const [k, v] of Object.entries(p.buildArgs)) if (typeof v === 'string') buildArgs[k] = v;
    }
    const kept: Kept = { text: doc.text, builder, source, steps: [...steps.values()].sort((a, b) => a.line - b.line), buildArgs };
    const before = this.builds.get(doc.uri);
    this.builds.delete(doc.uri);
    this.builds.set(doc.uri, { current: kept, previous: before?.current });
    if (this.builds.size > MAX_DOCUMENTS) this.builds.delete(this.builds.keys().next().value!);
    this.generation++;
    const cached = kept.steps.filter((s) => s.status === 'cached').length;
    return { ok: true, message: `${kept.steps.length} steps (${cached} cached) kept for ${doc.uri}.`, steps: kept.steps.length };
  }

  /** The timeline of the build of this very text; undefined when there is none or the file changed since. */
  view(doc: DockerfileDocument): TimelineView | undefined {
    const b = this.builds.get(doc.uri);
    if (!b || b.current.text !== doc.text) return undefined;
    const memo = this.views.get(b.current);
    if (memo && memo.doc === doc) return memo.view;
    const view = buildView(doc, b.current, b.previous);
    this.views.set(b.current, { doc, view });
    return view;
  }

  forget(uri: string): void {
    this.builds.delete(uri);
  }
}

function buildView(doc: DockerfileDocument, build: Kept, previous: Kept | undefined): TimelineView {
  const byLine = new Map<number, StepTiming>();
  const stages = doc.stages.stages;
  const insAt = new Map<number, Instruction>();
  for (const s of stages) for (const ins of s.instructions) insAt.set(ins.startLine - 1, ins);
  for (const s of build.steps) {
    const ins = insAt.get(s.line);
    if (ins) byLine.set(s.line, { line: s.line, status: s.status, ...(s.seconds !== undefined ? { seconds: s.seconds } : {}), ins });
  }
  const ranStages = new Set(build.steps.filter((s) => s.pos > 0 && (s.status === 'ran' || s.status === 'failed')).map((s) => s.stage));
  for (const stage of stages) {
    const steps = stage.instructions.map((ins) => byLine.get(ins.startLine - 1));
    const missAt = steps.findIndex((s, pos) => pos > 0 && s && (s.status === 'ran' || s.status === 'failed'));
    if (missAt < 0) continue;
    const couldCache = steps.slice(1, missAt).some((s) => s?.status === 'cached') || previous !== undefined;
    if (!couldCache) continue;
    const miss = steps[missAt]!;
    miss.invalidated = why(doc, stage, miss.ins, build, previous, ranStages);
  }
  const slowest = [...byLine.values()].filter((s) => s.status !== 'cached' && s.seconds !== undefined).sort((a, b) => b.seconds! - a.seconds! || a.line - b.line).slice(0, 5);
  return { builder: build.builder, source: build.source, byLine, slowest };
}

function why(doc: DockerfileDocument, stage: StageInfo, ins: Instruction, build: Kept, previous: Kept | undefined, ranStages: Set<number>): StepTiming['invalidated'] {
  const text = normalize(ins.original);
  if (previous && !previous.steps.some((s) => s.stage === stage.index && s.original === text)) return { reason: 'edited', detail: ins.name };
  if (stage.baseStage && ranStages.has(stage.baseStage.index)) return { reason: 'stage', detail: stage.baseStage.name ?? String(stage.baseStage.index) };
  const from = ins.flags.find((f) => f.name === 'from')?.value;
  if (from !== undefined && (ins.name === 'COPY' || ins.name === 'ADD')) {
    const lower = from.toLowerCase();
    const source = doc.stages.stages.find((s) => s.index < stage.index && (s.name === lower || String(s.index) === from));
    if (source && ranStages.has(source.index)) return { reason: 'stage', detail: source.name ?? String(source.index) };
  }
  if (previous) {
    // a global ARG is seen inside a stage only through its re-declaration there, which stage.args holds
    const inScope = stage.args.filter((a) => a.instruction.start < ins.start);
    const used = new Set(ins.variables.map((v) => v.name));
    const names = [...new Set(inScope.map((a) => a.name))].filter((n) => ins.name === 'RUN' || used.has(n));
    const changed = names.find((n) => (build.buildArgs[n] ?? null) !== (previous.buildArgs[n] ?? null));
    if (changed) return { reason: 'arg', detail: changed };
  }
  // from the build context (a COPY --from reads a stage or an image, said above or not known)
  if ((ins.name === 'COPY' || ins.name === 'ADD') && from === undefined && ins.details.kind === 'copy') {
    const sources = ins.details.sources.map((s) => s.value).join(' ');
    return { reason: 'files', detail: `${ins.name} ${sources}` };
  }
  return { reason: 'uncached', detail: ins.name };
}

// ---------------------------------------------------------------------------
// What the lenses and the hover say

const TEXT = {
  cached: l('cached', '캐시'),
  failed: l('failed', '실패'),
  seconds: l('{0} s', '{0}초'),
  marker: l('⚠ cache invalidated here: {0}', '⚠ 여기서 캐시 무효화: {0}'),
  edited: l('{0} edited since the last build', '지난 빌드 뒤 {0} 수정됨'),
  stage: l('stage {0} rebuilt', '스테이지 {0} 다시 빌드됨'),
  arg: l('build arg {0} changed', '빌드 인자 {0} 변경됨'),
  files: l('{0} changed', '{0} 변경됨'),
  uncached: l('not in the build cache', '빌드 캐시에 없음'),
  heading: l('**Last build** ({0}): {1}', '**지난 빌드** ({0}): {1}'),
  ran: l('ran in {0}', '실행 {0}'),
  cachedLong: l('cached: the builder reused this step’s result', '캐시: 빌더가 이 단계의 결과를 재사용했습니다'),
  failedLong: l('failed after {0}', '{0} 뒤 실패'),
  incomplete: l('did not finish', '끝나지 않음'),
  slowest: l('**Slowest steps**', '**가장 오래 걸린 단계**'),
  line: l('line {0}', '{0}행'),
  legacyNote: l('The legacy builder prints no times: wall-clock time between its step lines.', '레거시 빌더는 시간을 출력하지 않습니다: 단계 줄 사이의 경과 시간입니다.'),
  laterRan: l('Every later step of this stage ran again: a step is looked up in the cache by the step before it.', '이 스테이지의 이후 단계는 모두 다시 실행됐습니다: 단계는 바로 앞 단계의 결과로 캐시를 찾습니다.'),
} satisfies Record<string, Localized>;

const WHY: Record<InvalidationReason, Localized> = {
  edited: l('This instruction is new or was edited since the last build seen here.', '이 명령어는 여기서 본 지난 빌드 뒤에 추가되거나 수정됐습니다.'),
  stage: l('The stage it builds on or copies from ran again, so its input changed.', '이 단계가 기반으로 하거나 복사해 오는 스테이지가 다시 실행되어 입력이 바뀌었습니다.'),
  arg: l('A `--build-arg` value it sees changed since the last build.', '이 단계가 보는 `--build-arg` 값이 지난 빌드 뒤 바뀌었습니다.'),
  files: l('The instruction is unchanged: the files it copies changed (the builder compares their checksums).', '명령어는 그대로입니다: 복사하는 파일이 바뀌었습니다(빌더는 파일의 체크섬을 비교합니다).'),
  uncached: l('Nothing it depends on is known to have changed: the cache had no result for it (pruned, `--no-cache`, another builder).', '바뀐 입력은 알 수 없습니다: 캐시에 결과가 없었습니다(정리됨, `--no-cache`, 다른 빌더).'),
};

const fill = (s: Localized, lang: Lang, ...args: string[]) => t(s, lang).replace(/\{(\d)\}/g, (_, i: string) => args[Number(i)]);

/** `1.8 s`, `12 s`, `2 min 5 s` (Korean `1.8초`, `2분 5초`). */
export function formatSeconds(seconds: number, lang: Lang): string {
  if (seconds >= 60) {
    const m = Math.floor(seconds / 60);
    const s = Math.round(seconds - m * 60);
    return lang === 'ko' ? `${m}분 ${s}초` : `${m} min ${s} s`;
  }
  return fill(TEXT.seconds, lang, seconds >= 10 ? String(Math.round(seconds)) : seconds.toFixed(1));
}

/** The lens's word on a step: `1.8 s`, `cached`, `failed`; '' when nothing is known. */
export function timingWord(s: StepTiming, lang: Lang): string {
  if (s.status === 'cached') return t(TEXT.cached, lang);
  if (s.status === 'failed') return t(TEXT.failed, lang);
  return s.seconds !== undefined ? formatSeconds(s.seconds, lang) : '';
}

/** `cache invalidated here: COPY . changed`, for the first cache miss of a stage. */
export function invalidationTitle(s: StepTiming, lang: Lang): string | undefined {
  const inv = s.invalidated;
  if (!inv) return undefined;
  return fill(TEXT.marker, lang, fill(TEXT[inv.reason], lang, inv.detail));
}

const builderName = (v: TimelineView) => (v.builder === 'buildkit' ? `BuildKit, ${v.source === 'rawjson' ? '--progress=rawjson' : '--progress=plain'}` : v.builder === 'legacy' ? 'legacy builder' : 'Podman');

/** The hover's section for the instruction on `line` (0-based): its time or cache state, why its cache missed, the slowest steps. '' without a timing. */
export function timingHover(view: TimelineView, line: number, lang: Lang): string {
  const s = view.byLine.get(line);
  if (!s) return '';
  const state = s.status === 'cached' ? t(TEXT.cachedLong, lang)
    : s.status === 'failed' ? fill(TEXT.failedLong, lang, formatSeconds(s.seconds ?? 0, lang))
    : s.status === 'incomplete' ? t(TEXT.incomplete, lang)
    : fill(TEXT.ran, lang, formatSeconds(s.seconds ?? 0, lang));
  const parts = [fill(TEXT.heading, lang, builderName(view), state)];
  const marker = invalidationTitle(s, lang);
  if (marker) parts.push(`${marker}  \n${t(WHY[s.invalidated!.reason], lang)} ${t(TEXT.laterRan, lang)}`);
  if (view.slowest.length) {
    const rows = view.slowest.map((x, i) => {
      const text = normalize(x.ins.original);
      const short = text.length > 60 ? text.slice(0, 59) + '…' : text;
      return `${i + 1}. ${fill(TEXT.line, lang, String(x.line + 1))} ${'`' + short.replace(/`/g, "'") + '`'} — ${formatSeconds(x.seconds!, lang)}${x.line === line ? ' ◀' : ''}`;
    });
    parts.push(`${t(TEXT.slowest, lang)}\n\n${rows.join('\n')}`);
  }
  if (view.builder !== 'buildkit') parts.push(`_${t(TEXT.legacyNote, lang)}_`);
  return parts.join('\n\n');
}
