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

export function codeActions(doc: DockerfileDocument, requested: Diagnostic[], findings: LintDiagnostic[], toLsp: (d: LintDiagnostic) => Diagnostic, lang: Lang): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diag of requested) {
    const d = findings.find((f) => f.code === diag.code && sameRange(doc.lines.rangeOf(f.range), diag.range) && f.message === diag.message);
    if (!d) continue;
    const lsp = toLsp(d);
    for (const fix of d.fixes ?? []) {
      actions.push({
        title: fix.title,
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
      actions.push({
        title: t(l(`Skip ${rule.id} in this file (# check=skip)`, `이 파일에서 ${rule.id} 검사 건너뛰기 (# check=skip)`), lang),
        kind: CodeActionKind.QuickFix,
        diagnostics: [lsp],
        edit: { changes: { [doc.uri]: [edit(doc, skip)] } },
      });
    }
    const ignoreId = rule.buildkit ? rule.id : rule.hadolint?.[0] ?? rule.id;
    const ignore = ignoreLineEdit(doc, d.range.start, ignoreId, !!rule.buildkit);
    if (ignore) {
      actions.push({
        title: t(l(`Ignore ${ignoreId} for this instruction`, `이 명령어에서 ${ignoreId} 무시하기`), lang),
        kind: CodeActionKind.QuickFix,
        diagnostics: [lsp],
        edit: { changes: { [doc.uri]: [ignore] } },
      });
    }
  }
  return actions;
}
