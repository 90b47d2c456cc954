/** `pip install` without `--no-cache-dir` (hadolint DL3042). */
import { definitionsInScope } from '../model/variables';
import type { Rule } from './types';
import { cleansUnder, firstOperand, pipArgs, programs, stageRuns, span, underMount } from '../model/shellWords';
import { reportIn } from './util/shipping';
import { l } from '../docs/locale';

const PIP_ARG_OPTIONS = new Set(['--cache-dir', '--log', '--proxy', '--retries', '--timeout', '--cert', '--client-cert', '--python', '--exists-action', '--trusted-host', '--use-feature', '--use-deprecated', '-C', '--config-settings']);
const ENV_NAME = 'PIP_NO_CACHE_DIR';

export const PipNoCacheDir: Rule = {
  id: 'PipNoCacheDir',
  severity: 'information',
  scope: 'stage',
  hadolint: ['DL3042'],
  docs: {
    summary: 'Flags `pip install` without `--no-cache-dir`.',
    why:
      "pip keeps the wheels it downloads and builds in its cache (~/.cache/pip), which is written into the RUN's layer and only " +
      'makes the image larger: the next build starts from a fresh layer anyway. Not reported when PIP_NO_CACHE_DIR is set ' +
      '(ENV, ARG or on the command), when the RUN uses a cache mount for pip (the better choice for fast rebuilds) or removes the ' +
      'cache, and only a hint in a stage that is not in the final image (neither the build target nor a stage it is built FROM: `COPY --from` takes files, not layers).',
    example: 'FROM python:3.13-slim\nRUN pip install requests\n',
    fixed: 'FROM python:3.13-slim\nRUN pip install --no-cache-dir requests\n',
    fix: 'Inserts `--no-cache-dir` after `install`.',
    fixSafety: 'Unsafe: the layer changes (pip\'s cache is not written).',
    references: ['https://docs.docker.com/build/cache/optimize/#use-cache-mounts', 'https://github.com/hadolint/hadolint/wiki/DL3042'],
  },
  check(ctx) {
    const { doc } = ctx;
    // only files that mention the variable in an ENV or ARG need the (slower) scope lookup
    const mentioned = doc.ast.instructions.some((i) => (i.name === 'ENV' || i.name === 'ARG') && i.original.includes(ENV_NAME));
    for (const { ins, scripts, shipped } of stageRuns(doc, ctx.stages, ctx.target)) {
      const report = reportIn(shipped, ctx.report);
      if (underMount(ins, '/root/.cache/pip')) continue;
      let envSet: boolean | undefined;
      const setByEnv = () => (envSet ??= mentioned && definitionsInScope(doc, ins.start).some((d) => d.name === ENV_NAME && d.value !== undefined));
      for (const rs of scripts) {
        const calls = programs(rs.script);
        if (cleansUnder(calls, '/root/.cache/pip')) continue;
        // rm -rf ~/.cache/pip, $HOME/.cache, pip cache purge, export PIP_NO_CACHE_DIR=…
        const raw = (w: { start: number; end: number }) => doc.text.slice(w.start, w.end);
        if (calls.some((c) => c.name === 'rm' && c.args.some((a) => /^(~|\$HOME|\$\{HOME\})\/\.cache(\/pip)?\/?\*?$/.test(raw(a))))) continue;
        if (calls.some((c) => (c.name === 'export' || c.name === 'declare') && c.args.some((a) => a.value.startsWith(ENV_NAME + '=')))) continue;
        if (calls.some((c) => { const a = pipArgs(c); return a && firstOperand(a, PIP_ARG_OPTIONS)?.word.value === 'cache'; })) continue;
        for (const c of calls) {
          const args = pipArgs(c);
          if (!args) continue;
          const sub = firstOperand(args, PIP_ARG_OPTIONS);
          if (!sub || sub.word.value !== 'install') continue;
          if (c.assignments.some((a) => a.startsWith(ENV_NAME + '=')) || setByEnv()) continue;
          if (c.args.some((a) => a.value === '--no-cache-dir' || a.value === '--cache-dir' || a.value.startsWith('--cache-dir=') || a.value.startsWith('--no-cache-dir='))) continue;
          report({
            range: span(c.word, sub.word),
            message: l(
              '`pip install` without `--no-cache-dir` keeps its download cache in this layer: add `--no-cache-dir` (or use a cache mount on /root/.cache/pip).',
              '`--no-cache-dir` 없는 `pip install`은 내려받은 캐시를 이 레이어에 남깁니다. `--no-cache-dir`를 붙이세요(또는 /root/.cache/pip에 캐시 마운트를 쓰세요).',
            ),
            fixes: [{ title: l('Add `--no-cache-dir`', '`--no-cache-dir` 추가'), edits: [{ start: sub.word.end, end: sub.word.end, newText: ' --no-cache-dir' }], preferred: true }],
          });
        }
      }
    }
  },
};
