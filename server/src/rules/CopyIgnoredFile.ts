/**
 * CopyIgnoredFile: COPY/ADD of a build-context path that the .dockerignore
 * excludes. BuildKit: dockerfile2llb `validateCopySourcePath` (skipped when the
 * ignore file has `!` exclusions; the source is cleaned and matched with
 * `MatchesOrParentMatches`). COPY --from and ADD of URLs / git repositories
 * do not read the context and are not checked.
 */
import { goQuote } from '../parser';
import type { Rule } from './types';
import { buildkitState } from '../model/buildkitState';
import { expandWith } from '../model/expand';
import { readIgnoreFile } from '../model/dockerignore';
import { buildCheckReferences } from './util/docs';
import { cleanPath } from '../model/goPath';
import { isRemoteSource } from '../model/sources';
import { josa, l } from '../docs/locale';

/** The docs carry the build-context files the example needs (`context`), for the generic rule tests. */
export const CopyIgnoredFile: Rule = {
  id: 'CopyIgnoredFile',
  severity: 'warning',
  scope: 'stage',
  buildkit: true,
  docs: {
    summary: 'COPY and ADD should not name files that .dockerignore excludes from the build context.',
    why: 'Files matched by `.dockerignore` (or `<Dockerfile>.dockerignore`) are never sent to the builder, so copying them fails with "not found" or silently copies nothing for a wildcard.',
    example: 'FROM scratch\nCOPY Dockerfile .\n',
    fixed: 'FROM scratch\nCOPY main.go .\n',
    context: { '.dockerignore': 'Dockerfile\n*.md\n' },
    references: buildCheckReferences('CopyIgnoredFile', 'https://docs.docker.com/build/concepts/context/#dockerignore-files'),
  },
  check({ doc, report, context, stages }) {
    if (!context) return;
    const ignore = readIgnoreFile(context);
    if (!ignore || ignore.patterns.length === 0 || ignore.exclusions) return;
    const state = buildkitState(doc);
    for (const stage of stages) {
      for (const ins of stage.instructions) {
        if (ins.name !== 'COPY' && ins.name !== 'ADD') continue;
        if (ins.details.kind !== 'copy') continue;
        if (ins.name === 'COPY' && ins.flags.some((f) => f.name === 'from')) continue;
        const before = state.before.get(ins);
        if (!before) continue;
        const heredocNames = new Set(ins.heredocs.map((h) => h.name));
        for (const src of ins.details.sources) {
          if (src.value.startsWith('<<') && heredocNames.size) continue;
          const r = expandWith(doc, src.value, before.env);
          if (!r || (r.unmatched.size > 0 && before.open)) continue;
          if (ins.name === 'ADD' && isRemoteSource(r.result)) continue;
          const path = cleanPath(r.result);
          // the context root counts as excluded only when everything at the root is
          const excluded = path === '.' ? ignore.ignores('.') && ignore.ignores('a') : ignore.ignores(path);
          if (!excluded) continue;
          report({ range: { start: src.start, end: src.end }, message: l(`Attempting to ${ins.name === 'ADD' ? 'Add' : 'Copy'} file ${goQuote(path)} that is excluded by .dockerignore`, `.dockerignore에서 제외한 파일 ${josa(goQuote(path), '을')} ${ins.name}하려고 합니다`) });
        }
      }
    }
  },
};
