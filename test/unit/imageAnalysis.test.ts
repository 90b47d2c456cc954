/**
 * The waste rules of the image analysis (server/src/images/layerTar.ts, imageAnalysis.ts) on layer
 * tars built in memory with tar-stream: overwrites, whiteouts of a file and of an ancestor, opaque
 * directories (which spare the same layer's files), a non-directory replacing a directory, symlinks,
 * hard links (a payload counted once, wasted only when all its paths are hidden), gzip detection,
 * bad input; the report's figures; and the CLI's size parsing and CI thresholds (dive's comparisons).
 */
import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { buildReport } from '../../server/src/images/imageAnalysis';
import { readLayer, type LayerEntries } from '../../server/src/images/layerTar';
import { analyze } from '../../server/src/model/document';
import { ciFailures, parseSize, worstLayers } from '../../server/src/cli/image';
import type { ImageReport } from '../../server/src/protocol/image';

type E = { name: string; size?: number; type?: 'file' | 'directory' | 'symlink' | 'link'; linkname?: string };

async function tarOf(entries: E[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c) => void chunks.push(c as Buffer));
  const done = new Promise<void>((r) => p.on('end', () => r()));
  for (const e of entries) {
    const type = e.type ?? 'file';
    const body = type === 'file' ? Buffer.alloc(e.size ?? 0, 7) : Buffer.alloc(0);
    await new Promise<void>((res, rej) => p.entry({ name: e.name, type, size: body.length, linkname: e.linkname }, body, (err) => (err ? rej(err) : res())));
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

const layer = async (entries: E[], gzip = false): Promise<LayerEntries> => {
  const t = await tarOf(entries);
  return readLayer(Readable.from([gzip ? gzipSync(t) : t]));
};

const report = async (layers: E[][], config = {}) => buildReport('img', config, await Promise.all(layers.map((l) => layer(l)))).report;
const f = (name: string, size: number): E => ({ name, size });
const dir = (name: string): E => ({ name, type: 'directory' });

describe('image analysis: waste rules on in-memory layer tars', function () {
  it('a file overwritten twice is charged to its layer, hidden by the first overwrite', async function () {
    const r = await report([[dir('a/'), f('a/x', 100), f('keep', 5)], [f('a/x', 40)], [f('./a/x', 10)]]);
    assert.equal(r.totalBytes, 155);
    assert.equal(r.wastedBytes, 140);
    assert.deepEqual(r.wasted, [
      { path: 'a/x', bytes: 100, layer: 0, hiddenBy: 1 },
      { path: 'a/x', bytes: 40, layer: 1, hiddenBy: 2 },
    ]);
    assert.deepEqual(r.layers.map((l) => [l.index, l.bytes, l.wastedBytes, l.files]), [[0, 105, 100, 3], [1, 40, 40, 1], [2, 10, 0, 1]]);
    assert.equal(r.efficiency, 15 / 155);
  });

  it('whiteouts: of the file, of an ancestor directory (everything under it); a directory entry at an ancestor hides nothing', async function () {
    const r = await report([[f('d/a', 1), f('d/sub/b', 2), f('d/sub/c', 4), f('e/x', 8)], [f('d/.wh.a', 0)], [f('d/.wh.sub', 0), dir('e/')]]);
    assert.deepEqual(r.wasted.map((w) => [w.path, w.hiddenBy]), [['d/sub/c', 2], ['d/sub/b', 2], ['d/a', 1]]);
    assert.equal(r.wastedBytes, 7);
    assert.equal(r.layers[1].bytes, 0, 'a whiteout carries no payload');
  });

  it('an opaque directory hides what the layers below hold there, not what its own layer adds', async function () {
    const r = await report([[f('o/old', 30), f('o/deep/x', 3), f('other', 1)], [f('o/.wh..wh..opq', 0), f('o/new', 5)], [f('o/new2', 1)]]);
    assert.deepEqual(r.wasted, [
      { path: 'o/old', bytes: 30, layer: 0, hiddenBy: 1 },
      { path: 'o/deep/x', bytes: 3, layer: 0, hiddenBy: 1 },
    ]);
    assert.equal(r.layers[1].wastedBytes, 0);
  });

  it('a non-directory replacing a directory hides all under it; a symlink counts 0 bytes and overwrites', async function () {
    const r = await report([[f('p/q/r', 9), f('s', 6)], [{ name: 'p', type: 'symlink', linkname: '/elsewhere' }, { name: 's', type: 'symlink', linkname: 'target' }]]);
    assert.deepEqual(r.wasted.map((w) => [w.path, w.bytes, w.hiddenBy]), [['p/q/r', 9, 1], ['s', 6, 1]]);
    assert.equal(r.layers[1].bytes, 0);
    assert.equal(r.totalBytes, 15);
  });

  it('hard links: the payload counts once, stays visible while one path does, and is wasted by the layer hiding the last path', async function () {
    const links = [f('h/one', 500), { name: 'h/two', type: 'link' as const, linkname: 'h/one' }, { name: 'h/three', type: 'link' as const, linkname: 'h/one' }];
    const partly = await report([links, [f('h/.wh.one', 0), f('h/two', 1)]]);
    assert.equal(partly.totalBytes, 501, 'the link entries carry no data');
    assert.equal(partly.wastedBytes, 0, 'h/three still reaches the payload');
    const all = await report([links, [f('h/.wh.one', 0)], [f('h/.wh.three', 0), f('h/.wh.two', 0)]]);
    assert.deepEqual(all.wasted, [{ path: 'h/one', bytes: 500, layer: 0, hiddenBy: 2 }]);
    // a link to a path outside its layer: no payload of its own
    const outside = await report([[f('x', 3)], [{ name: 'y', type: 'link', linkname: 'x' }]]);
    assert.equal(outside.layers[1].bytes, 0);
  });

  it('the same path twice in one layer: the earlier payload is hidden by that layer', async function () {
    const r = await report([[f('a', 10), f('a', 4)]]);
    assert.deepEqual(r.wasted, [{ path: 'a', bytes: 10, layer: 0, hiddenBy: 0 }]);
    assert.equal(r.totalBytes, 14);
  });

  it('gzip layers are told by their magic bytes; a stream that is not a tar is refused, not a crash', async function () {
    const l = await layer([f('z', 1234)], true);
    assert.equal(l.bytes, 1234);
    await assert.rejects(readLayer(Readable.from([Buffer.from('this is not a tar archive at all, but long enough to look at'.repeat(20))])));
    await assert.rejects(readLayer(Readable.from([Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3])])));
  });

  it('the report: empty layers left out, efficiency 1 without bytes, history zipped without empty_layer entries and mapped to lines', async function () {
    assert.equal((await report([])).efficiency, 1);
    const history = [
      { created_by: 'base', empty_layer: false },
      { created_by: 'ENV A=b', comment: 'buildkit.dockerfile.v0', empty_layer: true },
      { created_by: 'COPY x / # buildkit', comment: 'buildkit.dockerfile.v0' },
      { created_by: 'WORKDIR /w', comment: 'buildkit.dockerfile.v0' },
    ];
    const layers = await Promise.all([[f('b', 1)], [f('x', 2)], []].map((l) => layer(l)));
    const doc = analyze('file:///Dockerfile', 1, 'FROM base\nENV A=b\nCOPY x /\nWORKDIR /w\n');
    const r = buildReport('img', { history }, layers, { dockerfile: { doc }, largestPerLayer: 1 }).report;
    assert.deepEqual(r.layers.map((l) => [l.index, l.createdBy, l.line]), [[0, 'base', undefined], [1, 'COPY x / # buildkit', 3]]);
    assert.deepEqual(r.layers[1].largest, [{ path: 'x', bytes: 2 }]);
    const off = buildReport('img', { history }, layers, { dockerfile: { doc: analyze('file:///D', 1, 'FROM base\nRUN x\nWORKDIR /w\n') } });
    assert.match(off.note ?? '', /line 2 is RUN but the image's history has a COPY row/);
  });
});

describe('image CLI: sizes and CI thresholds as dive compares them', function () {
  it('parses sizes as go-humanize does: SI and binary units, decimals, bytes', function () {
    assert.equal(parseSize('20MB'), 20e6);
    assert.equal(parseSize('20MiB'), 20 * 2 ** 20);
    assert.equal(parseSize('1.5GB'), 1.5e9);
    assert.equal(parseSize('512'), 512);
    assert.equal(parseSize('512B'), 512);
    assert.equal(parseSize('3 kb'), 3000);
    assert.equal(parseSize('20 parsecs'), undefined);
    assert.equal(parseSize('-1MB'), undefined);
  });

  const r: ImageReport = {
    image: 'i',
    totalBytes: 1000,
    wastedBytes: 200,
    efficiency: 0.8,
    layers: [
      { index: 0, createdBy: 'base', bytes: 600, wastedBytes: 0, files: 1 },
      { index: 1, createdBy: 'COPY a / # buildkit', line: 2, bytes: 300, wastedBytes: 200, files: 1 },
      { index: 2, createdBy: 'RUN rm /a # buildkit', line: 3, bytes: 100, wastedBytes: 0, files: 1 },
    ],
    wasted: [{ path: 'a', bytes: 200, layer: 1, hiddenBy: 2 }],
  };

  it('fails strictly beyond a threshold (efficiency <, wasted bytes >, wasted ÷ bytes over the base layer >)', function () {
    assert.deepEqual(ciFailures(r, { lowestEfficiency: 0.8, highestWastedBytes: 200, highestWastedPercent: 0.5 }), []);
    assert.equal(ciFailures(r, { lowestEfficiency: 0.81 }).length, 1);
    assert.equal(ciFailures(r, { highestWastedBytes: 199 }).length, 1);
    assert.deepEqual(ciFailures(r, { highestWastedPercent: 0.49 }), ['wasted bytes are 50.0% of the bytes added over the base layer, more than --highest-wasted-percent 0.49']);
    assert.equal(worstLayers(r), 'worst layers: layer 1 (line 2) "COPY a /" 200 B wasted, hidden by line 3');
  });
});
