/**
 * UntrustedRegistry (hadolint DL3026): a FROM image, or a `COPY --from` image, from a registry
 * outside the configured list. Off unless a list is configured (`trustedRegistries` in
 * `.dockerfile-lens.json` or `.hadolint.yaml`).
 *
 * The registry is the one Docker pulls from, as `ParseNormalizedNamed` splits the reference
 * (protocol/imageName.ts): the first path component when it has a `.` or a `:`, is `localhost` or has
 * an upper-case letter, else Docker Hub (`docker.io`; `index.docker.io` is its old name). So
 * `myregistry/app` is on Docker Hub (namespace `myregistry`), `my.registry/app` is not.
 * The patterns are hadolint's (src/Hadolint/Rule/DL3026.hs `matchRegistry`): `*` trusts every
 * registry, `*.example.com` every registry ending in `.example.com`, `example.*` every one starting
 * with `example.`, anything else one registry exactly (host names compared case-insensitively, as DNS
 * does); `hub.docker.com` stands for Docker Hub as in hadolint. `scratch`, stage names and
 * references whose variables have no default are not reported.
 */
import { splitImageName } from '../protocol/imageName';
import type { Rule } from './types';
import { l } from '../docs/locale';

/** Docker Hub's names: Docker normalizes `index.docker.io` to `docker.io`; hadolint accepts `hub.docker.com` for it. */
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'hub.docker.com']);

/** hadolint's matchRegistry: `*`, `*suffix`, `prefix*` or the exact name (case-insensitive here). */
export function registryMatches(pattern: string, registry: string): boolean {
  const p = pattern.trim().toLowerCase();
  const r = registry.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*')) return r.endsWith(p.slice(1));
  if (p.endsWith('*')) return r.startsWith(p.slice(0, -1));
  return p === r || (DOCKER_HUB.has(p) && DOCKER_HUB.has(r));
}

export const UntrustedRegistry: Rule = {
  id: 'UntrustedRegistry',
  severity: 'error',
  scope: 'stage',
  hadolint: ['DL3026'],
  docs: {
    summary: 'Flags FROM and `COPY --from` images whose registry is not in the configured `trustedRegistries` (off unless configured).',
    why:
      'A team that only trusts its own registry (and perhaps Docker Hub) wants every base image to come from there. ' +
      'Docker decides the registry from the image name alone: the part before the first `/` is a registry only when it contains ' +
      'a `.` or a `:` or is `localhost` (`ghcr.io/org/app`, `localhost:5000/app`); otherwise the image is on Docker Hub ' +
      '(`docker.io`), so `company/app` is a Docker Hub image of the user `company`, not one of a registry called company. ' +
      'Patterns as in hadolint: `*.example.com`, `example.*`, `*`, or a registry name (with its port). `scratch` and stage names are never reported.',
    example: 'FROM ghcr.io/acme/base:1.0\nRUN echo hello\n',
    fixed: 'FROM registry.example.com/acme/base:1.0\nRUN echo hello\n',
    options: { trustedRegistries: ['registry.example.com'] },
    references: [
      'https://github.com/hadolint/hadolint/wiki/DL3026',
      'https://docs.docker.com/reference/cli/docker/image/pull/#pull-from-a-different-registry',
      'https://github.com/distribution/reference/blob/main/normalize.go',
    ],
  },
  check({ doc, stages, options, report }) {
    const trusted = options.trustedRegistries;
    if (!trusted) return;
    const stageNames = new Set(doc.stages.stages.map((s) => s.name).filter((n): n is string => !!n));
    const verdict = (ref: string): string | undefined => {
      if (!ref || ref.toLowerCase() === 'scratch') return undefined;
      const domain = splitImageName(ref).domain;
      return trusted.some((p) => registryMatches(p, domain)) ? undefined : domain;
    };
    const say = (ref: string, domain: string) => l(
      `\`${ref}\` comes from ${domain === 'docker.io' ? 'Docker Hub (docker.io)' : `the registry ${domain}`}, which is not in trustedRegistries (${trusted.join(', ') || 'empty'})`,
      `\`${ref}\`의 레지스트리 ${domain === 'docker.io' ? 'Docker Hub(docker.io)' : domain}이(가) trustedRegistries(${trusted.join(', ') || '비어 있음'})에 없습니다`,
    );
    for (const stage of stages) {
      const d = stage.from.details;
      if (d.kind === 'from' && d.image && !stage.baseStage && stage.baseName !== undefined) {
        const domain = verdict(stage.baseName);
        if (domain) report({ range: { start: d.image.start, end: d.image.end }, message: say(stage.baseName, domain) });
      }
      for (const ins of stage.instructions) {
        if (ins.name !== 'COPY') continue;
        const flag = ins.flags.find((f) => f.name === 'from');
        const v = flag?.value;
        // a stage (by name or index), or a variable: not an image reference this rule can read
        if (!flag || !v || v.includes('$') || /^\d+$/.test(v) || stageNames.has(v.toLowerCase())) continue;
        const domain = verdict(v);
        if (domain) report({ range: { start: flag.start, end: flag.end }, message: say(v, domain) });
      }
    }
  },
};
