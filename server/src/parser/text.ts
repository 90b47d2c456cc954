/**
 * Text helpers shared by the parser: Go's notion of white space (BuildKit is
 * written in Go and trims with `unicode.IsSpace`) and the line index that turns
 * document offsets into LSP positions (zero-based line, UTF-16 character).
 */

/**
 * A copy of `s` that does not keep the string it was sliced from alive. V8 makes a slice of 13 or more
 * characters a view of its parent (a SlicedString): a token kept in the syntax tree would keep the whole
 * document text of its version in memory, and instructions the incremental parser carries over would
 * keep one old text per edit. Concatenation makes a rope that the slice flattens into a fresh copy,
 * so the result only holds `s.length + 1` characters.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** Go's `unicode.IsSpace`. */
export function isGoSpace(c: number): boolean {
  if (c <= 0xff) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** The characters of BuildKit's `reWhitespace` / `tokenWhitespace`: `[\t\v\f\r ]`. */
export function isTokenSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0x0d;
}

/** Index of the first character at or after `from` that is not Go white space. */
export function skipGoSpace(s: string, from: number, to = s.length): number {
  let i = from;
  while (i < to && isGoSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Index just after the last character before `to` that is not Go white space. */
export function trimGoSpaceEnd(s: string, from: number, to: number): number {
  let i = to;
  while (i > from && isGoSpace(s.charCodeAt(i - 1))) i--;
  return i;
}

export interface Position {
  line: number;
  character: number;
}

/**
 * Maps offsets to positions the way LSP clients count: lines end at `\r\n`,
 * `\n` or a lone `\r`; characters are UTF-16 code units (JavaScript's own).
 */
export class LineIndex {
  /** Offset at which each line starts (a typed array: one is made per document version). */
  readonly lineStarts: Uint32Array;
  constructor(readonly text: string) {
    // counted first, then filled: no growing array of boxed numbers; `\n` alone is found natively
    const crlf = text.indexOf('\r') >= 0;
    let count = 1;
    if (!crlf) for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
    else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          count++;
        } else if (c === 10) count++;
      }
    }
    const starts = new Uint32Array(count);
    let n = 1;
    if (!crlf) for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts[n++] = at + 1;
    else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts[n++] = i + 1;
        } else if (c === 10) starts[n++] = i + 1;
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const next = pos.line + 1 < this.lineStarts.length ? this.lineStarts[pos.line + 1] : this.text.length;
    // the end of a line is before its terminator
    let end = next;
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return Math.min(start + Math.max(0, pos.character), end);
  }

  rangeOf(r: { start: number; end: number }): { start: Position; end: Position } {
    return { start: this.positionAt(r.start), end: this.positionAt(r.end) };
  }
}

/** Index of the last node (sorted by start) whose start is < `offset` (<= when `inclusive`); -1 if none. */
export function lastStartingBefore(list: ReadonlyArray<{ start: number }>, offset: number, inclusive = false): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start < offset || (inclusive && list[mid].start === offset)) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** `s` without the trailing run of `ch` (what `/ch+$/` removed, without retrying at every `ch`). */
export function trimEnd(s: string, ch: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === ch) end--;
  return s.slice(0, end);
}
