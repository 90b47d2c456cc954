/**
 * NoEmptyContinuation: an empty line inside an instruction continued with the
 * escape character. The parser records the problem (code NoEmptyContinuation);
 * this rule reports it so `# check=skip=NoEmptyContinuation` applies.
 * BuildKit reports one warning per instruction, at the instruction's last line
 * (parser.go: `Location: currentLine`); the empty lines are related locations.
 */
import type { Rule } from './types';
import { buildCheckReferences } from './util/docs';
import { l } from '../docs/locale';

export const NoEmptyContinuation: Rule = {
  id: 'NoEmptyContinuation',
  severity: 'warning',
  scope: 'instruction',
  buildkit: true,
  docs: {
    summary: 'Empty continuation lines will become errors in a future release.',
    why: 'An empty line after a line ending with the escape character is silently skipped today, but this is deprecated (moby/moby#33719) and a future Dockerfile syntax will reject it, breaking the build.',
    example: 'FROM alpine\nRUN apk add \\\n\n    curl\n',
    fixed: 'FROM alpine\nRUN apk add \\\n    curl\n',
    fix: 'Removes the empty lines inside the instruction.',
    fixSafety: 'Safe: the parser skips the empty lines; the instruction is the same.',
    references: buildCheckReferences('NoEmptyContinuation', 'https://github.com/moby/moby/pull/33719'),
  },
  check({ doc, report, instructions }) {
    // the parser's problems of this code, by start: checked against each instruction to look at
    const starts: number[] = [];
    for (const p of doc.ast.problems) if (p.code === 'NoEmptyContinuation') starts.push(p.start);
    if (!starts.length) return;
    starts.sort((a, b) => a - b);
    for (const ins of instructions) {
      // the last problem starting at or before the instruction's end must start inside it
      let lo = 0;
      let hi = starts.length - 1;
      let k = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid] <= ins.end) {
          k = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (k < 0 || starts[k] < ins.start) continue;
      // the empty lines of this instruction
      const empties: Array<{ start: number; end: number }> = [];
      const startLine = doc.lines.positionAt(ins.start).line;
      // heredoc bodies are not continuation lines: stop before the first one
      const logicalEnd = ins.heredocs.length ? ins.heredocs[0].body.start - 1 : ins.end;
      const endLine = doc.lines.positionAt(Math.max(ins.start, logicalEnd)).line;
      for (let l = startLine + 1; l < endLine; l++) {
        const s = doc.lines.offsetAt({ line: l, character: 0 });
        const e = doc.lines.offsetAt({ line: l + 1, character: 0 });
        const text = doc.text.slice(s, e);
        if (/^[ \t]*\r?\n$/.test(text)) empties.push({ start: s, end: e });
      }
      if (empties.length === 0) continue;
      const lastLineStart = doc.lines.offsetAt({ line: endLine, character: 0 });
      const lastLineEnd = Math.min(ins.end, doc.lines.offsetAt({ line: endLine, character: Number.MAX_SAFE_INTEGER }));
      const lastLine = doc.text.slice(lastLineStart, lastLineEnd);
      const range = { start: lastLineStart + (lastLine.length - lastLine.trimStart().length), end: lastLineStart + lastLine.trimEnd().length };
      if (range.end < range.start) range.end = range.start;
      report({
        range,
        message: l('Empty continuation line', '빈 연속 줄이 있습니다'),
        related: empties.map((r) => ({ range: { start: r.start, end: r.start }, message: l('empty continuation line', '빈 연속 줄') })),
        fixes: [{ title: l('Remove empty continuation lines', '빈 연속 줄 지우기'), preferred: true, applicability: 'safe', edits: empties.map((r) => ({ ...r, newText: '' })) }],
      });
    }
  },
};
