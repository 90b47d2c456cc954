/**
 * What a COPY/ADD source is: a URL, a git repository, a local archive ADD
 * unpacks, or plain files of the build context.
 */
import type { Instruction, Token } from '../parser';
import type { BuildContext } from './buildContext';

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2|tbz|tb2|tar\.xz|txz|tar\.lzma|tlz|tar\.z|tz|tar\.zst|tzst|gz|bz2|xz|lzma|z|zst)$/i;

export type SourceKind = 'url' | 'git' | 'archive' | 'local' | 'unknown';

export function isGitSource(v: string): boolean {
  if (/^git@/.test(v) || /^git:\/\//i.test(v)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^#]*\.git(#.*)?$/i.test(v)) return true;
  return v.includes('#') && /^https?:\/\/(github\.com|gitlab\.com|bitbucket\.org)\//i.test(v);
}

/** What an ADD source is, as far as the Dockerfile (and the build context, if readable) tells. */
export function addSourceKind(tok: Token, context: BuildContext | undefined): SourceKind {
  const v = tok.value;
  if (v.startsWith('<<') || v.includes('$')) return 'unknown';
  if (isGitSource(v)) return 'git';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return 'url';
  const glob = /[*?[]/.test(v);
  if (ARCHIVE.test(v)) return 'archive';
  if (glob) {
    // a pattern is known not to match archives only when it ends with a fixed, non-archive extension
    const tail = v.slice(Math.max(v.lastIndexOf('*'), v.lastIndexOf('?'), v.lastIndexOf(']')) + 1);
    return /^\.[A-Za-z0-9]+$/.test(tail) && !ARCHIVE.test(tail) ? 'local' : 'unknown';
  }
  if (context) {
    const content = context.readFile(v.replace(/^\.?\/+/, ''));
    if (content !== undefined && looksLikeArchive(content)) return 'archive';
  }
  return 'local';
}

/** Tar, gzip, bzip2, xz or zstd content, read as text. */
function looksLikeArchive(s: string): boolean {
  return s.charCodeAt(0) === 0x1f || s.startsWith('BZh') || s.slice(1, 5) === '7zXZ' || s.slice(257, 262) === 'ustar' || (s.startsWith('(') && s.slice(2, 3) === '/');
}

export function addSources(ins: Instruction): Token[] {
  return ins.details.kind === 'copy' ? ins.details.sources : [];
}

/**
 * A URL, or a git repository ADD clones (`github.com/o/r.git`, `…r.git#ref`): the
 * pattern `^[a-z0-9.-]+\.[a-z]+\/.*\.git(#.*)?$` tested in two parts around the
 * first `/`, as a whole it is quadratic on a repeated `.git#`.
 */
export function isRemoteSource(s: string): boolean {
  if (/^(https?:\/\/|git@|git:\/\/|ssh:\/\/)/i.test(s)) return true;
  const slash = s.indexOf('/');
  if (slash < 0 || !/^[a-z0-9.-]+\.[a-z]+$/i.test(s.slice(0, slash))) return false;
  const path = s.slice(slash + 1);
  return /\.git(#|$)/i.test(path) && !/[\n\r\u2028\u2029]/.test(path); // `.` does not match a line break
}

// `.` in a pattern stops at a line break: the two helpers below cut only after the last one, as `….*$` did
const afterLastLineBreak = (s: string) => Math.max(s.lastIndexOf('\n'), s.lastIndexOf('\r'), s.lastIndexOf('\u2028'), s.lastIndexOf('\u2029')) + 1;

/** A URL without its `?query` and `#fragment` (what `/[?#].*$/` removed, without retrying at every `?` and `#`). */
export function withoutQuery(url: string): string {
  const from = afterLastLineBreak(url);
  const q = url.slice(from).search(/[?#]/);
  return q < 0 ? url : url.slice(0, from + q);
}

/** A path up to its first segment with a glob character, `/a/b/*.txt` → `/a/b` (what `/\/[^/]*[*?[].*$/` removed). */
export function beforeGlob(path: string): string {
  const firstSlash = path.indexOf('/');
  if (firstSlash < 0) return path;
  const from = Math.max(afterLastLineBreak(path), firstSlash + 1);
  const g = path.slice(from).search(/[*?[]/);
  return g < 0 ? path : path.slice(0, path.lastIndexOf('/', from + g));
}
