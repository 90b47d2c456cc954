/**
 * The shell inside a Dockerfile, formatted by mvdan/sh (the printer of shfmt),
 * through the npm package `sh-syntax` (its WASM build, MIT). Nothing here
 * prints shell: this module only maps a RUN between its Dockerfile layout and
 * a script, and checks the result.
 *
 * What Docker runs (https://docs.docker.com/reference/dockerfile/#run): a
 * shell-form RUN is one logical line: BuildKit removes each escape + line break
 * (a continuation), keeps the leading blanks of the next line, drops comment
 * lines, and passes the joined text to `SHELL` (default `/bin/sh -c`). So the
 * shell never sees a line break of a RUN. A `RUN <<EOF` heredoc body is a
 * script of its own, passed as is. BuildKit expands no `$VAR` of a shell-form
 * RUN (the shell does); mvdan/sh prints every word (`$VAR`, `${VAR:-x}`,
 * quotes) exactly as written, so there is no Dockerfile variable to lose.
 *
 * The mapping: the RUN's text, continuations included, is given to mvdan/sh
 * (for the shell a backslash + line break is a line continuation too, so it
 * keeps the user's line breaks); every line break of the printed script then
 * becomes a Dockerfile continuation: one after an escaped line end stays, one
 * after `&&`, `||`, `|`, `;`, `then`, `do`… or before a deeper-nested line
 * (`case … in`, a case pattern: a line break is only white space there) gets
 * ` \`, any other (a statement separator) gets `; \`, and a blank line
 * between statements becomes a line holding only `\`. Continuation lines are
 * indented by the continuation indent plus mvdan's nesting level.
 *
 * The safety net: the new instruction is parsed again (our BuildKit parser),
 * its joined script must print, in mvdan's single-line canonical form, exactly
 * like the original one (same shell syntax tree), and the caller
 * (features/formatting.ts) then requires the whole file to re-parse to the
 * same instructions. Anything else, and the RUN is left alone.
 *
 * The WASM (about 0.75 MB) is compiled on the first call, not at server start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** mvdan/sh language variants (sh-syntax's LangVariant, mvdan/sh v3.13 bit flags). */
export const ShellVariant = { Bash: 1, Posix: 2, Mksh: 4 } as const;
export type ShellVariant = (typeof ShellVariant)[keyof typeof ShellVariant];

interface PrintOptions {
  variant: ShellVariant;
  /** Spaces per level; 0: tabs. */
  indent?: number;
  binaryNextLine?: boolean;
  singleLine?: boolean;
}

type Printer = (text: string, o: PrintOptions) => Promise<string>;

/** The part of the WebAssembly JS API used here (the project's lib settings have no DOM/WebAssembly types). */
interface Wasm {
  compile(bytes: Uint8Array): Promise<object>;
  Instance: new (module: object, imports: object) => object;
}
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

let printer: Promise<Printer> | undefined;

/** The .wasm next to the bundle (dist/sh-syntax.wasm, copied by scripts/build.mjs), else the package's own. */
function wasmPath(): string {
  const bundled = join(__dirname, 'sh-syntax.wasm');
  if (existsSync(bundled)) return bundled;
  return createRequire(__filename).resolve('sh-syntax/main.wasm');
}

/**
 * sh-syntax's processor over a module compiled once: the package's own
 * `getProcessor` with an instance factory, its documented way to supply the
 * WASM (it starts a fresh Go instance per call, as its default loader does).
 */
function load(): Promise<Printer> {
  printer ??= (async () => {
    // a lazy require: esbuild keeps the package in the bundle but evaluates it on the first format
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { getProcessor } = require('sh-syntax') as typeof import('sh-syntax');
    const module = await wasm.compile(readFileSync(wasmPath()));
    const processor = getProcessor(((imports: object) => new wasm.Instance(module, imports)) as unknown as Parameters<typeof getProcessor>[0]);
    return (text, o) =>
      processor(text, {
        print: true,
        keepComments: true,
        variant: o.variant,
        indent: o.indent ?? 4,
        useTabs: o.indent === 0,
        // shfmt's defaults, but for -bn which follows the user's style and -ci (case items indented, as official images write them)
        binaryNextLine: o.binaryNextLine ?? false,
        switchCaseIndent: true,
        spaceRedirects: false,
        simplify: false,
        singleLine: o.singleLine ?? false,
      });
  })();
  printer.catch(() => (printer = undefined));
  return printer;
}

/**
 * Results by input: mvdan/sh starts a fresh WASM instance per call (tens of
 * milliseconds), so a file formatted again after an edit only pays for the
 * RUN instructions that changed. Cleared when it grows past MEMO_LIMIT entries.
 */
const memo = new Map<string, Promise<string | undefined>>();
const MEMO_LIMIT = 4000;

function memoized(key: string, compute: () => Promise<string | undefined>): Promise<string | undefined> {
  let p = memo.get(key);
  if (!p) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    p = compute();
    memo.set(key, p);
    // a failure to load the WASM is not remembered (the next format tries again)
    p.catch(() => memo.delete(key));
  }
  return p;
}

/** Loads the formatter (for measurements: the first format pays this). */
export async function loadShellFormatter(): Promise<void> {
  await load();
}

/**
 * mvdan/sh's single-line print of a script: a function of its syntax tree
 * (positions aside: a line break and `;` between statements print alike),
 * comments included. Undefined when the script does not parse.
 */
export function canonicalShell(script: string, variant: ShellVariant): Promise<string | undefined> {
  return memoized(`c${variant}\0${script}`, async () => {
    const print = await load();
    try {
      return await print(script, { variant, singleLine: true });
    } catch {
      return undefined;
    }
  });
}

/** The language mvdan/sh should read for a shell program (`/bin/sh`, `bash`…); undefined for one it cannot (zsh, cmd, PowerShell). */
export function shellVariant(program: string): ShellVariant | undefined {
  const b = program.slice(program.lastIndexOf('/') + 1).toLowerCase();
  if (b === 'sh' || b === 'dash' || b === 'ash') return ShellVariant.Posix;
  if (b === 'bash') return ShellVariant.Bash;
  if (b === 'ksh' || b === 'mksh') return ShellVariant.Mksh;
  return undefined;
}

export interface ShellLayout {
  variant: ShellVariant;
  /** Columns of the continuation indent (below the RUN line). */
  base: number;
  /** Columns per nesting level; with tabs, a tab. */
  unit: number;
  insertSpaces: boolean;
  tabSize: number;
}

const BINARY_END = /(?:&&|\|\||\|&?)$/;
const BINARY_START = /^(?:&&|\|\||\|&?)(?:\s|$)/;
/** Line ends after which a line break is only white space for the shell. */
const BLANK_BREAK_END = /(?:&&|\|\||\|&?|[^;&]&|;|;&|(?:^|[\s;])(?:then|do|else|in)|[{(])$/;

function escapedEnd(line: string): boolean {
  let n = 0;
  for (let k = line.length - 1; k >= 0 && line[k] === '\\'; k--) n++;
  return n % 2 === 1;
}

function render(cols: number, l: ShellLayout): string {
  if (l.insertSpaces) return ' '.repeat(cols);
  return '\t'.repeat(Math.floor(cols / l.tabSize)) + ' '.repeat(cols % l.tabSize);
}

/**
 * A shell-form RUN's argument text (from its first argument to its end, `\n`
 * line breaks, `\` continuations, comment lines but no blank line inside) laid out
 * by mvdan/sh as Dockerfile continuation lines. Undefined when the script does
 * not parse. The caller checks the result (see the header).
 */
export function layoutRunScript(raw: string, l: ShellLayout): Promise<string | undefined> {
  return memoized(`r${JSON.stringify(l)}\0${raw}`, () => layout(raw, l));
}

async function layout(raw: string, l: ShellLayout): Promise<string | undefined> {
  const print = await load();
  const rawLines = raw.split('\n');
  let leading = 0;
  let trailing = 0;
  for (let i = 0; i < rawLines.length; i++) {
    const t = rawLines[i].trim();
    if (i > 0 && BINARY_START.test(t)) leading++;
    if (i < rawLines.length - 1 && BINARY_END.test(t.replace(/\\$/, '').trimEnd())) trailing++;
  }
  let out: string;
  try {
    out = await print(raw, { variant: l.variant, indent: l.insertSpaces ? Math.max(1, l.unit) : 0, binaryNextLine: leading > trailing });
  } catch {
    return undefined;
  }
  if (out.includes('\r')) return undefined;
  let end = out.length;
  while (end > 0 && out[end - 1] === '\n') end--;
  const lines = out.slice(0, end).split('\n');
  const unit = Math.max(1, l.unit);
  const parsed = lines.map((line) => {
    const body = line.replace(/^[ \t]+/, '');
    const ws = line.slice(0, line.length - body.length);
    if (!l.insertSpaces || ws.includes('\t')) return { body, level: ws.split('\t').length - 1, extra: 0 };
    return { body, level: Math.floor(ws.length / unit), extra: ws.length % unit };
  });
  const isComment = (k: number) => parsed[k].body.startsWith('#');
  // a comment line is a Dockerfile comment inside the RUN (Docker drops it): it must be followed by code
  let lastCode = parsed.length - 1;
  while (lastCode >= 0 && parsed[lastCode].body === '') lastCode--;
  if (lastCode < 0 || isComment(lastCode) || (parsed.length > 1 && isComment(0))) return undefined;
  const result: string[] = [];
  /** Still on the lines of the first statement (the one that starts on the RUN line). */
  let first = true;
  let prev = '';
  const comments: number[] = [];
  for (let i = 0; i < parsed.length; i++) {
    const { body, extra } = parsed[i];
    let level = parsed[i].level;
    if (body === '') {
      first = false;
      // a blank line between statements: a line holding only the continuation, as official images write it
      result.push(render(l.base, l) + '\\');
      continue;
    }
    if (i > 0 && isComment(i)) {
      // indented like the code line after it (set below)
      comments.push(result.length);
      result.push(body);
      continue;
    }
    // mvdan indents a statement's continuation lines one level deeper; for the statement on the RUN line the
    // Dockerfile convention puts them at the continuation indent (the RUN line is the level above)
    const continues = i > 0 && (escapedEnd(prev) || BINARY_END.test(prev) || BINARY_START.test(body));
    if (i > 0 && !continues) first = false;
    if (continues && first) level = Math.max(0, level - 1);
    const indent = i === 0 ? '' : render(l.base + level * unit + extra, l);
    let text = indent + body;
    if (i < lastCode) {
      // the next code line, nested deeper: this line opens a block (`case … in`, a case pattern, `f() {`…)
      let n = i + 1;
      while (n < lastCode && (parsed[n].body === '' || isComment(n))) n++;
      const opens = parsed[n].level > parsed[i].level;
      if (escapedEnd(body)) {
        // already a continuation (for the shell and for Docker)
      } else if (opens || BLANK_BREAK_END.test(body)) text += ' \\';
      else text += '; \\';
    }
    result.push(text);
    prev = body;
  }
  for (let k = comments.length - 1; k >= 0; k--) {
    const at = comments[k];
    const next = result.slice(at + 1).find((line) => !line.trimStart().startsWith('#'))!;
    result[at] = /^[ \t]*/.exec(next)![0] + result[at];
  }
  return result.join('\n');
}

/** A heredoc script (every line with its `\n`) printed by mvdan/sh; undefined when it does not parse. */
export function formatScript(script: string, l: ShellLayout): Promise<string | undefined> {
  return memoized(`h${l.variant} ${l.insertSpaces ? Math.max(1, l.unit) : 0}\0${script}`, async () => {
    const print = await load();
    try {
      return await print(script, { variant: l.variant, indent: l.insertSpaces ? Math.max(1, l.unit) : 0 });
    } catch {
      return undefined;
    }
  });
}
