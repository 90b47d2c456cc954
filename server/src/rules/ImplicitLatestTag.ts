/** FROM without a tag or digest pulls `latest` (hadolint DL3006); `:latest` written out (DL3007). */
import type { TextRange } from '../parser';
import { expandWith } from '../model/expand';
import { parseImageReference } from '../model/imageReference';
import type { Rule } from './types';
import { josa, l } from '../docs/locale';

export const ImplicitLatestTag: Rule = {
  id: 'ImplicitLatestTag',
  severity: 'warning',
  scope: 'stage',
  hadolint: ['DL3006', 'DL3007'],
  docs: {
    summary: 'Flags a FROM image without a tag or digest (Docker pulls `latest`), and, as information, an explicit `:latest`.',
    why:
      'An image reference without a tag means `:latest`: whatever the publisher pushed last, so the same Dockerfile builds ' +
      'different images from one day to the next, and a new major version can break the build without any change on your side. ' +
      "Docker's best practices pin a version tag, or a digest (`@sha256:…`) for fully reproducible builds. " +
      'Stage names, `scratch` and ARG-based references without a default are not reported.',
    example: 'FROM ubuntu\nRUN echo hello\n',
    fixed: 'FROM ubuntu:24.04\nRUN echo hello\n',
    references: ['https://docs.docker.com/build/building/best-practices/#from', 'https://docs.docker.com/reference/dockerfile/#from', 'https://github.com/hadolint/hadolint/wiki/DL3006', 'https://github.com/hadolint/hadolint/wiki/DL3007'],
  },
  check(ctx) {
    const { doc } = ctx;
    if (!ctx.stages.length) return;
    // the global ARGs (before the first FROM), each default expanded with those before it
    const globals = new Map<string, { value: string | undefined; range: TextRange }>();
    const env = new Map<string, string>();
    const first = doc.stages.stages[0].from;
    for (const ins of doc.ast.instructions) {
      if (ins === first) break;
      if (ins.name !== 'ARG' || ins.details.kind !== 'arg') continue;
      for (const d of ins.details.declarations) {
        let value: string | undefined;
        if (d.value) {
          const r = expandWith(doc, d.value.value, env);
          value = !r || r.unmatched.size ? undefined : r.result;
        }
        globals.set(d.name.value, { value, range: { start: d.name.start, end: d.value?.end ?? d.name.end } });
        if (value !== undefined) env.set(d.name.value, value);
        else env.delete(d.name.value);
      }
    }
    for (const stage of ctx.stages) {
      const ins = stage.from;
      if (ins.details.kind !== 'from') continue;
      const image = ins.details.image;
      // a FROM naming an earlier stage (directly or through an ARG) is built FROM it: no image is pulled
      if (stage.baseStage) continue;
      if (!image) continue;
      let ref = image.value;
      let via: string | undefined;
      let viaRange: TextRange | undefined;
      if (ref.includes('$')) {
        const r = expandWith(doc, ref, env);
        if (!r || r.unmatched.size > 0) continue;
        const used = [...r.matched];
        via = used.map((n) => `${n}=${globals.get(n)!.value}`).join(', ');
        viaRange = used.length === 1 ? globals.get(used[0])!.range : undefined;
        ref = r.result;
      }
      if (!ref || ref.toLowerCase() === 'scratch') continue;
      const parsed = parseImageReference(ref);
      if (!parsed || parsed.digest) continue;
      const related = viaRange ? [{ range: viaRange, message: l('the default value of the image reference', '이미지 참조의 기본값') }] : undefined;
      const from = via ? ` (from the ARG default ${via})` : '';
      const koFrom = via ? ` (ARG 기본값 ${via}에서)` : '';
      if (parsed.implicitTag) {
        ctx.report({
          range: { start: image.start, end: image.end },
          message: l(
            `\`${ref}\`${from} has no tag: Docker pulls \`${ref}:latest\`, which changes whenever a new version is pushed. Pin a version tag (\`${ref}:<version>\`) or a digest.`,
            `\`${ref}\`${koFrom}에 태그가 없어 Docker가 \`${ref}:latest\`를 받습니다. 새 버전이 올라올 때마다 바뀌므로 버전 태그(\`${ref}:<version>\`)나 다이제스트로 고정하세요.`,
          ),
          related,
          hadolint: ['DL3006'],
        });
      } else if (parsed.tag === 'latest') {
        ctx.report({
          range: { start: image.start, end: image.end },
          message: l(
            `\`${ref}\`${from} follows whatever is pushed last: pin a version tag or a digest for repeatable builds.`,
            `\`${ref}\`${josa(koFrom, '은')} 마지막에 올라온 이미지를 따라갑니다. 같은 결과로 빌드하려면 버전 태그나 다이제스트로 고정하세요.`,
          ),
          related,
          severity: 'information',
          hadolint: ['DL3007'],
        });
      }
    }
  },
};
