/**
 * UnknownFlag: a `--flag` the instruction does not take. BuildKit's BFlags
 * parser fails with `unknown flag: name` (flag names are case-sensitive).
 * The valid flags come from the instruction table (server/src/docs/instructions.ts).
 * A known flag that needs a newer `# syntax=docker/dockerfile:1.x` than the
 * file asks for is reported as information.
 */
import { instructionDoc } from '../docs/instructions';
import { withTriggers } from '../model/document';
import { FLAGS_IGNORED, flagsIgnored, neededSyntax, syntaxVersion, type SyntaxVersion } from '../model/flags';
import { closest } from '../model/suggest';
import type { Rule } from './types';
import { josa, l } from '../docs/locale';

export const UnknownFlag: Rule = {
  id: 'UnknownFlag',
  severity: 'error',
  scope: 'instruction',
  docs: {
    summary: 'Reports a `--flag` that the instruction does not accept.',
    why: 'BuildKit checks the flags of every instruction before the build starts; a flag the instruction does not define (flag names are case-sensitive) fails the build with `unknown flag: name`. Flags added in later Dockerfile versions also fail when the `# syntax=` directive pins an older frontend.',
    example: 'FROM golang:1.23 AS build\nRUN go build -o /out/app .\n\nFROM alpine:3.21\nCOPY --form=build /out/app /usr/local/bin/app\n',
    fixed: 'FROM golang:1.23 AS build\nRUN go build -o /out/app .\n\nFROM alpine:3.21\nCOPY --from=build /out/app /usr/local/bin/app\n',
    fix: 'Renames the flag to the one BuildKit suggests, when exactly one valid flag lies within two edits (or differs only in case).',
    fixSafety: 'Unsafe: the build stopped on the unknown flag; the fix makes it pass with a flag someone should confirm.',
    references: ['https://docs.docker.com/reference/dockerfile/'],
  },
  check(ctx) {
    let version: SyntaxVersion | undefined | null = null; // looked up on the first flag that has a `since`
    for (const ins of withTriggers(ctx.instructions)) {
      const idoc = instructionDoc(ins.name);
      if (!idoc || ins.flags.length === 0) continue;
      const names = idoc.flags.map((f) => f.name);
      for (const f of ins.flags) {
        if (ins.details.kind === 'healthcheck' && ins.details.type?.value.toUpperCase() === 'NONE') break;
        const fd = idoc.flags.find((x) => x.name === f.name);
        if (fd && !FLAGS_IGNORED.has(ins.name)) {
          if (fd.since && version === null) version = syntaxVersion(ctx.doc);
          const need = neededSyntax(fd, version ?? undefined);
          if (need) {
            ctx.report({
              range: f.nameRange,
              message: l(`--${f.name} needs ${need} or later; the syntax directive asks for ${version!.ref}`, `--${f.name}에는 ${need} 이상이 필요한데 syntax 지시문은 ${josa(version!.ref, '을')} 지정합니다`),
              severity: 'information',
            });
          }
          continue;
        }
        if (FLAGS_IGNORED.has(ins.name)) {
          ctx.report({ range: f, message: l(`flag --${f.name} is ignored: ${ins.name} takes no flags`, `--${f.name} 플래그는 무시됩니다. ${ins.name}에는 플래그가 없습니다`), severity: 'warning', tags: ['unnecessary'] });
          continue;
        }
        const caseMatch = names.find((n) => n.toLowerCase() === f.name.toLowerCase());
        const s = closest(f.name, names, true);
        const hint = caseMatch ?? s?.match;
        const fixable = caseMatch ?? (s && s.unique && s.distance <= 2 ? s.match : undefined);
        ctx.report({
          range: f.name ? f.nameRange : f,
          message: l(`unknown flag: ${f.name}${hint ? ` (did you mean ${hint}?)` : ''}`, `알 수 없는 플래그입니다: ${f.name}${hint ? `(${josa(hint, '을')} 쓰려던 것인가요?)` : ''}`),
          fixes: fixable ? [{ title: l(`Change to --${fixable}`, `--${josa(fixable, '으로')} 바꾸기`), edits: [{ ...f.nameRange, newText: fixable }], preferred: true }] : undefined,
        });
      }
    }
  },
};
