/** JSONArgsRecommended: CMD / ENTRYPOINT in shell form (BuildKit's check of the same name). */
import type { Fix, Rule } from './types';
import { conversionTitle, execEdit, replayConfig, shellCommand, simpleArgv } from '../model/execForm';
import { josa, l } from '../docs/locale';

export const JSONArgsRecommended: Rule = {
  id: 'JSONArgsRecommended',
  severity: 'warning',
  scope: 'stage',
  buildkit: true,
  hadolint: ['DL3025'],
  docs: {
    summary: 'Flags CMD and ENTRYPOINT written in shell form.',
    why:
      'Shell form runs the command as `/bin/sh -c "…"`. busybox `sh`, dash 0.5.11+ and bash exec a single simple command, which then is PID 1; but with a compound command ' +
      '(`a && b`, `a; b`, a pipe) or an older dash the shell stays PID 1 and does not pass signals on, so the program never sees the `SIGTERM` of `docker stop` and is killed after the timeout. ' +
      'Exec form runs the program directly. BuildKit does not warn when the stage sets a `SHELL`, which marks the shell form as deliberate.',
    example: 'FROM alpine\nENTRYPOINT my-program start\n',
    fixed: 'FROM alpine\nENTRYPOINT ["my-program", "start"]\n',
    fix:
      'Converts to exec form: the words as the shell would split them when the command uses no shell feature (a leading `exec` is dropped); ' +
      'otherwise `["/bin/sh", "-c", "…"]`, which keeps the behaviour exactly.',
    fixSafety: 'Unsafe for the conversion to words (no shell runs any more: PID 1, signal handling and variable expansion change). Safe for `["/bin/sh", "-c", "…"]`, which writes the very Cmd or Entrypoint the shell form stores (the preferred fix only when the command cannot be split into words).',
    references: ['https://docs.docker.com/reference/build-checks/json-args-recommended/', 'https://docs.docker.com/reference/dockerfile/#shell-and-exec-form'],
  },
  check({ doc, report, stages }) {
    for (const stage of stages) {
      replayConfig(stage, (ins, before) => {
        if ((ins.name !== 'CMD' && ins.name !== 'ENTRYPOINT') || ins.form !== 'shell' || !ins.argsRange) return;
        if (before.shell) return; // BuildKit: no warning once the image config has a Shell
        const fixes: Fix[] = [];
        const sh = shellCommand(ins);
        if (sh) {
          const argv = simpleArgv(sh.command);
          const simple = argv && execEdit(doc, ins, sh.range, argv);
          if (simple) fixes.push({ ...conversionTitle.execForm(argv), edits: [simple], preferred: true });
          const shell = ['/bin/sh', '-c', sh.command];
          const wrapped = execEdit(doc, ins, sh.range, shell);
          if (wrapped) fixes.push({ ...conversionTitle.keepShell(shell), edits: [wrapped], preferred: !simple, applicability: 'safe' });
        }
        report({ range: ins.argsRange, message: l(`JSON arguments recommended for ${ins.name} to prevent unintended behavior related to OS signals`, `${josa(ins.name, '은')} JSON 배열(exec 형식)로 쓰는 것이 좋습니다. 셸 형식이면 OS 시그널이 뜻하지 않게 처리될 수 있습니다`), fixes });
      });
    }
  },
};
