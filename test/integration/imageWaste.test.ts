/**
 * Wasted space after a build, end to end (issue 16): a real dockerd 20.10 with BuildKit builds an
 * image whose files a later line deletes (`RUN rm`: a whiteout) and overwrites (a second COPY to the
 * same path), and deletes a file of the base image; the real server (dist/server.js over stdio, as
 * any editor runs it) is told of the build (`dockerfileLens/measured`), analyses the image in the
 * background with progress (the client advertises `window.workDoneProgress`), and then its lenses
 * and hovers say which line hid which bytes, exactly.
 * The engine's side: the container sees neither the deleted file nor the first copy (`docker run`),
 * while `docker history` still counts their bytes in the layers that wrote them: they are wasted.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUSYBOX_PASSWD, docker, dockerBuild, importBusybox, needDocker, startDockerd, type Dockerd } from '../helpers/docker';
import { LspClient } from '../helpers/lspClient';

const TEXT = [
  'FROM local/busybox:1',
  'COPY big.bin /data/big.bin',
  'COPY keep.txt /data/keep.txt',
  'RUN rm /data/big.bin',
  'COPY a.conf /etc/app.conf',
  'COPY b.conf /etc/app.conf',
  'RUN rm /etc/passwd',
  '',
].join('\n');
const PASSWD = Buffer.byteLength(BUSYBOX_PASSWD);

type Lens = { range: { start: { line: number } }; command?: { title: string; command: string; arguments?: unknown[] } };
type Progress = { token: string | number; value: { kind: string; message?: string; percentage?: number; title?: string; cancellable?: boolean } };

async function waitFor<T>(f: () => Promise<T | undefined> | T | undefined, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('wasted space after a build: the real server over stdio, a real dockerd (BuildKit)', function () {
  this.timeout(180_000);
  let d: Dockerd | undefined;
  let dir: string;
  let client: LspClient | undefined;
  const tag = 'waste-test/app:1';
  const requests: Array<{ method: string; params: unknown }> = [];

  before(async function () {
    needDocker(this, { busybox: true });
    d = await startDockerd();
    await importBusybox(d);
    dir = mkdtempSync(join(tmpdir(), 'waste-int-'));
    writeFileSync(join(dir, 'big.bin'), Buffer.alloc(300_000, 1));
    writeFileSync(join(dir, 'keep.txt'), 'k'.repeat(1234));
    writeFileSync(join(dir, 'a.conf'), 'a'.repeat(5000));
    writeFileSync(join(dir, 'b.conf'), 'b'.repeat(7000));
    writeFileSync(join(dir, 'Dockerfile'), TEXT);
    const built = await dockerBuild(d, { dockerfile: join(dir, 'Dockerfile'), context: dir, tag, builder: 'buildkit' });
    assert.equal(built.code, 0, built.output.slice(-3000));
  });
  after(async () => {
    if (client) await client.shutdown().catch(() => undefined);
    await d?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the engine: the container sees neither the deleted file nor the first copy; docker history still counts their bytes', async () => {
    const run = await docker(d!, ['run', '--rm', '--network=none', tag, 'sh', '-c', 'ls /data; wc -c < /etc/app.conf; test -e /etc/passwd || echo no-passwd']);
    assert.deepEqual(run.output.trim().split(/\s+/), ['keep.txt', '7000', 'no-passwd']);
    const history = (await docker(d!, ['history', '--no-trunc', '--format', '{{.Size}}\t{{.CreatedBy}}', tag])).output.trim().split('\n');
    const sizeOf = (what: string) => history.find((h) => h.includes(what))?.split('\t')[0];
    assert.equal(sizeOf('COPY big.bin'), '300kB');
    assert.equal(sizeOf('COPY a.conf'), '5kB');
  });

  it('after dockerfileLens/measured: progress, then lenses and hovers that name the line that hid the bytes, and the report', async () => {
    client = new LspClient();
    client.onRequest = (method, params) => {
      requests.push({ method, params });
      return null;
    };
    await client.initialize('en', { window: { workDoneProgress: true } }, {
      dockerfileLens: { docker: { path: d!.docker, env: { DOCKER_HOST: d!.env.DOCKER_HOST!, DOCKER_CONFIG: d!.env.DOCKER_CONFIG! } } },
    });
    const uri = pathToFileURL(join(dir, 'Dockerfile')).href;
    client.open(uri, TEXT);
    const measured = await client.request<{ ok: boolean; message: string }>('dockerfileLens/measured', { uri, image: tag });
    assert.ok(measured.ok, measured.message);
    const report = await waitFor(async () => {
      const r = await client!.request<{ state: string; message?: string; report?: { wastedBytes: number; totalBytes: number; wasted: Array<{ path: string; bytes: number }>; layers: Array<{ index: number; line?: number }> } } | null>('dockerfileLens/imageReport', { uri });
      return r && r.state !== 'running' ? r : undefined;
    }, 'the image report');
    assert.equal(report.state, 'done', report.message);
    const r = report.report!;
    assert.deepEqual(r.wasted.map((w) => `${w.path} ${w.bytes}`).sort(), ['data/big.bin 300000', 'etc/app.conf 5000', `etc/passwd ${PASSWD}`]);
    assert.equal(r.wastedBytes, 300_000 + 5000 + PASSWD);
    assert.deepEqual(r.layers.filter((x) => x.line !== undefined).map((x) => x.line), [2, 3, 4, 5, 6, 7]);

    // progress: created by the server, begun (cancellable) and ended on the token
    const create = requests.find((q) => q.method === 'window/workDoneProgress/create');
    assert.ok(create, requests.map((q) => q.method).join());
    const token = (create.params as { token: string | number }).token;
    const progress = client.notifications.filter((n) => n.method === '$/progress').map((n) => n.params as Progress).filter((p) => p.token === token);
    assert.equal(progress[0].value.kind, 'begin');
    assert.equal(progress[0].value.cancellable, true);
    assert.match(progress[0].value.title!, /Analysing waste-test\/app:1/);
    assert.equal(progress.at(-1)!.value.kind, 'end');

    const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    const waste = lenses.filter((l) => l.command?.command === 'dockerfileLens.server.showImageWaste').map((l) => `${l.range.start.line + 1}: ${l.command!.title}`);
    assert.deepEqual(waste, [
      '2: 300 kB of this layer is removed by line 4',
      '5: 5 kB of this layer is overwritten by line 6',
      `7: removes ${PASSWD} B of the base image (still pulled)`,
    ]);

    const hoverAt = async (line: number, character: number) => (await client!.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } }))?.contents.value ?? '';
    const held = await hoverAt(1, 10);
    assert.match(held, /300 kB \(300,000 B\) of this layer’s files are hidden by later layers/);
    assert.match(held, /\| `\/data\/big\.bin` \| 300 kB \(300,000 B\) \| line 4 \|/);
    const hider = await hoverAt(3, 1);
    assert.ok(hider.indexOf('\n\n---\n\n**Wasted space** in `waste-test/app:1`') > 0, `the instruction hover is kept, the waste section after it:\n${hider}`);
    assert.match(hider, /This line hides 300 kB \(300,000 B\) of earlier layers/);
    assert.match(hider, /- line 2: 300 kB \(300,000 B\), 1 file removed/);
    const overwritten = await hoverAt(5, 10);
    assert.match(overwritten, /This line hides 5\.00 kB \(5,000 B\)/);
    assert.match(overwritten, /\| `\/etc\/app\.conf` \| 5\.00 kB \(5,000 B\) \| line 5 \|/);

    // the lens's click, for an editor without showDocument: the hidden files as a message
    const click = lenses.find((l) => l.range.start.line === 1 && l.command?.command === 'dockerfileLens.server.showImageWaste')!.command!;
    const before = client.notifications.length;
    await client.request('workspace/executeCommand', { command: click.command, arguments: click.arguments });
    const shown = await waitFor(() => client!.notifications.slice(before).find((n) => n.method === 'window/showMessage'), 'showMessage');
    assert.match((shown.params as { message: string }).message, /`\/data\/big\.bin` \| 300 kB \(300,000 B\)/);

    // an edit: the report describes another text, the lenses go
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: TEXT + '# edited\n' }] });
    const after = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(after.filter((l) => l.command?.command === 'dockerfileLens.server.showImageWaste'), []);
    assert.equal(await client.request('dockerfileLens/imageReport', { uri }), null);

    // any editor can ask: dockerfileLens.server.analyzeImage with the image name
    const asked = await client.request<{ state: string; wastedBytes: number; efficiency: number }>('workspace/executeCommand', { command: 'dockerfileLens.server.analyzeImage', arguments: [{ uri, image: tag }] });
    assert.equal(asked.state, 'done');
    assert.equal(asked.wastedBytes, 300_000 + 5000 + PASSWD);
    console.log(`      (${tag}: wasted ${asked.wastedBytes} B, efficiency ${(asked.efficiency * 100).toFixed(2)}%)`);
  });
});
