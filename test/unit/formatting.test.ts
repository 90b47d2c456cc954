/** Formatting: document, range and on-type, and the guarantee that the parse never changes. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { FormattingOptions, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_FORMAT_SETTINGS, formatDocument, formatOnType, formatRange, shellSkeleton, type FormatSettings } from '../../server/src/features/formatting';
import { analyze } from '../../server/src/model/document';
import { ShellLex, dumpInstruction, parse, type Instruction } from '../../server/src/parser';
import { corpus, listDirs, readCorpus, realDockerfiles } from '../helpers/corpus';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateDockerfile } = require('../../scripts/gen-dockerfile.mjs') as { generateDockerfile: (lines: number, seed: number) => string };

const SPACES: FormattingOptions = { tabSize: 4, insertSpaces: true };
const TABS: FormattingOptions = { tabSize: 4, insertSpaces: false };

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///Dockerfile', 'dockerfile', 1, text), edits);
}
function edits(text: string, settings: Partial<FormatSettings> = {}, options = SPACES): TextEdit[] {
  return formatDocument(analyze('file:///Dockerfile', 1, text), options, { ...DEFAULT_FORMAT_SETTINGS, ...settings });
}
function fmt(text: string, settings: Partial<FormatSettings> = {}, options = SPACES): string {
  return applyEdits(text, edits(text, settings, options));
}
const lines = (...l: string[]) => l.join('\n') + '\n';

/** bash's own canonical form of a command (`declare -f` prints a parsed function body); undefined if bash cannot parse it. */
function bashCanonical(command: string): string | undefined {
  try {
    return execFileSync('bash', [], { input: `f() {\n${command}\n}\ndeclare -f f\n`, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/**
 * The check the issue asks for, independent of the formatter's own safety
 * net: BuildKit's dump of every instruction is unchanged, except that a
 * shell-form command may differ in blanks between words, checked with
 * BuildKit's own word splitter (quotes and escapes respected) or, where that
 * one is too coarse (`"$( … )"`), with bash's parser.
 */
function assertSameParse(before: string, after: string, name = '') {
  const a = parse(before);
  const b = parse(after);
  assert.equal(b.instructions.length, a.instructions.length, name);
  assert.equal(b.escapeChar, a.escapeChar, name);
  assert.deepEqual(b.directives.map((d) => [d.name, d.value]), a.directives.map((d) => [d.name, d.value]), name);
  const lex = new ShellLex({ skipUnsetEnv: true, rawQuotes: true, rawEscapes: true });
  const words = (s: string) => {
    try {
      return lex.processWords(s, () => undefined);
    } catch {
      return [s];
    }
  };
  const same = (x: Instruction, y: Instruction) => {
    if (dumpInstruction(x) === dumpInstruction(y)) return true;
    if (x.form !== 'shell' || y.form !== 'shell' || !['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(x.name)) return false;
    const w = (i: Instruction) => [i.name, ...i.flags.map((f) => f.raw), ...i.args.flatMap((t) => words(t.value))];
    if (JSON.stringify(w(x)) === JSON.stringify(w(y))) return true;
    const script = (i: Instruction) => i.args[i.args.length - 1]?.value ?? '';
    const canonical = bashCanonical(script(x));
    const rest = (i: Instruction) => JSON.stringify([i.name, i.flags.map((f) => f.raw), i.args.slice(0, -1).map((a) => a.value)]);
    return canonical !== undefined && rest(x) === rest(y) && canonical === bashCanonical(script(y));
  };
  a.instructions.forEach((x, i) => {
    const y = b.instructions[i];
    assert.ok(same(x, y), `${name}: instruction ${i + 1} changed:\n${dumpInstruction(x)}\n${dumpInstruction(y)}`);
    assert.deepEqual(y.heredocs.map((h) => [h.name, h.content, !!h.terminator]), x.heredocs.map((h) => [h.name, h.content, !!h.terminator]), name);
  });
}

describe('formatting', () => {
  it('upper-cases keywords, removes instruction indentation, one space around flags', () => {
    const before = lines('from  alpine:3.20   AS   base', '  run   --mount=type=cache,target=/root/.cache   --network=none   go  build', 'copy --from=base    /a /b');
    assert.equal(fmt(before), lines('FROM alpine:3.20   AS   base', 'RUN --mount=type=cache,target=/root/.cache --network=none go  build', 'COPY --from=base /a /b'));
  });

  it('keywordCase preserve keeps the case as written', () => {
    assert.equal(fmt('from alpine\nRun  echo\n', { keywordCase: 'preserve' }), 'from alpine\nRun echo\n');
  });

  it('returns small edits, not a whole-document replacement', () => {
    const e = edits('FROM alpine\nrun echo hi\nRUN  echo\n');
    assert.deepEqual(e, [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, newText: 'RUN' },
      { range: { start: { line: 2, character: 3 }, end: { line: 2, character: 5 } }, newText: ' ' },
    ]);
    assert.deepEqual(edits('FROM alpine\nRUN echo hi\n'), []);
  });

  it('one space between ENV, LABEL and ARG pairs on one line; legacy ENV and quoted values untouched', () => {
    const before = lines('ENV A=1    B="x   y"  C=', 'LABEL a=b\t\tc="d  e"', 'ARG X=1   Y', 'ENV LEGACY   value   with   spaces');
    assert.equal(fmt(before), lines('ENV A=1 B="x   y" C=', 'LABEL a=b c="d  e"', 'ARG X=1 Y', 'ENV LEGACY   value   with   spaces'));
  });

  it('shifts continuation lines as a block and keeps a hand-aligned list aligned', () => {
    const before = lines(
      'RUN apt-get update && \\',
      '        apt-get install -y \\',
      '            curl \\',
      '            wget \\',
      '        && rm -rf /var/lib/apt/lists/*',
    );
    assert.equal(fmt(before), lines(
      'RUN apt-get update && \\',
      '    apt-get install -y \\',
      '        curl \\',
      '        wget \\',
      '    && rm -rf /var/lib/apt/lists/*',
    ));
    // already at the configured indent: nothing to do
    assert.deepEqual(edits(fmt(before)), []);
  });

  it('never re-indents where the indentation is part of a value, but still fixes the rest', () => {
    // inside a quoted string spanning the continuation BuildKit keeps the blanks
    const quoted = lines('run echo "a \\', '   b"');
    assert.equal(fmt(quoted), lines('RUN echo "a \\', '   b"'));
    // a word split over two lines: indenting would split it
    const joined = lines('RUN echo hel\\', 'lo');
    assert.equal(fmt(joined), joined);
    // WORKDIR takes the rest of the line as it is: the blanks are part of the path
    const workdir = lines('WORKDIR /my \\', '  dir');
    assert.equal(fmt(workdir), workdir);
    // a quoted ENV value
    const env = lines('ENV A="x \\', '  y"  B=2');
    assert.equal(fmt(env), lines('ENV A="x \\', '  y" B=2'));
    // JSON strings
    const json = lines('CMD ["echo", "a \\', '  b"]');
    assert.equal(fmt(json), json);
    // JSON form across lines outside strings is re-indented
    assert.equal(fmt(lines('CMD ["echo", \\', '  "b"]')), lines('CMD ["echo", \\', '    "b"]'));
  });

  it('comment lines inside a continuation follow the shift; empty continuation lines stay empty', () => {
    const before = lines('RUN set -eux; \\', '# explain', '  apt-get update; \\', '   ', '    # nested note', '  apt-get clean');
    assert.equal(fmt(before), lines('RUN set -eux; \\', '  # explain', '    apt-get update; \\', '', '      # nested note', '    apt-get clean'));
  });

  it('a line holding only the escape character does not set the indent', () => {
    const before = lines('RUN set -eux; \\', '\t\\', '\tmake; \\', '\t\\', '\tmake install');
    assert.equal(fmt(before), lines('RUN set -eux; \\', '    \\', '    make; \\', '    \\', '    make install'));
  });

  it('indents with tabs when the editor does, keeping the relative nesting in columns', () => {
    const before = lines('RUN a \\', '  b \\', '      c');
    assert.equal(fmt(before, {}, TABS), lines('RUN a \\', '\tb \\', '\t\tc'));
    assert.equal(fmt(fmt(before, {}, TABS), {}, TABS), fmt(before, {}, TABS));
    // tab-indented input to spaces: columns count with the tab size
    assert.equal(fmt(lines('RUN a \\', '\tb \\', '\t\tc')), lines('RUN a \\', '    b \\', '        c'));
    assert.equal(fmt(lines('RUN a \\', '\tb \\', '\t\tc'), {}, { tabSize: 2, insertSpaces: true }), lines('RUN a \\', '    b \\', '      c'));
    // 4 columns with tab size 8 is one whole tab
    assert.equal(fmt(lines('RUN a \\', '  b'), {}, { tabSize: 8, insertSpaces: false }), lines('RUN a \\', '\tb'));
  });

  it('continuationIndent: a number of columns, or keep', () => {
    const before = lines('RUN a \\', '      b \\', '        c');
    assert.equal(fmt(before, { continuationIndent: 2 }), lines('RUN a \\', '  b \\', '    c'));
    assert.equal(fmt(before, { continuationIndent: 0 }), lines('RUN a \\', 'b \\', '  c'));
    assert.equal(fmt(before, { continuationIndent: 'keep' }), before);
    assert.equal(fmt(lines('run a \\', '      b  '), { continuationIndent: 'keep' }), lines('RUN a \\', '      b'));
  });

  it('normalizeSpacing false leaves the blanks between words', () => {
    const before = lines('run   --network=none   echo', 'ENV A=1    B=2');
    assert.equal(fmt(before, { normalizeSpacing: false }), lines('RUN   --network=none   echo', 'ENV A=1    B=2'));
  });

  it('trims trailing blanks (also after a continuation backslash), unless told not to', () => {
    const before = 'FROM alpine  \nRUN a \\  \n    b\t\n# note   \n   \nCMD x\n';
    assert.equal(fmt(before), 'FROM alpine\nRUN a \\\n    b\n# note\n\nCMD x\n');
    assert.equal(fmt(before, { trimTrailingWhitespace: false }), before);
  });

  it('ends the file with exactly one line break, unless told not to', () => {
    assert.equal(fmt('FROM alpine'), 'FROM alpine\n');
    assert.equal(fmt('FROM alpine\n\n\n  \n'), 'FROM alpine\n');
    assert.equal(fmt('FROM alpine\n# end\n\n'), 'FROM alpine\n# end\n');
    assert.equal(fmt('FROM alpine\n\n\n', { insertFinalNewline: false }), 'FROM alpine\n\n\n');
    assert.equal(fmt('FROM alpine', { insertFinalNewline: false }), 'FROM alpine');
    assert.equal(fmt(''), '');
  });

  it('keeps CRLF line breaks', () => {
    const before = 'from alpine  \r\nRUN a \\\r\n  b\r\n\r\n\r\n';
    assert.equal(fmt(before), 'FROM alpine\r\nRUN a \\\r\n    b\r\n');
    assert.equal(fmt('FROM a\r\nRUN b'), 'FROM a\r\nRUN b\r\n');
  });

  it('keeps a byte-order mark and formats the line after it', () => {
    assert.equal(fmt('\ufeff  from alpine\nrun  x'), '\ufeffFROM alpine\nRUN x\n');
    assert.equal(fmt('\ufeff'), '\ufeff');
  });

  it('follows the escape directive (backtick continuations), leaves directives alone', () => {
    const before = lines('#  escape=`  ', 'FROM mcr.microsoft.com/windows/servercore', 'run dir `', '  c:\\ `', '      /s', 'copy  a  c:\\b\\');
    assert.equal(fmt(before), lines('#  escape=`  ', 'FROM mcr.microsoft.com/windows/servercore', 'RUN dir `', '  c:\\ `', '      /s', 'COPY a  c:\\b\\'));
    const other = lines('# syntax=docker/dockerfile:1  ', 'FROM alpine', 'RUN a `', '  b \\', '  c');
    // without the directive the backtick is no continuation: `RUN a `` ends the instruction
    assert.equal(fmt(other), lines('# syntax=docker/dockerfile:1  ', 'FROM alpine', 'RUN a `', 'b \\', '    c'));
  });

  it('re-indents only where a POSIX shell runs the command', () => {
    // cmd.exe keeps repeated blanks (`echo a   b`), so after SHELL ["cmd", …] blanks count
    const cmd = lines('FROM alpine', 'SHELL ["cmd", "/S", "/C"]', 'RUN echo a \\', '  b');
    assert.equal(fmt(cmd), cmd);
    const sh = lines('FROM alpine', 'SHELL ["/bin/bash", "-c"]', 'RUN echo a \\', '  b');
    assert.equal(fmt(sh), lines('FROM alpine', 'SHELL ["/bin/bash", "-c"]', 'RUN echo a \\', '    b'));
    const windows = lines('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022', 'RUN echo a \\', '  b');
    assert.equal(fmt(windows), windows);
    // a stage built on a Windows stage inherits its shell
    const inherited = lines('FROM mcr.microsoft.com/windows/servercore AS win', 'FROM win', 'RUN echo a \\', '  b');
    assert.equal(fmt(inherited), inherited);
    // COPY arguments are split by BuildKit itself: any shell
    assert.equal(fmt(lines('FROM mcr.microsoft.com/windows/servercore', 'COPY a \\', '  b c/')), lines('FROM mcr.microsoft.com/windows/servercore', 'COPY a \\', '    b c/'));
  });

  it('ONBUILD: both keywords, the inner flags and arguments', () => {
    assert.equal(fmt('onbuild   run   --network=none   make\nonbuild copy  --from=x   a b\n'), 'ONBUILD RUN --network=none make\nONBUILD COPY --from=x a b\n');
    assert.equal(fmt(lines('ONBUILD RUN a \\', '  b')), lines('ONBUILD RUN a \\', '    b'));
  });

  it('JSON form: the space before the array, nothing inside it', () => {
    assert.equal(fmt('cmd\t[\t"a",   "b" ]\nENTRYPOINT   ["x y"]\n'), 'CMD [\t"a",   "b" ]\nENTRYPOINT ["x y"]\n');
    // invalid JSON is a shell-form string: still only the leading blanks change
    assert.equal(fmt('CMD   [ "a",  b ]\n'), 'CMD [ "a",  b ]\n');
  });

  it('HEALTHCHECK: flags and the CMD keyword', () => {
    assert.equal(fmt('healthcheck   --interval=5s   CMD   curl -f x\n'), 'HEALTHCHECK --interval=5s CMD curl -f x\n');
  });

  it('never touches heredoc bodies and terminators', () => {
    const before = lines('run   <<EOF  ', '  echo   hi   ', '\t\tindented  ', 'EOF', 'COPY <<-EOT   /etc/x', '\tbody  \\', '\tEOT', 'RUN a');
    assert.equal(fmt(before), lines('RUN <<EOF', '  echo   hi   ', '\t\tindented  ', 'EOF', 'COPY <<-EOT   /etc/x', '\tbody  \\', '\tEOT', 'RUN a'));
    // unterminated at the end of the file: its trailing blank lines are body
    const open = 'FROM a\nRUN <<EOF\n  x  \n\n\n';
    assert.equal(fmt(open), open);
    // a heredoc whose instruction continues over lines
    assert.equal(fmt(lines('RUN <<EOF \\', ' && echo', 'body  ', 'EOF')), lines('RUN <<EOF \\', '    && echo', 'body  ', 'EOF'));
  });

  it('Korean and emoji', () => {
    const before = lines('label  설명="한국어   설명"   emoji="🐳  🚀"', 'run echo "안녕" \\', '  && echo 🐳', '# 주석   ');
    assert.equal(fmt(before), lines('LABEL 설명="한국어   설명" emoji="🐳  🚀"', 'RUN echo "안녕" \\', '    && echo 🐳', '# 주석'));
  });

  it('is idempotent and keeps the parse on awkward input', () => {
    const cases = [
      '',
      '\n\n',
      '# only a comment',
      'FROM',
      'RUN \\',
      'RUN a \\\n',
      '\\\nRUN x',
      'FROM a\n   \\\n  RUN x',
      'RUN ["unterminated\nCMD ["a", \\\n   "b"',
      'RUN <<EOF\nno end',
      'RUN <<"EOF" <<-EOT\na\nEOF\n\tb\n\tEOT\n',
      'ENV\nLABEL\nARG\nonbuild\nunknown   thing   here',
      'RUN echo "unterminated \\\n   quote',
      'RUN a\rb  \r\nRUN c',
      'FROM a\n\tRUN\t\tx\t\\\n\t\ty\n',
      'RUN x="$(echo "a \\\n   b")"',
      "RUN echo $'a\\' \\\n   b'",
      'RUN echo `a \\\n   b`',
      'RUN echo ${X:-a \\\n   b}',
      'FROM a\f\nRUN \u00a0 x \\\n\u00a0 y\n',
      'RUN ' + 'x'.repeat(1_000_000) + ' \\\n  y\n',
    ];
    for (const text of cases) {
      const once = fmt(text);
      assert.equal(fmt(once), once, JSON.stringify(text.slice(0, 80)));
      assertSameParse(text, once, JSON.stringify(text.slice(0, 80)));
    }
  });

  it('does not push a line over BuildKit\'s 64 KiB line limit', () => {
    const text = 'RUN a \\\n  ' + 'x'.repeat(65_533) + '\n';
    assert.equal(parse(text).problems.filter((p) => p.fatal).length, 0);
    const out = fmt(text);
    assert.equal(parse(out).problems.filter((p) => p.fatal).length, 0);
    assert.equal(out, text);
  });

  it('settings from the user are sanitized', () => {
    const bad = { keywordCase: 'lower', continuationIndent: '8', normalizeSpacing: 'yes', trimTrailingWhitespace: null, insertFinalNewline: 1 } as unknown as FormatSettings;
    assert.equal(applyEdits('run a \\\n  b  ', formatDocument(analyze('file:///D', 1, 'run a \\\n  b  '), SPACES, bad)), 'RUN a \\\n    b\n');
    const negative = { ...DEFAULT_FORMAT_SETTINGS, continuationIndent: -3 };
    assert.equal(applyEdits('RUN a \\\n  b\n', formatDocument(analyze('file:///D', 1, 'RUN a \\\n  b\n'), SPACES, negative)), 'RUN a \\\nb\n');
  });

  it('shellSkeleton squeezes unquoted blanks only', () => {
    assert.equal(shellSkeleton('a   b\t c'), 'a b c');
    assert.equal(shellSkeleton(`echo "a   b" 'c   d'  e\\  f`), `echo "a   b" 'c   d' e\\  f`);
    // a command substitution splits words even inside double quotes; its own quotes nest
    assert.equal(shellSkeleton('x="$(echo   "a   b"   c)"   y'), 'x="$(echo "a   b" c)" y');
    assert.equal(shellSkeleton('x=$(echo   "a   b")   y'), 'x=$(echo "a   b") y');
    assert.equal(shellSkeleton('echo ${X:-a   b}   `c   d`'), 'echo ${X:-a   b} `c   d`');
    assert.equal(shellSkeleton("echo $'a\\'   b'   c"), "echo $'a\\'   b' c");
  });

  describe('range formatting', () => {
    const text = lines('from alpine', 'run  a \\', '  b', 'run  c   ', '# note  ', 'run  d');
    const range = (l0: number, l1: number) =>
      applyEdits(text, formatRange(analyze('file:///D', 1, text), { start: { line: l0, character: 0 }, end: { line: l1, character: 0 } }, SPACES, DEFAULT_FORMAT_SETTINGS));

    it('formats the instructions that intersect the range, whole', () => {
      assert.equal(range(2, 2), lines('from alpine', 'RUN a \\', '    b', 'run  c   ', '# note  ', 'run  d'));
      // a selection ending at the start of a line does not take that line
      assert.equal(range(3, 4), lines('from alpine', 'run  a \\', '  b', 'RUN c', '# note  ', 'run  d'));
      assert.equal(range(3, 5), lines('from alpine', 'run  a \\', '  b', 'RUN c', '# note', 'run  d'));
    });

    it('the whole document range equals document formatting', () => {
      assert.equal(range(0, 6), fmt(text));
    });

    it('does not add the final line break', () => {
      const t = 'FROM a\nrun  x';
      const out = applyEdits(t, formatRange(analyze('file:///D', 1, t), { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } }, SPACES, DEFAULT_FORMAT_SETTINGS));
      assert.equal(out, 'FROM a\nRUN x');
    });
  });

  describe('on type', () => {
    /** Types Enter at `|`: returns the text with the line break and the on-type edits applied. */
    function enter(source: string, settings: Partial<FormatSettings> = {}, options = SPACES, ch = '\n'): string {
      const at = source.indexOf('|');
      const text = source.slice(0, at) + '\n' + source.slice(at + 1);
      const doc = analyze('file:///D', 1, text);
      const pos = doc.lines.positionAt(at + 1);
      return applyEdits(text, formatOnType(doc, pos, ch, options, { ...DEFAULT_FORMAT_SETTINGS, ...settings }));
    }

    it('after the first line of a continuation: the configured indent', () => {
      assert.equal(enter('FROM a\nRUN apt-get update && \\|'), 'FROM a\nRUN apt-get update && \\\n    ');
      assert.equal(enter('RUN a \\|', {}, TABS), 'RUN a \\\n\t');
      assert.equal(enter('RUN a \\|', { continuationIndent: 2 }), 'RUN a \\\n  ');
      // the editor's own indentation is replaced
      assert.equal(enter('  RUN a \\|  '), '  RUN a \\\n    ');
    });

    it('after a later continuation line: like that line', () => {
      assert.equal(enter('RUN a \\\n        b \\|\nFROM x'), 'RUN a \\\n        b \\\n        \nFROM x');
      // comment lines in between are skipped
      assert.equal(enter('RUN a \\\n      b \\\n# note|'), 'RUN a \\\n      b \\\n# note\n      ');
    });

    it('keep: like the line above, also after the first line', () => {
      assert.equal(enter('RUN a \\|', { continuationIndent: 'keep' }), 'RUN a \\\n');
      assert.equal(enter('  RUN a \\|', { continuationIndent: 'keep' }), '  RUN a \\\n  ');
    });

    it('nothing outside a continuation, in heredocs, or for other characters', () => {
      assert.equal(enter('RUN a|'), 'RUN a\n');
      assert.equal(enter('RUN a \\\\|'), 'RUN a \\\\\n'); // an escaped backslash
      assert.equal(enter('# comment \\|'), '# comment \\\n');
      assert.equal(enter('RUN <<EOF\necho a \\|\nEOF'), 'RUN <<EOF\necho a \\\n\nEOF');
      assert.equal(enter('RUN a \\|', {}, SPACES, ';'), 'RUN a \\\n');
      assert.equal(enter('|'), '\n');
    });

    it('follows the escape directive', () => {
      assert.equal(enter('# escape=`\nRUN dir `|'), '# escape=`\nRUN dir `\n    ');
      assert.equal(enter('# escape=`\nRUN dir \\|'), '# escape=`\nRUN dir \\\n');
    });
  });

  describe('real files: the parse is unchanged and formatting is idempotent', () => {
    const files: Array<[string, string]> = realDockerfiles();
    for (const dir of ['testfiles', 'testfiles-negative']) {
      for (const name of listDirs(corpus('buildkit-parser', dir))) {
        const text = readCorpus('buildkit-parser', dir, name, 'Dockerfile');
        // cases that BuildKit parses
        if (!parse(text).problems.some((p) => p.fatal)) files.push([`buildkit-parser/${dir}/${name}`, text]);
      }
    }
    let changed = 0;
    for (const [name, text] of files) {
      it(name, () => {
        const once = fmt(text);
        if (once !== text) changed++;
        assertSameParse(text, once, name);
        assert.equal(fmt(once), once, 'idempotent');
        // with tabs and other settings too
        const tabbed = fmt(text, { continuationIndent: 8 }, TABS);
        assertSameParse(text, tabbed, name);
        assert.equal(fmt(tabbed, { continuationIndent: 8 }, TABS), tabbed, 'idempotent with tabs');
      });
    }
    it('the formatter did change most of them', () => {
      assert.ok(files.length >= 45, `${files.length} files`);
      assert.ok(changed >= 25, `${changed} changed`);
    });
  });

  it('a 10,000-line generated file: parse unchanged, idempotent', () => {
    const text = generateDockerfile(10_000, 7);
    const once = fmt(text);
    assert.notEqual(once, text);
    assertSameParse(text, once, 'generated');
    assert.equal(fmt(once), once);
  });
});
