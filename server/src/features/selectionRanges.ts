/**
 * Expand selection (smart select): for each position a chain of ranges, the
 * innermost first, each parent strictly containing its child:
 *   variable name in `${NAME}` → the `${NAME}` use → a part of a flag value
 *   (`target=/x` in `--mount=type=cache,target=/x`) → the flag value → the flag;
 *   a key or a value → the `key=value` pair; the word under the cursor → the
 *   argument token (a JSON string without, then with, its quotes) →
 *   the arguments → the instruction with its continuation lines and heredoc
 *   bodies (for ONBUILD: the registered instruction, then the ONBUILD) →
 *   the build stage (FROM to the end of its last instruction) → the document.
 * In a heredoc body: word → line → body; in a comment or parser directive: word
 * → value → the comment. Candidates are gathered from the syntax tree, sorted by
 * size, and only those that nest are kept, so the chain is well-formed whatever
 * the input. Positions outside the document are clamped to it; nothing throws.
 * (Instruction syntax: https://docs.docker.com/reference/dockerfile/#format)
 */
import type { Position, SelectionRange } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';
import { lastStartingBefore, type Instruction, type TextRange } from '../parser';
import { isGoSpace } from '../parser/text';

const isBreak = (c: number) => c === 10 || c === 13;

/** The maximal run of non-white-space characters around `offset` within [lo, hi), if any. */
function wordAt(text: string, offset: number, lo: number, hi: number): TextRange | undefined {
  let start = offset;
  while (start > lo && !isGoSpace(text.charCodeAt(start - 1))) start--;
  let end = offset;
  while (end < hi && !isGoSpace(text.charCodeAt(end))) end++;
  return end > start ? { start, end } : undefined;
}

/** The line around `offset`, without its terminator, clipped to [lo, hi). */
function lineAt(text: string, offset: number, lo: number, hi: number): TextRange {
  let start = offset;
  while (start > lo && !isBreak(text.charCodeAt(start - 1))) start--;
  let end = offset;
  while (end < hi && !isBreak(text.charCodeAt(end))) end++;
  return { start, end };
}

/** The comma-separated part of a flag value around `offset` (`target=/x`). */
function commaPart(text: string, offset: number, r: TextRange): TextRange {
  let start = offset;
  while (start > r.start && text[start - 1] !== ',') start--;
  let end = offset;
  while (end < r.end && text[end] !== ',') end++;
  return { start, end };
}

/** `"x y"` → the range of `x y`; undefined when `r` is not quoted. */
function insideQuotes(text: string, r: TextRange): TextRange | undefined {
  const q = text.charCodeAt(r.start);
  return r.end - r.start >= 2 && (q === 34 || q === 39) && text.charCodeAt(r.end - 1) === q ? { start: r.start + 1, end: r.end - 1 } : undefined;
}

/**
 * Adds the ranges of `ins` around `offset` to `out`; `words` gets the pieces a
 * word under the cursor must stay within (a JSON string, a key, a value…).
 */
function instructionCandidates(doc: DockerfileDocument, ins: Instruction, offset: number, out: TextRange[], words: TextRange[]): void {
  const text = doc.text;
  const inside = (r: TextRange | undefined): r is TextRange => !!r && r.start <= offset && offset <= r.end;
  /** A piece that is also a bound for the word under the cursor, with its unquoted inside. */
  const piece = (r: TextRange | undefined) => {
    if (!inside(r)) return;
    out.push(r);
    words.push(r);
    const q = insideQuotes(text, r);
    if (q) out.push(q), words.push(q);
  };
  out.push(ins, ins.keywordRange);
  piece(ins.argsRange);
  for (const v of ins.variables) {
    if (!inside(v)) continue;
    out.push(v, v.nameRange);
    if (v.word) out.push(v.word);
  }
  for (const f of ins.flags) {
    if (!inside(f)) continue;
    out.push(f, f.nameRange);
    piece(f.valueRange);
    if (inside(f.valueRange)) piece(commaPart(text, offset, f.valueRange));
  }
  for (const a of ins.args) piece(a);
  const d = ins.details;
  if (d.kind === 'keyValues') {
    for (const p of d.pairs) {
      const pair = { start: p.key.start, end: Math.max(p.key.end, p.value.end) };
      if (inside(pair)) out.push(pair), piece(p.key), piece(p.value);
    }
  } else if (d.kind === 'arg') {
    for (const decl of d.declarations) {
      const whole = { start: decl.name.start, end: decl.value ? decl.value.end : decl.name.end };
      if (inside(whole)) out.push(whole), piece(decl.name), piece(decl.value);
    }
  } else if (d.kind === 'from') {
    piece(d.image), piece(d.asKeyword), piece(d.stageName);
  }
  for (const h of ins.heredocs) {
    out.push(h);
    if (h.terminator) out.push(h.terminator);
    if (inside(h.body) && h.body.end > h.body.start) {
      out.push(h.body);
      piece(lineAt(text, offset, h.body.start, h.body.end));
    }
  }
}

function candidates(doc: DockerfileDocument, offset: number): TextRange[] {
  const out: TextRange[] = [];
  const words: TextRange[] = [];
  const text = doc.text;
  const c = doc.ast.comments[lastStartingBefore(doc.ast.comments, offset, true)];
  if (c && offset <= c.end) out.push(c), words.push(c);
  const d = doc.ast.directives[lastStartingBefore(doc.ast.directives, offset, true)];
  if (d && offset <= d.end) out.push(d, d.nameRange, d.valueRange), words.push(d.valueRange);
  const outer = doc.instructionAt(offset);
  if (outer) {
    instructionCandidates(doc, outer, offset, out, words);
    if (outer.details.kind === 'onbuild' && outer.details.instruction) instructionCandidates(doc, outer.details.instruction, offset, out, words);
  }
  // the word under the cursor, within the smallest piece around it
  let bound: TextRange | undefined;
  for (const r of words) if (r.start <= offset && offset <= r.end && (!bound || r.end - r.start < bound.end - bound.start)) bound = r;
  const w = bound && wordAt(text, offset, bound.start, bound.end);
  if (w) out.push(w);
  const stage = doc.stageAt(offset);
  if (stage) out.push(stage);
  if (!outer && !out.length) out.push(lineAt(text, offset, 0, text.length));
  return out;
}

/** Links the ranges that contain `offset`, smallest first, keeping only strictly growing ones. */
function chain(doc: DockerfileDocument, offset: number): SelectionRange {
  const whole = { start: 0, end: doc.text.length };
  const found = candidates(doc, offset).filter((r) => r.start <= offset && offset <= r.end && r.end > r.start);
  found.sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start);
  const kept: TextRange[] = [];
  for (const r of [...found, whole]) {
    const last = kept[kept.length - 1];
    if (!last || (r.start <= last.start && r.end >= last.end && (r.start < last.start || r.end > last.end))) kept.push(r);
  }
  let result: SelectionRange | undefined;
  for (let i = kept.length - 1; i >= 0; i--) result = result ? { range: doc.lines.rangeOf(kept[i]), parent: result } : { range: doc.lines.rangeOf(kept[i]) };
  return result ?? { range: doc.lines.rangeOf(whole) };
}

function clampedOffset(doc: DockerfileDocument, p: Position | undefined): number {
  const line = Number.isFinite(p?.line) ? Math.trunc(p!.line) : 0;
  const character = Number.isFinite(p?.character) ? Math.trunc(p!.character) : 0;
  return doc.lines.offsetAt({ line, character });
}

export function selectionRanges(doc: DockerfileDocument, positions: Position[]): SelectionRange[] {
  return (positions ?? []).map((p) => {
    try {
      return chain(doc, clampedOffset(doc, p));
    } catch {
      return { range: doc.lines.rangeOf({ start: 0, end: doc.text.length }) };
    }
  });
}
