/**
 * Quick fixes: each rule's own fixes for the diagnostics in the request, plus
 * "Skip this check in this file" (adds the rule to `# check=skip=` — BuildKit
 * checks only, as `docker build` reads that directive) and "Ignore on this
 * line" (`# hadolint ignore=<id>` above the instruction, which hadolint and
 * this extension honour).
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';
import { skipInFileEdit, type LintDiagnostic } from '../rules/engine';
import { ruleById } from '../rules/registry';
import { l, t, type Lang } from '../docs/locale';

const sameRange = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

function edit(doc: DockerfileDocument, e: { start: number; end: number; newText: string }): TextEdit {
  return { range: doc.lines.rangeOf(e), newText: e.newText };
}

/**
 * Where to append an id in a `# hadolint ignore=A,B` line: after the list, before
 * any trailing white space; undefined when the line is not such a comment or
 * its list spans a line break (a lone CR is one for LSP clients). Trimmed in
 * code: `(.*?)\s*$` backtracks quadratically on a long run of white space.
 */
export function hadolintIgnoreListEnd(line: string): number | undefined {
  const m = /^\s*#\s*hadolint\s+ignore\s*=\s*/i.exec(line);
  if (!m) return undefined;
  const list = line.slice(m[0].length).trimEnd();
  return /[\n\r\u2028\u2029]/.test(list) ? undefined : m[0].length + list.length;
}

/**
 * A comment above the instruction containing `offset` that suppresses `id` there:
 * `# check=skip=<id>` for BuildKit checks (BuildKit reads it), `# hadolint ignore=<id>` otherwise.
 */
function ignoreLineEdit(doc: DockerfileDocument, offset: number, id: string, buildkit: boolean): TextEdit | undefined {
  const ins = doc.instructionAt(offset);
  if (!ins) return undefined;
  const lineStart = doc.text.lastIndexOf('\n', ins.start - 1) + 1;
  const indent = doc.text.slice(lineStart, ins.start);
  if (indent.trim() !== '') return undefined;
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  if (buildkit) {
    // in directive position a `# check=` line would apply to the whole file
    const before = doc.text.slice(doc.ast.bomLength, lineStart).split('\n').slice(0, -1);
    if (before.every((ln) => /^\s*#\s*[a-zA-Z][a-zA-Z0-9]*\s*=/.test(ln))) return undefined;
    return edit(doc, { start: lineStart, end: lineStart, newText: `${indent}# check=skip=${id}${eol}` });
  }
  // extend an existing ignore comment right above
  const prevEnd = lineStart - 1;
  if (prevEnd > 0) {
    const prevStart = doc.text.lastIndexOf('\n', prevEnd - 1) + 1;
    const prev = doc.text.slice(prevStart, prevEnd).replace(/\r$/, '');
    const at = hadolintIgnoreListEnd(prev);
    if (at !== undefined) return edit(doc, { start: prevStart + at, end: prevStart + at, newText: `,${id}` });
  }
  return edit(doc, { start: lineStart, end: lineStart, newText: `${indent}# hadolint ignore=${id}${eol}` });
}

/** Two lists of edits that write the same text over the same ranges. */
const sameEdits = (a: readonly TextEdit[], b: readonly TextEdit[]) => {
  const key = (es: readonly TextEdit[]) => JSON.stringify([...es].map((e) => [e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.newText]).sort());
  return a.length === b.length && key(a) === key(b);
};
const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character < b.character);
const overlap = (a: Range, b: Range) => !before(a.end, b.start) && !before(b.end, a.start);

/**
 * The rules' fixes for the requested diagnostics, merged: several findings on
 * one instruction often offer the same conversion (JSONArgsRecommended and
 * ShellCmdWithExecEntrypoint both turn `CMD serve --port 80` into exec form),
 * and an editor would list it twice. Identical edits become one action naming
 * every diagnostic it resolves (preferred if any of them prefers it). Then at
 * most one preferred action per place: of preferred fixes whose edits
 * overlap, the one with most edits (then the first) keeps the mark (auto-fix
 * applies only a single preferred action, and two there would conflict).
 */
function mergeFixes(actions: CodeAction[]): CodeAction[] {
  const out: CodeAction[] = [];
  const editsOf = (a: CodeAction) => Object.values(a.edit?.changes ?? {}).flat();
  for (const a of actions) {
    const same = out.find((o) => sameEdits(editsOf(o), editsOf(a)));
    if (!same) {
      out.push(a);
      continue;
    }
    for (const d of a.diagnostics ?? []) if (!same.diagnostics?.includes(d)) same.diagnostics = [...(same.diagnostics ?? []), d];
    if (a.isPreferred) same.isPreferred = true;
  }
  // the fix doing most (ENTRYPOINT and CMD converted together) keeps the mark first
  const preferred: TextEdit[] = [];
  const candidates = out.filter((a) => a.isPreferred).sort((a, b) => editsOf(b).length - editsOf(a).length);
  for (const a of candidates) {
    const edits = editsOf(a);
    if (edits.some((e) => preferred.some((p) => overlap(e.range, p.range)))) a.isPreferred = undefined;
    else preferred.push(...edits);
  }
  return out;
}

export function codeActions(doc: DockerfileDocument, requested: Diagnostic[], findings: LintDiagnostic[], toLsp: (d: LintDiagnostic) => Diagnostic, lang: Lang): CodeAction[] {
  const fixes: CodeAction[] = [];
  const others: CodeAction[] = [];
  for (const diag of requested) {
    const d = findings.find((f) => f.code === diag.code && sameRange(doc.lines.rangeOf(f.range), diag.range) && f.message === diag.message);
    if (!d) continue;
    const lsp = toLsp(d);
    for (const fix of d.fixes ?? []) {
      fixes.push({
        title: fix.localizedTitle ? t(fix.localizedTitle, lang) : fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [lsp],
        isPreferred: fix.preferred,
        edit: { changes: { [doc.uri]: fix.edits.map((e) => edit(doc, e)) } },
      });
    }
    const rule = ruleById(d.code);
    if (!rule) continue;
    const skip = rule.buildkit ? skipInFileEdit(doc.text, doc.ast.bomLength, rule.id) : undefined;
    if (skip) {
      others.push({
        title: t(l(`Skip ${rule.id} in this file (# check=skip)`, `이 파일에서 ${rule.id} 검사 건너뛰기 (# check=skip)`), lang),
        kind: CodeActionKind.QuickFix,
        diagnostics: [lsp],
        edit: { changes: { [doc.uri]: [edit(doc, skip)] } },
      });
    }
    const ignoreId = rule.buildkit ? rule.id : rule.hadolint?.[0] ?? rule.id;
    const ignore = ignoreLineEdit(doc, d.range.start, ignoreId, !!rule.buildkit);
    if (ignore) {
      others.push({
        title: t(l(`Ignore ${ignoreId} for this instruction`, `이 명령어에서 ${ignoreId} 무시하기`), lang),
        kind: CodeActionKind.QuickFix,
        diagnostics: [lsp],
        edit: { changes: { [doc.uri]: [ignore] } },
      });
    }
  }
  // the fixes first, then the ways to silence a check (one per rule and place: merged the same way)
  return [...mergeFixes(fixes), ...mergeFixes(others)];
}
