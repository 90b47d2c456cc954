/**
 * The base image's `Config.Env` from a real engine and a real registry, and
 * what BuildKit does with it: a private dockerd (Debian's docker.io 20.10,
 * BuildKit built in) with an image imported from busybox with
 * `docker import -c 'ENV …'`; BuildKit expands `$LENS_FOO` in WORKDIR from that
 * config (the build's output shows it), the engine lookup reads the same Env,
 * UndefinedVar agrees; a real registry (docker-registry) serves the Env from
 * the config blob (an image index resolved per platform), and the image the
 * engine holds, pushed to it, reads the same from both.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveBaseEnv } from '../../server/src/images/baseEnv';
import type { BaseEnvStatus } from '../../server/src/model/baseEnv';
import { DOCKER, dockerBuild, importBusybox, needDocker, startDockerd, type Dockerd } from '../helpers/docker';
import { requireBinaries, startRegistry, writeOciLayout, type TestRegistry } from '../helpers/registry';
import { findings } from '../helpers/rules';

function docker(d: Dockerd, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(d.docker, args, { env: d.env, maxBuffer: 64 << 20 }, (err, stdout, stderr) => (err ? reject(new Error(`docker ${args.join(' ')}: ${stderr}`)) : resolve(stdout))),
  );
}
const entries = (s: BaseEnvStatus) => (s.known ? [s.source, [...s.env].map(([k, v]) => `${k}=${v}`)] : [s.reason]);
const undefinedVars = (text: string, status: BaseEnvStatus) => findings(text, 'UndefinedVar', { baseEnv: () => status }).map((f) => f.message);

describe('integration: base image ENV from the local engine and a registry', function () {
  this.timeout(240_000);
  let d: Dockerd;
  let registry: TestRegistry;
  const work = mkdtempSync(join(tmpdir(), 'lens-baseenv-int-'));
  const IMAGE = 'local/envimg:1';
  const ENV = ['LENS_FOO=bar', 'LENS_HOME=/opt/lens'];

  before(async function () {
    needDocker(this, { busybox: true });
    requireBinaries(this, ['docker-registry', 'skopeo']);
    d = await startDockerd();
    const busybox = await importBusybox(d);
    // the same root filesystem again, with an ENV in its config (`docker import -c 'ENV …'`)
    const id = (await docker(d, ['create', busybox])).trim();
    const tar = join(work, 'rootfs.tar');
    await docker(d, ['export', '-o', tar, id]);
    await docker(d, ['rm', id]);
    await docker(d, ['import', ...ENV.flatMap((e) => ['-c', `ENV ${e}`]), tar, IMAGE]);
    registry = await startRegistry();
  });
  after(async () => {
    await registry?.stop();
    await d?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('the engine: Env as docker image inspect prints it; BuildKit expands it in WORKDIR; UndefinedVar agrees', async () => {
    const printed = JSON.parse(await docker(d, ['image', 'inspect', '--format', '{{json .Config.Env}}', IMAGE])) as string[];
    assert.deepEqual(printed, ENV);
    const status = await resolveBaseEnv(IMAGE, { docker: DOCKER, dockerEnv: d.env, registry: false });
    assert.deepEqual(entries(status), ['engine', ENV]);

    // what BuildKit does: the stage starts with the image's Env (WORKDIR expands $LENS_FOO to bar)
    const ctx = join(work, 'ctx');
    const out = join(work, 'out');
    const dockerfile = join(work, 'Dockerfile');
    const text = `FROM ${IMAGE}\nWORKDIR /w/$LENS_FOO\nRUN pwd > here.txt\n`;
    writeFileSync(dockerfile, text);
    rmSync(ctx, { recursive: true, force: true });
    mkdirSync(ctx);
    const r = await dockerBuild(d, { dockerfile, context: ctx, tag: 'local/envtest:1', builder: 'buildkit', extraArgs: ['-o', `type=local,dest=${out}`] });
    assert.equal(r.code, 0, r.output);
    assert.equal(readFileSync(join(out, 'w', 'bar', 'here.txt'), 'utf8'), '/w/bar\n');

    // the linter, given what the engine said, agrees: $LENS_FOO is defined, a typo of it is not
    assert.deepEqual(undefinedVars(text, status), []);
    assert.deepEqual(undefinedVars(`FROM ${IMAGE}\nWORKDIR /w/$LENS_FO0\n`, status), ["Usage of undefined variable '$LENS_FO0' (did you mean $LENS_FOO?)"]);
    // with --platform of another architecture the local image is not used (BuildKit would pull)
    const other = await resolveBaseEnv(IMAGE, { docker: DOCKER, dockerEnv: d.env, registry: false, platform: 'linux/s390x' });
    assert.deepEqual(entries(other), ['the local image is linux/amd64, not linux/s390x; registry lookups are off; not in the bundled table']);
  });

  it('the registry: Env from the config blob, per platform of an image index', async () => {
    const layout = writeOciLayout(join(work, 'layout'), [
      { platform: { os: 'linux', architecture: 'amd64' }, layers: [1000], env: ['PATH=/usr/bin:/bin', 'LENS_ARCH=amd64'] },
      { platform: { os: 'linux', architecture: 'arm64' }, layers: [1000], env: ['LENS_ARCH=arm64', 'LENS_ONLY_ARM=1'] },
    ], true);
    registry.push(layout.dir, 'lens/multi:1', { all: true });
    const cacheDir = join(work, 'cache');
    const image = `${registry.host}/lens/multi:1`;
    assert.deepEqual(entries(await resolveBaseEnv(image, { registry: true, cacheDir })), ['registry', ['PATH=/usr/bin:/bin', 'LENS_ARCH=amd64']]);
    const arm = await resolveBaseEnv(image, { registry: true, cacheDir, platform: 'linux/arm64' });
    assert.deepEqual(entries(arm), ['registry', ['LENS_ARCH=arm64', 'LENS_ONLY_ARM=1']]);
    assert.ok(arm.known && /^the config of .*lens\/multi:1 for linux\/arm64 in its registry \(sha256:[0-9a-f]{12}\)$/.test(arm.note), arm.known ? arm.note : '');
    // registry lookups off: not asked
    assert.deepEqual(entries(await resolveBaseEnv(`${registry.host}/lens/multi:2`, { registry: false })), ['registry lookups are off; not in the bundled table']);
    assert.deepEqual(entries(await resolveBaseEnv(`${registry.host}/lens/missing:1`, { registry: true, cacheDir })), ['registry: not found in the registry; not in the bundled table']);
  });

  it('the image the engine holds, pushed to the registry, reads the same Env from both', async () => {
    const pushed = `${registry.host}/lens/fromengine:1`;
    await docker(d, ['tag', IMAGE, pushed]);
    await docker(d, ['push', pushed]);
    await docker(d, ['rmi', pushed]);
    const fromRegistry = await resolveBaseEnv(pushed, { registry: true, cacheDir: join(work, 'cache2') });
    assert.deepEqual(entries(fromRegistry), ['registry', ENV]);
    const fromEngine = await resolveBaseEnv(IMAGE, { docker: DOCKER, dockerEnv: d.env, registry: false });
    assert.deepEqual(fromEngine.known && [...fromEngine.env], fromRegistry.known && [...fromRegistry.env]);
  });
});
