/**
 * ExposeProtoCasing: an EXPOSE protocol that is not lowercase (`80/TCP`).
 * BuildKit: dockerfile2llb `portSpecs.parsePort`.
 */
import type { Rule } from './types';
import { buildCheckReferences } from './util/docs';
import { exposedPorts } from '../model/exposeWords';
import { l } from '../docs/locale';

export const ExposeProtoCasing: Rule = {
  id: 'ExposeProtoCasing',
  severity: 'warning',
  scope: 'stage',
  buildkit: true,
  docs: {
    summary: 'Protocols in EXPOSE should be lowercase.',
    why: 'BuildKit lowercases the protocol (`80/TCP` is exposed as `80/tcp`), so uppercase only makes the Dockerfile inconsistent with the image metadata and with `docker run -p` usage.',
    example: 'FROM alpine\nEXPOSE 80/TcP\n',
    fixed: 'FROM alpine\nEXPOSE 80/tcp\n',
    fix: 'Lowercases the protocol.',
    fixSafety: 'Safe: BuildKit lowercases the protocol, so ExposedPorts is the same (checked on the engine by test/integration/safeFixes.test.ts).',
    references: buildCheckReferences('ExposeProtoCasing', 'https://docs.docker.com/reference/dockerfile/#expose'),
  },
  check({ doc, report, stages }) {
    for (const p of exposedPorts(doc, stages)) {
      if (p.spec.proto === p.spec.proto.toLowerCase()) continue;
      const slash = p.token.value.lastIndexOf('/');
      report({
        range: { start: p.token.start, end: p.token.end },
        message: l(`Defined protocol '${p.raw}' in EXPOSE instruction should be lowercase`, `EXPOSE의 프로토콜 '${p.raw}'은(는) 소문자로 써야 합니다`),
        fixes: p.literal && slash >= 0 ? [{ title: l(`Change to '${p.token.value.slice(0, slash + 1)}${p.spec.proto.toLowerCase()}'`, `'${p.token.value.slice(0, slash + 1)}${p.spec.proto.toLowerCase()}'(으)로 바꾸기`), preferred: true, applicability: 'safe', edits: [{ start: p.token.start + slash + 1, end: p.token.end, newText: p.spec.proto.toLowerCase() }] }] : undefined,
      });
    }
  },
};
