/**
 * `dockerfileLens/timeline` over the real protocol, from a client that is not the extension (any editor may
 * send a build's timeline): in Korean, steps a client got wrong are dropped and junk never breaks the server,
 * the lenses show each step's time or `캐시` (cached) within 60 characters, the first cache miss is marked
 * and explained in the hover with the slowest steps, and a Dockerfile that is not open is read from disk.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TimelineParams, TimelineResult } from '../../server/src/protocol';
import { LspClient } from '../helpers/lspClient';

type Lens = { range: { start: { line: number } }; command: { title: string } };

describe('protocol: build timeline (dockerfileLens/timeline)', function () {
  this.timeout(30000);
  let dir: string;
  let uri: string;
  let client: LspClient;
  const text = 'FROM scratch\nCOPY . /app\nRUN make\nENV A=1\n';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lens-timeline-'));
    writeFileSync(join(dir, 'Dockerfile'), text);
    writeFileSync(join(dir, 'main.c'), 'int main(){}\n');
    uri = pathToFileURL(join(dir, 'Dockerfile')).href;
    client = new LspClient();
    client.onRequest = (method) => (method === 'workspace/configuration' ? [{ registry: { enabled: false } }] : null);
    await client.initialize('ko', { workspace: { configuration: true } });
    client.open(uri, text);
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (p: unknown) => client.request<TimelineResult>('dockerfileLens/timeline', p);
  const lenses = () => client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
  const titlesAt = (ls: Lens[], line: number) => ls.filter((l) => l.range.start.line === line).map((l) => l.command.title);

  it('refuses junk without harm and keeps only steps on an instruction’s first line', async () => {
    for (const junk of [{}, { uri: 5 }, { uri, builder: 'make', source: 'plain', steps: [] }, { uri, builder: 'buildkit', source: 'plain', steps: 'x' }, { uri: 'file:///nowhere/Dockerfile', builder: 'buildkit', source: 'plain', steps: [] }]) {
      const r = await send(junk);
      assert.equal(r.ok, false, JSON.stringify(junk));
    }
    const r = await send({
      uri,
      builder: 'buildkit',
      source: 'rawjson',
      steps: [{ line: 0, status: 'ran', seconds: 0.1 }, { line: 1, status: 'ran', seconds: 1.8 }, { line: 2, status: 'ran', seconds: 12.4 }, { line: 3, status: 'ran', seconds: -1 }, { line: 5, status: 'ran' }, { line: 1.5, status: 'ran' }, { line: 2, status: 'bogus' }, 'x', null],
    });
    assert.deepEqual([r.ok, r.steps], [true, 4]);
    const ls = await lenses();
    assert.match(titlesAt(ls, 1)[0], / · 1\.8초$/);
    assert.match(titlesAt(ls, 2)[0], / · 12초$/);
    assert.ok(ls.every((l) => [...l.command.title].length <= 60), ls.map((l) => l.command.title).join('\n'));
    assert.ok(!ls.some((l) => l.command.title.startsWith('⚠')), 'a first build invalidates nothing');
  });

  it('marks the first cache miss of the next build and explains it in the hover, in Korean', async () => {
    const second: TimelineParams = { uri, builder: 'buildkit', source: 'plain', steps: [{ line: 0, status: 'ran', seconds: 0 }, { line: 1, status: 'ran', seconds: 0.5 }, { line: 2, status: 'ran', seconds: 3 }] };
    assert.equal((await send(second)).ok, true);
    const ls = await lenses();
    assert.deepEqual(titlesAt(ls, 1).filter((t) => t.startsWith('⚠')), ['⚠ 여기서 캐시 무효화: COPY . 변경됨']);
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 1 } });
    assert.match(hover.contents.value, /\*\*지난 빌드\*\* \(BuildKit, --progress=plain\): 실행 0\.5초/);
    assert.match(hover.contents.value, /명령어는 그대로입니다: 복사하는 파일이 바뀌었습니다/);
    assert.match(hover.contents.value, /\*\*가장 오래 걸린 단계\*\*\n\n1\. 3행 `RUN make` — 3\.0초\n2\. 2행 `COPY \. \/app` — 0\.5초 ◀/);
    // no timing on a line the build did not report: the hover is the instruction's own
    const env = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 1 } });
    assert.doesNotMatch(env.contents.value, /지난 빌드/);
  });

  it('shows 캐시 (cached) after a rebuild with nothing changed, and reads a Dockerfile that is not open from disk', async () => {
    await send({ uri, builder: 'legacy', source: 'legacy', steps: [{ line: 0, status: 'ran', seconds: 0 }, { line: 1, status: 'cached' }, { line: 2, status: 'cached' }, { line: 3, status: 'cached' }] });
    const ls = await lenses();
    assert.match(titlesAt(ls, 1)[0], / · 캐시$/);
    assert.match(titlesAt(ls, 2)[0], / · 캐시$/);
    assert.ok(!ls.some((l) => l.command.title.startsWith('⚠')));
    const other = join(dir, 'other.Dockerfile');
    writeFileSync(other, 'FROM scratch\nCOPY main.c /\n');
    const r = await send({ uri: pathToFileURL(other).href, builder: 'buildkit', source: 'plain', steps: [{ line: 1, status: 'ran', seconds: 0.2 }] });
    assert.deepEqual([r.ok, r.steps], [true, 1]);
  });
});
