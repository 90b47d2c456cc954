/**
 * Whether a string is a valid image reference, as distribution/reference's
 * `ParseNormalizedNamed` decides (the grammar of `reference/regexp.go`, lowercase
 * repository path, 255-character name limit, no bare 64-hex IDs, digest syntax).
 */
const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const host = `(?:${domainName}|${ipv6})`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const name = `(?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
/** Exported for the ReDoS test (test/unit/redos.test.ts), which checks the composed pattern. */
export const referenceRe = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
const hex64 = /^[a-f0-9]{64}$/;
const digestLengths: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

export function isValidImageReference(s: string): boolean {
  if (s === '' || hex64.test(s)) return false;
  const m = referenceRe.exec(s);
  if (!m) return false;
  if (m[1].length > 255) return false;
  if (m[3]) {
    const [alg, hex] = m[3].split(':');
    const len = digestLengths[alg];
    if (len === undefined || hex.length !== len || !/^[a-f0-9]+$/.test(hex)) return false;
  }
  return true;
}
