/**
 * A logical line: what BuildKit parses after joining continuation lines,
 * dropping comment lines inside them and the escape characters at line ends.
 * Every character keeps its offset in the document, so any token found in the
 * logical line maps back to an exact document range.
 */
import type { TextRange } from './ast';

export class LogicalLine {
  text = '';
  /** Segment i covers logical [logicalStarts[i], logicalStarts[i+1]) and starts at sourceStarts[i] in the document. */
  private readonly logicalStarts: number[] = [];
  private readonly sourceStarts: number[] = [];

  append(source: string, start: number, end: number): void {
    if (end <= start) return;
    this.logicalStarts.push(this.text.length);
    this.sourceStarts.push(start);
    this.text += source.slice(start, end);
  }

  private segmentOf(i: number): number {
    const starts = this.logicalStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Document offset of the logical character at `i` (or just after the last one when `i` is the length). */
  offsetOf(i: number): number {
    if (this.logicalStarts.length === 0) return 0;
    if (i >= this.text.length) return this.endOffsetOf(this.text.length);
    const s = this.segmentOf(i);
    return this.sourceStarts[s] + (i - this.logicalStarts[s]);
  }

  /** Document offset just after the logical character at `i - 1`. */
  endOffsetOf(i: number): number {
    if (this.logicalStarts.length === 0) return 0;
    if (i <= 0) return this.sourceStarts[0];
    const s = this.segmentOf(i - 1);
    return this.sourceStarts[s] + (i - this.logicalStarts[s]);
  }

  /** Document range of the logical range [start, end). */
  range(start: number, end: number): TextRange {
    const s = this.offsetOf(start);
    return { start: s, end: end > start ? this.endOffsetOf(end) : s };
  }

  /**
   * Logical index of a document offset inside this line (the inverse of
   * offsetOf / endOffsetOf); -1 when the offset is not inside any segment.
   */
  logicalIndexOf(offset: number, isEnd = false): number {
    const starts = this.sourceStarts;
    if (starts.length === 0) return -1;
    const probe = isEnd ? offset - 1 : offset;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= probe) lo = mid;
      else hi = mid - 1;
    }
    const segEnd = lo + 1 < starts.length ? this.logicalStarts[lo + 1] : this.text.length;
    const i = this.logicalStarts[lo] + (offset - starts[lo]);
    if (starts[lo] > probe && !(isEnd && offset === starts[lo])) return -1;
    return Math.min(i, segEnd);
  }
}
