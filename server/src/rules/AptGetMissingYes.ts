/** `apt-get install` without `-y`: the build cannot answer the prompt (hadolint DL3014). */
import type { Rule } from './types';
import { aptSimulates, aptSubcommand, programs, runScripts, span } from '../model/shellWords';
import type { ProgramCall } from '../model/shellWords';
import { l } from '../docs/locale';

const PROMPTING = new Set(['install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'satisfy']);

/** Whether apt's arguments answer "yes" on their own. */
export function assumesYes(call: ProgramCall): boolean {
  let quiet = 0;
  const a = call.args;
  for (let i = 0; i < a.length; i++) {
    const v = a[i].value;
    if (v === '-y' || v === '--yes' || v === '--assume-yes' || v === '--force-yes' || v === '--assume-no' || v === '-qq' || v === '--quiet=2' || v === '-q=2') return true;
    if (/assume-yes/i.test(v)) return true; // -o APT::Get::Assume-Yes=true
    if (v === '--quiet') quiet++;
    else if (/^-[a-zA-Z]+$/.test(v)) {
      if (v.includes('y')) return true;
      quiet += v.split('q').length - 1;
    }
  }
  return quiet >= 2;
}

export const AptGetMissingYes: Rule = {
  id: 'AptGetMissingYes',
  severity: 'warning',
  scope: 'stage',
  hadolint: ['DL3014'],
  docs: {
    summary: 'Flags `apt-get install` (and upgrade) without `-y`, `--yes`, `--assume-yes` or `-qq`.',
    why:
      'Without `-y`, apt asks "Do you want to continue? [Y/n]" before installing anything beyond the packages named. ' +
      'A build has no terminal to answer: apt reads end-of-file, prints "Abort." and the RUN fails. ' +
      "Docker's best practices always pass `-y` to `apt-get install`.",
    example: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    fixed: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    fix: 'Inserts `-y` after the subcommand.',
    fixSafety: 'Unsafe: without `-y` apt-get aborts at its prompt and the build fails; with it the packages are installed, so a failing build passes.',
    references: ['https://docs.docker.com/build/building/best-practices/#apt-get', 'https://github.com/hadolint/hadolint/wiki/DL3014'],
  },
  check(ctx) {
    const { doc } = ctx;
    for (const stage of ctx.stages) {
    let configured = false; // an earlier RUN of the stage wrote APT::Get::Assume-Yes into apt's configuration
    for (const ins of stage.instructions) {
      if (ins.name !== 'RUN') continue;
      const text = doc.text.slice(ins.start, ins.end);
      const scripts = runScripts(doc, ins);
      if (!configured) {
        for (const rs of scripts) {
          const calls = programs(rs.script);
          const cmds = rs.script.commands;
          for (const c of calls) {
            const sub = aptSubcommand(c);
            if (!sub || !PROMPTING.has(sub.word.value) || assumesYes(c) || aptSimulates(c)) continue;
            // `yes | apt-get install …`
            const prev = c.index > 0 ? cmds[c.index - 1] : undefined;
            if (prev && prev.op === '|' && prev.words[0]?.value === 'yes') continue;
            ctx.report({
              range: span(c.word, sub.word),
              message: l(
                `\`${c.word.value} ${sub.word.value}\` without \`-y\` waits for a confirmation the build cannot give: it fails with "Abort." Add \`-y\`.`,
                `\`-y\` 없는 \`${c.word.value} ${sub.word.value}\`은(는) 빌드 중에는 할 수 없는 확인 입력을 기다리다 "Abort."로 실패합니다. \`-y\`를 붙이세요.`,
              ),
              fixes: [{ title: l('Add `-y`', '`-y` 추가'), edits: [{ start: sub.word.end, end: sub.word.end, newText: ' -y' }], preferred: true }],
            });
          }
        }
      }
      if (/assume-yes/i.test(text)) configured = true;
    }
    }
  },
};
