/**
 * No catastrophic backtracking: every regular expression in the language server
 * (regex literals, `new RegExp('…')` / `RegExp('…')` with a literal pattern, and
 * string literals given to `match` / `matchAll` / `search` in server/src),
 * checked with recheck (https://makenowjust-labs.github.io/recheck/), which
 * reports a pattern as vulnerable when some input makes matching take
 * super-linear time. A line can be 64 KiB long, so a quadratic pattern is a
 * multi-second hang in the editor.
 *
 * Rejected: status `vulnerable`, whether the complexity is `polynomial` (e.g.
 * `/[ \t]+$/`, quadratic on a long run of tabs) or `exponential`, and status
 * `unknown` (recheck could not decide: timeout or unsupported syntax). Accepted:
 * `safe` only — proven `constant`/`linear` by the automaton checker, or, for what
 * it cannot model (lookaround), no attack found by fuzzing (fixed seed).
 * Flags: `i`, `m`, `s`, `u` are checked as written (they change what matches);
 * `g`, `y` and `d` are dropped: `g` only repeats the search, `y` anchors it
 * (checking without it is the stricter test) and `d` only records indices.
 *
 * Patterns built at run time from non-literal strings cannot be read here: each
 * must be exported and listed in COMPOSED below, which checks the RegExp object
 * itself. The second half checks that the helpers written to replace vulnerable
 * patterns match as those patterns did (the old pattern is the oracle on short
 * inputs) and finish on recheck's attack strings.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkSync } from 'recheck';
import * as ts from 'typescript';
import { hadolintIgnoreListEnd } from '../../server/src/features/codeActions';
import { analyze } from '../../server/src/model/document';
import { detectSyntax, parse, parseHeredocWord } from '../../server/src/parser';
import { matchDirectiveLine } from '../../server/src/parser/directives';
import { shellScriptIndex } from '../../server/src/parser/shellInvocation';
import { beforeGlob, isRemoteSource, withoutQuery } from '../../server/src/model/sources';
import { lint } from '../../server/src/rules/engine';
import { kebab } from '../../server/src/rules/util/docs';
import { hasVariable, isShellOperator } from '../../server/src/model/execForm';
import { isValidImageReference, referenceRe } from '../../server/src/protocol/imageName';
import { stageNameReferences } from '../../server/src/model/stageRefs';
import { repoRoot } from '../helpers/corpus';

/** Regexes composed from parts at run time, checked as the RegExp objects the server uses. */
const COMPOSED: Array<{ file: string; re: RegExp }> = [
  { file: 'server/src/protocol/imageName.ts', re: referenceRe }, // distribution/reference's grammar
];

interface Found { where: string; source: string; flags: string }

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function regexesIn(file: string): { found: Found[]; dynamic: Array<{ file: string; where: string }> } {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const rel = relative(repoRoot, file);
  const found: Found[] = [];
  const dynamic: Array<{ file: string; where: string }> = [];
  const where = (n: ts.Node) => `${rel}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (n: ts.Node) => {
    if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const lit = n.getText();
      const end = lit.lastIndexOf('/');
      found.push({ where: where(n), source: lit.slice(1, end), flags: lit.slice(end + 1) });
    } else if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp' && n.arguments?.length) {
      const [pattern, flags] = n.arguments;
      if (ts.isStringLiteralLike(pattern) && (!flags || ts.isStringLiteralLike(flags))) {
        found.push({ where: where(n), source: pattern.text, flags: flags ? flags.text : '' });
      } else {
        dynamic.push({ file: rel, where: `${where(n)}: ${n.getText().slice(0, 80)}` });
      }
    } else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ['match', 'matchAll', 'search'].includes(n.expression.name.text)
      && n.arguments.length === 1 && ts.isStringLiteralLike(n.arguments[0])) {
      // a string argument is compiled to a RegExp
      found.push({ where: where(n), source: n.arguments[0].text, flags: '' });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { found, dynamic };
}

function verdict(source: string, flags: string): string | undefined {
  const result = checkSync(source, flags.replace(/[gyd]/g, ''), { timeout: 10_000, randomSeed: 1 });
  if (result.status === 'safe') return undefined;
  if (result.status === 'vulnerable') return `vulnerable ${result.complexity.type}, e.g. ${result.attack.pattern}`;
  return `unknown: ${result.error?.kind}`;
}

/** Deterministic pseudo-random strings over `alphabet` (a unit may be several characters). */
function samples(alphabet: string[], count: number, maxUnits: number): string[] {
  let seed = 7;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 16) % n;
  };
  return Array.from({ length: count }, () => Array.from({ length: next(maxUnits + 1) }, () => alphabet[next(alphabet.length)]).join(''));
}

const TABS = '\t'.repeat(50_000);
/** For lines the parser reads: two runs stay under its 64 KiB line limit. */
const TABS_30K = '\t'.repeat(30_000);

describe('ReDoS: every regex in the server is checked with recheck', function () {
  this.timeout(300_000);
  const files = sources(join(repoRoot, 'server/src'));
  const all = files.map(regexesIn);
  const found = all.flatMap((r) => r.found);

  it('finds the regexes (the scan itself works)', () => {
    assert.ok(found.length > 20, `only ${found.length} regexes found`);
    assert.ok(found.some((f) => f.source === '^[a-z][a-z0-9-_.]*$'), 'the stage-name pattern of navigation.ts was not found');
    assert.ok(found.some((f) => f.flags === 'i') && found.some((f) => f.flags.includes('u')), 'flags were not read');
  });

  it('builds no regex from a non-literal pattern, except the composed ones checked as objects', () => {
    const dynamic = all.flatMap((r) => r.dynamic);
    assert.deepEqual(dynamic.map((d) => d.file).sort(), COMPOSED.map((c) => c.file).sort(), dynamic.map((d) => d.where).join('\n'));
  });

  it('every pattern is safe (no polynomial or exponential backtracking)', () => {
    const bad: string[] = [];
    for (const f of found) {
      const why = verdict(f.source, f.flags);
      if (why) bad.push(`${f.where} /${f.source}/${f.flags} → ${why}`);
    }
    for (const c of COMPOSED) {
      const why = verdict(c.re.source, c.re.flags);
      if (why) bad.push(`${c.file} (composed) /${c.re.source}/${c.re.flags} → ${why}`);
    }
    assert.deepEqual(bad, []);
  });

  it('the check rejects what it should (a quadratic and an exponential pattern, a sticky one checked unanchored)', () => {
    assert.match(verdict('[ \\t]+$', '') ?? '', /^vulnerable polynomial/);
    assert.match(verdict('^(a|a)*$', '') ?? '', /^vulnerable exponential/);
    assert.match(verdict('a+b', 'y') ?? '', /^vulnerable polynomial/);
    assert.equal(verdict('^[ \\t]*x', 'iu'), undefined);
  });

  describe('rewritten helpers match as the old patterns did', () => {
    it('directive lines: BuildKit\'s `^#\\s*(key)\\s*=\\s*(.+?)\\s*$`, value trimmed in code', () => {
      assert.deepEqual(matchDirectiveLine('# syntax=docker/dockerfile:1'), { key: 'syntax', value: 'docker/dockerfile:1' });
      assert.deepEqual(matchDirectiveLine('#  Escape = ` \t'), { key: 'Escape', value: '`' });
      assert.deepEqual(matchDirectiveLine('#check=skip=A, B  '), { key: 'check', value: 'skip=A, B' });
      // a value of only white space is its last character that `.` matches
      assert.deepEqual(matchDirectiveLine('# syntax= '), { key: 'syntax', value: ' ' });
      assert.deepEqual(matchDirectiveLine('# syntax=\t \r'), { key: 'syntax', value: ' ' });
      assert.equal(matchDirectiveLine('# syntax=\r'), undefined);
      assert.equal(matchDirectiveLine('# syntax='), undefined);
      // `.` does not cross a line break
      assert.equal(matchDirectiveLine('# syntax=a\rb'), undefined);
      assert.equal(matchDirectiveLine('# syntax=a\u2028'), undefined);
      assert.equal(matchDirectiveLine('# 1syntax=a'), undefined);
      assert.deepEqual(matchDirectiveLine('// syntax=x', '//'), { key: 'syntax', value: 'x' });
      assert.equal(matchDirectiveLine('// syntax=x'), undefined);
      // recheck's attack on the old pattern, and a value padded with 50,000 tabs
      assert.equal(matchDirectiveLine(`#A=${TABS}\tA${TABS}\n=A`), undefined);
      assert.deepEqual(matchDirectiveLine(`# syntax=${TABS}docker/dockerfile:1${TABS}`), { key: 'syntax', value: 'docker/dockerfile:1' });
      for (const prefix of ['#', '//'] as const) {
        const old = new RegExp(`^${prefix}[\\t\\n\\f\\r ]*([a-zA-Z][a-zA-Z0-9]*)[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*(.+?)[\\t\\n\\f\\r ]*$`);
        for (const body of samples(['a', 'B', '1', '=', ' ', '\t', '\n', '\r', '\f', '\u2028', '\v', '\u00a0', 'x', '#'], 20_000, 10)) {
          const line = prefix + body;
          const m = old.exec(line);
          assert.deepEqual(matchDirectiveLine(line, prefix), m ? { key: m[1], value: m[2] } : undefined, JSON.stringify(line));
        }
      }
    });

    it('directives in the parser and detectSyntax, padded with 50,000 tabs', () => {
      const text = `# escape=${TABS_30K}\`${TABS_30K}\nFROM alpine\nRUN echo \`\n  hi\n`;
      const ast = parse(text);
      assert.equal(ast.escapeChar, '`');
      assert.deepEqual(ast.directives.map((d) => [d.name, d.value, text.slice(d.valueRange.start, d.valueRange.end)]), [['escape', '`', '`']]);
      assert.equal(ast.instructions.length, 2);
      assert.equal(detectSyntax(`#!/bin/sh\n//${TABS}syntax${TABS}=${TABS}docker/dockerfile:1.7 // x${TABS}\n`)?.cmdline, 'docker/dockerfile:1.7 // x');
      const bad = parse(`#escape=${TABS_30K}\tA${TABS_30K}\n=A\nFROM x\n`);
      assert.deepEqual(bad.directives.map((d) => d.value), ['A']);
      assert.ok(bad.problems.some((p) => p.message === "invalid escape token 'A' does not match ` or \\"));
    });

    it('heredoc words: `<<`, `-`, white space, a word without `<`', () => {
      assert.deepEqual(parseHeredocWord('<<EOF'), { name: 'EOF', expand: true, chomp: false, fileDescriptor: 0 });
      assert.deepEqual(parseHeredocWord('3<<- \t"EOF"'), { name: 'EOF', expand: false, chomp: true, fileDescriptor: 3 });
      assert.deepEqual(parseHeredocWord(`<<-${TABS}EOF`), { name: 'EOF', expand: true, chomp: true, fileDescriptor: 0 });
      for (const w of ['<<', '<< \t', '<<-', '<<a<b', 'a<<EOF', `<<-${TABS}\t<`]) assert.equal(parseHeredocWord(w), undefined, JSON.stringify(w));
    });

    it('`# hadolint ignore=` lists: where the next id goes', () => {
      assert.equal(hadolintIgnoreListEnd('# hadolint ignore=DL3008, DL3009  '), '# hadolint ignore=DL3008, DL3009'.length);
      assert.equal(hadolintIgnoreListEnd('  #HADOLINT  Ignore = '), '  #HADOLINT  Ignore = '.length);
      assert.equal(hadolintIgnoreListEnd('# hadolint ignore=A\rB'), undefined);
      assert.equal(hadolintIgnoreListEnd('# hadolint ignored=A'), undefined);
      assert.equal(hadolintIgnoreListEnd(`#HADOLINT\tIGNORE=${TABS}H${TABS}\nIGNORE=`), undefined);
      assert.equal(hadolintIgnoreListEnd(`# hadolint ignore=${TABS}DL3020${TABS}`), `# hadolint ignore=${TABS}DL3020`.length);
      const old = /^(\s*#\s*hadolint\s+ignore\s*=\s*)(.*?)\s*$/i;
      for (const tail of samples([' ', '\t', '\r', '\n', '\u2028', '\u00a0', '\ufeff', 'D', ',', '=', 'x'], 20_000, 10)) {
        const line = `# hadolint ignore=${tail}`;
        const m = old.exec(line);
        assert.equal(hadolintIgnoreListEnd(line), m ? m[1].length + m[2].length : undefined, JSON.stringify(line));
      }
    });

    it('inline `# hadolint ignore=` and `# check=skip=` comments, padded with 50,000 tabs', () => {
      const found = (text: string) => lint(analyze('file:///Dockerfile', 1, text)).map((d) => d.code);
      assert.ok(found('FROM alpine\nADD a.txt /a\n').includes('AddInsteadOfCopy'));
      assert.ok(!found(`FROM alpine\n# hadolint ignore=${TABS_30K}DL3020, DL3000${TABS_30K}\nADD a.txt /a\n`).includes('AddInsteadOfCopy'));
      assert.ok(found(`FROM alpine\n# hadolint ignore=${TABS_30K}DL3000${TABS_30K}\nADD a.txt /a\n`).includes('AddInsteadOfCopy'));
      assert.ok(found('FROM alpine AS a\nfrom alpine\n').includes('ConsistentInstructionCasing'));
      assert.ok(!found(`FROM alpine AS a\n# check=${TABS}skip=ConsistentInstructionCasing\nfrom alpine\n`).includes('ConsistentInstructionCasing'));
    });

    it('URLs without query and fragment, paths before their first glob', () => {
      assert.equal(withoutQuery('https://example.com/a.tgz?x=1#top'), 'https://example.com/a.tgz');
      assert.equal(withoutQuery('https://example.com/a#b?c'), 'https://example.com/a');
      assert.equal(withoutQuery('#'.repeat(50_000) + '\n#'), '#'.repeat(50_000) + '\n');
      assert.equal(beforeGlob('/app/src/*.js'), '/app/src');
      assert.equal(beforeGlob('/a/b[0-9]/c?/d'), '/a');
      assert.equal(beforeGlob('/*'), '');
      assert.equal(beforeGlob('/a/b'), '/a/b');
      assert.equal(beforeGlob('*/a/b?'), '*/a');
      assert.equal(beforeGlob('/' + '*'.repeat(50_000) + '\n'), '/' + '*'.repeat(50_000) + '\n');
      for (const s of samples(['a', '/', '?', '#', '*', '[', '\n', '\r', '\u2028', 'b'], 20_000, 12)) {
        assert.equal(withoutQuery(s), s.replace(/[?#].*$/, ''), JSON.stringify(s));
        assert.equal(beforeGlob(s), s.replace(/\/[^/]*[*?[].*$/, ''), JSON.stringify(s));
      }
    });

    it('check ids in URLs: kebab case with acronym runs', () => {
      assert.equal(kebab('JSONArgsRecommended'), 'json-args-recommended');
      assert.equal(kebab('FromAsCasing'), 'from-as-casing');
      assert.equal(kebab('InvalidDefaultArgInFrom'), 'invalid-default-arg-in-from');
      assert.equal(kebab('A'.repeat(50_000) + '\x00AAa'), 'a'.repeat(50_000) + '\x00a-aa');
      const old = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').toLowerCase();
      for (const s of samples(['A', 'B', 'a', 'b', '1', '-'], 20_000, 12)) assert.equal(kebab(s), old(s), s);
    });

    it('shell operators and redirections in exec form; `$VAR` detection', () => {
      for (const e of ['&&', '|', ';', '>', '2>&1', '>&-', '>/dev/null', '&>>log', '<in', '1>&23x']) assert.ok(isShellOperator(e), e);
      for (const e of ['>&', '2>&x', '>a b', 'a>', '>$x', '>&0' + '0'.repeat(50_000) + '&']) assert.ok(!isShellOperator(e), e);
      assert.ok(isShellOperator('>&' + '0'.repeat(50_000)));
      const old = /^(&&|\|\||\||;|&)$|^(\d*(>>|>\||<>|>|<)(&(\d+|-))?|&>>?)([^\s<>&|;()$`"'\\*?[\]~#{}!]*)$/;
      for (const s of samples(['1', '2', '>', '<', '&', '-', '|', 'a', '/', ' '], 20_000, 7)) assert.equal(isShellOperator(s), old.test(s), s);
      assert.ok(hasVariable('$HOME') && hasVariable('a${B:-c}') && hasVariable('$HOME'));
      assert.ok(!hasVariable('a$') && !hasVariable('${1}'));
    });

    it('shell `-c` in an option cluster', () => {
      assert.equal(shellScriptIndex(['sh', '-c', 'echo']), 2);
      assert.equal(shellScriptIndex(['/bin/bash', '-o', 'pipefail', '-exc', 'echo']), 4);
      assert.equal(shellScriptIndex(['sh', '-e', 'echo']), undefined);
      assert.equal(shellScriptIndex(['sh', '-' + 'c'.repeat(50_000) + '\x00', 'x']), undefined);
      assert.equal(shellScriptIndex(['sh', '-' + 'e'.repeat(50_000) + 'c', 'x']), 2);
    });

    it('git repositories ADD clones; stage names in `--mount=from=`; image references', () => {
      assert.ok(isRemoteSource('github.com/o/r.git') && isRemoteSource('GitHub.com/o/r.GIT#main:dir') && isRemoteSource('https://x'));
      assert.ok(!isRemoteSource('github.com/o/r') && !isRemoteSource('src/r.git') && !isRemoteSource('github.com/o/r.git\n#x'));
      assert.ok(!isRemoteSource('t.a/' + '.GIT#'.repeat(24_495) + '\n'));
      const text = 'FROM alpine AS build\nFROM alpine\nRUN --mount=type=bind,from=build,target=/x true\n';
      const refs = stageNameReferences(analyze('file:///Dockerfile', 1, text), 0);
      assert.deepEqual(refs?.map((r) => text.slice(r.start, r.end)), ['build', 'build']);
      assert.equal(stageNameReferences(analyze('file:///Dockerfile', 1, `FROM alpine AS build\nFROM alpine\nRUN --mount="type=bind,from=${TABS}build" true\n`), 0), undefined);
      assert.ok(isValidImageReference('registry.example.com:5000/team/app:1.2@sha256:' + 'a'.repeat(64)));
      for (const s of ['a'.repeat(50_000) + '!', 'a-'.repeat(25_000) + '!', 'a.'.repeat(25_000) + '/!', '[' + ':'.repeat(50_000)]) assert.ok(!isValidImageReference(s));
    });
  });
});
