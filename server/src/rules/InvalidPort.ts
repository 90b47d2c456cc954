/**
 * InvalidPort: an EXPOSE value that is not `port`, `port/proto` or
 * `start-end[/proto]`. BuildKit expands the words and hands them to
 * go-connections' nat.ParsePortSpecs, which fails the build with
 * `invalid containerPort: X` or `invalid proto: X`. Values with `:` (an IP or
 * host port) are left to ExposeInvalidFormat; values with variables are skipped.
 */
import type { Rule } from './types';
import { withTriggers } from '../model/document';
import { josa, l, type Text } from '../docs/locale';

const PROTOS = ['tcp', 'udp', 'sctp'];

/** nat.ParsePortSpec for a value without ':': an error message, a warning, or nothing. */
export function checkPort(raw: string): { error?: string; warning?: string; port?: { start: number; end: number } } {
  const parts = raw.split('/');
  if (raw === '' || parts[0] === '') return { error: `no port specified: ${raw}<empty>` };
  const port = parts[0];
  const proto = parts.length === 1 || parts[1] === '' ? 'tcp' : parts[1];
  const u16 = (s: string) => (/^\d+$/.test(s) && Number(s) <= 65535 ? Number(s) : undefined);
  let start: number | undefined;
  let end: number | undefined;
  if (!port.includes('-')) {
    start = end = u16(port);
  } else {
    const [a, b] = port.split('-');
    start = u16(a);
    end = u16(b);
    if (start !== undefined && end !== undefined && end < start) start = undefined;
  }
  if (start === undefined || end === undefined) return { error: `invalid containerPort: ${port}` };
  if (!PROTOS.includes(proto.toLowerCase())) return { error: `invalid proto: ${proto}` };
  if (start === 0) return { warning: 'port 0 is not a port a container can listen on' };
  return { port: { start, end } };
}

/** BuildKit's error in both languages (its wording kept after the Korean sentence). */
function portText(error: string): Text {
  const m = /^(no port specified|invalid containerPort|invalid proto): (.*)$/.exec(error);
  const ko = !m ? 'EXPOSE 값이 잘못되었습니다' : m[1] === 'no port specified' ? '포트가 없습니다' : m[1] === 'invalid containerPort' ? `${josa(m[2], '은')} 올바른 포트(1-65535)나 포트 범위가 아닙니다` : `${josa(m[2], '은')} 지원되지 않는 프로토콜입니다(tcp, udp, sctp만 됩니다)`;
  return l(error, `${ko} (BuildKit: ${error})`);
}

export const InvalidPort: Rule = {
  id: 'InvalidPort',
  severity: 'error',
  scope: 'instruction',
  docs: {
    summary: 'Reports EXPOSE values that are not a port (1-65535), a port range, or either with `/tcp`, `/udp` or `/sctp`.',
    why: 'BuildKit parses every EXPOSE value as `port[/proto]` or `start-end[/proto]`; anything else (a port above 65535, a reversed range, an unknown protocol such as `/http`) fails the build with `invalid containerPort` or `invalid proto`.',
    example: 'FROM nginx:1.27\nEXPOSE 80/http 443\n',
    fixed: 'FROM nginx:1.27\nEXPOSE 80/tcp 443\n',
    references: ['https://docs.docker.com/reference/dockerfile/#expose'],
  },
  check(ctx) {
    for (const ins of withTriggers(ctx.instructions)) {
      const ports = ins.details.kind === 'expose' ? ins.details.ports : [];
      for (const t of ports) {
        if (/[:$"'\\]/.test(t.value)) continue; // ip:port forms, variables, quoting: left to others / BuildKit's expansion
        const r = checkPort(t.value);
        if (r.error) ctx.report({ range: t, message: portText(r.error) });
        else if (r.warning) ctx.report({ range: t, message: l(r.warning, '포트 0은 컨테이너가 수신할 수 있는 포트가 아닙니다'), severity: 'warning' });
      }
    }
  },
};
