/**
 * Outline, workspace symbols, folding, expand selection and document links
 * through the real server process (`node dist/server.js --stdio`).
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DocumentLink, DocumentSymbol, FoldingRange, SelectionRange, SymbolInformation } from 'vscode-languageserver';
import { LspClient } from '../helpers/lspClient';

const app = 'file:///work/app/Dockerfile';
const appText = [
  'ARG GO_VERSION=1.22',
  'FROM golang:${GO_VERSION} AS build',
  '# fetch modules first',
  '# for better caching',
  'RUN go mod download \\',
  '    && go build -o /out/app .',
  '',
  'FROM alpine:3.20',
  'COPY --from=build /out/app /app',
  'LABEL org.opencontainers.image.source="https://github.com/acme/app"',
  'ENTRYPOINT ["/app"]',
  '',
].join('\n');
const web = 'file:///work/web/Dockerfile';
const webText = 'FROM node:20 AS web-builder\nRUN npm ci\nFROM nginx AS web\n';

describe('protocol: structure', function () {
  this.timeout(30000);
  let client: LspClient;
  let folder: string;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'dockerfile-lens-structure-'));
    mkdirSync(join(folder, 'services', 'api'), { recursive: true });
    writeFileSync(join(folder, 'services', 'api', 'Dockerfile'), 'FROM python:3.12 AS ondisk-api\nRUN pip install x\n');
    writeFileSync(join(folder, 'notes.txt'), 'FROM alpine AS not-a-dockerfile\n');
    client = new LspClient();
    // LspClient.initialize sends no workspaceFolders: send initialize ourselves
    const init = await client.request<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: null,
      locale: 'en',
      capabilities: {},
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'structure' }],
    });
    client.notify('initialized', {});
    assert.ok(init.capabilities.documentSymbolProvider);
    assert.equal(init.capabilities.workspaceSymbolProvider, true);
    assert.equal(init.capabilities.foldingRangeProvider, true);
    assert.equal(init.capabilities.selectionRangeProvider, true);
    assert.ok(init.capabilities.documentLinkProvider);
    client.open(app, appText);
    client.open(web, webText);
  });

  after(async () => {
    try {
      assert.equal(await client.shutdown(), 0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('textDocument/documentSymbol: global ARGs, then stages with their instructions inside', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: app } });
    assert.deepEqual(symbols.map((s) => s.name), ['GO_VERSION', 'build (golang:${GO_VERSION})', 'stage 1 (alpine:3.20)']);
    assert.deepEqual(symbols[1].children!.map((c) => c.name), ['RUN go mod download && go build -o /out/app .']);
    assert.deepEqual(symbols[1].range, { start: { line: 1, character: 0 }, end: { line: 5, character: 29 } });
    assert.deepEqual(symbols[1].selectionRange, { start: { line: 1, character: 29 }, end: { line: 1, character: 34 } });
    assert.deepEqual(symbols[2].children!.map((c) => c.name.split(' ')[0]), ['COPY', 'LABEL', 'ENTRYPOINT']);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///nope' } }), []);
  });

  it('workspace/symbol: stages of the open documents and of the Dockerfiles in the workspace folder', async () => {
    const all = await client.request<SymbolInformation[]>('workspace/symbol', { query: '' });
    const names = all.map((s) => `${s.name} @ ${s.containerName}`);
    for (const n of ['build @ Dockerfile', 'stage 1 @ Dockerfile', 'web-builder @ Dockerfile', 'web @ Dockerfile', 'ondisk-api @ Dockerfile']) assert.ok(names.includes(n), `${n} missing from ${names.join(', ')}`);
    assert.ok(!names.some((n) => n.startsWith('not-a-dockerfile')), 'notes.txt is not a Dockerfile');
    const onDisk = all.find((s) => s.name === 'ondisk-api')!;
    assert.equal(onDisk.location.uri, pathToFileURL(join(folder, 'services', 'api', 'Dockerfile')).href);
    assert.deepEqual(onDisk.location.range.start, { line: 0, character: 0 });

    const filtered = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'WEB' });
    assert.deepEqual(filtered.map((s) => s.name).sort(), ['web', 'web-builder']);
    assert.deepEqual(
      (await client.request<SymbolInformation[]>('workspace/symbol', { query: 'odapi' })).map((s) => s.name),
      ['ondisk-api'],
    );
  });

  it('textDocument/foldingRange: stages, the continued RUN, the comment block', async () => {
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: app } });
    assert.deepEqual(ranges, [
      { startLine: 1, endLine: 5, kind: 'region' },
      { startLine: 2, endLine: 3, kind: 'comment' },
      { startLine: 4, endLine: 5 },
      { startLine: 7, endLine: 10, kind: 'region' },
    ]);
  });

  it('textDocument/selectionRange: one chain per position, growing to the document', async () => {
    const chains = await client.request<SelectionRange[]>('textDocument/selectionRange', {
      textDocument: { uri: app },
      positions: [
        { line: 1, character: 17 },
        { line: 8, character: 14 },
      ],
    });
    assert.equal(chains.length, 2);
    const lines = appText.split('\n');
    const text = (r: SelectionRange) => {
      const { start, end } = r.range;
      if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
      return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
    };
    const walk = (s: SelectionRange) => {
      const out: string[] = [];
      for (let r: SelectionRange | undefined = s; r; r = r.parent) out.push(text(r));
      return out;
    };
    assert.deepEqual(walk(chains[0]).slice(0, 3), ['GO_VERSION', '${GO_VERSION}', 'golang:${GO_VERSION}']);
    assert.equal(walk(chains[0]).at(-1), appText);
    assert.deepEqual(walk(chains[1]).slice(0, 4), ['build', '--from=build', 'COPY --from=build /out/app /app', lines.slice(7, 11).join('\n')]);
  });

  it('textDocument/documentLink: FROM images, LABEL URLs', async () => {
    const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: app } });
    assert.deepEqual(
      links.map((l) => [l.range.start.line, l.range.start.character, l.range.end.character, l.target]),
      [
        [1, 5, 25, 'https://hub.docker.com/_/golang'],
        [7, 5, 11, 'https://hub.docker.com/_/alpine'],
        [9, 39, 66, 'https://github.com/acme/app'],
      ],
    );
    assert.ok(links.every((l) => typeof l.tooltip === 'string' && l.tooltip.length > 0));
  });
});
