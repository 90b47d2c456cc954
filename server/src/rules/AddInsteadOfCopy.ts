/** ADD of local files that are not archives: COPY does the same, without ADD's magic (hadolint DL3020). */
import { addSourceKind, addSources } from '../model/sources';
import type { Rule } from './types';
import { josa, l } from '../docs/locale';

const ADD_ONLY_FLAGS = new Set(['checksum', 'keep-git-dir', 'unpack']);

export function sameCase(original: string, word: string): string {
  if (original === original.toLowerCase()) return word.toLowerCase();
  if (original === original.toUpperCase()) return word.toUpperCase();
  return word[0].toUpperCase() + word.slice(1).toLowerCase();
}

export const AddInsteadOfCopy: Rule = {
  id: 'AddInsteadOfCopy',
  severity: 'warning',
  scope: 'instruction',
  hadolint: ['DL3020'],
  docs: {
    summary: 'Flags ADD of local files or folders that are not archives, where COPY does the same.',
    why:
      'ADD does more than copy: it extracts local tar archives and downloads URLs. For plain files and folders COPY gives the same ' +
      "result and says exactly what happens; a file that happens to be an archive is not silently extracted. Docker's best practices " +
      'prefer COPY for copying from the build context.',
    example: 'FROM alpine:3.20\nADD app.py /app/\n',
    fixed: 'FROM alpine:3.20\nCOPY app.py /app/\n',
    context: { 'app.py': 'print("hello")\n' },
    fix: 'Replaces the ADD keyword by COPY (same letter case), when no ADD-only flag (`--checksum`, `--keep-git-dir`, `--unpack`) is used.',
    fixSafety: 'Safe when every source is a file the linter read from the build context and found not to be an archive: ADD and COPY then copy the same bytes with the same owner, mode and times. Unsafe otherwise (a glob, a folder, no build context on disk): ADD extracts a local tar archive recognised by its content, not its name, so COPY could put another file in the image.',
    references: ['https://docs.docker.com/build/building/best-practices/#add-or-copy', 'https://docs.docker.com/reference/dockerfile/#add', 'https://github.com/hadolint/hadolint/wiki/DL3020'],
  },
  check(ctx) {
    for (const ins of ctx.instructions) {
      if (ins.name !== 'ADD' || ins.heredocs.length) continue;
      const sources = addSources(ins);
      if (!sources.length || ins.flags.some((f) => f.name === 'unpack')) continue;
      if (!sources.every((s) => addSourceKind(s, ctx.context) === 'local')) continue;
      const fixable = !ins.flags.some((f) => ADD_ONLY_FLAGS.has(f.name));
      const copy = sameCase(ins.keyword, 'COPY');
      // safe only when each source is a file read from the context and known not to be an archive
      const read = sources.every((s) => !/[*?[]/.test(s.value) && ctx.context?.readFile(s.value.replace(/^\.?\/+/, '')) !== undefined);
      ctx.report({
        range: ins.keywordRange,
        message: l(
          `ADD of local ${sources.length === 1 ? `\`${sources[0].value}\`` : 'files'}, which ${sources.length === 1 ? 'is' : 'are'} not an archive or a URL: use COPY, which only copies.`,
          `압축 파일도 URL도 아닌 로컬 ${josa(sources.length === 1 ? `파일 \`${sources[0].value}\`` : '파일', '을')} ADD로 넣고 있습니다. 복사만 하는 COPY를 쓰세요.`,
        ),
        fixes: fixable ? [{ title: l(`Replace ADD by ${copy}`, `ADD를 ${josa(copy, '으로')} 바꾸기`), edits: [{ start: ins.keywordRange.start, end: ins.keywordRange.end, newText: copy }], preferred: true, applicability: read ? 'safe' : 'unsafe' }] : undefined,
      });
    }
  },
};
