/**
 * A long request gives way to a newer edit: validation of a big file runs a few
 * rules at a time, answers requests in between, and is abandoned when a newer
 * version arrives (its diagnostics are never published). Observed through the
 * server's own counters (`dockerfileLens/stats`), never through timings.
 */
import * as assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateDockerfile } = require('../../scripts/gen-dockerfile.mjs') as { generateDockerfile: (lines: number, seed: number) => string };

type Stats = { lintRuns: number; lintAbandoned: number };
type Published = { uri: string; version?: number; diagnostics: unknown[] };

describe('protocol: cancellation by a newer edit', function () {
  this.timeout(60000);
  const uri = 'file:///work/big/Dockerfile';
  let client: LspClient;

  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
  });

  const published = (version: number) => client.notifications.some((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as Published).uri === uri && (n.params as Published).version === version);
  const waitFor = async (what: string, ok: () => boolean) => {
    for (let i = 0; i < 3000 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(ok(), `timed out waiting for ${what}`);
  };
  const edit = (version: number, line: number, text: string) =>
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text }] });

  it('abandons the validation of a version superseded while it runs, and answers requests meanwhile', async () => {
    client.open(uri, generateDockerfile(30000, 7));
    await waitFor('the first diagnostics', () => published(1));
    const before = await client.request<Stats>('dockerfileLens/stats', null);

    // a global ARG: every stage's incoming state changes, so even the incremental lint checks them all again
    edit(2, 0, 'ARG EDIT=2\n');
    // poll until validation of version 2 has started: the poll itself is answered while the lint runs
    let during: Stats = before;
    while (during.lintRuns === before.lintRuns) during = await client.request<Stats>('dockerfileLens/stats', null);
    // a hover while the lint is still running is answered
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.ok(hover !== undefined);
    edit(3, 11, '# edit 3\n');

    await waitFor('the diagnostics of version 3', () => published(3));
    const after = await client.request<Stats>('dockerfileLens/stats', null);
    assert.equal(published(2), false, 'version 2 was superseded: its diagnostics must not be published');
    assert.ok(after.lintAbandoned > before.lintAbandoned, `the lint of version 2 was not abandoned: ${JSON.stringify({ before, during, after })}`);
  });
});
