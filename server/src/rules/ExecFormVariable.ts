/** ExecFormVariable: `$VAR` in an exec form, where nothing expands it. */
import type { Rule } from './types';
import { execElements, execToShellFixes, scriptElementIndex, visitWithConfig } from '../model/execForm';
import { josa, l } from '../docs/locale';

export const ExecFormVariable: Rule = {
  id: 'ExecFormVariable',
  severity: 'warning',
  scope: 'stage',
  docs: {
    summary: 'Flags `$VAR` / `${VAR}` in the exec form of RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD.',
    why:
      'Exec form does not invoke a shell, so no variable substitution happens: `CMD ["echo", "$HOME"]` prints `$HOME`. ' +
      'Docker documents this: "If you want shell processing then either use the shell form or execute a shell directly". ' +
      'The script of an explicit `sh -c` (or `bash -c`, `su -c`, …) is left alone: that shell expands it; so is a CMD run by `ENTRYPOINT ["/bin/sh", "-c"]` ' +
      '(Docker appends the CMD to the ENTRYPOINT, so its first element is the script), in this stage or the one it is built FROM. ' +
      'The triggers of ONBUILD are checked too.',
    example: 'FROM alpine\nENV PORT=8080\nRUN ["echo", "port: $PORT"]\n',
    fixed: 'FROM alpine\nENV PORT=8080\nRUN echo "port: $PORT"\n',
    fix:
      'Converts to shell form (each element quoted so it stays one argument, the references expanding), or to `["/bin/sh", "-c", "…"]`. ' +
      'CMD and ENTRYPOINT get `exec` so the program stays PID 1; an ENTRYPOINT keeps receiving CMD through `"$@"`.',
    fixSafety: 'Unsafe: the command changes (a shell now expands the variable the program received literally).',
    references: ['https://docs.docker.com/reference/dockerfile/#exec-form', 'https://docs.docker.com/reference/dockerfile/#environment-replacement'],
  },
  check({ doc, report, stages }) {
    for (const stage of stages) {
      visitWithConfig(stage, (ins, before, final) => {
        const ex = execElements(doc, ins);
        const vars = ins.variables.filter((v) => v.expandedBy === 'none');
        if (!ex || vars.length === 0) return;
        // a shell's script (`sh -c SCRIPT`, or a CMD run by `ENTRYPOINT ["sh", "-c"]`) is expanded by that shell
        const script = scriptElementIndex(ins, ex.elements.map((t) => t.value), final.entrypoint);
        const inScript = (v: { start: number }) => script !== undefined && v.start >= ex.elements[script].start && v.start < ex.elements[script].end;
        const reported = vars.filter((v) => !inScript(v));
        if (reported.length === 0) return;
        const fixes = execToShellFixes(doc, ins, { ...before, entrypoint: final.entrypoint });
        for (const v of reported) {
          const ref = doc.text.slice(v.start, v.end);
          report({ range: { start: v.start, end: v.end }, message: l(`${ref} is not expanded in exec form: ${ins.name} passes it to the program literally`, `exec 형식에서는 ${josa(ref, '이')} 확장되지 않습니다. ${josa(ins.name, '은')} 이 값을 글자 그대로 프로그램에 넘깁니다`), fixes });
        }
      });
    }
  },
};
