/**
 * Which builder `docker build` ran, read from its output (client/src/builderKind.ts), against a real
 * Docker 20.10 engine with both docker clients here: Debian's /usr/bin/docker 20.10 (BuildKit built in)
 * and /usr/local/bin/docker 28.x without the buildx plugin (legacy builder and its deprecation notice;
 * with DOCKER_BUILDKIT=1 it refuses to build). What the detector says is checked against what really
 * built the image: `docker history` rows of BuildKit end in `# buildkit`, the legacy builder's read `#(nop)`.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuilderDetector, dockerBuildkitEnv } from '../../client/src/builderKind';
import { docker, needDocker, startDockerd, type Dockerd } from '../helpers/docker';

const CLI_NO_BUILDX = '/usr/local/bin/docker';

/** `CLI build` as the extension runs it (argument array, the extension host's environment plus `env`), its output fed line by line. */
function build(cli: string, d: Dockerd, context: string, tag: string, env: Record<string, string | undefined>) {
  const full: NodeJS.ProcessEnv = { ...d.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete full[k];
  else full[k] = v;
  return new Promise<{ code: number | null; output: string; detector: BuilderDetector; env: NodeJS.ProcessEnv; streams: string[][] }>((resolve) => {
    const detector = new BuilderDetector();
    const child = spawn(cli, ['build', `--tag=${tag}`, `--file=${join(context, 'Dockerfile')}`, context], { env: full, shell: false });
    let output = '';
    const streams: string[][] = [[], []];
    for (const [i, stream] of [child.stdout, child.stderr].entries()) {
      let partial = '';
      stream.setEncoding('utf8');
      const push = (line: string) => {
        detector.push(line);
        streams[i].push(line);
      };
      stream.on('data', (chunk: string) => {
        output += chunk;
        const lines = (partial + chunk).split(/\r?\n/);
        partial = lines.pop() ?? '';
        for (const line of lines) push(line);
      });
      stream.on('end', () => partial && push(partial));
    }
    child.on('close', (code) => resolve({ code, output, detector, env: full, streams }));
  });
}

/** What really built `tag`: BuildKit's history rows say `# buildkit`, the legacy builder's `#(nop)`. */
async function builtBy(d: Dockerd, tag: string): Promise<'buildkit' | 'legacy'> {
  const h = await docker(d, ['history', '--no-trunc', '--format', '{{.CreatedBy}}', tag]);
  assert.equal(h.code, 0, h.output);
  const copy = h.output.split('\n').find((l) => l.includes('COPY'));
  assert.ok(copy, h.output);
  if (copy.includes('# buildkit')) return 'buildkit';
  assert.match(copy, /#\(nop\)/);
  return 'legacy';
}

describe('integration: which builder ran, with both docker clients', function () {
  this.timeout(300000);
  let d: Dockerd | undefined;
  let legacyDaemon: Dockerd | undefined;
  let ctx = '';
  let n = 0;
  const tag = () => `lens-builder/t${++n}:1`;

  before(async function () {
    needDocker(this);
    ctx = mkdtempSync(join(tmpdir(), 'lens-builder-'));
    writeFileSync(join(ctx, 'f'), 'hi\n');
    writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY f /f\n');
    [d, legacyDaemon] = await Promise.all([startDockerd(), startDockerd({ buildkit: false })]);
  });
  after(async () => {
    await Promise.all([d?.stop(), legacyDaemon?.stop()]);
    if (ctx) rmSync(ctx, { recursive: true, force: true });
  });

  it('DOCKER_BUILDKIT is read as Go ParseBool reads it', () => {
    assert.equal(dockerBuildkitEnv({}), undefined);
    assert.equal(dockerBuildkitEnv({ DOCKER_BUILDKIT: '1' }), true);
    assert.equal(dockerBuildkitEnv({ DOCKER_BUILDKIT: 'True' }), true);
    assert.equal(dockerBuildkitEnv({ DOCKER_BUILDKIT: 'false' }), false);
    assert.equal(dockerBuildkitEnv({ DOCKER_BUILDKIT: '0' }), false);
    assert.equal(dockerBuildkitEnv({ DOCKER_BUILDKIT: 'yes' }), undefined);
  });

  it('/usr/bin/docker 20.10: BuildKit when the daemon enables it; the legacy builder with DOCKER_BUILDKIT=0 (no notice) or a daemon defaulting to it', async () => {
    const t1 = tag();
    const bk = await build(d!.docker, d!, ctx, t1, { DOCKER_BUILDKIT: undefined });
    assert.equal(bk.code, 0, bk.output);
    assert.deepEqual(bk.detector.result(bk.env), { builder: 'buildkit' });
    assert.equal(await builtBy(d!, t1), 'buildkit');

    const t2 = tag();
    const off = await build(d!.docker, d!, ctx, t2, { DOCKER_BUILDKIT: '0' });
    assert.equal(off.code, 0, off.output);
    assert.doesNotMatch(off.output, /DEPRECATED/);
    assert.deepEqual(off.detector.result(off.env), { builder: 'legacy', reason: 'disabled' });
    assert.equal(await builtBy(d!, t2), 'legacy');

    const t3 = tag();
    const dflt = await build(legacyDaemon!.docker, legacyDaemon!, ctx, t3, { DOCKER_BUILDKIT: undefined });
    assert.equal(dflt.code, 0, dflt.output);
    assert.deepEqual(dflt.detector.result(dflt.env), { builder: 'legacy', reason: 'daemon-default' });
    assert.equal(await builtBy(legacyDaemon!, t3), 'legacy');
  });

  it('/usr/local/bin/docker without buildx: the legacy builder after its deprecation notice; DOCKER_BUILDKIT=1 builds nothing', async function () {
    if (!existsSync(CLI_NO_BUILDX)) this.skip();
    const version = await build(CLI_NO_BUILDX, d!, ctx, tag(), { DOCKER_BUILDKIT: undefined });
    assert.equal(version.code, 0, version.output);
    assert.match(version.output, /^DEPRECATED: The legacy builder is deprecated and will be removed in a future release\.\n\s+Install the buildx component to build images with BuildKit:\n\s+https:\/\/docs\.docker\.com\/go\/buildx\//);
    assert.deepEqual(version.detector.result(version.env), { builder: 'legacy', reason: 'buildx-missing' });
    // the notice comes on stderr, the steps on stdout: whichever pipe is read first, the same answer
    const [stdout, stderr] = version.streams;
    assert.ok(stderr.some((l) => l.startsWith('DEPRECATED')) && stdout.some((l) => l.startsWith('Step 1/2 : FROM scratch')), JSON.stringify(version.streams));
    for (const order of [[...stdout, ...stderr], [...stderr, ...stdout]]) {
      const det = new BuilderDetector();
      for (const line of order) det.push(line);
      assert.deepEqual(det.result(version.env), { builder: 'legacy', reason: 'buildx-missing' });
    }
    assert.equal(await builtBy(d!, `lens-builder/t${n}:1`), 'legacy');

    const off = await build(CLI_NO_BUILDX, d!, ctx, tag(), { DOCKER_BUILDKIT: '0' });
    assert.equal(off.code, 0, off.output);
    assert.match(off.output, /BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0/);
    assert.deepEqual(off.detector.result(off.env), { builder: 'legacy', reason: 'disabled' });

    const on = await build(CLI_NO_BUILDX, d!, ctx, tag(), { DOCKER_BUILDKIT: '1' });
    assert.notEqual(on.code, 0);
    assert.match(on.output, /^ERROR: BuildKit is enabled but the buildx component is missing or broken\./);
    assert.deepEqual(on.detector.result(on.env), { builder: undefined, buildxMissing: true });
    // and `docker buildx version` agrees: no such command in this CLI
    const buildx = await new Promise<number | null>((resolve) => spawn(CLI_NO_BUILDX, ['buildx', 'version'], { stdio: 'ignore' }).on('close', resolve));
    assert.notEqual(buildx, 0);
  });
});
