/**
 * Semantic tokens: full, range and delta.
 *
 * Colours what only the parser knows, with standard LSP token types so every
 * theme colours them (https://docs.docker.com/reference/dockerfile/):
 * - `keyword`: instruction keywords (also the one after ONBUILD), `AS`, `HEALTHCHECK CMD/NONE`;
 * - `parameter`: flag names (`--from`); flag values are `string`, except `--from=`
 *   which is a stage (`class`) when it names an earlier stage, else an image (`type`);
 * - `variable`: the name of a `$VAR` that BuildKit or the shell expands; `declaration`
 *   on ARG / ENV names; `readonly` + `defaultLibrary` for Docker's predefined ARGs
 *   (TARGETPLATFORM, HTTP_PROXY, …). A `$VAR` in an exec-form (JSON) argument is
 *   left inside its `string`: nothing expands it, the program receives `$VAR` literally;
 * - `class`: stage names (`declaration` on `FROM … AS name`), `type`: image references;
 * - `property`: LABEL keys; `string`: quoted strings, JSON-form elements, ARG/ENV/LABEL values;
 * - `comment`: comments, also those between continuation lines (BuildKit drops them);
 * - `macro`: parser directive names (`# syntax=`), their value `string`;
 * - `operator`: heredoc markers `<<EOF` and their terminator line.
 * Heredoc bodies get no tokens: the TextMate grammar highlights them (as shell for RUN).
 *
 * Tokens never span lines and never overlap: per instruction, "atoms" (names,
 * keywords, markers, comments) punch holes into "containers" (strings, images)
 * that may surround them. The work is linear in the size of the instructions
 * visited; a range request binary-searches its first instruction.
 */
import type { Range, SemanticTokensEdit, SemanticTokensLegend } from 'vscode-languageserver';
import { PREDEFINED_ARGS, instructionDoc } from '../docs/instructions';
import type { DockerfileDocument } from '../model/document';
import type { StageInfo } from '../model/stages';
import { lastStartingBefore, type Comment, type Flag, type Instruction, type TextRange, type Token } from '../parser';

const TYPES = ['keyword', 'parameter', 'property', 'variable', 'class', 'type', 'string', 'comment', 'macro', 'operator'] as const;
const MODIFIERS = ['declaration', 'readonly', 'defaultLibrary'] as const;
type TokenType = (typeof TYPES)[number];

export const SEMANTIC_LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

const T = Object.fromEntries(TYPES.map((t, i) => [t, i])) as Record<TokenType, number>;
const DECLARATION = 1;
const READONLY_LIBRARY = 2 | 4;
const PREDEFINED = new Set(PREDEFINED_ARGS.map((a) => a.name));

interface Piece {
  start: number;
  end: number;
  type: number;
  mods: number;
}

/** What one instruction contributes, before overlaps are resolved. */
interface Collected {
  atoms: Piece[];
  containers: Piece[];
  /** Ranges no container may cover (atoms are added to them). */
  holes: TextRange[];
  /** Heredoc bodies: nothing inside gets a token. */
  bodies: TextRange[];
}

/** Looks up stages by name or index, for `FROM name` and `--from=name`. */
class Stages {
  private byName: Map<string, StageInfo> | undefined;
  private byFrom: Map<Instruction, StageInfo> | undefined;
  constructor(private readonly doc: DockerfileDocument) {}

  /** The stage FROM `ins` starts. */
  of(ins: Instruction): StageInfo | undefined {
    if (!this.byFrom) this.byFrom = new Map(this.doc.stages.stages.map((s) => [s.from, s]));
    return this.byFrom.get(ins);
  }

  /** The stage `--from=name` (or `--from=0`) names, if it starts before `offset`. */
  named(name: string, offset: number): StageInfo | undefined {
    if (!this.byName) {
      this.byName = new Map();
      for (const s of this.doc.stages.stages) if (s.name && !this.byName.has(s.name)) this.byName.set(s.name, s);
    }
    const s = /^\d+$/.test(name) ? this.doc.stages.stages[Number(name)] : this.byName.get(name.toLowerCase());
    return s && s.start < offset ? s : undefined;
  }
}

function piece(r: TextRange, type: TokenType, mods = 0): Piece {
  return { start: r.start, end: r.end, type: T[type], mods };
}

function collectFlag(c: Collected, ins: Instruction, f: Flag, stages: Stages): void {
  c.atoms.push(piece({ start: f.start, end: f.nameRange.end }, 'parameter'));
  if (!f.valueRange || f.valueRange.end <= f.valueRange.start) return;
  let type: TokenType = 'string';
  if (f.name.toLowerCase() === 'from' && f.value !== undefined) type = stages.named(f.value, ins.start) ? 'class' : 'type';
  c.containers.push(piece(f.valueRange, type));
}

/** Quoted strings in `[from, to)`: JSON strings for exec form, shell quotes otherwise; `skip` ranges (comments) are jumped over. */
function scanStrings(c: Collected, text: string, from: number, to: number, json: boolean, escape: string, skip: TextRange[]): void {
  let k = 0;
  let quote = '';
  let open = 0;
  for (let i = from; i < to; i++) {
    while (k < skip.length && skip[k].end <= i) k++;
    if (k < skip.length && skip[k].start <= i) {
      i = skip[k].end - 1;
      continue;
    }
    const ch = text[i];
    if (quote) {
      if (ch === quote) {
        c.containers.push({ start: open, end: i + 1, type: T.string, mods: 0 });
        quote = '';
      } else if (quote === '"' && ch === (json ? '\\' : escape)) {
        i++;
      }
    } else if (ch === '"' || (!json && ch === "'")) {
      quote = ch;
      open = i;
    } else if (!json && ch === escape) {
      i++;
    }
  }
  if (quote) c.containers.push({ start: open, end: to, type: T.string, mods: 0 });
}

function collectInstruction(c: Collected, doc: DockerfileDocument, ins: Instruction, stages: Stages, comments: Comment[]): void {
  const d = ins.details;
  if (instructionDoc(ins.name)) c.atoms.push(piece(ins.keywordRange, 'keyword'));
  if (d.kind === 'onbuild' && d.instruction) {
    collectInstruction(c, doc, d.instruction, stages, comments);
    return;
  }
  for (const f of ins.flags) collectFlag(c, ins, f, stages);
  for (const h of ins.heredocs) {
    c.atoms.push(piece(h, 'operator'));
    c.bodies.push(h.body);
    if (h.terminator) {
      // the terminator line, without the tabs `<<-` strips or the line ending
      let s = h.terminator.start;
      let e = h.terminator.end;
      while (s < e && (doc.text[s] === '\t' || doc.text[s] === ' ')) s++;
      while (e > s && (doc.text[e - 1] === '\n' || doc.text[e - 1] === '\r')) e--;
      c.atoms.push({ start: s, end: e, type: T.operator, mods: 0 });
    }
  }
  for (const v of ins.variables) {
    if (v.expandedBy === 'none') continue;
    c.atoms.push(piece(v.nameRange, 'variable', PREDEFINED.has(v.name) ? READONLY_LIBRARY : 0));
    c.holes.push(v);
  }
  // `ARG TARGETPLATFORM` declares Docker's predefined ARG (in a stage: makes it visible); an ENV of that name is the user's own
  const declare = (t: Token, arg: boolean) => piece(t, 'variable', DECLARATION | (arg && PREDEFINED.has(t.value) ? READONLY_LIBRARY : 0));
  switch (d.kind) {
    case 'from': {
      if (d.image) {
        const stage = stages.of(ins);
        c.containers.push(piece(d.image, stage?.baseStage ? 'class' : 'type'));
      }
      if (d.asKeyword) c.atoms.push(piece(d.asKeyword, 'keyword'));
      if (d.stageName) c.atoms.push(piece(d.stageName, 'class', DECLARATION));
      return;
    }
    case 'arg':
      for (const a of d.declarations) {
        c.atoms.push(declare(a.name, true));
        if (a.value) c.containers.push(piece(a.value, 'string'));
      }
      return;
    case 'keyValues':
      for (const p of d.pairs) {
        if (ins.name === 'ENV') c.atoms.push(declare(p.key, false));
        else c.containers.push(piece(p.key, 'property'));
        c.containers.push(piece(p.value, 'string'));
      }
      return;
    case 'healthcheck':
      if (d.type) c.atoms.push(piece(d.type, 'keyword'));
      break;
  }
  if (ins.argsRange) {
    const skip = [...comments, ...c.bodies].sort((a, b) => a.start - b.start);
    scanStrings(c, doc.text, ins.argsRange.start, ins.argsRange.end, ins.form === 'exec', doc.ast.escapeChar, skip);
  }
}

/** Sorted, disjoint union of ranges. */
function union(ranges: TextRange[]): TextRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: TextRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** Index of the first range in sorted disjoint `list` ending after `offset`. */
function firstEndingAfter(list: TextRange[], offset: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The instruction's pieces, sorted and without overlaps (they may still span lines). */
function resolve(c: Collected): Piece[] {
  const bodies = union(c.bodies);
  const inBody = (p: Piece) => {
    const i = firstEndingAfter(bodies, p.start);
    return i < bodies.length && bodies[i].start < p.end;
  };
  const atoms: Piece[] = [];
  let lastEnd = -1;
  for (const a of c.atoms.sort((x, y) => x.start - y.start)) {
    if (a.end <= a.start || a.start < lastEnd || inBody(a)) continue;
    atoms.push(a);
    lastEnd = a.end;
  }
  const holes = union([...c.holes, ...atoms, ...bodies]);
  const rest: Piece[] = [];
  for (const box of c.containers.sort((x, y) => x.start - y.start)) {
    let s = box.start;
    for (let i = firstEndingAfter(holes, s); i < holes.length && holes[i].start < box.end; i++) {
      if (holes[i].start > s) rest.push({ start: s, end: holes[i].start, type: box.type, mods: box.mods });
      s = Math.max(s, holes[i].end);
    }
    if (s < box.end) rest.push({ start: s, end: box.end, type: box.type, mods: box.mods });
  }
  // merge the two sorted lists; containers overlapping an earlier piece are dropped
  const out: Piece[] = [];
  let i = 0;
  let j = 0;
  lastEnd = -1;
  while (i < atoms.length || j < rest.length) {
    const p = j >= rest.length || (i < atoms.length && atoms[i].start <= rest[j].start) ? atoms[i++] : rest[j++];
    if (p.start < lastEnd) continue;
    out.push(p);
    lastEnd = p.end;
  }
  return out;
}

/** Encodes pieces into LSP's relative form, one token per line a piece touches. */
class Encoder {
  readonly data: number[] = [];
  private line = -1;
  private prevLine = 0;
  private prevChar = 0;
  private lastEnd = 0;
  constructor(private readonly doc: DockerfileDocument, private readonly from: number, private readonly to: number) {}

  add(p: Piece): void {
    const starts = this.doc.lines.lineStarts;
    const text = this.doc.text;
    let s = Math.max(p.start, this.lastEnd);
    const e = Math.min(p.end, text.length);
    if (this.line < 0 || s < starts[this.line]) this.line = this.doc.lines.positionAt(s).line;
    while (s < e) {
      while (this.line + 1 < starts.length && starts[this.line + 1] <= s) this.line++;
      const next = this.line + 1 < starts.length ? starts[this.line + 1] : text.length;
      let lineEnd = next;
      if (lineEnd > starts[this.line] && text.charCodeAt(lineEnd - 1) === 10) lineEnd--;
      if (lineEnd > starts[this.line] && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
      const end = Math.min(e, lineEnd);
      if (end > s && end > this.from && s < this.to) this.push(s, end, p);
      s = next;
    }
  }

  private push(s: number, end: number, p: Piece): void {
    const char = s - this.doc.lines.lineStarts[this.line];
    const deltaLine = this.line - this.prevLine;
    this.data.push(deltaLine, deltaLine === 0 ? char - this.prevChar : char, end - s, p.type, p.mods);
    this.prevLine = this.line;
    this.prevChar = char;
    this.lastEnd = end;
  }
}

/** LSP's relative-encoded token data for the whole document (or only tokens within `range`). */
export function semanticTokens(doc: DockerfileDocument, range?: Range): number[] {
  const from = range ? doc.lines.offsetAt(range.start) : 0;
  const to = range ? doc.lines.offsetAt(range.end) : doc.text.length;
  const out = new Encoder(doc, from, to);
  const stages = new Stages(doc);
  const { instructions, comments, directives } = doc.ast;
  const directiveAt = new Map(directives.map((d) => [d.start, d]));
  let ii = Math.max(0, lastStartingBefore(instructions, from, true));
  // the first comment that may touch the range: inside the first instruction visited, or before it
  const first = instructions[ii];
  let ci = Math.max(0, Math.min(lastStartingBefore(comments, from, true), first ? lastStartingBefore(comments, first.start) + 1 : comments.length));
  for (;;) {
    const ins = instructions[ii];
    const com = comments[ci];
    if (com && (!ins || com.start < ins.start)) {
      // a comment (or directive) outside any instruction
      ci++;
      if (com.start >= to) break;
      const dir = directiveAt.get(com.start);
      if (dir) {
        out.add(piece(dir.nameRange, 'macro'));
        out.add(piece(dir.valueRange, 'string'));
      } else {
        out.add(piece(com, 'comment'));
      }
      continue;
    }
    if (!ins || ins.start >= to) break;
    ii++;
    const inner: Comment[] = [];
    while (ci < comments.length && comments[ci].start < ins.end) inner.push(comments[ci++]);
    const c: Collected = { atoms: inner.map((x) => piece(x, 'comment')), containers: [], holes: [], bodies: [] };
    collectInstruction(c, doc, ins, stages, inner);
    for (const p of resolve(c)) out.add(p);
  }
  return out.data;
}

/** The edits turning `previous` data into `next`: one edit replacing what lies between their common prefix and suffix. */
export function semanticTokensDelta(previous: number[], next: number[]): SemanticTokensEdit[] {
  const max = Math.min(previous.length, next.length);
  let prefix = 0;
  while (prefix < max && previous[prefix] === next[prefix]) prefix++;
  if (prefix === previous.length && prefix === next.length) return [];
  prefix -= prefix % 5; // keep edits on token boundaries
  let suffix = 0;
  while (suffix < max - prefix && previous[previous.length - 1 - suffix] === next[next.length - 1 - suffix]) suffix++;
  suffix -= suffix % 5;
  return [{ start: prefix, deleteCount: previous.length - prefix - suffix, data: next.slice(prefix, next.length - suffix) }];
}
