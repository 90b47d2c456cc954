/**
 * The "Show Image Layers" chart (client/src/layersChart.ts) over the report of examples/Dockerfile
 * (its real build context), after a build that measured the final image's layers: the stages only
 * copied from say they are not in the final image (no `? · measured` there), the final stage shows
 * its measurements, and the metadata count reads in the singular and the plural.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderChart, type ChartLabels } from '../../client/src/layersChart';
import { contextIndex } from '../../server/src/layers/context';
import { analyzeLayers, toReport } from '../../server/src/layers/report';
import { analyze } from '../../server/src/model/document';
import { repoRoot } from '../helpers/corpus';

const labels: ChartLabels = {
  stage: (index, name) => (name ? `Stage ${index} · ${name}` : `Stage ${index}`),
  base: (size, basis) => `base image ${size} (${basis})`,
  total: (size) => `stage total ${size}`,
  measured: 'measured',
  estimated: 'estimated',
  noLayers: 'No stages',
  metadataOnly: { one: '+ 1 metadata instruction (0 B, not shown)', other: (n) => `+ ${n} metadata instructions (0 B, not shown)` },
  notInImage: 'not in the final image',
  revealHint: 'click a bar',
  compressed: 'compressed',
  basis: { metadata: 'metadata', context: 'build context', archive: 'archive', stage: 'from a stage', apt: 'apt', download: 'download', commands: 'commands', engine: 'engine', registry: 'registry', table: 'table', measured: 'measured', unknown: 'unknown' },
};

describe('layers chart', () => {
  it('examples/Dockerfile after a build: stages only copied from are "not in the final image"; one metadata instruction, several', async () => {
    const dir = join(repoRoot, 'examples');
    const file = join(dir, 'Dockerfile');
    const text = readFileSync(file, 'utf8');
    const doc = analyze(pathToFileURL(file).href, 1, text);
    const context = contextIndex(dir, file);
    await context.ready();
    const runtime = doc.stages.stages[2];
    // what `docker history` gave for the final image's layers (the build measures that image only)
    const measured = new Map(runtime.instructions.filter((i) => ['RUN', 'COPY'].includes(i.name)).map((i, k) => [i.startLine, 1000 * (k + 1)]));
    const report = toReport(analyzeLayers(doc, { context, baseSize: () => ({ bytes: 45_000_000, basis: 'registry', compressed: true, note: 'registry' }), measured: { layers: measured, image: 'app:1' } }));
    assert.deepEqual(report.stages.map((s) => [s.name, s.inImage]), [['deps', false], ['build', false], ['runtime', true]]);
    const html = renderChart(report, labels, (line) => text.split('\n')[line - 1]);
    const sections = html.split('<section class="stage">').slice(1);
    assert.equal(sections.length, 3);
    const [deps, build, final] = sections;
    for (const s of [deps, build]) {
      assert.match(s, /<p class="meta">FROM [^<]*· stage total [^<]* · <span class="not-in-image">not in the final image<\/span>/);
      assert.doesNotMatch(s, /\? · measured/);
      assert.match(s, /class="value dim">not in the final image</);
    }
    assert.doesNotMatch(final, /not in the final image/);
    assert.match(final, /1.00 kB · measured/);
    // deps: WORKDIR; runtime: LABEL, WORKDIR, USER, EXPOSE, HEALTHCHECK, ENTRYPOINT, CMD
    assert.match(deps, /\+ 1 metadata instruction \(0 B, not shown\)/);
    assert.match(final, /\+ 7 metadata instructions \(0 B, not shown\)/);
    assert.doesNotMatch(html, /1 metadata instructions/);
  });
});
