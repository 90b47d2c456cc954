/**
 * FromPlatformFlagConstDisallowed: `FROM --platform=<constant>` in a stage whose
 * name does not mention that platform's OS or architecture.
 * BuildKit: dockerfile2llb `reportConstPlatformDisallowed`.
 */
import { goQuote } from '../parser';
import type { Rule } from './types';
import { expandedPlatformFlags } from '../model/buildkitState';
import { buildCheckReferences } from './util/docs';
import { parsePlatform } from '../model/platform';
import { josa, l } from '../docs/locale';

export const FromPlatformFlagConstDisallowed: Rule = {
  id: 'FromPlatformFlagConstDisallowed',
  severity: 'warning',
  buildkit: true,
  docs: {
    summary: 'FROM --platform should not use a constant value.',
    why: 'A constant platform pins the stage to one architecture whatever `--platform` the build asks for, so multi-platform builds silently produce images with binaries for the wrong architecture. Use `$BUILDPLATFORM`/`$TARGETPLATFORM`, or name the stage after the platform when pinning is intended.',
    example: 'FROM --platform=linux/amd64 alpine AS base\nRUN apk add --no-cache git\n',
    fixed: 'FROM --platform=linux/amd64 alpine AS build_amd64\nRUN apk add --no-cache git\n',
    references: buildCheckReferences('FromPlatformFlagConstDisallowed', 'https://docs.docker.com/build/building/multi-platform/'),
  },
  check({ doc, report }) {
    for (const { stage, flag: f, expansion: r } of expandedPlatformFlags(doc)) {
      if (r.matched.size > 0 || r.unmatched.size > 0) continue;
      const p = parsePlatform(r.result);
      if (!p) continue;
      const name = stage.name ?? '';
      if (name.includes(p.os) || name.includes(p.architecture)) continue;
      report({ range: f.valueRange, message: l(`FROM --platform flag should not use constant value ${goQuote(r.result)}`, `FROM --platform에 고정값 ${josa(goQuote(r.result), '을')} 쓰지 마세요`) });
    }
  },
};
