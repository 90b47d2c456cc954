/**
 * Shell formatting inside RUN and RUN heredoc scripts (format.shell, mvdan/sh
 * through sh-syntax): the Dockerfile mapping, what is skipped, and the proof
 * on the corpus that every RUN keeps its shell syntax tree and that the
 * formatter is idempotent.
 */
import * as assert from 'node:assert/strict';
import type { FormattingOptions, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_FORMAT_SETTINGS, formatDocument, formatDocumentAsync, formatRangeAsync, type FormatSettings } from '../../server/src/features/formatting';
import { analyze } from '../../server/src/model/document';
import { canonicalShell, shellVariant, ShellVariant } from '../../server/src/model/shellFormat';
import { parse, type DockerfileAst } from '../../server/src/parser';
import { corpus, listDirs, readCorpus, realDockerfiles } from '../helpers/corpus';

const SPACES: FormattingOptions = { tabSize: 4, insertSpaces: true };
const TABS: FormattingOptions = { tabSize: 4, insertSpaces: false };
const SHELL: Partial<FormatSettings> = { shell: true };

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///Dockerfile', 'dockerfile', 1, text), edits);
}
async function fmt(text: string, settings: Partial<FormatSettings> = SHELL, options = SPACES): Promise<string> {
  return applyEdits(text, await formatDocumentAsync(analyze('file:///Dockerfile', 1, text), options, { ...DEFAULT_FORMAT_SETTINGS, ...settings }));
}
const lines = (...l: string[]) => l.join('\n') + '\n';

/** The shell program of each instruction (default /bin/sh, SHELL exec form), for the variant the check reads with. */
function programs(ast: DockerfileAst): string[] {
  let p = '/bin/sh';
  const byStage = new Map<string, string>();
  let stage: string | undefined;
  return ast.instructions.map((ins) => {
    const d = ins.details;
    if (d.kind === 'from') {
      if (stage !== undefined) byStage.set(stage, p);
      p = byStage.get((d.image?.value ?? '').toLowerCase()) ?? '/bin/sh';
      stage = d.stageName?.value.toLowerCase();
    } else if (ins.name === 'SHELL' && ins.form === 'exec' && ins.args.length) p = ins.args[0].value;
    return p;
  });
}

/**
 * Every RUN of `after` runs a script with the same mvdan/sh syntax tree as the
 * same RUN of `before` (shell form: the joined command BuildKit passes to the
 * shell; heredoc: the body), and every other instruction is unchanged
 * (BuildKit's view: name, flags, arguments, heredocs). Returns how many RUN
 * scripts changed text.
 */
async function assertSameScripts(before: string, after: string, name: string, plain?: string): Promise<number> {
  const a = parse(before);
  const b = parse(after);
  const c = plain === undefined ? undefined : parse(plain);
  assert.equal(b.instructions.length, a.instructions.length, name);
  const progs = programs(a);
  let changed = 0;
  for (let i = 0; i < a.instructions.length; i++) {
    const x = a.instructions[i];
    const y = b.instructions[i];
    assert.equal(y.name, x.name, name);
    assert.equal(y.form, x.form, name);
    assert.deepEqual(y.flags.map((f) => f.raw), x.flags.map((f) => f.raw), name);
    const variant = shellVariant(progs[i]) ?? ShellVariant.Bash;
    // a RUN left to the whitespace formatter (formatting.test.ts checks that one) reads as it does without format.shell
    const plainArgs = c?.instructions[i].args.map((t) => t.value);
    if (x.name === 'RUN' && x.form === 'shell' && x.args.length === 1 && x.args[0].value !== y.args[0].value && !(plainArgs && plainArgs[0] === y.args[0].value)) {
      changed++;
      const cx = await canonicalShell(x.args[0].value, variant);
      assert.ok(cx !== undefined, `${name}: a changed RUN parsed before (line ${x.startLine})`);
      assert.equal(await canonicalShell(y.args[0].value, variant), cx, `${name}: RUN at line ${x.startLine}`);
    } else if (!(plainArgs && plainArgs.join('\0') === y.args.map((t) => t.value).join('\0'))) {
      assert.deepEqual(y.args.map((t) => t.value), x.args.map((t) => t.value), `${name}: line ${x.startLine}`);
    }
    assert.equal(y.heredocs.length, x.heredocs.length, name);
    for (let k = 0; k < x.heredocs.length; k++) {
      const hx = x.heredocs[k];
      const hy = y.heredocs[k];
      assert.deepEqual([hy.name, hy.expand, hy.chomp, hy.fileDescriptor], [hx.name, hx.expand, hx.chomp, hx.fileDescriptor], name);
      if (hx.content !== hy.content) {
        changed++;
        assert.equal(x.name, 'RUN', `${name}: only RUN heredoc scripts change`);
        const cx = await canonicalShell(hx.content, variant);
        assert.ok(cx !== undefined);
        assert.equal(await canonicalShell(hy.content, variant), cx, `${name}: heredoc at line ${x.startLine}`);
      }
    }
  }
  return changed;
}

describe('shell formatting (format.shell)', function () {
  this.timeout(120_000);

  it('is off by default: the same edits as without it', async () => {
    const text = lines('run  apt-get update&&apt-get install -y curl', 'RUN <<EOF', 'if true;then echo a;fi', 'EOF');
    const doc = analyze('file:///Dockerfile', 1, text);
    assert.deepEqual(await formatDocumentAsync(doc, SPACES, DEFAULT_FORMAT_SETTINGS), formatDocument(doc, SPACES, DEFAULT_FORMAT_SETTINGS));
    assert.equal(DEFAULT_FORMAT_SETTINGS.shell, false);
  });

  it('formats a one-line RUN and keeps it on one line', async () => {
    assert.equal(await fmt('RUN apt-get update&&apt-get install -y curl>/dev/null  2>&1\n'), 'RUN apt-get update && apt-get install -y curl >/dev/null 2>&1\n');
  });

  it('keeps the `&& \\` style: operators at the end of the line, continuation indent', async () => {
    const text = lines('RUN apt-get update &&\\', '  apt-get install -y  curl   && \\', '        rm -rf /var/lib/apt/lists/*');
    assert.equal(await fmt(text), lines('RUN apt-get update && \\', '    apt-get install -y curl && \\', '    rm -rf /var/lib/apt/lists/*'));
  });

  it('keeps the `\\ && ` style: operators at the start of the line', async () => {
    const text = lines('RUN apt-get update \\', '  &&   apt-get install -y curl \\', '          && rm -rf /var/lib/apt/lists/*');
    assert.equal(await fmt(text), lines('RUN apt-get update \\', '    && apt-get install -y curl \\', '    && rm -rf /var/lib/apt/lists/*'));
  });

  it('`set -eux; \\` scripts: one statement a line, `; \\` between them, nested blocks indented', async () => {
    const text = lines('RUN set -eux; \\', 'if [ -f /etc/x ];then \\', 'echo yes;\\', 'fi; \\', '  for f in a b;do echo $f;done');
    const out = await fmt(text);
    assert.equal(out, lines('RUN set -eux; \\', '    if [ -f /etc/x ]; then \\', '        echo yes; \\', '    fi; \\', '    for f in a b; do echo $f; done'));
    await assertSameScripts(text, out, 'set -eux');
  });

  it('official-image style: `\\` separator lines, case items, a lone `;` line (tabs in, spaces out)', async () => {
    const text = lines('RUN set -eux; \\', '\t\\', '\tcase "$a" in \\', '\t\tx) \\', '\t\t\tu=1; \\', '\t\t\t;; \\', '\t\t*) echo no; exit 1 ;; \\', '\tesac; \\',
      '\ttar --extract \\', '\t\t--file a \\', '\t; \\', '\techo "$u"');
    const out = await fmt(text);
    // mvdan/sh lays out every item of a multi-line case alike; a statement's own continuation lines (a later statement's) sit one level deeper
    assert.equal(out, lines('RUN set -eux; \\', '    \\', '    case "$a" in \\', '        x) \\', '            u=1; \\', '            ;; \\', '        *) \\', '            echo no; \\', '            exit 1; \\', '            ;; \\', '    esac; \\',
      '    tar --extract \\', '        --file a \\', '        ; \\', '    echo "$u"'));
    await assertSameScripts(text, out, 'case');
    assert.equal(await fmt(out), out);
  });

  it('comment lines inside a RUN stay, indented like the code line after them', async () => {
    const text = lines('RUN set -eux;\\', '# update first', 'apt-get update&& \\', '  # then install', '  apt-get install -y curl');
    const out = await fmt(text);
    assert.equal(out, lines('RUN set -eux; \\', '    # update first', '    apt-get update && \\', '        # then install', '        apt-get install -y curl'));
    await assertSameScripts(text, out, 'comments');
    assert.equal(await fmt(out), out);
  });

  it('argument lists split over lines stay split, at the continuation indent', async () => {
    const text = lines('RUN apt-get install -y \\', '      curl \\', '  wget');
    assert.equal(await fmt(text), lines('RUN apt-get install -y \\', '    curl \\', '    wget'));
  });

  it('keeps flags, the keyword case fix and CRLF line breaks', async () => {
    const text = 'run --mount=type=cache,target=/root/.cache  pip install x&&\\\r\n  echo ok\r\n';
    assert.equal(await fmt(text), 'RUN --mount=type=cache,target=/root/.cache pip install x && \\\r\n    echo ok\r\n');
  });

  it('indents with tabs when the editor does', async () => {
    const text = lines('RUN set -e; \\', 'if true; then \\', 'echo a; \\', 'fi');
    assert.equal(await fmt(text, SHELL, TABS), lines('RUN set -e; \\', '\tif true; then \\', '\t\techo a; \\', '\tfi'));
  });

  it('formats the script of a RUN heredoc, not other heredocs', async () => {
    const text = lines('RUN <<EOF', 'set -e', 'if true;then', 'echo a', 'fi', 'EOF', 'COPY <<EOF /x', 'if true;then', 'echo a', 'fi', 'EOF');
    const out = await fmt(text);
    assert.equal(out, lines('RUN <<EOF', 'set -e', 'if true; then', '    echo a', 'fi', 'EOF', 'COPY <<EOF /x', 'if true;then', 'echo a', 'fi', 'EOF'));
    await assertSameScripts(text, out, 'heredoc');
  });

  it('skips: SHELL PowerShell/cmd, the backtick escape, blank lines, <<- bodies, python heredocs, parse errors', async () => {
    const cases = [
      lines('FROM busybox', 'SHELL ["pwsh", "-Command"]', 'RUN Write-Host  a;Write-Host b'),
      lines('FROM mcr.microsoft.com/windows/servercore', 'RUN echo a&&echo b'),
      lines('# escape=`', 'FROM busybox', 'RUN echo a&&echo b'),
      lines('RUN <<-EOF', '\tif true;then echo a;fi', '\tEOF'),
      lines('RUN <<EOF', '#!/usr/bin/env python3', 'print( 1 )', 'EOF'),
      lines('RUN echo a &&& echo b'),
      lines('RUN echo a # comment \\', '    echo b'),
      lines('ONBUILD RUN echo a&&echo b'),
      lines('RUN echo a&& \\', '', '    echo b'),
      // a comment line inside an argument list: mvdan/sh would read the rest as other commands; the check refuses it
      lines('RUN apt-get install -y \\', '    curl \\', '    # for x', '    wget'),
    ];
    for (const text of cases) assert.equal(await fmt(text), text, text);
  });

  it('bash after SHELL ["/bin/bash", "-c"]: [[ ]] is formatted', async () => {
    const text = lines('SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'RUN if [[ -f x ]];then echo a;fi');
    assert.equal(await fmt(text), lines('SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'RUN if [[ -f x ]]; then echo a; fi'));
  });

  it('range formatting formats the RUN it touches only', async () => {
    const text = lines('RUN echo a&&echo b', 'RUN echo c&&echo d');
    const doc = analyze('file:///Dockerfile', 1, text);
    const e = await formatRangeAsync(doc, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, SPACES, { ...DEFAULT_FORMAT_SETTINGS, shell: true });
    assert.equal(applyEdits(text, e), lines('RUN echo a&&echo b', 'RUN echo c && echo d'));
  });

  describe('corpus: every RUN keeps its shell syntax tree, formatting is idempotent', () => {
    const files: Array<[string, string]> = realDockerfiles();
    for (const dir of ['testfiles', 'testfiles-negative']) {
      for (const name of listDirs(corpus('buildkit-parser', dir))) {
        const text = readCorpus('buildkit-parser', dir, name, 'Dockerfile');
        if (!parse(text).problems.some((p) => p.fatal)) files.push([`buildkit-parser/${dir}/${name}`, text]);
      }
    }
    let changed = 0;
    let runs = 0;
    for (const [name, text] of files) {
      it(name, async () => {
        runs += parse(text).instructions.filter((i) => i.name === 'RUN').length;
        for (const [settings, options] of [[SHELL, SPACES], [{ shell: true, continuationIndent: 8 }, TABS]] as const) {
          const once = await fmt(text, settings, options);
          const plain = await fmt(text, { ...settings, shell: false }, options);
          changed += await assertSameScripts(text, once, name, plain);
          assert.equal(await fmt(once, settings, options), once, `${name}: idempotent`);
        }
      });
    }
    it('changed many of the RUN scripts', () => {
      console.log(`      ${files.length} files, ${runs} RUN instructions, ${changed} scripts re-laid (spaces + tabs runs)`);
      assert.ok(changed >= 70, `${changed} changed`);
    });
  });
});
