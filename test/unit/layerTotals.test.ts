/**
 * Stage totals (server/src/layers/report.ts) add up: a total is the base plus
 * every instruction as each is shown (`shown`), never smaller than one of its
 * parts, a lower bound (`≥`) whenever a part is one (unknown, `≥ N`, or a
 * compressed base image size) — over the layer fixtures (test/fixtures/layers)
 * and every real Dockerfile of the corpus, with each kind of base-image figure;
 * and the lens, the breakdown and the `layers` JSON say what each figure is.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeLenses, breakdownItems } from '../../server/src/features/codeLens';
import { contextIndex } from '../../server/src/layers/context';
import { analyzeLayers, formatTotal, toReport, type LayerInputs } from '../../server/src/layers/report';
import { analyze } from '../../server/src/model/document';
import { formatBytes, type SizeEstimate } from '../../server/src/protocol/layers';
import { realDockerfiles, repoRoot } from '../helpers/corpus';

/** Every kind of figure a base image can have. */
const BASES: Record<string, SizeEstimate> = {
  engine: { bytes: 7_654_321, basis: 'engine', compressed: false, note: 'engine' },
  registry: { bytes: 49_000_000, basis: 'registry', compressed: true, note: 'registry' },
  table: { bytes: 40_000_000, low: 30_000_000, high: 60_000_000, basis: 'table', compressed: true, note: 'table' },
  unknown: { bytes: null, basis: 'unknown', note: 'unknown' },
};

function fixtures(): Array<[string, string, string]> {
  const dir = join(repoRoot, 'test/fixtures/layers');
  return readdirSync(dir).filter((n) => !n.includes('.')).map((n) => [`fixtures/${n}`, join(dir, n), readFileSync(join(dir, n, 'Dockerfile'), 'utf8')]);
}

describe('layer totals add up', () => {
  const tmp: string[] = [];
  after(() => tmp.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('no stage total is smaller than any of its parts, and total = base + Σ layers (layer fixtures and corpus, every kind of base)', async () => {
    const files: Array<[string, string | undefined, string]> = [...fixtures(), ...realDockerfiles().map(([n, t]): [string, undefined, string] => [n, undefined, t])];
    assert.ok(files.length > 15, 'fixtures and corpus found');
    let stages = 0;
    let lowerBounds = 0;
    for (const [name, dir, text] of files) {
      const doc = analyze(pathToFileURL(join(dir ?? '/nonexistent', 'Dockerfile')).href, 1, text);
      const context = dir ? contextIndex(dir, join(dir, 'Dockerfile')) : undefined;
      await context?.ready();
      for (const [kind, base] of Object.entries(BASES)) {
        const inputs: LayerInputs = { context, baseSize: () => base };
        let a = analyzeLayers(doc, inputs);
        if (context && !context.isReady()) {
          await context.ready();
          a = analyzeLayers(doc, inputs);
        }
        const report = toReport(a);
        report.stages.forEach((s, k) => {
          const where = `${name}, ${kind} base, stage ${s.name ?? s.index}`;
          const t = s.total!;
          const parts = [s.base.shown!, ...s.layers.map((l) => l.shown!)];
          assert.equal(t.bytes, parts.reduce((x, y) => x + y, 0), `${where}: total = base + Σ layers`);
          for (const p of parts) assert.ok(p <= t.bytes && p >= 0, `${where}: a part of ${p} B above a total of ${t.bytes} B`);
          assert.ok(t.low <= t.bytes && t.bytes <= t.high, `${where}: the range holds the total`);
          const anyLower = s.base.atLeast! || s.layers.some((l) => l.atLeast);
          assert.equal(t.atLeast, anyLower, `${where}: a total is a lower bound exactly when a part is`);
          // the lens text: never smaller than the lens of one of its parts
          const shown = formatTotal(a.stages[k].total);
          assert.ok(shown.includes(formatBytes(t.bytes)), `${where}: ${shown}`);
          if (t.atLeast) assert.ok(shown.startsWith('≥ '), `${where}: ${shown}`);
          if (t.atLeast) lowerBounds++;
          stages++;
        });
      }
    }
    assert.ok(stages > 100 && lowerBounds > 10, `${stages} stages, ${lowerBounds} lower bounds checked`);
  });

  it('a compressed base and a `≥` layer: the total adds both and is a lower bound of the uncompressed size, in the lens, the breakdown and the JSON', async () => {
    const root = mkdtempSync(join(tmpdir(), 'layer-totals-'));
    tmp.push(root);
    // a bzip2 archive ADD unpacks: its unpacked size cannot be read here, so the layer is `≥ its size`
    writeFileSync(join(root, 'big.tar.bz2'), Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(20_390)]));
    const text = 'FROM node:20\nADD big.tar.bz2 /opt/\nENV A=1\n';
    const doc = analyze(pathToFileURL(join(root, 'Dockerfile')).href, 1, text);
    const context = contextIndex(root, join(root, 'Dockerfile'));
    await context.ready();
    const inputs: LayerInputs = { context, baseSize: () => BASES.registry };
    analyzeLayers(doc, inputs);
    await context.ready();
    const a = analyzeLayers(doc, inputs);
    const titles = codeLenses(doc, a, { layerSizes: true, effectiveCommand: false }).map((l) => l.command!.title);
    assert.deepEqual(titles, [
      // the base's compressed figure; the total a lower bound (the breakdown says why)
      'node:20 · 49 MB · image ≥ 49 MB',
      'Build Image…',
      '+≥ 20.4 kB · archive, unpacked',
    ]);
    assert.deepEqual(codeLenses(doc, a, { layerSizes: true, effectiveCommand: false, metadata: true }).map((l) => l.command!.title).slice(3), ['0 B · metadata']);
    const r = toReport(a).stages[0];
    assert.deepEqual(r.total, {
      bytes: 49_020_400,
      low: 49_020_400,
      high: 49_020_400,
      atLeast: true,
      unknownParts: 0,
      compressedBase: true,
      measured: false,
      note: "Base + each instruction, as shown: uncompressed, estimated; at least this much: the base image's figure is its compressed size.",
    });
    assert.equal(r.totalBytes, 49_020_400);
    assert.deepEqual([r.base.compressed, r.base.atLeast, r.layers[0].atLeast, r.layers[0].shown], [true, true, true, 20_400]);
    const items = breakdownItems(a, 0, 'stage');
    assert.deepEqual(items.map((i) => [i.label, i.bytes]), [['base node:20', 49_000_000], ['line 2: ADD', 20_400], ['total', 49_020_400]]);
    assert.match(items[0].detail!, /^49\.0 MB compressed: registry$/);
    assert.match(items[2].detail!, /^≥ 49\.0 MB: base \+ each layer above, uncompressed, estimated; at least this much/);
  });

  it('measured layers replace estimates; unknown parts count 0 and make the total `≥`; a stage FROM a stage starts at its total', () => {
    const doc = analyze('file:///nonexistent/Dockerfile', 1, 'FROM scratch AS a\nCOPY x /x\nRUN true\nFROM a\nCOPY y /y\n');
    const a = analyzeLayers(doc, { context: undefined, baseSize: () => BASES.unknown, measured: { image: 'i', layers: new Map([[2, 1000]]) } });
    const [first, second] = toReport(a).stages;
    assert.deepEqual([first.layers[0].shown, first.layers[0].atLeast, first.layers[0].measured], [1000, false, 1000]);
    assert.equal(first.total!.bytes, 1000 + first.layers[1].shown!);
    assert.equal(first.total!.atLeast, false);
    assert.equal(second.base.shown, first.total!.bytes);
    assert.equal(second.total!.unknownParts, 1); // COPY y without a build context
    assert.equal(second.total!.atLeast, true);
    assert.equal(formatTotal(a.stages[1].total), `≥ ${formatBytes(second.total!.bytes)}`);
  });
});
