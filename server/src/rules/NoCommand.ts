/**
 * NoCommand: the final image has no command at all — no ENTRYPOINT and no CMD
 * in its stage, the stages it is built FROM or their ONBUILD triggers, and a
 * base of `scratch` (or both set empty) — so `docker run IMAGE` fails with
 * "docker: Error response from daemon: No command specified" (checked on
 * Docker 20.10: test/integration/command.test.ts). Not reported when the
 * chain starts at an external image: its config (which usually has a CMD)
 * is not known here.
 */
import type { Rule } from './types';
import { effectiveCommand } from '../model/command';
import { l } from '../docs/locale';

export const NoCommand: Rule = {
  id: 'NoCommand',
  severity: 'warning',
  docs: {
    summary: 'The final image should have a command: an ENTRYPOINT or a CMD, in its stage or the stages it is built FROM.',
    why:
      'An image built FROM scratch inherits no command, and `docker run IMAGE` without arguments then fails with "No command specified". ' +
      'The same happens when ENTRYPOINT and CMD are both set empty (`ENTRYPOINT []`, `CMD []`). Images that are only exported (`docker build --output`) or used as a base may not need one: skip the check for them.',
    example: 'FROM busybox AS build\nRUN echo hello > /hello\n\nFROM scratch\nCOPY --from=build /bin/busybox /hello /\n',
    fixed: 'FROM busybox AS build\nRUN echo hello > /hello\n\nFROM scratch\nCOPY --from=build /bin/busybox /hello /\nCMD ["/busybox", "cat", "/hello"]\n',
    references: ['https://docs.docker.com/reference/dockerfile/#cmd', 'https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact'],
  },
  check({ doc, report }) {
    const stages = doc.stages.stages;
    const last = stages[stages.length - 1];
    if (!last) return;
    const c = effectiveCommand(doc, last);
    if (!c.noCommand) return;
    const d = last.from.details;
    const none = c.entrypointLine === undefined && c.cmdLine === undefined;
    const why = none ? 'no ENTRYPOINT or CMD in this stage or the stages it is built FROM' : 'ENTRYPOINT and CMD are both empty';
    const koWhy = none ? '이 스테이지에도, 이 스테이지가 FROM으로 물려받는 스테이지에도 ENTRYPOINT와 CMD가 없습니다' : 'ENTRYPOINT와 CMD가 모두 비어 있습니다';
    report({
      range: d.kind === 'from' && d.image ? d.image : last.from.keywordRange,
      message: l(
        `The image has no command (${why}): \`docker run\` fails with "No command specified" unless it is given one`,
        `이미지에 실행할 명령이 없습니다(${koWhy}). 명령을 따로 주지 않으면 \`docker run\`이 "No command specified"로 실패합니다`,
      ),
    });
  },
};
