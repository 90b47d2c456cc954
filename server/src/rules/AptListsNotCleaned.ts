/** `apt-get update` + install in a RUN that leaves /var/lib/apt/lists in the layer (hadolint DL3009). */
import type { Rule } from './types';
import { APT_INSTALLING, appendPoint, aptSimulates, aptSubcommand, aptUpdates, cleansUnder, programs, stageRuns, span, underMount } from '../model/shellWords';
import { reportIn } from './util/shipping';
import { l } from '../docs/locale';

const CLEAN = ' && rm -rf /var/lib/apt/lists/*';

export const AptListsNotCleaned: Rule = {
  id: 'AptListsNotCleaned',
  severity: 'warning',
  scope: 'stage',
  hadolint: ['DL3009'],
  docs: {
    summary: 'Flags a RUN that runs `apt-get update` and installs packages without deleting /var/lib/apt/lists in the same RUN.',
    why:
      'The package lists `apt-get update` downloads (often tens of MB) are written into the layer of the RUN. ' +
      'Deleting them in a later RUN does not make the image smaller: the bytes stay in the earlier layer. ' +
      "Docker's best practices clean up with `rm -rf /var/lib/apt/lists/*` at the end of the same RUN. " +
      'Not reported when a cache or tmpfs mount holds /var/lib/apt or /var/cache/apt, and only a hint in a stage that is not in the final image (neither the build target nor a stage it is built FROM: `COPY --from` takes files, not layers).',
    example: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    fixed: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    fix: 'Appends ` && rm -rf /var/lib/apt/lists/*` to the RUN command (only when the command ends with a plain command, so the cleanup runs last and only if everything before succeeded).',
    fixSafety: 'Unsafe: the layer changes (the package lists are deleted), and a later RUN that installs without `apt-get update` then fails.',
    references: [
      'https://docs.docker.com/build/building/best-practices/#apt-get',
      'https://docs.docker.com/build/cache/optimize/#use-cache-mounts',
      'https://github.com/hadolint/hadolint/wiki/DL3009',
    ],
  },
  check(ctx) {
    const { doc } = ctx;
    for (const { ins, scripts, shipped } of stageRuns(doc, ctx.stages, ctx.target)) {
      const report = reportIn(shipped, ctx.report);
      if (['/var/lib/apt/lists', '/var/cache/apt'].some((p) => underMount(ins, p))) continue;
      for (const rs of scripts) {
        const calls = programs(rs.script);
        let update: { from: typeof calls[number]; sub: typeof calls[number]['args'][number] } | undefined;
        let installs = false;
        let distclean = false;
        for (const c of calls) {
          const sub = aptSubcommand(c);
          if (!sub) continue;
          if (aptUpdates(c) && !update) update = { from: c, sub: sub.word };
          if (APT_INSTALLING.has(sub.word.value) && !aptSimulates(c)) installs = true;
          if (sub.word.value === 'dist-clean' || sub.word.value === 'distclean') distclean = true;
        }
        if (!update || !installs || distclean) continue;
        if (cleansUnder(calls, '/var/lib/apt/lists') || cleansUnder(calls, '/var/lib/apt')) continue;
        const at = appendPoint(ins, rs);
        report({
          range: span(update.from.word, update.sub),
          message: l(
            `\`${update.from.word.value} ${update.sub.value}\` leaves the package lists in this layer: delete them at the end of the same RUN (\`rm -rf /var/lib/apt/lists/*\`); a later RUN cannot make the image smaller.`,
            `\`${update.from.word.value} ${update.sub.value}\`이(가) 받은 패키지 목록이 이 레이어에 남습니다. 같은 RUN의 끝에서 지우세요(\`rm -rf /var/lib/apt/lists/*\`). 나중 RUN에서 지워서는 이미지가 작아지지 않습니다.`,
          ),
          fixes: at === undefined ? undefined : [{ title: l('Append `&& rm -rf /var/lib/apt/lists/*`', '끝에 `&& rm -rf /var/lib/apt/lists/*` 붙이기'), edits: [{ start: at, end: at, newText: CLEAN }], preferred: true }],
        });
      }
    }
  },
};
