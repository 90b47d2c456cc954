/** Helpers for rule tests: lint a text, apply a fix. */
import { analyze } from '../../server/src/model/document';
import { lint, type LintDiagnostic, type LintOptions } from '../../server/src/rules/engine';
import { applyEdits } from '../../server/src/model/edits';
import type { BuildContext } from '../../server/src/rules/types';

export function lintText(text: string, options: LintOptions = {}): LintDiagnostic[] {
  return lint(analyze('file:///ctx/Dockerfile', 1, text), options);
}

/** The diagnostics of one rule. */
export function findings(text: string, ruleId: string, options: LintOptions = {}): LintDiagnostic[] {
  return lintText(text, options).filter((d) => d.code === ruleId);
}

/** The text after applying fix `fixIndex` of the `n`-th finding of the rule. */
export function applyFix(text: string, ruleId: string, fixIndex = 0, n = 0): string {
  const f = findings(text, ruleId)[n];
  if (!f) throw new Error(`no ${ruleId} finding in:\n${text}`);
  const fix = f.fixes?.[fixIndex];
  if (!fix) throw new Error(`${ruleId} finding has no fix ${fixIndex}`);
  return applyEdits(text, fix.edits);
}

/** A build context made of in-memory files. */
export function memoryContext(files: Record<string, string>, dockerfileName = 'Dockerfile'): BuildContext {
  const pick = (name: string) => (files[name] === undefined ? undefined : { name, text: files[name] });
  return {
    root: '/context',
    dockerfilePath: `/context/${dockerfileName}`,
    dockerfileName,
    readFile: (p) => files[p],
    ignoreFile: () => pick(`${dockerfileName}.dockerignore`) ?? pick('.dockerignore'),
  };
}

/** Text of the range of a diagnostic. */
export const rangeText = (text: string, d: { range: { start: number; end: number } }) => text.slice(d.range.start, d.range.end);
