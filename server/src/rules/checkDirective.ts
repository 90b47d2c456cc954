/**
 * BuildKit's `# check=` directive: `skip=<ids>|all`, `error=true|false`,
 * `experimental=<ids>|all`, separated by `;` (https://docs.docker.com/reference/build-checks/).
 * As a parser directive it applies to the whole file; BuildKit also reads a
 * `# check=` comment directly above an instruction for that instruction only.
 *
 * Read exactly as BuildKit reads it (moby/buildkit frontend/dockerfile):
 * - parser/directives.go: the directive's value is trimmed, then cut at its
 *   first space (`strings.Cut(d.Value, " ")`): `# check=skip=A // why` is
 *   `skip=A`, `# check = skip=A, B` is `skip=A,` (B is not skipped), and
 *   `# check = skip = A` is `skip`;
 * - linter/linter.go ParseLintOptions: at most three `;`-separated parts
 *   (`strings.SplitN(s, ";", 3)`), each `key=value` with the key trimmed
 *   and matched as written (`skip`, `error`, `experimental`), the value
 *   trimmed, `all` as written, each rule name trimmed; `error` takes Go's
 *   strconv.ParseBool values. Anything else is an error: for the directive
 *   the build fails ("failed to parse check options: invalid check option
 *   \"skip\""), a comment above an instruction is ignored.
 */
import { matchDirectiveLine } from '../parser/directives';

export interface CheckConfig {
  skipAll: boolean;
  skip: Set<string>;
  error: boolean;
  experimentalAll: boolean;
  experimental: Set<string>;
  /** BuildKit's error when it rejects the value (then nothing of it applies). */
  invalid?: string;
}

const GO_BOOL = new Map<string, boolean>([...['1', 't', 'T', 'TRUE', 'true', 'True'].map((k) => [k, true] as const), ...['0', 'f', 'F', 'FALSE', 'false', 'False'].map((k) => [k, false] as const)]);

/** The part of a `# check=` value BuildKit reads: up to the first space (a tab does not cut it). */
export const checkValueWord = (raw: string): string => raw.trim().split(' ', 1)[0];

/** Go's strings.SplitN(s, sep, n). */
function splitN(s: string, sep: string, n: number): string[] {
  const parts = s.split(sep);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

export function parseCheckValue(raw: string | undefined): CheckConfig {
  const c: CheckConfig = { skipAll: false, skip: new Set(), error: false, experimentalAll: false, experimental: new Set() };
  const value = raw === undefined ? '' : checkValueWord(raw).trim();
  if (!value) return c;
  const rejected = (invalid: string): CheckConfig => ({ skipAll: false, skip: new Set(), error: false, experimentalAll: false, experimental: new Set(), invalid });
  for (const part of splitN(value, ';', 3)) {
    const eq = part.indexOf('=');
    if (eq < 0) return rejected(`invalid check option ${JSON.stringify(part)}`);
    const key = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (key === 'skip' || key === 'experimental') {
      // as in BuildKit, a second `skip=` list replaces the first; `all` stays
      const all = v === 'all';
      const ids = new Set(v.split(',').map((s) => s.trim()));
      if (key === 'skip') {
        if (all) c.skipAll = true;
        else c.skip = ids;
      } else {
        if (all) c.experimentalAll = true;
        else c.experimental = ids;
      }
    } else if (key === 'error') {
      const b = GO_BOOL.get(v);
      if (b === undefined) return rejected(`failed to parse check option ${JSON.stringify(part)}: strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
      c.error = b;
    } else {
      return rejected(`invalid check option ${JSON.stringify(key)}`);
    }
  }
  return c;
}

const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);

export interface DirectiveBlock {
  /** Where a new directive line goes: the start of the line after the last directive (or after a `#!` line, or the top). */
  insertAt: number;
  /** The last directive line ends the file without a line break: a new line must start with one. */
  needsBreak: boolean;
  /** The `check` directive's value (trimmed) and its range. */
  check?: { value: string; start: number; end: number };
}

/**
 * The parser directives at the top as BuildKit's ParseDirective reads them
 * (frontend/dockerfile/parser/directives.go): a byte-order mark and a `#!`
 * first line skipped, then `#`-lines matching `^#\s*key\s*=\s*value` with a
 * known key (`syntax`, `escape`, `check`), each once, up to the first line
 * that is not one: a blank line or any other comment ends them, and a
 * directive written after that is an ordinary comment.
 */
export function directiveBlock(text: string, bomLength: number): DirectiveBlock {
  let at = bomLength;
  let needsBreak = false;
  const lineEnd = (from: number) => {
    const nl = text.indexOf('\n', from);
    return nl < 0 ? text.length : nl;
  };
  if (text.startsWith('#!', at)) {
    const e = lineEnd(at);
    needsBreak = e === text.length;
    at = needsBreak ? e : e + 1;
  }
  const seen = new Set<string>();
  let check: DirectiveBlock['check'];
  while (at < text.length) {
    const e = lineEnd(at);
    const line = text.slice(at, e).replace(/\r$/, '');
    const m = matchDirectiveLine(line);
    const key = m?.key.toLowerCase();
    if (!m || !key || !KNOWN_DIRECTIVES.has(key) || seen.has(key)) break;
    seen.add(key);
    if (key === 'check') {
      let start = line.indexOf('=') + 1;
      while (start < line.length && ' \t\f'.includes(line[start])) start++;
      if (line.startsWith(m.value, start)) check = { value: m.value, start: at + start, end: at + start + m.value.length };
    }
    needsBreak = e === text.length;
    at = needsBreak ? e : e + 1;
  }
  return { insertAt: at, needsBreak, check };
}

/**
 * Reads a `# check=` value the way its author meant it, blanks allowed around
 * `=`, `,` and `;` (`skip = A, B // why`): the options, and the text after
 * them (a comment, kept). Undefined when it is not that shape.
 */
function readLeniently(value: string): { options: Array<{ key: string; items: string[] }>; rest: string } | undefined {
  let i = 0;
  const blanks = () => {
    while (i < value.length && (value[i] === ' ' || value[i] === '\t')) i++;
  };
  const WORD = /[A-Za-z0-9_.-]+/y; // sticky: matched at `i` without copying the rest (a long list stays linear)
  const word = () => {
    WORD.lastIndex = i;
    const m = WORD.exec(value);
    if (m) i += m[0].length;
    return m?.[0];
  };
  const options: Array<{ key: string; items: string[] }> = [];
  for (;;) {
    blanks();
    const key = word()?.toLowerCase();
    if (key !== 'skip' && key !== 'error' && key !== 'experimental') return undefined;
    blanks();
    if (value[i] !== '=') return undefined;
    i++;
    blanks();
    const items: string[] = [];
    for (;;) {
      const item = word();
      if (!item) return undefined;
      items.push(item);
      const back = i;
      blanks();
      if (value[i] !== ',') {
        i = back;
        break;
      }
      i++;
      blanks();
    }
    options.push({ key, items });
    const back = i;
    blanks();
    if (value[i] !== ';') {
      i = back;
      break;
    }
    i++;
  }
  return { options, rest: value.slice(i).trim() };
}

/**
 * The edit that makes BuildKit skip rule `id` in the whole file: the id added
 * to the `# check=` directive's `skip=` list (once), written the way BuildKit
 * reads it (no blanks inside the value: `skip = A, B` becomes `skip=A,B,id`,
 * a trailing comment kept after a space); or a new `# check=skip=id` line right
 * after the last parser directive (never above one: an older frontend stops
 * reading directives at the first line it does not know, so an `# escape=`
 * below it would be lost), or at the top. Undefined when the existing value
 * cannot be read.
 */
export function skipInFileEdit(text: string, bomLength: number, id: string): { start: number; end: number; newText: string } | undefined {
  const block = directiveBlock(text, bomLength);
  if (block.check) {
    const read = readLeniently(block.check.value);
    if (!read) return undefined;
    const skip = read.options.find((o) => o.key === 'skip');
    if (skip?.items.includes('all')) return undefined;
    if (skip && !skip.items.includes(id)) skip.items.push(id);
    if (!skip) read.options.push({ key: 'skip', items: [id] });
    if (read.options.length > 3) return undefined; // BuildKit reads three `;` parts
    const newValue = read.options.map((o) => `${o.key}=${o.items.join(',')}`).join(';') + (read.rest ? ` ${read.rest}` : '');
    return { start: block.check.start, end: block.check.end, newText: newValue };
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const line = `# check=skip=${id}`;
  return { start: block.insertAt, end: block.insertAt, newText: block.needsBreak ? eol + line : line + eol };
}
