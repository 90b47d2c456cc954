/**
 * Runs the rules on a document and turns findings into diagnostics: applies
 * the `# check=` directive (skip, error=true, experimental), `# check=` and
 * `# hadolint ignore=` comments right above an instruction, per-rule
 * severities from settings (`off` disables), and adds the parser's syntax
 * errors. Results are cached per document version by the caller.
 */
import { baseEnvKey, stageBaseEnv, type BaseEnvLookup, type BaseEnvStatus } from '../model/baseEnv';
import type { DockerfileDocument } from '../model/document';
import type { StageInfo } from '../model/stages';
import { detectSyntax, lastStartingBefore, type Instruction } from '../parser';
import type { LintMemo } from './incremental';
import { checkValueWord, directiveBlock, parseCheckValue } from './checkDirective';
import { RULES } from './registry';
import type { BuildContext, Builder, Finding, Rule, RuleOptions, RuleSeverity } from './types';
export { LintMemo } from './incremental';
/** The "Skip … in this file" edit (`# check=skip=`), for the code actions. */
export { skipInFileEdit } from './checkDirective';
import { kebab } from './util/docs';
import { l, t, type Lang, type Text } from '../docs/locale';
import type { Fix } from '../model/edits';
import { parserProblemText } from './util/parserMessages';

export interface LintOptions {
  /** Per-rule severity overrides (settings / CLI config), `off` disables the rule. */
  severities?: Readonly<Record<string, RuleSeverity | 'off'>>;
  context?: BuildContext;
  /** The rules to run (default: all). */
  rules?: readonly Rule[];
  /** The previous lints of the same document: findings of unchanged instructions and stages are reused. */
  memo?: LintMemo;
  /**
   * The config Env of base images (synchronous: what is known now; undefined while being looked up).
   * Without it, every external image's environment is unknown (UndefinedVar stays cautious).
   */
  baseEnv?: BaseEnvLookup;
  /** Who builds the file (model/builder.ts: from its name and the engine setting); default BuildKit. */
  builder?: Builder;
  /** The build target (`--target`); default the last stage. */
  target?: string;
  /**
   * The language of the diagnostics' messages, related messages and fix titles (default English).
   * Rules report both languages; the memo keeps both, so only the emitted diagnostics depend on it.
   */
  lang?: Lang;
  /** Settings of the rules that run only when configured (trusted registries, label schema). */
  ruleOptions?: RuleOptions;
  /**
   * A `.hadolint.yaml`'s `ignored` and `override`, by hadolint id, applied to each finding through its
   * hadolint ids (the finding's own, else its rule's): an ignored id drops it, an overridden id sets
   * its severity (before `severities`). Built by config/ from the ids the rules document.
   */
  hadolint?: HadolintPolicy;
}

export interface HadolintPolicy {
  ignored: ReadonlySet<string>;
  severity: ReadonlyMap<string, RuleSeverity>;
}

/** The severities hadolint's `override` lists give, strongest first (hadolint applies `error` last: it wins). */
const OVERRIDE_ORDER: readonly RuleSeverity[] = ['error', 'warning', 'information', 'hint'];

export interface LintDiagnostic extends Omit<Finding, 'message' | 'related' | 'fixes'> {
  /** In the language the lint was asked for (LintOptions.lang). */
  message: string;
  related?: Array<{ range: Finding['range']; message: string }>;
  fixes?: Array<Omit<Fix, 'title'> & { title: string }>;
  /** The rule id, or the parser's problem code for syntax errors. */
  code: string;
  severity: RuleSeverity;
  /** Documentation of the rule. */
  href: string | undefined;
  /** 'buildkit' (BuildKit would say the same), 'lens' (our own rule), 'syntax' (the parser). */
  source: 'buildkit' | 'lens' | 'syntax';
}

const hrefs = new WeakMap<Rule, string | undefined>();
export function ruleHref(rule: Rule): string | undefined {
  if (hrefs.has(rule)) return hrefs.get(rule);
  let href: string | undefined;
  if (rule.buildkit) href = `https://docs.docker.com/go/dockerfile/rule/${kebab(rule.id)}/`;
  else if (rule.hadolint?.length) href = `https://github.com/hadolint/hadolint/wiki/${rule.hadolint[0]}`;
  else href = rule.docs.references[0];
  hrefs.set(rule, href);
  return href;
}

/** `# check=` and `# hadolint ignore=` comments directly above each instruction. */
interface Suppression {
  /** The instruction's range. */
  start: number;
  end: number;
  skip: Set<string>;
}

function inlineSuppressions(doc: DockerfileDocument): Suppression[] {
  const out: Suppression[] = [];
  const comments = doc.ast.comments;
  if (comments.length === 0) return out;
  const directiveEnd = doc.ast.directives.length ? doc.ast.directives[doc.ast.directives.length - 1].end : -1;
  let c = 0;
  let previousEnd = -1;
  for (const ins of doc.ast.instructions) {
    // the comment lines immediately before the instruction's line
    while (c < comments.length && comments[c].end <= ins.start) c++;
    let k = c - 1;
    const after = previousEnd;
    previousEnd = ins.end;
    if (k < 0 || comments[k].start < after) continue; // no comment between the previous instruction and this one
    const skip = new Set<string>();
    let lineAbove = doc.lines.positionAt(ins.start).line - 1;
    while (k >= 0 && comments[k].start > directiveEnd && doc.lines.positionAt(comments[k].start).line === lineAbove) {
      const text = comments[k].text;
      // `\s*(\S.*)`, not `\s*(.+)`: the two parts cannot share white space (quadratic); the text is trimmed
      const m = /^hadolint\s+ignore\s*=\s*(\S.*)$/i.exec(text);
      if (m) for (const id of m[1].split(',')) skip.add(id.trim());
      const ch = /^check\s*=\s*(\S.*)$/i.exec(text);
      if (ch) {
        const cfg = parseCheckValue(ch[1]);
        if (cfg.skipAll) skip.add('*buildkit');
        for (const id of cfg.skip) skip.add(id);
      }
      k--;
      lineAbove--;
    }
    if (skip.size) out.push({ start: ins.start, end: ins.end, skip });
  }
  return out;
}

/** Whether a comment above the instruction containing the finding's start skips the rule (`inline` is in document order). */
function suppressed(inline: readonly Suppression[], f: Finding, rule: Rule): boolean {
  const k = lastStartingBefore(inline, f.range.start, true);
  if (k < 0 || f.range.start > inline[k].end) return false;
  const skip = inline[k].skip;
  const hadolint = f.hadolint ?? rule.hadolint;
  return skip.has(rule.id) || (!!rule.buildkit && skip.has('*buildkit')) || !!hadolint?.some((h) => skip.has(h));
}

/** Lints the document in one go. */
export function lint(doc: DockerfileDocument, options: LintOptions = {}): LintDiagnostic[] {
  const steps = lintSteps(doc, options);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/**
 * Lints the document a few rules at a time, giving the event loop back every
 * `sliceMs` so requests are answered meanwhile; stops (undefined) as soon as
 * `stale()` says a newer version made the result useless.
 */
export async function lintAsync(doc: DockerfileDocument, options: LintOptions, stale: () => boolean, sliceMs = 4): Promise<LintDiagnostic[] | undefined> {
  const steps = lintSteps(doc, options);
  let t0 = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - t0 < sliceMs) continue;
    await new Promise((resolve) => setImmediate(resolve));
    if (stale()) return undefined;
    t0 = performance.now();
  }
}

/** The linter as a generator that pauses after each rule. */
function* lintSteps(doc: DockerfileDocument, options: LintOptions): Generator<void, LintDiagnostic[]> {
  const rules = options.rules ?? RULES;
  const builder = options.builder ?? 'buildkit';
  const target = options.target || undefined;
  // the `# check=` directive as BuildKit's ParseDirective finds it (after a `#!` line too)
  const checkDirective = directiveBlock(doc.text, doc.ast.bomLength).check;
  const check = parseCheckValue(checkDirective?.value);
  const inline = inlineSuppressions(doc);
  const lang = options.lang ?? 'en';
  const say = (text: Text) => t(text, lang);
  const out: LintDiagnostic[] = [];
  if (check.invalid && checkDirective) {
    out.push({
      range: { start: checkDirective.start, end: checkDirective.end },
      message: say(l(
        `docker build fails (Dockerfile frontend 1.8 and later; older ones ignore check=): BuildKit reads this check directive up to its first space, as '${checkValueWord(checkDirective.value)}': failed to parse check options: ${check.invalid}`,
        `docker build가 실패합니다(Dockerfile 프론트엔드 1.8 이상; 이전 버전은 check=를 무시합니다). BuildKit은 이 check 지시문을 첫 공백까지만 '${checkValueWord(checkDirective.value)}'(으)로 읽습니다: failed to parse check options: ${check.invalid}`,
      )),
      code: 'InvalidCheckDirective',
      severity: 'error',
      href: 'https://docs.docker.com/reference/build-checks/',
      source: 'syntax',
    });
  }
  const ruleIds = new Set(rules.map((r) => r.id));

  for (const p of doc.ast.problems) {
    if (ruleIds.has(p.code)) continue; // reported by the rule of that name (e.g. NoEmptyContinuation)
    out.push({ range: { start: p.start, end: p.end }, message: say(parserProblemText(p.message)), code: p.code, severity: p.severity === 'error' ? 'error' : 'warning', href: undefined, source: 'syntax' });
  }

  const active = rules.filter((rule) => {
    if (options.severities?.[rule.id] === 'off') return false;
    if (!rule.buildkit) return true;
    // as in BuildKit, `skip=` does not turn off experimental checks: only `experimental=` turns them on
    if (rule.experimental) return check.experimentalAll || check.experimental.has(rule.id);
    return !(check.skipAll || check.skip.has(rule.id));
  });
  const hadolint = options.hadolint;
  const emit = (rule: Rule, f: Finding) => {
    if (inline.length && suppressed(inline, f, rule)) return;
    let overridden: RuleSeverity | undefined;
    const ids = f.hadolint ?? rule.hadolint;
    if (hadolint && ids) {
      if (ids.some((id) => hadolint.ignored.has(id))) return;
      const set = new Set(ids.map((id) => hadolint.severity.get(id)));
      overridden = OVERRIDE_ORDER.find((s) => set.has(s));
    }
    const configured = options.severities?.[rule.id];
    let severity = overridden ?? (configured !== 'off' ? configured : undefined) ?? f.severity ?? rule.severity;
    if (rule.buildkit && check.error && !configured && !overridden) severity = 'error';
    const d: LintDiagnostic = { ...f, message: say(f.message), related: undefined, fixes: undefined, code: rule.id, severity, href: ruleHref(rule), source: rule.buildkit ? 'buildkit' : 'lens' };
    // the keys a finding has, as it has them (no `related: undefined`)
    if (f.related) d.related = f.related.map((r) => ({ range: r.range, message: say(r.message) }));
    else delete d.related;
    if (f.fixes) d.fixes = f.fixes.map((x) => ({ ...x, title: say(x.localizedTitle ?? x.title) }));
    else delete d.fixes;
    out.push(d);
  };
  /** Runs one rule on the given instructions and stages, collecting its findings (none but an error note if it throws). */
  // asked once per stage and lint: every rule (and the memo key) sees the same answer
  const baseEnvs = new Map<StageInfo, BaseEnvStatus | undefined>();
  const baseEnv = (stage: StageInfo): BaseEnvStatus | undefined => {
    if (!baseEnvs.has(stage)) baseEnvs.set(stage, stageBaseEnv(doc, stage, options.baseEnv));
    return baseEnvs.get(stage);
  };
  const run = (rule: Rule, instructions: readonly Instruction[], stages: readonly StageInfo[], into: Array<{ rule: Rule; finding: Finding }>) => {
    const found: Finding[] = [];
    try {
      rule.check({ doc, report: (f) => found.push(f), context: options.context, instructions, stages, baseEnv, builder, target, options: ruleOptions });
    } catch (e) {
      // a broken rule must not take the others down
      out.push({ range: { start: 0, end: 0 }, message: say(l(`internal error in rule ${rule.id}: ${(e as Error).message}`, `${rule.id} 규칙의 내부 오류: ${(e as Error).message}`)), code: rule.id, severity: 'hint', href: undefined, source: 'lens' });
      return;
    }
    for (const finding of found) into.push({ rule, finding });
  };

  const ruleOptions = options.ruleOptions ?? {};
  const memo = options.memo;
  memo?.begin([JSON.stringify(ruleOptions), doc.ast.escapeChar, detectSyntax(doc.text)?.ref ?? '', contextId(options.context), builder, target ?? '', active.map((r) => r.id).join(',')].join('\0'));
  const all = doc.ast.instructions;
  const stages = doc.stages.stages;

  // instruction-scoped rules: only the instructions new since the last lint
  const byInstruction = memo ? memo.instructions(doc) : { fresh: all, kept: [] };
  const foundInInstructions: Array<{ rule: Rule; finding: Finding }> = [];
  for (const rule of active) {
    if (rule.scope !== 'instruction') continue;
    if (byInstruction.fresh.length) run(rule, byInstruction.fresh, stages, foundInInstructions);
    yield;
  }
  memo?.storeInstructions(doc, byInstruction.fresh, foundInInstructions);

  // stage-scoped rules: only the stages whose content or incoming state changed
  // a stage's findings also depend on what is known of its base image's Env (it arrives after a lookup)
  const stageKeys = memo?.stageKeysOf(doc, target, options.baseEnv ? (stage) => baseEnvKey(baseEnv(stage)) : undefined);
  const byStage = memo && stageKeys ? memo.stages(doc, stageKeys) : { fresh: stages, kept: [] };
  const foundInStages: Array<{ rule: Rule; finding: Finding }> = [];
  for (const rule of active) {
    if (rule.scope !== 'stage') continue;
    if (byStage.fresh.length) run(rule, all, byStage.fresh, foundInStages);
    yield;
  }
  if (memo && stageKeys) memo.storeStages(doc, stageKeys, byStage.fresh, foundInStages);

  // whole-file rules: every time
  const foundInFile: Array<{ rule: Rule; finding: Finding }> = [];
  for (const rule of active) {
    if (rule.scope === 'instruction' || rule.scope === 'stage') continue;
    run(rule, all, stages, foundInFile);
    yield;
  }

  for (const list of [byInstruction.kept, foundInInstructions, byStage.kept, foundInStages, foundInFile]) {
    for (const { rule, finding } of list) emit(rule, finding);
  }
  out.sort((a, b) => a.range.start - b.range.start || byCodePoint(a.code, b.code) || a.range.end - b.range.end || byCodePoint(a.message, b.message));
  return out;
}

/** Plain string order (localeCompare would make V8 load ICU's collation data: several MB for the server's life). */
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const contextIds = new WeakMap<object, number>();
let nextContextId = 1;
/** An id per build context object (a new one after its files changed). */
function contextId(c: object | undefined): string {
  if (!c) return '';
  let id = contextIds.get(c);
  if (id === undefined) contextIds.set(c, (id = nextContextId++));
  return String(id);
}
