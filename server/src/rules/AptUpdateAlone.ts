/** `RUN apt-get update` without an install in the same RUN: the layer cache keeps stale lists. */
import type { Instruction } from '../parser';
import type { Rule } from './types';
import { APT_INSTALLING, aptSubcommand, programs, runScripts, span } from '../model/shellWords';
import type { ProgramCall } from '../model/shellWords';
import { l } from '../docs/locale';

const HARMLESS = new Set(['set', 'true', ':', 'echo']);

export const AptUpdateAlone: Rule = {
  id: 'AptUpdateAlone',
  severity: 'warning',
  scope: 'stage',
  docs: {
    summary: 'Flags a RUN that only runs `apt-get update`, without installing anything in the same RUN.',
    why:
      'The build cache reuses the layer of `RUN apt-get update` as long as the line does not change, so a later ' +
      '`RUN apt-get install …` works with package lists as old as that cached layer: it installs outdated versions or fails ' +
      "when the mirror no longer has them. Docker's best practices always combine `apt-get update` with `apt-get install` " +
      'in the same RUN (the lists then also belong in that RUN, to be deleted at its end).',
    example: 'FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    fixed: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    references: ['https://docs.docker.com/build/building/best-practices/#apt-get'],
  },
  check(ctx) {
    const { doc } = ctx;
    for (const stage of ctx.stages) {
    const list = stage.instructions;
    for (let n = 0; n < list.length; n++) {
      const ins = list[n];
      if (ins.name !== 'RUN') continue;
      for (const rs of runScripts(doc, ins)) {
        const calls = programs(rs.script);
        let update: { call: ProgramCall; sub: ProgramCall['word'] } | undefined;
        let alone = calls.length > 0;
        for (const c of calls) {
          const sub = aptSubcommand(c);
          if (sub) {
            if (sub.word.value === 'update') update ??= { call: c, sub: sub.word };
            if (APT_INSTALLING.has(sub.word.value)) alone = false;
          } else if (!HARMLESS.has(c.name)) alone = false;
        }
        if (!update || !alone) continue;
        const later = nextInstall(doc, list, n);
        ctx.report({
          range: span(update.call.word, update.sub),
          message: l(
            `\`${update.call.word.value} update\` alone in a RUN is cached: later installs use package lists as old as this layer. Run it in the same RUN as \`apt-get install\`.`,
            `RUN에 \`${update.call.word.value} update\`만 따로 있으면 캐시되어, 나중 설치가 이 레이어만큼 오래된 패키지 목록을 씁니다. \`apt-get install\`과 같은 RUN에서 실행하세요.`,
          ),
          related: later ? [{ range: later, message: l('installs with the cached package lists', '캐시된 패키지 목록으로 설치하는 곳') }] : undefined,
        });
      }
    }
    }
  },
};

function nextInstall(doc: Parameters<Rule['check']>[0]['doc'], list: Instruction[], n: number) {
  for (let k = n + 1; k < list.length && list[k].name !== 'FROM'; k++) {
    if (list[k].name !== 'RUN') continue;
    for (const rs of runScripts(doc, list[k])) {
      for (const c of programs(rs.script)) {
        const sub = aptSubcommand(c);
        if (sub && APT_INSTALLING.has(sub.word.value)) return span(c.word, sub.word);
      }
    }
  }
  return undefined;
}
