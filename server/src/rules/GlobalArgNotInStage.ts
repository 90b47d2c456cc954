/**
 * GlobalArgNotInStage: a shell-form RUN (or RUN heredoc script) uses `$NAME`
 * where NAME is a global ARG (declared before the first FROM) or one of
 * BuildKit's predefined platform ARGs (`TARGETARCH`, `BUILDPLATFORM`, …) that
 * the stage never declared. A global ARG is in scope in FROM lines only: the
 * RUN's shell gets no such variable and expands it to an empty string, unless
 * the base image's ENV happens to set one of that name. Docker's reference:
 * "An ARG declared before a FROM is outside of a build stage, so it can't be
 * used in any instruction after a FROM. To use the default value of an ARG
 * declared before the first FROM use an ARG instruction without a value
 * inside of a build stage." Checked on Docker 20.10, both builders
 * (test/integration/examples.test.ts).
 *
 * BuildKit's UndefinedVar does not look at shell-form RUN (its documentation:
 * "variables are resolved by the command shell"), so this is a rule of its
 * own: UndefinedVar keeps BuildKit's exact findings.
 *
 * Not reported: a variable the script assigns itself (`NAME=…`, `for NAME`,
 * `read NAME`), `${NAME:-default}` and the other modifiers that handle an
 * unset variable, names the base image's ENV sets (when it is known), and
 * ONBUILD triggers (they run in another build).
 *
 * Fix: `ARG NAME` (no value: it takes the global default) on a new line before
 * the stage's first RUN that uses it. It changes what that RUN and the rest of
 * the stage see, which is the stated intent.
 */
import { l } from '../docs/locale';
import type { Localized } from '../docs/types';
import type { Instruction, VariableUse } from '../parser';
import { buildkitState, defaultArgs } from '../model/buildkitState';
import { programs, runScripts, type RunScript } from '../model/shellWords';
import type { Fix, Rule } from './types';

/** Modifiers that give a value when the variable is unset or empty (or fail): the script handles it. */
const HANDLES_UNSET = new Set(['-', ':-', '=', ':=', '+', ':+', '?', ':?']);
/** BuildKit's predefined platform ARGs: global, and only in a stage after `ARG NAME`. */
const PLATFORM_ARGS = new Set([...defaultArgs('').keys()].filter((n) => n !== 'TARGETSTAGE'));

/** The script sets NAME itself (`NAME=…`, `export NAME=…`, `for NAME`, `read NAME`, `getopts … NAME`): leave it alone. */
function assignsItself(scripts: RunScript[], name: string): boolean {
  for (const rs of scripts) {
    for (const c of rs.script.commands) {
      const w = c.words;
      for (let k = 0; k < w.length; k++) {
        const v = w[k].value;
        if (v.startsWith(`${name}=`) || v.startsWith(`${name}+=`)) return true;
        if (v === 'for' && w[k + 1]?.value === name) return true;
      }
    }
    for (const p of programs(rs.script)) if ((p.name === 'read' || p.name === 'getopts') && p.args.some((a) => a.value === name)) return true;
  }
  return false;
}

function shellUses(doc: Parameters<Rule['check']>[0]['doc'], ins: Instruction): VariableUse[] {
  const scripts = runScripts(doc, ins);
  if (scripts.length === 0) return [];
  return ins.variables.filter(
    (v) => v.expandedBy === 'shell' && !(v.modifier && HANDLES_UNSET.has(v.modifier)) && scripts.some((rs) => v.start >= rs.range.start && v.end <= rs.range.end),
  );
}

export const GlobalArgNotInStage: Rule = {
  id: 'GlobalArgNotInStage',
  severity: 'warning',
  scope: 'stage',
  docs: {
    summary: 'Flags `$NAME` in a RUN when NAME is a global ARG (or a predefined platform ARG like `TARGETARCH`) that the stage did not declare: the shell sees it empty.',
    why:
      'An ARG declared before the first FROM is in scope in FROM lines only. Inside a stage it exists only after `ARG NAME` (without a value it takes the global default), ' +
      'so until then the RUN\'s shell has no such variable and `$NAME` expands to an empty string, without any error. The same holds for BuildKit\'s predefined platform ARGs ' +
      '(`TARGETARCH`, `TARGETPLATFORM`, `BUILDPLATFORM`…). BuildKit\'s own UndefinedVar check skips shell-form RUN (the shell expands it), so it does not catch this. ' +
      'Not reported: variables the script sets itself, `${NAME:-default}`-style defaults, and names the base image\'s ENV sets (when it is known).',
    example: 'ARG VERSION=1.2.3\nFROM busybox\nRUN echo "version $VERSION" > /version\n',
    fixed: 'ARG VERSION=1.2.3\nFROM busybox\nARG VERSION\nRUN echo "version $VERSION" > /version\n',
    fix: 'Adds `ARG NAME` (no value: the global default) before the first RUN of the stage that uses it.',
    fixSafety: 'Unsafe: the variable gets the global default inside the stage, where it was empty: the commands that use it change.',
    references: ['https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact', 'https://docs.docker.com/reference/dockerfile/#scope', 'https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope'],
  },
  check(ctx) {
    const { doc } = ctx;
    const state = buildkitState(doc);
    const globals = state.meta.declared;
    if (ctx.stages.length === 0) return;
    const text = doc.text;
    for (const stage of ctx.stages) {
      const base = ctx.baseEnv(stage);
      const image = base?.known ? base.env : undefined;
      /** The first RUN of the stage using each name, where the fix declares it. */
      const firstUse = new Map<string, Instruction>();
      for (const ins of stage.instructions) {
        if (ins.name !== 'RUN' || ins.variables.length === 0) continue;
        const uses = shellUses(doc, ins);
        if (uses.length === 0) continue;
        const before = state.before.get(ins);
        if (!before) continue;
        const seen = new Set<string>();
        for (const v of uses) {
          const name = v.name;
          const platform = PLATFORM_ARGS.has(name);
          if (!platform && !globals.has(name)) continue;
          if (before.env.has(name) || before.buildArgs.has(name) || image?.has(name)) continue;
          // one finding per name and RUN
          if (seen.has(name)) continue;
          seen.add(name);
          if (assignsItself(runScripts(doc, ins), name)) continue;
          if (!firstUse.has(name)) firstUse.set(name, ins);
          const at = firstUse.get(name)!;
          const what = platform
            ? l(`${name} is a platform ARG BuildKit predefines in the global scope`, `${name}은(는) BuildKit이 전역 범위에 미리 정의하는 플랫폼 ARG로`)
            : l(`${name} is a global ARG (declared before the first FROM)`, `${name}은(는) 첫 FROM 앞에 선언한 전역 ARG로`);
          const unless = image ? l('', '') : l(' (unless the base image sets it)', '(베이스 이미지가 설정하지 않는다면)');
          ctx.report({
            range: { start: v.start, end: v.end },
            message: l(
              `\`$${name}\` is empty here${unless.en}: ${what.en}, which a stage sees only after \`ARG ${name}\`. Declare \`ARG ${name}\` in this stage.`,
              `여기서 \`$${name}\`은(는) 빈 값입니다${unless.ko}. ${what.ko}, 스테이지에서는 \`ARG ${name}\` 뒤에서만 보입니다. 이 스테이지에 \`ARG ${name}\`을(를) 선언하세요.`,
            ),
            fixes: declareFix(text, at, name),
          });
        }
      }
    }
  },
};

function declareFix(text: string, at: Instruction, name: string): Fix[] | undefined {
  const lineStart = text.lastIndexOf('\n', at.start - 1) + 1;
  const indent = text.slice(lineStart, at.start);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  // the instruction's own line ending (a stage-scoped finding is kept while its stage is unchanged)
  const nl = text.indexOf('\n', at.start);
  const eol = nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
  return [{ title: l(`Declare \`ARG ${name}\` in this stage`, `이 스테이지에 \`ARG ${name}\` 선언하기`), preferred: true, edits: [{ start: lineStart, end: lineStart, newText: `${indent}ARG ${name}${eol}` }] }];
}
