/**
 * Docker image references (`[registry[:port]/][namespace/]repository[:tag][@digest]`), validated as the
 * Docker CLI validates `docker build -t`, `docker tag` and `docker push` arguments: the grammar of
 * github.com/distribution/reference (regexp.go, rebuilt here from the same pieces) and the checks of its
 * `ParseNormalizedNamed` (normalize.go):
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

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const optionalPort = '(?::[0-9]+)?';
const tagPat = '[\\w][\\w.-]{0,127}';
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const domainAndPort = `(?:${domainName}|${ipv6address})${optionalPort}`;
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;

const DOMAIN = new RegExp(`^${domainAndPort}$`);
const REMOTE_NAME = new RegExp(`^${remoteName}$`);
const TAG = new RegExp(`^${tagPat}$`);
const DIGEST = new RegExp(`^${digestPat}$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;
/** go-digest's available algorithms and the length of their hex encoding. */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** distribution/reference's NameTotalLengthMax. */
export const NAME_MAX_LENGTH = 255;
/** Longer input is refused before any matching (a name, a 128-character tag and a sha512 digest fit). */
const INPUT_MAX_LENGTH = 600;

export interface ImageReference {
  /** The registry (`localhost:5000`, `ghcr.io`), or undefined for Docker Hub. */
  registry: string | undefined;
  /** The repository path without the registry: `library/node`, `me/app`, `app`. */
  path: string;
  tag: string | undefined;
  digest: string | undefined;
}

/** Why a string is not a valid reference; the client turns each into a localized message. */
export type ImageNameProblem =
  | 'empty'
  | 'tooLong'
  | 'whitespace'
  | 'imageId'
  | 'uppercase'
  | 'registry'
  | 'repository'
  | 'tag'
  | 'digest'
  | 'digestNotAllowed';

export type ImageNameResult = { ok: true; ref: ImageReference } | { ok: false; problem: ImageNameProblem };

/** Parses `s` as `ParseNormalizedNamed` does; `allowDigest` false for a name to create (build -t, tag, push). */
export function parseImageName(s: string, options: { allowDigest?: boolean } = {}): ImageNameResult {
  const fail = (problem: ImageNameProblem): ImageNameResult => ({ ok: false, problem });
  if (s === '') return fail('empty');
  if (s.length > INPUT_MAX_LENGTH) return fail('tooLong');
  if (/\s/.test(s)) return fail('whitespace');
  if (IDENTIFIER.test(s)) return fail('imageId');

  // name[:tag][@digest]: a digest follows the only '@'; a tag follows the last ':' after the last '/'
  const at = s.indexOf('@');
  const nameAndTag = at === -1 ? s : s.slice(0, at);
  const digest = at === -1 ? undefined : s.slice(at + 1);
  const colon = nameAndTag.lastIndexOf(':');
  const hasTag = colon > nameAndTag.lastIndexOf('/');
  const name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  const tag = hasTag ? nameAndTag.slice(colon + 1) : undefined;

  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const hasRegistry = slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  const registry = hasRegistry ? first : undefined;
  const path = hasRegistry ? name.slice(slash + 1) : name;

  if (registry !== undefined && !DOMAIN.test(registry)) return fail('registry');
  if (path === '') return fail('empty');
  if (path.toLowerCase() !== path) return fail('uppercase');
  if (!REMOTE_NAME.test(path)) return fail('repository');
  if (normalizedLength(registry, path) > NAME_MAX_LENGTH) return fail('tooLong');
  if (tag !== undefined && !TAG.test(tag)) return fail('tag');
  if (digest !== undefined) {
    const [algorithm, hex] = digest.split(':');
    if (!DIGEST.test(digest) || hex.length !== DIGEST_HEX_LENGTH[algorithm] || /[A-F]/.test(hex)) return fail('digest');
    if (!options.allowDigest) return fail('digestNotAllowed');
  }
  return { ok: true, ref: { registry, path, tag, digest } };
}

/** The length of the name as `reference.Parse` sees it: splitDockerDomain adds `docker.io/` and `library/`. */
function normalizedLength(registry: string | undefined, path: string): number {
  const domain = registry === undefined || registry === 'index.docker.io' ? 'docker.io' : registry;
  const official = domain === 'docker.io' && !path.includes('/');
  return domain.length + 1 + (official ? 'library/'.length : 0) + path.length;
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
  return REMOTE_NAME.test(cleaned) ? cleaned : 'image';
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
