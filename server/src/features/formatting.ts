/**
 * Formatting (document, range, on type after Enter in a continuation).
 *
 * Only white space and keyword case ever change: the instruction keyword is
 * upper-cased, the indentation of an instruction's first line goes, one space
 * separates the keyword, the `--flags`, the arguments and ENV/LABEL/ARG
 * `key=value` pairs where they share a physical line, the continuation lines of
 * an instruction are shifted as a block to the configured indent (their
 * relative, hand-made alignment kept), trailing blanks go and the file ends
 * with one line break. Comments keep their text, directives and heredoc bodies
 * (with their terminator lines) are never touched.
 *
 * What Docker does with white space (https://docs.docker.com/reference/dockerfile/):
 * the parser strips an instruction's leading white space and the blanks
 * between the keyword, its flags and its arguments; BuildKit keeps the leading
 * white space of a continuation line in the logical line, so inside a quoted
 * string (`RUN echo "a \` + `   b"`) or a WORKDIR path it is part of the value.
 * Hence the safety net: the formatted text is parsed again and every
 * instruction must look the same to BuildKit as before. "The same" is the
 * BuildKit dump (keyword case aside) plus heredoc contents, except that in a
 * shell-form command run by a POSIX shell a run of unquoted blanks equals one
 * blank (the shell's word separator). An instruction that changed loses its
 * continuation re-indentation, then all its edits.
 *
 * With `format.shell` (formatDocumentAsync, formatRangeAsync), the shell of a
 * shell-form RUN and the body of a `RUN <<EOF` script are also printed by
 * mvdan/sh (model/shellFormat.ts, which checks the same shell syntax tree);
 * the safety net then expects exactly the script that module checked.
 */
import type { FormattingOptions, Position, Range, TextEdit } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';
import { continuationAt, isCommentAt, lastStartingBefore, parse, splitLines, type DockerfileAst, type Instruction, type Line, type TextRange } from '../parser';
import { INSTRUCTIONS } from '../parser/instruction';
import { isPosixShell } from '../parser/shellInvocation';
import { skipGoSpace } from '../parser/text';
import { DEFAULT_SETTINGS, readSettings, type Settings } from '../protocol/settings';
import { canonicalShell, formatScript, layoutRunScript, shellVariant, type ShellLayout } from '../model/shellFormat';

/** The `dockerfileLens.format.*` settings (declared, with their defaults, in protocol/settings.ts). */
export type FormatSettings = Settings['format'];

export const DEFAULT_FORMAT_SETTINGS: FormatSettings = DEFAULT_SETTINGS.format;

/** Settings from callers that pass a partial or malformed object (the CLI, tests): checked as the schema checks them. */
function sanitize(s: Partial<FormatSettings> | undefined): FormatSettings {
  return readSettings({ format: s }).format;
}

export function formatDocument(doc: DockerfileDocument, options: FormattingOptions, settings: FormatSettings): TextEdit[] {
  return toTextEdits(doc, verify(doc, collectEdits(doc, options, sanitize(settings))));
}

export function formatRange(doc: DockerfileDocument, range: Range, options: FormattingOptions, settings: FormatSettings): TextEdit[] {
  const from = doc.lines.offsetAt(range.start);
  const to = doc.lines.offsetAt(range.end);
  // a selection ending at the start of a line does not take that line
  const touches = (r: TextRange) => r.start <= to && from <= r.end && (r.start < to || from === to);
  const edits = collectEdits(doc, options, sanitize(settings)).filter((e) => !e.endOfFile && touches(e.span));
  return toTextEdits(doc, verify(doc, edits));
}

/**
 * Document formatting, with the shell of RUN instructions when `format.shell`
 * is on (the WASM printer loads on the first such call); otherwise the same
 * edits as formatDocument.
 */
export async function formatDocumentAsync(doc: DockerfileDocument, options: FormattingOptions, settings: FormatSettings): Promise<TextEdit[]> {
  const s = sanitize(settings);
  if (!s.shell) return formatDocument(doc, options, s);
  const shell = await shellEdits(doc, options, s, () => true);
  return toTextEdits(doc, verify(doc, mergeShell(collectEdits(doc, options, s), shell), shell));
}

/** Range formatting, with the shell of the RUN instructions the range touches when `format.shell` is on. */
export async function formatRangeAsync(doc: DockerfileDocument, range: Range, options: FormattingOptions, settings: FormatSettings): Promise<TextEdit[]> {
  const s = sanitize(settings);
  if (!s.shell) return formatRange(doc, range, options, s);
  const from = doc.lines.offsetAt(range.start);
  const to = doc.lines.offsetAt(range.end);
  const touches = (r: TextRange) => r.start <= to && from <= r.end && (r.start < to || from === to);
  const shell = await shellEdits(doc, options, s, touches);
  const edits = mergeShell(collectEdits(doc, options, s), shell).filter((e) => !e.endOfFile && touches(e.span));
  return toTextEdits(doc, verify(doc, edits, shell));
}

/**
 * After Enter: when the line above ends with the escape character (a line
 * continuation, outside heredoc bodies), indent the new line like a
 * continuation line: the configured indent below an instruction's first line,
 * else like the line above.
 */
export function formatOnType(doc: DockerfileDocument, position: Position, ch: string, options: FormattingOptions, settings: FormatSettings): TextEdit[] {
  if (ch !== '\n' || position.line < 1) return [];
  const s = sanitize(settings);
  const text = doc.text;
  const lines = splitLines(text, doc.ast.bomLength);
  const lineStart = doc.lines.offsetAt({ line: position.line, character: 0 });
  if (lineStart === 0 || text[lineStart - 1] !== '\n') return [];
  // the last code line above, skipping comment lines (they do not end a continuation)
  let c = lineIndexOf(lines, lineStart - 1);
  while (c >= 0 && isCommentLine(text, lines[c])) c--;
  if (c < 0 || isBlank(text, lines[c])) return [];
  for (let k = c; k < lines.length && lines[k].start < lineStart; k++) if (inHeredoc(doc.ast, lines[k].start)) return [];
  if (continuationAt(text, skipGoSpace(text, lines[c].start, lines[c].contentEnd), lines[c].contentEnd, doc.ast.escapeChar) < 0) return [];

  const ins = instructionAtOrBefore(doc.ast, lines[c].contentEnd);
  const isFirstLine = !!ins && ins.start >= lines[c].start;
  const tabSize = options.tabSize > 0 ? options.tabSize : 4;
  let indent: string;
  if (isFirstLine && s.continuationIndent !== 'keep') {
    indent = render(baseColumns(s.continuationIndent, options), options.insertSpaces, tabSize);
  } else {
    const above = lines[c];
    let e = above.start;
    while (e < above.contentEnd && (text[e] === ' ' || text[e] === '\t')) e++;
    indent = text.slice(above.start, e);
  }
  let e = lineStart;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  if (text.slice(lineStart, e) === indent) return [];
  return [{ range: doc.lines.rangeOf({ start: lineStart, end: e }), newText: indent }];
}

// ---------------------------------------------------------------------------
// Lines, as BuildKit's parser splits them

/** The line containing `offset` (the first line for an offset before it, e.g. in a BOM). */
function lineIndexOf(lines: Line[], offset: number): number {
  return lines.length ? Math.max(0, lastStartingBefore(lines, offset, true)) : -1;
}

const isBlank = (text: string, l: Line) => skipGoSpace(text, l.start, l.contentEnd) === l.contentEnd;
const isCommentLine = (text: string, l: Line) => isCommentAt(text, l.start, l.contentEnd);

function instructionAtOrBefore(ast: DockerfileAst, offset: number): Instruction | undefined {
  return ast.instructions[lastStartingBefore(ast.instructions, offset, true)];
}

function inHeredoc(ast: DockerfileAst, offset: number): boolean {
  const ins = instructionAtOrBefore(ast, offset);
  if (!ins) return false;
  return ins.heredocs.some((h) => (h.body.start <= offset && offset < h.body.end) || (!!h.terminator && h.terminator.start <= offset && offset <= h.terminator.end));
}

// ---------------------------------------------------------------------------
// Edits

interface Edit extends TextRange {
  text: string;
  /** Index of the instruction the edit belongs to; -1 for lines outside instructions. */
  owner: number;
  /** Re-indentation of a continuation line: the first thing given up when the parse would change. */
  reindent: boolean;
  /** The text the edit belongs to (its instruction, or its line), for range formatting. */
  span: TextRange;
  /** The final line break. */
  endOfFile?: boolean;
  /** A shell script printed by mvdan/sh (see shellEdits). */
  shell?: boolean;
}

/** Columns of `ws` (spaces and tabs) starting at column 0. */
function columns(ws: string, tabSize: number): number {
  let col = 0;
  for (const c of ws) col = c === '\t' ? col - (col % tabSize) + tabSize : col + 1;
  return col;
}

/** Indentation of `cols` columns: spaces, or tabs (and spaces for the rest). */
function render(cols: number, insertSpaces: boolean, tabSize: number): string {
  if (insertSpaces) return ' '.repeat(cols);
  return '\t'.repeat(Math.floor(cols / tabSize)) + ' '.repeat(cols % tabSize);
}

/** The continuation indent in columns; with tabs, whole tabs (4 columns with tab size 8 is one tab). */
function baseColumns(indent: number, options: FormattingOptions): number {
  const tabSize = options.tabSize > 0 ? options.tabSize : 4;
  return options.insertSpaces ? indent : Math.ceil(indent / tabSize) * tabSize;
}

const BLANKS = /^[ \t]+$/;
const KNOWN = new Set<string>(INSTRUCTIONS);

function collectEdits(doc: DockerfileDocument, options: FormattingOptions, s: FormatSettings): Edit[] {
  const text = doc.text;
  const ast = doc.ast;
  const lines = splitLines(text, ast.bomLength);
  const tabSize = options.tabSize > 0 ? options.tabSize : 4;
  const edits: Edit[] = [];
  /** 0: a free line; 1: part of an instruction (or a directive), handled. */
  const taken = new Uint8Array(lines.length);
  for (const d of ast.directives) {
    const i = lineIndexOf(lines, d.start);
    if (i >= 0) taken[i] = 1;
  }

  const trailing = (l: Line, owner: number, span: TextRange) => {
    if (!s.trimTrailingWhitespace) return;
    let k = l.contentEnd;
    while (k > l.start && (text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
    if (k < l.contentEnd) edits.push({ start: k, end: l.contentEnd, text: '', owner, reindent: false, span });
  };

  ast.instructions.forEach((ins, owner) => {
    const firstIdx = ins.startLine - 1;
    if (firstIdx < 0 || firstIdx >= lines.length) return;
    // the physical lines of the logical line, classified as BuildKit reads them
    const rows: Array<{ line: Line; kind: 'first' | 'code' | 'comment' | 'empty' }> = [{ line: lines[firstIdx], kind: 'first' }];
    const first = lines[firstIdx];
    let continued = continuationAt(text, skipGoSpace(text, first.start, first.contentEnd), first.contentEnd, ast.escapeChar) >= 0;
    let i = firstIdx + 1;
    while (continued && i < lines.length) {
      const l = lines[i++];
      if (isCommentLine(text, l)) rows.push({ line: l, kind: 'comment' });
      else if (isBlank(text, l)) rows.push({ line: l, kind: 'empty' });
      else {
        rows.push({ line: l, kind: 'code' });
        continued = continuationAt(text, l.start, l.contentEnd, ast.escapeChar) >= 0;
      }
    }
    const end = Math.min(lines.length, Math.max(i, ins.endLine));
    for (let k = firstIdx; k < end; k++) taken[k] = 1;
    // heredoc bodies follow the logical line; anything else means we misread the lines: leave it alone
    if (ins.heredocs.length === 0 ? i !== ins.endLine : i > ins.endLine) return;
    if (ins.keywordRange.start < first.start || ins.keywordRange.start > first.contentEnd) return;
    const span = { start: first.start, end: lines[end - 1].contentEnd };
    const add = (start: number, endOff: number, newText: string, reindent = false) => {
      if (text.slice(start, endOff) !== newText) edits.push({ start, end: endOff, text: newText, owner, reindent, span });
    };

    // first line: no indentation
    if (ins.start > first.start && BLANKS.test(text.slice(first.start, ins.start))) add(first.start, ins.start, '');
    instructionWords(ins, text, s, add);
    for (const r of rows) {
      if (r.kind === 'empty') {
        if (s.trimTrailingWhitespace && BLANKS.test(text.slice(r.line.start, r.line.contentEnd))) add(r.line.start, r.line.contentEnd, '');
      } else {
        trailing(r.line, owner, span);
      }
    }

    // continuation lines: shift the block so that its least indented code line sits at the configured indent
    if (s.continuationIndent === 'keep') return;
    const block: Array<{ line: Line; ws: number; cols: number; code: boolean }> = [];
    for (const r of rows) {
      if (r.kind !== 'code' && r.kind !== 'comment') continue;
      let e = r.line.start;
      while (e < r.line.contentEnd && (text[e] === ' ' || text[e] === '\t')) e++;
      // other white space (form feed, no-break space…) before the content: leave that line as it is
      if (skipGoSpace(text, e, r.line.contentEnd) !== e) continue;
      // a line holding only the escape character does not set the indent either
      const code = r.kind === 'code' && continuationAt(text, e, r.line.contentEnd, ast.escapeChar) !== e;
      block.push({ line: r.line, ws: e, cols: columns(text.slice(r.line.start, e), tabSize), code });
    }
    const code = block.filter((b) => b.code);
    const ref = code.length ? code : block;
    if (ref.length === 0) return;
    const min = Math.min(...ref.map((b) => b.cols));
    const shift = baseColumns(s.continuationIndent, options) - min;
    for (const b of block) add(b.line.start, b.ws, render(Math.max(0, b.cols + shift), options.insertSpaces, tabSize), true);
  });

  // lines outside instructions: comments and blank lines lose trailing blanks; directives stay as they are
  let last = lines.length - 1;
  const eofOK = s.insertFinalNewline && !endsInHeredoc(ast);
  if (eofOK) while (last >= 0 && !taken[last] && isBlank(text, lines[last])) last--;
  for (let i = 0; i <= last; i++) {
    if (taken[i]) continue;
    const l = lines[i];
    const span = { start: l.start, end: l.contentEnd };
    if (isBlank(text, l)) {
      if (s.trimTrailingWhitespace && BLANKS.test(text.slice(l.start, l.contentEnd))) edits.push({ start: l.start, end: l.contentEnd, text: '', owner: -1, reindent: false, span });
    } else if (isCommentLine(text, l)) {
      trailing(l, -1, span);
    }
  }
  // exactly one line break at the end, in the file's own style
  if (eofOK && last >= 0) {
    const from = lines[last].contentEnd;
    const nl = text.indexOf('\n');
    const eol = nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
    if (text.slice(from) !== eol) edits.push({ start: from, end: text.length, text: eol, owner: -1, reindent: false, span: { start: from, end: text.length }, endOfFile: true });
  }
  return edits.sort((a, b) => a.start - b.start);
}

/** The file ends inside an unterminated heredoc: its trailing line breaks are body. */
function endsInHeredoc(ast: DockerfileAst): boolean {
  const last = ast.instructions[ast.instructions.length - 1];
  return !!last && last.heredocs.some((h) => !h.terminator);
}

/** Keyword case and the single spaces between keyword, flags, arguments and pairs. */
function instructionWords(ins: Instruction, text: string, s: FormatSettings, add: (start: number, end: number, text: string) => void): void {
  if (s.keywordCase === 'upper' && KNOWN.has(ins.name)) add(ins.keywordRange.start, ins.keywordRange.end, ins.keyword.toUpperCase());
  if (s.normalizeSpacing) {
    // plain blanks on one physical line only: never across a continuation, never inside quotes
    const gap = (a: number, b: number) => {
      if (b > a && BLANKS.test(text.slice(a, b))) add(a, b, ' ');
    };
    let prev = ins.keywordRange.end;
    for (const f of ins.flags) {
      gap(prev, f.start);
      prev = f.end;
    }
    if (ins.argsRange) gap(prev, ins.argsRange.start);
    const d = ins.details;
    if (d.kind === 'keyValues' && !d.legacy) {
      for (let k = 1; k < d.pairs.length; k++) gap(d.pairs[k - 1].value.end, d.pairs[k].key.start);
    } else if (d.kind === 'arg' || (ins.name === 'HEALTHCHECK' && ins.args.length >= 2)) {
      const n = d.kind === 'arg' ? ins.args.length : 2;
      for (let k = 1; k < n; k++) gap(ins.args[k - 1].end, ins.args[k].start);
    }
  }
  if (ins.details.kind === 'onbuild' && ins.details.instruction) instructionWords(ins.details.instruction, text, s, add);
}

function toTextEdits(doc: DockerfileDocument, edits: Edit[]): TextEdit[] {
  return edits.map((e) => ({ range: doc.lines.rangeOf(e), newText: e.text }));
}

function apply(text: string, edits: Edit[]): string {
  const out: string[] = [];
  let at = 0;
  for (const e of edits) {
    out.push(text.slice(at, e.start), e.text);
    at = e.end;
  }
  out.push(text.slice(at));
  return out.join('');
}

// ---------------------------------------------------------------------------
// The safety net: the formatted file must parse to the same instructions

/**
 * A shell-form command with each run of unquoted blanks (the shell's word
 * separator) squeezed to one space. Blanks inside quotes, `${…}`, backticks
 * or after a backslash stay as written: equal skeletons mean the POSIX shell
 * runs the same words (the converse need not hold).
 */
export function shellSkeleton(s: string): string {
  type Ctx = 'plain' | 'cmd' | 'dq' | 'param' | 'bt';
  const stack: Array<{ k: Ctx; depth: number }> = [];
  let k = 'plain' as Ctx;
  let depth = 0;
  const push = (next: Ctx) => {
    stack.push({ k, depth });
    k = next;
    depth = 0;
  };
  const pop = () => {
    const p = stack.pop();
    k = p ? p.k : 'plain';
    depth = p ? p.depth : 0;
  };
  let out = '';
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i];
    if ((k === 'plain' || k === 'cmd') && (c === ' ' || c === '\t')) {
      while (i < n && (s[i] === ' ' || s[i] === '\t')) i++;
      out += ' ';
      continue;
    }
    if (c === '\\') {
      out += s.slice(i, i + 2);
      i += 2;
      continue;
    }
    i++;
    if (k === 'bt') {
      if (c === '`') pop();
      out += c;
      continue;
    }
    if (c === "'" && k !== 'dq') {
      // single quotes: everything up to the next one; `$'…'` knows backslash escapes
      const ansi = i >= 2 && s[i - 2] === '$';
      let j = i;
      while (j < n && s[j] !== "'") j += ansi && s[j] === '\\' ? 2 : 1;
      out += s.slice(i - 1, j + 1);
      i = j + 1;
      continue;
    }
    out += c;
    if (c === '$' && (s[i] === '(' || s[i] === '{')) {
      out += s[i];
      push(s[i++] === '(' ? 'cmd' : 'param');
    } else if (c === '`') push('bt');
    else if (c === '"') {
      if (k === 'dq') pop();
      else push('dq');
    } else if (k === 'cmd' && c === '(') depth++;
    else if (k === 'cmd' && c === ')') {
      if (depth === 0) pop();
      else depth--;
    } else if (k === 'param' && c === '}') pop();
  }
  return out;
}

const SHELL_FORM_COMMANDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK']);
const WINDOWS_IMAGE = /windows|nanoserver|servercore/i;

/**
 * For each instruction, whether its shell-form command runs in a POSIX shell:
 * not after `SHELL ["cmd", …]`/`["pwsh", …]`, not on a Windows base image, and
 * not in a file with the `` ` `` escape (the Windows convention). Where it is
 * not, blanks may be significant (cmd's `echo a  b`), so they are compared exactly.
 */
function posixShells(ast: DockerfileAst): boolean[] {
  const unixEscape = ast.escapeChar === '\\';
  return shellPrograms(ast).map((p) => unixEscape && isPosixShell(p));
}

/** For each instruction, the program its shell form runs: `/bin/sh` unless a SHELL (of this stage or the stage it builds on) says otherwise; `cmd` on a Windows base image. */
function shellPrograms(ast: DockerfileAst): string[] {
  const byStage = new Map<string, string>();
  let program = '/bin/sh';
  let stage: string | undefined;
  return ast.instructions.map((ins) => {
    const d = ins.details;
    if (d.kind === 'from') {
      if (stage !== undefined) byStage.set(stage, program);
      const image = (d.image?.value ?? '').toLowerCase();
      program = byStage.get(image) ?? (WINDOWS_IMAGE.test(image) ? 'cmd' : '/bin/sh');
      stage = d.stageName?.value.toLowerCase();
    } else if (ins.name === 'SHELL' && ins.form === 'exec' && ins.args.length > 0) {
      program = ins.args[0].value;
    }
    return program;
  });
}

/** What BuildKit sees of an instruction, keyword case aside (see shellSkeleton for shell-form commands). */
function semanticKey(ins: Instruction, posix: boolean, expect?: ShellEdit['expect']): string {
  const shell = posix && ins.form === 'shell' && SHELL_FORM_COMMANDS.has(ins.name);
  const values = expect?.args !== undefined ? [expect.args] : ins.args.map((a) => a.value);
  const args = values.map((v, i) => (shell && !(ins.name === 'HEALTHCHECK' && i === 0) ? shellSkeleton(v) : v));
  const inner = ins.details.kind === 'onbuild' && ins.details.instruction ? semanticKey(ins.details.instruction, posix) : '';
  const heredocs = ins.heredocs.map((h, i) => [h.name, h.fileDescriptor, h.expand, h.chomp, i === 0 && expect?.heredoc !== undefined ? expect.heredoc : h.content, !!h.terminator]);
  return JSON.stringify([ins.name, ins.form, ins.flags.map((f) => f.raw), args, inner, heredocs]);
}

/**
 * The instructions of `after` whose semantic key differs from that of the same
 * instruction in `before`. An instruction is parsed from its logical line alone
 * (and the escape character, compared separately), so when both read the same
 * logical line in the same kind of shell and have no heredocs, the keys are
 * equal without being built: only the instructions the edits touched cost anything.
 */
function changedInstructions(before: DockerfileAst, after: DockerfileAst, posixBefore: boolean[], expect: Map<number, ShellEdit['expect']>): number[] {
  const posixAfter = posixShells(after);
  const out: number[] = [];
  for (let i = 0; i < after.instructions.length; i++) {
    const a = after.instructions[i];
    const b = before.instructions[i];
    const x = expect.get(i);
    if (!x && a.original === b.original && posixAfter[i] === posixBefore[i] && a.heredocs.length === 0 && b.heredocs.length === 0) continue;
    if (semanticKey(a, posixAfter[i]) !== semanticKey(b, posixBefore[i], x)) out.push(i);
  }
  return out;
}

const fatalCount = (ast: DockerfileAst) => ast.problems.reduce((n, p) => n + (p.fatal ? 1 : 0), 0);

const sameDirectives = (a: DockerfileAst, b: DockerfileAst) =>
  a.escapeChar === b.escapeChar && a.directives.length === b.directives.length && a.directives.every((d, i) => d.name === b.directives[i].name && d.value === b.directives[i].value);

/**
 * Keeps the edits that do not change what BuildKit parses: re-parses the
 * formatted text and, for each instruction that differs, drops its
 * continuation re-indentation, then the rest of its edits, then tries again.
 */
function verify(doc: DockerfileDocument, edits: Edit[], shell: ShellEdit[] = []): Edit[] {
  if (edits.length === 0) return edits;
  const posixBefore = posixShells(doc.ast);
  const count = doc.ast.instructions.length;
  const fatal = fatalCount(doc.ast);
  let current = edits;
  for (let round = 0; round < 8 && current.length > 0; round++) {
    const after = parse(apply(doc.text, current));
    const owners = new Set<number>();
    // a new fatal problem (say, a re-indented line over BuildKit's 64 KiB line limit) is never explained by one instruction
    let unexplained = !sameDirectives(doc.ast, after) || after.instructions.length !== count || fatalCount(after) > fatal;
    if (!unexplained) {
      // what the shell edits still in place promise BuildKit will read
      const expect = new Map<number, ShellEdit['expect']>();
      for (const e of shell) if (current.some((x) => x.shell && x.owner === e.owner && x.start === e.start)) expect.set(e.owner, { ...expect.get(e.owner), ...e.expect });
      for (const i of changedInstructions(doc.ast, after, posixBefore, expect)) owners.add(i);
      if (owners.size === 0) return current;
    }
    const byOwner = new Map<number, Edit[]>();
    for (const e of current) {
      const list = byOwner.get(e.owner);
      if (list) list.push(e);
      else byOwner.set(e.owner, [e]);
    }
    const drop = new Set<Edit>();
    const dropAll = (list: Edit[]) => list.forEach((e) => drop.add(e));
    for (const o of owners) {
      const own = byOwner.get(o) ?? [];
      const reindent = own.filter((e) => e.reindent);
      if (reindent.length) dropAll(reindent);
      else if (own.length) dropAll(own);
      else unexplained = true;
    }
    if (unexplained && drop.size === 0) {
      // the instructions no longer line up (should not happen): give up step by step
      const reindent = current.filter((e) => e.reindent);
      if (reindent.length) dropAll(reindent);
      else if (byOwner.has(-1)) dropAll(byOwner.get(-1)!);
      else return [];
    }
    current = current.filter((e) => !drop.has(e));
  }
  return current.length === 0 ? current : [];
}

// ---------------------------------------------------------------------------
// The shell of RUN instructions (format.shell)

interface ShellEdit extends TextRange {
  owner: number;
  text: string;
  /** What BuildKit must read after the edit: the joined script, or the heredoc body. */
  expect: { args?: string; heredoc?: string };
  /** The instruction's text, for range formatting. */
  span: TextRange;
}

/** `<<EOF`, `<<"EOF"`, `<<'EOF'`: a RUN whose whole command is one heredoc (its body is the script). */
const LONE_HEREDOC = /^<<(["']?)[^\s"'<>|&;]+\1$/;
/** Blanks after the escape character before the line break still make a continuation (BuildKit's `\\[ \t]*$`). */
const CONTINUATION = /\\[ \t]*\n/g;

/** The columns of the least indented continuation line of `raw` (for `continuationIndent: "keep"`). */
function keptIndent(raw: string, tabSize: number): number {
  const cols = raw.split('\n').slice(1).filter((l) => l.trim() !== '').map((l) => columns(/^[ \t]*/.exec(l)![0], tabSize));
  return cols.length ? Math.min(...cols) : 4;
}

/**
 * The RUN instructions whose shell mvdan/sh lays out differently, each
 * checked: the instruction alone re-parses to one shell-form RUN whose joined
 * script has the same mvdan/sh syntax tree as before (canonicalShell), or,
 * for a heredoc script, the new body has the same tree as the old one.
 * Skipped: another escape character than `\`, a SHELL mvdan/sh does not read
 * (cmd, PowerShell, zsh…), ONBUILD, blank lines inside the RUN,
 * CR line breaks, `<<-` bodies, shebangs of other interpreters.
 */
async function shellEdits(doc: DockerfileDocument, options: FormattingOptions, s: FormatSettings, wanted: (r: TextRange) => boolean, why: Why = () => undefined): Promise<ShellEdit[]> {
  const ast = doc.ast;
  if (ast.escapeChar !== '\\') {
    ast.instructions.forEach((ins, i) => ins.name === 'RUN' && why(i, 'escape character'));
    return [];
  }
  const text = doc.text;
  const tabSize = options.tabSize > 0 ? options.tabSize : 4;
  const programs = shellPrograms(ast);
  const out: ShellEdit[] = [];
  for (let owner = 0; owner < ast.instructions.length; owner++) {
    const ins = ast.instructions[owner];
    if (ins.name !== 'RUN' || !wanted({ start: ins.start, end: ins.end })) continue;
    if (ins.form !== 'shell' || ins.args.length !== 1 || !ins.argsRange) {
      why(owner, 'exec form');
      continue;
    }
    const variant = shellVariant(programs[owner]);
    if (variant === undefined) {
      why(owner, 'SHELL not read by mvdan/sh');
      continue;
    }
    const base = s.continuationIndent === 'keep' ? keptIndent(text.slice(ins.start, ins.end).replace(/\r\n/g, '\n'), tabSize) : baseColumns(s.continuationIndent, options);
    const layout: ShellLayout = { variant, base, unit: options.insertSpaces ? (typeof s.continuationIndent === 'number' && s.continuationIndent > 0 ? s.continuationIndent : 4) : tabSize, insertSpaces: options.insertSpaces, tabSize };
    try {
      const e = ins.heredocs.length ? await heredocEdit(ins, owner, layout, why) : await runEdit(doc, ins, owner, layout, why);
      if (e) {
        out.push(e);
        why(owner, 'formatted');
      }
    } catch {
      // a formatter that fails to load or crashes leaves the RUN as it is
      why(owner, 'formatter failed');
    }
  }
  return out;
}

/** Why a RUN was (not) formatted, for the figures of scripts/bench-shell-format.ts; returns undefined. */
type Why = (owner: number, reason: string) => undefined;

async function runEdit(doc: DockerfileDocument, ins: Instruction, owner: number, layout: ShellLayout, why: Why): Promise<ShellEdit | undefined> {
  const text = doc.text;
  const region = ins.argsRange!;
  const raw = text.slice(region.start, region.end);
  const crlf = raw.includes('\r\n');
  // blanks after a continuation's escape go (for mvdan/sh, `\ ` would be an escaped blank)
  const rawN = raw.replace(/\r\n/g, '\n').replace(/\\[ \t]+\n/g, '\\\n');
  if (rawN.includes('\r')) return why(owner, 'CR');
  const joined = ins.args[0].value;
  // the text is exactly the joined script plus continuations and comment lines (Docker drops them): no blank line inside
  const code = rawN.split('\n').filter((line, i) => i === 0 || !/^[ \t]*#/.test(line)).join('\n');
  if (code.replace(CONTINUATION, '') !== joined) return why(owner, 'blank lines inside');
  const laid = await layoutRunScript(rawN, layout);
  if (laid === undefined) return why(owner, 'does not parse (or a comment line first or last)');
  if (laid === raw) return why(owner, 'already formatted');
  const newText = crlf ? laid.replace(/\n/g, '\r\n') : laid;
  // the instruction alone, as BuildKit parses it
  const lineStart = text.lastIndexOf('\n', ins.start - 1) + 1;
  const again = parse(text.slice(lineStart, region.start) + newText + '\n');
  const re = again.instructions;
  if (re.length !== 1 || re[0].name !== 'RUN' || re[0].form !== 'shell' || re[0].args.length !== 1 || re[0].heredocs.length || again.problems.some((p) => p.fatal)) return why(owner, 'Dockerfile parse differs');
  const after = re[0].args[0].value;
  const before = await canonicalShell(joined, layout.variant);
  if (before === undefined || before !== (await canonicalShell(after, layout.variant))) return why(owner, 'shell syntax tree differs');
  return { start: region.start, end: region.end, owner, text: newText, expect: { args: after }, span: { start: lineStart, end: ins.end } };
}

async function heredocEdit(ins: Instruction, owner: number, layout: ShellLayout, why: Why): Promise<ShellEdit | undefined> {
  if (ins.heredocs.length !== 1 || !LONE_HEREDOC.test(ins.args[0].value)) return why(owner, 'heredoc not the whole command');
  const h = ins.heredocs[0];
  if (h.chomp || h.fileDescriptor !== 0 || !h.terminator || !h.content.endsWith('\n') || h.content.includes('\r')) return why(owner, 'heredoc <<-, fd, CR or unterminated');
  let variant = layout.variant;
  const shebang = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(h.content);
  if (shebang) {
    const program = shebang[1].endsWith('/env') ? shebang[2] ?? '' : shebang[1];
    const v = shellVariant(program);
    if (v === undefined) return why(owner, 'heredoc shebang of another interpreter');
    variant = v;
  }
  const formatted = await formatScript(h.content, { ...layout, variant });
  if (formatted === undefined) return why(owner, 'does not parse');
  if (formatted === h.content) return why(owner, 'already formatted');
  const before = await canonicalShell(h.content, variant);
  if (before === undefined || before !== (await canonicalShell(formatted, variant))) return why(owner, 'shell syntax tree differs');
  return { start: h.body.start, end: h.body.end, owner, text: formatted, expect: { heredoc: formatted }, span: { start: ins.start, end: h.body.end } };
}

/**
 * What format.shell does to each RUN of a document: `formatted`, `already
 * formatted`, or why it is left alone (for scripts/bench-shell-format.ts).
 */
export async function shellFormatReport(doc: DockerfileDocument, options: FormattingOptions, settings: FormatSettings): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  await shellEdits(doc, options, sanitize(settings), () => true, (owner, reason) => {
    out.set(owner, reason);
    return undefined;
  });
  return out;
}

/** The shell edits in place of the whitespace edits of the text they replace. */
function mergeShell(edits: Edit[], shell: ShellEdit[]): Edit[] {
  if (shell.length === 0) return edits;
  const kept = edits.filter((e) => !shell.some((x) => x.owner === e.owner && e.end > x.start && e.start < x.end));
  for (const x of shell) kept.push({ start: x.start, end: x.end, text: x.text, owner: x.owner, reindent: false, span: edits.find((e) => e.owner === x.owner)?.span ?? x.span, shell: true });
  return kept.sort((a, b) => a.start - b.start);
}
