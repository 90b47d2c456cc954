/** `apt-get install` without `--no-install-recommends` (hadolint DL3015). */
import type { Rule } from './types';
import { aptSimulates, aptSubcommand, programs, stageRuns, span } from '../model/shellWords';
import { reportIn } from './util/shipping';
import { l } from '../docs/locale';

export const AptNoInstallRecommends: Rule = {
  id: 'AptNoInstallRecommends',
  severity: 'information',
  scope: 'stage',
  hadolint: ['DL3015'],
  docs: {
    summary: 'Flags `apt-get install` without `--no-install-recommends`.',
    why:
      'By default apt also installs the packages the requested ones merely recommend, which an image rarely needs: ' +
      'they make it larger, slower to build and pull, and add to its attack surface. ' +
      "Docker's best practices install with `--no-install-recommends`. " +
      'Not reported when an earlier RUN of the stage configures `APT::Install-Recommends`, and only a hint in a stage that is not in the final image (neither the build target nor a stage it is built FROM: `COPY --from` takes files, not layers).',
    example: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    fixed: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    fix: 'Inserts `--no-install-recommends` after `install`.',
    fixSafety: 'Unsafe: fewer packages are installed; a program that needs a recommended package can stop working.',
    references: ['https://docs.docker.com/build/building/best-practices/#apt-get', 'https://github.com/hadolint/hadolint/wiki/DL3015'],
  },
  check(ctx) {
    const { doc } = ctx;
    const configuredStages = new Set<unknown>();
    for (const { ins, stage, scripts, shipped } of stageRuns(doc, ctx.stages, ctx.target)) {
      const report = reportIn(shipped, ctx.report);
      if (configuredStages.has(stage)) continue;
      for (const rs of scripts) {
        for (const c of programs(rs.script)) {
          const sub = aptSubcommand(c);
          if (!sub || sub.word.value !== 'install' || aptSimulates(c)) continue;
          if (c.args.some((a) => a.value === '--no-install-recommends' || /install-recommends\s*=\s*["']?(false|0|no|off)/i.test(a.value))) continue;
          report({
            range: span(c.word, sub.word),
            message: l(
              `\`${c.word.value} install\` also installs recommended packages: add \`--no-install-recommends\` to keep the image small.`,
              `\`${c.word.value} install\`은(는) 추천 패키지까지 설치합니다. 이미지를 작게 유지하려면 \`--no-install-recommends\`를 붙이세요.`,
            ),
            fixes: [{ title: l('Add `--no-install-recommends`', '`--no-install-recommends` 추가'), edits: [{ start: sub.word.end, end: sub.word.end, newText: ' --no-install-recommends' }], preferred: true }],
          });
        }
      }
      if (/install-recommends/i.test(doc.text.slice(ins.start, ins.end))) configuredStages.add(stage);
    }
  },
};
