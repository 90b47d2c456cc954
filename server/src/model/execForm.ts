/**
 * Shell form ↔ exec form, for the rules of the "forms" group.
 *
 * - Shell form `CMD a b` runs `/bin/sh -c "a b"` (or the stage's SHELL);
 *   exec form `CMD ["a", "b"]` runs `a` with argv `a b`, no shell involved
 *   (https://docs.docker.com/reference/dockerfile/#shell-and-exec-form).
 * - Every conversion here is conservative: it returns undefined whenever the
 *   result would not be exactly equivalent (or exactly what the author meant),
 *   and every produced text is re-parsed to check BuildKit reads it back as intended.
 */
import { withTriggers, type DockerfileDocument } from './document';
import { replayConfig, type ImageConfig } from './command';
import type { StageInfo } from './stages';
import { titled, type Fix } from './edits';
import { l } from '../docs/locale';
import type { Localized } from '../docs/types';
import { parse, type EscapeChar, type Instruction, type TextRange, type Token } from '../parser';
// shell invocations are recognised by the parser too (it decides who expands a variable)
import { basename, isPosixShell, shellScriptIndex } from '../parser/shellInvocation';

export { isPosixShell, shellScriptIndex };

// ---------------------------------------------------------------- JSON

/** A JSON string literal: `"`, `\` and control characters escaped, everything else (non-ASCII too) kept. */
export const jsonString = (s: string): string => JSON.stringify(s);

/** `["a", "b"]`, on one line. */
export const toExecJson = (argv: readonly string[]): string => `[${argv.map(jsonString).join(', ')}]`;

// ---------------------------------------------------------------- titles of the conversions

/** Longest preview of the new text in a fix title: with the words around it, a title stays near 60 characters. */
const PREVIEW_MAX = 48;

/** `s` cut to `max` code points, the last one an ellipsis (a surrogate pair is never split). */
function cut(s: string, max: number): string {
  const cps = Array.from(s);
  return cps.length <= max ? s : cps.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/**
 * The text an exec-form edit writes, shortened for a title: the longest
 * arguments are cut (an ellipsis inside the string) until it fits, the
 * program last, so the program and the shape of the array stay visible:
 * `["/bin/sh", "-c", "npm ci && node serv…"]`. What still does not fit is cut at the end.
 */
export function previewArgv(argv: readonly string[], max = PREVIEW_MAX): string {
  const full = toExecJson(argv);
  if (full.length <= max) return full;
  // nothing past `max` characters can show: the elements (each at least `"", `) and their length bounded first
  const parts = argv.slice(0, Math.ceil(max / 4) + 1).map((a) => (a.length > max + 1 ? cut(a.slice(0, 2 * max + 2), max + 1) : a));
  const points = (s: string) => Array.from(s).length;
  const size = parts.map(points);
  const json = parts.map((p) => points(jsonString(p)));
  let total = 2 + json.reduce((a, b) => a + b, 0) + 2 * (parts.length - 1);
  for (let guard = 0; total > max && guard < 64; guard++) {
    let longest = -1;
    for (let i = 1; i < parts.length; i++) if (size[i] > 6 && (longest < 0 || size[i] > size[longest])) longest = i;
    if (longest < 0 && parts.length > 0 && size[0] > 12) longest = 0;
    if (longest < 0) break;
    size[longest] = Math.max(longest === 0 ? 12 : 6, size[longest] - (total - max));
    parts[longest] = cut(parts[longest], size[longest]);
    const j = points(jsonString(parts[longest]));
    total += j - json[longest];
    json[longest] = j;
  }
  return cut(toExecJson(parts), max);
}

/** A shell command shortened for a title. */
export const previewShell = (command: string, max = PREVIEW_MAX): string => cut(command, max);

/**
 * Titles of the conversions, one wording per kind of result, in English and
 * Korean, each with the text the fix writes: two fixes of one finding never
 * read alike, and two findings offering the same edit show the same title
 * (the code-action feature then lists it once).
 */
const both = (preview: string, phrase: (p: string) => Localized) => titled(phrase(preview));
export const conversionTitle = {
  /** Shell form → plain exec form: no shell runs any more. */
  execForm: (argv: readonly string[]) => both(previewArgv(argv), (p) => l(`Use exec form: ${p}`, `exec 형식으로 바꾸기: ${p}`)),
  /** Shell form → `["/bin/sh", "-c", "…"]`: exec form that still runs the same shell command. */
  keepShell: (argv: readonly string[]) => both(previewArgv(argv), (p) => l(`Keep the shell: ${p}`, `셸 유지하기: ${p}`)),
  /** Exec form → shell form. */
  shellForm: (command: string) => both(previewShell(command), (p) => l(`Use shell form: ${p}`, `셸 형식으로 바꾸기: ${p}`)),
  /** Exec form → `["/bin/sh", "-c", "…"]`: a shell now interprets the elements. */
  runShell: (argv: readonly string[]) => both(previewArgv(argv), (p) => l(`Run through a shell: ${p}`, `셸로 실행하기: ${p}`)),
  /** An exec-form ENTRYPOINT → `["/bin/sh", "-c", "exec … \"$@\"", "sh"]`. */
  runShellPassingCmd: (argv: readonly string[]) => both(previewArgv(argv), (p) => l(`Run through a shell, CMD still passed: ${p}`, `셸로 실행하기(CMD 인자는 그대로 전달): ${p}`)),
  /** A shell-form ENTRYPOINT and CMD → exec form, both in one fix. */
  entrypointAndCmd: (argv: readonly string[]) => both(previewArgv(argv), (p) => l(`Use exec form for ENTRYPOINT and CMD: ${p}`, `ENTRYPOINT와 CMD를 exec 형식으로 바꾸기: ${p}`)),
  /** `["npm start"]` → `["npm", "start"]`. */
  split: (argv: readonly string[]) => both(previewArgv(argv), (p) => l(`Split into words: ${p}`, `단어로 나누기: ${p}`)),
  /** Invalid JSON → the array Docker would then read in exec form. */
  repairJson: (argv: readonly string[]) => both(previewArgv(argv), (p) => l(`Repair the JSON array: ${p}`, `JSON 배열 고치기: ${p}`)),
};

// ---------------------------------------------------------------- shell → argv

/** Characters that are ordinary (literal) in every POSIX shell word, in any position except `=` in a first word. */
const ORDINARY = /^[^\s\x00-\x1f\x7f$`\\"'|&;<>()*?[\]~#{}!\uD800-\uDFFF]+$/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ordinaryWord = (w: string) => ORDINARY.test(w);

/** Reserved words and builtins that have no program of the same name (exec form cannot run them). */
const NOT_A_PROGRAM = new Set([
  '!', '{', '}', 'if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in', 'function', 'select', '[[', ']]', 'time', 'coproc',
  '.', ':', 'alias', 'bg', 'break', 'builtin', 'cd', 'command', 'continue', 'declare', 'eval', 'exec', 'exit', 'export', 'fc', 'fg', 'getopts', 'hash', 'jobs', 'let', 'local',
  'read', 'readonly', 'return', 'set', 'shift', 'source', 'times', 'trap', 'type', 'typeset', 'ulimit', 'umask', 'unalias', 'unset', 'wait',
]);
/** Builtins whose program of the same name may behave differently (options): only converted without options. */
const BUILTIN_WITH_PROGRAM = new Set(['echo', 'printf', 'test', '[', 'kill', 'pwd', 'true', 'false']);

/**
 * The argv `sh -c command` would run, when splitting on blanks gives exactly
 * that: plain words only (no quotes, `$`, operators, redirections, globs, `~`,
 * `#`, backslashes, assignments, reserved words or builtins). A leading
 * `exec` is dropped when `stripExec` (running the program directly is what
 * `exec` asks for). Undefined when anything needs a shell.
 */
export function simpleArgv(command: string, stripExec = true): string[] | undefined {
  const words = command.split(/[ \t]+/).filter((w) => w !== '');
  if (words.length === 0 || !words.every(ordinaryWord)) return undefined;
  let execed = false;
  if (stripExec && words[0] === 'exec') {
    words.shift();
    execed = true;
    if (words.length === 0 || words[0].startsWith('-')) return undefined;
  }
  const first = words[0];
  if (first.includes('=') || NOT_A_PROGRAM.has(first)) return undefined;
  if (!execed && BUILTIN_WITH_PROGRAM.has(first) && words.slice(1).some((w) => w.startsWith('-'))) return undefined;
  return words;
}

/**
 * The words of `s` split at blanks when each is plain (no quotes, `$`, globs,
 * operators, backslashes…: the split is the only reading) and the first can
 * be a program (no `NAME=value`, no shell keyword or builtin without a
 * program of that name). Unlike {@link simpleArgv} it does not drop `exec`
 * or refuse options of `echo`: it reads an exec-form element, not a shell command.
 */
export function plainWords(s: string): string[] | undefined {
  const words = s.split(/[ \t]+/).filter((w) => w !== '');
  if (words.length === 0 || !words.every(ordinaryWord)) return undefined;
  if (words[0].includes('=') || NOT_A_PROGRAM.has(words[0])) return undefined;
  return words;
}

// ---------------------------------------------------------------- argv → shell

/**
 * A word quoted for a POSIX shell so that it stays exactly one literal argument
 * (`*`, `?`, `[`, `~`, `$`, quotes, backslashes, blanks, the empty string: all
 * inside single quotes, where nothing is special). Undefined when it cannot sit
 * on one Dockerfile line; with `multiline` (a `sh -c` script written as a JSON
 * string) only a NUL, which no argv can hold, is refused.
 */
export function shellQuote(word: string, first = false, multiline = false): string | undefined {
  if ((multiline ? /\x00/ : /[\x00-\x08\x0a-\x1f\x7f]/).test(word) || LONE_SURROGATE.test(word)) return undefined;
  if (word !== '' && ordinaryWord(word) && !(first && (word.includes('=') || NOT_A_PROGRAM.has(word)))) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const OPERATOR = /^(&&|\|\||\||;|&)$/;
// `&` then one digit or `-`: further digits belong to the word (`&\d+` and the word could share them: quadratic)
const REDIRECTION = /^(\d*(>>|>\||<>|>|<)(&[\d-])?|&>>?)([^\s<>&|;()$`"'\\*?[\]~#{}!]*)$/;
/** A shell operator or redirection (`&&`, `|`, `;`, `>`, `2>&1`, `>/dev/null`, …) standing alone as an element. */
export const isShellOperator = (e: string): boolean => OPERATOR.test(e) || REDIRECTION.test(e);

const GLOB_WORD = /^[^\s\x00-\x1f\x7f$`\\"'|&;<>()#{}!]+$/;
/**
 * A path pattern the author expected a shell to expand: `/app/*.js`, `dist/?.map`, `~`, `~/x`.
 * A lone `*` is not one: it is an argument as often as a pattern (`expr 2 * 3`).
 */
export function isGlobWord(e: string): boolean {
  if (!GLOB_WORD.test(e) || LONE_SURROGATE.test(e) || e.includes('://') || e.includes('=')) return false;
  if (e === '~' || e.startsWith('~/')) return true;
  return /[*?]/.test(e) && e.includes('/');
}

const VARIABLE = /\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*(?:(?::?[-+?])[^}$`"\\]*)?\})/g;
export const hasVariable = (e: string): boolean => e.search(VARIABLE) >= 0; // search ignores (and keeps) `lastIndex`

/** `"…"` in which the `$NAME` / `${NAME…}` references expand and everything else is literal. */
function doubleQuoteWithVariables(e: string, multiline = false): string | undefined {
  if ((multiline ? /\x00/ : /[\x00-\x08\x0a-\x1f\x7f]/).test(e) || LONE_SURROGATE.test(e)) return undefined;
  let out = '"';
  let last = 0;
  const lit = (s: string) => s.replace(/[\\"`$]/g, (c) => `\\${c}`);
  for (const m of e.matchAll(VARIABLE)) {
    out += lit(e.slice(last, m.index)) + m[0];
    last = m.index! + m[0].length;
  }
  return out + lit(e.slice(last)) + '"';
}

/**
 * Whether element `i` of an exec form is shell syntax the author expected a
 * shell to interpret: an operator or redirection, or a path glob / `~`.
 * Not when it is an option's value (`cut -d "|"`, `java -cp "lib/*"`), a
 * `find -exec … ;` terminator, a `**` pattern (tools glob those themselves) or
 * a shell's `-c` script.
 */
export function shellSyntaxAt(values: readonly string[], i: number, script = shellScriptIndex(values)): 'operator' | 'glob' | undefined {
  if (i === 0 || i === script) return undefined;
  const v = values[i];
  const prev = values[i - 1];
  const afterOption = prev.startsWith('-') && !prev.includes('=');
  if (isShellOperator(v)) {
    if (afterOption) return undefined;
    if ((v === ';' || v === '+') && values.slice(0, i).some((e) => /^-(exec|execdir|ok|okdir)$/.test(e))) return undefined;
    return 'operator';
  }
  if (isGlobWord(v) && !afterOption && !v.includes('**')) return 'glob';
  return undefined;
}

/**
 * The shell command an exec-form author meant: the elements {@link shellSyntaxAt}
 * finds are left for the shell, variable references expand (inside double
 * quotes, so each element stays one argument), everything else, a `-c`
 * script included, is quoted so the shell passes exactly that argument
 * (a lone `*`, `?`, `[`, `~`, quotes, backslashes, an empty string…).
 * Undefined when an element cannot be written on one line (`multiline`: in
 * a `sh -c` script, where only a NUL cannot be written).
 */
export function execToShell(values: readonly string[], multiline = false): string | undefined {
  const script = shellScriptIndex(values);
  const parts: string[] = [];
  let first = true;
  for (let i = 0; i < values.length; i++) {
    const e = values[i];
    const syntax = shellSyntaxAt(values, i, script);
    const p = syntax ? e : i !== script && hasVariable(e) ? doubleQuoteWithVariables(e, multiline) : shellQuote(e, first, multiline);
    if (p === undefined) return undefined;
    parts.push(p);
    // the word after an operator left to the shell starts a new command
    first = syntax === 'operator' && OPERATOR.test(e);
  }
  return parts.length ? parts.join(' ') : undefined;
}

/** True when the elements, turned into a shell command, are one simple command (no operators): `exec` can prefix it. */
export const isSimpleCommand = (values: readonly string[]): boolean => !values.some((_, i) => shellSyntaxAt(values, i) === 'operator');

// ---------------------------------------------------------------- exec elements

/** The exec-form elements of RUN / CMD / ENTRYPOINT / HEALTHCHECK CMD, and the range of the JSON array. */
export function execElements(doc: DockerfileDocument, ins: Instruction): { elements: Token[]; range: TextRange } | undefined {
  if (ins.form !== 'exec' || !ins.argsRange) return undefined;
  if (ins.name === 'RUN' || ins.name === 'CMD' || ins.name === 'ENTRYPOINT') return { elements: ins.args, range: ins.argsRange };
  if (ins.name === 'HEALTHCHECK' && ins.details.kind === 'healthcheck' && ins.details.type?.value.toUpperCase() === 'CMD') {
    const open = doc.text.indexOf('[', ins.details.type.end);
    if (open < 0 || open >= ins.argsRange.end) return undefined;
    return { elements: ins.details.command, range: { start: open, end: ins.argsRange.end } };
  }
  return undefined;
}

/** The shell-form command of CMD / ENTRYPOINT / RUN / HEALTHCHECK CMD (continuations removed) and the range it is written in. */
export function shellCommand(ins: Instruction): { command: string; range: TextRange } | undefined {
  if (ins.form !== 'shell' || !ins.argsRange || ins.heredocs.length) return undefined;
  if (ins.name === 'HEALTHCHECK') {
    if (ins.details.kind !== 'healthcheck' || ins.details.type?.value.toUpperCase() !== 'CMD' || ins.args.length < 2) return undefined;
    return { command: ins.args[1].value, range: { start: ins.args[1].start, end: ins.argsRange.end } };
  }
  if (ins.args.length !== 1) return undefined;
  return { command: ins.args[0].value, range: ins.argsRange };
}

// ---------------------------------------------------------------- checking a rewrite

function reparse(doc: DockerfileDocument, ins: Instruction, range: TextRange, newText: string): Instruction | undefined {
  const escape: EscapeChar = doc.ast.escapeChar;
  const head = doc.text.slice(ins.start, range.start);
  if (/[\r\n]/.test(head)) return undefined;
  const prefix = `${escape === '`' ? '# escape=`\n' : ''}FROM scratch\n`;
  const ast = parse(`${prefix}${head}${newText}\n`);
  return ast.problems.some((p) => p.severity === 'error') ? undefined : ast.instructions[1];
}

/** `newText` replacing `range` of `ins` gives the exec form `argv` (checked by re-parsing). */
export function execEdit(doc: DockerfileDocument, ins: Instruction, range: TextRange, argv: readonly string[]) {
  const newText = toExecJson(argv);
  const r = reparse(doc, ins, range, newText);
  if (!r || r.form !== 'exec' || r.name !== ins.name) return undefined;
  const got = r.name === 'HEALTHCHECK' && r.details.kind === 'healthcheck' ? r.details.command : r.args;
  if (got.length !== argv.length || got.some((t, i) => t.value !== argv[i])) return undefined;
  return { start: range.start, end: range.end, newText };
}

/** `command` replacing `range` of `ins` gives that shell-form command (checked by re-parsing). */
export function shellEdit(doc: DockerfileDocument, ins: Instruction, range: TextRange, command: string) {
  const r = reparse(doc, ins, range, command);
  if (!r || r.form !== 'shell' || r.name !== ins.name || r.heredocs.length || r.invalidJson) return undefined;
  const got = shellCommand(r)?.command;
  if (got !== command) return undefined;
  return { start: range.start, end: range.end, newText: command };
}

// ---------------------------------------------------------------- what runs the elements

/**
 * The argv the elements of an exec-form instruction end up in, and the index
 * of its first element there: a CMD's elements follow the exec-form ENTRYPOINT
 * in effect (Docker runs ENTRYPOINT + CMD as one argv), so with
 * `ENTRYPOINT ["/bin/sh", "-c"]` the CMD's first element is the shell's script.
 */
export function runArgv(ins: Instruction, values: readonly string[], entrypoint: Instruction | undefined): { argv: string[]; offset: number } {
  if (ins.name === 'CMD' && entrypoint?.form === 'exec' && entrypoint.args.length > 0) {
    const ep = entrypoint.args.map((t) => t.value);
    return { argv: [...ep, ...values], offset: ep.length };
  }
  return { argv: [...values], offset: 0 };
}

/** The index (in `values`) of the element a shell runs as its script (`sh -c SCRIPT`, or a CMD after `ENTRYPOINT ["sh", "-c"]`). */
export function scriptElementIndex(ins: Instruction, values: readonly string[], entrypoint: Instruction | undefined): number | undefined {
  const { argv, offset } = runArgv(ins, values, entrypoint);
  const s = shellScriptIndex(argv);
  return s !== undefined && s >= offset ? s - offset : undefined;
}

/**
 * Visits each instruction of the stage with the image config in effect just
 * before it and the config at the end of the stage (whose ENTRYPOINT is the one
 * a CMD runs with), then the triggers of its ONBUILDs: those run in an image
 * built FROM this one, right after that FROM, so under the config this stage
 * ends with. Each instruction is visited once.
 */
export function visitWithConfig(stage: StageInfo, visit: (ins: Instruction, before: ImageConfig, final: ImageConfig) => void): void {
  const final = replayConfig(stage);
  const seen = new Set<Instruction>();
  const triggers: Instruction[] = [];
  replayConfig(stage, (ins, before) => {
    if (seen.has(ins)) return;
    seen.add(ins);
    visit(ins, before, final);
    triggers.push(...withTriggers([ins]).slice(1));
  });
  for (const t of triggers) {
    if (seen.has(t)) continue;
    seen.add(t);
    visit(t, { ...final }, final);
  }
}

// ---------------------------------------------------------------- image config along the stages

/** The replay of CMD / ENTRYPOINT / SHELL lives in command.ts (ONBUILD triggers included). */
export { replayConfig, type ImageConfig } from './command';

/** True when a shell-form command would run under a POSIX shell (no SHELL, or a SHELL that is sh/bash/…). */
export function posixShellInEffect(shell: Instruction | undefined): boolean {
  return !shell || (shell.form === 'exec' && shell.args.length > 0 && isPosixShell(shell.args[0].value));
}

/**
 * Fixes turning an exec form the author meant for a shell into shell form
 * (under a POSIX shell) and into `["/bin/sh", "-c", "…"]`. CMD and ENTRYPOINT
 * get `exec` so the program stays PID 1; ENTRYPOINT only gets the `/bin/sh -c`
 * form, with `"$@"` so CMD arguments still reach the program. None for a CMD
 * that is arguments of an exec-form ENTRYPOINT.
 */
export function execToShellFixes(doc: DockerfileDocument, ins: Instruction, config: ImageConfig): Fix[] {
  const ex = execElements(doc, ins);
  if (!ex || ex.elements.length === 0) return [];
  const values = ex.elements.map((t) => t.value);
  // the shell-form line cannot hold a line break; a `sh -c` script (a JSON string) can
  const command = execToShell(values);
  const script = execToShell(values, true);
  if (!script) return [];
  const simple = isSimpleCommand(values);
  const fixes: Fix[] = [];
  if (ins.name === 'ENTRYPOINT') {
    const argv = ['/bin/sh', '-c', `exec ${script} "$@"`, 'sh'];
    const e = simple && execEdit(doc, ins, ex.range, argv);
    if (e) fixes.push({ ...conversionTitle.runShellPassingCmd(argv), edits: [e], preferred: true });
    return fixes;
  }
  if (ins.name === 'CMD' && config.entrypoint?.form === 'exec' && config.entrypoint.args.length > 0) return [];
  const execPrefix = ins.name === 'CMD' && simple ? 'exec ' : '';
  const shellForm = command !== undefined && posixShellInEffect(config.shell) && shellEdit(doc, ins, ex.range, execPrefix + command);
  if (shellForm) fixes.push({ ...conversionTitle.shellForm(shellForm.newText), edits: [shellForm], preferred: ins.name !== 'CMD' });
  const argv = ['/bin/sh', '-c', execPrefix + script];
  const wrapped = execEdit(doc, ins, ex.range, argv);
  if (wrapped) fixes.push({ ...conversionTitle.runShell(argv), edits: [wrapped], preferred: ins.name === 'CMD' || !shellForm });
  return fixes;
}
