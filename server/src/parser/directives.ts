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

function scan(key: string, lines: string[], firstLine: number, prefix: string): DirectiveMatch | undefined {
  const re = new RegExp(`^${prefix}[\\t\\n\\f\\r ]*([a-zA-Z][a-zA-Z0-9]*)[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*(.+?)[\\t\\n\\f\\r ]*$`);
  const seen = new Set<string>();
  let line = firstLine;
  for (const raw of lines) {
    line++;
    const m = re.exec(raw.replace(/\r$/, ''));
    if (!m) return undefined;
    const k = m[1].toLowerCase();
    if (!KNOWN.has(k)) return undefined;
    if (seen.has(k)) return undefined; // BuildKit's ParseAll stops at the error
    seen.add(k);
    if (k === key) return { ref: m[2].split(' ')[0], cmdline: m[2], line };
  }
  return undefined;
}

function parseAnyDirective(key: string, text: string, anyFormat: boolean): DirectiveMatch | undefined {
  let dt = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let first = 0;
  const nl = dt.indexOf('\n');
  const firstLine = nl < 0 ? dt : dt.slice(0, nl);
  if (firstLine.startsWith('#!')) {
    dt = nl < 0 ? '' : dt.slice(nl + 1);
    first = 1;
  }
  const lines = dt.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const hit = scan(key, lines, first, '#');
  if (hit || !anyFormat) return hit;
  const slashes = scan(key, lines, first, '//');
  if (slashes) return slashes;
  try {
    const json: unknown = JSON.parse(dt);
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
