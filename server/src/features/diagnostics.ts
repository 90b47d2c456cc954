/**
 * Lint diagnostics as LSP diagnostics: code, a link to the rule's docs, the
 * token's range, Unnecessary/Deprecated tags, related information, and the
 * fixes kept in `data` for the code-action request.
 */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';
import type { LintDiagnostic } from '../rules/engine';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

export function toLspDiagnostic(doc: DockerfileDocument, d: LintDiagnostic): Diagnostic {
  const out: Diagnostic = {
    range: doc.lines.rangeOf(d.range),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: d.source === 'buildkit' ? 'dockerfile-lens (BuildKit check)' : 'dockerfile-lens',
    message: d.message,
  };
  if (d.href) out.codeDescription = { href: d.href };
  if (d.tags?.length) out.tags = d.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri: doc.uri, range: doc.lines.rangeOf(r.range) }, message: r.message }));
  }
  return out;
}
