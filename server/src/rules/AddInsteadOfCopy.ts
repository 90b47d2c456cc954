/** ADD of local files that are not archives: COPY does the same, without ADD's magic (hadolint DL3020). */
import type { Instruction, Token } from '../parser';
import type { BuildContext, Rule } from './types';

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2|tbz|tb2|tar\.xz|txz|tar\.lzma|tlz|tar\.z|tz|tar\.zst|tzst|gz|bz2|xz|lzma|z|zst)$/i;
const ADD_ONLY_FLAGS = new Set(['checksum', 'keep-git-dir', 'unpack']);

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

export function sameCase(original: string, word: string): string {
  if (original === original.toLowerCase()) return word.toLowerCase();
  if (original === original.toUpperCase()) return word.toUpperCase();
  return word[0].toUpperCase() + word.slice(1).toLowerCase();
}

export function addSources(ins: Instruction): Token[] {
  return ins.details.kind === 'copy' ? ins.details.sources : [];
}

export const AddInsteadOfCopy: Rule = {
  id: 'AddInsteadOfCopy',
  severity: 'warning',
  hadolint: ['DL3020'],
  docs: {
    summary: 'Flags ADD of local files or folders that are not archives, where COPY does the same.',
    why:
      'ADD does more than copy: it extracts local tar archives and downloads URLs. For plain files and folders COPY gives the same ' +
      "result and says exactly what happens; a file that happens to be an archive is not silently extracted. Docker's best practices " +
      'prefer COPY for copying from the build context.',
    example: 'FROM alpine:3.20\nADD app.py /app/\n',
    fixed: 'FROM alpine:3.20\nCOPY app.py /app/\n',
    fix: 'Replaces the ADD keyword by COPY (same letter case), when no ADD-only flag (`--checksum`, `--keep-git-dir`, `--unpack`) is used.',
    references: ['https://docs.docker.com/build/building/best-practices/#add-or-copy', 'https://docs.docker.com/reference/dockerfile/#add', 'https://github.com/hadolint/hadolint/wiki/DL3020'],
  },
  check(ctx) {
    for (const ins of ctx.doc.ast.instructions) {
      if (ins.name !== 'ADD' || ins.heredocs.length) continue;
      const sources = addSources(ins);
      if (!sources.length || ins.flags.some((f) => f.name === 'unpack')) continue;
      if (!sources.every((s) => addSourceKind(s, ctx.context) === 'local')) continue;
      const fixable = !ins.flags.some((f) => ADD_ONLY_FLAGS.has(f.name));
      const copy = sameCase(ins.keyword, 'COPY');
      ctx.report({
        range: ins.keywordRange,
        message: `ADD of local ${sources.length === 1 ? `\`${sources[0].value}\`` : 'files'}, which ${sources.length === 1 ? 'is' : 'are'} not an archive or a URL: use COPY, which only copies.`,
        fixes: fixable ? [{ title: `Replace ADD by ${copy}`, edits: [{ start: ins.keywordRange.start, end: ins.keywordRange.end, newText: copy }], preferred: true }] : undefined,
      });
    }
  },
};
