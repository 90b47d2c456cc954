/**
 * Image references (`[registry[:port]/][namespace/]repository[:tag][@digest]`) as Docker reads them: the
 * grammar of github.com/distribution/reference (regexp.go) and the splitting and checks of its
 * `ParseNormalizedNamed` (normalize.go). The one grammar and splitter of the extension: the server's
 * model (hover, links, hints, rules), its registry client and the client's image prompts all use it.
 * In protocol/ because the client needs it too (it imports nothing but protocol/).
 *
 * - `splitImageName`: `splitDockerDomain`: the first path component is a registry only when it contains
 *   `.` or `:`, is `localhost`, or has an upper-case letter; otherwise the name is on Docker Hub
 *   (`docker.io`, `index.docker.io` being its old name), where a one-component name gets `library/`.
 *   A digest follows the first `@`, a tag the last `:` after the last `/`. Nothing is validated.
 * - `parseNormalizedNamed`: the split, validated: the repository path must be lower case; a 64-hex string
 *   is an image ID, not a name; the normalized name (`app` → `docker.io/library/app`) is at most 255
 *   characters (distribution/reference up to v0.5.0; v0.6.0 counts the path only); a tag at most 128
 *   (`[\w][\w.-]{0,127}`); a digest is one go-digest accepts (`digest.Parse`): sha256, sha384 or sha512
 *   with that many lower-case hex digits. A refused string says which part is wrong (`ReferenceProblem`).
 * Pure, no dependency: unit tested through its callers (test/unit/imageName.test.ts, images.test.ts).
 */

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainAndPort = `(?:${domainName}|${ipv6address})(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';

/**
 * `reference := name [":" tag] ["@" digest]`, `name := [domain "/"] remote-name`, each part a named group.
 * The only regex of the grammar: the parts are checked with it too (`matchesPart`). Exported for the ReDoS
 * test (test/unit/redos.test.ts), which checks the composed pattern.
 */
export const referenceRe = new RegExp(
  `^(?<name>(?:(?<domain>${domainAndPort})/)?(?<path>${remoteName}))(?::(?<tag>${tag}))?(?:@(?<digest>${digest}))?$`,
);

/** distribution/reference's NameTotalLengthMax. */
export const NAME_MAX_LENGTH = 255;
/** Longer input is refused before any matching (a name, a 128-character tag and a sha512 digest fit). */
const INPUT_MAX_LENGTH = 600;
const IDENTIFIER = /^[a-f0-9]{64}$/;
/** go-digest's available algorithms and the length of their hex encoding. */
const DIGEST_HEX_LENGTH = new Map([['sha256', 64], ['sha384', 96], ['sha512', 128]]);

/** A reference split as `ParseNormalizedNamed` splits it. */
export interface ImageNameParts {
  /** The registry as Docker names it: `docker.io` when none is written (and for `index.docker.io`), `ghcr.io`, `localhost:5000`. */
  domain: string;
  /** The repository path in the registry: `library/node` (added for Docker Hub's official images), `me/app`. */
  path: string;
  /** The registry as written; undefined when the name has none. */
  writtenDomain: string | undefined;
  /** The path as written, after the registry: `node`, `me/app`. */
  writtenPath: string;
  /** As written (`''` for `node:`); undefined when there is none. */
  tag: string | undefined;
  digest: string | undefined;
  /** Neither tag nor digest: Docker uses `latest`. */
  implicitTag: boolean;
}

/** Splits `s` into its parts, with Docker's defaults; validates nothing (see `parseNormalizedNamed`). */
export function splitImageName(s: string): ImageNameParts {
  const at = s.indexOf('@');
  const nameAndTag = at === -1 ? s : s.slice(0, at);
  const digest = at === -1 ? undefined : s.slice(at + 1);
  const colon = nameAndTag.lastIndexOf(':');
  const hasTag = colon > nameAndTag.lastIndexOf('/');
  const name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  const tag = hasTag ? nameAndTag.slice(colon + 1) : undefined;

  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const hasDomain = slash !== -1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first);
  const writtenDomain = hasDomain ? first : undefined;
  const writtenPath = hasDomain ? name.slice(slash + 1) : name;
  const domain = writtenDomain === undefined || writtenDomain === 'index.docker.io' ? 'docker.io' : writtenDomain;
  const path = domain === 'docker.io' && !writtenPath.includes('/') ? `library/${writtenPath}` : writtenPath;
  return { domain, path, writtenDomain, writtenPath, tag, digest, implicitTag: tag === undefined && digest === undefined };
}

/** Why a string is not a valid reference (the client turns each into a localized message). */
export type ReferenceProblem = 'empty' | 'tooLong' | 'whitespace' | 'imageId' | 'uppercase' | 'registry' | 'repository' | 'tag' | 'digest';

export type ParsedReference = { ok: true; ref: ImageNameParts } | { ok: false; problem: ReferenceProblem };

/** `s` split and validated as `ParseNormalizedNamed` does; digests allowed. */
export function parseNormalizedNamed(s: string): ParsedReference {
  const fail = (problem: ReferenceProblem): ParsedReference => ({ ok: false, problem });
  if (s === '') return fail('empty');
  if (s.length > INPUT_MAX_LENGTH) return fail('tooLong');
  if (/\s/.test(s)) return fail('whitespace');
  if (IDENTIFIER.test(s)) return fail('imageId');
  const ref = splitImageName(s);
  if (ref.writtenDomain !== undefined && !matchesPart('domain', ref.writtenDomain)) return fail('registry');
  if (ref.writtenPath === '') return fail('empty');
  if (ref.writtenPath.toLowerCase() !== ref.writtenPath) return fail('uppercase');
  if (!isValidRepositoryPath(ref.writtenPath)) return fail('repository');
  if (ref.domain.length + 1 + ref.path.length > NAME_MAX_LENGTH) return fail('tooLong');
  if (ref.tag !== undefined && !matchesPart('tag', ref.tag)) return fail('tag');
  if (ref.digest !== undefined) {
    const [algorithm, hex] = ref.digest.split(':');
    if (!matchesPart('digest', ref.digest) || hex.length !== DIGEST_HEX_LENGTH.get(algorithm) || /[A-F]/.test(hex)) return fail('digest');
  }
  return { ok: true, ref };
}

/** Whether Docker takes `s` as an image reference (`ParseNormalizedNamed` succeeds; a digest is fine). */
export function isValidImageReference(s: string): boolean {
  return parseNormalizedNamed(s).ok;
}

/** Whether `s` is a repository path (`remote-name`): lower-case components joined by `/`. */
export function isValidRepositoryPath(s: string): boolean {
  return matchesPart('path', s);
}

/**
 * Whether `value` is one part of the grammar, checked with `referenceRe` on a reference made around it:
 * `value/x` for a registry (the optional registry group is tried first, so a valid one is taken as the
 * registry), `x/value` for a path, `x:value` for a tag, `x@value` for a digest.
 */
function matchesPart(part: 'domain' | 'path' | 'tag' | 'digest', value: string): boolean {
  const probe = part === 'domain' ? `${value}/x` : part === 'path' ? `x/${value}` : part === 'tag' ? `x:${value}` : `x@${value}`;
  return referenceRe.exec(probe)?.groups?.[part] === value;
}
