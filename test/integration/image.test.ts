/**
 * The image analysis (server/src/images/imageAnalysis.ts) and the `image` CLI against a real engine
 * (one private dockerd, both builders) and a real registry: an image built for the purpose from the
 * imported busybox, where a file is overwritten, one deleted (whiteout), a directory removed and
 * recreated (both builders write an opaque `.wh..wh..opq` for it), a symlink, and hard links
 * (a payload whose paths are removed one by one). Every figure is asserted against bytes computed by
 * hand from what the Dockerfile writes, and each BuildKit layer's bytes against `docker history
 * --human=false` (BuildKit records the regular-file payload; the legacy builder also counts a
 * symlink's target length). The same image is then read as a `docker save` archive, as OCI layouts
 * (gzip and zstd layers, `skopeo copy`) with no engine at all, as the OCI archive Docker 25+ writes
 * (assembled here: 20.10 writes only the classic one), and from a registry.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeImage, analysisDetails } from '../../server/src/images/imageAnalysis';
import { analyze } from '../../server/src/model/document';
import type { ImageReport } from '../../server/src/protocol/image';
import { repoRoot } from '../helpers/corpus';
import { BUSYBOX_IMAGE, BUSYBOX_PASSWD, docker, dockerBuild, importBusybox, needDocker, startDockerd, type Dockerd } from '../helpers/docker';
import { requireBinaries, startRegistry, type TestRegistry } from '../helpers/registry';

const DOCKERFILE = `FROM ${BUSYBOX_IMAGE}
COPY a.bin b.bin /d/
RUN dd if=/dev/zero of=/d/a.bin bs=1000 count=1
RUN rm /d/b.bin
RUN mkdir /o && dd if=/dev/zero of=/o/x bs=100 count=4 && ln -s x /o/link
RUN rm -rf /o && mkdir /o && echo hi > /o/new
RUN mkdir /h && dd if=/dev/zero of=/h/one bs=500 count=1 && ln /h/one /h/two && dd if=/dev/zero of=/h/three bs=700 count=1 && ln /h/three /h/four
RUN rm /h/one /h/three
RUN rm /h/four
`;
/** /etc/group of the imported busybox (test/helpers/docker.ts). */
const GROUP = 'root:x:0:\nnogroup:x:65534:\n';
const BASE = statSync('/bin/busybox').size + BUSYBOX_PASSWD.length + GROUP.length;
/** Hand-computed: the payload each layer's files carry (layer 0: busybox, passwd, group). */
const BYTES = [BASE, 3000 + 2000, 1000, 0, 400, 3, 500 + 700, 0, 0];
/**
 * Hidden payloads: a.bin (3000) overwritten by layer 2; b.bin (2000) deleted by 3; /o/x (400) hidden by
 * the opaque /o of 5; /h/one's 500 bytes stay visible through /h/two; the 700 of /h/three + /h/four are
 * gone when the last path goes, in layer 8. The tar holds a hard-linked payload with its first path
 * in name order (four < three).
 */
const WASTED = [
  { path: 'd/a.bin', bytes: 3000, layer: 1, hiddenBy: 2 },
  { path: 'd/b.bin', bytes: 2000, layer: 1, hiddenBy: 3 },
  { path: 'h/four', bytes: 700, layer: 6, hiddenBy: 8 },
  { path: 'h/three', bytes: 700, layer: 6, hiddenBy: 8 },
  { path: 'o/x', bytes: 400, layer: 4, hiddenBy: 5 },
];
const TOTAL = BYTES.reduce((a, b) => a + b, 0);
const WASTED_BYTES = 3000 + 2000 + 700 + 400;

const NO_DOCKER = '/nonexistent/docker';

function checkReport(r: ImageReport, image: string): void {
  assert.equal(r.image, image);
  assert.deepEqual(r.layers.map((l) => l.bytes), BYTES);
  assert.deepEqual(r.layers.map((l) => l.index), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(r.totalBytes, TOTAL);
  assert.equal(r.wastedBytes, WASTED_BYTES);
  assert.equal(r.efficiency, (TOTAL - WASTED_BYTES) / TOTAL);
  assert.deepEqual(r.layers.map((l) => l.wastedBytes), [0, 5000, 0, 0, 400, 0, 700, 0, 0]);
  // the hard-linked payload is listed once, under whichever path the tar gave the data
  const hard = r.wasted.filter((w) => w.layer === 6);
  assert.equal(hard.length, 1);
  assert.ok(WASTED.some((w) => w.path === hard[0].path && w.layer === 6), hard[0].path);
  assert.deepEqual(
    r.wasted.filter((w) => w.layer !== 6),
    WASTED.filter((w) => w.layer !== 6).sort((a, b) => b.bytes - a.bytes),
  );
  assert.deepEqual(hard[0], { path: hard[0].path, bytes: 700, layer: 6, hiddenBy: 8 });
}

describe('image analysis on the real engine (integration)', function () {
  this.timeout(300000);
  let d: Dockerd | undefined;
  let work = '';
  let archive = '';
  const tags = { buildkit: 'lens-test/waste:buildkit', legacy: 'lens-test/waste:legacy' };
  const doc = analyze('file:///Dockerfile', 1, DOCKERFILE);
  const reports: Partial<Record<'buildkit' | 'legacy', ImageReport>> = {};

  before(async function () {
    needDocker(this, { busybox: true });
    d = await startDockerd();
    await importBusybox(d);
    work = mkdtempSync(join(tmpdir(), 'lens-image-'));
    const ctx = join(work, 'ctx');
    mkdirSync(ctx);
    writeFileSync(join(ctx, 'Dockerfile'), DOCKERFILE);
    writeFileSync(join(ctx, 'a.bin'), Buffer.alloc(3000, 1));
    writeFileSync(join(ctx, 'b.bin'), Buffer.alloc(2000, 2));
    for (const builder of ['buildkit', 'legacy'] as const) {
      const b = await dockerBuild(d, { dockerfile: join(ctx, 'Dockerfile'), context: ctx, tag: tags[builder], builder });
      assert.equal(b.code, 0, b.output);
    }
    archive = join(work, 'buildkit.tar');
    const s = spawnSync(d.docker, ['save', '-o', archive, tags.buildkit], { env: d.env });
    assert.equal(s.status, 0, String(s.stderr));
  });

  after(async function () {
    await d?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  for (const builder of ['buildkit', 'legacy'] as const) {
    it(`engine source (${builder}): exact bytes and waste of overwrite, whiteout, opaque dir, symlink, hard links; lines mapped`, async function () {
      const progress: Array<{ layer: number; layers: number; bytes: number }> = [];
      const r = await analyzeImage(tags[builder], { docker: d!.docker, env: d!.env, dockerfile: { doc }, largestPerLayer: 2, onProgress: (p) => progress.push(p) });
      reports[builder] = r;
      checkReport(r, tags[builder]);
      assert.equal(analysisDetails(r)?.kind, 'engine');
      // lines: layer i was written by the instruction on line i + 1 (line 1 is FROM)
      assert.deepEqual(r.layers.map((l) => l.line), [undefined, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.match(r.layers[1].createdBy, /COPY/);
      assert.deepEqual(r.layers[1].largest, [{ path: 'd/a.bin', bytes: 3000, hiddenBy: 2 }, { path: 'd/b.bin', bytes: 2000, hiddenBy: 3 }]);
      assert.deepEqual(r.layers[5].largest, [{ path: 'o/new', bytes: 3 }]);
      // progress: every layer announced, of 9 (0 until the engine has told the count, asked beside the save),
      // and the bytes end at least at the payload
      assert.deepEqual([...new Set(progress.map((p) => p.layer))], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.ok(progress.every((p) => p.layers === 9 || p.layers === 0));
      assert.equal(progress[progress.length - 1].layers, 9);
      assert.ok(progress[progress.length - 1].bytes >= TOTAL);

      // docker history, oldest first, without its 0-byte empty rows beyond the layers
      const h = await docker(d!, ['history', '--no-trunc', '--human=false', '--format', '{{.Size}}', tags[builder]]);
      const sizes = h.output.trim().split('\n').map(Number).reverse();
      assert.equal(sizes.length, 9, h.output);
      // layer 0 is docker import's: like the legacy builder, it counts the symlinks' target lengths
      if (builder === 'buildkit') assert.deepEqual(sizes, BYTES.map((b, i) => (i === 0 ? b + SYMLINKS : b)), 'BuildKit records the regular-file payload');
      else assert.deepEqual(sizes, BYTES.map((b, i) => (i === 4 ? b + 'x'.length : i === 0 ? b + SYMLINKS : b)), 'the legacy builder adds symlink target lengths');
    });
  }

  it('a docker save archive (classic layout, what 20.10 writes) gives the engine\'s report', async function () {
    const r = await analyzeImage(archive, { docker: NO_DOCKER, dockerfile: { doc } });
    assert.equal(analysisDetails(r)?.kind, 'docker-archive');
    const engine = reports.buildkit;
    if (engine) assert.deepEqual({ ...r, image: '' }, { ...engine, image: '', layers: engine.layers.map(({ largest: _, ...l }) => l) });
    checkReport(r, archive);
  });

  it('OCI layouts (gzip and zstd layers, skopeo copy) read with no engine', async function () {
    requireBinaries(this, ['skopeo']);
    for (const [name, extra] of [['oci-gzip', []], ['oci-zstd', ['--dest-compress-format', 'zstd']]] as const) {
      const dir = join(work, name);
      execFileSync('skopeo', ['copy', '--quiet', ...extra, `docker-archive:${archive}`, `oci:${dir}:waste`]);
      const magic = readdirSync(join(dir, 'blobs/sha256')).map((f) => readFileSync(join(dir, 'blobs/sha256', f)).subarray(0, 4).toString('hex'));
      assert.ok(magic.includes(name === 'oci-gzip' ? '1f8b0800' : '28b52ffd'), magic.join());
      const r = await analyzeImage(dir, { docker: NO_DOCKER, env: { PATH: '', DOCKER_HOST: 'unix:///nonexistent.sock' }, dockerfile: { doc } });
      assert.equal(analysisDetails(r)?.kind, 'oci-layout');
      checkReport(r, dir);
      assert.deepEqual(r.layers.map((l) => l.line), [undefined, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });

  it('the OCI archive Docker 25+ writes (index.json, blobs/, manifest.json into blobs)', async function () {
    requireBinaries(this, ['skopeo']);
    const dir = join(work, 'oci-plain');
    execFileSync('skopeo', ['copy', '--quiet', '--dest-oci-accept-uncompressed-layers', `docker-archive:${archive}`, `oci:${dir}:waste`]);
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: Array<{ digest: string }> };
    const blob = (digest: string) => join('blobs/sha256', digest.slice('sha256:'.length));
    const manifest = JSON.parse(readFileSync(join(dir, blob(index.manifests[0].digest)), 'utf8')) as { config: { digest: string }; layers: Array<{ digest: string }> };
    // Docker 25's save: uncompressed layer blobs, and a manifest.json whose paths point into blobs/
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify([{ Config: blob(manifest.config.digest), RepoTags: [tags.buildkit], Layers: manifest.layers.map((l) => blob(l.digest)) }]));
    const oci = join(work, 'oci-save.tar');
    execFileSync('tar', ['-cf', oci, '-C', dir, 'blobs', 'oci-layout', 'index.json', 'manifest.json']);
    const r = await analyzeImage(oci, { docker: NO_DOCKER });
    assert.equal(analysisDetails(r)?.kind, 'oci-archive');
    checkReport(r, oci);
    // and without manifest.json (an OCI archive as skopeo writes it): through index.json
    const bare = join(work, 'oci-bare.tar');
    execFileSync('tar', ['-cf', bare, '-C', dir, 'index.json', 'oci-layout', 'blobs']);
    checkReport(await analyzeImage(bare, { docker: NO_DOCKER }), bare);
  });

  it('a registry source, only with registry: true', async function () {
    requireBinaries(this, ['skopeo', 'docker-registry']);
    let reg: TestRegistry | undefined;
    try {
      reg = await startRegistry();
      const name = `${reg.host}/lens/waste:1`;
      execFileSync('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `docker-archive:${archive}`, `docker://${name}`]);
      await assert.rejects(analyzeImage(name, { docker: d!.docker, env: d!.env }), /docker save/);
      const r = await analyzeImage(name, { docker: d!.docker, env: d!.env, registry: true, dockerfile: { doc } });
      assert.equal(analysisDetails(r)?.kind, 'registry');
      checkReport(r, name);
      assert.deepEqual(r.layers.map((l) => l.line), [undefined, 2, 3, 4, 5, 6, 7, 8, 9]);
    } finally {
      await reg?.stop();
    }
  });

  describe('the image CLI', function () {
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'image', ...args], { encoding: 'utf8', env: { ...process.env, ...(d ? d.env : {}) } });
    const dockerfile = () => {
      const f = join(work, 'ctx', 'Dockerfile');
      return f;
    };

    it('JSON: the issue\'s shape, lines with --dockerfile, --files N cuts the wasted list and adds largest', function () {
      const r = cli('--format', 'json', '--dockerfile', dockerfile(), archive);
      assert.equal(r.status, 0, r.stderr);
      const j = JSON.parse(r.stdout) as ImageReport;
      assert.deepEqual(Object.keys(j), ['image', 'totalBytes', 'wastedBytes', 'efficiency', 'layers', 'wasted']);
      assert.deepEqual(Object.keys(j.layers[1]), ['index', 'createdBy', 'line', 'bytes', 'wastedBytes', 'files']);
      assert.deepEqual(Object.keys(j.layers[0]), ['index', 'createdBy', 'bytes', 'wastedBytes', 'files']);
      assert.deepEqual(Object.keys(j.wasted[0]), ['path', 'bytes', 'layer', 'hiddenBy']);
      checkReport(j, archive);
      const cut = JSON.parse(cli('--format', 'json', '--files', '2', archive).stdout) as ImageReport;
      assert.deepEqual(cut.wasted, j.wasted.slice(0, 2));
      assert.equal(cut.layers[1].largest?.length, 2);
      assert.equal(r.stderr, '', 'no progress unless a terminal or --progress');
      const p = cli('--progress', '--format', 'json', archive);
      assert.match(p.stderr, /^reading layer 1\/\?, \d/m);
    });

    it('text: the layer table and the largest wasted files', function () {
      const r = cli('--dockerfile', dockerfile(), '--docker', d!.docker, tags.buildkit);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^lens-test\/waste:buildkit \(engine\): .* in 9 layer\(s\), 6\.10 kB wasted, efficiency /);
      assert.match(r.stdout, /^ +1 +2 +5\.00 kB +5\.00 kB +\d+ +COPY a\.bin b\.bin \/d\/ # buildkit$/m);
      assert.match(r.stdout, /^ +3\.00 kB +1 +line 3 +\/d\/a\.bin$/m);
      assert.match(r.stdout, /^ +700 B +6 +line 9 +\/h\/(four|three)$/m);
    });

    it('CI mode: exit 1 with the worst layers and their lines when a threshold is crossed, 0 when not, 2 on bad usage', function () {
      const eff = (TOTAL - WASTED_BYTES) / TOTAL;
      const pass = cli('--dockerfile', dockerfile(), '--lowest-efficiency', String(Math.floor(eff * 1000) / 1000), '--highest-wasted-bytes', `${WASTED_BYTES}`, '--highest-wasted-percent', '0.9', archive);
      assert.equal(pass.status, 0, pass.stderr);
      const bytes = cli('--dockerfile', dockerfile(), '--highest-wasted-bytes', '6KB', archive);
      assert.equal(bytes.status, 1);
      assert.match(bytes.stderr, /FAIL 6\.10 kB \(6100 bytes\) wasted, more than --highest-wasted-bytes 6000 bytes/);
      assert.match(bytes.stderr, /worst layers: layer 1 \(line 2\) "COPY a\.bin b\.bin \/d\/" 5\.00 kB wasted, hidden by line 3, line 4; layer 6 \(line 7\) .* 700 B wasted, hidden by line 9; layer 4 \(line 5\) .* 400 B wasted, hidden by line 6/);
      assert.equal(cli('--highest-wasted-bytes', '6KiB', archive).status, 0, '6 KiB = 6144 bytes ≥ 6100');
      const e = cli('--lowest-efficiency', '0.9999', archive);
      assert.equal(e.status, 1);
      assert.match(e.stderr, /FAIL image efficiency 99\.\d% is below --lowest-efficiency 0\.9999/);
      const user = TOTAL - BASE;
      const share = cli('--highest-wasted-percent', String(Math.floor((WASTED_BYTES / user) * 100) / 100), archive);
      assert.equal(share.status, 1);
      assert.match(share.stderr, /FAIL wasted bytes are \d+\.\d% of the bytes added over the base layer/);
      assert.equal(cli('--highest-wasted-bytes', '20 parsecs', archive).status, 2);
      assert.equal(cli('--lowest-efficiency', '1.5', archive).status, 2);
      const missing = cli(join(work, 'nope.tar'));
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /cannot read image/);
    });
  });
});

/** Symlinks of the imported busybox: each applet `-> busybox` (7 bytes), counted by the legacy `docker import` size. */
const SYMLINKS = 22 * 'busybox'.length;
