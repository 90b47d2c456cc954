/**
 * The Dockerfile parser: text in, syntax tree out, never an exception.
 *
 * It follows BuildKit's parser (moby/buildkit frontend/dockerfile/parser,
 * `Parse`) line by line: the same directive detection, escape character, line
 * continuations, comment and blank lines inside continuations, heredocs, and
 * the same per-instruction argument parsing; so `dumpBuildKit(parse(text))`
 * prints what BuildKit's `Node.Dump()` prints. Where BuildKit stops at the
 * first error, this parser records a problem with a range and goes on.
 */
import type { Comment, Directive, DockerfileAst, EscapeChar, Heredoc, Instruction, SyntaxProblem, TextRange } from './ast';
import { matchDirectiveLine } from './directives';
import { heredocsFromLine } from './heredoc';
import { parseInstruction } from './instruction';
import { LogicalLine } from './logicalLine';
import { ShellError, findVariableReferences } from './shell';
import { detached, isGoSpace, lastStartingBefore, skipGoSpace } from './text';

/** Go's bufio.Scanner refuses longer lines, so `docker build` fails on them. */
export const MAX_LINE_BYTES = 64 * 1024 - 1;

/** The code of the "file with no instructions" problem, which depends on the whole file. */
const NO_INSTRUCTIONS = 'NoInstructions';

/** Instructions whose arguments may open heredocs. */
const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);

export interface Line {
  /** Offset of the first character (after a BOM on line 0). */
  start: number;
  /** Offset after the content, before trailing `\r`/`\n` characters. */
  contentEnd: number;
  /** Offset of the next line. */
  next: number;
}

/**
 * The physical lines of a text, split at `\n` as BuildKit's scanner does (`\r` before it belongs to
 * the line break), kept as offsets in two typed arrays: no object per line, as the parser splits the
 * whole document on every version.
 */
export class Lines {
  readonly length: number;
  /** Start of each line, and the text's length after the last (the next line's start). */
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  constructor(text: string, bom: number) {
    let count = 0;
    for (let at = bom; at < text.length; count++) {
      const nl = text.indexOf('\n', at);
      at = nl < 0 ? text.length : nl + 1;
    }
    this.length = count;
    this.starts = new Uint32Array(count + 1);
    this.ends = new Uint32Array(count);
    let start = bom;
    for (let i = 0; i < count; i++) {
      let nl = text.indexOf('\n', start);
      const next = nl < 0 ? text.length : nl + 1;
      if (nl < 0) nl = text.length;
      let e = nl;
      while (e > start && (text.charCodeAt(e - 1) === 13 || text.charCodeAt(e - 1) === 10)) e--;
      this.starts[i] = start;
      this.ends[i] = e;
      start = next;
    }
    this.starts[count] = text.length;
  }
  /** Offset of the first character of line i (after a BOM on line 0). */
  start(i: number): number {
    return this.starts[i];
  }
  /** Offset after line i's content, before trailing `\r`/`\n` characters. */
  contentEnd(i: number): number {
    return this.ends[i];
  }
  /** Offset of the line after line i. */
  next(i: number): number {
    return this.starts[i + 1];
  }
}

/** Lines split at `\n` as BuildKit's scanner does (`\r` before it belongs to the line break). */
export function splitLines(text: string, bom: number): Line[] {
  const lines: Line[] = [];
  let start = bom;
  const n = text.length;
  while (start < n) {
    let nl = text.indexOf('\n', start);
    const next = nl < 0 ? n : nl + 1;
    if (nl < 0) nl = n;
    let e = nl;
    while (e > start && (text.charCodeAt(e - 1) === 13 || text.charCodeAt(e - 1) === 10)) e--;
    lines.push({ start, contentEnd: e, next });
    start = next;
  }
  return lines;
}

const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);

/** BuildKit's DirectiveParser: directives only before anything else, unknown keys end the search. */
class DirectiveScanner {
  done = false;
  readonly seen = new Set<string>();
  constructor(private readonly text: string, private readonly found: Directive[], private readonly problems: SyntaxProblem[], private readonly onEscape: (e: EscapeChar) => void) {}

  /** Looks at one line (already stripped as BuildKit strips it). */
  line(start: number, end: number): void {
    if (this.done) return;
    const s = detached(this.text.slice(start, end));
    const m = matchDirectiveLine(s);
    if (!m) {
      this.done = true;
      return;
    }
    const key = m.key.toLowerCase();
    if (!KNOWN_DIRECTIVES.has(key)) {
      this.done = true;
      return;
    }
    const nameStart = start + s.indexOf(m.key);
    const valueStart = start + s.indexOf(m.value, nameStart - start + m.key.length + 1);
    const d: Directive = {
      start, end, name: key, value: m.value,
      nameRange: { start: nameStart, end: nameStart + m.key.length },
      valueRange: { start: valueStart, end: valueStart + m.value.length },
    };
    if (this.seen.has(key)) {
      // BuildKit refuses the file; the first occurrence stays in force for us
      this.problems.push({ ...d.nameRange, message: `only one ${key} parser directive can be used`, severity: 'error', code: 'ParseError', fatal: true });
      return;
    }
    this.seen.add(key);
    this.found.push(d);
    if (key === 'escape') {
      if (d.value !== '\\' && d.value !== '`') {
        this.problems.push({ ...d.valueRange, message: `invalid escape token '${d.value}' does not match \` or \\`, severity: 'error', code: 'ParseError', fatal: true });
      } else {
        this.onEscape(d.value);
      }
    }
  }
}

export function isCommentAt(text: string, start: number, end: number): boolean {
  const i = skipGoSpace(text, start, end);
  return i < end && text.charCodeAt(i) === 35; // '#'
}

/**
 * BuildKit's continuation regex `([^E])E[ \t]*$|^E[ \t]*$`: if the piece ends
 * with the escape char (plus blanks) not itself escaped, returns where the
 * piece's content ends; else -1.
 */
export function continuationAt(text: string, start: number, end: number, escape: string): number {
  let k = end;
  while (k > start && (text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 9)) k--;
  if (k === start || text[k - 1] !== escape) return -1;
  if (k - 1 === start) return start;
  if (text[k - 2] === escape) return -1;
  return k - 1;
}

/**
 * Parses `text`. Pass the tree of the document's previous version as
 * `previous` to re-parse incrementally: instructions before the edit are kept
 * as they are, those after it are taken over with shifted offsets once the
 * parser is back in step with the old parse; only the edited region is parsed
 * again. The result is the same as a full parse (a test checks this).
 * `previous` is consumed: its nodes move to the new tree and it is emptied.
 */
export function parse(text: string, previous?: DockerfileAst): DockerfileAst {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lines = new Lines(text, bom);
  const reuse = previous ? planReuse(previous, text, lines) : undefined;
  if (previous) consume(previous);
  const problems: SyntaxProblem[] = [];
  const directives: Directive[] = [];
  const comments: Comment[] = reuse ? reuse.old.comments.filter((c) => c.end <= reuse.resumeOffset) : [];
  const instructions: Instruction[] = reuse ? reuse.keptInstructions : [];
  let escape: EscapeChar = '\\';
  const directiveScanner = new DirectiveScanner(text, directives, problems, (e) => (escape = e));

  const addComment = (k: number) => {
    const contentEnd = lines.contentEnd(k);
    const hash = skipGoSpace(text, lines.start(k), contentEnd);
    comments.push({ start: hash, end: contentEnd, text: detached(text.slice(hash + 1, contentEnd).trim()) });
  };
  const checkLength = (k: number) => {
    // 3 bytes per UTF-16 unit is the most UTF-8 can take; only then count exactly
    const len = lines.next(k) - lines.start(k);
    if (len * 3 <= MAX_LINE_BYTES) return;
    if (Buffer.byteLength(text.slice(lines.start(k), lines.next(k))) > MAX_LINE_BYTES + 1) {
      problems.push({ start: lines.start(k), end: lines.contentEnd(k), message: `dockerfile line greater than max allowed size of ${MAX_LINE_BYTES}`, severity: 'error', code: 'ParseError', fatal: true });
    }
  };

  let i = 0;
  if (reuse) {
    // everything before the edit stays: same text, same offsets
    directives.push(...reuse.old.directives);
    escape = reuse.old.escapeChar;
    directiveScanner.done = true;
    problems.push(...reuse.old.problems.filter((p) => p.end <= reuse.resumeOffset && p.code !== NO_INSTRUCTIONS));
    // the rest of the old tree stays reachable through `reuse` only
    i = reuse.resumeLine;
  }
  while (i < lines.length) {
    const firstStart = lines.start(i);
    const firstEnd = lines.contentEnd(i);
    if (reuse && firstStart >= reuse.syncFrom && reuse.inStepAt(firstStart)) {
      reuse.takeRest(firstStart, instructions, comments, problems);
      break;
    }
    checkLength(i);
    const stripped = skipGoSpace(text, firstStart, firstEnd);
    directiveScanner.line(stripped, firstEnd);
    const isComment = isCommentAt(text, firstStart, firstEnd);
    i++;
    const startLine = i;
    if (isComment) {
      addComment(i - 1);
      continue;
    }
    const L = new LogicalLine();
    let end = continuationAt(text, stripped, firstEnd, escape);
    let continued = end >= 0;
    if (!continued) {
      if (stripped === firstEnd) continue; // blank line
      end = firstEnd;
    }
    L.append(text, stripped, end);
    let emptyLine = -1;
    while (continued && i < lines.length) {
      const k = i;
      const lnStart = lines.start(k);
      const lnEnd = lines.contentEnd(k);
      checkLength(k);
      directiveScanner.line(lnStart, lnEnd);
      i++;
      if (isCommentAt(text, lnStart, lnEnd)) {
        addComment(k);
        continue;
      }
      if (skipGoSpace(text, lnStart, lnEnd) === lnEnd) {
        if (emptyLine < 0) emptyLine = k;
        continue;
      }
      const c = continuationAt(text, lnStart, lnEnd, escape);
      continued = c >= 0;
      L.append(text, lnStart, continued ? c : lnEnd);
    }
    L.text = detached(L.text);
    const ins = parseInstruction({ line: L, escape, problems }, 0, L.text.length, startLine, i);
    if (!ins) continue;
    if (emptyLine >= 0) {
      problems.push({
        start: lines.start(emptyLine), end: lines.contentEnd(emptyLine),
        message: 'Empty continuation line found in: ' + L.text + ' (empty continuation lines will become errors in a future release)',
        severity: 'warning', code: 'NoEmptyContinuation', fatal: false,
      });
    }

    // heredocs: RUN/COPY/ADD (also inside ONBUILD) in shell form whose line contains "<<"
    const target = ins.details.kind === 'onbuild' ? ins.details.instruction : ins;
    if (target && HEREDOC_INSTRUCTIONS.has(target.name) && target.form !== 'exec' && L.text.includes('<<')) {
      let markers: ReturnType<typeof heredocsFromLine> = [];
      try {
        markers = heredocsFromLine(L.text);
      } catch (e) {
        const message = e instanceof ShellError ? e.message : String(e);
        problems.push({ start: ins.start, end: ins.end, message, severity: 'error', code: 'ParseError', fatal: true });
      }
      let searchFrom = 0;
      for (const m of markers) {
        // the marker's place on the line: the next "<<" (with its fd digits) and the word after it
        let at = L.text.indexOf('<<', searchFrom);
        if (at < 0) at = searchFrom;
        let markStart = at;
        while (markStart > 0 && L.text.charCodeAt(markStart - 1) >= 48 && L.text.charCodeAt(markStart - 1) <= 57) markStart--;
        let markEnd = at + 2;
        if (L.text[markEnd] === '-') markEnd++;
        while (markEnd < L.text.length && (L.text[markEnd] === ' ' || L.text[markEnd] === '\t')) markEnd++;
        while (markEnd < L.text.length && !isGoSpace(L.text.charCodeAt(markEnd)) && !(L.text[markEnd] === '<' && L.text[markEnd + 1] === '<')) markEnd++;
        searchFrom = markEnd;
        const markRange = L.range(markStart, markEnd);

        const bodyStart = i < lines.length ? lines.start(i) : text.length;
        let terminator: { start: number; end: number } | undefined;
        let bodyEnd = bodyStart;
        while (i < lines.length) {
          const k = i++;
          const lnEnd = lines.contentEnd(k);
          let s = lines.start(k);
          if (m.chomp) while (s < lnEnd && text.charCodeAt(s) === 9) s++;
          if (lnEnd - s === m.name.length && text.startsWith(m.name, s)) {
            terminator = { start: lines.start(k), end: lnEnd };
            break;
          }
          bodyEnd = lines.next(k);
        }
        const heredoc: Heredoc = {
          ...markRange, name: m.name, fileDescriptor: m.fileDescriptor, expand: m.expand, chomp: m.chomp,
          content: detached(text.slice(bodyStart, bodyEnd)), body: { start: bodyStart, end: bodyEnd }, terminator,
        };
        if (!terminator) {
          problems.push({ ...markRange, message: `unterminated heredoc: no line "${m.name}" ends it before the end of the file`, severity: 'error', code: 'ParseError', fatal: true });
        }
        target.heredocs.push(heredoc);
        if (target !== ins) ins.heredocs.push(heredoc);
      }
      if (markers.length > 0) {
        ins.endLine = i;
        if (target !== ins) target.endLine = i;
        const last = target.heredocs[target.heredocs.length - 1];
        ins.end = last.terminator ? last.terminator.end : last.body.end;
        if (target !== ins) target.end = ins.end;
        collectHeredocVariables(target, escape);
      }
    }
    instructions.push(ins);
  }

  if (instructions.length === 0) {
    problems.push({ start: 0, end: 0, message: 'file with no instructions', severity: 'error', code: NO_INSTRUCTIONS, fatal: true });
  }
  return { text, bomLength: bom, escapeChar: escape, directives, comments, instructions, problems };
}

/** `$VAR` in heredoc bodies: RUN scripts are expanded by the shell; COPY/ADD bodies by BuildKit unless the marker was quoted. */
function collectHeredocVariables(ins: Instruction, escape: EscapeChar): void {
  for (const h of ins.heredocs) {
    // a RUN heredoc is a script: its shell expands variables whether or not the marker was quoted
    if (!h.expand && ins.name !== 'RUN') continue;
    if (h.content.indexOf('$') < 0) continue;
    const by = ins.name === 'RUN' ? 'shell' : 'buildkit';
    const base = h.body.start;
    for (const r of findVariableReferences(h.content, by === 'shell' ? '\\' : escape)) {
      ins.variables.push({
        name: r.name, start: base + r.start, end: base + r.end,
        nameRange: { start: base + r.nameStart, end: base + r.nameEnd },
        braced: r.braced, modifier: r.modifier,
        word: r.word ? { value: r.word.text, start: base + r.word.start, end: base + r.word.end } : undefined,
        expandedBy: by,
      });
    }
  }
}

/**
 * An incremental parse moves nodes of the previous tree into the new one and
 * shifts them, so the previous tree must not be used afterwards: empty it, so
 * a stale use shows up as missing data rather than wrong offsets.
 */
function consume(previous: DockerfileAst): void {
  const p = previous as { -readonly [K in keyof DockerfileAst]: DockerfileAst[K] };
  p.instructions = [];
  p.comments = [];
  p.problems = [];
  p.directives = [];
}

interface ReusePlan {
  /** The previous tree's contents, taken before it is emptied. */
  old: Pick<DockerfileAst, 'directives' | 'comments' | 'problems' | 'instructions' | 'escapeChar'>;
  keptInstructions: Instruction[];
  /** Offset of the first line to parse again, and its index. */
  resumeOffset: number;
  resumeLine: number;
  /** From this offset on the new text equals the old text's end. */
  syncFrom: number;
  /** Was the old parse at the start of a top-level line at this (new) offset? */
  inStepAt(offset: number): boolean;
  /** Appends the old parse's results from this (new) offset on, shifted. */
  takeRest(offset: number, instructions: Instruction[], comments: Comment[], problems: SyntaxProblem[]): void;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Moves an instruction's offsets by `delta` and line numbers by `lineDelta`,
 * in place. Written out field by field for speed; objects that `details`
 * shares with `args`/`flags` are moved once (the incremental test compares
 * every field with a full parse, so a field missed here fails it).
 */
function shiftInstruction(ins: Instruction, d: number, ld: number, heredocsMoved = false): void {
  const r = (x: TextRange | undefined) => {
    if (x) {
      x.start += d;
      x.end += d;
    }
  };
  r(ins);
  ins.startLine += ld;
  ins.endLine += ld;
  r(ins.keywordRange);
  r(ins.argsRange);
  for (const f of ins.flags) {
    r(f);
    r(f.nameRange);
    r(f.valueRange);
  }
  for (const a of ins.args) r(a);
  if (ins.invalidJson) r(ins.invalidJson.range);
  if (!heredocsMoved) {
    for (const h of ins.heredocs) {
      r(h);
      r(h.body);
      r(h.terminator);
    }
  }
  for (const v of ins.variables) {
    r(v);
    r(v.nameRange);
    r(v.word);
  }
  const det = ins.details;
  if (det.kind === 'arg') {
    // `NAME=value` makes fresh tokens; a bare `NAME` is the argument token itself
    for (const decl of det.declarations) {
      if (decl.value) {
        r(decl.name);
        r(decl.value);
      }
    }
  } else if (det.kind === 'user' && det.group) {
    r(det.user);
    r(det.group);
  } else if (det.kind === 'onbuild' && det.instruction) {
    shiftInstruction(det.instruction, d, ld, ins.heredocs.length > 0);
  }
}

function planReuse(old: DockerfileAst, text: string, lines: Lines): ReusePlan | undefined {
  const oldText = old.text;
  if (old.bomLength !== (text.charCodeAt(0) === 0xfeff ? 1 : 0)) return undefined;
  const min = Math.min(oldText.length, text.length);
  // the common prefix and suffix, compared a block at a time (native string compares), then by character
  const BLOCK = 256;
  let prefix = 0;
  while (prefix + BLOCK <= min && oldText.slice(prefix, prefix + BLOCK) === text.slice(prefix, prefix + BLOCK)) prefix += BLOCK;
  while (prefix < min && oldText.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const oldEnd = oldText.length;
  const newEnd = text.length;
  while (suffix + BLOCK <= min - prefix && oldText.slice(oldEnd - suffix - BLOCK, oldEnd - suffix) === text.slice(newEnd - suffix - BLOCK, newEnd - suffix)) suffix += BLOCK;
  while (suffix < min - prefix && oldText.charCodeAt(oldEnd - 1 - suffix) === text.charCodeAt(newEnd - 1 - suffix)) suffix++;
  const delta = text.length - oldText.length;

  // keep the instructions whose last line ends before the edited line
  const editLineStart = text.lastIndexOf('\n', prefix - 1) + 1;
  const lastDirectiveEnd = old.directives.length ? old.directives[old.directives.length - 1].end : -1;
  let kept = 0;
  while (kept < old.instructions.length && old.instructions[kept].end < editLineStart) kept++;
  // the line after the last kept instruction must also be before the edit
  while (kept > 0) {
    const end = old.instructions[kept - 1].end;
    const nl = text.indexOf('\n', end);
    if (nl >= 0 && nl + 1 <= editLineStart) break;
    kept--;
  }
  if (kept === 0 || old.instructions[0].start <= lastDirectiveEnd) return undefined;
  const lastKept = old.instructions[kept - 1];
  const resumeOffset = text.indexOf('\n', lastKept.end) + 1;
  let resumeLine = 0;
  {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lines.start(mid) < resumeOffset) lo = mid + 1;
      else hi = mid;
    }
    resumeLine = lo;
    if (resumeOffset >= text.length) resumeLine = lines.length; // nothing after the kept instructions
    else if (resumeLine >= lines.length || lines.start(resumeLine) !== resumeOffset) return undefined;
  }
  const syncFrom = Math.max(text.length - suffix, prefix + 1);
  const lineDelta = countNewlines(text, prefix, text.length - suffix) - countNewlines(oldText, prefix, oldText.length - suffix);
  const oldIns = old.instructions;
  const snapshot = { directives: old.directives, comments: old.comments, problems: old.problems, instructions: oldIns, escapeChar: old.escapeChar };
  return {
    old: snapshot,
    keptInstructions: oldIns.slice(0, kept),
    resumeOffset,
    resumeLine,
    syncFrom,
    inStepAt(offset) {
      const o = offset - delta;
      if (o <= 0 || oldText.charCodeAt(o - 1) !== 10) return false;
      // the old parser began an instruction on the line starting at o
      const k = lastStartingBefore(oldIns, o);
      const next = oldIns[k + 1];
      if (!next || oldText.lastIndexOf('\n', next.start - 1) + 1 !== o) return false;
      return k < 0 || oldIns[k].end < o;
    },
    takeRest(offset, instructions, comments, problems) {
      const o = offset - delta;
      const firstIns = lastStartingBefore(oldIns, o) + 1;
      // moved over one by one (no intermediate arrays: the rest is most of a big file)
      const shift = delta !== 0 || lineDelta !== 0;
      for (let k = firstIns; k < oldIns.length; k++) {
        const ins = oldIns[k];
        if (shift) shiftInstruction(ins, delta, lineDelta);
        instructions.push(ins);
      }
      for (const c of snapshot.comments) {
        if (c.start < o) continue;
        c.start += delta;
        c.end += delta;
        comments.push(c);
      }
      for (const p of snapshot.problems) {
        if (p.start < o || p.code === NO_INSTRUCTIONS) continue;
        p.start += delta;
        p.end += delta;
        problems.push(p);
      }
    },
  };
}
