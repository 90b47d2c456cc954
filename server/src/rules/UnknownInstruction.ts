/**
 * UnknownInstruction: a keyword BuildKit does not know. `docker build` fails
 * with `unknown instruction: X`, plus BuildKit's "(did you mean Y?)" hint
 * (util/suggest: Levenshtein distance below 3). Replaces the parser's problem
 * of the same code (the engine drops it because this rule exists).
 */
import { withTriggers } from '../model/document';
import { editsKeepParse, instructionLines } from '../model/edits';
import { closest } from '../model/suggest';
import { INSTRUCTIONS } from '../parser/instruction';
import type { Rule } from './types';
import { josa, l } from '../docs/locale';

const KNOWN = new Set<string>(INSTRUCTIONS);

export const UnknownInstruction: Rule = {
  id: 'UnknownInstruction',
  severity: 'error',
  scope: 'instruction',
  docs: {
    summary: 'Reports a keyword that is not a Dockerfile instruction.',
    why: 'BuildKit only knows the instructions of the Dockerfile reference; `docker build` stops with `unknown instruction: X` before running any step. A misspelt keyword is the usual cause, or a line that lost its `\\` continuation and now starts with a shell word.',
    example: 'FROM alpine:3.21\nRUN apk add --no-cache curl\nCOPPY app.sh /usr/local/bin/\n',
    fixed: 'FROM alpine:3.21\nRUN apk add --no-cache curl\nCOPY app.sh /usr/local/bin/\n',
    fix: 'Replaces the keyword with the instruction BuildKit suggests, when exactly one lies within two edits.',
    fixSafety: 'Unsafe: the build stopped on the unknown instruction; the fix makes it pass with an instruction someone should confirm.',
    references: ['https://docs.docker.com/reference/dockerfile/#overview'],
  },
  check(ctx) {
    for (const ins of withTriggers(ctx.instructions)) {
      if (KNOWN.has(ins.name)) continue;
      const s = closest(ins.keyword, INSTRUCTIONS, false);
      const message = l(`unknown instruction: ${ins.keyword}${s ? ` (did you mean ${s.match}?)` : ''}`, `알 수 없는 명령어입니다: ${ins.keyword}${s ? `(${josa(s.match, '을')} 쓰려던 것인가요?)` : ''}`);
      const edits = s && s.unique && s.distance <= 2 ? [{ ...ins.keywordRange, newText: s.match }] : undefined;
      ctx.report({
        range: ins.keywordRange,
        message,
        fixes: edits && editsKeepParse(ctx.doc.text, edits, ['UnknownInstruction'], instructionLines(ctx.doc, ins))
          ? [{ title: l(`Change to ${s!.match}`, `${josa(s!.match, '으로')} 바꾸기`), edits, preferred: true }]
          : undefined,
      });
    }
  },
};
