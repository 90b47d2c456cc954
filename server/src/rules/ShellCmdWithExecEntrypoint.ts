/** ShellCmdWithExecEntrypoint: exec ENTRYPOINT + shell CMD gives the entrypoint `/bin/sh -c "…"` as arguments. */
import type { Rule } from './types';
import { conversionTitle, execEdit, replayConfig, shellCommand, simpleArgv } from '../model/execForm';
import { l } from '../docs/locale';

export const ShellCmdWithExecEntrypoint: Rule = {
  id: 'ShellCmdWithExecEntrypoint',
  severity: 'warning',
  scope: 'stage',
  docs: {
    summary: 'Flags a shell-form CMD used with an exec-form ENTRYPOINT.',
    why:
      'CMD supplies the ENTRYPOINT\'s default arguments. In shell form it is `/bin/sh -c "…"`, so `ENTRYPOINT ["app"]` + `CMD serve --port 80` runs `app /bin/sh -c "serve --port 80"` ' +
      '(see "Understand how CMD and ENTRYPOINT interact" in Docker\'s reference). It is almost never what was meant. (A shell-form CMD cannot start with `--`: BuildKit reads that as a flag of CMD and fails with "Unknown flag".)',
    example: 'FROM alpine\nENTRYPOINT ["my-server"]\nCMD serve --port 80\n',
    fixed: 'FROM alpine\nENTRYPOINT ["my-server"]\nCMD ["serve", "--port", "80"]\n',
    fix: 'Converts the CMD to exec form when it is plain words without shell features.',
    fixSafety: 'Unsafe: Cmd changes (the ENTRYPOINT receives the words instead of `/bin/sh -c …`).',
    references: ['https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact'],
  },
  check({ doc, report, stages }) {
    for (const stage of stages) {
      const { entrypoint: ep, cmd } = replayConfig(stage);
      if (!ep || ep.form !== 'exec' || ep.args.length === 0 || !ep.argsRange) continue;
      if (!cmd || cmd.form !== 'shell' || !cmd.argsRange || !stage.instructions.includes(cmd)) continue;
      const sh = shellCommand(cmd);
      const argv = sh && simpleArgv(sh.command, false);
      const edit = argv && execEdit(doc, cmd, sh.range, argv);
      const entry = ep.args.map((a) => a.value).join(' ');
      report({
        range: cmd.argsRange,
        message: l(`CMD in shell form is passed to the exec-form ENTRYPOINT as arguments: the container runs ${entry} /bin/sh -c "…"`, `셸 형식 CMD는 exec 형식 ENTRYPOINT에 인수로 넘어가, 컨테이너가 ${entry} /bin/sh -c "…"를 실행합니다`),
        related: [{ range: ep.argsRange, message: l('exec-form ENTRYPOINT', 'exec 형식 ENTRYPOINT') }],
        // the same edit as JSONArgsRecommended's exec-form conversion, with the same title: listed once
        fixes: edit ? [{ ...conversionTitle.execForm(argv), edits: [edit], preferred: true }] : [],
      });
    }
  },
};
