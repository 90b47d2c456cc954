/**
 * WorkdirRelativePath: the first WORKDIR of a stage (and of the stages it is
 * built FROM) is a relative path, so it depends on the base image's WORKDIR.
 * BuildKit: dockerfile2llb `dispatchWorkdir` (`workdirSet`), on the expanded path.
 */
import { goQuote } from '../parser';
import type { Rule } from './types';
import { buildkitState } from '../model/buildkitState';
import { expandWith } from '../model/expand';
import { buildCheckReferences } from './util/docs';
import { josa, l } from '../docs/locale';

export const WorkdirRelativePath: Rule = {
  id: 'WorkdirRelativePath',
  severity: 'warning',
  scope: 'stage',
  buildkit: true,
  docs: {
    summary: 'The first WORKDIR of a stage should be an absolute path.',
    why: "A relative WORKDIR is resolved against the base image's working directory, which the Dockerfile does not control: when the base image changes its WORKDIR, files silently land somewhere else. Later relative WORKDIRs are fine once an absolute one is set.",
    example: 'FROM alpine\nWORKDIR app/\nCOPY . .\n',
    fixed: 'FROM alpine\nWORKDIR /app/\nCOPY . .\n',
    references: buildCheckReferences('WorkdirRelativePath', 'https://docs.docker.com/reference/dockerfile/#workdir'),
  },
  check({ doc, report, stages }) {
    const state = buildkitState(doc);
    for (const stage of stages) {
      for (const ins of stage.instructions) {
        if (ins.name !== 'WORKDIR') continue;
        const before = state.before.get(ins);
        if (!before || before.workdirSet) continue;
        const token = ins.args[0];
        if (!token) continue;
        const r = expandWith(doc, token.value, before.env);
        if (!r) continue;
        // a variable the base image may define: the path is unknown
        if (r.unmatched.size > 0 && before.open) continue;
        // absolute for Linux, or for Windows (`C:\app`, `\app`): BuildKit uses the stage's platform
        if (r.result.startsWith('/') || /^([A-Za-z]:)?[\\/]/.test(r.result)) continue;
        report({ range: { start: token.start, end: token.end }, message: l(`Relative workdir ${goQuote(r.result)} can have unexpected results if the base image changes`, `상대 경로 WORKDIR ${josa(goQuote(r.result), '은')} 베이스 이미지가 바뀌면 뜻밖의 결과를 낼 수 있습니다`) });
      }
    }
  },
};
