/**
 * Formatting over the real protocol: textDocument/formatting, rangeFormatting
 * and onTypeFormatting against `node dist/server.js --stdio`, with and without
 * the dockerfileLens.format settings.
 */
import * as assert from 'node:assert/strict';
import type { TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from '../helpers/lspClient';

const uri = 'file:///work/format/Dockerfile';
const text = ['from alpine  ', '  run   --network=none   apk add \\', '        curl \\', '            jq', 'env A=1    B=2', 'run echo "keep \\', '   me"', '', ''].join('\n');
const options = { tabSize: 4, insertSpaces: true };
const apply = (t: string, edits: TextEdit[]) => TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, t), edits);

describe('protocol: formatting', function () {
  this.timeout(30000);
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    const init = await client.initialize('en');
    assert.equal(init.capabilities.documentFormattingProvider, true);
    assert.equal(init.capabilities.documentRangeFormattingProvider, true);
    assert.deepEqual(init.capabilities.documentOnTypeFormattingProvider, { firstTriggerCharacter: '\n' });
    client.open(uri, text);
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  it('textDocument/formatting', async () => {
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options });
    assert.equal(apply(text, edits), [
      'FROM alpine', 'RUN --network=none apk add \\', '    curl \\', '        jq', 'ENV A=1 B=2', 'RUN echo "keep \\', '   me"', '',
    ].join('\n'));
    // small edits, not one replacement of the whole text
    assert.ok(edits.length > 5 && edits.every((e) => e.range.start.line === e.range.end.line || e.newText === '\n'), JSON.stringify(edits));
  });

  it('textDocument/rangeFormatting touches only the instructions in the range', async () => {
    const edits = await client.request<TextEdit[]>('textDocument/rangeFormatting', {
      textDocument: { uri }, options, range: { start: { line: 4, character: 0 }, end: { line: 4, character: 3 } },
    });
    assert.equal(apply(text, edits), text.replace('env A=1    B=2', 'ENV A=1 B=2'));
  });

  it('textDocument/onTypeFormatting after Enter in a continuation', async () => {
    const typed = 'FROM alpine\nRUN apk add \\\n';
    const u = 'file:///work/format/typed.Dockerfile';
    client.open(u, typed);
    const first = await client.request<TextEdit[]>('textDocument/onTypeFormatting', { textDocument: { uri: u }, position: { line: 2, character: 0 }, ch: '\n', options });
    assert.deepEqual(first, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '    ' }]);
    const tabs = await client.request<TextEdit[]>('textDocument/onTypeFormatting', { textDocument: { uri: u }, position: { line: 2, character: 0 }, ch: '\n', options: { tabSize: 4, insertSpaces: false } });
    assert.equal(tabs[0].newText, '\t');
    const none = await client.request<TextEdit[]>('textDocument/onTypeFormatting', { textDocument: { uri: u }, position: { line: 1, character: 0 }, ch: '\n', options });
    assert.deepEqual(none, []);
  });

  it('a closed document gets no edits', async () => {
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: 'file:///nowhere/Dockerfile' }, options });
    assert.deepEqual(edits, []);
  });

  it('dockerfileLens.format settings (workspace/configuration)', async () => {
    const c = new LspClient();
    c.onRequest = (method) => (method === 'workspace/configuration' ? [{ format: { keywordCase: 'preserve', continuationIndent: 2, insertFinalNewline: false } }] : null);
    await c.initialize('en', { workspace: { configuration: true } });
    c.open(uri, text);
    const edits = await c.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options });
    assert.equal(apply(text, edits), [
      // the unset settings keep their defaults: spacing and trailing blanks are still fixed
      'from alpine', 'run --network=none apk add \\', '  curl \\', '      jq', 'env A=1 B=2', 'run echo "keep \\', '   me"', '', '',
    ].join('\n'));
    assert.equal(await c.shutdown(), 0);
  });

  it('dockerfileLens.format.shell: the shell of RUN and of a RUN heredoc, by mvdan/sh (formatting and rangeFormatting)', async () => {
    const c = new LspClient();
    c.onRequest = (method) => (method === 'workspace/configuration' ? [{ format: { shell: true } }] : null);
    await c.initialize('en', { workspace: { configuration: true } });
    const u = 'file:///work/format/shell.Dockerfile';
    const t = ['FROM busybox', 'RUN set -eux;\\', '  if [ -d /tmp ];then echo yes;fi; \\', '  echo a|wc -c>/tmp/n', 'RUN <<EOF', 'for i in 1 2;do echo $i;done', 'EOF', 'RUN echo c&&echo d', ''].join('\n');
    c.open(u, t);
    const edits = await c.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: u }, options });
    assert.equal(apply(t, edits), [
      'FROM busybox', 'RUN set -eux; \\', '    if [ -d /tmp ]; then echo yes; fi; \\', '    echo a | wc -c >/tmp/n',
      'RUN <<EOF', 'for i in 1 2; do echo $i; done', 'EOF', 'RUN echo c && echo d', '',
    ].join('\n'));
    const range = await c.request<TextEdit[]>('textDocument/rangeFormatting', { textDocument: { uri: u }, options, range: { start: { line: 7, character: 0 }, end: { line: 7, character: 1 } } });
    assert.equal(apply(t, range), t.replace('RUN echo c&&echo d', 'RUN echo c && echo d'));
    assert.equal(await c.shutdown(), 0);
  });
});
