/**
 * Which builder a `docker build` ran, read from its output as it streams, and why it was not BuildKit.
 * What each docker CLI prints (captured from real builds against a Docker 20.10 engine, see
 * test/integration/builderKind.test.ts):
 * - BuildKit: `#1 [internal] load build definition from Dockerfile` (plain progress), with Debian's
 *   docker 20.10 client (BuildKit built in) when the daemon enables it or `DOCKER_BUILDKIT=1`.
 * - The legacy builder: `Sending build context to Docker daemon`, `Step 1/2 : FROM …`. A docker CLI 23+
 *   without the buildx plugin falls back to it and first prints `DEPRECATED: The legacy builder is
 *   deprecated and will be removed in a future release.` followed by `Install the buildx component to
 *   build images with BuildKit:` (or, with `DOCKER_BUILDKIT=0`, `BuildKit is currently disabled`). A 20.10
 *   client uses it silently when `DOCKER_BUILDKIT=0` or when the daemon does not default to BuildKit.
 * - No build at all: a CLI 23+ without buildx and `DOCKER_BUILDKIT=1` stops with `ERROR: BuildKit is
 *   enabled but the buildx component is missing or broken.`
 * - Podman / Buildah: `STEP 1/2: FROM …` (their own builder; nothing to say).
 * Docker documents the switch at https://docs.docker.com/build/buildkit/ and the plugin at
 * https://docs.docker.com/go/buildx/ (the link the CLI prints). Pure: no VS Code API.
 */

export type BuilderKind = 'buildkit' | 'legacy' | 'podman';
/** Why the legacy builder ran (or, for `none`, why nothing did). */
export type LegacyReason = 'buildx-missing' | 'disabled' | 'daemon-default';

export interface BuilderInfo {
  /** Undefined when the output names no builder (the CLI failed before building, an unknown engine). */
  builder: BuilderKind | undefined;
  /** Set for `legacy`. */
  reason?: LegacyReason;
  /** BuildKit was asked for (`DOCKER_BUILDKIT=1`) but the CLI has no buildx plugin: nothing was built. */
  buildxMissing?: boolean;
}

/** Docker's page on the buildx plugin, as the CLI links it in its banner. */
export const BUILDX_DOCS = 'https://docs.docker.com/go/buildx/';
/** Docker's page on BuildKit and `DOCKER_BUILDKIT`. */
export const BUILDKIT_DOCS = 'https://docs.docker.com/build/buildkit/';

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const BUILDKIT_STEP = /^#\d+ (\[|DONE|CACHED|ERROR|sha256:)/;
const LEGACY_STEP = /^(Sending build context to Docker daemon|Step \d+\/\d+ : )/;
const PODMAN_STEP = /^(\[\d+\/\d+\] )?STEP \d+\/\d+: /;
const DEPRECATED = /^DEPRECATED: The legacy builder is deprecated/;
const DISABLED = /BuildKit is currently disabled/;
const INSTALL_BUILDX = /Install the buildx component/;
const BUILDX_MISSING = /^ERROR: BuildKit is enabled but the buildx component is missing or broken/;

/**
 * `DOCKER_BUILDKIT` as the docker CLI reads it (Go's `strconv.ParseBool`): true, false, or undefined when
 * unset or not a boolean (the CLI then refuses to run: "DOCKER_BUILDKIT environment variable expects boolean value").
 */
export function dockerBuildkitEnv(env: Record<string, string | undefined>): boolean | undefined {
  const v = env.DOCKER_BUILDKIT;
  if (v === undefined || v === '') return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

export class BuilderDetector {
  private builder: BuilderKind | undefined;
  private banner = false;
  private bannerReason: LegacyReason | undefined;
  private missing = false;
  /**
   * Lines read so far: the builder and the notice show in the first few, later lines are not examined.
   * The notice (stderr) and the first steps (stdout) arrive on two pipes, in either order, so the
   * notice is still looked for after the builder showed.
   */
  private lines = 0;

  push(raw: string): void {
    if (this.lines > 200) return;
    this.lines++;
    const line = raw.replace(ANSI, '').trimEnd();
    if (DEPRECATED.test(line)) this.banner = true;
    else if (this.banner && !this.bannerReason && DISABLED.test(line)) this.bannerReason = 'disabled';
    else if (this.banner && !this.bannerReason && INSTALL_BUILDX.test(line)) this.bannerReason = 'buildx-missing';
    else if (BUILDX_MISSING.test(line)) this.missing = true;
    else if (this.builder) return;
    else if (BUILDKIT_STEP.test(line)) this.builder = 'buildkit';
    else if (LEGACY_STEP.test(line)) this.builder = 'legacy';
    else if (PODMAN_STEP.test(line)) this.builder = 'podman';
  }

  /** What ran; `env` is the environment the CLI got (the extension host's plus `dockerfileLens.docker.env`). */
  result(env: Record<string, string | undefined>): BuilderInfo {
    if (this.missing && !this.builder) return { builder: undefined, buildxMissing: true };
    const builder = this.builder ?? (this.banner ? 'legacy' : undefined);
    if (builder !== 'legacy') return { builder };
    const reason = this.bannerReason ?? (dockerBuildkitEnv(env) === false ? 'disabled' : this.banner ? 'buildx-missing' : 'daemon-default');
    return { builder, reason };
  }
}
