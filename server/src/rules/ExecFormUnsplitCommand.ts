/** ExecFormUnsplitCommand: an exec form whose program element holds the whole command line (`CMD ["npm start"]`). */
import type { Fix, Rule } from './types';
import { conversionTitle, execEdit, execElements, plainWords, visitWithConfig } from '../model/execForm';
import { l } from '../docs/locale';

/** Directories of programs that packages install: no file name there holds a space. */
const BIN_DIR = /^\/(usr\/(local\/)?)?s?bin\/[^/]+$/;

/**
 * Whether the program element `e` is certainly a command line rather than a
 * file name that holds a blank. A bare name (no `/`) is looked up in `$PATH`,
 * where no package installs a name with a space; a path only when a later word
 * is an option (`-v`), the first word is a complete file name (`run.sh`,
 * `app.py`), or it lies in a bin directory. `/opt/My App/run` could be a real
 * file and is left alone, and so is a first word with a backslash (a Windows path).
 */
export function unsplitCommand(e: string): string[] | undefined {
  const words = e.split(/[ \t]+/).filter((w) => w !== '');
  if (words.length < 2) return undefined;
  const [first, ...rest] = words;
  if (first.includes('\\')) return undefined;
  if (!first.includes('/')) return words;
  const name = first.slice(first.lastIndexOf('/') + 1);
  if (rest.some((w) => w.startsWith('-')) || /^[^.]+\.[A-Za-z0-9]+$/.test(name) || BIN_DIR.test(first)) return words;
  return undefined;
}

export const ExecFormUnsplitCommand: Rule = {
  id: 'ExecFormUnsplitCommand',
  severity: 'warning',
  scope: 'stage',
  docs: {
    summary: 'Flags an exec form whose program element is a whole command line: `CMD ["npm start"]`, `ENTRYPOINT ["/app/run.sh --verbose"]`.',
    why:
      'Exec form does not split anything: the first element is the name of the program to run, spaces included. ' +
      '`CMD ["echo hi"]` looks for a program called `echo hi`, and the container fails to start (Docker 20.10 with busybox: ' +
      '`exec: "echo hi": executable file not found in $PATH`, exit 127; `ENTRYPOINT ["/bin/echo hi"]`: `stat /bin/echo hi: no such file or directory`; ' +
      'a `RUN ["echo hi"]` fails the build the same way). Flagged when the element is certainly not a file name holding a blank: ' +
      'a bare name (looked up in `$PATH`, where packages install no such names), or a path followed by an option, whose first word is a complete file name ' +
      '(`/app/run.sh --verbose`) or that lies in a bin directory. `/opt/My App/run` could exist and is not flagged. ' +
      'A CMD with an exec-form ENTRYPOINT in effect is its arguments (with `ENTRYPOINT ["sh", "-c"]`, its script), so it is not checked. The triggers of ONBUILD are.',
    example: 'FROM node:22\nCMD ["npm start"]\n',
    fixed: 'FROM node:22\nCMD ["npm", "start"]\n',
    fix: 'Splits the element into its words, only when the split is certain: plain words without quotes, variables, globs or other shell syntax.',
    fixSafety: 'Unsafe: the command changes (the program named by the whole element did not exist; the split words run another).',
    references: ['https://docs.docker.com/reference/dockerfile/#exec-form', 'https://docs.docker.com/reference/dockerfile/#cmd'],
  },
  check({ doc, report, stages }) {
    for (const stage of stages) {
      visitWithConfig(stage, (ins, _before, final) => {
        // a CMD is the arguments of an exec-form ENTRYPOINT (`ENTRYPOINT []` clears it), and ignored by a shell-form one
        const ep = final.entrypoint;
        if (ins.name === 'CMD' && ep && !(ep.form === 'exec' && ep.args.length === 0)) return;
        const ex = execElements(doc, ins);
        if (!ex || ex.elements.length === 0) return;
        const [program, ...rest] = ex.elements;
        if (!unsplitCommand(program.value)) return;
        const fixes: Fix[] = [];
        const words = plainWords(program.value);
        const split = words && [...words, ...rest.map((t) => t.value)];
        const edit = split && execEdit(doc, ins, ex.range, split);
        if (edit) fixes.push({ ...conversionTitle.split(split), edits: [edit], preferred: true });
        const name = JSON.stringify(program.value);
        report({
          range: { start: program.start, end: program.end },
          message: program.value.trimStart().split(/[ \t]/, 1)[0].includes('/')
            ? l(
              `${name} is taken as one file name: exec form does not split at spaces, so Docker fails with stat ${program.value}: no such file or directory`,
              `${name} 전체가 파일 이름 하나로 읽힙니다. exec 형식은 공백에서 나누지 않으므로 Docker가 stat ${program.value}: no such file or directory 오류로 실패합니다`,
            )
            : l(
              `${name} is taken as one program name: exec form does not split at spaces, so Docker fails with exec: ${name}: executable file not found in $PATH`,
              `${name} 전체가 프로그램 이름 하나로 읽힙니다. exec 형식은 공백에서 나누지 않으므로 Docker가 exec: ${name}: executable file not found in $PATH 오류로 실패합니다`,
            ),
          fixes,
        });
      });
    }
  },
};
