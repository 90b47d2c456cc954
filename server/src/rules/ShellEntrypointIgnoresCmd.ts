/** ShellEntrypointIgnoresCmd: a shell-form ENTRYPOINT drops CMD and `docker run` arguments. */
import type { Finding, Fix, Rule } from './types';
import { readsPositionalArgs, replayConfig } from '../model/command';
import { conversionTitle, execEdit, shellCommand, simpleArgv } from '../model/execForm';
import { l } from '../docs/locale';

const line = (doc: { lines: { positionAt(o: number): { line: number } } }, o: number) => doc.lines.positionAt(o).line + 1;

export const ShellEntrypointIgnoresCmd: Rule = {
  id: 'ShellEntrypointIgnoresCmd',
  severity: 'warning',
  scope: 'stage',
  docs: {
    summary: 'Flags a shell-form ENTRYPOINT in effect in a stage: it ignores CMD and `docker run` arguments.',
    why:
      'Docker: "The shell form of ENTRYPOINT prevents any CMD command line arguments from being used" — the container runs `/bin/sh -c "<entrypoint>"` and the CMD ' +
      'only becomes the shell\'s `$0`, `$1`, … which the command never reads. A CMD next to it is dead code, and `docker run image args` silently does nothing with the args.',
    example: 'FROM alpine\nENTRYPOINT my-server --port 80\nCMD ["--verbose"]\n',
    fixed: 'FROM alpine\nENTRYPOINT ["my-server", "--port", "80"]\nCMD ["--verbose"]\n',
    fix: 'Converts the ENTRYPOINT to exec form (a leading `exec` dropped), and a shell-form CMD too, when both are plain commands without shell features.',
    fixSafety: 'Unsafe: Entrypoint changes and CMD starts being passed to it: the container runs something else.',
    references: ['https://docs.docker.com/reference/dockerfile/#entrypoint', 'https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact'],
  },
  check({ doc, report, stages }) {
    for (const stage of stages) {
      const { entrypoint: ep, cmd } = replayConfig(stage);
      if (!ep || ep.form !== 'shell' || !ep.argsRange) continue;
      const sh = shellCommand(ep);
      // `ENTRYPOINT exec app "$@"` does read the arguments (all but the first, which becomes $0)
      if (!sh || readsPositionalArgs(sh.command)) continue;
      const own = stage.instructions.includes(ep);
      if (!own) {
        if (cmd && stage.instructions.includes(cmd) && cmd.argsRange) {
          report({
            range: cmd.argsRange,
            message: l(
              `CMD is ignored: the ENTRYPOINT inherited from line ${line(doc, ep.start)} is in shell form, which drops CMD and docker run arguments`,
              `이 CMD는 쓰이지 않습니다. ${line(doc, ep.start)}번 줄에서 물려받은 ENTRYPOINT가 셸 형식이라 CMD와 docker run 인수를 버립니다`,
            ),
            related: [{ range: ep.argsRange, message: l('shell-form ENTRYPOINT', '셸 형식 ENTRYPOINT') }],
          });
        }
        continue;
      }
      const fixes: Fix[] = [];
      const argv = simpleArgv(sh.command);
      const epEdit = argv && execEdit(doc, ep, sh.range, argv);
      if (epEdit) {
        const edits = [epEdit];
        const cmdShell = cmd?.form === 'shell' ? shellCommand(cmd) : undefined;
        const cmdArgv = cmdShell && simpleArgv(cmdShell.command, false);
        const cmdEdit = cmdArgv && execEdit(doc, cmd!, cmdShell.range, cmdArgv);
        if (cmdEdit) edits.push(cmdEdit);
        // the ENTRYPOINT alone is JSONArgsRecommended's conversion: the same title, so the menu lists it once
        if (!cmdShell || cmdEdit) fixes.push({ ...(cmdEdit ? conversionTitle.entrypointAndCmd(argv) : conversionTitle.execForm(argv)), edits, preferred: true });
      }
      const f: Finding = {
        range: ep.argsRange,
        message: cmd
          ? l(`ENTRYPOINT in shell form ignores CMD (line ${line(doc, cmd.start)}) and docker run arguments`, `셸 형식 ENTRYPOINT는 CMD(${line(doc, cmd.start)}번 줄)와 docker run 인수를 무시합니다`)
          : l('ENTRYPOINT in shell form ignores CMD and docker run arguments', '셸 형식 ENTRYPOINT는 CMD와 docker run 인수를 무시합니다'),
        fixes,
      };
      if (cmd?.argsRange) f.related = [{ range: cmd.argsRange, message: l('this CMD is never used', '이 CMD는 쓰이지 않습니다') }];
      report(f);
    }
  },
};
