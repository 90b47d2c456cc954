/**
 * UndefinedArgInFrom: a FROM (image or --platform) uses a variable that is
 * neither a global ARG nor an automatic platform ARG.
 * BuildKit: dockerfile2llb `reportUnusedFromArgs`.
 */
import type { Rule } from './types';
import { buildkitState } from '../model/buildkitState';
import { expandWith } from '../model/expand';
import { buildCheckReferences } from './util/docs';
import { fromWords, variableIn } from '../model/fromWords';
import { suggest } from '../model/suggest';
import { josa, l } from '../docs/locale';

export const UndefinedArgInFrom: Rule = {
  id: 'UndefinedArgInFrom',
  severity: 'warning',
  scope: 'stage',
  buildkit: true,
  docs: {
    summary: 'FROM should only use ARGs declared before the first FROM (or the automatic platform ARGs).',
    why: 'A FROM line only sees global ARGs (declared before the first FROM) and the predefined platform ARGs. Any other variable expands to an empty string, which usually means a typo or an ARG declared in the wrong place, and an invalid or unintended base image.',
    example: 'FROM node:22${VARIANT} AS jsbuilder\n',
    fixed: 'ARG VARIANT="-alpine3.20"\nFROM node:22${VARIANT} AS jsbuilder\n',
    references: buildCheckReferences('UndefinedArgInFrom', 'https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact'),
  },
  check({ doc, report, stages }) {
    if (!stages.length) return;
    const { meta } = buildkitState(doc);
    const keys = new Set([...meta.declared, ...meta.env.keys()]);
    for (const stage of stages) {
      for (const w of fromWords(stage.from)) {
        const r = expandWith(doc, w.value, meta.env);
        const unmatched = r ? r.unmatched : new Set(stage.from.variables.filter((v) => v.start >= w.range.start && v.end <= w.range.end).map((v) => v.name));
        for (const name of unmatched) {
          if (keys.has(name)) continue;
          const s = suggest(name, keys, true);
          const v = variableIn(stage.from, w.range, name);
          report({
            range: v ? { start: v.start, end: v.end } : w.range,
            message: l(`FROM argument '${name}' is not declared${s ? ` (did you mean ${s}?)` : ''}`, `FROM에서 쓰는 ARG '${name}'이(가) 선언되지 않았습니다${s ? `(${josa(s, '을')} 쓰려던 것인가요?)` : ''}`),
          });
        }
      }
    }
  },
};
