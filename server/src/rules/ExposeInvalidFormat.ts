/**
 * ExposeInvalidFormat: an EXPOSE port with an IP address or a host port
 * (`127.0.0.1:80:80`, `8080:80`). BuildKit: dockerfile2llb `portSpecs.parsePort`.
 */
import type { Rule } from './types';
import { buildCheckReferences } from './util/docs';
import { exposedPorts } from '../model/exposeWords';
import { l } from '../docs/locale';

export const ExposeInvalidFormat: Rule = {
  id: 'ExposeInvalidFormat',
  severity: 'warning',
  scope: 'stage',
  buildkit: true,
  docs: {
    summary: 'EXPOSE should only list container ports, without IP address or host port.',
    why: 'EXPOSE documents the ports the container listens on; publishing to a host port or address is decided at run time (`docker run -p`). BuildKit ignores the IP and host part, and support for them will be removed (moby/buildkit#2173).',
    example: 'FROM alpine\nEXPOSE 127.0.0.1:80:80\n',
    fixed: 'FROM alpine\nEXPOSE 80\n',
    references: buildCheckReferences('ExposeInvalidFormat', 'https://docs.docker.com/reference/dockerfile/#expose', 'https://github.com/moby/buildkit/issues/2173'),
  },
  check({ doc, report, stages }) {
    for (const p of exposedPorts(doc, stages)) {
      if (p.spec.ip === '' && p.spec.hostPort === '') continue;
      report({ range: { start: p.token.start, end: p.token.end }, message: l(`EXPOSE instruction should not define an IP address or host-port mapping, found '${p.raw}'`, `EXPOSE에는 IP 주소나 호스트 포트 매핑을 쓰지 않습니다. '${p.raw}'이(가) 있습니다`) });
    }
  },
};
