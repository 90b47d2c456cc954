/**
 * The TextMate grammar (syntaxes/dockerfile.tmLanguage.json) without a TextMate
 * engine: its Oniguruma regexes are turned into JavaScript ones (both dialects
 * agree on what the grammar uses, once `(?i:…)` is spelled out) to check that
 * they compile and that the heredoc rules find the same heredoc as the parser.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../server/src/parser';
import { corpus, listDirs, readCorpus, realDockerfiles, repoRoot } from '../helpers/corpus';

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  name?: string;
  contentName?: string;
  patterns?: Rule[];
  include?: string;
  beginCaptures?: Record<string, Rule>;
  captures?: Record<string, Rule>;
}
const grammar = JSON.parse(readFileSync(join(repoRoot, 'syntaxes/dockerfile.tmLanguage.json'), 'utf8')) as { scopeName: string; patterns: Rule[]; repository: Record<string, Rule> };

/** Oniguruma → JavaScript: `(?i:abc)` becomes `(?:[aA][bB][cC])`; `\G` (the end of the previous match) never matches here. */
function toJs(pattern: string): RegExp {
  let out = '';
  const caseless: number[] = []; // depths of the open (?i: groups
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1];
      out += next === 'G' ? '(?!)' : c + next;
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (pattern.startsWith('(?i:', i)) {
      caseless.push(++depth);
      out += '(?:';
      i += 3;
    } else if (c === '(') {
      depth++;
      out += c;
    } else if (c === ')') {
      if (caseless[caseless.length - 1] === depth) caseless.pop();
      depth--;
      out += c;
    } else if (caseless.length > 0 && /[a-z]/i.test(c)) {
      out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
    } else {
      out += c;
    }
  }
  return new RegExp(out);
}

/** What vscode-textmate does with `\N` in `end` / `while`: the begin capture, regex-escaped. */
function withBackReferences(pattern: string, captures: RegExpExecArray): RegExp {
  return toJs(pattern.replace(/\\(\d)/g, (_, n: string) => (captures[Number(n)] ?? '').replace(/[\-\\{}*+?|^$.,[\]()#\s]/g, '\\$&')));
}

function allRules(): Rule[] {
  const out: Rule[] = [];
  const walk = (r: Rule) => {
    out.push(r);
    for (const p of r.patterns ?? []) walk(p);
    for (const c of Object.values(r.beginCaptures ?? {})) walk(c);
    for (const c of Object.values(r.captures ?? {})) walk(c);
  };
  grammar.patterns.forEach(walk);
  Object.values(grammar.repository).forEach(walk);
  return out;
}

const heredocRules = grammar.repository.heredoc.patterns!;

/** The heredoc rule the grammar starts on `line`, with the word its `end` waits for. */
function grammarHeredoc(line: string): { rule: Rule; word: string; chomp: boolean; end: RegExp } | undefined {
  const hits = heredocRules.map((rule) => ({ rule, m: toJs(rule.begin!).exec(line) })).filter((h) => h.m);
  assert.ok(hits.length <= 1, `several heredoc rules match ${JSON.stringify(line)}`);
  if (hits.length === 0) return undefined;
  const { rule, m } = hits[0];
  return { rule, word: m![4], chomp: rule.end!.startsWith('^\\t*'), end: withBackReferences(rule.end!, m!) };
}

/** The parser's (BuildKit's) last heredoc on a one-line instruction. */
function parserHeredoc(line: string): { name: string; chomp: boolean } | undefined {
  const ast = parse(`FROM a\n${line}\n`);
  const ins = ast.instructions[1];
  const inner = ins?.details.kind === 'onbuild' ? ins.details.instruction : ins;
  const last = inner?.heredocs[inner.heredocs.length - 1];
  return last && { name: last.name, chomp: last.chomp };
}

describe('grammar: TextMate heredocs', () => {
  it('every regex compiles; the grammar is source.dockerfile and package.json points at it', () => {
    let n = 0;
    for (const r of allRules()) {
      for (const p of [r.match, r.begin, r.end, r.while]) {
        if (p === undefined) continue;
        assert.doesNotThrow(() => toJs(p.replace(/\\\d/g, 'x')), p);
        n++;
      }
    }
    assert.ok(n > 20, `${n} regexes`);
    assert.equal(grammar.scopeName, 'source.dockerfile');
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.grammars, [{ language: 'dockerfile', scopeName: 'source.dockerfile', path: './syntaxes/dockerfile.tmLanguage.json' }]);
  });

  it('RUN bodies are embedded shell, COPY/ADD bodies plain strings', () => {
    for (const [line, shell] of [['RUN <<EOF', true], ['run <<-EOF', true], ['ONBUILD RUN <<EOF', true], ['COPY <<EOF /x', false], ['add <<-EOF /x', false]] as const) {
      const h = grammarHeredoc(line)!;
      assert.ok(h, line);
      if (shell) {
        assert.deepEqual(h.rule.patterns, [{ include: '#heredoc-shell-body' }]);
        assert.deepEqual(grammar.repository['heredoc-shell-body'].patterns, [{ include: 'source.shell' }]);
      } else {
        assert.equal(h.rule.contentName, 'string.unquoted.heredoc.dockerfile');
        assert.equal(h.rule.patterns, undefined);
      }
    }
  });

  it('the heredoc rules find the same last heredoc word as the parser (BuildKit)', () => {
    const words = JSON.parse(readCorpus('buildkit-parser/extracted-from-go-tests/heredoc-words.json')) as { heredocs_from_line: Array<{ line: string }> };
    const lines = [
      ...words.heredocs_from_line.map((c) => c.line),
      'RUN <<EOF',
      'RUN <<-EOF',
      "RUN --mount=type=cache,target=/x <<-'EOT' bash -e",
      'RUN 3<<"EOF" cat <&3',
      'RUN cat <<A && cat <<-B',
      'RUN cat <<-A && cat <<B',
      'RUN python3 <<PY > /out.txt',
      'COPY --chmod=755 <<EOF /usr/local/bin/run.sh',
      'ADD <<one <<two /dir/',
      'ONBUILD RUN <<EOT',
      'onbuild copy <<EOF /x',
      'RUN <<END.OF-FILE',
      'RUN cat<<EOF',
      'RUN cat <<< "here string"',
      'RUN echo "<<EOF"',
      "RUN echo '<<EOF'",
      'RUN echo done',
      'CMD <<EOF',
      'COPY src dest',
    ];
    // and every one-line RUN/COPY/ADD instruction of the real Dockerfiles and BuildKit's parser cases
    const texts = realDockerfiles().map(([, text]) => text);
    for (const dir of ['testfiles', 'extracted-from-go-tests']) {
      for (const name of listDirs(corpus('buildkit-parser', dir))) texts.push(readCorpus('buildkit-parser', dir, name, 'Dockerfile'));
    }
    for (const text of texts) {
      for (const l of text.split(/\r?\n/)) if (/^\s*(RUN|COPY|ADD)\s/i.test(l) && !l.trimEnd().endsWith('\\')) lines.push(l);
    }
    let heredocs = 0;
    for (const line of lines) {
      // a partly quoted or escaped word (`<<EO"F"`, named EOF) is beyond TextMate: `end` can only repeat the text as written
      const exotic = line.split(/\s+/).some((w) => /^\d*<<(?!<)/.test(w) && /["'\\]/.test(w) && !/^\d*<<-?(["'])[^"'\\]+\1$/.test(w));
      if (exotic) continue;
      const expected = parserHeredoc(line);
      const got = grammarHeredoc(line);
      assert.deepEqual(got && { name: got.word, chomp: got.chomp }, /^\s*(?:onbuild\s+)?(RUN|COPY|ADD)\s/i.test(line) ? expected : undefined, line);
      if (got) heredocs++;
    }
    assert.ok(heredocs >= 20, `${heredocs} heredocs`);
    assert.ok(lines.length > 100, `${lines.length} lines`);
  });

  it('the end waits for the exact word: leading tabs only with <<-, special characters taken literally', () => {
    const plain = grammarHeredoc('RUN <<EOF')!;
    assert.ok(plain.end.test('EOF'));
    for (const no of ['\tEOF', ' EOF', 'EOF ', 'EOFX', 'eof', 'echo EOF']) assert.ok(!plain.end.test(no), no);
    const chomp = grammarHeredoc('RUN <<-"EOF" bash')!;
    for (const yes of ['EOF', '\tEOF', '\t\t\tEOF']) assert.ok(chomp.end.test(yes), yes);
    assert.ok(!chomp.end.test('  EOF'));
    const dotted = grammarHeredoc('COPY <<E.O+F /x')!;
    assert.ok(dotted.end.test('E.O+F'));
    assert.ok(!dotted.end.test('EXOOF'));
  });

  it('the embedded shell stops at any single-word line, so the terminator is always seen', () => {
    const body = grammar.repository['heredoc-shell-body'];
    const cont = toJs(body.while!);
    for (const line of ['echo "unclosed', 'if true; then', '  make install', '', 'a b']) assert.ok(cont.test(line), line);
    for (const line of ['EOF', '\tEOF', 'fi', 'X2']) assert.ok(!cont.test(line), line);
  });

  it('heredoc markers on the instruction line', () => {
    const marker = new RegExp(toJs(grammar.repository['heredoc-marker'].match!).source, 'g');
    const line = 'RUN 3<<-"EOF" cat && cat <<X2 && echo a<<b "<<c" <<<here';
    assert.deepEqual(line.match(marker), ['3<<-"EOF"', '<<X2']);
  });
});
