/**
 * Completion after `COPY --from=` and `RUN --mount=…,from=` over the real
 * protocol: earlier stages first, nearest first, then images; never the stage
 * the instruction is in nor a later one (what Docker does with those:
 * test/integration/completionFrom.test.ts).
 */
import * as assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';

type Pos = { line: number; character: number };
type Item = { label: string; kind?: number; sortText?: string; documentation?: { value: string }; textEdit?: { range: { start: Pos; end: Pos }; newText: string } };
const REFERENCE = 18; // CompletionItemKind.Reference
const MODULE = 9; // CompletionItemKind.Module

describe('protocol: completion after --from=', function () {
  this.timeout(30000);
  let en: LspClient;
  let ko: LspClient;
  let n = 0;
  before(async () => {
    en = new LspClient();
    ko = new LspClient();
    await Promise.all([en.initialize('en'), ko.initialize('ko')]);
  });
  after(async () => {
    assert.equal(await en.shutdown(), 0);
    assert.equal(await ko.shutdown(), 0);
  });

  /** The items at `|` in `text`, in the order an editor shows them (sortText, then label). */
  async function complete(client: LspClient, marked: string): Promise<Item[]> {
    const at = marked.indexOf('|');
    const text = marked.slice(0, at) + marked.slice(at + 1);
    const before = text.slice(0, at).split('\n');
    const uri = `file:///tmp/lens-test/from-${++n}/Dockerfile`;
    client.open(uri, text);
    const items = await client.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: { line: before.length - 1, character: before[before.length - 1].length } });
    return [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label) || a.label.localeCompare(b.label));
  }
  const stagesOf = (items: Item[]) => items.filter((i) => i.kind === REFERENCE).map((i) => i.label);

  const FILE = 'FROM golang:1.22 AS deps\nRUN go mod download\nFROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20\nRUN echo unnamed\nFROM alpine:3.20 AS app\n|\nFROM alpine:3.20 AS test\nRUN true\n';
  const at = (line: string) => FILE.replace('|', line + '|');

  it('COPY --from=: earlier stages nearest first (an unnamed one by its index), then images; not the current or a later stage', async () => {
    const items = await complete(en, at('COPY --from='));
    assert.deepEqual(stagesOf(items), ['2', 'build', 'deps']);
    const labels = items.map((i) => i.label);
    assert.deepEqual(labels.slice(0, 3), ['2', 'build', 'deps']);
    assert.ok(items.slice(3).length > 0 && items.slice(3).every((i) => i.kind === MODULE), labels.join(', '));
    assert.ok(!labels.includes('app') && !labels.includes('test'), labels.join(', '));
    assert.equal(items[1].documentation?.value, 'build stage 1: `FROM golang:1.22`');
    // the edit replaces what is typed after `=`
    assert.deepEqual(items[0].textEdit, { range: { start: { line: 7, character: 12 }, end: { line: 7, character: 12 } }, newText: '2' });
  });

  it('COPY --from=bu: the typed prefix is replaced; the first stage offers no stage at all', async () => {
    const items = await complete(en, at('COPY --from=bu'));
    const build = items.find((i) => i.label === 'build');
    assert.deepEqual(build?.textEdit, { range: { start: { line: 7, character: 12 }, end: { line: 7, character: 14 } }, newText: 'build' });
    const first = await complete(en, 'FROM golang:1.22 AS build\nCOPY --from=|\nFROM alpine:3.20\n');
    assert.deepEqual(stagesOf(first), []);
    assert.ok(first.length > 0 && first.every((i) => i.kind === MODULE));
  });

  it('RUN --mount=…,from=: earlier named stages nearest first (a mount reads an index as an image), then images', async () => {
    const items = await complete(en, at('RUN --mount=type=cache,target=/root/.cache,from='));
    assert.deepEqual(stagesOf(items), ['build', 'deps']);
    assert.deepEqual(items.slice(0, 2).map((i) => i.label), ['build', 'deps']);
    assert.ok(items.slice(2).length > 0 && items.slice(2).every((i) => i.kind === MODULE));
  });

  it('in Korean the stage documentation is Korean', async () => {
    const items = await complete(ko, at('COPY --from='));
    assert.equal(items.find((i) => i.label === 'deps')?.documentation?.value, '빌드 스테이지 0: `FROM golang:1.22`');
  });
});
