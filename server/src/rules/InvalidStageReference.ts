/**
 * InvalidStageReference: a FROM that names an earlier stage in another case
 * (`FROM Base` after `AS base` or `AS Base`).
 *
 * BuildKit lowercases stage names (`AS Base` is the stage `base`,
 * instructions/parse.go) but looks a FROM's base name up as written
 * (dockerfile2llb): `Base` is then parsed as an image reference and the build
 * fails with `failed to parse stage name "Base": invalid reference format:
 * repository name must be lowercase`, also through a variable (`ARG B=Base`,
 * `FROM ${B}`). The legacy builder finds the stage. Checked on Docker 20.10,
 * both builders (test/integration/command.test.ts). `COPY --from=Base` works
 * on both: it is looked up case-insensitively.
 */
import type { Rule } from './types';
import { josa, l } from '../docs/locale';

export const InvalidStageReference: Rule = {
  id: 'InvalidStageReference',
  severity: 'error',
  docs: {
    summary: 'A FROM that names a stage must spell it in lowercase.',
    why:
      'BuildKit (the default builder since Docker 23) stores stage names in lowercase but looks up the name after FROM exactly as written, so `FROM Builder` is parsed as an image name and the build fails: ' +
      '`failed to parse stage name "Builder": invalid reference format: repository name must be lowercase`. The legacy builder accepts it, so the file builds on one builder and not on the other. ' +
      '`COPY --from=Builder` is not affected: it is looked up case-insensitively.',
    example: 'FROM busybox AS builder\nRUN echo hello > /hello\n\nFROM Builder\nCMD ["cat", "/hello"]\n',
    fixed: 'FROM busybox AS builder\nRUN echo hello > /hello\n\nFROM builder\nCMD ["cat", "/hello"]\n',
    fix: 'Writes the stage name in lowercase (when it is written out, not given through a variable).',
    fixSafety: 'Unsafe: BuildKit stops on `FROM Builder`, so the fix makes a failing build pass (the legacy builder already built it this way).',
    references: ['https://docs.docker.com/reference/dockerfile/#from', 'https://docs.docker.com/build/building/multi-stage/#name-your-build-stages'],
  },
  check({ doc, report }) {
    for (const stage of doc.stages.stages) {
      const base = stage.baseStage;
      const d = stage.from.details;
      if (!base || !stage.baseName || d.kind !== 'from' || !d.image) continue;
      const lower = stage.baseName.toLowerCase();
      if (stage.baseName === lower) continue;
      const literal = d.image.value === stage.baseName;
      const via = literal ? '' : ` (${d.image.value} expands to ${stage.baseName})`;
      const koVia = literal ? '' : `(${josa(d.image.value, '은')} ${josa(stage.baseName, '으로')} 펼쳐집니다)`;
      // only a name written out as BuildKit reads it (no quotes or escapes) is edited
      const safe = literal && doc.text.slice(d.image.start, d.image.end) === d.image.value;
      report({
        range: d.image,
        message: l(
          `Stage ${lower} must be written in lowercase here${via}: BuildKit fails with: failed to parse stage name "${stage.baseName}": invalid reference format: repository name must be lowercase ` +
            `(only the legacy builder accepts another case)`,
          `여기서는 스테이지 ${josa(lower, '을')} 소문자로 써야 합니다${koVia}. BuildKit은 failed to parse stage name "${stage.baseName}": invalid reference format: repository name must be lowercase 오류로 실패합니다` +
            `(다른 대소문자는 레거시 빌더만 받아들입니다)`,
        ),
        related: [{ range: base.from.details.kind === 'from' && base.from.details.stageName ? base.from.details.stageName : base.from, message: l(`stage ${lower}`, `스테이지 ${lower}`) }],
        fixes: safe ? [{ title: l(`Write the stage name as '${lower}'`, `스테이지 이름을 '${lower}'(으)로 쓰기`), preferred: true, edits: [{ start: d.image.start, end: d.image.end, newText: lower }] }] : undefined,
      });
    }
  },
};
