/** InvalidExecForm: an argument list that looks like JSON but is not, so Docker runs it as a shell command. */
import type { Rule } from './types';
import { withTriggers } from '../model/document';
import { conversionTitle, execEdit, shellCommand } from '../model/execForm';
import { l } from '../docs/locale';

/**
 * Reads a JSON-looking array leniently: `"…"` or `'…'` strings, commas between
 * them, an optional trailing comma, a missing `]` or closing quote at the very
 * end, invalid escapes read as a literal backslash. Undefined when anything is
 * ambiguous (unquoted words, missing commas, text after the `]`).
 */
export function repairJsonArray(s: string): string[] | undefined {
  let i = 0;
  const ws = () => {
    while (i < s.length && /[ \t\r\n]/.test(s[i])) i++;
  };
  if (s[i++] !== '[') return undefined;
  const out: string[] = [];
  for (;;) {
    ws();
    if (i >= s.length) return out;
    if (s[i] === ']') return (ws(), ++i, ws(), i === s.length) ? out : undefined;
    const q = s[i];
    if (q !== '"' && q !== "'") return undefined;
    let v = '';
    let closed = false;
    for (i++; i < s.length; i++) {
      const c = s[i];
      if (c === q) {
        closed = true;
        i++;
        break;
      }
      if (c === '\\' && i + 1 < s.length) {
        const e = s[++i];
        const simple: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in simple) v += simple[e];
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) {
          v += String.fromCharCode(parseInt(s.slice(i + 1, i + 5), 16));
          i += 4;
        } else v += '\\' + e;
        continue;
      }
      v += c;
    }
    if (!closed) {
      // unterminated at the end: `"b]` is `"b"]`
      out.push(v.endsWith(']') ? v.slice(0, -1) : v);
      return out;
    }
    out.push(v);
    ws();
    if (s[i] === ',') i++;
    else if (i < s.length && s[i] !== ']') return undefined;
  }
}

/** A bare word meant as an element: nothing a shell or JSON would read differently (no quotes, blanks, `$`, globs, brackets, operators). */
const BARE = /^[^\s,"'\\$`*?[\]{}()<>|&;#~!]+$/;

/**
 * Reads an array that is not JSON but whose elements are certain: double-quoted
 * JSON strings and bare words (`[node, app.js]`), separated by commas; two
 * quoted strings may also be separated by blanks only (`["a" "b"]`, not `["a""b"]`). Undefined
 * for bare words separated by blanks (`[npm start]`: one element or two?).
 */
export function repairLooseArray(s: string): string[] | undefined {
  if (!s.startsWith('[') || !s.endsWith(']')) return undefined;
  const body = s.slice(1, -1);
  const out: string[] = [];
  let i = 0;
  let comma = true; // a separator before the next element: `[` or `,`
  let quotedBefore = false;
  while (i < body.length) {
    const from = i;
    while (i < body.length && (body[i] === ' ' || body[i] === '\t')) i++;
    const blank = i > from;
    if (i >= body.length) break;
    if (body[i] === ',') {
      if (comma) return undefined; // `[,` or `,,`: an empty element?
      comma = true;
      i++;
      continue;
    }
    if (body[i] === '"') {
      let j = i + 1;
      while (j < body.length && body[j] !== '"') j += body[j] === '\\' ? 2 : 1;
      if (j >= body.length) return undefined;
      let v: unknown;
      try {
        v = JSON.parse(body.slice(i, j + 1));
      } catch {
        return undefined;
      }
      if (typeof v !== 'string' || (!comma && !(quotedBefore && blank))) return undefined;
      out.push(v);
      quotedBefore = true;
      i = j + 1;
    } else {
      let j = i;
      while (j < body.length && body[j] !== ',' && body[j] !== ' ' && body[j] !== '\t') j++;
      const w = body.slice(i, j);
      if (!comma || !BARE.test(w)) return undefined;
      out.push(w);
      quotedBefore = false;
      i = j;
    }
    comma = false;
  }
  return out.length > 0 && !comma ? out : undefined;
}

/**
 * Looks like a JSON array (and not the `[ … ]` test command): it repairs, a
 * quoted element is followed by a comma, or it is one `[…]` with no blank after
 * the `[` (the shell would run a program named `[node,`: `/bin/sh: [node,: not found`).
 * A `[Type]::Method(…)` PowerShell call does not end with `]`.
 */
const looksLikeJson = (s: string) => repairJsonArray(s) !== undefined || /^\[\s*("(?:[^"\\]|\\.)*"|'[^']*')\s*,/.test(s) || /^\[[^\s[\]][^[\]]*\]$/.test(s);

const RUNS_SHELL = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

export const InvalidExecForm: Rule = {
  id: 'InvalidExecForm',
  severity: 'warning',
  scope: 'instruction',
  docs: {
    summary: 'Flags arguments that start like an exec-form JSON array but are not valid JSON.',
    why:
      'Docker only uses exec form when the arguments are a valid JSON array of double-quoted strings. Anything else (single quotes, a trailing comma, a bad escape, a missing bracket) ' +
      'silently becomes shell form: `CMD [\'node\', \'app.js\']` runs `/bin/sh -c "[\'node\', \'app.js\']"`, which fails with `[: not found` or does something else entirely. ' +
      'Unquoted words or a missing comma too: `CMD [echo, app.js]` runs `/bin/sh -c "[echo, app.js]"` (Docker 20.10: `/bin/sh: [echo,: not found`, exit 127), `CMD ["echo" "b"]` gives `/bin/sh: [echo: not found`. ' +
      'The `[ -f x ]` test command (a blank after `[`) is not flagged. ONBUILD triggers are checked too.',
    example: "FROM node:22\nCMD ['node', 'app.js']\n",
    fixed: 'FROM node:22\nCMD ["node", "app.js"]\n',
    fix: 'Rewrites the array as valid JSON (double quotes with escaping, trailing comma dropped, missing closing quote or bracket added, bare words between commas quoted, a missing comma between two quoted strings added) when the intended elements are unambiguous: `[npm start]` gets no fix.',
    fixSafety: 'Unsafe: BuildKit runs an invalid array as a shell command; valid JSON runs the program directly (another Cmd or Entrypoint, another PID 1).',
    references: ['https://docs.docker.com/reference/dockerfile/#exec-form'],
  },
  check({ doc, report, instructions }) {
    for (const ins of withTriggers(instructions)) {
      const bad = ins.invalidJson;
      if (!bad || !ins.argsRange) continue;
      const raw = doc.text.slice(bad.range.start, bad.range.end);
      const oneLine = !/[\r\n]/.test(raw);
      const text = oneLine ? raw : (shellCommand(ins)?.command ?? raw);
      if (!looksLikeJson(text)) continue;
      const argv = oneLine ? (repairJsonArray(text) ?? repairLooseArray(text)) : undefined;
      const edit = argv && argv.length > 0 ? execEdit(doc, ins, bad.range, argv) : undefined;
      report({
        range: bad.range,
        message: RUNS_SHELL.has(ins.name)
          ? l(
            `Not a valid JSON array (${bad.message}): Docker runs these ${ins.name} arguments as a shell command, not in exec form`,
            `올바른 JSON 배열이 아닙니다(${bad.message}). Docker는 이 ${ins.name} 인수를 exec 형식이 아니라 셸 명령으로 실행합니다`,
          )
          : l(
            `Not a valid JSON array (${bad.message}): Docker reads these ${ins.name} arguments as space-separated words`,
            `올바른 JSON 배열이 아닙니다(${bad.message}). Docker는 이 ${ins.name} 인수를 공백으로 나뉜 단어로 읽습니다`,
          ),
        fixes: edit ? [{ ...conversionTitle.repairJson(argv!), edits: [edit], preferred: true }] : [],
      });
    }
  },
};
