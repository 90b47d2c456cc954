/**
 * What the editor shows about the project's config files (config/config.ts): each file's problems as
 * diagnostics on that file (cleared once fixed), and the hadolint settings that have no equivalent here,
 * named once per server run, not per file. Holds only what it already reported; server.ts sends it.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import type { Lang } from '../docs/locale';
import { LineIndex } from '../parser/text';

/** What this needs of a config file as config/config.ts reads it (features sit below config/). */
export interface ReportedConfig {
  file?: string;
  unsupported: readonly string[];
  problems: ReadonlyArray<{ severity: 'error' | 'warning'; start: number; end: number; message: Record<Lang, string> }>;
}

export interface ConfigReportUpdate {
  /** Diagnostics to publish (an empty list clears a file's earlier problems). */
  publish: Array<{ uri: string; diagnostics: Diagnostic[] }>;
  /** The hadolint settings first met in this update, in one sentence; undefined when none is new. */
  message?: string;
}

export class ConfigReporter {
  /** Files whose problems are on screen, with the text they were reported for. */
  private readonly shown = new Map<string, string>();
  private readonly named = new Set<string>();

  /** The files as read now (`ConfigCache.files()`); call again after they were read anew. */
  update(files: Iterable<ReportedConfig>, lang: Lang): ConfigReportUpdate {
    const publish: ConfigReportUpdate['publish'] = [];
    const now = new Set<string>();
    const newKeys: string[] = [];
    const where: string[] = [];
    for (const c of files) {
      if (!c.file) continue;
      for (const key of c.unsupported) {
        if (this.named.has(key)) continue;
        this.named.add(key);
        newKeys.push(key);
        if (!where.includes(c.file)) where.push(c.file);
      }
      if (!c.problems.length) continue;
      const uri = pathToFileURL(c.file).href;
      let text = '';
      try {
        text = readFileSync(c.file, 'utf8');
      } catch {
        // unreadable: the problem says so, at the start
      }
      now.add(uri);
      if (this.shown.get(uri) === text) continue;
      this.shown.set(uri, text);
      const lines = new LineIndex(text);
      publish.push({
        uri,
        diagnostics: c.problems.map((p) => ({
          range: lines.rangeOf({ start: p.start, end: p.end }),
          severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
          source: 'dockerfile-lens',
          message: p.message[lang],
        })),
      });
    }
    for (const uri of [...this.shown.keys()]) {
      if (now.has(uri)) continue;
      this.shown.delete(uri);
      publish.push({ uri, diagnostics: [] });
    }
    const message = !newKeys.length
      ? undefined
      : lang === 'ko'
        ? `Dockerfile Lens: 대응하는 설정이 없어 적용하지 않은 hadolint 설정: ${newKeys.join(', ')} (${where.join(', ')})`
        : `Dockerfile Lens: hadolint settings without an equivalent here, not applied: ${newKeys.join(', ')} (in ${where.join(', ')})`;
    return { publish, message };
  }

  /** The files may have changed: report their problems again on the next update. */
  forget(): void {
    for (const uri of this.shown.keys()) this.shown.set(uri, '\0');
  }
}
