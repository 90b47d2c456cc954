/**
 * `dockerfile-lens check --format …`: the findings (cli/check.ts's `Reported`, 1-based lines and
 * UTF-16 columns, end exclusive) written in the formats CI systems read.
 *
 * - `text`: `file:line:col: severity Code: message`, then a count.
 * - `json`: the `Reported` list as is.
 * - `github`: workflow commands, so a GitHub Actions run annotates the pull request:
 *   `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=Code::message` (`warning`, `notice`
 *   for the other levels). Escaped as actions/toolkit's `issueCommand` does (packages/core/src/command.ts:
 *   the message `%`→`%25`, CR→`%0D`, LF→`%0A`; properties also `:`→`%3A`, `,`→`%2C`), and, as its
 *   `AnnotationProperties` says, `col`/`endColumn` only when the annotation starts and ends on one line.
 *   https://docs.github.com/actions/reference/workflow-commands-for-github-actions#setting-an-error-message
 * - `sarif`: SARIF 2.1.0 for GitHub code scanning (valid against the OASIS schema: test/fixtures/sarif/).
 *   Rules carry `shortDescription`, `fullDescription`, `help` (text and Markdown: what to write instead)
 *   and `helpUri`, which the code-scanning alert page shows; columns are UTF-16 code units as in LSP
 *   (`columnKind`). No `partialFingerprints`: github/codeql-action's upload-sarif computes
 *   `primaryLocationLineHash` from the file itself when a result has none, which is what GitHub matches
 *   alerts across commits with (https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
 * - `checkstyle`: `<checkstyle version="4.3"><file name=…><error line column severity message source/>`,
 *   as hadolint's and ESLint's checkstyle output (Jenkins warnings-ng, Bitbucket, reviewdog read it);
 *   severities error|warning|info.
 * - `gitlab`: GitLab Code Quality JSON (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format):
 *   `description`, `check_name`, `fingerprint`, `severity` (info|minor|major|critical|blocker), `location.path`
 *   (relative to the project root, i.e. the working folder of the job) and `location.lines.begin`.
 *   The fingerprint is what GitLab matches a finding with between the base and the merge request, so it
 *   leaves the line number out (a line added above must not make every finding "new"): a hash of path,
 *   rule, message, the flagged text and its occurrence among identical ones. Severities as hadolint's
 *   `gitlab_codeclimate` format for errors and warnings (blocker, major), then minor (information), info (hint).
 * Paths in github/sarif/gitlab output are relative to the working folder, with `/`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Lang } from '../docs/locale';
import { ruleHref } from '../rules/engine';
import { RULES } from '../rules/registry';
import type { Rule } from '../rules/types';

/** One finding as the CLI reports it: 1-based line and column (UTF-16 code units), end exclusive. */
export interface Reported {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  code: string;
  message: string;
}

export const FORMATS = ['text', 'json', 'sarif', 'github', 'checkstyle', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];

export const isFormat = (s: string): s is Format => (FORMATS as readonly string[]).includes(s);

/** A path as CI systems want it: relative to the working folder, with `/`. */
export function reportPath(file: string, cwd = process.cwd()): string {
  return relative(cwd, resolve(cwd, file)).split('\\').join('/');
}

/** The findings in `format`; `fileCount` files were checked (the text format's last line). */
export function render(format: Format, results: readonly Reported[], fileCount: number, lang: Lang = 'en', cwd = process.cwd()): string {
  switch (format) {
    case 'json':
      return JSON.stringify(results, null, 2) + '\n';
    case 'sarif':
      return JSON.stringify(sarif(results, cwd), null, 2) + '\n';
    case 'github':
      return results.map((r) => githubCommand(r, cwd) + '\n').join('');
    case 'checkstyle':
      return checkstyle(results);
    case 'gitlab':
      return JSON.stringify(gitlab(results, cwd), null, 2) + '\n';
    case 'text': {
      const lines = results.map((r) => `${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code}: ${r.message}\n`);
      lines.push(lang === 'ko' ? `파일 ${fileCount}개를 검사했고 ${results.length}건을 찾았습니다\n` : `${fileCount} file(s) checked, ${results.length} finding(s)\n`);
      return lines.join('');
    }
  }
}

// ---- GitHub Actions workflow commands

/** actions/toolkit packages/core/src/command.ts `escapeData`. */
export const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** actions/toolkit packages/core/src/command.ts `escapeProperty`. */
export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const GITHUB_LEVEL = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' } as const;

export function githubCommand(r: Reported, cwd = process.cwd()): string {
  const props: Array<[string, string | number]> = [['file', reportPath(r.file, cwd)], ['line', r.line]];
  if (r.endLine === r.line) props.push(['col', r.column], ['endLine', r.endLine], ['endColumn', Math.max(r.endColumn, r.column)]);
  else props.push(['endLine', r.endLine]);
  props.push(['title', r.code]);
  return `::${GITHUB_LEVEL[r.severity]} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(r.message)}`;
}

// ---- SARIF 2.1.0

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;
const ruleLevel = (r: Rule) => (r.severity === 'error' ? 'error' : r.severity === 'warning' ? 'warning' : 'note');

function ruleHelp(r: Rule): { text: string; markdown: string } {
  const fence = (s: string) => ['```dockerfile', s.trimEnd(), '```'].join('\n');
  const refs = [...new Set([ruleHref(r), ...r.docs.references].filter((u): u is string => !!u))];
  const text = [r.docs.summary, '', r.docs.why, '', 'Example:', r.docs.example.trimEnd(), '', 'Use instead:', r.docs.fixed.trimEnd(), ...(r.docs.fix ? ['', `Fix: ${r.docs.fix}`] : []), ...(r.docs.fixSafety ? ['', `Fix safety: ${r.docs.fixSafety}`] : []), '', ...refs].join('\n');
  const markdown = [
    `**${r.docs.summary}**`, '', r.docs.why, '', 'Example:', '', fence(r.docs.example), '', 'Use instead:', '', fence(r.docs.fixed),
    ...(r.docs.fix ? ['', `**Fix:** ${r.docs.fix}`] : []), ...(r.docs.fixSafety ? ['', `**Fix safety:** ${r.docs.fixSafety}`] : []),
    '', refs.map((u) => `<${u}>`).join(', '),
  ].join('\n');
  return { text, markdown };
}

export function sarif(results: readonly Reported[], cwd = process.cwd()): object {
  const used = new Set(results.map((r) => r.code));
  const rules = RULES.filter((r) => used.has(r.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    version: '2.1.0',
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'dockerfile-lens',
            informationUri: 'https://docs.docker.com/reference/build-checks/',
            rules: rules.map((r) => {
              const href = ruleHref(r);
              return {
                id: r.id,
                name: r.id,
                shortDescription: { text: r.docs.summary },
                fullDescription: { text: r.docs.why },
                help: ruleHelp(r),
                ...(href ? { helpUri: href } : {}),
                defaultConfiguration: { level: ruleLevel(r) },
                properties: {
                  tags: ['dockerfile', ...(r.buildkit ? ['buildkit-check'] : []), ...(r.hadolint ?? []).map((h) => `hadolint:${h}`)],
                },
              };
            }),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileUri(cwd) } },
        results: results.map((r) => ({
          ruleId: r.code,
          ...(index.has(r.code) ? { ruleIndex: index.get(r.code) } : {}),
          level: SARIF_LEVEL[r.severity],
          message: { text: r.message },
          locations: [{
            physicalLocation: {
              artifactLocation: { uri: uriReference(reportPath(r.file, cwd)), uriBaseId: '%SRCROOT%' },
              region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: Math.max(r.endColumn, r.endLine === r.line ? r.column : 1) },
            },
          }],
        })),
      },
    ],
  };
}

/** A relative path as a URI reference: each segment percent-encoded (a `:` in the first one would read as a scheme). */
const uriReference = (path: string) => path.split('/').map((seg) => (seg === '..' || seg === '.' ? seg : encodeURIComponent(seg))).join('/');

/** A folder as a `file:` URI ending in `/` (SARIF §3.14.14: a uriBaseId's URI ends with a slash). */
function pathToFileUri(dir: string): string {
  const p = resolve(dir).split('\\').join('/');
  return `file://${p.startsWith('/') ? '' : '/'}${encodeURI(p)}${p.endsWith('/') ? '' : '/'}`;
}

// ---- Checkstyle XML

/** Text for an XML attribute value in double quotes (and nothing XML 1.0 forbids). */
export function xmlAttr(s: string): string {
  return s
    // characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    // kept as characters, not normalized to spaces by the reader
    .replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

const CHECKSTYLE_SEVERITY = { error: 'error', warning: 'warning', info: 'info', hint: 'info' } as const;

export function checkstyle(results: readonly Reported[]): string {
  const byFile = new Map<string, Reported[]>();
  for (const r of results) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const [file, rs] of byFile) {
    out.push(`  <file name="${xmlAttr(file)}">`);
    for (const r of rs) out.push(`    <error line="${r.line}" column="${r.column}" severity="${CHECKSTYLE_SEVERITY[r.severity]}" message="${xmlAttr(r.message)}" source="${xmlAttr(r.code)}"/>`);
    out.push('  </file>');
  }
  out.push('</checkstyle>', '');
  return out.join('\n');
}

// ---- GitLab Code Quality

const GITLAB_SEVERITY = { error: 'blocker', warning: 'major', info: 'minor', hint: 'info' } as const;

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: (typeof GITLAB_SEVERITY)[keyof typeof GITLAB_SEVERITY];
  location: { path: string; lines: { begin: number; end: number } };
}

export function gitlab(results: readonly Reported[], cwd = process.cwd()): CodeQualityIssue[] {
  const texts = new Map<string, string[] | undefined>();
  const linesOf = (file: string) => {
    if (!texts.has(file)) {
      let lines: string[] | undefined;
      try {
        lines = readFileSync(file, 'utf8').split(/\r?\n/);
      } catch {
        lines = undefined;
      }
      texts.set(file, lines);
    }
    return texts.get(file);
  };
  const seen = new Map<string, number>();
  return results.map((r) => {
    const path = reportPath(r.file, cwd);
    const lines = linesOf(r.file);
    // the flagged text (its first line), not where it is
    const flagged = lines ? (r.endLine === r.line ? (lines[r.line - 1] ?? '').slice(r.column - 1, r.endColumn - 1) : (lines[r.line - 1] ?? '').slice(r.column - 1)) : '';
    const key = [path, r.code, r.message, flagged.trim()].join('\0');
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return {
      description: r.message,
      check_name: r.code,
      fingerprint: createHash('sha256').update(`${key}\0${n}`).digest('hex').slice(0, 32),
      severity: GITLAB_SEVERITY[r.severity],
      location: { path, lines: { begin: r.line, end: r.endLine } },
    };
  });
}
