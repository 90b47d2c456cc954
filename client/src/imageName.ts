/**
 * Docker image references (`[registry[:port]/][namespace/]repository[:tag][@digest]`), validated as the
 * Docker CLI validates `docker build -t`, `docker tag` and `docker push` arguments: the grammar of
 * github.com/distribution/reference (regexp.go) and the checks of its `ParseNormalizedNamed` (normalize.go),
 * shared with the language server (server/src/protocol/imageName.ts):
 * - the first path component is a registry only when it contains `.` or `:`, is `localhost`, or has an
 *   upper-case letter (`splitDockerDomain`); otherwise the name is on Docker Hub;
 * - the repository path must be lower case ("repository name must be lowercase");
 * - a 64-hex string is an image ID, not a name ("cannot specify 64-byte hexadecimal strings");
 * - the name, normalized (`app` → `docker.io/library/app`), is at most 255 characters, a tag at most 128
 *   (`[\w][\w.-]{0,127}`);
 * - a digest is one go-digest accepts (`digest.Parse`): sha256, sha384 or sha512 with that many lower-case
 *   hex digits;
 * - `docker build -t` and `docker tag` refuse a digest in the new name ("refusing to create a tag with a
 *   digest reference"): `allowDigest` is for references to existing images only.
 * Pure: no VS Code API, so it is unit tested (test/unit/imageName.test.ts).
 */

import { NAME_MAX_LENGTH, isValidRepositoryPath, parseNormalizedNamed, type ReferenceProblem } from '../../server/src/protocol/imageName';

export { NAME_MAX_LENGTH };

export interface ImageReference {
  /** The registry (`localhost:5000`, `ghcr.io`), or undefined for Docker Hub. */
  registry: string | undefined;
  /** The repository path without the registry: `library/node`, `me/app`, `app`. */
  path: string;
  tag: string | undefined;
  digest: string | undefined;
}

/** Why a string is not a valid reference; the client turns each into a localized message. */
export type ImageNameProblem = ReferenceProblem | 'digestNotAllowed';

export type ImageNameResult = { ok: true; ref: ImageReference } | { ok: false; problem: ImageNameProblem };

/** Parses `s` as `ParseNormalizedNamed` does; `allowDigest` false for a name to create (build -t, tag, push). */
export function parseImageName(s: string, options: { allowDigest?: boolean } = {}): ImageNameResult {
  const parsed = parseNormalizedNamed(s);
  if (!parsed.ok) return parsed;
  // the parts as written: a name is shown and passed to docker as the user typed it, nothing normalized
  const { writtenDomain: registry, writtenPath: path, tag, digest } = parsed.ref;
  if (digest !== undefined && !options.allowDigest) return { ok: false, problem: 'digestNotAllowed' };
  return { ok: true, ref: { registry, path, tag, digest } };
}

/** The reference written back: `registry/path[:tag][@digest]` (nothing normalized away or added). */
export function formatImageName(ref: ImageReference): string {
  return `${ref.registry ? ref.registry + '/' : ''}${ref.path}${ref.tag !== undefined ? ':' + ref.tag : ''}${ref.digest !== undefined ? '@' + ref.digest : ''}`;
}

/**
 * A repository name made from a folder name: lower-cased, runs of characters outside the grammar turned
 * into one `-`, separators trimmed from the ends (`My App_v2!` → `my-app_v2`); `image` when nothing is left.
 */
export function repositoryFromFolder(folder: string): string {
  const cleaned = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[._-]{2,}/g, (run) => (run === '__' || /^-+$/.test(run) ? run : '-'))
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, NAME_MAX_LENGTH - 'docker.io/library/'.length)
    .replace(/[._-]+$/, '');
  return isValidRepositoryPath(cleaned) ? cleaned : 'image';
}

/** The default name for a Dockerfile's image: `<folder>:latest`. */
export function defaultImageName(folder: string): string {
  return `${repositoryFromFolder(folder)}:latest`;
}

/**
 * Whether a name lacks the `<account>/` that `docker push` needs: a bare `app:1` names Docker Hub's official
 * `library/app`, which nobody but Docker can push to. A registry or a namespace is enough.
 */
export function needsAccount(ref: ImageReference): boolean {
  return ref.registry === undefined && !ref.path.includes('/');
}

/** `app:1` under the account `me` → `me/app:1` (the tag kept, `latest` when there is none). */
export function withAccount(ref: ImageReference, account: string): string {
  return formatImageName({ registry: undefined, path: `${account}/${ref.path}`, tag: ref.tag ?? 'latest', digest: undefined });
}
