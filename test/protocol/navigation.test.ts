/** Definition, references, highlight, rename and inlay hints through the real server process. */
import * as assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';

type Loc = { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };

const uri = 'file:///work/nav/Dockerfile';
const text = [
  'ARG BASE_TAG=3.20',
  'FROM alpine:${BASE_TAG} AS build',
  'ARG BASE_TAG',
  'RUN echo ${BASE_TAG} > /v',
  'FROM build',
  'COPY --from=build /v /v',
  '',
].join('\n');

describe('protocol: navigation, rename, inlay hints', function () {
  this.timeout(30000);
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    const init = await client.initialize('en', {});
    const caps = init.capabilities as Record<string, unknown>;
    for (const c of ['definitionProvider', 'referencesProvider', 'documentHighlightProvider', 'renameProvider', 'inlayHintProvider']) assert.ok(caps[c], c);
    client.open(uri, text);
  });
  after(async () => assert.equal(await client.shutdown(), 0));

  it('definition of a stage reference and of a variable', async () => {
    const s = await client.request<Loc[]>('textDocument/definition', { textDocument: { uri }, position: { line: 5, character: 14 } });
    assert.deepEqual(s.map((l) => [l.uri, l.range.start]), [[uri, { line: 1, character: 27 }]]);
    const v = await client.request<Loc[]>('textDocument/definition', { textDocument: { uri }, position: { line: 3, character: 13 } });
    assert.deepEqual(v.map((l) => l.range.start), [{ line: 2, character: 4 }]);
  });

  it('references and highlights of the global ARG include its re-declaration and uses', async () => {
    const refs = await client.request<Loc[]>('textDocument/references', { textDocument: { uri }, position: { line: 0, character: 5 }, context: { includeDeclaration: true } });
    assert.deepEqual(refs.map((l) => l.range.start.line), [0, 1, 2, 3]);
    const hl = await client.request<Array<{ kind: number }>>('textDocument/documentHighlight', { textDocument: { uri }, position: { line: 4, character: 6 } });
    assert.equal(hl.length, 3);
  });

  it('prepareRename and rename; a refused rename answers with the reason', async () => {
    const prep = await client.request<{ placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position: { line: 4, character: 6 } });
    assert.equal(prep.placeholder, 'build');
    const edit = await client.request<{ changes: Record<string, Array<{ newText: string; range: Loc['range'] }>> }>('textDocument/rename', { textDocument: { uri }, position: { line: 4, character: 6 }, newName: 'builder' });
    assert.deepEqual(edit.changes[uri].map((e) => [e.range.start.line, e.newText]), [[1, 'builder'], [4, 'builder'], [5, 'builder']]);
    await assert.rejects(
      client.request('textDocument/rename', { textDocument: { uri }, position: { line: 4, character: 6 }, newName: 'bad name' }),
      /not a valid stage name/,
    );
    const nothing = client.request('textDocument/prepareRename', { textDocument: { uri }, position: { line: 3, character: 1 } });
    await assert.rejects(nothing, /can be renamed/);
  });

  it('inlay hints: the resolved FROM reference at the end of its line, a resolved value and the implicit :latest', async () => {
    client.open('file:///work/nav/b.Dockerfile', 'ARG V=1.2\nFROM node:${V}\nFROM ubuntu\nENV A=${V}\n');
    const hints = await client.request<Array<{ label: string; position: { line: number; character: number } }>>('textDocument/inlayHint', {
      textDocument: { uri: 'file:///work/nav/b.Dockerfile' },
      range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } },
    });
    assert.deepEqual(hints.map((h) => [h.position.line, h.position.character, h.label]), [[1, 14, '→ node:1.2'], [2, 11, ':latest']]);
  });

  it('requests on an unopened document answer empty, not an error', async () => {
    const other = { textDocument: { uri: 'file:///nope/Dockerfile' }, position: { line: 0, character: 0 } };
    assert.deepEqual(await client.request('textDocument/definition', other), []);
    assert.deepEqual(await client.request('textDocument/references', { ...other, context: { includeDeclaration: true } }), []);
    assert.equal(await client.request('textDocument/rename', { ...other, newName: 'x' }), null);
  });
});
