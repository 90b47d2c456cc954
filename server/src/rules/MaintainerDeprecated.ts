/**
 * MaintainerDeprecated: the MAINTAINER instruction.
 * BuildKit: instructions/parse.go, reported for every MAINTAINER.
 */
import { expandWith } from '../model/expand';
import type { Rule } from './types';
import { buildCheckReferences } from './util/docs';
import { l } from '../docs/locale';

/** A double-quoted word whose expansion is exactly `value`, or undefined. */
export function doubleQuoted(value: string, escape: '\\' | '`'): string | undefined {
  let out = '"';
  for (const ch of value) out += ch === '"' || ch === '$' || ch === escape ? escape + ch : ch;
  out += '"';
  if (/[\r\n]/.test(value)) return undefined;
  return expandWith(escape, out, new Map())?.result === value ? out : undefined;
}

export const MaintainerDeprecated: Rule = {
  id: 'MaintainerDeprecated',
  severity: 'warning',
  buildkit: true,
  docs: {
    summary: 'The MAINTAINER instruction is deprecated; use a label to name the image author.',
    why: 'MAINTAINER is deprecated since Docker 1.13. The OCI annotation `org.opencontainers.image.authors`, set with LABEL, is the standard place for the author and is shown by `docker inspect` and registries.',
    example: 'FROM alpine\nMAINTAINER moby@example.com\n',
    fixed: 'FROM alpine\nLABEL org.opencontainers.image.authors="moby@example.com"\n',
    fix: 'Replaces `MAINTAINER x` by `LABEL org.opencontainers.image.authors="x"` (the author then is a label instead of the image\'s Author field).',
    fixSafety: 'Unsafe: the image config changes (Author is empty, a label appears).',
    references: buildCheckReferences('MaintainerDeprecated', 'https://docs.docker.com/reference/dockerfile/#maintainer-deprecated'),
  },
  check({ doc, report }) {
    for (const ins of doc.ast.instructions) {
      if (ins.name !== 'MAINTAINER') continue;
      const value = ins.details.kind === 'single' ? ins.details.value : undefined;
      const quoted = value ? doubleQuoted(value.value, doc.ast.escapeChar) : undefined;
      const oneLine = !doc.text.slice(ins.start, ins.end).includes('\n');
      const label = ins.keyword === ins.keyword.toLowerCase() ? 'label' : 'LABEL';
      report({
        range: ins.keywordRange,
        message: l('Maintainer instruction is deprecated in favor of using label', 'MAINTAINER는 더 이상 쓰지 않습니다. 대신 LABEL을 쓰세요'),
        tags: ['deprecated'],
        fixes:
          quoted && oneLine
            ? [{ title: l('Replace with LABEL org.opencontainers.image.authors', 'LABEL org.opencontainers.image.authors로 바꾸기'), preferred: true, edits: [{ start: ins.keywordRange.start, end: ins.end, newText: `${label} org.opencontainers.image.authors=${quoted}` }] }]
            : undefined,
      });
    }
  },
};
