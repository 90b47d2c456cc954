/**
 * InvalidSignal: a STOPSIGNAL BuildKit cannot parse. It uses moby/sys
 * signal.ParseSignal: a non-zero number, or a Linux signal name with or
 * without `SIG`, in any case (`SIGTERM`, `term`, `SIGRTMIN+3`); anything else
 * fails the build with `invalid signal: X`. Values with variables are skipped
 * (BuildKit expands them first).
 */
import { SIGNALS } from '../docs/instructions';
import type { Rule } from './types';
import { withTriggers } from '../model/document';
import { closest } from '../model/suggest';
import { josa, l } from '../docs/locale';

/** moby/sys signal.SignalMap (Linux): the names BuildKit accepts, without `SIG`. */
const NAMES = new Set([
  'ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE', 'POLL', 'PROF', 'PWR', 'QUIT',
  'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH', 'XCPU', 'XFSZ',
  'RTMIN', 'RTMAX',
  ...Array.from({ length: 15 }, (_, i) => `RTMIN+${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `RTMAX-${i + 1}`),
]);

export function isValidSignal(s: string): boolean {
  if (/^[+-]?\d+$/.test(s)) return Number(s) !== 0 && Math.abs(Number(s)) <= Number.MAX_SAFE_INTEGER;
  const u = s.toUpperCase();
  return NAMES.has(u.startsWith('SIG') ? u.slice(3) : u);
}

export const InvalidSignal: Rule = {
  id: 'InvalidSignal',
  severity: 'error',
  scope: 'instruction',
  docs: {
    summary: 'Reports a STOPSIGNAL that is neither a signal name nor a non-zero signal number.',
    why: 'BuildKit checks STOPSIGNAL with the same parser as `docker run --stop-signal`: a signal name such as `SIGTERM` (the `SIG` prefix and case are optional) or a non-zero number. Anything else fails the build with `invalid signal`.',
    example: 'FROM nginx:1.27\nSTOPSIGNAL SIGQUITE\n',
    fixed: 'FROM nginx:1.27\nSTOPSIGNAL SIGQUIT\n',
    fix: 'Replaces a misspelt signal name with the closest known one, when there is exactly one.',
    fixSafety: 'Unsafe: the build stopped on the unknown signal; the fix makes it pass with a signal someone should confirm.',
    references: ['https://docs.docker.com/reference/dockerfile/#stopsignal'],
  },
  check(ctx) {
    for (const ins of withTriggers(ctx.instructions)) {
      if (ins.name !== 'STOPSIGNAL' || ins.details.kind !== 'single' || !ins.details.value) continue;
      const t = ins.details.value;
      if (/[$"'\\`]/.test(t.value) || isValidSignal(t.value)) continue; // variables and quoting: BuildKit expands them first
      const s = closest(t.value, SIGNALS, false);
      const fixable = s && s.unique && s.distance <= 2 && isValidSignal(s.match) ? s.match : undefined;
      ctx.report({
        range: t,
        message: l(`invalid signal: ${t.value}${s ? ` (did you mean ${s.match}?)` : ''}`, `${josa(t.value, '은')} 올바른 시그널이 아닙니다${s ? `(${josa(s.match, '을')} 쓰려던 것인가요?)` : ''}`),
        fixes: fixable ? [{ title: l(`Change to ${fixable}`, `${josa(fixable, '으로')} 바꾸기`), edits: [{ ...t, newText: fixable }], preferred: true }] : undefined,
      });
    }
  },
};
