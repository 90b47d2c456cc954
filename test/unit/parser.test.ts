/** The parser's own behaviour: exact ranges, odd text, instruction models, errors. */
import * as assert from 'node:assert/strict';
import { LineIndex, parse, type Instruction, type TextRange } from '../../server/src/parser';

const slice = (text: string, r: TextRange | undefined) => (r ? text.slice(r.start, r.end) : undefined);
function pos(text: string, r: TextRange) {
  const li = new LineIndex(text);
  const s = li.positionAt(r.start);
  const e = li.positionAt(r.end);
  return [s.line, s.character, e.line, e.character];
}
const only = (text: string): Instruction => {
  const ast = parse(text);
  return ast.instructions[ast.instructions.length - 1];
};

describe('parser', () => {
  describe('ranges', () => {
    it('keyword, flags and arguments have exact ranges', () => {
      const text = 'FROM alpine\nCOPY --from=build --chown=1000:1000 /src /dst\n';
      const ins = parse(text).instructions[1];
      assert.equal(slice(text, ins.keywordRange), 'COPY');
      assert.deepEqual(ins.flags.map((f) => [f.name, f.value, slice(text, f), slice(text, f.nameRange), slice(text, f.valueRange)]), [
        ['from', 'build', '--from=build', 'from', 'build'],
        ['chown', '1000:1000', '--chown=1000:1000', 'chown', '1000:1000'],
      ]);
      assert.deepEqual(ins.args.map((a) => slice(text, a)), ['/src', '/dst']);
      assert.deepEqual(pos(text, ins.args[1]), [1, 41, 1, 45]);
    });

    it('UTF-16 positions after Korean and emoji text', () => {
      const text = 'FROM alpine\nLABEL 설명="한국어 😀" owner=me\n';
      const ins = parse(text).instructions[1];
      assert.equal(ins.details.kind, 'keyValues');
      if (ins.details.kind !== 'keyValues') return;
      const [p1, p2] = ins.details.pairs;
      assert.equal(slice(text, p1.key), '설명');
      assert.equal(slice(text, p1.value), '"한국어 😀"');
      assert.equal(slice(text, p2.key), 'owner');
      // '😀' is two UTF-16 units: owner starts at 6 + 2 + 1 + 8 + 1
      assert.deepEqual(pos(text, p2.key), [1, 18, 1, 23]);
    });

    it('CRLF line endings: ranges stop before \\r, lines count as LSP counts them', () => {
      const text = 'FROM alpine\r\nRUN echo a \\\r\n  && echo b\r\nCMD ["x"]\r\n';
      const ast = parse(text);
      assert.equal(ast.instructions.length, 3);
      const run = ast.instructions[1];
      assert.equal(run.args[0].value, 'echo a   && echo b');
      assert.deepEqual(pos(text, run), [1, 0, 2, 11]);
      // an exec-form element spans its string literal, quotes included
      assert.deepEqual(pos(text, ast.instructions[2].args[0]), [3, 5, 3, 8]);
      assert.equal(ast.instructions[2].args[0].value, 'x');
    });

    it('a BOM is skipped and does not shift the first line', () => {
      const text = '\uFEFF# escape=`\nFROM alpine\nRUN echo `\n  hi\n';
      const ast = parse(text);
      assert.equal(ast.escapeChar, '`');
      assert.equal(ast.directives[0].name, 'escape');
      assert.equal(ast.instructions[1].args[0].value, 'echo   hi');
      assert.deepEqual(pos(text, ast.directives[0].nameRange), [0, 3, 0, 9]);
    });

    it('tokens spanning a continuation map to both lines', () => {
      const text = 'FROM alpine\nENV A=one\\\ntwo B=3\n';
      const ins = only(text);
      if (ins.details.kind !== 'keyValues') throw new Error('expected key/values');
      const a = ins.details.pairs[0];
      assert.equal(a.value.value, 'onetwo');
      assert.equal(slice(text, a.value), 'one\\\ntwo');
      assert.equal(slice(text, ins.details.pairs[1].value), '3');
    });

    it('tabs are single characters', () => {
      const text = 'FROM\talpine\nRUN\t\techo\t$HOME\n';
      const ins = only(text);
      assert.deepEqual(pos(text, ins.args[0]), [1, 5, 1, 15]);
      assert.deepEqual(ins.variables.map((v) => [v.name, slice(text, v), v.expandedBy]), [['HOME', '$HOME', 'shell']]);
    });
  });

  describe('continuations and comments', () => {
    it('comment and blank lines inside a continuation', () => {
      const text = 'FROM alpine\nRUN a \\\n# comment\n\n  b\n';
      const ast = parse(text);
      assert.equal(ast.instructions[1].args[0].value, 'a   b');
      assert.equal(ast.comments[0].text, 'comment');
      assert.equal(ast.problems.filter((p) => p.code === 'NoEmptyContinuation').length, 1);
      assert.deepEqual(pos(text, ast.problems[0]), [3, 0, 3, 0]);
    });

    it('trailing white space after the escape char still continues', () => {
      assert.equal(only('FROM a\nRUN x \\  \t\ny\n').args[0].value, 'x y');
    });

    it('an escaped escape char at the end does not continue', () => {
      const ast = parse('FROM a\nENV C trailing\\\\\nENV D d\n');
      assert.equal(ast.instructions.length, 3);
    });

    it('directives only at the top; after a comment they are comments', () => {
      const ast = parse('# hello\n# escape=`\nFROM a\n');
      assert.deepEqual(ast.directives, []);
      assert.equal(ast.escapeChar, '\\');
      const ast2 = parse('# SYNTAX = docker/dockerfile:1\n# check=skip=JSONArgsRecommended\nFROM a\n');
      assert.deepEqual(ast2.directives.map((d) => [d.name, d.value]), [['syntax', 'docker/dockerfile:1'], ['check', 'skip=JSONArgsRecommended']]);
    });

    it('a repeated directive is an error; the first one stays in force', () => {
      const ast = parse('# escape=`\n# escape=\\\nFROM a\n');
      assert.equal(ast.escapeChar, '`');
      assert.match(ast.problems[0].message, /only one escape parser directive/);
      assert.ok(ast.problems[0].fatal);
    });
  });

  describe('forms', () => {
    it('exec form with element ranges', () => {
      const text = 'FROM a\nCMD ["echo", "a \\"b\\""]\n';
      const ins = only(text);
      assert.equal(ins.form, 'exec');
      assert.deepEqual(ins.args.map((a) => a.value), ['echo', 'a "b"']);
      assert.equal(slice(text, ins.args[1]), '"a \\"b\\""');
    });

    it('invalid JSON falls back to shell form and is recorded', () => {
      const ins = only("FROM a\nCMD ['echo', 'hi']\n");
      assert.equal(ins.form, 'shell');
      assert.equal(ins.args[0].value, "['echo', 'hi']");
      assert.ok(ins.invalidJson);
      assert.match(ins.invalidJson.message, /invalid character/);
    });

    it('valid JSON that is not an array of strings is a parse error', () => {
      const ast = parse('FROM a\nCMD ["a", 1]\n');
      assert.ok(ast.problems.some((p) => p.fatal && /strings only/.test(p.message)));
    });

    it('HEALTHCHECK options, type and command', () => {
      const ins = only('FROM a\nHEALTHCHECK --interval=5s CMD ["curl", "-f", "http://x/"]\n');
      assert.equal(ins.form, 'exec');
      assert.equal(ins.flags[0].value, '5s');
      if (ins.details.kind !== 'healthcheck') throw new Error('healthcheck');
      assert.equal(ins.details.type?.value, 'CMD');
      assert.deepEqual(ins.details.command.map((c) => c.value), ['curl', '-f', 'http://x/']);
    });
  });

  describe('instruction models', () => {
    it('FROM with platform, image and stage', () => {
      const text = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\n';
      const ins = only(text);
      if (ins.details.kind !== 'from') throw new Error('from');
      assert.equal(ins.details.image?.value, 'golang:1.22');
      assert.equal(ins.details.stageName?.value, 'Build');
      assert.equal(ins.details.platform?.value, '$BUILDPLATFORM');
      assert.deepEqual(ins.variables.map((v) => [v.name, slice(text, v.nameRange), v.expandedBy]), [['BUILDPLATFORM', 'BUILDPLATFORM', 'buildkit']]);
    });

    it('FROM with a bad stage name or argument count', () => {
      assert.match(parse('FROM a AS 1abc\n').problems[0].message, /invalid name for build stage/);
      assert.match(parse('FROM a b\n').problems[0].message, /one or three arguments/);
    });

    it('legacy ENV form is flagged', () => {
      const ins = only('FROM a\nENV PATH /usr/bin:$PATH\n');
      if (ins.details.kind !== 'keyValues') throw new Error('env');
      assert.equal(ins.details.legacy, true);
      assert.equal(ins.details.pairs[0].value.value, '/usr/bin:$PATH');
      assert.equal(ins.variables[0].name, 'PATH');
    });

    it('ARG declarations with and without defaults', () => {
      const ins = only('ARG A B=2 C="x y"\n');
      if (ins.details.kind !== 'arg') throw new Error('arg');
      assert.deepEqual(ins.details.declarations.map((d) => [d.name.value, d.value?.value]), [['A', undefined], ['B', '2'], ['C', '"x y"']]);
    });

    it('EXPOSE, USER, COPY, STOPSIGNAL', () => {
      const e = only('FROM a\nEXPOSE 80/tcp 8000-8010/udp\n');
      assert.deepEqual(e.details.kind === 'expose' && e.details.ports.map((p) => p.value), ['80/tcp', '8000-8010/udp']);
      const u = only('FROM a\nUSER app:staff\n');
      assert.deepEqual(u.details.kind === 'user' && [u.details.user?.value, u.details.group?.value], ['app', 'staff']);
      const c = only('FROM a\nCOPY a b c /d/\n');
      assert.deepEqual(c.details.kind === 'copy' && [c.details.sources.map((s) => s.value), c.details.destination?.value], [['a', 'b', 'c'], '/d/']);
      const s = only('FROM a\nSTOPSIGNAL SIGTERM\n');
      assert.equal(s.details.kind === 'single' && s.details.value?.value, 'SIGTERM');
    });

    it('ONBUILD wraps a nested instruction with its own ranges and flags', () => {
      const text = 'FROM a\nONBUILD COPY --chown=app . /app\n';
      const ins = only(text);
      if (ins.details.kind !== 'onbuild' || !ins.details.instruction) throw new Error('onbuild');
      const inner = ins.details.instruction;
      assert.equal(inner.name, 'COPY');
      assert.equal(slice(text, inner.keywordRange), 'COPY');
      assert.equal(inner.flags[0].value, 'app');
      assert.equal(slice(text, inner.args[1]), '/app');
    });

    it('unknown instructions are reported but do not stop the parse', () => {
      const ast = parse('FROM a\nFOO bar\nRUN x\n');
      assert.equal(ast.instructions.length, 3);
      assert.match(ast.problems[0].message, /unknown instruction: FOO/);
    });
  });

  describe('heredocs', () => {
    it('body and terminator ranges; several heredocs on one line', () => {
      const text = 'FROM a\nCOPY <<A <<B /dst/\na1\nA\nb1\nB\nRUN echo done\n';
      const ast = parse(text);
      const copy = ast.instructions[1];
      assert.deepEqual(copy.heredocs.map((h) => [h.name, slice(text, h), slice(text, h.body), slice(text, h.terminator)]), [
        ['A', '<<A', 'a1\n', 'A'],
        ['B', '<<B', 'b1\n', 'B'],
      ]);
      assert.equal(copy.endLine, 6);
      assert.equal(ast.instructions[2].name, 'RUN');
    });

    it('an unterminated heredoc is an error that keeps the body', () => {
      const ast = parse('FROM a\nRUN <<EOF\necho hi\n');
      assert.match(ast.problems[0].message, /unterminated heredoc/);
      assert.equal(ast.instructions[1].heredocs[0].content, 'echo hi\n');
    });

    it('variables in heredoc bodies', () => {
      const text = 'FROM a\nRUN <<EOF\necho $HOME\nEOF\n';
      const v = only(text).variables;
      assert.deepEqual(v.map((x) => [x.name, slice(text, x), x.expandedBy]), [['HOME', '$HOME', 'shell']]);
    });
  });

  describe('variables', () => {
    it('references with modifiers and nested defaults, by who expands them', () => {
      const text = 'FROM a\nWORKDIR ${BASE:-/opt}/${SUB:+x}\nCMD ["echo", "$HOME"]\n';
      const ast = parse(text);
      assert.deepEqual(ast.instructions[1].variables.map((v) => [v.name, v.modifier, v.word?.value, slice(text, v), v.expandedBy]), [
        ['BASE', ':-', '/opt', '${BASE:-/opt}', 'buildkit'],
        ['SUB', ':+', 'x', '${SUB:+x}', 'buildkit'],
      ]);
      assert.deepEqual(ast.instructions[2].variables.map((v) => [v.name, v.expandedBy]), [['HOME', 'none']]);
    });

    it('the script of an exec-form shell invocation is expanded by that shell', () => {
      const ins = only('FROM a\nCMD ["/bin/sh", "-ec", "echo $HOME", "$0"]\n');
      assert.deepEqual(ins.variables.map((v) => [v.name, v.expandedBy]), [['HOME', 'shell'], ['0', 'none']]);
    });
  });

  describe('bad input never throws', () => {
    const inputs: Array<[string, string]> = [
      ['empty', ''],
      ['only BOM', '\uFEFF'],
      ['binary junk', '\u0000\u0001\uFFFD\uD800abc\n\u0007RUN'],
      ['half-typed JSON', 'FROM a\nCMD ["echo", "hi'],
      ['lone escape', 'FROM a\n\\'],
      ['lone CR line ends', 'FROM a\rRUN x\rCMD y'],
      ['unterminated quotes', 'FROM a\nENV A="unterminated\nLABEL b=\'x'],
      ['heredoc at EOF', 'FROM a\nRUN <<'],
      ['deep JSON', 'FROM a\nCMD ' + '['.repeat(20000)],
    ];
    for (const [name, text] of inputs) {
      it(name, () => {
        const ast = parse(text);
        for (const p of ast.problems) assert.ok(p.start >= 0 && p.end <= text.length && p.start <= p.end);
      });
    }
    it('an empty file is reported', () => {
      assert.match(parse('').problems[0].message, /file with no instructions/);
    });
    it('a line over 64 KiB is reported as BuildKit does', () => {
      const ast = parse('FROM a\nRUN echo ' + 'x'.repeat(70000) + '\n');
      assert.ok(ast.problems.some((p) => /greater than max allowed size/.test(p.message)));
    });
  });
});
