/**
 * LegacyKeyValueFormat: `ENV key value` / `LABEL key value` (whitespace
 * separator). BuildKit: dockerfile2llb `dispatchEnv` / `dispatchLabel`
 * (`NoDelim`), inside stages.
 */
import { parse, type Instruction, type KeyValue } from '../parser';
import type { DockerfileDocument } from '../model/document';
import type { Fix, Rule } from './types';
import { expandWith } from '../model/expand';
import { buildCheckReferences } from './util/docs';
import { l } from '../docs/locale';

/** What a word expands to, with every variable replaced by a marker naming it. */
function expansion(doc: DockerfileDocument, word: string): string | undefined {
  return expandWith(doc, word, (n) => `\u0000${n}\u0000`)?.result;
}

function candidates(raw: string, escape: string): string[] {
  const out = [raw];
  if (!/["'`\\]/.test(raw) && !raw.includes(escape) && !/[\r\n]/.test(raw)) out.push(`"${raw}"`);
  return out;
}

function fixFor(doc: DockerfileDocument, ins: Instruction, pair: KeyValue): Fix | undefined {
  const text = doc.text;
  if (text.slice(pair.key.start, pair.key.end) !== pair.key.value || text.slice(pair.value.start, pair.value.end) !== pair.value.value) return undefined;
  const want = expansion(doc, pair.value.value);
  if (want === undefined) return undefined;
  const prefix = doc.ast.escapeChar === '`' ? '# escape=`\n' : '';
  for (const value of candidates(pair.value.value, doc.ast.escapeChar)) {
    const newText = `${pair.key.value}=${value}`;
    const line = text.slice(ins.start, pair.key.start) + newText + text.slice(pair.value.end, ins.end);
    const ast = parse(prefix + line + '\n');
    const again = ast.instructions[0];
    if (ast.instructions.length !== 1 || ast.problems.length || again.details.kind !== 'keyValues' || again.details.legacy || again.details.pairs.length !== 1) continue;
    const p = again.details.pairs[0];
    if (p.key.value !== pair.key.value || expansion(doc, p.value.value) !== want) continue;
    return { title: l(`Use ${ins.keyword} ${pair.key.value}=…`, `${ins.keyword} ${pair.key.value}=… 형식으로 쓰기`), preferred: true, applicability: 'safe', edits: [{ start: pair.key.start, end: pair.value.end, newText }] };
  }
  return undefined;
}

export const LegacyKeyValueFormat: Rule = {
  id: 'LegacyKeyValueFormat',
  severity: 'warning',
  scope: 'stage',
  buildkit: true,
  docs: {
    summary: 'Use `ENV key=value` / `LABEL key=value` instead of the legacy whitespace-separated form.',
    why: 'In the legacy form `ENV key value`, everything after the key (spaces and quotes included) is one value, while `ENV key=value` follows the usual word rules and allows several pairs: the two forms read alike but behave differently, and the legacy one is deprecated.',
    example: 'FROM alpine\nENV DEPS curl git make\nLABEL maintainer moby\n',
    fixed: 'FROM alpine\nENV DEPS="curl git make"\nLABEL maintainer=moby\n',
    fix: 'Rewrites the pair as `key=value`, quoting the value when needed; offered only when the new form gives exactly the same value.',
    fixSafety: 'Safe: offered only when `key=value` gives exactly the same value, so Env and Labels are the same.',
    references: buildCheckReferences('LegacyKeyValueFormat', 'https://docs.docker.com/reference/dockerfile/#env'),
  },
  check({ doc, report, stages }) {
    for (const stage of stages) {
      for (const ins of stage.instructions) {
        const d = ins.details;
        if ((ins.name !== 'ENV' && ins.name !== 'LABEL') || d.kind !== 'keyValues' || !d.legacy) continue;
        for (const pair of d.pairs) {
          if (pair.equals) continue;
          const fix = fixFor(doc, ins, pair);
          report({
            range: { start: pair.key.start, end: Math.max(pair.key.end, pair.value.end) },
            message: l(`"${ins.keyword} key=value" should be used instead of legacy "${ins.keyword} key value" format`, `예전 형식 "${ins.keyword} key value" 대신 "${ins.keyword} key=value"를 쓰세요`),
            fixes: fix ? [fix] : undefined,
          });
        }
      }
    }
  },
};
