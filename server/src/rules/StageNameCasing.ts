/**
 * StageNameCasing: a stage name (`FROM image AS Name`) that is not lowercase.
 * BuildKit: instructions/parse.go (`isLowerCaseStageName`), checked on every FROM.
 */
import type { Rule } from './types';
import { buildCheckReferences } from './util/docs';
import { stageNameReferences } from '../model/stageRefs';
import { l } from '../docs/locale';

export const StageNameCasing: Rule = {
  id: 'StageNameCasing',
  severity: 'warning',
  buildkit: true,
  docs: {
    summary: 'Stage names should be lowercase.',
    why: 'BuildKit compares stage names case-insensitively (it lowercases the name after `AS`), so `AS Builder` is the stage `builder`: mixed case suggests a distinction that does not exist, and `FROM Builder` does not find the stage while `COPY --from=Builder` does.',
    example: 'FROM alpine AS BuilderImage\nRUN echo hello > /hello\n\nFROM scratch\nCOPY --from=BuilderImage /hello /\n',
    fixed: 'FROM alpine AS builderimage\nRUN echo hello > /hello\n\nFROM scratch\nCOPY --from=builderimage /hello /\n',
    fix: 'Lowercases the stage name and every `FROM`, `COPY --from=` and `RUN --mount=from=` that refers to it.',
    fixSafety: 'Safe when no `FROM` refers to the stage in mixed case: BuildKit lowercases the name after `AS` and finds `COPY --from` and `--mount=from` case-insensitively, so the image is the same. Unsafe when a `FROM Name` is rewritten: BuildKit stops on it (InvalidStageReference), and the fix makes a failing build pass.',
    references: buildCheckReferences('StageNameCasing', 'https://docs.docker.com/reference/dockerfile/#from'),
  },
  check({ doc, report }) {
    for (const stage of doc.stages.stages) {
      const ins = stage.from;
      if (ins.args.length !== 3) continue;
      const d = ins.details;
      if (d.kind !== 'from' || !d.stageName) continue;
      const name = ins.args[2].value;
      if (name === name.toLowerCase()) continue;
      const refs = stageNameReferences(doc, stage.index);
      const lower = name.toLowerCase();
      // a mixed-case `FROM Name` fails on BuildKit (InvalidStageReference): rewriting it makes a failing build pass
      const fromRewritten = refs?.some((r) => r !== d.stageName && doc.text.slice(r.start, r.end) !== lower && doc.stages.stages.some((s) => s.from.details.kind === 'from' && s.from.details.image === r));
      report({
        range: d.stageName,
        message: l(`Stage name '${name}' should be lowercase`, `스테이지 이름 '${name}'은(는) 소문자로 쓰세요`),
        fixes: refs ? [{ title: l(`Rename stage to '${lower}'`, `스테이지 이름을 '${lower}'(으)로 바꾸기`), preferred: true, applicability: fromRewritten ? 'unsafe' : 'safe', edits: refs.map((r) => ({ start: r.start, end: r.end, newText: lower })) }] : undefined,
      });
    }
  },
};
