/**
 * FromAsCasing: the `AS` keyword of a FROM is not cased like the `FROM` keyword.
 * BuildKit: instructions/parse.go (`doesFromCaseMatchAsCase`); no warning when
 * FROM itself is mixed-case (ConsistentInstructionCasing reports that).
 */
import type { Rule } from './types';
import { buildCheckReferences } from './util/docs';
import { l } from '../docs/locale';

export const FromAsCasing: Rule = {
  id: 'FromAsCasing',
  severity: 'warning',
  buildkit: true,
  docs: {
    summary: "The 'as' keyword should match the case of the 'from' keyword.",
    why: 'Keywords are case-insensitive for BuildKit, but mixing `FROM` with `as` makes a Dockerfile harder to read and is reported by `docker build --check`.',
    example: 'FROM debian:latest as builder\n',
    fixed: 'FROM debian:latest AS builder\n',
    fix: "Re-cases 'as' to match 'FROM'.",
    fixSafety: 'Safe: `AS` is case-insensitive; the image is the same.',
    references: buildCheckReferences('FromAsCasing'),
  },
  check({ doc, report }) {
    for (const stage of doc.stages.stages) {
      const ins = stage.from;
      if (ins.args.length < 3) continue;
      const from = ins.keyword;
      const lower = from === from.toLowerCase();
      const upper = from === from.toUpperCase();
      if (!lower && !upper) continue;
      const as = ins.args[1];
      const want = lower ? as.value.toLowerCase() : as.value.toUpperCase();
      if (as.value === want) continue;
      const editable = doc.text.slice(as.start, as.end) === as.value;
      report({
        range: { start: as.start, end: as.end },
        message: l(`'${as.value}' and '${from}' keywords' casing do not match`, `키워드 '${as.value}'와(과) '${from}'의 대소문자가 다릅니다`),
        fixes: editable ? [{ title: l(`Change '${as.value}' to '${want}'`, `'${as.value}'을(를) '${want}'(으)로 바꾸기`), preferred: true, applicability: 'safe', edits: [{ start: as.start, end: as.end, newText: want }] }] : undefined,
      });
    }
  },
};
