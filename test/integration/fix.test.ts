/**
 * `dockerfile-lens check --fix` against a real engine (private dockerd, the imported busybox image,
 * BuildKit): a Dockerfile whose findings all have style fixes (keyword and stage-name casing, the
 * legacy `ENV key value`, an ignored CMD, `EXPOSE 80/TCP`) builds, after `--fix`, to the same image:
 * the same layers (RootFS.Layers: BuildKit reuses the cached steps, so the build graph is the same)
 * and the same config (Env, Cmd, Entrypoint, ExposedPorts, Labels, WorkingDir, User).
 */
import * as assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/corpus';
import { BUSYBOX_IMAGE, dockerBuild, importBusybox, needDocker, startDockerd, type Dockerd } from '../helpers/docker';

const ORIGINAL = [
  `from ${BUSYBOX_IMAGE} as Build`,
  'env GREETING hello',
  'copy a.txt /data/a.txt',
  `FROM ${BUSYBOX_IMAGE}`,
  'COPY --from=Build /data/ /srv/',
  'ENV MODE prod',
  'EXPOSE 8080/TCP',
  'CMD echo ignored',
  'CMD ["cat", "/srv/a.txt"]',
  '',
].join('\n');

describe('integration: check --fix keeps what a Dockerfile builds', function () {
  this.timeout(300000);
  let d: Dockerd | undefined;
  let work = '';

  before(async function () {
    needDocker(this, { busybox: true });
    work = mkdtempSync(join(tmpdir(), 'lens-fix-int-'));
    d = await startDockerd();
    await importBusybox(d);
  });
  after(async () => {
    await d?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const inspect = (tag: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) =>
      execFile(d!.docker, ['image', 'inspect', tag], { env: d!.env }, (err, stdout, stderr) => {
        if (err) return reject(new Error(stderr));
        const [img] = JSON.parse(stdout) as Array<{ Config: Record<string, unknown>; RootFS: { Layers: string[] } }>;
        const c = img.Config;
        resolve({ layers: img.RootFS.Layers, Env: c.Env, Cmd: c.Cmd, Entrypoint: c.Entrypoint, ExposedPorts: c.ExposedPorts, Labels: c.Labels, WorkingDir: c.WorkingDir, User: c.User });
      }),
    );

  it('the same layers and config before and after --fix', async () => {
    writeFileSync(join(work, 'a.txt'), 'from the context\n');
    const file = join(work, 'Dockerfile');
    writeFileSync(file, ORIGINAL);
    const before = await dockerBuild(d!, { dockerfile: file, context: work, tag: 'lens-fix/before:1', builder: 'buildkit' });
    assert.equal(before.code, 0, before.output);

    const fix = spawnSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'check', '--fix', 'Dockerfile'], { cwd: work, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    assert.equal(fix.status, 0, fix.stdout + fix.stderr);
    const fixed = readFileSync(file, 'utf8');
    assert.equal(fixed, [
      `FROM ${BUSYBOX_IMAGE} AS build`,
      'ENV GREETING=hello',
      'COPY a.txt /data/a.txt',
      `FROM ${BUSYBOX_IMAGE}`,
      'COPY --from=build /data/ /srv/',
      'ENV MODE=prod',
      'EXPOSE 8080/tcp',
      'CMD ["cat", "/srv/a.txt"]',
      '',
    ].join('\n'), fix.stdout);
    assert.match(fix.stdout, /\n0 finding\(s\)\n$|1 file\(s\) checked, 0 finding\(s\)\n$/);

    const after = await dockerBuild(d!, { dockerfile: file, context: work, tag: 'lens-fix/after:1', builder: 'buildkit' });
    assert.equal(after.code, 0, after.output);
    const [a, b] = [await inspect('lens-fix/before:1'), await inspect('lens-fix/after:1')];
    assert.deepEqual(b, a);
    assert.deepEqual(a.ExposedPorts, { '8080/tcp': {} });
    assert.deepEqual(a.Cmd, ['cat', '/srv/a.txt']);
  });
});
