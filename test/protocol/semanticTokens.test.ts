/** Semantic tokens over the real protocol: legend, full, delta after an edit, range. */
import * as assert from 'node:assert/strict';
import { SEMANTIC_LEGEND, semanticTokens } from '../../server/src/features/semanticTokens';
import { analyze } from '../../server/src/model/document';
import { LspClient } from '../helpers/lspClient';

type Full = { resultId?: string; data: number[] };
type Delta = { resultId?: string; edits: Array<{ start: number; deleteCount: number; data?: number[] }> };
type Provider = { legend: { tokenTypes: string[]; tokenModifiers: string[] }; full: { delta: boolean }; range: boolean };

const uri = 'file:///work/semantic/Dockerfile';
const text = [
  '# syntax=docker/dockerfile:1',
  'ARG GO_VERSION=1.22',
  'FROM golang:${GO_VERSION} AS build',
  'RUN --mount=type=cache,target=/root/.cache go build -o /app .',
  'RUN <<EOF',
  'echo "$HOME"',
  'EOF',
  '',
  'FROM alpine',
  'COPY --from=build /app /app',
  'CMD ["/app"]',
  '',
].join('\n');

function applyEdits(previous: number[], edits: Delta['edits']): number[] {
  const out = [...previous];
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out.splice(e.start, e.deleteCount, ...(e.data ?? []));
  return out;
}

describe('protocol: semantic tokens', function () {
  this.timeout(30000);
  let client: LspClient;
  let provider: Provider;
  before(async () => {
    client = new LspClient();
    const init = await client.initialize('en', { textDocument: { semanticTokens: { requests: { full: { delta: true }, range: true } } } });
    provider = init.capabilities.semanticTokensProvider as Provider;
    client.open(uri, text);
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  it('initialize advertises the legend, full with delta, and range', () => {
    assert.deepEqual(provider.legend, SEMANTIC_LEGEND);
    assert.ok(provider.legend.tokenTypes.includes('keyword'));
    assert.equal(provider.full.delta, true);
    assert.equal(provider.range, true);
  });

  it('full, then delta after an edit, gives the same data as a fresh full request', async () => {
    const first = await client.request<Full>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.ok(first.resultId);
    assert.deepEqual(first.data, semanticTokens(analyze(uri, 1, text)));
    const keyword = SEMANTIC_LEGEND.tokenTypes.indexOf('keyword');
    assert.equal(first.data[3], SEMANTIC_LEGEND.tokenTypes.indexOf('macro'));
    assert.ok(first.data.filter((_, i) => i % 5 === 3 && first.data[i] === keyword).length >= 7);

    // insert an ENV line before `FROM alpine` and rename the stage reference
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, text: 'ENV PORT=8080\n' },
        { range: { start: { line: 10, character: 12 }, end: { line: 10, character: 17 } }, text: 'golang' },
      ],
    });
    const delta = await client.request<Delta>('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: first.resultId });
    assert.ok(delta.resultId && delta.resultId !== first.resultId);
    assert.ok(Array.isArray(delta.edits), 'an edit list, not full data');
    assert.equal(delta.edits.length, 1);
    const updated = applyEdits(first.data, delta.edits);

    const fresh = await client.request<Full>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.deepEqual(updated, fresh.data);
    assert.notDeepEqual(fresh.data, first.data);
    // `--from=golang` is now an image, not a stage
    const edited = text.split('\n');
    edited.splice(7, 0, 'ENV PORT=8080');
    edited[10] = 'COPY --from=golang /app /app';
    assert.deepEqual(fresh.data, semanticTokens(analyze(uri, 2, edited.join('\n'))));
  });

  it('a delta request with an unknown previous result id gets full data', async () => {
    const r = await client.request<Full>('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: 'no-such-id' });
    assert.ok(Array.isArray(r.data) && r.data.length > 0);
  });

  it('range: only the tokens of the requested lines', async () => {
    const r = await client.request<Full>('textDocument/semanticTokens/range', {
      textDocument: { uri },
      range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } },
    });
    // FROM golang: GO_VERSION AS build, all on line 2
    assert.equal(r.data[0], 2);
    assert.equal(r.data.length / 5, 5);
    for (let i = 5; i < r.data.length; i += 5) assert.equal(r.data[i], 0);
  });

  it('unknown documents get empty data', async () => {
    const r = await client.request<Full>('textDocument/semanticTokens/full', { textDocument: { uri: 'file:///nope' } });
    assert.deepEqual(r.data, []);
  });
});
