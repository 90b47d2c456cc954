/**
 * `dockerfile-lens check --fix` / `--diff`: applies every safe preferred quick fix (the one the editor
 * applies with one keystroke, `Fix.preferred`, marked `applicability: 'safe'`: the build's result stays
 * the same, model/edits.ts) to each file, as the editor's auto-fix would, until nothing is left to fix.
 * Fix safety follows ruff (https://docs.astral.sh/ruff/linter/#fix-safety): unsafe fixes (they change
 * what the image does, or make a failing build pass) are applied only with `--unsafe-fixes`; without
 * it the summary counts the findings whose preferred fix was left and names the option.
 *
 * - a pass lints the text (the same severities and builder as `check`: a rule turned off fixes
 *   nothing), takes each finding's preferred fix (if safe, or `unsafeFixes`), merges identical ones (two findings offering one
 *   conversion), and applies those that do not overlap one already taken, the fixes with most edits
 *   first (as features/codeActions.ts keeps the preferred mark), only while the edited text still
 *   parses with no new error (`editsKeepParse`); the rest wait for the next pass, on the re-linted text;
 * - passes repeat until one has nothing to apply (converged), at most MAX_PASSES times, and stop on a
 *   text seen before (fixes undoing each other): then the file is reported as not converged.
 *
 * `--fix` writes the files that changed and reports what was fixed; `--diff` writes nothing and prints
 * a unified diff (`--- a/PATH`, `+++ b/PATH`, PATH relative to the working folder: `patch -p1` applies
 * it), made by jsdiff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Lang } from '../docs/locale';
import { buildContext } from '../model/buildContext';
import { builderFor, type Builder } from '../model/builder';
import { analyze } from '../model/document';
import { applyEdits, editsKeepParse, isSafeFix, type TextEditOffsets } from '../model/edits';
import { lint, type LintOptions } from '../rules/engine';
import type { RuleSeverity } from '../rules/types';
import { reportPath } from './formats';

export const MAX_PASSES = 10;

export interface FixOptions {
  severities?: Readonly<Record<string, RuleSeverity | 'off'>>;
  /** `auto`: from the file name and `dockerPath` (model/builder.ts), as `check` decides. */
  builder?: Builder | 'auto';
  dockerPath?: string;
  lang?: Lang;
  /** The file's config (config/config.ts): a hadolint file's ignored/override, the configured rules' options. */
  hadolint?: LintOptions['hadolint'];
  ruleOptions?: LintOptions['ruleOptions'];
  /** Apply the unsafe preferred fixes too (`--unsafe-fixes`). */
  unsafeFixes?: boolean;
}

export interface AppliedFix {
  /** The rule ids of the findings the fix resolved. */
  codes: string[];
  title: string;
  /** 1-based, in the text of the pass that applied it. */
  line: number;
  pass: number;
}

export interface FixedText {
  text: string;
  applied: AppliedFix[];
  /** Passes that applied something. */
  passes: number;
  /** False when MAX_PASSES passes still left fixes, or fixes undid each other. */
  converged: boolean;
  /** Findings of the final text whose preferred fix is unsafe and was not applied (no `unsafeFixes`). */
  unsafeLeft: number;
}

const overlaps = (a: TextEditOffsets, b: TextEditOffsets) => (a.start < b.end && b.start < a.end) || a.start === b.start;
const editsKey = (edits: readonly TextEditOffsets[]) => JSON.stringify([...edits].map((e) => [e.start, e.end, e.newText]).sort());

/** Every preferred fix of `text`, applied pass after pass until none is left (see the file header). */
export function fixText(file: string, text: string, options: FixOptions = {}, maxPasses = MAX_PASSES): FixedText {
  const builder = !options.builder || options.builder === 'auto' ? builderFor(file, options.dockerPath) : options.builder;
  const context = buildContext(resolve(file));
  const applied: AppliedFix[] = [];
  const seen = new Set([text]);
  let current = text;
  for (let pass = 1; ; pass++) {
    const doc = analyze(file, pass, current);
    const found = lint(doc, { severities: options.severities, hadolint: options.hadolint, ruleOptions: options.ruleOptions, context, builder, lang: options.lang });
    // one candidate per distinct edit list, naming every finding it resolves
    const candidates: Array<{ edits: TextEditOffsets[]; title: string; codes: string[]; start: number }> = [];
    const byKey = new Map<string, (typeof candidates)[number]>();
    let unsafeLeft = 0;
    for (const d of found) {
      const fix = d.fixes?.find((f) => f.preferred);
      if (!fix || fix.edits.length === 0) continue;
      if (!options.unsafeFixes && !isSafeFix(fix)) {
        unsafeLeft++;
        continue;
      }
      const key = editsKey(fix.edits);
      const same = byKey.get(key);
      if (same) {
        if (!same.codes.includes(d.code)) same.codes.push(d.code);
        continue;
      }
      const c = { edits: fix.edits, title: fix.title, codes: [d.code], start: Math.min(...fix.edits.map((e) => e.start)) };
      byKey.set(key, c);
      candidates.push(c);
    }
    candidates.sort((a, b) => b.edits.length - a.edits.length || a.start - b.start);
    const taken: TextEditOffsets[] = [];
    const now: AppliedFix[] = [];
    for (const c of candidates) {
      if (c.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue; // the next pass, re-linted
      if (!editsKeepParse(current, [...taken, ...c.edits])) continue;
      taken.push(...c.edits);
      now.push({ codes: c.codes, title: c.title, line: doc.lines.positionAt(c.start).line + 1, pass });
    }
    if (taken.length === 0) return { text: current, applied, passes: pass - 1, converged: true, unsafeLeft };
    if (pass > maxPasses) return { text: current, applied, passes: pass - 1, converged: false, unsafeLeft };
    const next = applyEdits(current, taken);
    applied.push(...now);
    // fixes undoing each other: the count is of the text before this pass (the returned one was not linted)
    if (seen.has(next)) return { text: next, applied, passes: pass, converged: false, unsafeLeft };
    seen.add(next);
    current = next;
  }
}

export interface FileFix extends FixedText {
  file: string;
  before: string;
}

/** `fixText` on each file as read from disk (no writing). */
export function fixFiles(files: readonly string[], options: FixOptions | ((file: string) => FixOptions), read: (file: string) => string = (f) => readFileSync(f).toString('utf8')): FileFix[] {
  return files.map((file) => {
    const before = read(file);
    return { file, before, ...fixText(file, before, typeof options === 'function' ? options(file) : options) };
  });
}

/** The unified diff of the files that change (`--- a/PATH` / `+++ b/PATH`, PATH relative to `cwd`). */
export function unifiedDiff(fixed: readonly FileFix[], cwd = process.cwd()): string {
  return fixed
    .filter((f) => f.text !== f.before)
    .map((f) => {
      const path = reportPath(f.file, cwd);
      return createTwoFilesPatch(`a/${path}`, `b/${path}`, f.before, f.text, undefined, undefined, { context: 3 }).replace(/^=+\n/, '');
    })
    .join('');
}

/** Writes the files that changed. */
export function writeFixed(fixed: readonly FileFix[]): void {
  for (const f of fixed) if (f.text !== f.before) writeFileSync(f.file, f.text);
}

/** What `--fix` changed, a line per file that changed (or did not converge). */
export function fixSummary(fixed: readonly FileFix[], lang: Lang = 'en'): string {
  const out: string[] = [];
  for (const f of fixed) {
    if (f.applied.length === 0 && f.converged) continue;
    const counts = new Map<string, number>();
    for (const a of f.applied) for (const c of a.codes) counts.set(c, (counts.get(c) ?? 0) + 1);
    const list = [...counts].map(([c, n]) => (n > 1 ? `${c} ×${n}` : c)).join(', ');
    const n = f.applied.length;
    const line = lang === 'ko'
      ? `${f.file}: 수정 ${n}건 적용 (${list}), ${f.passes}회 반복${f.converged ? '' : `; 수렴하지 않았습니다 (${MAX_PASSES}회 제한 또는 서로 되돌리는 수정)`}`
      : `${f.file}: ${n} fix(es) applied (${list}) in ${f.passes} pass(es)${f.converged ? '' : `; did not converge (${MAX_PASSES}-pass limit, or fixes undoing each other)`}`;
    out.push(line + '\n');
  }
  const files = fixed.filter((f) => f.text !== f.before).length;
  out.push(lang === 'ko' ? `파일 ${files}개를 고쳤습니다\n` : `${files} file(s) fixed\n`);
  const hint = unsafeHint(fixed, lang);
  if (hint) out.push(hint);
  return out.join('');
}

/** How many unsafe fixes were left and how to apply them, or '' when none were. */
export function unsafeHint(fixed: readonly FileFix[], lang: Lang = 'en'): string {
  const left = fixed.reduce((n, f) => n + f.unsafeLeft, 0);
  if (left === 0) return '';
  return lang === 'ko'
    ? `안전하지 않은 수정 ${left}건은 적용하지 않았습니다 (이미지의 동작이나 빌드 결과가 바뀝니다). 검토한 뒤 --unsafe-fixes로 적용하세요\n`
    : `${left} unsafe fix(es) not applied (they change what the image does or whether it builds): review them, then apply with --unsafe-fixes\n`;
}
