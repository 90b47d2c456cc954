/**
 * BuildKit's own parser conformance cases (../shared/corpus/buildkit-parser)
 * run through our parser and our BuildKit dump.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { detectSyntax, dumpBuildKit, parse, parseDirective, parseHeredocWord, heredocsFromLine } from '../../server/src/parser';
import { corpus, listDirs, readCorpus, realDockerfiles, repoRoot } from '../helpers/corpus';

const fatal = (text: string) => parse(text).problems.filter((p) => p.fatal);

describe('BuildKit parser conformance', () => {
  describe('testfiles: dump equals BuildKit result', () => {
    for (const name of listDirs(corpus('buildkit-parser/testfiles'))) {
      it(name, () => {
        const text = readCorpus('buildkit-parser/testfiles', name, 'Dockerfile');
        const expected = readCorpus('buildkit-parser/testfiles', name, 'result');
        assert.deepEqual(fatal(text), [], 'must parse');
        assert.equal(dumpBuildKit(parse(text)), expected);
      });
    }
  });

  describe('testfiles-negative: must fail', () => {
    for (const name of listDirs(corpus('buildkit-parser/testfiles-negative'))) {
      it(name, () => {
        const text = readCorpus('buildkit-parser/testfiles-negative', name, 'Dockerfile');
        assert.ok(fatal(text).length > 0, 'expected a fatal parse error');
      });
    }
  });

  it('CLI `parse --buildkit-dump` prints the same dump', () => {
    const file = corpus('buildkit-parser/testfiles/lk4d4-the-edge-case-generator/Dockerfile');
    const out = execFileSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'parse', '--buildkit-dump', file], { encoding: 'utf8' });
    assert.equal(out, readCorpus('buildkit-parser/testfiles/lk4d4-the-edge-case-generator/result'));
  });

  it('CLI exits 1 with the error on a negative case', () => {
    const file = corpus('buildkit-parser/testfiles-negative/env_no_value/Dockerfile');
    assert.throws(
      () => execFileSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'parse', '--buildkit-dump', file], { encoding: 'utf8', stdio: 'pipe' }),
      (e: { status: number; stderr: string }) => e.status === 1 && /ENV must have two arguments/.test(e.stderr),
    );
  });

  it('testfile-line: start and end lines', () => {
    const exp = JSON.parse(readCorpus('buildkit-parser/extracted-from-go-tests/testfile-line.expected.json'));
    const ast = parse(readCorpus('buildkit-parser/testfile-line/Dockerfile'));
    assert.equal(ast.instructions.length, exp.children);
    assert.deepEqual(ast.instructions.map((i) => [i.startLine, i.endLine]), exp.child_lines);
    assert.equal(ast.instructions[0].startLine, exp.ast_start_line);
    assert.equal(ast.instructions[ast.instructions.length - 1].endLine, exp.ast_end_line);
  });

  describe('heredoc-extract', () => {
    const exp = JSON.parse(readCorpus('buildkit-parser/extracted-from-go-tests/heredoc-extract/expected.json'));
    const ast = parse(readCorpus('buildkit-parser/extracted-from-go-tests/heredoc-extract/Dockerfile'));
    exp.expected.forEach((e: { instruction_comment: string; heredocs: null | object[] }, i: number) => {
      it(`${i}: ${e.instruction_comment}`, () => {
        assert.deepEqual(fatal(ast.text), []);
        const ins = ast.instructions[i + 1];
        const got = ins.heredocs.map((h) => ({ Name: h.name, Content: h.content, Expand: h.expand, Chomp: h.chomp, FileDescriptor: h.fileDescriptor }));
        assert.deepEqual(got, e.heredocs ?? []);
      });
    });
  });

  it('heredoc-json-form: JSON-form RUN has no heredocs', () => {
    const exp = JSON.parse(readCorpus('buildkit-parser/extracted-from-go-tests/heredoc-json-form/expected.json'));
    const ast = parse(readCorpus('buildkit-parser/extracted-from-go-tests/heredoc-json-form/Dockerfile'));
    assert.deepEqual(fatal(ast.text), []);
    for (const i of exp.children_without_heredocs) assert.deepEqual(ast.instructions[i].heredocs, []);
  });

  describe('heredoc-words', () => {
    const exp = JSON.parse(readCorpus('buildkit-parser/extracted-from-go-tests/heredoc-words.json'));
    for (const w of exp.valid_heredoc_words_named_EOF) it(`valid ${JSON.stringify(w)}`, () => assert.equal(parseHeredocWord(w)?.name, 'EOF'));
    for (const w of exp.invalid_heredoc_words) it(`invalid ${JSON.stringify(w)}`, () => assert.throws(() => parseHeredocWord(w)));
    for (const w of exp.not_heredoc_words) it(`not a heredoc ${JSON.stringify(w)}`, () => assert.equal(parseHeredocWord(w), undefined));
    for (const c of exp.heredocs_from_line) {
      it(`from line ${JSON.stringify(c.line)}`, () => assert.deepEqual(heredocsFromLine(c.line).map((h) => h.name), c.heredoc_names ?? []));
    }
  });

  it('empty-continuation-warnings: blank lines warn, comment lines do not', () => {
    const exp = JSON.parse(readCorpus('buildkit-parser/extracted-from-go-tests/empty-continuation-warnings/expected.json'));
    const ast = parse(readCorpus('buildkit-parser/extracted-from-go-tests/empty-continuation-warnings/Dockerfile'));
    assert.deepEqual(fatal(ast.text), []);
    const warnings = ast.problems.filter((p) => p.code === 'NoEmptyContinuation');
    assert.equal(warnings.length, exp.warning_count);
    exp.warnings_contain.forEach((parts: string[], i: number) => {
      for (const part of parts) assert.ok(warnings[i].message.includes(part), `${warnings[i].message} should contain ${part}`);
    });
    assert.ok(warnings[0].message.includes(exp.first_warning_detail_contains));
  });

  describe('directives', () => {
    const exp = JSON.parse(readCorpus('buildkit-parser/extracted-from-go-tests/directives.json'));
    exp.parse_all.forEach((c: { input: string; expected: Array<{ name: string; value: string }> }, i: number) => {
      it(`parse_all ${i}`, () => assert.deepEqual(parse(c.input).directives.map((d) => ({ name: d.name, value: d.value })), c.expected));
    });
    exp.detect_syntax.forEach((c: { input: string; ok: boolean; ref?: string; cmdline?: string; line?: number }, i: number) => {
      it(`detect_syntax ${i}: ${JSON.stringify(c.input).slice(0, 50)}`, () => {
        const r = detectSyntax(c.input);
        assert.equal(!!r, c.ok);
        if (c.ok && c.ref !== undefined) assert.equal(r!.ref, c.ref);
        if (c.ok && c.cmdline !== undefined) assert.equal(r!.cmdline, c.cmdline);
        if (c.ok && c.line !== undefined) assert.equal(r!.line, c.line);
      });
    });
    exp.parse_directive_check.forEach((c: { input: string; ok: boolean; value?: string; cmdline?: string; line?: number }, i: number) => {
      it(`parse_directive_check ${i}`, () => {
        const r = parseDirective('check', c.input);
        assert.equal(!!r, c.ok);
        if (c.ok && c.value !== undefined) assert.equal(r!.ref, c.value);
        if (c.ok && c.cmdline !== undefined) assert.equal(r!.cmdline, c.cmdline);
        if (c.ok && c.line !== undefined) assert.equal(r!.line, c.line);
      });
    });
  });

  describe('real-world corpus parses without errors', () => {
    for (const [name, text] of realDockerfiles()) {
      it(name, () => {
        const ast = parse(text);
        assert.deepEqual(ast.problems.filter((p) => p.severity === 'error').map((p) => p.message), []);
        assert.ok(ast.instructions.some((i) => i.name === 'FROM'));
      });
    }
  });
});
