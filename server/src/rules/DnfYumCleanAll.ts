/** `yum`/`dnf`/`microdnf install` without `clean all` in the same RUN (hadolint DL3032, DL3040). */
import type { Rule } from './types';
import { appendPoint, cleansUnder, programs, stageRuns, span, subcommand, underMount } from '../model/shellWords';
import { reportIn } from './util/shipping';
import { l } from '../docs/locale';

const TOOLS = new Set(['yum', 'dnf', 'dnf5', 'microdnf', 'tdnf']);
const ARG_OPTIONS = new Set(['-c', '--config', '--installroot', '--releasever', '--enablerepo', '--disablerepo', '-x', '--exclude', '--setopt', '--repo', '--repoid', '--downloaddir', '--destdir', '-d', '--debuglevel', '-e', '--errorlevel', '--rpmverbosity', '--forcearch']);
const INSTALLING = new Set(['install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade', 'distro-sync', 'builddep', 'group', 'module']);
const CACHES = ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5', '/var/cache/tdnf'];

export const DnfYumCleanAll: Rule = {
  id: 'DnfYumCleanAll',
  severity: 'information',
  scope: 'stage',
  hadolint: ['DL3032', 'DL3040'],
  docs: {
    summary: 'Flags `yum`, `dnf` or `microdnf` installs without `clean all` in the same RUN.',
    why:
      'yum and dnf keep the repository metadata and downloaded packages in /var/cache/yum or /var/cache/dnf, which end up in the ' +
      "RUN's layer. Running `yum clean all` / `dnf clean all` at the end of the same RUN keeps them out of the image; a later RUN cannot. " +
      'Not reported with a cache mount on the cache directory, and only a hint in a stage that is not in the final image (neither the build target nor a stage it is built FROM: `COPY --from` takes files, not layers).',
    example: 'FROM fedora:41\nRUN dnf install -y httpd\n',
    fixed: 'FROM fedora:41\nRUN dnf install -y httpd && dnf clean all\n',
    fix: 'Appends ` && <tool> clean all` to the RUN command (only when the command ends with a plain command).',
    fixSafety: 'Unsafe: the layer changes (the package cache is deleted).',
    references: ['https://docs.docker.com/build/building/best-practices/#run', 'https://github.com/hadolint/hadolint/wiki/DL3032', 'https://github.com/hadolint/hadolint/wiki/DL3040'],
  },
  check(ctx) {
    const { doc } = ctx;
    for (const { ins, scripts, shipped } of stageRuns(doc, ctx.stages, ctx.target)) {
      const report = reportIn(shipped, ctx.report);
      if (CACHES.some((p) => underMount(ins, p))) continue;
      for (const rs of scripts) {
        const calls = programs(rs.script);
        if (CACHES.some((p) => cleansUnder(calls, p))) continue;
        const tools = calls.filter((c) => TOOLS.has(c.name));
        if (tools.some((c) => subcommand(c, ARG_OPTIONS)?.word.value === 'clean')) continue;
        const installing = (c: (typeof tools)[number]) => {
          const s = subcommand(c, ARG_OPTIONS);
          if (!s || !INSTALLING.has(s.word.value)) return false;
          return s.word.value === 'group' || s.word.value === 'module' ? c.args[s.index + 1]?.value === 'install' : true;
        };
        const first = tools.find(installing);
        if (!first) continue;
        const sub = subcommand(first, ARG_OPTIONS)!.word;
        const at = appendPoint(ins, rs);
        const tool = first.name;
        report({
          range: span(first.word, sub),
          message: l(
            `\`${tool} ${sub.value}\` leaves its metadata and package cache in this layer: end the RUN with \`${tool} clean all\`.`,
            `\`${tool} ${sub.value}\`은(는) 메타데이터와 패키지 캐시를 이 레이어에 남깁니다. RUN 끝에서 \`${tool} clean all\`을 실행하세요.`,
          ),
          fixes: at === undefined ? undefined : [{ title: l(`Append \`&& ${tool} clean all\``, `끝에 \`&& ${tool} clean all\` 붙이기`), edits: [{ start: at, end: at, newText: ` && ${tool} clean all` }], preferred: true }],
          hadolint: [tool === 'yum' ? 'DL3032' : 'DL3040'],
        });
      }
    }
  },
};
