/**
 * Folding ranges:
 * - a build stage, from its FROM line to the last line of its last instruction
 *   (a stage runs to the next FROM: https://docs.docker.com/reference/dockerfile/#from), kind `region`;
 * - an instruction written over several lines (escape-character continuations,
 *   https://docs.docker.com/reference/dockerfile/#escape), first to last line;
 *   for a heredoc instruction that hides its body and terminator
 *   (https://docs.docker.com/reference/dockerfile/#here-documents). A second
 *   heredoc of the same instruction folds on its own too, from the line before
 *   its body;
 * - two or more consecutive comment lines, kind `comment`.
 * No range ends on or before its start line, and no two ranges start on the same
 * line (editors keep only one of those): the widest wins. One pass over the
 * instructions and comments, so linear in the size of the file.
 */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';

export function foldingRanges(doc: DockerfileDocument): FoldingRange[] {
  /** The widest range found for each start line. */
  const byStart = new Map<number, FoldingRange>();
  const add = (startLine: number, endLine: number, kind?: string) => {
    if (endLine <= startLine) return;
    const old = byStart.get(startLine);
    if (old && old.endLine >= endLine) return;
    byStart.set(startLine, kind ? { startLine, endLine, kind } : { startLine, endLine });
  };
  const lineOf = (offset: number) => doc.lines.positionAt(offset).line;
  /** The line of the last character of a non-empty range (its end is exclusive). */
  const lastLineOf = (r: { start: number; end: number }) => lineOf(Math.max(r.start, r.end - 1));

  for (const stage of doc.stages.stages) add(lineOf(stage.start), lastLineOf(stage), FoldingRangeKind.Region);
  for (const outer of doc.ast.instructions) {
    const first = lineOf(outer.start);
    add(first, lastLineOf(outer));
    const ins = outer.details.kind === 'onbuild' && outer.details.instruction ? outer.details.instruction : outer;
    for (let i = 1; i < ins.heredocs.length; i++) {
      const h = ins.heredocs[i];
      if (h.body.end <= h.body.start && !h.terminator) continue;
      const last = h.terminator ? lastLineOf(h.terminator) : lastLineOf(h.body);
      add(lineOf(h.body.start) - 1, last);
    }
  }
  const comments = doc.ast.comments;
  for (let i = 0; i < comments.length; ) {
    const start = lineOf(comments[i].start);
    let end = start;
    let j = i + 1;
    while (j < comments.length && lineOf(comments[j].start) === end + 1) end = lineOf(comments[j++].start);
    add(start, end, FoldingRangeKind.Comment);
    i = j;
  }
  return [...byStart.values()].sort((a, b) => a.startLine - b.startLine);
}
