/**
 * The lens design (server/src/features/codeLens.ts), the FROM inlay hint and the layers chart, held
 * against a real dockerd 20.10 with BuildKit (test/helpers/docker.ts):
 * - the FROM hint names the image BuildKit builds from (`→ local/busybox:1`: its layers start the image);
 * - the instructions that get no lens (ENV, LABEL, WORKDIR, ENTRYPOINT, CMD) are 0 B in `docker history`;
 *   after the build the layer lenses show the bytes `docker history` measured;
 * - the command lens, above the ENTRYPOINT in effect, is what `docker inspect` stores (Entrypoint + Cmd);
 * - a stage only copied from is not in the image (none of its layers is in `docker history`): the report
 *   and the chart say "not in the final image";
 * - a COPY of a missing source fails the build ("not found"): the lens only says `? · source not found`.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderChart, type ChartLabels } from '../../client/src/layersChart';
import { codeLenses } from '../../server/src/features/codeLens';
import { inlayHints } from '../../server/src/features/inlayHints';
import { measuredLayers } from '../../server/src/images/history';
import { contextIndex } from '../../server/src/layers/context';
import { analyzeLayers, toReport, type LayerInputs } from '../../server/src/layers/report';
import { formatArgv } from '../../server/src/model/command';
import { analyze } from '../../server/src/model/document';
import { docker, dockerBuild, importBusybox, needDocker, startDockerd, type Dockerd } from '../helpers/docker';

const TEXT = [
  'ARG NAME=local/busybox',
  'ARG TAG=1',
  'FROM ${NAME}:${TAG} AS tools',
  'COPY tool.bin /tool.bin',
  'FROM ${NAME}:${TAG}',
  'ENV MODE=prod',
  'LABEL org.example.kind=test',
  'WORKDIR /srv',
  'COPY --from=tools /tool.bin /srv/tool.bin',
  'COPY app.txt /srv/app.txt',
  'ENTRYPOINT ["/bin/sh", "-c", "echo \\"$0\\" $1"]',
  'CMD ["hello", "world"]',
  '',
].join('\n');

describe('lenses, the FROM hint and the chart against a real dockerd (BuildKit)', function () {
  this.timeout(180_000);
  let d: Dockerd | undefined;
  let dir: string;
  const tag = 'lens-test/app:1';

  before(async function () {
    needDocker(this, { busybox: true });
    d = await startDockerd();
    await importBusybox(d);
    dir = mkdtempSync(join(tmpdir(), 'lens-int-'));
    writeFileSync(join(dir, 'tool.bin'), Buffer.alloc(30_000, 7));
    writeFileSync(join(dir, 'app.txt'), 'x'.repeat(1234));
    writeFileSync(join(dir, 'Dockerfile'), TEXT);
    writeFileSync(join(dir, 'Dockerfile.missing'), 'FROM scratch\nCOPY nope.txt /\n');
  });
  after(async () => {
    await d?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('builds; the hint, the lenses, the command and the chart say what the engine did', async () => {
    const built = await dockerBuild(d!, { dockerfile: join(dir, 'Dockerfile'), context: dir, tag, builder: 'buildkit' });
    assert.equal(built.code, 0, built.output.slice(-3000));
    const file = join(dir, 'Dockerfile');
    const doc = analyze(pathToFileURL(file).href, 1, readFileSync(file, 'utf8'));

    // the FROM hint: the image the build started from
    const hints = inlayHints(doc, { start: { line: 0, character: 0 }, end: { line: 13, character: 0 } }, { variableValues: true, implicitLatest: true });
    assert.deepEqual(hints.map((h) => `${h.position.line}: ${h.label}`), ['2: → local/busybox:1', '4: → local/busybox:1']);
    const layersOf = async (image: string) => JSON.parse((await docker(d!, ['image', 'inspect', '--format', '{{json .RootFS.Layers}}', image])).output) as string[];
    const [base, image] = [await layersOf('local/busybox:1'), await layersOf(tag)];
    assert.deepEqual(image.slice(0, base.length), base, 'the image does not start with local/busybox:1');

    // docker history, mapped to the instructions
    const m = await measuredLayers(d!.docker, tag, doc, { env: d!.env });
    assert.ok(m, 'docker history failed');
    const measured = new Map(m.layers.map((l) => [l.line + 1, l.bytes]));
    console.log(`      (docker history: ${m.layers.map((l) => `line ${l.line + 1} ${l.bytes} B`).join(', ')})`);
    // no lens on these: the engine recorded 0 bytes for each
    for (const line of [6, 7, 8, 11, 12]) assert.equal(measured.get(line), 0, `line ${line}: ${TEXT.split('\n')[line - 1]}`);
    assert.equal(measured.get(9), 30_000);
    assert.equal(measured.get(10), 1234);
    // the tools stage is not in the image: its COPY has no history row (the final chain starts at line 5)
    assert.ok(!measured.has(4), 'the COPY of the tools stage is in the image');

    const context = contextIndex(dir, file);
    await context.ready();
    const base0 = { bytes: 0, basis: 'engine' as const, note: 'engine' };
    const inputs: LayerInputs = { context, baseSize: () => base0, measured: { layers: measured, image: tag } };
    const a = analyzeLayers(doc, inputs);
    const lenses = codeLenses(doc, a, { layerSizes: true, effectiveCommand: true }).map((l) => `${l.range.start.line + 1}: ${l.command!.title}`);
    const on = (line: number) => lenses.filter((l) => l.startsWith(`${line}: `));
    for (const line of [6, 7, 8, 12]) assert.deepEqual(on(line), [], lenses.join('\n'));
    assert.deepEqual(on(9), ['9: 30.0 kB measured · estimate 30.0 kB'], lenses.join('\n'));
    assert.deepEqual(on(10), ['10: 1.23 kB measured · estimate 1.23 kB'], lenses.join('\n'));

    // the command lens: above the ENTRYPOINT, what docker inspect stores
    const inspect = JSON.parse((await docker(d!, ['image', 'inspect', '--format', '{{json .Config}}', tag])).output) as { Entrypoint: string[]; Cmd: string[] };
    const argv = [...inspect.Entrypoint, ...inspect.Cmd];
    assert.deepEqual(argv, ['/bin/sh', '-c', 'echo "$0" $1', 'hello', 'world']);
    assert.deepEqual(on(11), [`11: ▶ ${formatArgv(argv)}`], lenses.join('\n'));
    const run = await docker(d!, ['run', '--rm', '--network=none', tag]);
    assert.equal(run.output.trim(), 'hello world');

    // the report and the chart: the tools stage is not in the final image
    const report = toReport(a);
    assert.deepEqual(report.stages.map((s) => s.inImage), [false, true]);
    const html = renderChart(report, LABELS, (line) => TEXT.split('\n')[line - 1]);
    const [tools, final] = html.split('<section class="stage">').slice(1);
    assert.match(tools, /not in the final image/);
    assert.doesNotMatch(tools, /\? · measured/);
    assert.match(final, /30.0 kB · measured/);
    assert.match(final, /\+ 5 metadata instructions/);
  });

  it('a COPY whose source is missing: the engine fails with "not found"; the lens stays short', async () => {
    const built = await dockerBuild(d!, { dockerfile: join(dir, 'Dockerfile.missing'), context: dir, tag: 'lens-test/missing:1', builder: 'buildkit' });
    assert.notEqual(built.code, 0);
    assert.match(built.output, /"\/nope\.txt" not found: not found/);
    const file = join(dir, 'Dockerfile.missing');
    const doc = analyze(pathToFileURL(file).href, 1, readFileSync(file, 'utf8'));
    const context = contextIndex(dir, file);
    await context.ready();
    const a = analyzeLayers(doc, { context, baseSize: () => ({ bytes: 0, basis: 'metadata', note: '' }) });
    const lenses = codeLenses(doc, a, { layerSizes: true, effectiveCommand: false }).map((l) => `${l.range.start.line + 1}: ${l.command!.title}`);
    assert.ok(lenses.includes('2: ? · source not found'), lenses.join('\n'));
  });
});

const LABELS: ChartLabels = {
  stage: (index, name) => `Stage ${index}${name ? ` · ${name}` : ''}`,
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
