/** `apk add` without `--no-cache` (hadolint DL3019). */
import type { Rule } from './types';
import { cleansUnder, programs, stageRuns, span, subcommand, underMount } from '../model/shellWords';
import { reportIn } from './util/shipping';
import { l } from '../docs/locale';

const APK_ARG_OPTIONS = new Set(['-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file', '-t', '--virtual']);

export const ApkAddNoCache: Rule = {
  id: 'ApkAddNoCache',
  severity: 'warning',
  scope: 'stage',
  hadolint: ['DL3019'],
  docs: {
    summary: 'Flags `apk add` without `--no-cache`.',
    why:
      'Without `--no-cache`, apk downloads the package indexes into /var/cache/apk and they stay in the layer. ' +
      '`apk add --no-cache` fetches fresh indexes, installs and keeps nothing, with no need for `apk update` or ' +
      '`rm -rf /var/cache/apk/*`. Not reported when the RUN removes /var/cache/apk itself, uses a cache mount on it, ' +
      '`--no-network` (nothing is downloaded), and only a hint in a stage that is not in the final image (neither the build target nor a stage it is built FROM: `COPY --from` takes files, not layers).',
    example: 'FROM alpine:3.20\nRUN apk add curl\n',
    fixed: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
    fix: 'Inserts `--no-cache` after `add`.',
    fixSafety: 'Unsafe: the layer changes (apk no longer leaves its index under `/var/cache/apk`), which is the point of the fix.',
    references: ['https://docs.docker.com/build/building/best-practices/#run', 'https://github.com/hadolint/hadolint/wiki/DL3019'],
  },
  check(ctx) {
    const { doc } = ctx;
    for (const { ins, scripts, shipped } of stageRuns(doc, ctx.stages, ctx.target)) {
      const report = reportIn(shipped, ctx.report);
      if (underMount(ins, '/var/cache/apk') || underMount(ins, '/etc/apk/cache')) continue;
      for (const rs of scripts) {
        const calls = programs(rs.script);
        if (cleansUnder(calls, '/var/cache/apk')) continue;
        if (calls.some((c) => c.name === 'apk' && subcommand(c, APK_ARG_OPTIONS)?.word.value === 'cache')) continue;
        for (const c of calls) {
          if (c.name !== 'apk') continue;
          const sub = subcommand(c, APK_ARG_OPTIONS);
          if (!sub || sub.word.value !== 'add') continue;
          if (c.args.some((a) => a.value === '--no-cache' || a.value === '--no-network' || a.value === '--cache-dir' || a.value.startsWith('--cache-dir='))) continue;
          report({
            range: span(c.word, sub.word),
            message: l('`apk add` without `--no-cache` leaves the package indexes in /var/cache/apk in this layer: use `apk add --no-cache`.', '`--no-cache` 없는 `apk add`는 패키지 색인을 /var/cache/apk에 남겨 이 레이어에 포함시킵니다. `apk add --no-cache`를 쓰세요.'),
            fixes: [{ title: l('Add `--no-cache`', '`--no-cache` 추가'), edits: [{ start: sub.word.end, end: sub.word.end, newText: ' --no-cache' }], preferred: true }],
          });
        }
      }
    }
  },
};
