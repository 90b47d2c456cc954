/**
 * Reads the build context's ignore file the way BuildKit's dockerui does:
 * `<Dockerfile name>.dockerignore` first, then `.dockerignore`.
 * Matching uses @balena/dockerignore (a port of Docker's pattern matcher),
 * case-sensitive as on Linux.
 */
import ignore from '@balena/dockerignore';
import type { BuildContext } from './buildContext';

export interface IgnoreFile {
  /** The file the patterns came from. */
  name: string;
  patterns: string[];
  /** Some pattern starts with `!` (BuildKit then skips CopyIgnoredFile). */
  exclusions: boolean;
  /** Whether a slash-separated, cleaned context path is excluded (`MatchesOrParentMatches`). */
  ignores(path: string): boolean;
}

/** Escapes the regexp metacharacters that Docker's matcher escapes but @balena/dockerignore does not. */
function escapeMeta(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      out += c + pattern[++i];
    } else if ('+()|{}'.includes(c)) out += '\\' + c;
    else out += c;
  }
  return out;
}

export function readIgnoreFile(context: BuildContext): IgnoreFile | undefined {
  for (const name of [`${context.dockerfileName}.dockerignore`, '.dockerignore']) {
    let text = context.readFile(name);
    if (text === undefined) continue;
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const patterns: string[] = [];
    let exclusions = false;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      if (line.startsWith('!')) exclusions = true;
      patterns.push(line);
    }
    const matcher = ignore({ ignorecase: false }).add(patterns.map(escapeMeta));
    return { name, patterns, exclusions, ignores: (p) => matcher.ignores(p) };
  }
  return undefined;
}
