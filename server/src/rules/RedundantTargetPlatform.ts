/**
 * RedundantTargetPlatform: `FROM --platform=$TARGETPLATFORM`, which is what
 * BuildKit does anyway. BuildKit: dockerfile2llb `reportRedundantTargetPlatform`.
 */
import type { Rule } from './types';
import { expandedPlatformFlags } from '../model/buildkitState';
import { buildCheckReferences } from './util/docs';
import { josa, l } from '../docs/locale';

export const RedundantTargetPlatform: Rule = {
  id: 'RedundantTargetPlatform',
  severity: 'warning',
  buildkit: true,
  docs: {
    summary: 'Setting the platform of FROM to $TARGETPLATFORM is redundant.',
    why: 'BuildKit already pulls the base image for the target platform; `--platform=$TARGETPLATFORM` changes nothing and only adds noise (it is `$BUILDPLATFORM` that is useful, for cross-compilation).',
    example: 'FROM --platform=$TARGETPLATFORM alpine AS builder\nRUN apk add --no-cache git\n',
    fixed: 'FROM alpine AS builder\nRUN apk add --no-cache git\n',
    fix: 'Removes the `--platform` flag.',
    fixSafety: 'Safe: without `--platform` BuildKit already takes the base image for the target platform; the image is the same (checked on the engine). Only the legacy builder, which leaves `$TARGETPLATFORM` empty, rejects the original (`failed to parse platform`) and builds the fixed file.',
    references: buildCheckReferences('RedundantTargetPlatform', 'https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope'),
  },
  check({ doc, report }) {
    for (const { flag: f, expansion: r, env } of expandedPlatformFlags(doc)) {
      if (r.matched.size !== 1 || r.unmatched.size !== 0 || !r.matched.has('TARGETPLATFORM')) continue;
      if (r.result !== env.get('TARGETPLATFORM')) continue;
      // remove the flag and the blanks after it
      let end = f.end;
      while (end < doc.text.length && (doc.text[end] === ' ' || doc.text[end] === '\t')) end++;
      report({
        range: f.valueRange,
        message: l(`Setting platform to predefined ${f.value} in FROM is redundant as this is the default behavior`, `FROM의 플랫폼을 미리 정의된 ${josa(f.value, '으로')} 지정할 필요가 없습니다. 원래 그렇게 동작합니다`),
        tags: ['unnecessary'],
        fixes: [{ title: l(`Remove --platform=${f.value}`, `--platform=${f.value} 지우기`), preferred: true, applicability: 'safe', edits: [{ start: f.start, end, newText: '' }] }],
      });
    }
  },
};
