/** ExecFormShellSyntax: shell operators or globs as exec-form elements, passed literally. */
import type { Rule } from './types';
import { execElements, execToShellFixes, runArgv, shellScriptIndex, shellSyntaxAt, visitWithConfig } from '../model/execForm';
import { josa, l } from '../docs/locale';

export const ExecFormShellSyntax: Rule = {
  id: 'ExecFormShellSyntax',
  severity: 'warning',
  scope: 'stage',
  docs: {
    summary: 'Flags shell operators (`&&`, `||`, `|`, `;`, `>`, `2>&1`, …) and path globs (`/data/*`, `~`) written as exec-form elements.',
    why:
      'Exec form runs the program directly, without a shell, so `RUN ["make", "&&", "make", "install"]` calls `make` with the arguments `&&`, `make` and `install`, ' +
      'and `CMD ["ls", "/data/*"]` lists a file literally named `*`. Docker: "Unlike the shell form, the exec form does not invoke a command shell". ' +
      'Option values (`cut -d "|"`, `java -cp "lib/*"`), `find -exec … ;`, `**` patterns and a lone `*` (an argument as often as a pattern: `expr 2 * 3`) are not flagged, ' +
      'nor a shell\'s script (`sh -c "…"`, or a CMD run by `ENTRYPOINT ["/bin/sh", "-c"]`). The triggers of ONBUILD are checked too.',
    example: 'FROM alpine\nRUN ["make", "&&", "make", "install"]\n',
    fixed: 'FROM alpine\nRUN make && make install\n',
    fix: 'Converts to shell form, leaving the operators and globs to the shell and quoting every other element so the shell passes it exactly (a lone `*`, `?`, `$`, quotes, an empty string), or to `["/bin/sh", "-c", "…"]`.',
    fixSafety: 'Unsafe: the command changes (a shell now runs it and interprets the operators and globs): another Cmd, Entrypoint or RUN.',
    references: ['https://docs.docker.com/reference/dockerfile/#exec-form', 'https://docs.docker.com/reference/dockerfile/#shell-and-exec-form'],
  },
  check({ doc, report, stages }) {
    for (const stage of stages) {
      visitWithConfig(stage, (ins, before, final) => {
        const ex = execElements(doc, ins);
        if (!ex) return;
        // indices in the argv that runs: a CMD follows an exec-form ENTRYPOINT (`["sh", "-c"]` makes its first element a script)
        const { argv, offset } = runArgv(ins, ex.elements.map((t) => t.value), final.entrypoint);
        const script = shellScriptIndex(argv);
        const hits = ex.elements.map((t, i) => ({ t, kind: shellSyntaxAt(argv, i + offset, script) })).filter((h) => h.kind);
        if (hits.length === 0) return;
        const fixes = execToShellFixes(doc, ins, { ...before, entrypoint: final.entrypoint });
        for (const { t, kind } of hits) {
          const what = kind === 'glob' ? 'is not expanded' : 'is not interpreted';
          const koWhat = kind === 'glob' ? '펼쳐지지' : '해석되지';
          report({
            range: { start: t.start, end: t.end },
            message: l(
              `${JSON.stringify(t.value)} ${what} in exec form: no shell runs, ${ins.name} passes it to the program as a literal argument`,
              `exec 형식에서는 ${josa(JSON.stringify(t.value), '이')} ${koWhat} 않습니다. 셸이 실행되지 않으므로 ${josa(ins.name, '은')} 이 값을 글자 그대로 프로그램에 인수로 넘깁니다`,
            ),
            fixes,
          });
        }
      });
    }
  },
};
