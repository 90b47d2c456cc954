// Tests for server/src/parser/shell.ts, the port of BuildKit's shell word
// processor (frontend/dockerfile/shell). The envVarTest / wordsTest data files
// are BuildKit's own and are read from the shared corpus.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Env, ShellError, ShellLex, VariableReference, findVariableReferences } from '../../server/src/parser/shell';
import { parseHeredocWord } from '../../server/src/parser/heredoc';

// Compiled to out/test/unit/shell.test.js, so the repository root is three levels up.
const repoRoot = path.resolve(__dirname, '../../..');
const corpusDir = process.env.DOCKERFILE_LENS_CORPUS ?? path.resolve(repoRoot, '../shared/corpus');

/** Go's strings.TrimSpace (unicode.IsSpace). */
function goTrimSpace(s: string): string {
  return s.replace(/^[\t\n\v\f\r \u0085\u00a0\p{White_Space}]+|[\t\n\v\f\r \u0085\u00a0\p{White_Space}]+$/gu, '');
}

/** Lines as bufio.Scanner gives them: split on \n, a trailing \r dropped, no empty last line. */
function readLines(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (text.endsWith('\n')) lines.pop();
  return lines;
}

/** BuildKit's EnvsFromSlice: "k=v" (or "k"), later keys win. */
function envsFromSlice(list: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of list) {
    const i = e.indexOf('=');
    if (i < 0) m.set(e, '');
    else m.set(e.slice(0, i), e.slice(i + 1));
  }
  return m;
}

const asFunction = (m: ReadonlyMap<string, string>): Env => (name: string) => m.get(name);
const EMPTY: Env = new Map();

function throwsShell(fn: () => unknown, reason?: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ShellError, `expected a ShellError, got ${String(e)}`);
    if (typeof reason === 'string') assert.strictEqual(e.reason, reason);
    else if (reason) assert.match(e.reason, reason);
    return true;
  });
}

describe('shell: BuildKit envVarTest', () => {
  const file = path.join(corpusDir, 'buildkit-shell/envVarTest');
  it('corpus file exists', () => assert.ok(fs.existsSync(file), `missing ${file} (set DOCKERFILE_LENS_CORPUS)`));
  if (!fs.existsSync(file)) return;

  const env = new Map([
    ['PWD', '/home'],
    ['SHELL', 'bash'],
    ['KOREAN', '한국어'],
    ['NULL', ''],
  ]);
  const lex = new ShellLex({ escapeToken: '\\' });
  readLines(file).forEach((raw, idx) => {
    const lineNo = idx + 1;
    if (raw.startsWith('#')) return;
    const line = goTrimSpace(raw);
    if (line === '') return;
    const fields = line.split('|');
    if (fields.length !== 3) {
      it(`envVarTest:${lineNo} is well formed`, () => assert.fail(`expected 3 fields: ${JSON.stringify(raw)}`));
      return;
    }
    const [platform, source, expected] = fields.map(goTrimSpace);
    const title = `envVarTest:${lineNo} [${platform}] ${source} -> ${expected === '' ? '""' : expected}`;
    if (platform === 'W') {
      it.skip(`${title} (Windows only)`);
      return;
    }
    if (platform !== 'A' && platform !== 'U') {
      it(title, () => assert.fail(`invalid platform tag ${platform}`));
      return;
    }
    it(title, () => {
      for (const e of [env, asFunction(env)]) {
        if (expected === 'error') throwsShell(() => lex.processWord(source, e));
        else assert.strictEqual(lex.processWord(source, e).result, expected);
      }
    });
  });
});

describe('shell: BuildKit wordsTest', () => {
  const file = path.join(corpusDir, 'buildkit-shell/wordsTest');
  it('corpus file exists', () => assert.ok(fs.existsSync(file), `missing ${file} (set DOCKERFILE_LENS_CORPUS)`));
  if (!fs.existsSync(file)) return;

  const lex = new ShellLex({ escapeToken: '\\' });
  const envs: string[] = [];
  readLines(file).forEach((line, idx) => {
    const lineNo = idx + 1;
    if (line.startsWith('#')) return;
    if (line.startsWith('ENV ')) {
      envs.push(line.slice(3).replace(/^ +/, ''));
      return;
    }
    if (line.trim() === '') return;
    const fields = line.split('|');
    if (fields.length !== 2) {
      it(`wordsTest:${lineNo} is well formed`, () => assert.fail(`expected exactly one |: ${JSON.stringify(line)}`));
      return;
    }
    const input = goTrimSpace(fields[0]);
    const expected = fields[1].replace(/^ +/, '').split(',');
    const env = envsFromSlice(envs);
    it(`wordsTest:${lineNo} ${input} -> ${JSON.stringify(expected)}`, () => {
      for (const e of [env, asFunction(env)]) {
        let result: string[];
        try {
          result = lex.processWords(input, e);
        } catch (err) {
          assert.ok(err instanceof ShellError, String(err));
          result = ['error'];
        }
        assert.deepStrictEqual(result, expected);
      }
    });
  });
});

describe('shell: ProcessWordWithMatches (upstream lex_test.go cases)', () => {
  const lex = new ShellLex();
  type Case = { input: string; env: Record<string, string>; expected?: string; err?: boolean; matched?: string[]; unmatched?: string[] };
  const cases: Case[] = [
    { input: 'x', env: { DUMMY: 'dummy' }, expected: 'x' },
    { input: 'x ${UNUSED}', env: { DUMMY: 'dummy' }, expected: 'x ', unmatched: ['UNUSED'] },
    { input: 'x ${FOO}', env: { FOO: 'y' }, expected: 'x y', matched: ['FOO'] },
    { input: '${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}', env: { FOO: 'xxx', BAR: '' }, expected: 'xxx  ccc', matched: ['FOO', 'BAR'], unmatched: ['BAZ'] },
    { input: '${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}', env: { FOO: 'xxx', BAR: '' }, expected: 'xxx bbb ccc', matched: ['FOO', 'BAR'], unmatched: ['BAZ'] },
    { input: '${FOO:-}', env: { FOO: 'xxx', BAR: '' }, expected: 'xxx', matched: ['FOO'] },
    { input: '${FOO:-}', env: {}, expected: '', unmatched: ['FOO'] },
    { input: '${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}', env: { FOO: 'xxx', BAR: '' }, expected: 'aaa bbb ', matched: ['FOO', 'BAR'], unmatched: ['BAZ'] },
    { input: '${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}', env: { FOO: 'xxx', BAR: '' }, expected: 'aaa  ', matched: ['FOO', 'BAR'], unmatched: ['BAZ'] },
    { input: '${FOO?aaa}', env: { FOO: 'xxx', BAR: '' }, expected: 'xxx', matched: ['FOO'] },
    { input: '${BAR?bbb}', env: { FOO: 'xxx', BAR: '' }, expected: '', matched: ['BAR'] },
    { input: '${BAZ?ccc}', env: { FOO: 'xxx', BAR: '' }, err: true },
    { input: '${FOO:?aaa}', env: { FOO: 'xxx', BAR: '' }, expected: 'xxx', matched: ['FOO'] },
    { input: '${BAR:?bbb}', env: { FOO: 'xxx', BAR: '' }, err: true },
    { input: '${BAZ:?ccc}', env: { FOO: 'xxx', BAR: '' }, err: true },
    { input: '${BAZ:?}', env: { FOO: 'xxx', BAR: '' }, err: true },
    { input: '${FOO=aaa}', env: { FOO: 'xxx', BAR: '' }, err: true },
    { input: '${FOO=:aaa}', env: { FOO: 'xxx', BAR: '' }, err: true },
    { input: '${FOO=}', env: {}, err: true },
    { input: '${FOO#()[]{\\}^$.\\*\\?|\\\\}', env: { FOO: '()[]{}^$.*?|\\x' }, expected: 'x', matched: ['FOO'] },
    { input: '${FOO%%\\**}', env: { FOO: 'xx**' }, expected: 'xx', matched: ['FOO'] },
    { input: '${FOO#*x*y}', env: { FOO: 'xxyy' }, expected: 'y', matched: ['FOO'] },
    { input: '${FOO#*}', env: { FOO: 'xxyy' }, expected: 'xxyy', matched: ['FOO'] },
    { input: '${FOO#$BAR}', env: { FOO: 'xxyy', BAR: 'x' }, expected: 'xyy', matched: ['FOO', 'BAR'] },
    { input: '${FOO#$BAR}', env: { FOO: 'xxyy', BAR: '' }, expected: 'xxyy', matched: ['FOO', 'BAR'] },
    { input: '${FOO#}', env: { FOO: 'xxyy' }, expected: 'xxyy', matched: ['FOO'] },
    { input: '${FOO##*x}', env: { FOO: 'xxyy' }, expected: 'yy', matched: ['FOO'] },
    { input: '${FOO##}', env: { FOO: 'xxyy' }, expected: 'xxyy', matched: ['FOO'] },
    { input: '${FOO#?\\?}', env: { FOO: '???y' }, expected: '?y', matched: ['FOO'] },
    { input: '${ABC:-.}${FOO%x}${ABC:-.}', env: { FOO: 'xxyy' }, expected: '.xxyy.', matched: ['FOO'], unmatched: ['ABC'] },
    { input: '${FOO%%\\**\\*}', env: { FOO: 'a***yy*' }, expected: 'a', matched: ['FOO'] },
    { input: '${FOO%}', env: { FOO: 'xxyy' }, expected: 'xxyy', matched: ['FOO'] },
    { input: '${FOO%%$BAR}', env: { FOO: 'xxyy', BAR: '' }, expected: 'xxyy', matched: ['FOO', 'BAR'] },
    { input: '${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}', env: { FOO: '/foo*/*/*.txt', NEEDLE: '\\*/' }, expected: '/foo.*/*.txt - /foo..*.txt', matched: ['FOO', 'NEEDLE'] },
    { input: '${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}', env: { FOO: '/tmp/tmp/bar.txt', NEEDLE: '/tmp' }, expected: '/tmp/bar.txt - /bar.txt', matched: ['FOO', 'NEEDLE'] },
    {
      input: '${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}',
      env: { FOO: '/a/foo/b/c.txt', NEEDLE: '/?/', REPLACEMENT: '/' },
      expected: '/foo/b/c.txt - /foo/c.txt',
      matched: ['FOO', 'NEEDLE', 'REPLACEMENT'],
    },
    {
      input: '${FOO/$NEEDLE/$REPLACEMENT}',
      env: { FOO: 'http://google.de', NEEDLE: 'http://', REPLACEMENT: 'https://' },
      expected: 'https://google.de',
      matched: ['FOO', 'NEEDLE', 'REPLACEMENT'],
    },
    { input: '${FOO//\\//\\/}', env: { FOO: '/tmp/foo.txt' }, expected: '\\/tmp\\/foo.txt', matched: ['FOO'] },
    { input: '${FOO/$BAR/ww}', env: { FOO: 'xxyy', BAR: '' }, expected: 'wwxxyy', matched: ['FOO', 'BAR'] },
    { input: '${FOO//ww}', env: { FOO: 'xxyy' }, err: true },
    { input: '${FOO//}', env: { FOO: 'xxyy' }, err: true },
    { input: '${FOO///}', env: { FOO: 'xxyy' }, expected: 'xxyy', matched: ['FOO'] },
    { input: '${FOO///}', env: {}, expected: '', unmatched: ['FOO'] },
  ];
  for (const c of cases) {
    it(`${c.input} with ${JSON.stringify(c.env)}`, () => {
      const env = new Map(Object.entries(c.env));
      if (c.err) {
        throwsShell(() => lex.processWord(c.input, env));
        return;
      }
      const r = lex.processWord(c.input, env);
      assert.strictEqual(r.result, c.expected);
      assert.deepStrictEqual([...r.matched].sort(), (c.matched ?? []).sort());
      assert.deepStrictEqual([...r.unmatched].sort(), (c.unmatched ?? []).sort());
    });
  }

  it('TARGETVARIANT release name (TestProcessWithMatchesPlatform)', () => {
    const release = 'something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz';
    const base = { VERSION: 'v1.2.3', TARGETOS: 'linux' };
    const w = (e: Record<string, string>) => lex.processWord(release, new Map(Object.entries(e))).result;
    assert.strictEqual(w({ ...base, TARGETARCH: 'arm', TARGETVARIANT: 'v7' }), 'something-v1.2.3.linux-arm-v7.tar.gz');
    assert.strictEqual(w({ ...base, TARGETARCH: 'arm64', TARGETVARIANT: '' }), 'something-v1.2.3.linux-arm64.tar.gz');
    assert.strictEqual(w({ ...base, TARGETARCH: 'arm64' }), 'something-v1.2.3.linux-arm64.tar.gz');
  });

  it('mandatory variables ${VAR?msg} / ${VAR:?msg} (TestShellParserMandatoryEnvVars)', () => {
    const set = envsFromSlice(['VAR=plain', 'ARG=x']);
    const empty = envsFromSlice(['VAR=', 'ARG=x']);
    const unset = envsFromSlice(['ARG=x']);
    const noEmpty = '${VAR:?message here$ARG}';
    const noUnset = '${VAR?message here$ARG}';
    assert.strictEqual(lex.processWord(noEmpty, set).result, 'plain');
    throwsShell(() => lex.processWord(noEmpty, empty), 'VAR: message herex');
    throwsShell(() => lex.processWord(noEmpty, unset), 'VAR: message herex');
    assert.strictEqual(lex.processWord(noUnset, set).result, 'plain');
    assert.strictEqual(lex.processWord(noUnset, empty).result, '');
    throwsShell(() => lex.processWord(noUnset, unset), 'VAR: message herex');
    throwsShell(() => lex.processWord('${VAR:?}', empty), 'VAR: is not allowed to be empty');
    throwsShell(() => lex.processWord('${VAR?}', unset), 'VAR: is not allowed to be unset');
  });
});

describe('shell: expansion details', () => {
  const lex = new ShellLex();

  it('error messages are BuildKit\'s', () => {
    assert.throws(
      () => lex.processWord('he${PWD', EMPTY),
      (e: unknown) => e instanceof ShellError && e.message === 'failed to process "he${PWD": unsupported modifier (\ufffd) in substitution',
    );
    throwsShell(() => lex.processWord('${}', EMPTY), 'syntax error: bad substitution');
    throwsShell(() => lex.processWord('${', EMPTY), "syntax error: missing '}'");
    throwsShell(() => lex.processWord('${a:-b', EMPTY), "syntax error: missing '}'");
    throwsShell(() => lex.processWord('${a:-${b:-"c}', EMPTY), "syntax error: missing '}'");
    throwsShell(() => lex.processWord('${a/b', EMPTY), "syntax error: missing '/' in ${}");
    // the outermost ${} decides: here it is reading its replacement
    throwsShell(() => lex.processWord('${a/b/${c/d', EMPTY), "syntax error: missing '}'");
    throwsShell(() => lex.processWord('${a/${c:-d', EMPTY), "syntax error: missing '/' in ${}");
    throwsShell(() => lex.processWord('"abc', EMPTY), 'unexpected end of statement while looking for matching double-quote');
    throwsShell(() => lex.processWord("'abc", EMPTY), 'unexpected end of statement while looking for matching single-quote');
    throwsShell(() => lex.processWord('${a:=b}', EMPTY), 'unsupported modifier (:=) in substitution');
    throwsShell(() => lex.processWord('${a:#b}', EMPTY), 'unsupported modifier (:#) in substitution');
    throwsShell(() => lex.processWord('${a:%b}', EMPTY), 'unsupported modifier (:%) in substitution');
    throwsShell(() => lex.processWord('${a#\\x}', EMPTY), "invalid pattern (\\x) in substitution: invalid escape '\\x'");
    // trimSuffix reverses the pattern before compiling it, and says so.
    throwsShell(() => lex.processWord('${a%ab\\x}', EMPTY), "invalid pattern (\\xba) in substitution: invalid escape '\\x'");
    throwsShell(() => lex.processWord('${a/\\x/y}', EMPTY), "invalid pattern (\\x) in substitution: invalid escape '\\x'");
    assert.throws(() => lex.processWord('a\tb\u00a0"', EMPTY), (e: unknown) => e instanceof ShellError && e.message.startsWith('failed to process "a\\tb\\u00a0\\"": '));
  });

  it('names: letters, digits and _, positional and special parameters', () => {
    const env = new Map([
      ['한국어', 'k'],
      ['a_1', 'A'],
      ['0', 'zero'],
      ['@', 'at'],
    ]);
    assert.strictEqual(lex.processWord('$한국어-$a_1.$0x$@@', env).result, 'k-A.zeroxat@');
    assert.strictEqual(lex.processWord('${a_1}${0}', env).result, 'Azero');
  });

  it('lookups are case-sensitive (Unix)', () => {
    const r = lex.processWord('$pwd|$PWD', new Map([['PWD', '/home']]));
    assert.strictEqual(r.result, '|/home');
    assert.deepStrictEqual([...r.unmatched], ['pwd']);
  });

  it('patterns: shortest and longest, prefix and suffix', () => {
    const env = new Map([['F', 'a/b/c.tar.gz']]);
    const w = (s: string) => lex.processWord(s, env).result;
    assert.strictEqual(w('${F#*/}'), 'b/c.tar.gz');
    assert.strictEqual(w('${F##*/}'), 'c.tar.gz');
    assert.strictEqual(w('${F%.*}'), 'a/b/c.tar');
    assert.strictEqual(w('${F%%.*}'), 'a/b/c');
    assert.strictEqual(w('${F%/*}'), 'a/b');
    assert.strictEqual(w('${F/?/X}'), 'X/b/c.tar.gz');
    assert.strictEqual(w('${F//[/X}'), 'a/b/c.tar.gz');
    assert.strictEqual(w('${F//./-}'), 'a/b/c-tar-gz');
    assert.strictEqual(w('${F//b*r/-}'), 'a/-.gz');
  });

  it('patterns: * and ? do not match a newline (RE2 ".")', () => {
    const env = new Map([['F', 'ab\ncd']]);
    const w = (s: string) => lex.processWord(s, env).result;
    assert.strictEqual(w('${F##*}'), '\ncd');
    assert.strictEqual(w('${F#a?}'), '\ncd');
    assert.strictEqual(w('${F#ab?}'), 'ab\ncd');
    assert.strictEqual(w('${F%%*}'), 'ab\n');
    assert.strictEqual(w('${F//*/x}'), 'x\nx');
  });

  it('${VAR//p/r} expands $0 / ${name} in the replacement like Go ReplaceAllString', () => {
    const env = new Map([
      ['F', 'abcabc'],
      ['R', '[$0]'],
      ['S', '<${0}|$x|$$|${x|$>'],
    ]);
    assert.strictEqual(lex.processWord('${F//b/$R}', env).result, 'a[b]ca[b]c');
    assert.strictEqual(lex.processWord('${F//b/$S}', env).result, 'a<b||$|${x|$>ca<b||$|${x|$>c');
    // a single replacement is literal
    assert.strictEqual(lex.processWord('${F/b/$R}', env).result, 'a[$0]cabc');
    // a '$' reaching the replacement through escapes or quotes is expanded too
    const f = new Map([['F', 'abc']]);
    assert.strictEqual(lex.processWord('${F//b/\\$0}', f).result, 'a\\bc');
    assert.strictEqual(lex.processWord("${F//b/'<$0>'}", f).result, 'a<b>c');
    assert.strictEqual(lex.processWord('${F//b/"\\$0"}', f).result, 'a\\bc');
    assert.strictEqual(lex.processWord('${F//b/$$}', f).result, 'ac');
    assert.strictEqual(lex.processWord('${F/b/\\$0}', f).result, 'a\\$0c');
    // empty matches: Go replaces at every position but right after a match
    assert.strictEqual(lex.processWord('${F//*/-}', new Map([['F', 'ab']])).result, '-');
    assert.strictEqual(lex.processWord('${F//?*/-}', new Map([['F', '']])).result, '');
    assert.strictEqual(lex.processWord('${F///-}', new Map([['F', 'ab']])).result, '-a-b-');
  });

  it('an escape at the end of the word is dropped; inside ${} it is an error', () => {
    assert.strictEqual(lex.processWord('abc\\', EMPTY).result, 'abc');
    throwsShell(() => lex.processWord('${a:-b\\', EMPTY));
  });

  it('backtick escape token', () => {
    const bt = new ShellLex({ escapeToken: '`' });
    const env = new Map([['A', 'x']]);
    assert.strictEqual(bt.processWord('C:\\a`$A$A', env).result, 'C:\\a$Ax');
    assert.strictEqual(bt.processWord('"`"q`$A\\$A"', env).result, '"q$A\\x');
    assert.deepStrictEqual(bt.processWords('a` b c', env), ['a b', 'c']);
  });

  it('a leading byte order mark is skipped (Go text/scanner)', () => {
    assert.strictEqual(lex.processWord('\ufeffab\ufeff', EMPTY).result, 'ab\ufeff');
  });

  it('words: variables split, quotes and escapes do not, << keeps its blanks', () => {
    const env = new Map([
      ['A', ' x  y '],
      ['E', ''],
    ]);
    assert.deepStrictEqual(lex.processWords('a$A"$A"b', env), ['a', 'x', 'y', ' x  y b']);
    assert.deepStrictEqual(lex.processWords("'' \"\" $E x", env), ['x']);
    assert.deepStrictEqual(lex.processWords('a\u3000b\u00a0c', env), ['a', 'b', 'c']);
    assert.deepStrictEqual(lex.processWords('cat << \t EOF <x', env), ['cat', '<< \t EOF', '<x']);
    // nested modifier words do not disturb the word being built
    assert.deepStrictEqual(lex.processWords('a${X:-b}c d', env), ['abc', 'd']);
  });
});

describe('shell: patterns agree with an RE2-style regular expression reference', () => {
  // Reference: upstream's convertShellPatternToRegex / trimPrefix / trimSuffix /
  // ReplaceAllString, run with JavaScript regular expressions (backtracking,
  // leftmost-first like RE2; fine on these tiny inputs). '.' is [^\n] as in RE2.
  function toRegex(pattern: string, greedy: boolean, anchored: boolean): RegExp {
    const runes = Array.from(pattern);
    let out = anchored ? '^' : '';
    for (let i = 0; i < runes.length; i++) {
      const t = runes[i];
      if (t === '*') out += greedy ? '[^\\n]*' : '[^\\n]*?';
      else if (t === '?') out += '[^\\n]';
      else if (t === '\\') {
        const p = runes[i + 1];
        if (p === '}' || p === '/') continue;
        i++;
        if (p !== '*' && p !== '?' && p !== '\\') throw new Error('invalid escape');
        out += '\\' + p;
      } else out += /[[\]{}.+()|^$]/.test(t) ? '\\' + t : t;
    }
    return new RegExp(out, 'u');
  }
  const reversePattern = (pattern: string) => {
    const r = Array.from(pattern);
    const out: string[] = new Array(r.length);
    const last = r.length - 1;
    for (let i = 0; i <= last; ) {
      if (r[i] === '\\' && i !== last) {
        out[last - i - 1] = r[i];
        out[last - i] = r[i + 1];
        i += 2;
      } else {
        out[last - i] = r[i];
        i++;
      }
    }
    return out.join('');
  };
  const rev = (x: string) => Array.from(x).reverse().join('');
  const trimPrefix = (p: string, v: string, greedy: boolean) => {
    const m = toRegex(p, greedy, true).exec(v);
    return m ? v.slice(m.index + m[0].length) : v;
  };
  const trimSuffix = (p: string, v: string, greedy: boolean) => rev(trimPrefix(reversePattern(p), rev(v), greedy));
  const replaceFirst = (p: string, v: string, r: string) => {
    const m = toRegex(p, true, false).exec(v);
    return m ? v.slice(0, m.index) + r + v.slice(m.index + m[0].length) : v;
  };
  const replaceAll = (p: string, src: string, r: string) => {
    const re = new RegExp(toRegex(p, true, false).source, 'gu');
    let out = '';
    let last = 0;
    let pos = 0;
    while (pos <= src.length) {
      re.lastIndex = pos;
      const m = re.exec(src);
      if (!m) break;
      const a0 = m.index;
      const a1 = m.index + m[0].length;
      out += src.slice(last, a0);
      if (a1 > last || a0 === 0) out += r;
      last = a1;
      const w = pos < src.length ? (src.codePointAt(pos)! > 0xffff ? 2 : 1) : 0;
      if (pos + w > a1) pos += w;
      else if (pos + 1 > a1) pos++;
      else pos = a1;
    }
    return out + src.slice(last);
  };

  it('random patterns and values', () => {
    const patAlphabet = ['a', 'b', '*', '?', '\\*', '\\?', '\\\\', '.', '\n', '😀', '(', '['];
    const valAlphabet = ['a', 'b', '*', '?', '\\', '.', '\n', '😀', '(', '['];
    let seed = 987654;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const lex = new ShellLex();
    let checked = 0;
    for (let i = 0; i < 6000; i++) {
      let pat = '';
      for (let j = rnd(6); j > 0; j--) pat += patAlphabet[rnd(patAlphabet.length)];
      let value = '';
      for (let j = rnd(9); j > 0; j--) value += valAlphabet[rnd(valAlphabet.length)];
      const env = new Map([['V', value]]);
      const ctx = `pattern ${JSON.stringify(pat)} value ${JSON.stringify(value)}`;
      const cases: [string, () => string][] = [
        ['${V#' + pat + '}', () => trimPrefix(pat, value, false)],
        ['${V##' + pat + '}', () => trimPrefix(pat, value, true)],
        ['${V%' + pat + '}', () => trimSuffix(pat, value, false)],
        ['${V%%' + pat + '}', () => trimSuffix(pat, value, true)],
        ['${V/' + pat + '/<>}', () => replaceFirst(pat, value, '<>')],
        ['${V//' + pat + '/<>}', () => replaceAll(pat, value, '<>')],
      ];
      for (const [word, ref] of cases) {
        // '#'/'%' patterns that start with the operator are the greedy form: skip the ambiguity
        if ((word.startsWith('${V#') || word.startsWith('${V%')) && (pat.startsWith('#') || pat.startsWith('%'))) continue;
        // an empty pattern in ${V/p/r} reads as ${V//...}
        if (word.startsWith('${V/') && pat === '') continue;
        let expected: string | Error;
        try {
          expected = ref();
        } catch (e) {
          expected = e as Error;
        }
        if (expected instanceof Error) throwsShell(() => lex.processWord(word, env), /invalid pattern/);
        else assert.strictEqual(lex.processWord(word, env).result, expected, `${word} / ${ctx}`);
        checked++;
      }
    }
    assert.ok(checked > 30000);
  });
});

describe('shell: options used by heredoc detection and ExpandRaw', () => {
  // BuildKit heredocsFromLine: NewLex('\\') with RawQuotes, RawEscapes, SkipUnsetEnv.
  const lineLex = new ShellLex({ escapeToken: '\\', rawQuotes: true, rawEscapes: true, skipUnsetEnv: true });

  it('rawQuotes keeps quotes, rawEscapes keeps escapes, skipUnsetEnv keeps unset references', () => {
    assert.deepStrictEqual(lineLex.processWords(`RUN <<'EOF' <<"E F" <<\\E\\OF`, EMPTY), ['RUN', "<<'EOF'", '<<"E F"', '<<\\E\\OF']);
    assert.deepStrictEqual(lineLex.processWords('COPY <<$EOF <<${X:-y} ${Y//a/b} $1', EMPTY), ['COPY', '<<$EOF', '<<${X:-y}', '${Y/a/b}', '$1']);
    assert.strictEqual(lineLex.processWord('"a\\"b\\c" \\$X', EMPTY).result, '"a\\"b\\\\c" \\$X');
    // # and % read their pattern with raw escapes; -, +, ? read their word without (as upstream)
    assert.strictEqual(lineLex.processWord('${X#\\*}${X:-\\*}', EMPTY).result, '${X#\\*}${X:-*}');
    const env = new Map([['X', 'v']]);
    assert.strictEqual(lineLex.processWord('$X${X}${X:-d}${Y}', env).result, 'vvv${Y}');
  });

  it('rawQuotes alone', () => {
    const l = new ShellLex({ rawQuotes: true });
    assert.strictEqual(l.processWord(`'a'"b\\"c"`, EMPTY).result, `'a'"b"c"`);
    assert.deepStrictEqual(l.processWords(`x'a b' y`, EMPTY), [`x'a b'`, 'y']);
  });

  it('rawEscapes alone', () => {
    const l = new ShellLex({ rawEscapes: true });
    assert.strictEqual(l.processWord('a\\ b\\$c', EMPTY).result, 'a\\ b\\$c');
    assert.deepStrictEqual(l.processWords('a\\ b c', EMPTY), ['a\\ b', 'c']);
    // the modifier words of ${X-w} are processed with raw escapes off, as upstream
    assert.strictEqual(l.processWord('${X-\\a}', EMPTY).result, 'a');
  });

  it('skipUnsetEnv alone', () => {
    const l = new ShellLex({ skipUnsetEnv: true });
    const env = new Map([['S', 's']]);
    assert.strictEqual(l.processWord('$U ${U} ${U:-$S} ${U?x} ${U%%*} $S', env).result, '$U ${U} ${U:-s} ${U?x} ${U%%*} s');
    throwsShell(() => l.processWord('${S:=x}', env), 'unsupported modifier (:=) in substitution');
    assert.strictEqual(l.processWord('${U:=x}', env).result, '${U:=x}');
  });

  it('skipProcessQuotes (heredoc bodies, ExpandRaw)', () => {
    const l = new ShellLex({ skipProcessQuotes: true });
    const env = new Map([['A', 'x']]);
    assert.strictEqual(l.processWord(`echo '$A' "$A" \\$A`, env).result, `echo 'x' "x" $A`);
    assert.deepStrictEqual(l.processWords(`'a b'`, env), [`'a`, `b'`]);
  });

  // heredoc-words.json itself is checked through the parser's heredoc module in
  // conformance.test.ts; here only the lexer's part: `<<`, `<<-` keep their blanks.
  it('the lexer keeps the blanks after << and <<- in the heredoc word', () => {
    const lineLex = new ShellLex({ rawQuotes: true, rawEscapes: true, skipUnsetEnv: true });
    assert.deepStrictEqual(lineLex.processWords('RUN <<  EOF', EMPTY), ['RUN', '<<  EOF']);
    assert.deepStrictEqual(lineLex.processWords('RUN << -EOF', EMPTY), ['RUN', '<< -EOF']);
    assert.deepStrictEqual(lineLex.processWords('RUN <<- EOF', EMPTY), ['RUN', '<<- EOF']);
  });
  it('heredoc quoting decides expansion', () => {
    const parseHeredoc = (w: string) => {
      const h = parseHeredocWord(w);
      return h ? { name: h.name, expand: h.expand } : null;
    };
    assert.deepStrictEqual(parseHeredoc('<<eof'), { name: 'eof', expand: true });
    assert.deepStrictEqual(parseHeredoc("<<eo\\'f"), { name: "eo'f", expand: true });
    assert.deepStrictEqual(parseHeredoc("<<eo'f'"), { name: 'eof', expand: false });
    assert.deepStrictEqual(parseHeredoc("<<'e'o\\'f"), { name: "eo'f", expand: false });
    assert.deepStrictEqual(parseHeredoc("<<'one two'"), { name: 'one two', expand: false });
    assert.strictEqual(parseHeredoc('<<one two'), null);
  });
});

describe('shell: findVariableReferences', () => {
  const refs = (text: string, esc?: '\\' | '`') => findVariableReferences(text, esc);
  const names = (text: string, esc?: '\\' | '`') => refs(text, esc).map((r) => r.name);
  /** Every reference's offsets must point at its own text. */
  function checkOffsets(text: string, list: VariableReference[]): void {
    for (const r of list) {
      assert.strictEqual(text[r.start], '$');
      assert.strictEqual(text.slice(r.nameStart, r.nameEnd), r.name);
      if (r.braced) {
        assert.strictEqual(text[r.start + 1], '{');
        assert.strictEqual(text[r.end - 1], '}');
      } else assert.strictEqual(r.end, r.nameEnd);
      if (r.word) assert.strictEqual(text.slice(r.word.start, r.word.end), r.word.text);
      if (r.replacement) assert.strictEqual(text.slice(r.replacement.start, r.replacement.end), r.replacement.text);
    }
  }

  it('plain and braced references, exact offsets', () => {
    const text = 'a $FOO ${BAR}x';
    assert.deepStrictEqual(refs(text), [
      { name: 'FOO', start: 2, end: 6, nameStart: 3, nameEnd: 6, braced: false },
      { name: 'BAR', start: 7, end: 13, nameStart: 9, nameEnd: 12, braced: true },
    ]);
  });

  it('offsets are UTF-16 indices after non-ASCII text', () => {
    const text = '안녕 😀 é$KOREAN-${X}';
    const list = refs(text);
    assert.deepStrictEqual(list, [
      { name: 'KOREAN', start: 7, end: 14, nameStart: 8, nameEnd: 14, braced: false },
      { name: 'X', start: 15, end: 19, nameStart: 17, nameEnd: 18, braced: true },
    ]);
    checkOffsets(text, list);
    // non-ASCII names
    assert.deepStrictEqual(refs('😀$한국어'), [{ name: '한국어', start: 2, end: 6, nameStart: 3, nameEnd: 6, braced: false }]);
  });

  it('modifiers and their words, nested references', () => {
    const text = '${A:-$B}${C:+${D:-x}y}';
    const list = refs(text);
    checkOffsets(text, list);
    assert.deepStrictEqual(list, [
      { name: 'A', start: 0, end: 8, nameStart: 2, nameEnd: 3, braced: true, modifier: ':-', word: { text: '$B', start: 5, end: 7 } },
      { name: 'B', start: 5, end: 7, nameStart: 6, nameEnd: 7, braced: false },
      { name: 'C', start: 8, end: 22, nameStart: 10, nameEnd: 11, braced: true, modifier: ':+', word: { text: '${D:-x}y', start: 13, end: 21 } },
      { name: 'D', start: 13, end: 20, nameStart: 15, nameEnd: 16, braced: true, modifier: ':-', word: { text: 'x', start: 18, end: 19 } },
    ]);
  });

  it('every modifier', () => {
    const mods = (text: string) => refs(text).map((r) => [r.modifier, r.word?.text, r.replacement?.text]);
    assert.deepStrictEqual(mods('${A-a}${A+b}${A?c}${A:?}'), [
      ['-', 'a', undefined],
      ['+', 'b', undefined],
      ['?', 'c', undefined],
      [':?', '', undefined],
    ]);
    assert.deepStrictEqual(mods('${A#a}${A##*/}${A%b}${A%%.*}${A#}'), [
      ['#', 'a', undefined],
      ['##', '*/', undefined],
      ['%', 'b', undefined],
      ['%%', '.*', undefined],
      ['#', '', undefined],
    ]);
    assert.deepStrictEqual(mods('${A/x/y}${A//\\/x/$B}'), [
      ['/', 'x', 'y'],
      ['//', '\\/x', '$B'],
      [undefined, undefined, undefined],
    ]);
    const text = '${A//\\/x/$B}';
    const list = refs(text);
    checkOffsets(text, list);
    assert.deepStrictEqual(list[0].word, { text: '\\/x', start: 5, end: 8 });
    assert.deepStrictEqual(list[0].replacement, { text: '$B', start: 9, end: 11 });
  });

  it('single quotes hide references, double quotes do not', () => {
    assert.deepStrictEqual(names('\'$A\' "$B" \'${C}\'"\'$D\'" $E'), ['B', 'D', 'E']);
    assert.deepStrictEqual(names("${A:-'$B'}"), ['A']);
  });

  it('the escape character escapes $', () => {
    assert.deepStrictEqual(names('\\$A \\\\$B "\\$C" "\\\\$D" ${E:-\\$F}'), ['B', 'D', 'E']);
    const list = refs('x\\\\$B');
    assert.deepStrictEqual(list.map((r) => [r.start, r.end]), [[3, 5]]);
  });

  it('backtick escape token', () => {
    assert.deepStrictEqual(names('`$A \\$B C:\\$D ``$E', '`'), ['B', 'D', 'E']);
    assert.deepStrictEqual(names('`$A \\$B', '\\'), ['A']);
  });

  it('special and positional parameters, and what is not a reference', () => {
    assert.deepStrictEqual(names('$1 $@ $$ ${#} $0abc $12x'), ['1', '@', '$', '#', '0', '12']);
    assert.deepStrictEqual(names('$ $. $- ${+x} a$'), ['-']);
  });

  it('malformed references are skipped, valid ones kept, never throws', () => {
    assert.deepStrictEqual(names('${} $A ${{B}} $C'), ['A', 'C']);
    assert.deepStrictEqual(names('${A:=x} $B'), ['B']);
    assert.deepStrictEqual(names('${A:#x} $B'), ['B']);
    assert.deepStrictEqual(names('${.} $B'), ['B']);
    assert.deepStrictEqual(names('$A ${B'), ['A']);
    assert.deepStrictEqual(names('$A ${B:-$C'), ['A', 'C']);
    assert.deepStrictEqual(names('${B:-${}$C} $D'), ['C', 'D']);
    assert.deepStrictEqual(names('"$A ${} $B" $C'), ['A', 'B', 'C']);
    assert.deepStrictEqual(names('"$A'), ['A']);
    assert.deepStrictEqual(names("'$A"), []);
    assert.deepStrictEqual(names('${'), []);
    assert.deepStrictEqual(names(''), []);
  });

  it('a leading byte order mark is skipped like the lexer does', () => {
    assert.deepStrictEqual(refs('\ufeff$A'), [{ name: 'A', start: 1, end: 3, nameStart: 2, nameEnd: 3, braced: false }]);
  });
});

describe('shell: robustness', () => {
  const lex = new ShellLex();
  const lineLex = new ShellLex({ rawQuotes: true, rawEscapes: true, skipUnsetEnv: true });
  const env = new Map([
    ['A', 'a b*c'],
    ['B', ''],
    ['C', '\\'],
  ]);
  const MB = 1 << 20;

  function expectOnlyShellErrors(fn: () => unknown): void {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof ShellError)) throw e;
    }
  }

  function timed(label: string, fn: () => void, limitMs = 3000): void {
    const t0 = Date.now();
    fn();
    const ms = Date.now() - t0;
    assert.ok(ms < limitMs, `${label} took ${ms}ms`);
  }

  const big: [string, string][] = [
    ['$$$${{{{', '$$$${{{{'.repeat(MB / 8)],
    ['${', '${'.repeat(MB / 2)],
    ['${a:-', '${a:-'.repeat(MB / 5)],
    ['${a:-x}', '${a:-'.repeat(MB / 10) + 'x' + '}'.repeat(MB / 10)],
    ['${a#x', '${a#x'.repeat(MB / 5) + '}'.repeat(MB / 5)],
    ['${a/', '${a/'.repeat(MB / 4)],
    ['"\'', '"\'\\'.repeat(MB / 3)],
    ['"$a', '"$a'.repeat(MB / 3)],
    ['\\$', '\\$'.repeat(MB / 2)],
    ['plain', 'abc def '.repeat(MB / 8)],
    ['<<', '<< \t'.repeat(MB / 4)],
    ['quotes', "'x' \"y\" ".repeat(MB / 8)],
    ['surrogates', '\ud800$\udc00😀${'.repeat(MB / 7)],
  ];
  for (const [label, input] of big) {
    it(`1 MB of ${label} finishes fast in every entry point`, () => {
      timed(`processWord ${label}`, () => expectOnlyShellErrors(() => lex.processWord(input, env)));
      timed(`processWords ${label}`, () => expectOnlyShellErrors(() => lex.processWords(input, env)));
      timed(`processWords(raw) ${label}`, () => expectOnlyShellErrors(() => lineLex.processWords(input, env)));
      timed(`findVariableReferences ${label}`, () => {
        const list = findVariableReferences(input);
        assert.ok(Array.isArray(list));
      });
    });
  }

  it('deep nesting expands without overflowing the stack', () => {
    const depth = 200_000;
    const word = '${a:-x'.repeat(depth) + '}'.repeat(depth);
    assert.strictEqual(lex.processWord(word, EMPTY).result, 'x'.repeat(depth));
    assert.strictEqual(findVariableReferences(word).length, depth);
  });

  it('nested ${v//p/r} in its own replacement stays linear', () => {
    const depth = 100_000;
    const word = '${a///x'.repeat(depth) + '}'.repeat(depth);
    timed('nested replace all', () => assert.strictEqual(lex.processWord(word, EMPTY).result, 'x'.repeat(depth)));
  });

  it('patterns never backtrack catastrophically', () => {
    const value = 'a'.repeat(20_000);
    const big = new Map([['V', value]]);
    timed('many stars, no match', () => assert.strictEqual(lex.processWord('${V#' + '*a'.repeat(30) + 'b}', big).result, value));
    timed('many stars, suffix', () => assert.strictEqual(lex.processWord('${V%%' + 'a*'.repeat(30) + '}', big).result, ''));
    timed('replace all', () => assert.strictEqual(lex.processWord('${V//a/bb}', big).result.length, 40_000));
    timed('replace with stars', () => assert.strictEqual(lex.processWord('${V//*a*a*b/x}', big).result, value));
  });

  it('random inputs: only ShellError is thrown, references point at themselves', () => {
    const alphabet = ['$', '{', '}', ':', '-', '+', '?', '#', '%', '/', '*', "'", '"', '\\', '`', 'a', 'B', '_', '1', '@', ' ', '\n', '<', 'é', '😀', '\ud800', '=', '.'];
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const lexers = [
      lex,
      lineLex,
      new ShellLex({ escapeToken: '`' }),
      new ShellLex({ skipProcessQuotes: true, skipUnsetEnv: true }),
      new ShellLex({ rawEscapes: true }),
    ];
    const fenv: Env = (name) => (name === 'a' ? 'x*y' : name === 'B' ? '' : undefined);
    for (let i = 0; i < 4000; i++) {
      let s = '';
      const len = rnd(24);
      for (let j = 0; j < len; j++) s += alphabet[rnd(alphabet.length)];
      for (const l of lexers) {
        expectOnlyShellErrors(() => l.processWord(s, fenv));
        expectOnlyShellErrors(() => l.processWords(s, env));
      }
      for (const esc of ['\\', '`'] as const) {
        const list = findVariableReferences(s, esc);
        for (const r of list) {
          assert.strictEqual(s[r.start], '$', JSON.stringify(s));
          assert.strictEqual(s.slice(r.nameStart, r.nameEnd), r.name, JSON.stringify(s));
          assert.ok(r.name.length > 0 && r.end > r.start, JSON.stringify(s));
          if (r.braced) assert.strictEqual(s[r.end - 1], '}', JSON.stringify(s));
          if (r.word) assert.strictEqual(s.slice(r.word.start, r.word.end), r.word.text);
        }
        for (let k = 1; k < list.length; k++) assert.ok(list[k].start > list[k - 1].start);
      }
      // when expansion succeeds, every braced reference it used is found as well
      try {
        const r = lex.processWord(s, EMPTY);
        const found = new Set(findVariableReferences(s).map((x) => x.name));
        for (const n of r.unmatched) if (n !== '') assert.ok(found.has(n), `${n} not found in ${JSON.stringify(s)}`);
      } catch (e) {
        if (!(e instanceof ShellError)) throw e;
      }
    }
  });
});
