/**
 * RunCdInsteadOfWorkdir (hadolint DL3003): a `cd` in a RUN whose directory
 * change nothing uses. Each RUN is a new `/bin/sh -c` process started in the
 * WORKDIR (`/` by default); the shell's current directory is not part of the
 * image, so the next instruction starts in the WORKDIR again (checked on
 * Docker 20.10, both builders: test/integration/examples.test.ts).
 *
 * A `cd` is reported when no command runs after it in the same shell: it is
 * the last command of the RUN (or of a heredoc script), the last one of a
 * `( … )` subshell, part of a pipeline (`cd x | …`, each side is a subshell)
 * or backgrounded (`cd x &`). `exit`, `true` and `:` after it do not count.
 *
 * Difference from hadolint: DL3003 flags every `cd` in a RUN, chained ones
 * (`cd /src && make`) included. Those work (the chained commands run in that
 * directory) and Docker's best practices only call them hard to read, so they
 * are not reported here. `# hadolint ignore=DL3003` suppresses this rule.
 *
 * No quick fix: `WORKDIR /app` instead of `RUN cd /app` changes where every
 * later instruction runs (and creates the directory instead of failing when it
 * is missing), which only the author can decide.
 */
import { l } from '../docs/locale';
import type { Localized } from '../docs/types';
import { programOf, stageRuns, type ShellCommand, type ShellScript } from '../model/shellWords';
import type { Rule } from './types';

/** Commands after a `cd` that do not use the directory it switched to. */
const IGNORED_AFTER = new Set(['exit', 'true', ':']);

type Lost = 'end' | 'subshell' | 'pipeline' | 'background';

/** Why the directory change of the `cd` at `i` is lost, or undefined when a later command runs in it. */
function lostBy(cmds: ShellCommand[], i: number): Lost | undefined {
  const op = cmds[i].op;
  if (op === '|' || (i > 0 && cmds[i - 1].op === '|')) return 'pipeline';
  if (op === '&') return 'background';
  if (op === ')') return 'subshell';
  let depth = 0;
  for (let j = i + 1; j < cmds.length; j++) {
    const p = programOf(cmds[j], j);
    if (p && !IGNORED_AFTER.has(p.name)) return undefined;
    if (cmds[j].op === '(') depth++;
    else if (cmds[j].op === ')' && --depth < 0) return 'subshell';
  }
  return 'end';
}

function cdsLost(script: ShellScript): Array<{ cmd: ShellCommand; lost: Lost; target: string | undefined }> {
  if (script.incomplete) return [];
  const out: Array<{ cmd: ShellCommand; lost: Lost; target: string | undefined }> = [];
  script.commands.forEach((cmd, i) => {
    const p = programOf(cmd, i);
    if (!p || p.name !== 'cd' || p.word.quoted || p.word.dynamic || p.word.value !== 'cd') return;
    const lost = lostBy(script.commands, i);
    if (!lost) return;
    const operands = p.args.filter((a) => !a.value.startsWith('-') || a.value === '-');
    const dir = operands.length === 1 && !operands[0].dynamic && !operands[0].glob && operands[0].value.startsWith('/') ? operands[0].value : undefined;
    out.push({ cmd, lost, target: dir });
  });
  return out;
}

const WHY: Record<Lost, Localized> = {
  end: l('nothing runs after it in this RUN, and the next instruction starts in the WORKDIR again', '이 RUN에서 뒤에 실행되는 명령이 없고, 다음 명령어는 다시 WORKDIR에서 시작합니다'),
  subshell: l('it runs in a `( … )` subshell and nothing after it in that subshell uses the directory', '`( … )` 서브셸 안에서 실행되고, 그 서브셸에서 뒤에 이 디렉터리를 쓰는 명령이 없습니다'),
  pipeline: l('a command of a pipeline runs in a subshell, whose directory is lost when it ends', '파이프라인의 명령은 서브셸에서 실행되어, 끝나면 디렉터리 변경도 사라집니다'),
  background: l('a command run in the background (`&`) runs in a subshell, whose directory is lost when it ends', '백그라운드(`&`)로 실행한 명령은 서브셸에서 실행되어, 끝나면 디렉터리 변경도 사라집니다'),
};

export const RunCdInsteadOfWorkdir: Rule = {
  id: 'RunCdInsteadOfWorkdir',
  severity: 'warning',
  scope: 'stage',
  hadolint: ['DL3003'],
  docs: {
    summary: 'Flags a `cd` in RUN whose directory change nothing uses: the next instruction does not run there. Use WORKDIR.',
    why:
      'Each RUN starts a new shell in the working directory set by WORKDIR (`/` by default), and the directory a shell `cd`s to is not saved in the image: ' +
      'after `RUN cd /app` the next RUN, COPY or CMD still runs in the WORKDIR. The `cd` only fails the build when the directory is missing. ' +
      'Docker\'s best practices: use WORKDIR to change the directory of later instructions. ' +
      'A `cd` followed by commands in the same RUN (`cd /src && make`) works and is not reported; hadolint\'s DL3003 reports every `cd` in a RUN, that one too. ' +
      'There is no quick fix: `WORKDIR /app` instead changes where every later instruction runs (and creates the directory), which only you can decide.',
    example: 'FROM busybox\nRUN mkdir -p /app\nRUN cd /app\nRUN touch built\n',
    fixed: 'FROM busybox\nWORKDIR /app\nRUN touch built\n',
    references: [
      'https://docs.docker.com/build/building/best-practices/#workdir',
      'https://docs.docker.com/reference/dockerfile/#workdir',
      'https://github.com/hadolint/hadolint/wiki/DL3003',
    ],
  },
  check(ctx) {
    for (const { scripts } of stageRuns(ctx.doc, ctx.stages)) {
      for (const rs of scripts) {
        for (const { cmd, lost, target } of cdsLost(rs.script)) {
          const words = cmd.words;
          const first = words.findIndex((w) => w.value === 'cd' && !w.quoted);
          const range = { start: words[first].start, end: words[words.length - 1].end };
          const use = target ? `\`WORKDIR ${target}\`` : 'WORKDIR';
          ctx.report({
            range,
            message: l(
              `This \`cd\` changes nothing: ${WHY[lost].en}. Use ${use} to change the directory of later instructions, or chain the commands that need it (\`cd … && …\`).`,
              `이 \`cd\`는 아무 효과가 없습니다: ${WHY[lost].ko}. 뒤의 명령어들의 디렉터리를 바꾸려면 ${use}를 쓰고, 그 디렉터리가 필요한 명령은 \`cd … && …\`로 이어 쓰세요.`,
            ),
          });
        }
      }
    }
  },
};
