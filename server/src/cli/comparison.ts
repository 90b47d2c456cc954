/**
 * docs/comparison.md, generated (scripts/gen-comparison.ts), so that it cannot drift:
 * - rule by rule against hadolint's 71 DL rules (cli/hadolintRules.ts, from hadolint's README): "ours"
 *   when one of our rules names the DL id in its `hadolint` ids (read from the rules; `# hadolint
 *   ignore=DLxxxx` then silences it), else the stance recorded there: equivalent (another id reports the
 *   same problem), deliberately not (why), or missing;
 * - feature by feature against the incumbent language server, from the capabilities each server
 *   answers to the same LSP `initialize` request (read by the script from the running servers) and
 *   what the packages hold.
 */
import { RULES } from '../rules/registry';
import { FORMATS } from './formats';
import { HADOLINT_RULES, HADOLINT_SOURCE, STANCES } from './hadolintRules';

export type Status = 'ours' | 'equivalent' | 'not' | 'missing';

export interface ComparisonRow {
  id: string;
  severity: string;
  description: string;
  status: Status;
  /** Our rule ids (ours, equivalent). */
  by: string[];
  note: string;
}

export function comparisonRows(): ComparisonRow[] {
  return HADOLINT_RULES.map(([id, severity, description]) => {
    const naming = RULES.filter((r) => r.hadolint?.includes(id)).map((r) => r.id);
    if (naming.length) return { id, severity, description, status: 'ours', by: naming, note: '' };
    const s = STANCES[id];
    if (!s) throw new Error(`cli/hadolintRules.ts: no stance on ${id} and no rule names it`);
    if (s.status === 'equivalent') return { id, severity, description, status: 'equivalent', by: [s.by], note: s.note ?? '' };
    if (s.status === 'not') return { id, severity, description, status: 'not', by: [], note: s.why };
    return { id, severity, description, status: 'missing', by: [], note: s.note };
  });
}

export function comparisonCounts(rows = comparisonRows()): Record<Status, number> {
  const out: Record<Status, number> = { ours: 0, equivalent: 0, not: 0, missing: 0 };
  for (const r of rows) out[r.status]++;
  return out;
}

/** What the script reads from the two servers and packages. */
export interface ComparisonInput {
  /** `capabilities` of the InitializeResult of `node dist/server.js --stdio`. */
  ours: Record<string, unknown>;
  incumbent: { name: string; version: string; capabilities: Record<string, unknown>; bin: string[]; validator: { name: string; version: string; codes: number } };
  /** The client capabilities both servers were initialized with (the incumbent declares some features only for clients that support them). */
  client: string;
}

/** LSP server capabilities, in the order the table lists them. */
const CAPABILITIES: Array<[key: string, feature: string]> = [
  ['hoverProvider', 'Hover'],
  ['completionProvider', 'Completion'],
  ['signatureHelpProvider', 'Signature help'],
  ['codeActionProvider', 'Code actions (quick fixes)'],
  ['codeLensProvider', 'Code lenses'],
  ['inlayHintProvider', 'Inlay hints'],
  ['definitionProvider', 'Go to definition'],
  ['referencesProvider', 'Find references'],
  ['documentHighlightProvider', 'Document highlight'],
  ['renameProvider', 'Rename'],
  ['documentSymbolProvider', 'Document symbols'],
  ['workspaceSymbolProvider', 'Workspace symbols'],
  ['documentLinkProvider', 'Document links'],
  ['foldingRangeProvider', 'Folding'],
  ['selectionRangeProvider', 'Selection ranges'],
  ['semanticTokensProvider', 'Semantic tokens'],
  ['documentFormattingProvider', 'Formatting'],
  ['documentRangeFormattingProvider', 'Range formatting'],
  ['documentOnTypeFormattingProvider', 'On-type formatting'],
  ['executeCommandProvider', 'Commands'],
];

const has = (caps: Record<string, unknown>, key: string) => caps[key] !== undefined && caps[key] !== false && caps[key] !== null;

function detail(caps: Record<string, unknown>, key: string): string {
  const v = caps[key] as Record<string, unknown> | boolean | undefined;
  if (!has(caps, key)) return 'no';
  if (key === 'executeCommandProvider') return `yes: ${((v as { commands?: string[] }).commands ?? []).map((c) => `\`${c}\``).join(', ')}`;
  if (key === 'semanticTokensProvider') {
    const s = v as { full?: { delta?: boolean } | boolean; range?: boolean };
    return `yes${typeof s.full === 'object' && s.full.delta ? ' (full, delta' : ' (full'}${s.range ? ', range)' : ')'}`;
  }
  if (key === 'documentOnTypeFormattingProvider') {
    const o = v as { firstTriggerCharacter: string; moreTriggerCharacter?: string[] };
    const show = (c: string) => (c === '\n' ? 'a line break' : c.includes('`') ? `\`\` ${c} \`\`` : `\`${c}\``);
    return `yes (after ${[o.firstTriggerCharacter, ...(o.moreTriggerCharacter ?? [])].map(show).join(', ')})`;
  }
  return 'yes';
}

const STATUS_TEXT: Record<Status, string> = { ours: 'ours', equivalent: 'equivalent', not: 'deliberately not', missing: 'not yet' };
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function comparisonMarkdown(input: ComparisonInput): string {
  const rows = comparisonRows();
  const counts = comparisonCounts(rows);
  const buildkit = RULES.filter((r) => r.buildkit).length;
  const inc = input.incumbent;
  const out: string[] = [
    '# Dockerfile Lens compared',
    '',
    '<!-- Generated by `node scripts/build.mjs && node out/lib/gen-comparison.js > docs/comparison.md` from the rule files,',
    '     server/src/cli/hadolintRules.ts and the two language servers\' answers to `initialize`. Do not edit. -->',
    '',
    '## Rule by rule: hadolint',
    '',
    `hadolint's ${rows.length} DL rules, as its README lists them ([${HADOLINT_SOURCE.repo} at ${HADOLINT_SOURCE.commit.slice(0, 12)}](${HADOLINT_SOURCE.url})):`,
    `**${counts.ours} ours** (one of our rules carries the DL id: \`# hadolint ignore=DLxxxx\` silences it),`,
    `**${counts.equivalent} equivalent** (the same problem under our id: ignore it with that id),`,
    `**${counts.not} deliberately not** (why below), **${counts.missing} not yet**.`,
    'hadolint also runs ShellCheck on RUN (its SC rules); we do not. We have',
    `${RULES.length} rules (${buildkit} of them BuildKit's own build checks, which \`docker build\` reports too): see [rules.md](rules.md).`,
    '',
    '| hadolint | Default | What it checks | Here | Rule | Notes |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| [${r.id}](https://github.com/hadolint/hadolint/wiki/${r.id}) | ${r.severity} | ${cell(r.description)} | ${STATUS_TEXT[r.status]} | ${r.by.map((b) => (RULES.some((x) => x.id === b) ? `[${b}](rules.md#${b.toLowerCase()})` : `${b} (parser)`)).join(', ')} | ${cell(r.note)} |`),
    '',
    `## Feature by feature: ${inc.name}`,
    '',
    `The incumbent Dockerfile language server is [${inc.name}](https://github.com/rcjsuen/dockerfile-language-server-nodejs) ${inc.version}`,
    `(its diagnostics come from ${inc.validator.name} ${inc.validator.version}: ${inc.validator.codes} validation codes).`,
    'The table lists what each server declares in its `initialize` answer to the same client, one that',
    `supports ${input.client}: nothing here is claimed by hand.`,
    '',
    `| Feature | Dockerfile Lens | ${inc.name} |`,
    '|---|---|---|',
    ...CAPABILITIES.filter(([k]) => has(input.ours, k) || has(inc.capabilities, k)).map(([k, name]) => `| ${name} | ${detail(input.ours, k)} | ${detail(inc.capabilities, k)} |`),
    `| Lint rules | ${RULES.length} (${buildkit} BuildKit checks) | ${inc.validator.codes} validation codes |`,
    `| Command line | \`dockerfile-lens check\`: formats ${FORMATS.map((f) => `\`${f}\``).join(', ')}; \`--fix\`, \`--diff\`: safe fixes (those of ${RULES.filter((r) => r.docs.fixSafety?.startsWith('Safe')).length} rules, some only in some cases), \`--unsafe-fixes\` adds the unsafe ones (${RULES.filter((r) => r.docs.fixSafety?.startsWith('Unsafe')).length} rules) | package binaries: ${inc.bin.map((b) => `\`${b}\``).join(', ')} |`,
    '',
  ];
  return out.join('\n');
}
