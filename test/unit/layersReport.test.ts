/**
 * The layer analysis (server/src/layers/report.ts): after an edit, the estimates
 * of unchanged stages are reused from the previous version (the incremental
 * parser hands their instructions over); the result must equal a fresh
 * analysis of the same text, on every real Dockerfile and random edits.
 */
import { strict as assert } from 'node:assert';
import { analyze, type DockerfileDocument } from '../../server/src/model/document';
import { analyzeLayers, toReport, type LayerInputs } from '../../server/src/layers/report';
import { realDockerfiles } from '../helpers/corpus';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateDockerfile, prng } = require('../../scripts/gen-dockerfile.mjs') as {
  generateDockerfile: (lines: number, seed: number) => string;
  prng: (seed: number) => () => number;
};

const inputs = (generation: number): LayerInputs => ({
  context: undefined,
  baseSize: (image) => ({ bytes: image.length * 1000, basis: 'table', note: 'test' }),
  generation,
});

const report = (doc: DockerfileDocument, generation: number) => JSON.stringify(toReport(analyzeLayers(doc, inputs(generation))));

describe('layer analysis: estimates reused across versions', () => {
  it('equals a fresh analysis after random edits (corpus and generated files)', () => {
    const rnd = prng(11);
    const files = [...realDockerfiles().map(([, t]) => t), generateDockerfile(2000, 5)];
    let checked = 0;
    for (const text of files) {
      let doc = analyze('file:///x/Dockerfile', 1, text);
      report(doc, 1);
      for (let step = 2; step < 8; step++) {
        const t = doc.text;
        const at = Math.floor(rnd() * (t.length + 1));
        const edits = ['\nRUN apt-get install -y curl\n', 'x', '', '\n', '\nFROM alpine AS more\n', '\nCOPY --from=0 /a /b\n', ' ', '# c\n'];
        const del = rnd() < 0.3 ? Math.floor(rnd() * 20) : 0;
        const next = t.slice(0, at) + edits[Math.floor(rnd() * edits.length)] + t.slice(at + del);
        doc = analyze('file:///x/Dockerfile', step, next, doc);
        const fresh = analyze('file:///x/Dockerfile', step, next);
        assert.equal(report(doc, 1), report(fresh, 1), `after an edit at ${at}`);
        checked++;
      }
    }
    assert.ok(checked > 100);
  });

  it('recomputes when the generation changes', () => {
    const doc = analyze('file:///x/Dockerfile', 1, 'FROM debian\nRUN apt-get install -y jq\n');
    const a = analyzeLayers(doc, inputs(1));
    const b = analyzeLayers(doc, inputs(1));
    const c = analyzeLayers(doc, inputs(2));
    assert.equal(a.stages[0].layers[0].estimate, b.stages[0].layers[0].estimate, 'reused');
    assert.notEqual(a.stages[0].layers[0].estimate, c.stages[0].layers[0].estimate, 'recomputed');
    assert.deepEqual(a.stages[0].layers[0].estimate, c.stages[0].layers[0].estimate);
  });
});
