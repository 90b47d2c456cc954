/**
 * BuildKit's DetectSyntax / ParseDirective (frontend/dockerfile/parser/directives.go):
 * how the frontend finds `# syntax=` (and `# check=`) before parsing. Unlike the
 * parser proper, these skip a leading `#!` shebang line, and syntax detection
 * also accepts `// syntax=` and a JSON document `{"syntax": "..."}`.
 */

export interface DirectiveMatch {
  /** The value's first word (`docker/dockerfile:1` of `docker/dockerfile:1 // opts`). */
  ref: string;
  /** The whole value. */
  cmdline: string;
  /** 1-based line of the directive, as BuildKit reports it. */
  line: number;
}

const KNOWN = new Set(['syntax', 'escape', 'check']);

const KEY_THEN_EQUALS = /^[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=/;
const isSpace = (c: string) => c === '\t' || c === '\n' || c === '\f' || c === '\r' || c === ' ';

/**
 * One directive line as BuildKit's `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`
 * reads it (`\s` = `[\t\n\f\r ]`; `.`, as in JavaScript, stops at a line break):
 * the key as written and the value without the white space around it. The
 * value is trimmed in code: a lazy group before `\s*$` backtracks
 * quadratically on a long run of white space. A value of only white space
 * is, as `(.+?)` takes it, its last character that `.` matches (`# syntax= `
 * has the value `' '`).
 */
export function matchDirectiveLine(line: string, prefix: '#' | '//' = '#'): { key: string; value: string } | undefined {
  if (!line.startsWith(prefix)) return undefined;
  const m = KEY_THEN_EQUALS.exec(line.slice(prefix.length));
  if (!m) return undefined;
  const rest = line.slice(prefix.length + m[0].length);
  let start = 0;
  while (start < rest.length && isSpace(rest[start])) start++;
  let end = rest.length;
  while (end > start && isSpace(rest[end - 1])) end--;
  if (start === end) {
    while (end > 0 && (rest[end - 1] === '\n' || rest[end - 1] === '\r')) end--;
    return end === 0 ? undefined : { key: m[1], value: rest[end - 1] };
  }
  const value = rest.slice(start, end);
  return /[\n\r\u2028\u2029]/.test(value) ? undefined : { key: m[1], value };
}

/** The lines of `text` from `from` on, split at `\n` (a last empty piece after a final newline left out), made as they are read. */
function* linesFrom(text: string, from: number): Generator<string> {
  let at = from;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) {
      yield text.slice(at);
      return;
    }
    yield text.slice(at, nl);
    at = nl + 1;
  }
}

/** BuildKit's DirectiveParser.ParseAll: reads lines only until the first that is not a directive. */
function scan(key: string, lines: Iterable<string>, firstLine: number, prefix: '#' | '//'): DirectiveMatch | undefined {
  const seen = new Set<string>();
  let line = firstLine;
  for (const raw of lines) {
    line++;
    const m = matchDirectiveLine(raw.replace(/\r$/, ''), prefix);
    if (!m) return undefined;
    const k = m.key.toLowerCase();
    if (!KNOWN.has(k)) return undefined;
    if (seen.has(k)) return undefined; // BuildKit's ParseAll stops at the error
    seen.add(k);
    if (k === key) return { ref: m.value.split(' ')[0], cmdline: m.value, line };
  }
  return undefined;
}

function parseAnyDirective(key: string, text: string, anyFormat: boolean): DirectiveMatch | undefined {
  let from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let first = 0;
  const nl = text.indexOf('\n', from);
  if (text.startsWith('#!', from)) {
    from = nl < 0 ? text.length : nl + 1;
    first = 1;
  }
  const hit = scan(key, linesFrom(text, from), first, '#');
  if (hit || !anyFormat) return hit;
  const slashes = scan(key, linesFrom(text, from), first, '//');
  if (slashes) return slashes;
  // a JSON object (JSON.parse allows leading white space): only text starting with `{` can be one
  let k = from;
  while (k < text.length && ' \t\n\r'.includes(text[k])) k++;
  if (text[k] !== '{') return undefined;
  try {
    const json: unknown = JSON.parse(text.slice(from));
    if (json && typeof json === 'object' && !Array.isArray(json)) {
      const v = (json as Record<string, unknown>)[key];
      if (typeof v === 'string') return { ref: v, cmdline: v, line: first };
    }
  } catch {
    // not JSON
  }
  return undefined;
}

/** DetectSyntax: the frontend image a file asks for. */
export function detectSyntax(text: string): DirectiveMatch | undefined {
  return parseAnyDirective('syntax', text, true);
}

/** ParseDirective(key): `#`-style only. */
export function parseDirective(key: string, text: string): DirectiveMatch | undefined {
  return parseAnyDirective(key, text, false);
}
