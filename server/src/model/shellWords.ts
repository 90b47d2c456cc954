/**
 * A small, linear-time reading of the shell commands a RUN instruction runs,
 * for package-manager and file-removal analysis (not a full shell parser):
 * the script is split into simple commands at `&&`, `||`, `;`, `|`, `&`,
 * newlines and parentheses; each command into words (quotes removed, `$…`
 * and backquotes kept as written and marked `dynamic`), redirections dropped.
 * Every word keeps its document range, so rules can point at and edit it.
 *
 * Two modes:
 * - `dockerfile`: the text of a shell-form RUN in the Dockerfile. The escape
 *   character + newline joins lines (everywhere, quotes included, as
 *   BuildKit's parser joins them before the shell sees anything) and comment
 *   or blank lines inside the continuation are dropped.
 * - script (default): a heredoc body, where `\`+newline continues a line
 *   outside single quotes and newlines separate commands; nested heredocs
 *   (`cat <<X … X`) are skipped.
 *
 * Also here: the RUN-level helpers the "layers" rules share (which script a
 * RUN runs, `--mount` targets, stages whose content ships).
 */
import type { DockerfileDocument } from './document';
import type { StageInfo } from './stages';
import type { Instruction, TextRange } from '../parser';

export interface ShellWord extends TextRange {
  /** The word after quote removal (`$…` and backquoted parts kept as written). */
  value: string;
  /** Contained a quote or an escape. */
  quoted: boolean;
  /** Contained an unquoted/double-quoted `$`, a backquote or a leading `~`: its value is only known at run time. */
  dynamic: boolean;
  /** Contained an unquoted `*`, `?` or `[`. */
  glob: boolean;
}

export type ShellOperator = '' | '&&' | '||' | ';' | '|' | '&' | '\n' | '(' | ')';

export interface ShellCommand extends TextRange {
  words: ShellWord[];
  /** The operator that ends the command ('' at the end of the script). */
  op: ShellOperator;
  /** Delimiters of `<<WORD` redirections of this command. */
  heredocs: string[];
}

export interface ShellScript {
  commands: ShellCommand[];
  /** A `#` comment was found (text after it is not run). */
  hasComment: boolean;
  /** Parsing gave up on something (unterminated quote or substitution). */
  incomplete: boolean;
}

export interface SplitOptions {
  /** Text of a shell-form RUN in the Dockerfile (see the module comment). */
  dockerfile?: boolean;
  /** The Dockerfile escape character (dockerfile mode only). */
  escape?: '\\' | '`';
}

const isBlank = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v';
const isDigits = (s: string) => s.length > 0 && [...s].every((c) => c >= '0' && c <= '9');

/** Splits the document text [start, end) into simple commands. Linear in the length of the text. */
export function splitShell(text: string, start: number, end: number, opts: SplitOptions = {}): ShellScript {
  const dockerfile = !!opts.dockerfile;
  const esc = opts.escape ?? '\\';
  const commands: ShellCommand[] = [];
  let hasComment = false;
  let incomplete = false;

  let words: ShellWord[] = [];
  let heredocs: string[] = [];
  let pendingHeredocs: Array<{ name: string; chomp: boolean }> = [];
  let cmdStart = -1;

  // current word
  let inWord = false;
  let value = '';
  let wStart = 0;
  let wEnd = 0;
  let quoted = false;
  let dynamic = false;
  let glob = false;
  let redirectTarget = false; // the word being read is a redirection target
  let redirectHeredoc: { chomp: boolean } | undefined;
  let expectRedirectTarget: { heredoc?: { chomp: boolean } } | undefined;

  /** Skips a Dockerfile line continuation at i (escape, blanks, newline, then blank/comment lines); returns the new index or -1. */
  const continuation = (i: number): number => {
    if (!dockerfile || text[i] !== esc) return -1;
    let j = i + 1;
    while (j < end && isBlank(text[j])) j++;
    if (j < end && text[j] !== '\n') return -1;
    if (j >= end) return -1;
    j++;
    // drop blank and comment lines that follow
    for (;;) {
      let k = j;
      while (k < end && (text[k] === ' ' || text[k] === '\t')) k++;
      if (k < end && (text[k] === '\n' || (text[k] === '\r' && text[k + 1] === '\n'))) {
        j = text.indexOf('\n', k) + 1;
        continue;
      }
      if (k < end && text[k] === '#') {
        const nl = text.indexOf('\n', k);
        if (nl < 0 || nl >= end) return end;
        j = nl + 1;
        continue;
      }
      return j;
    }
  };
  /** Shell-level backslash-newline (script mode). */
  const shellContinuation = (i: number): number => {
    if (dockerfile || text[i] !== '\\') return -1;
    if (text[i + 1] === '\n') return i + 2;
    if (text[i + 1] === '\r' && text[i + 2] === '\n') return i + 3;
    return -1;
  };

  const beginWord = (i: number) => {
    if (!inWord) {
      inWord = true;
      value = '';
      wStart = i;
      quoted = false;
      dynamic = false;
      glob = false;
      redirectTarget = !!expectRedirectTarget;
      redirectHeredoc = expectRedirectTarget?.heredoc;
      expectRedirectTarget = undefined;
    }
    if (cmdStart < 0) cmdStart = i;
  };
  const endWord = () => {
    if (!inWord) return;
    inWord = false;
    if (redirectTarget) {
      if (redirectHeredoc) {
        heredocs.push(value);
        pendingHeredocs.push({ name: value, chomp: redirectHeredoc.chomp });
      }
      return;
    }
    words.push({ value, start: wStart, end: wEnd, quoted, dynamic, glob });
  };
  const endCommand = (op: ShellOperator, at: number) => {
    endWord();
    if (cmdStart >= 0 || words.length || op === ')' || op === '(') {
      commands.push({ words, op, heredocs, start: cmdStart >= 0 ? cmdStart : at, end: words.length ? words[words.length - 1].end : at });
    }
    words = [];
    heredocs = [];
    cmdStart = -1;
  };
  /** Skips `$( … )`, `${ … }` or `` ` … ` `` starting at i; returns the index after it. */
  const skipSubstitution = (i: number): number => {
    const open = text[i] === '`' ? '`' : text[i + 1];
    if (open === '`') {
      let j = i + 1;
      while (j < end && text[j] !== '`') j += text[j] === '\\' ? 2 : 1;
      if (j >= end) incomplete = true;
      return Math.min(j + 1, end);
    }
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    let j = i + 1;
    let q = '';
    while (j < end) {
      const c = text[j];
      if (q) {
        if (c === q) q = '';
        else if (c === '\\' && q === '"') j++;
      } else if (c === "'" || c === '"') q = c;
      else if (c === '\\') j++;
      else if (c === open) depth++;
      else if (c === close) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    incomplete = true;
    return end;
  };

  let i = start;
  while (i < end) {
    const c = text[i];
    const cont = continuation(i);
    if (cont >= 0) {
      i = cont;
      continue;
    }
    const sc = shellContinuation(i);
    if (sc >= 0) {
      i = sc;
      continue;
    }
    if (isBlank(c)) {
      endWord();
      i++;
      continue;
    }
    if (c === '\n') {
      endCommand('\n', i);
      i++;
      if (pendingHeredocs.length) {
        // skip the bodies of heredocs started on the line just ended
        for (const h of pendingHeredocs) {
          while (i < end) {
            const nl = text.indexOf('\n', i);
            const lineEnd = nl < 0 || nl > end ? end : nl;
            let line = text.slice(i, lineEnd).replace(/\r$/, '');
            if (h.chomp) line = line.replace(/^\t+/, '');
            i = lineEnd + 1;
            if (line === h.name) break;
          }
        }
        pendingHeredocs = [];
      }
      continue;
    }
    if (c === '#' && !inWord) {
      hasComment = true;
      if (dockerfile) {
        i = end;
        break;
      }
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl > end ? end : nl;
      continue;
    }
    if (c === "'") {
      beginWord(i);
      quoted = true;
      let j = i + 1;
      while (j < end && text[j] !== "'") {
        const k = continuation(j);
        if (k >= 0) {
          j = k;
          continue;
        }
        value += text[j];
        j++;
      }
      if (j >= end) incomplete = true;
      i = Math.min(j + 1, end);
      wEnd = i;
      continue;
    }
    if (c === '"') {
      beginWord(i);
      quoted = true;
      let j = i + 1;
      while (j < end && text[j] !== '"') {
        const k = continuation(j);
        if (k >= 0) {
          j = k;
          continue;
        }
        const sk = shellContinuation(j);
        if (sk >= 0) {
          j = sk;
          continue;
        }
        const d = text[j];
        if (d === '\\' && j + 1 < end && '"\\$`'.includes(text[j + 1])) {
          value += text[j + 1];
          j += 2;
          continue;
        }
        if (d === '$' && (text[j + 1] === '(' || text[j + 1] === '{')) {
          const k2 = skipSubstitution(j);
          value += text.slice(j, k2);
          dynamic = true;
          j = k2;
          continue;
        }
        if (d === '$' || d === '`') {
          dynamic = true;
          if (d === '`') {
            const k2 = skipSubstitution(j);
            value += text.slice(j, k2);
            j = k2;
            continue;
          }
        }
        value += d;
        j++;
      }
      if (j >= end) incomplete = true;
      i = Math.min(j + 1, end);
      wEnd = i;
      continue;
    }
    if (c === '\\') {
      beginWord(i);
      quoted = true;
      if (i + 1 < end) value += text[i + 1];
      i += 2;
      wEnd = Math.min(i, end);
      continue;
    }
    if (c === '$' || c === '`') {
      beginWord(i);
      dynamic = true;
      const k = c === '`' || text[i + 1] === '(' || text[i + 1] === '{' ? skipSubstitution(i) : i + 1;
      value += text.slice(i, k);
      i = k;
      wEnd = i;
      continue;
    }
    if (c === '&' && text[i + 1] === '&') {
      endCommand('&&', i);
      i += 2;
      continue;
    }
    if (c === '|' && text[i + 1] === '|') {
      endCommand('||', i);
      i += 2;
      continue;
    }
    if (c === '&' && text[i + 1] === '>') {
      // bash `&>file`
      endWord();
      i += text[i + 2] === '>' ? 3 : 2;
      expectRedirectTarget = {};
      if (cmdStart < 0) cmdStart = i;
      continue;
    }
    if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      endCommand(c === ';' ? ';' : c === '|' ? '|' : c === '&' ? '&' : c, i);
      i += c === ';' && text[i + 1] === ';' ? 2 : c === '|' && text[i + 1] === '&' ? 2 : 1;
      continue;
    }
    if (c === '<' || c === '>') {
      // a redirection; a word of digits right before it is its file descriptor
      if (inWord && !quoted && !dynamic && isDigits(value)) inWord = false;
      else endWord();
      if (cmdStart < 0) cmdStart = i;
      let j = i + 1;
      let heredoc: { chomp: boolean } | undefined;
      if (c === '<' && text[j] === '<') {
        j++;
        if (text[j] === '<') j++; // here-string
        else {
          heredoc = { chomp: text[j] === '-' };
          if (text[j] === '-') j++;
        }
      } else if (text[j] === '>' || text[j] === '&' || text[j] === '|') j++;
      i = j;
      expectRedirectTarget = { heredoc };
      continue;
    }
    // ordinary character
    beginWord(i);
    if (c === '*' || c === '?' || c === '[') glob = true;
    if (c === '~' && value === '') dynamic = true;
    value += c;
    i++;
    wEnd = i;
  }
  endCommand('', end);
  return { commands, hasComment, incomplete };
}

// ---------------------------------------------------------------------------
// Commands and programs

const RESERVED = new Set(['{', '}', '!', 'if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'time']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** A program call: `DEBIAN_FRONTEND=noninteractive sudo -E apt-get install …` → apt-get with its arguments. */
export interface ProgramCall {
  /** Basename of the program: `apt-get`, `rm`, `pip3` … */
  name: string;
  word: ShellWord;
  args: ShellWord[];
  command: ShellCommand;
  /** Index of the command in its script. */
  index: number;
  /** Environment assignments written before the program (`NAME=value`). */
  assignments: string[];
}

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** Options of wrapper programs that take a separate argument. */
const WRAPPER_ARG_OPTIONS: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T']),
  env: new Set(['-u', '-C', '-S', '--unset', '--chdir']),
  xargs: new Set(['-n', '-I', '-P', '-d', '-L', '-s', '-a', '-E', '-i']),
  nice: new Set(['-n']),
  timeout: new Set(['-s', '-k']),
  command: new Set(),
  exec: new Set(['-a']),
  nohup: new Set(),
  eatmydata: new Set(),
  doas: new Set(['-u', '-C']),
};

export function programOf(command: ShellCommand, index = 0): ProgramCall | undefined {
  const w = command.words;
  let k = 0;
  const assignments: string[] = [];
  for (;;) {
    while (k < w.length && RESERVED.has(w[k].value) && !w[k].quoted) k++;
    while (k < w.length && ASSIGNMENT.test(w[k].value)) assignments.push(w[k++].value);
    if (k >= w.length) return undefined;
    const name = basename(w[k].value);
    const argOpts = WRAPPER_ARG_OPTIONS[name];
    if (!argOpts || w[k].dynamic) return { name, word: w[k], args: w.slice(k + 1), command, index, assignments };
    k++;
    // the wrapper's options
    while (k < w.length && w[k].value.startsWith('-')) {
      const opt = w[k].value;
      k++;
      if (opt === '--') break;
      if (argOpts.has(opt)) k++;
    }
    if (name === 'timeout' && k < w.length && /^[0-9.]+[smhd]?$/.test(w[k].value)) k++;
  }
}

const programsCache = new WeakMap<ShellScript, ProgramCall[]>();

/** The program calls of a script, in order (computed once per script; do not modify). */
export function programs(script: ShellScript): ProgramCall[] {
  let out = programsCache.get(script);
  if (out) return out;
  out = [];
  script.commands.forEach((c, i) => {
    const p = programOf(c, i);
    if (p) out!.push(p);
  });
  programsCache.set(script, out);
  return out;
}

/**
 * The first operand (non-option word) of `args`, skipping options; `withArg`
 * lists the options that take a separate argument.
 */
export function firstOperand(args: ShellWord[], withArg: ReadonlySet<string> = new Set()): { word: ShellWord; index: number } | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') return i + 1 < args.length ? { word: args[i + 1], index: i + 1 } : undefined;
    if (v.startsWith('-') && v.length > 1) {
      if (withArg.has(v)) i++;
      continue;
    }
    return { word: args[i], index: i };
  }
  return undefined;
}

/** The operands (non-option words) of a call, all words after `--` included. */
export function operands(args: ShellWord[], withArg: ReadonlySet<string> = new Set()): ShellWord[] {
  const out: ShellWord[] = [];
  let endOfOptions = false;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (!endOfOptions && v === '--') {
      endOfOptions = true;
      continue;
    }
    if (!endOfOptions && v.startsWith('-') && v.length > 1) {
      if (withArg.has(v)) i++;
      continue;
    }
    out.push(args[i]);
  }
  return out;
}

/** `python -m pip install …`, `pip3 install …` → the pip subcommand's arguments (after `-m pip`). */
export function pipArgs(call: ProgramCall): ShellWord[] | undefined {
  if (/^pip[0-9.]*$/.test(call.name)) return call.args;
  if (/^python[0-9.]*$/.test(call.name)) {
    const m = call.args.findIndex((a) => a.value === '-m');
    if (m >= 0 && m + 1 < call.args.length && call.args[m + 1].value === 'pip' && call.args.slice(0, m).every((a) => a.value.startsWith('-'))) return call.args.slice(m + 2);
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// RUN instructions

const POSIX_SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox']);

const shellCache = new WeakMap<DockerfileDocument, Map<Instruction, string | undefined>>();

/** The SHELL in effect at each instruction (undefined: the default `/bin/sh -c`); a stage starts with its base stage's. One pass per document. */
function shellOf(doc: DockerfileDocument, ins: Instruction): string | undefined {
  let map = shellCache.get(doc);
  if (!map) {
    map = new Map();
    const finalShell = new Map<StageInfo, string | undefined>();
    for (const stage of doc.stages.stages) {
      let shell = stage.baseStage ? finalShell.get(stage.baseStage) : undefined;
      for (const i of stage.instructions) {
        map.set(i, shell);
        if (i.name === 'SHELL' && i.args.length) shell = i.args[0].value;
      }
      finalShell.set(stage, shell);
    }
    shellCache.set(doc, map);
  }
  return map.get(ins);
}

/** What a RUN runs, as shell scripts with their place in the document. */
export interface RunScript {
  script: ShellScript;
  /** The RUN's own command line (shell form), as opposed to a heredoc script. */
  commandLine: boolean;
  /** Where the script's text lies. */
  range: TextRange;
}

function windowsLike(doc: DockerfileDocument, stage: StageInfo | undefined): boolean {
  if (doc.ast.escapeChar === '`') return true;
  const image = stage?.image?.toLowerCase() ?? '';
  return /(^|\/)(windows|nanoserver|servercore)|mcr\.microsoft\.com\/(windows|powershell)/.test(image);
}

const scriptCache = new WeakMap<DockerfileDocument, Map<Instruction, RunScript[]>>();

/**
 * The scripts of an instruction across document versions. The incremental parser hands an
 * unchanged instruction to the next version as the same object, moved (shiftInstruction) when
 * text before it grew or shrank; its text is then the same, so its scripts are too, once moved
 * by the same amount, as long as what decides the shell (`key`) is unchanged.
 */
interface ScriptsAcrossVersions {
  start: number;
  key: string;
  scripts: RunScript[];
}
const scriptsAcrossVersions = new WeakMap<Instruction, ScriptsAcrossVersions>();

function shiftScripts(scripts: RunScript[], d: number): void {
  for (const rs of scripts) {
    rs.range.start += d;
    rs.range.end += d;
    for (const c of rs.script.commands) {
      c.start += d;
      c.end += d;
      for (const w of c.words) {
        w.start += d;
        w.end += d;
      }
    }
  }
}

/**
 * The POSIX shell scripts of a RUN: its shell-form command line, or, when the
 * command line only feeds a heredoc to a shell (`RUN <<EOF`, `RUN bash <<EOF`),
 * the heredoc body. Empty for exec form, non-POSIX SHELLs and Windows stages.
 */
export function runScripts(doc: DockerfileDocument, ins: Instruction): RunScript[] {
  let cache = scriptCache.get(doc);
  if (!cache) scriptCache.set(doc, (cache = new Map()));
  let out = cache.get(ins);
  if (out) return out;
  if (ins.name !== 'RUN' || ins.form !== 'shell' || ins.args.length === 0) out = [];
  else {
    const key = `${doc.ast.escapeChar}\0${shellOf(doc, ins) ?? ''}\0${windowsLike(doc, doc.stageAt(ins.start))}`;
    const kept = scriptsAcrossVersions.get(ins);
    if (kept && kept.key === key && kept.scripts.every((rs) => !rs.commandLine || rs.range.end - rs.range.start === ins.args[0].end - ins.args[0].start)) {
      if (kept.start !== ins.start) shiftScripts(kept.scripts, ins.start - kept.start);
      kept.start = ins.start;
      out = kept.scripts;
    } else {
      out = computeRunScripts(doc, ins);
      scriptsAcrossVersions.set(ins, { start: ins.start, key, scripts: out });
    }
  }
  cache.set(ins, out);
  return out;
}

function computeRunScripts(doc: DockerfileDocument, ins: Instruction): RunScript[] {
  if (ins.name !== 'RUN' || ins.form !== 'shell' || ins.args.length === 0) return [];
  const stage = doc.stageAt(ins.start);
  const shell = shellOf(doc, ins);
  if (shell !== undefined ? !POSIX_SHELLS.has(basename(shell)) : windowsLike(doc, stage)) return [];
  const arg = ins.args[0];
  const line = splitShell(doc.text, arg.start, arg.end, { dockerfile: true, escape: doc.ast.escapeChar });
  if (ins.heredocs.length) {
    const cmds = line.commands;
    const only = cmds.length === 1 ? cmds[0] : undefined;
    const runsHeredoc = only && only.heredocs.length > 0 && (only.words.length === 0 || (POSIX_SHELLS.has(basename(only.words[0].value)) && only.words.slice(1).every((w) => w.value.startsWith('-') && !w.value.includes('c'))));
    if (runsHeredoc) {
      const h = ins.heredocs[0];
      const content = h.content;
      if (content.startsWith('#!')) {
        const first = content.slice(2, content.indexOf('\n') < 0 ? content.length : content.indexOf('\n')).trim().split(/\s+/);
        const interp = basename(first[0] ?? '') === 'env' ? first[1] : basename(first[0] ?? '');
        if (!interp || !POSIX_SHELLS.has(interp)) return [];
      }
      return [{ script: splitShell(doc.text, h.body.start, h.body.end), commandLine: false, range: { start: h.body.start, end: h.body.end } }];
    }
  }
  return [{ script: line, commandLine: true, range: { start: arg.start, end: arg.end } }];
}

/** A `--mount` of a RUN: its type and target. */
export interface MountInfo {
  type: string;
  target: string | undefined;
  from: string | undefined;
}

/** Mounts hold no offsets: an instruction's are the same in every version it is carried over to. */
const mountsCache = new WeakMap<Instruction, MountInfo[]>();

/** The `--mount`s of an instruction (do not modify). */
export function mountsOf(ins: Instruction): MountInfo[] {
  let out = mountsCache.get(ins);
  if (!out) mountsCache.set(ins, (out = computeMounts(ins)));
  return out;
}

function computeMounts(ins: Instruction): MountInfo[] {
  const out: MountInfo[] = [];
  for (const f of ins.flags) {
    if (f.name !== 'mount' || f.value === undefined) continue;
    let type = 'bind';
    let target: string | undefined;
    let from: string | undefined;
    for (const part of f.value.split(',')) {
      const eq = part.indexOf('=');
      const k = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
      const v = eq < 0 ? '' : part.slice(eq + 1).trim().replace(/^["']|["']$/g, '');
      if (k === 'type') type = v.toLowerCase();
      else if (k === 'target' || k === 'dst' || k === 'destination') target = v;
      else if (k === 'from') from = v;
    }
    out.push({ type, target, from });
  }
  return out;
}

/** Normalizes an absolute path: collapses `//`, `.` and `..`, drops a trailing `/`. */
export function normalizePath(p: string): string {
  // already normal (the common case): nothing to split
  if (p.startsWith('/') && !/\/\.{0,2}(?:\/|$)/.test(p)) return p;
  const parts: string[] = [];
  for (const s of p.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') parts.pop();
    else parts.push(s);
  }
  return '/' + parts.join('/');
}

/** True when `path` (absolute) is a mount target of the RUN or lies under one. */
export function underMount(ins: Instruction, path: string): boolean {
  const p = normalizePath(path);
  return mountsOf(ins).some((m) => {
    if (!m.target || !m.target.startsWith('/')) return false;
    const t = normalizePath(m.target);
    return p === t || p.startsWith(t === '/' ? '/' : t + '/');
  });
}

const shippedCache = new WeakMap<DockerfileDocument, Map<string, Set<StageInfo>>>();

/**
 * The stages that end up in the built image: the build target (`--target`, else the last
 * stage) and the stages it is built FROM, transitively. The only place that answers this
 * (rules and the incremental lint ask here). Every other stage never ships: a stage only
 * copied or mounted from (`COPY --from`, `RUN --mount=from=`) gives the shipped image the
 * files it copies, never its layers, and a stage nothing uses is not built at all by
 * BuildKit. A target that names no stage falls back to the last stage (BuildKit fails the
 * build then).
 */
export function shippedStages(doc: DockerfileDocument, target?: string): Set<StageInfo> {
  let byTarget = shippedCache.get(doc);
  if (!byTarget) shippedCache.set(doc, (byTarget = new Map()));
  const key = target?.toLowerCase() ?? '';
  let out = byTarget.get(key);
  if (!out) byTarget.set(key, (out = computeShippedStages(doc, key)));
  return out;
}

/** Whether a stage is in the image built for `target` (see shippedStages). */
export function isShipped(doc: DockerfileDocument, stage: StageInfo, target?: string): boolean {
  return shippedStages(doc, target).has(stage);
}

/** What findings in a stage that never ships add to their message (hygiene rules lower them to hints). */
export const NOT_SHIPPED_NOTE = 'this stage is not in the final image';

function computeShippedStages(doc: DockerfileDocument, target: string): Set<StageInfo> {
  const stages = doc.stages.stages;
  const out = new Set<StageInfo>();
  let s: StageInfo | undefined = (target && stages.find((x) => x.name === target)) || stages[stages.length - 1];
  for (let d = 0; s && !out.has(s) && d < 1000; d++, s = s.baseStage) out.add(s);
  return out;
}

/**
 * Every RUN of `stages` (by default all) with its scripts, in document order, and whether its
 * stage ships (shippedStages for `target`): hygiene rules lower findings in other stages to hints.
 */
export function* stageRuns(doc: DockerfileDocument, stages: readonly StageInfo[] = doc.stages.stages, target?: string): Generator<{ ins: Instruction; stage: StageInfo; scripts: RunScript[]; shipped: boolean }> {
  const shipped = shippedStages(doc, target);
  for (const stage of stages) {
    const inImage = shipped.has(stage);
    for (const ins of stage.instructions) {
      if (ins.name !== 'RUN') continue;
      const scripts = runScripts(doc, ins);
      if (scripts.length) yield { ins, stage, scripts, shipped: inImage };
    }
  }
}

/** Document range covering a call's program word through `upto` (inclusive). */
export function span(from: ShellWord, upto: ShellWord): TextRange {
  return { start: from.start, end: upto.end };
}

/**
 * Where to append ` && more` to a RUN's command line so that it runs after
 * everything else and only if it succeeded; undefined when that is not safe
 * (trailing `;`/`&`, a comment, an unfinished construct, heredocs).
 */
export function appendPoint(ins: Instruction, rs: RunScript): number | undefined {
  if (!rs.commandLine || ins.heredocs.length || rs.script.hasComment || rs.script.incomplete) return undefined;
  const cmds = rs.script.commands;
  if (!cmds.length) return undefined;
  const last = cmds[cmds.length - 1];
  if (last.op !== '' || last.words.length === 0) return undefined;
  return rs.range.end;
}

// ---------------------------------------------------------------------------
// Package managers

const APT_ARG_OPTIONS = new Set(['-o', '-t', '-c', '--option', '--target-release', '--default-release', '--config-file']);

/** `apt-get …` / `apt …`: the subcommand word and its index in the arguments. */
export function aptSubcommand(call: ProgramCall): { word: ShellWord; index: number } | undefined {
  if (call.name !== 'apt-get' && call.name !== 'apt') return undefined;
  return firstOperand(call.args, APT_ARG_OPTIONS);
}

/** apt subcommands that download and install packages (and read the package lists). */
export const APT_INSTALLING = new Set(['install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'satisfy', 'source', 'download']);

/** `apt-get update`, or an install with apt 3's `--update`: downloads the package lists. */
export function aptUpdates(call: ProgramCall): boolean {
  const sub = aptSubcommand(call);
  if (!sub) return false;
  return sub.word.value === 'update' || (APT_INSTALLING.has(sub.word.value) && call.args.some((a) => a.value === '--update'));
}

/** `apt-get install -s` and friends only simulate: nothing is downloaded, nothing asked. */
export function aptSimulates(call: ProgramCall): boolean {
  return call.args.some((a) => /^(-s|--simulate|--just-print|--dry-run|--recon|--no-act)$/.test(a.value) || (/^-[a-zA-Z]+$/.test(a.value) && a.value.includes('s')));
}

/** Generic subcommand: the first operand, with the options that take a separate argument. */
export function subcommand(call: ProgramCall, withArg: ReadonlySet<string> = new Set()): { word: ShellWord; index: number } | undefined {
  return firstOperand(call.args, withArg);
}

/** The absolute path an operand names, or undefined (dynamic, `~`, relative without a known cwd). */
export function resolveOperand(word: ShellWord, cwd: string | undefined): string | undefined {
  if (word.dynamic || word.value === '') return undefined;
  if (word.value.startsWith('/')) return normalizePath(word.value);
  if (!cwd) return undefined;
  return normalizePath(cwd + '/' + word.value);
}

/** The paths a script's `rm` calls remove (absolute, normalized; globs kept), with their words. */
export function removedPaths(calls: ProgramCall[], cwd?: string): Array<{ path: string; word: ShellWord; call: ProgramCall }> {
  const out: Array<{ path: string; word: ShellWord; call: ProgramCall }> = [];
  let changedDir = false;
  for (const c of calls) {
    if (c.name === 'cd' || c.name === 'pushd' || c.name === 'popd') changedDir = true;
    if (c.name !== 'rm') continue;
    for (const w of operands(c.args)) {
      const p = resolveOperand(w, changedDir ? undefined : cwd);
      if (p !== undefined) out.push({ path: p, word: w, call: c });
    }
  }
  return out;
}

/** Matches one path segment against a glob segment (`*`, `?`, `[…]`); linear backtracking over one star. */
function matchSegment(pat: string, s: string): boolean {
  let p = 0;
  let i = 0;
  let starP = -1;
  let starI = 0;
  const classAt = (pp: number, ch: string): { ok: boolean; next: number } | undefined => {
    let j = pp + 1;
    let negate = false;
    if (pat[j] === '!' || pat[j] === '^') {
      negate = true;
      j++;
    }
    let ok = false;
    let first = true;
    while (j < pat.length && (pat[j] !== ']' || first)) {
      first = false;
      if (pat[j + 1] === '-' && j + 2 < pat.length && pat[j + 2] !== ']') {
        if (ch >= pat[j] && ch <= pat[j + 2]) ok = true;
        j += 3;
      } else {
        if (pat[j] === ch) ok = true;
        j++;
      }
    }
    if (j >= pat.length) return undefined; // not a class: a literal `[`
    return { ok: ok !== negate, next: j + 1 };
  };
  while (i < s.length) {
    if (p < pat.length) {
      const c = pat[p];
      if (c === '*') {
        starP = p++;
        starI = i;
        continue;
      }
      if (c === '?') {
        p++;
        i++;
        continue;
      }
      if (c === '[') {
        const cl = classAt(p, s[i]);
        if (cl) {
          if (cl.ok) {
            p = cl.next;
            i++;
            continue;
          }
        } else if (s[i] === '[') {
          p++;
          i++;
          continue;
        }
      } else if (c === s[i]) {
        p++;
        i++;
        continue;
      }
    }
    if (starP < 0) return false;
    p = starP + 1;
    i = ++starI;
  }
  while (p < pat.length && pat[p] === '*') p++;
  return p === pat.length;
}

/** Glob match of absolute paths segment by segment (`*` never crosses `/`). */
export function globMatch(pattern: string, path: string): boolean {
  const a = pattern.split('/');
  const b = path.split('/');
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!matchSegment(a[k], b[k])) return false;
  return true;
}

const hasGlob = (s: string) => /[*?[]/.test(s);

/** A name no real file has: `/dir/` + CONTENTS stands for "whatever is inside /dir". */
export const CONTENTS = '\u0000';

/** True when removing `pattern` (absolute, normalized, maybe a glob) removes `created` or something above it. */
export function removes(pattern: string, created: string): boolean {
  if (pattern === '/' || pattern === '') return false;
  if (hasGlob(pattern)) {
    // a glob matches segment by segment: only the ancestor with as many segments can match
    const n = pattern.split('/').length;
    const parts = created.split('/');
    if (parts.length < n) return false;
    const a = parts.slice(0, n).join('/');
    return a.length > 1 && globMatch(pattern, a);
  }
  let a = created;
  while (a.length > 1) {
    if (pattern === a) return true;
    a = a.slice(0, a.lastIndexOf('/')) || '/';
  }
  return false;
}

const removedCache = new WeakMap<ProgramCall[], ReturnType<typeof removedPaths>>();

/** True when a script removes anything at or under `dir` (`rm -rf dir`, `rm -rf dir/*`, `rm dir/x`). */
export function cleansUnder(calls: ProgramCall[], dir: string): boolean {
  const d = normalizePath(dir);
  let removed = removedCache.get(calls);
  if (!removed) removedCache.set(calls, (removed = removedPaths(calls)));
  return removed.some(({ path }) => path === d || path.startsWith(d + '/') || removes(path, d + '/' + CONTENTS));
}
