/**
 * One instruction from its logical line, following BuildKit's `splitCommand`,
 * `extractBuilderFlags` and the per-instruction line parsers
 * (frontend/dockerfile/parser/line_parsers.go), with a range for every value.
 */
import type {
  ArgDeclaration, EscapeChar, Expander, Flag, Form, Instruction, InstructionDetails, KeyValue, SyntaxProblem, TextRange, Token,
} from './ast';
import { parseJsonArray } from './json';
import type { LogicalLine } from './logicalLine';
import { findVariableReferences } from './shell';
import { basename, isPosixShell, shellScriptIndex } from './shellInvocation';
import { isGoSpace, isTokenSpace, skipGoSpace, trimGoSpaceEnd } from './text';

/** Instructions BuildKit knows; anything else is ignored by its parser and rejected by `docker build`. */
export const INSTRUCTIONS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
] as const;
const KNOWN = new Set<string>(INSTRUCTIONS);

interface Word {
  value: string;
  start: number; // logical
  end: number;
}

export interface InstructionContext {
  line: LogicalLine;
  escape: EscapeChar;
  problems: SyntaxProblem[];
}

function problem(ctx: InstructionContext, r: TextRange, message: string, code: string, fatal: boolean): void {
  ctx.problems.push({ start: r.start, end: r.end, message, severity: 'error', code, fatal });
}

/** Go's strconv.Quote, enough for messages. */
function q(s: string): string {
  return JSON.stringify(s);
}

/**
 * BuildKit's extractBuilderFlags: leading `--words` (quotes and backslashes
 * processed) up to the first word that does not start with `--`, or `--` itself.
 */
function extractFlags(text: string, from: number, to: number): { words: Word[]; rest: number } {
  const words: Word[] = [];
  let phase = 0; // 0 spaces, 1 word, 2 quote
  let word = '';
  let wordStart = from;
  let quote = '';
  let blankOK = false;
  for (let pos = from; pos <= to; pos++) {
    const ch = pos < to ? text[pos] : '';
    if (phase === 0) {
      if (pos === to) break;
      if (isGoSpace(text.charCodeAt(pos))) continue;
      if (ch !== '-' || pos + 1 === to || text[pos + 1] !== '-') return { words, rest: pos };
      phase = 1;
      wordStart = pos;
    }
    if (pos === to) {
      if (word !== '--' && (blankOK || word.length > 0)) words.push({ value: word, start: wordStart, end: pos });
      break;
    }
    if (phase === 1) {
      if (isGoSpace(text.charCodeAt(pos))) {
        phase = 0;
        if (word === '--') return { words, rest: pos };
        if (blankOK || word.length > 0) words.push({ value: word, start: wordStart, end: pos });
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 2;
        continue;
      }
      if (ch === '\\') {
        if (pos + 1 === to) continue;
        pos++;
        word += text[pos];
        continue;
      }
      word += ch;
      continue;
    }
    // in quote
    if (ch === quote) {
      phase = 1;
      continue;
    }
    if (ch === '\\') {
      if (pos + 1 === to) {
        phase = 1;
        continue;
      }
      pos++;
      word += text[pos];
      continue;
    }
    word += ch;
  }
  return { words, rest: to };
}

/**
 * BuildKit's parseWords: white-space separated words, quotes and escapes kept.
 * A word is its source text, except that an escape char ending the input is
 * dropped, so words are slices rather than built character by character.
 */
function parseWords(text: string, from: number, to: number, escape: string): Word[] {
  const words: Word[] = [];
  let pos = from;
  while (pos < to) {
    while (pos < to && isGoSpace(text.charCodeAt(pos))) pos++;
    if (pos >= to) break;
    const start = pos;
    let quote = '';
    let quoted = false; // blankOK: a quoted word is kept even when empty
    let dropLast = false;
    for (; pos < to; pos++) {
      const ch = text[pos];
      if (quote === '') {
        if (isGoSpace(text.charCodeAt(pos))) break;
        if (ch === "'" || ch === '"') {
          quote = ch;
          quoted = true;
        } else if (ch === escape) {
          if (pos + 1 === to) {
            dropLast = true;
            continue;
          }
          pos++;
        }
      } else if (ch === quote) {
        quote = '';
      } else if (ch === escape && quote !== "'") {
        if (pos + 1 === to) {
          dropLast = true;
          continue;
        }
        pos++;
      }
    }
    const end = Math.min(pos, to);
    const value = text.slice(start, dropLast ? end - 1 : end);
    if (quoted || value.length > 0) words.push({ value, start, end });
  }
  return words;
}

/** Splits [from, to) on runs of `[\t\v\f\r ]` (BuildKit's reWhitespace), at most `limit` pieces. */
function splitWhitespace(text: string, from: number, to: number, limit = Infinity): Word[] {
  const out: Word[] = [];
  let start = from;
  let i = from;
  while (i < to) {
    if (isTokenSpace(text.charCodeAt(i)) && out.length + 1 < limit) {
      out.push({ value: text.slice(start, i), start, end: i });
      while (i < to && isTokenSpace(text.charCodeAt(i))) i++;
      start = i;
    } else {
      i++;
    }
  }
  out.push({ value: text.slice(start, to), start, end: to });
  return out;
}

interface Parsed {
  args: Word[];
  form: Form;
  invalidJson?: { message: string; start: number; end: number };
  /** For ENV/LABEL: triples; for HEALTHCHECK: type then command. */
  legacy?: boolean;
  sub?: { from: number; to: number };
}

type Fatal = { fatal: string };

function parseMaybeJson(text: string, from: number, to: number, toList: boolean): Parsed | Fatal {
  const s = skipGoSpace(text, from, to);
  if (s < to && text[s] === '[') {
    const r = parseJsonArray(text, s, to);
    if (r.kind === 'ok') return { args: r.elements, form: 'exec' };
    if (r.kind === 'notStrings') return { fatal: 'when using JSON array syntax, arrays must be comprised of strings only' };
    const invalidJson = { message: r.message, start: s, end: to };
    if (toList) return { args: from < to ? splitWhitespace(text, from, to) : [], form: 'shell', invalidJson };
    return { args: [{ value: text.slice(from, to), start: from, end: to }], form: 'shell', invalidJson };
  }
  if (from === to) return { args: [], form: toList ? 'shell' : 'none' };
  if (toList) return { args: splitWhitespace(text, from, to), form: 'shell' };
  return { args: [{ value: text.slice(from, to), start: from, end: to }], form: 'shell' };
}

function parseNameVal(text: string, from: number, to: number, key: string, escape: string): Parsed | Fatal {
  const words = parseWords(text, from, to, escape);
  if (words.length === 0) return { args: [], form: 'none' };
  if (!words[0].value.includes('=')) {
    const parts = splitWhitespace(text, from, to, 2);
    if (parts.length < 2) return { fatal: `${key} must have two arguments` };
    return { args: [parts[0], parts[1], { value: '', start: parts[0].end, end: parts[0].end }], form: 'none', legacy: true };
  }
  const args: Word[] = [];
  for (const w of words) {
    const eq = w.value.indexOf('=');
    if (eq < 0) return { fatal: `Syntax error - can't find = in ${q(w.value)}. Must be of the form: name=value` };
    args.push(
      { value: w.value.slice(0, eq), start: w.start, end: w.start + eq },
      { value: w.value.slice(eq + 1), start: w.start + eq + 1, end: w.end },
      { value: '=', start: w.start + eq, end: w.start + eq + 1 },
    );
  }
  return { args, form: 'none', legacy: false };
}

function dispatch(name: string, text: string, from: number, to: number, escape: string): Parsed | Fatal {
  switch (name) {
    case 'ADD':
    case 'COPY':
    case 'VOLUME':
      return parseMaybeJson(text, from, to, true);
    case 'CMD':
    case 'ENTRYPOINT':
    case 'RUN':
    case 'SHELL':
      return parseMaybeJson(text, from, to, false);
    case 'ARG':
      return { args: parseWords(text, from, to, escape), form: 'none' };
    case 'ENV':
    case 'LABEL':
      return parseNameVal(text, from, to, name, escape);
    case 'EXPOSE':
    case 'FROM':
      return { args: from < to ? splitWhitespace(text, from, to) : [], form: 'none' };
    case 'MAINTAINER':
    case 'STOPSIGNAL':
    case 'USER':
    case 'WORKDIR':
      return { args: from < to ? [{ value: text.slice(from, to), start: from, end: to }] : [], form: 'none' };
    case 'ONBUILD':
      return { args: [], form: 'none', sub: from < to ? { from, to } : undefined };
    case 'HEALTHCHECK': {
      let sep = from;
      while (sep < to && !isGoSpace(text.charCodeAt(sep))) sep++;
      if (sep === from) return { args: [], form: 'none' };
      const next = skipGoSpace(text, sep, to);
      const cmd = parseMaybeJson(text, next, to, false);
      if ('fatal' in cmd) return cmd;
      return { ...cmd, args: [{ value: text.slice(from, sep), start: from, end: sep }, ...cmd.args] };
    }
    default:
      // BuildKit's parser ignores unknown instructions (an empty argument node)
      return { args: [{ value: '', start: from, end: from }], form: 'none' };
  }
}

/**
 * Parses the instruction in `line.text[from, to)`. Returns undefined when the
 * range holds no instruction (BuildKit would not create a node either).
 */
export function parseInstruction(ctx: InstructionContext, from: number, to: number, startLine: number, endLine: number): Instruction | undefined {
  const L = ctx.line;
  const text = L.text;
  const t0 = skipGoSpace(text, from, to);
  const t1 = trimGoSpaceEnd(text, t0, to);
  let cmdEnd = t0;
  while (cmdEnd < t1 && !isTokenSpace(text.charCodeAt(cmdEnd))) cmdEnd++;
  const keyword = text.slice(t0, cmdEnd);
  const name = keyword.toUpperCase();
  let restStart = cmdEnd;
  while (restStart < t1 && isTokenSpace(text.charCodeAt(restStart))) restStart++;

  let flagWords: Word[] = [];
  let argsFrom = t1;
  if (restStart < t1) {
    const f = extractFlags(text, restStart, t1);
    flagWords = f.words;
    argsFrom = f.rest;
  }
  argsFrom = skipGoSpace(text, argsFrom, t1);
  const argsTo = trimGoSpaceEnd(text, argsFrom, t1);

  const range = L.range(t0, t1);
  const keywordRange = L.range(t0, cmdEnd);
  const flags = flagWords.map((w) => toFlag(L, w));
  const base: Instruction = {
    start: range.start,
    end: range.end,
    keyword,
    name,
    keywordRange,
    startLine,
    endLine,
    flags,
    argsRange: argsFrom < argsTo ? L.range(argsFrom, argsTo) : undefined,
    args: [],
    form: 'none',
    invalidJson: undefined,
    heredocs: [],
    variables: [],
    details: { kind: 'unknown' },
    original: text.slice(from, to),
  };

  const parsed = dispatch(name, text, argsFrom, argsTo, ctx.escape);
  if ('fatal' in parsed) {
    problem(ctx, base.argsRange ?? keywordRange, parsed.fatal, 'ParseError', true);
    return base;
  }
  base.args = parsed.args.map((w) => token(L, w.value, w.start, w.end));
  base.form = parsed.form;
  if (parsed.invalidJson) {
    base.invalidJson = { message: parsed.invalidJson.message, range: L.range(parsed.invalidJson.start, parsed.invalidJson.end) };
  }
  if (parsed.sub) {
    const inner = parseInstruction(ctx, parsed.sub.from, parsed.sub.to, startLine, endLine);
    base.details = { kind: 'onbuild', instruction: inner };
    if (inner) {
      if (inner.name === 'ONBUILD') problem(ctx, inner.keywordRange, 'Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed', 'InstructionError', false);
      else if (inner.name === 'FROM' || inner.name === 'MAINTAINER') problem(ctx, inner.keywordRange, `${inner.name} isn't allowed as an ONBUILD trigger`, 'InstructionError', false);
    }
  } else {
    base.details = details(ctx, base, parsed.legacy === true);
  }
  if (!KNOWN.has(name)) {
    problem(ctx, keywordRange, `unknown instruction: ${keyword}`, 'UnknownInstruction', false);
  }
  collectVariables(ctx, base);
  return base;
}

function token(L: LogicalLine, value: string, start: number, end: number): Token {
  const s = L.offsetOf(start);
  return { value, start: s, end: end > start ? L.endOffsetOf(end) : s };
}

function toFlag(L: LogicalLine, w: Word): Flag {
  const r = L.range(w.start, w.end);
  const raw = w.value;
  const body = raw.slice(2);
  const eq = body.indexOf('=');
  const name = eq < 0 ? body : body.slice(0, eq);
  const value = eq < 0 ? undefined : body.slice(eq + 1);
  // locate '=' in the written text (quotes may differ from the processed word)
  const written = L.text.slice(w.start, w.end);
  const weq = written.indexOf('=');
  const nameRange = L.range(w.start + 2, weq < 0 ? w.end : w.start + weq);
  const valueRange = value === undefined || weq < 0 ? undefined : L.range(w.start + weq + 1, w.end);
  return { start: r.start, end: r.end, raw, name, value, nameRange, valueRange };
}

const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

function details(ctx: InstructionContext, ins: Instruction, legacy: boolean): InstructionDetails {
  const a = ins.args;
  const whole = ins.argsRange ?? ins.keywordRange;
  const err = (r: TextRange, m: string) => problem(ctx, r, m, 'InstructionError', false);
  switch (ins.name) {
    case 'FROM': {
      if (a.length !== 1 && !(a.length === 3 && a[1].value.toLowerCase() === 'as')) {
        err(whole, 'FROM requires either one or three arguments');
      }
      const stageName = a.length >= 3 && a[1].value.toLowerCase() === 'as' ? a[2] : undefined;
      if (stageName && !STAGE_NAME.test(stageName.value.toLowerCase())) {
        err(stageName, `invalid name for build stage: ${q(stageName.value)}, name can't start with a number or contain symbols`);
      }
      return {
        kind: 'from',
        image: a[0],
        asKeyword: a.length >= 2 ? a[1] : undefined,
        stageName,
        platform: ins.flags.find((f) => f.name === 'platform'),
      };
    }
    case 'ENV':
    case 'LABEL': {
      const pairs: KeyValue[] = [];
      for (let i = 0; i + 2 < a.length + 1 && i + 1 < a.length; i += 3) {
        pairs.push({ key: a[i], value: a[i + 1], equals: legacy ? undefined : a[i + 2] });
      }
      if (a.length === 0) err(whole, `${ins.name} requires at least one argument`);
      for (const p of pairs) if (p.key.value === '') err(p.key.end > p.key.start ? p.key : p.equals ?? whole, `${ins.name} names can not be blank`);
      return { kind: 'keyValues', pairs, legacy };
    }
    case 'ARG': {
      const declarations: ArgDeclaration[] = a.map((t) => {
        const eq = t.value.indexOf('=');
        if (eq < 0) return { name: t, value: undefined };
        return {
          name: { value: t.value.slice(0, eq), start: t.start, end: t.start + eq },
          value: { value: t.value.slice(eq + 1), start: t.start + eq + 1, end: t.end },
        };
      });
      if (a.length === 0) err(whole, 'ARG requires at least one argument');
      for (const d of declarations) if (d.name.value === '') err(d.name.end > d.name.start ? d.name : whole, 'ARG names can not be blank');
      return { kind: 'arg', declarations };
    }
    case 'EXPOSE':
      if (a.length === 0) err(whole, 'EXPOSE requires at least one argument');
      return { kind: 'expose', ports: a };
    case 'HEALTHCHECK': {
      const type = a[0];
      if (!type) err(whole, 'HEALTHCHECK requires an argument');
      else {
        const t = type.value.toUpperCase();
        if (t === 'NONE' && a.length > 1) err(whole, 'HEALTHCHECK NONE takes no arguments');
        else if (t === 'CMD' && a.length < 2) err(type, 'Missing command after HEALTHCHECK CMD');
        else if (t !== 'CMD' && t !== 'NONE') err(type, `Unknown type ${q(type.value)} in HEALTHCHECK (try CMD)`);
      }
      return { kind: 'healthcheck', type, command: a.slice(1) };
    }
    case 'USER': {
      const v = a[0];
      if (!v) {
        err(whole, 'USER requires exactly one argument');
        return { kind: 'user', user: undefined, group: undefined };
      }
      const colon = v.value.indexOf(':');
      if (colon < 0) return { kind: 'user', user: v, group: undefined };
      return {
        kind: 'user',
        user: { value: v.value.slice(0, colon), start: v.start, end: v.start + colon },
        group: { value: v.value.slice(colon + 1), start: v.start + colon + 1, end: v.end },
      };
    }
    case 'COPY':
    case 'ADD': {
      if (a.length < 2) {
        err(whole, `${ins.name} requires at least two arguments, but only one was provided. Destination could not be determined`);
      }
      return { kind: 'copy', sources: a.slice(0, -1), destination: a.length >= 2 ? a[a.length - 1] : undefined };
    }
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
      if (ins.name === 'SHELL') {
        if (a.length === 0) err(whole, 'SHELL requires at least one argument');
        else if (ins.form !== 'exec') err(whole, 'SHELL requires the arguments to be in JSON form');
      }
      return { kind: 'command', arguments: a };
    case 'VOLUME':
      if (a.length === 0) err(whole, 'VOLUME requires at least one argument');
      return { kind: 'command', arguments: a };
    case 'WORKDIR':
    case 'STOPSIGNAL':
    case 'MAINTAINER':
      if (a.length === 0) err(whole, `${ins.name} requires exactly one argument`);
      return { kind: 'single', value: a[0] };
    default:
      return { kind: 'unknown' };
  }
}

/** Instructions whose arguments BuildKit expands itself (build args and ENV). */
const EXPANDED_BY_BUILDKIT = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);
/** Flags BuildKit expands. */
const EXPANDED_FLAGS = new Set(['from', 'chown', 'chmod', 'platform', 'mount', 'network', 'security', 'checksum', 'exclude', 'keep-git-dir', 'link', 'parents']);

/**
 * Variable references with their document ranges. The document text of a
 * token equals its logical text unless it spans a continuation; those are
 * scanned in logical coordinates and mapped back.
 */
function collectVariables(ctx: InstructionContext, ins: Instruction): void {
  const L = ctx.line;
  const scan = (t: TextRange, expandedBy: Expander, escape: EscapeChar) => {
    // find the token's logical text: documents ranges map 1:1 when no continuation is inside
    const logical = logicalSlice(L, t);
    if (!logical) return;
    if (logical.text.indexOf('$') < 0) return;
    for (const r of findVariableReferences(logical.text, escape)) {
      const m = (i: number) => L.offsetOf(logical.start + i);
      const me = (i: number) => L.endOffsetOf(logical.start + i);
      ins.variables.push({
        name: r.name,
        start: m(r.start),
        end: me(r.end),
        nameRange: { start: m(r.nameStart), end: me(r.nameEnd) },
        braced: r.braced,
        modifier: r.modifier,
        word: r.word ? { value: r.word.text, start: m(r.word.start), end: me(r.word.end) } : undefined,
        expandedBy,
      });
    }
  };
  for (const f of ins.flags) {
    if (f.valueRange && EXPANDED_FLAGS.has(f.name)) scan(f.valueRange, 'buildkit', ctx.escape);
  }
  const d = ins.details;
  if (ins.name === 'ONBUILD' || ins.name === 'MAINTAINER' || ins.name === 'SHELL') return;
  if (d.kind === 'keyValues') {
    for (const p of d.pairs) scan(p.value, 'buildkit', ctx.escape);
    return;
  }
  if (d.kind === 'arg') {
    for (const decl of d.declarations) if (decl.value) scan(decl.value, 'buildkit', ctx.escape);
    return;
  }
  if (ins.form === 'exec') {
    const cmdArgs = ins.name === 'HEALTHCHECK' ? ins.args.slice(1) : ins.args;
    // the script of `["sh", "-c", "…"]` is expanded by that shell when it runs
    const script = EXPANDED_BY_BUILDKIT.has(ins.name) ? undefined : shellScriptIndex(cmdArgs.map((a) => a.value));
    const posix = script !== undefined && cmdArgs.slice(0, script).some((a) => isPosixShell(a.value) || /^(su|runuser)$/.test(basename(a.value)));
    cmdArgs.forEach((a, i) => scan(a, EXPANDED_BY_BUILDKIT.has(ins.name) ? 'buildkit' : posix && i === script ? 'shell' : 'none', ctx.escape));
    return;
  }
  const by: Expander = EXPANDED_BY_BUILDKIT.has(ins.name) ? 'buildkit' : 'shell';
  const args = ins.name === 'HEALTHCHECK' ? ins.args.slice(1) : ins.args;
  for (const a of args) scan(a, by, by === 'shell' ? '\\' : ctx.escape);
}

/** The logical range of a document range inside this line (tokens were created from logical ranges). */
function logicalSlice(L: LogicalLine, r: TextRange): { text: string; start: number } | undefined {
  const start = L.logicalIndexOf(r.start);
  const end = L.logicalIndexOf(r.end, true);
  if (start < 0 || end < start) return undefined;
  return { text: L.text.slice(start, end), start };
}

