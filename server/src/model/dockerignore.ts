/**
 * The build context's ignore file (which one applies: model/buildContext.ts).
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

/** Parses an ignore file's text (Docker's rules: `#` comments, blank lines skipped, `!` re-includes). */
export function parseIgnoreFile(name: string, source: string): IgnoreFile {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
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

/** The build context's ignore file, parsed. */
export function readIgnoreFile(context: Pick<BuildContext, 'ignoreFile'>): IgnoreFile | undefined {
  const f = context.ignoreFile();
  return f && parseIgnoreFile(f.name, f.text);
}
