/**
 * DuplicateFlag: a flag given twice. BuildKit's BFlags parser fails with
 * `duplicate flag specified: name` for every flag except the repeatable
 * ones (`--mount`, `--device`, `--exclude`: marked `repeatable` in the
 * instruction table). Buildah (podman build) keeps the last value (checked with
 * buildah 1.28: `COPY --chown=1 --chown=2`, `ADD --chmod=600 --chmod=640`), so for a
 * Buildah file (model/builder.ts) it is a warning naming both builders.
 */
import { instructionDoc } from '../docs/instructions';
import type { Flag } from '../parser';
import type { Rule } from './types';
import { flagsIgnored } from '../model/flags';
import { withTriggers } from '../model/document';
import { buildkitOnlyFailure } from '../model/builder';
import { l } from '../docs/locale';

export const DuplicateFlag: Rule = {
  id: 'DuplicateFlag',
  severity: 'error',
  scope: 'instruction',
  docs: {
    summary: 'Reports a flag given more than once on an instruction that accepts it only once.',
    why: 'Only `--mount`, `--device` and `--exclude` may be repeated. For any other flag BuildKit stops the build with `duplicate flag specified: name` instead of letting one value win. Buildah (`podman build`, and any `Containerfile`) keeps the last value instead: there it is a warning.',
    example: 'FROM alpine:3.21\nCOPY --chown=app:app --chown=app:app app/ /srv/app/\n',
    fixed: 'FROM alpine:3.21\nCOPY --chown=app:app app/ /srv/app/\n',
    fix: 'Removes the repeated flag when it has the same value as the first one.',
    fixSafety: 'Unsafe: BuildKit stops on the repeated flag, so the fix makes a failing build pass.',
    references: ['https://docs.docker.com/reference/dockerfile/'],
  },
  check(ctx) {
    for (const ins of withTriggers(ctx.instructions)) {
      if (ins.flags.length < 2 || flagsIgnored(ins)) continue;
      const idoc = instructionDoc(ins.name);
      if (!idoc) continue;
      const first = new Map<string, Flag>();
      ins.flags.forEach((f, i) => {
        const fd = idoc.flags.find((x) => x.name === f.name);
        if (!fd || fd.repeatable) return;
        const prev = first.get(f.name);
        if (!prev) {
          first.set(f.name, f);
          return;
        }
        const same = prev.value === f.value;
        const r = buildkitOnlyFailure(ctx.builder, l(`duplicate flag specified: ${f.name}`, `--${f.name} 플래그가 두 번 있습니다`), l('uses the last value', '마지막 값을 쓰므로'));
        ctx.report({
          range: f,
          ...r,
          related: [{ range: prev, message: l(`first --${f.name}`, `첫 번째 --${f.name}`) }],
          fixes: same ? [{ title: l(`Remove the repeated --${f.name}`, `반복된 --${f.name} 지우기`), edits: [{ start: ins.flags[i - 1].end, end: f.end, newText: '' }], preferred: true }] : undefined,
        });
      });
    }
  },
};
