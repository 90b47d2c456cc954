/**
 * Heredoc detection exactly as BuildKit does it (parser.go heredocsFromLine /
 * ParseHeredoc): the instruction line is split into words by the shell lexer
 * with quotes, escapes and unset variables kept raw, and every word matching
 * `^(\d*)<<(-?)\s*([^<]*)$` whose rest is a single shell word is a heredoc.
 */
import { ShellError, ShellLex } from './shell';

export interface HeredocMarker {
  name: string;
  fileDescriptor: number;
  expand: boolean;
  chomp: boolean;
}

// BuildKit's pattern, its word starting after the white space (`\s*([^<]*)$` is quadratic on a long run of it)
const HEREDOC_WORD = /^(\d*)<<(-?)[\t\n\f\r ]*([^<\t\n\f\r ][^<]*)?$/;
const EMPTY_ENV = new Map<string, string>();

/** ParseHeredoc: undefined when the word is not a heredoc; throws ShellError when it is malformed (`<<'EOF`). */
export function parseHeredocWord(word: string): HeredocMarker | undefined {
  const m = HEREDOC_WORD.exec(word);
  if (!m) return undefined;
  const rest = m[3];
  if (rest === undefined) return undefined;
  const words = new ShellLex({ skipUnsetEnv: true }).processWords(rest, EMPTY_ENV);
  if (words.length !== 1) return undefined;
  const raw = new ShellLex({ skipUnsetEnv: true, rawQuotes: true }).processWords(rest, EMPTY_ENV);
  if (raw.length !== words.length) throw new ShellError(`internal lexing of heredoc produced inconsistent results: ${rest}`);
  const quotes = (s: string) => {
    let n = 0;
    for (let i = 0; i < s.length; i++) if (s[i] === "'" || s[i] === '"') n++;
    return n;
  };
  return {
    name: words[0],
    expand: quotes(words[0]) === quotes(raw[0]),
    chomp: m[2] === '-',
    fileDescriptor: m[1] ? Number(m[1]) : 0,
  };
}

/** heredocsFromLine: the heredocs an instruction line opens, in order. Throws ShellError for a malformed one. */
export function heredocsFromLine(line: string): HeredocMarker[] {
  let words: string[];
  try {
    words = new ShellLex({ rawQuotes: true, rawEscapes: true, skipUnsetEnv: true }).processWords(line, EMPTY_ENV);
  } catch {
    return []; // BuildKit ignores this error
  }
  const docs: HeredocMarker[] = [];
  for (const w of words) {
    const h = parseHeredocWord(w);
    if (h) docs.push(h);
  }
  return docs;
}
