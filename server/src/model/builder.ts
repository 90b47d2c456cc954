/**
 * Which builder builds a file, one fact for the whole lint (LintOptions.builder,
 * RuleContext.builder): the session sets it from the document's URI and the
 * `dockerfileLens.docker.path` setting, the CLI from the file name and
 * `--builder` (or the config's `docker.path`). No rule works it out itself.
 *
 * - `buildkit`: `docker build` (BuildKit's Dockerfile frontend), the default.
 * - `buildah`: Buildah, which `podman build` and `buildah build` run. A file named
 *   `Containerfile`, `Containerfile.*` or `*.containerfile` is a Buildah file (Podman and
 *   Buildah look for `Containerfile` first; Docker never does), and so is every file when the
 *   engine CLI is podman or buildah.
 *
 * Buildah (checked with Debian's buildah 1.28) accepts some files BuildKit rejects while it
 * reads them: `COPY --from=${VAR}` and `RUN --mount=…,from=${VAR}` (Buildah expands the
 * variable; BuildKit: "variable expansion is not supported for --from"), `COPY --from=` a
 * stage defined further down (Buildah builds that stage first), a flag given twice (the last
 * one wins). Rules report those as warnings naming both builders there.
 */
import { l, t, type Text } from '../docs/locale';

export type Builder = 'buildkit' | 'buildah';

/** `Containerfile`, `Containerfile.*`, `*.containerfile` (case-insensitive, as Podman matches them on case-insensitive systems too). */
const CONTAINERFILE = /^containerfile(?:\..*)?$|\.containerfile$/i;

/** The last path segment of a URI or a path (either separator). */
function baseName(uriOrPath: string): string {
  const q = uriOrPath.search(/[?#]/);
  const noQuery = q < 0 ? uriOrPath : uriOrPath.slice(0, q);
  const i = Math.max(noQuery.lastIndexOf('/'), noQuery.lastIndexOf('\\'));
  let name = noQuery.slice(i + 1);
  try {
    name = decodeURIComponent(name);
  } catch {
    /* not percent-encoded */
  }
  return name;
}

/** Whether the engine CLI setting names Podman or Buildah (`podman`, `/usr/bin/podman`, `buildah.exe`, `podman-remote`). */
export function isBuildahEngine(dockerPath: string | undefined): boolean {
  if (!dockerPath) return false;
  return /^(?:podman|buildah)(?:-remote)?(?:\.exe)?$/i.test(baseName(dockerPath.trim()));
}

/** The builder of a file, from its name (URI or path) and the engine CLI setting. */
export function builderFor(uriOrPath: string, dockerPath?: string): Builder {
  return CONTAINERFILE.test(baseName(uriOrPath)) || isBuildahEngine(dockerPath) ? 'buildah' : 'buildkit';
}

/** The builder's name as messages show it. */
export const BUILDER_NAMES: Record<Builder, string> = { buildkit: 'BuildKit (docker build)', buildah: 'Buildah (podman build, buildah build)' };

/**
 * A finding BuildKit reports as an error but Buildah accepts: an error for BuildKit; for
 * Buildah a warning whose message names both builders.
 */
export function buildkitOnlyFailure(builder: Builder, message: Text, buildahDoes: Text): { message: Text; severity?: 'warning' } {
  if (builder === 'buildkit') return { message };
  return {
    message: l(
      `${BUILDER_NAMES.buildkit} fails here: ${t(message, 'en')}. ${BUILDER_NAMES.buildah} ${t(buildahDoes, 'en')}, so this file builds only there.`,
      `${BUILDER_NAMES.buildkit}는 여기서 실패합니다: ${t(message, 'ko')}. ${BUILDER_NAMES.buildah}는 ${t(buildahDoes, 'ko')} 이 파일은 Buildah에서만 빌드됩니다.`,
    ),
    severity: 'warning',
  };
}

/** The build target `--target NAME` / `--target=NAME` among `docker build` arguments (the `build.extraArgs` setting), if any. */
export function buildTargetOf(args: readonly string[]): string | undefined {
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--target' && i + 1 < args.length) target = args[++i];
    else if (a.startsWith('--target=')) target = a.slice('--target='.length);
  }
  return target || undefined;
}
