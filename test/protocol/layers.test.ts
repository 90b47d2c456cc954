/**
 * Layer sizes and the effective command over the real protocol: code lenses on a
 * Dockerfile whose build context is a real folder, the `dockerfileLens/layers`
 * report, ARGs without defaults, and lenses refreshed when a context file
 * changes. Registry lookups are off (answered by the workspace configuration).
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LayersReport } from '../../server/src/protocol/layers';
import { LspClient } from '../helpers/lspClient';

type Lens = { range: { start: { line: number } }; command: { title: string; command: string; arguments?: unknown[] } };

describe('protocol: layer sizes and the effective command', function () {
  this.timeout(30000);
  let dir: string;
  let uri: string;
  let client: LspClient;
  let refreshes = 0;
  let settings: unknown = { registry: { enabled: false } };

  const text = [
    'ARG TAG',
    'FROM scratch AS base',
    'COPY app.bin /app.bin',
    'COPY assets/ /assets/',
    'ENV MODE=prod',
    'FROM base',
    'ENTRYPOINT ["/app.bin", "--serve"]',
    'CMD ["--port", "80"]',
    '',
  ].join('\n');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lens-layers-'));
    writeFileSync(join(dir, 'app.bin'), Buffer.alloc(12345, 1));
    writeFileSync(join(dir, 'ignored.log'), Buffer.alloc(999, 1));
    writeFileSync(join(dir, '.dockerignore'), '*.log\n');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'a.css'), 'x'.repeat(1000));
    writeFileSync(join(dir, 'assets', 'b.css'), 'y'.repeat(500));
    writeFileSync(join(dir, 'Dockerfile'), text);
    uri = pathToFileURL(join(dir, 'Dockerfile')).href;
    client = new LspClient();
    client.onRequest = (method) => {
      if (method === 'workspace/configuration') return [settings];
      if (method === 'workspace/codeLens/refresh') refreshes++;
      return null;
    };
    // as the extension's own client: the lenses name the commands it runs itself
    const init = await client.initialize('en', { workspace: { configuration: true, codeLens: { refreshSupport: true } } }, { client: 'vscode-extension' });
    assert.deepEqual(init.capabilities.codeLensProvider, { resolveProvider: true });
    client.open(uri, text);
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every lens, resolved as an editor resolves the ones it shows. */
  async function resolvedLenses(): Promise<Lens[]> {
    const bare = await client.request<Array<Omit<Lens, 'command'> & { command?: unknown; data: unknown }>>('textDocument/codeLens', { textDocument: { uri } });
    // the extension's own client gets the places only, and resolves what it shows (other clients get short
    // lists complete: test/protocol/anyClient.test.ts)
    assert.ok(bare.every((l) => l.command === undefined && l.data !== undefined), 'VS Code resolves the lenses it shows');
    return Promise.all(bare.map((l) => client.request<Lens>('codeLens/resolve', l)));
  }

  /** The lenses once the build context has been read. */
  async function lenses(): Promise<Lens[]> {
    for (let i = 0; i < 200; i++) {
      const r = await resolvedLenses();
      if (!r.some((l) => /Reading the build context/.test(l.command.title))) return r;
      await new Promise((res) => setTimeout(res, 20));
    }
    throw new Error('the build context was never read');
  }
  const titlesAt = (ls: Lens[], line: number) => ls.filter((l) => l.range.start.line === line).map((l) => l.command.title);

  it('shows what each layer adds, the stage totals and, once, the effective command', async () => {
    const ls = await lenses();
    assert.deepEqual(titlesAt(ls, 2), ['+12.3 kB · build context']);
    assert.deepEqual(titlesAt(ls, 3), ['+1.50 kB · build context']);
    assert.deepEqual(titlesAt(ls, 4), [], 'ENV adds no layer: no lens by default');
    assert.deepEqual(titlesAt(ls, 1), ['scratch · stage 14 kB']);
    assert.deepEqual(titlesAt(ls, 5), ['from base · image 14 kB', 'Build Image…']);
    // the command the image runs, above the last stage's ENTRYPOINT in effect (CMD adds its arguments)
    assert.deepEqual(titlesAt(ls, 6), ['▶ /app.bin --serve --port 80']);
    assert.deepEqual(titlesAt(ls, 7), []);
    assert.equal(ls.length, 6);
    const command = ls.find((x) => x.range.start.line === 6)!.command;
    const items = await client.request<{ items: Array<{ detail: string }> }>('dockerfileLens/breakdown', command.arguments![0]);
    assert.deepEqual(items.items.map((i) => i.detail), ['/app.bin', '--serve', '--port', '80']);
    // the stage lens' breakdown has the exact figures
    const stage = await client.request<{ items: Array<{ label: string; bytes: number }> }>('dockerfileLens/breakdown', ls.find((x) => x.range.start.line === 1)!.command.arguments![0]);
    assert.deepEqual(stage.items.map((i) => [i.label, i.bytes]), [['base scratch', 0], ['line 3: COPY', 12345], ['line 4: COPY', 1500], ['total', 13845]]);
    const copy = ls.find((l) => l.range.start.line === 2)!.command;
    assert.equal(copy.command, 'dockerfileLens.showLayerBreakdown');
    const args = copy.arguments![0] as { uri: string; line: number; kind: string; items?: unknown };
    assert.deepEqual([args.uri, args.line, args.kind, args.items], [uri, 2, 'layer', undefined], 'lenses carry no item lists');
    // the breakdown a click opens: what was counted
    const opened = await client.request<{ items: Array<{ label: string; bytes: number }> }>('dockerfileLens/breakdown', args);
    assert.deepEqual(opened.items.map((i) => [i.label, i.bytes]), [['app.bin', 12345]]);
  });

  it('dockerfileLens.codeLens.metadata brings back the lenses of instructions that add no layer', async () => {
    settings = { registry: { enabled: false }, codeLens: { metadata: true } };
    try {
      client.notify('workspace/didChangeConfiguration', { settings: null });
      let ls: Lens[] = [];
      for (let i = 0; i < 100 && titlesAt(ls, 4).length === 0; i++) {
        await new Promise((res) => setTimeout(res, 20));
        ls = await lenses();
      }
      assert.deepEqual(titlesAt(ls, 4), ['0 B · metadata']);
      assert.deepEqual(titlesAt(ls, 7), ['0 B · metadata']);
      assert.deepEqual(titlesAt(ls, 2), ['+12.3 kB · build context']);
    } finally {
      settings = { registry: { enabled: false } };
      client.notify('workspace/didChangeConfiguration', { settings: null });
    }
  });

  it('with dockerfileLens.language ko, every lens is in Korean (figures, names and commands as they are)', async () => {
    settings = { registry: { enabled: false }, language: 'ko' };
    try {
      client.notify('workspace/didChangeConfiguration', { settings: null });
      let ls: Lens[] = [];
      for (let i = 0; i < 100 && titlesAt(ls, 2)[0] !== '+12.3 kB · 빌드 컨텍스트'; i++) {
        await new Promise((res) => setTimeout(res, 20));
        ls = await lenses();
      }
      assert.deepEqual(ls.map((x) => `${x.range.start.line}: ${x.command.title}`), [
        '1: scratch · 스테이지 14 kB',
        '2: +12.3 kB · 빌드 컨텍스트',
        '3: +1.50 kB · 빌드 컨텍스트',
        '5: base에서 · 이미지 14 kB',
        '5: 이미지 빌드…',
        '6: ▶ /app.bin --serve --port 80',
      ]);
    } finally {
      settings = { registry: { enabled: false } };
      client.notify('workspace/didChangeConfiguration', { settings: null });
    }
  });

  it('codeLens/resolve completes the lenses of the lists computed lately, never from another list', async () => {
    await lenses();
    // the lenses as an editor would send them to resolve: their place only
    const bare = (await client.request<Array<{ range: unknown; data: [number, number] }>>('textDocument/codeLens', { textDocument: { uri } })).map((l) => ({ range: l.range, data: l.data }));
    const current = await client.request<Lens>('codeLens/resolve', bare[0]);
    assert.ok(current.command.title.length > 0);
    const unknown = await client.request<{ command?: unknown }>('codeLens/resolve', { ...bare[0], data: [bare[0].data[0] + 1000, bare[0].data[1]] });
    assert.equal(unknown.command, undefined, 'a lens of a list the server does not have is left unresolved');
    const junk = await client.request<{ command?: unknown }>('codeLens/resolve', { range: bare[0].range, data: 'junk' });
    assert.equal(junk.command, undefined);
  });

  it('dockerfileLens/layers returns the report, with 1-based lines and exact bytes', async () => {
    const r = await client.request<LayersReport>('dockerfileLens/layers', { uri });
    assert.equal(r.stages.length, 2);
    const [base, final] = r.stages;
    assert.deepEqual(base.base, { bytes: 0, basis: 'metadata', compressed: false, atLeast: false, shown: 0, note: '`scratch` is the empty image.' });
    assert.deepEqual(base.layers.map((l) => [l.line, l.instruction, l.createsLayer, l.bytes, l.basis]), [
      [3, 'COPY', true, 12345, 'context'],
      [4, 'COPY', true, 1500, 'context'],
      [5, 'ENV', false, 0, 'metadata'],
    ]);
    assert.equal(base.totalBytes, 13845);
    assert.equal(final.totalBytes, 13845);
    // the total adds up the parts as shown, and says what it is
    assert.deepEqual(base.total, { bytes: 13845, low: 13845, high: 13845, atLeast: false, unknownParts: 0, compressedBase: false, measured: false, note: 'Base + each instruction, as shown: uncompressed, estimated.' });
    assert.equal(final.base.shown, 13845);
    assert.deepEqual(final.command, { argv: ['/app.bin', '--serve', '--port', '80'], cmdIgnored: false, noCommand: false });
    // the final stage is built FROM base: both are in the image the build produces
    assert.deepEqual(r.stages.map((s) => s.inImage), [true, true]);
  });

  it('dockerfileLens/buildArgs lists the ARGs without a default', async () => {
    assert.deepEqual(await client.request('dockerfileLens/buildArgs', { uri }), [{ name: 'TAG', line: 1 }]);
  });

  it('a changed context file (workspace/didChangeWatchedFiles) refreshes the lenses with the new size', async () => {
    const before = refreshes;
    writeFileSync(join(dir, 'app.bin'), Buffer.alloc(20000, 1));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'app.bin')).href, type: 2 }] });
    let titles: string[] = [];
    for (let i = 0; i < 200 && (titles[0] !== '+20.0 kB · build context' || refreshes === before); i++) {
      await new Promise((res) => setTimeout(res, 20));
      titles = titlesAt(await lenses(), 2);
    }
    assert.deepEqual(titles, ['+20.0 kB · build context']);
    assert.ok(refreshes > before, 'the server did not ask the editor to refresh its lenses');
  });
});
