/**
 * The real server process over the real protocol: `node dist/server.js --stdio`
 * driven the way an editor drives it.
 */
import * as assert from 'node:assert/strict';
import { instructionDoc } from '../../server/src/docs/instructions';
import { LspClient } from '../helpers/lspClient';
import { readCorpus } from '../helpers/corpus';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateDockerfile } = require('../../scripts/gen-dockerfile.mjs') as { generateDockerfile: (lines: number, seed: number) => string };

type HoverResult = { contents: { kind: string; value: string }; range: { start: { line: number; character: number } } } | null;
type Items = Array<{ label: string }> | { items: Array<{ label: string }> };
const labelsOf = (r: Items) => (Array.isArray(r) ? r : r.items).map((i) => i.label);

const uri = 'file:///work/Dockerfile';
const text = [
  '# syntax=docker/dockerfile:1',
  'ARG GO_VERSION=1.27',
  'FROM golang:${GO_VERSION} AS build',
  'RUN --mount=type=cache,target=/root/.cache go build -o /app .',
  '',
  'FROM alpine',
  'COPY --from=build /app /app',
  '',
].join('\n');

describe('protocol: dist/server.js --stdio', function () {
  this.timeout(30000);
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    const init = await client.initialize('en', { textDocument: { completion: { completionItem: { snippetSupport: true } } } });
    assert.equal(init.capabilities.hoverProvider, true);
    assert.ok(init.capabilities.completionProvider);
    client.open(uri, text);
  });
  after(async () => {
    const code = await client.shutdown();
    assert.equal(code, 0);
  });

  it('hover on FROM gives its documentation', async () => {
    const h = await client.request<HoverResult>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 1 } });
    assert.ok(h!.contents.value.includes(instructionDoc('FROM')!.summary.en));
    assert.deepEqual(h!.range.start, { line: 2, character: 0 });
  });

  it('hover on a variable and on a stage reference', async () => {
    const v = await client.request<HoverResult>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 17 } });
    assert.match(v!.contents.value, /Value here: `1.27`/);
    const s = await client.request<HoverResult>('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 14 } });
    assert.match(s!.contents.value, /Build stage `build`/);
  });

  it('completion on an empty line lists instructions; flag values after --mount=', async () => {
    const items = await client.request<Items>('textDocument/completion', { textDocument: { uri }, position: { line: 7, character: 0 } });
    for (const k of ['RUN', 'COPY', 'CMD', 'WORKDIR']) assert.ok(labelsOf(items).includes(k), k);
    const mount = await client.request<Items>('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 23 } });
    assert.ok(labelsOf(mount).includes('target'));
  });

  it('incremental didChange is applied before the next request', async () => {
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, text: 'ENV PORT=8080\nEXPOSE $PORT\n' }],
    });
    const h = await client.request<HoverResult>('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 9 } });
    assert.match(h!.contents.value, /Value here: `8080`/);
  });

  it('requests for unknown documents and positions out of range answer null/empty', async () => {
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: 'file:///nope' }, position: { line: 0, character: 0 } }), null);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 999, character: 999 } }), null);
    assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri: 'file:///nope' }, position: { line: 0, character: 0 } }), []);
  });

  it('a real corpus file and a 10,000-line file are served', async () => {
    const real = 'file:///work/python.Dockerfile';
    client.open(real, readCorpus('real/docker-library__python/3.14__bookworm__Dockerfile.Dockerfile'));
    const h = await client.request<HoverResult>('textDocument/hover', { textDocument: { uri: real }, position: { line: 6, character: 1 } });
    assert.ok(h);
    const big = 'file:///work/big.Dockerfile';
    client.open(big, generateDockerfile(10000, 42));
    const c = await client.request<Items>('textDocument/completion', { textDocument: { uri: big }, position: { line: 9999, character: 0 } });
    assert.ok(Array.isArray(c));
  });
});

describe('protocol: Korean display language', function () {
  this.timeout(30000);
  it('answers in Korean when the client locale is ko', async () => {
    const client = new LspClient();
    await client.initialize('ko');
    client.open(uri, text);
    const h = await client.request<HoverResult>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 1 } });
    assert.ok(h!.contents.value.includes(instructionDoc('FROM')!.summary.ko));
    assert.equal(await client.shutdown(), 0);
  });

  it('the dockerfileLens.language setting overrides the locale (workspace/configuration)', async () => {
    const client = new LspClient();
    client.onRequest = (method) => (method === 'workspace/configuration' ? [{ language: 'ko' }] : null);
    await client.initialize('en', { workspace: { configuration: true } });
    client.open(uri, text);
    const h = await client.request<HoverResult>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 1 } });
    assert.ok(h!.contents.value.includes(instructionDoc('FROM')!.summary.ko));
    assert.equal(await client.shutdown(), 0);
  });
});
