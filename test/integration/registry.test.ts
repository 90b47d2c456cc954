/**
 * The registry client against a real registry (Debian's docker-registry,
 * images pushed with skopeo from hand-written OCI layouts), a bearer-token
 * front, a front that redirects manifests to a "CDN" on another origin, a
 * server that never answers and a fake Docker Hub tag API.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveBaseSize, listTags } from '../../server/src/images/baseSize';
import { MEDIA_TYPES, imageSize, listRegistryTags, parseReference, type ImageRef } from '../../server/src/images/registry';
import { tagCompletion } from '../../server/src/features/tagCompletion';
import { analyze } from '../../server/src/model/document';
import { requireBinaries, startFakeHub, startRegistry, startSilentServer, startTokenProxy, writeOciLayout, type TestRegistry, type TestServer, type WrittenLayout } from '../helpers/registry';

const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);

/** A private dockerd (../shared/notes/containers.md): all paths under a short temp dir, no bridge. */
async function startDockerd(): Promise<{ env: NodeJS.ProcessEnv; host: string; stop(): Promise<void> }> {
  const dir = mkdtempSync('/tmp/dk.');
  const host = `unix://${dir}/docker.sock`;
  writeFileSync(
    join(dir, 'daemon.json'),
    JSON.stringify({ 'data-root': `${dir}/data`, 'exec-root': `${dir}/exec`, pidfile: `${dir}/dockerd.pid`, hosts: [host], 'storage-driver': 'overlay2', iptables: false, 'ip-masq': false, bridge: 'none' }),
  );
  const proc = spawn('dockerd', ['--config-file', join(dir, 'daemon.json')], { stdio: 'ignore' });
  const exited = new Promise((r) => proc.once('exit', r));
  const env = { ...process.env, DOCKER_HOST: host };
  for (let i = 0; ; i++) {
    try {
      execFileSync('/usr/bin/docker', ['version'], { env, stdio: 'ignore' });
      break;
    } catch {
      if (i > 150 || proc.exitCode !== null) throw new Error('dockerd did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    env,
    host,
    async stop() {
      proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
const ref = (s: string): ImageRef => parseReference(s)!;

interface RedirectingFront {
  host: string;
  front: Array<{ url: string; authorization?: string }>;
  cdn: Array<{ url: string; headers: IncomingHttpHeaders }>;
  stop(): Promise<void>;
}

/**
 * A registry behind the bearer-token scheme whose authorised `/v2/…` requests
 * are redirected (307, then 302 on the CDN itself) to a "CDN" on another origin
 * (`localhost:PORT`) that serves them from `upstream`, as registries send blobs
 * and some manifests to a CDN. `/v2/huge/…` answers 4 MiB + 1, `/v2/loop/…`
 * redirects forever.
 */
async function startRedirectingFront(upstream: string): Promise<RedirectingFront> {
  const listen = (s: Server) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));
  const token = 'secret-token';
  const front: RedirectingFront['front'] = [];
  const cdn: RedirectingFront['cdn'] = [];
  const cdnServer = createServer((req, res) => {
    cdn.push({ url: req.url!, headers: req.headers });
    if (req.url!.startsWith('/edge/')) {
      res.writeHead(302, { Location: req.url!.replace('/edge/', '/cdn/') }).end();
      return;
    }
    const up = request(`http://${upstream}${req.url!.replace(/^\/cdn/, '')}`, { headers: { accept: req.headers.accept ?? '*/*' } }, (u) => {
      res.writeHead(u.statusCode ?? 502, u.headers);
      u.pipe(res);
    });
    up.on('error', () => res.destroy());
    up.end();
  });
  const cdnPort = await listen(cdnServer);
  let host = '';
  const frontServer = createServer((req, res) => {
    front.push({ url: req.url!, authorization: req.headers.authorization });
    const url = new URL(req.url!, `http://${host}`);
    if (url.pathname === '/token') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ token, expires_in: 300 }));
      return;
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${host}/token",service="cdn-test"` }).end();
      return;
    }
    if (url.pathname.startsWith('/v2/huge/')) {
      res.setHeader('Content-Type', MEDIA_TYPES.ociManifest);
      res.end(Buffer.alloc((4 << 20) + 1, 32));
      return;
    }
    if (url.pathname.startsWith('/v2/loop/')) {
      res.writeHead(302, { Location: req.url! }).end();
      return;
    }
    res.writeHead(307, { Location: `http://localhost:${cdnPort}/edge${req.url}` }).end();
  });
  host = `127.0.0.1:${await listen(frontServer)}`;
  const stop = (s: Server) => {
    s.closeAllConnections();
    return new Promise<void>((r) => s.close(() => r()));
  };
  return { host, front, cdn, stop: async () => void (await Promise.all([stop(frontServer), stop(cdnServer)])) };
}

describe('registry client (real registry)', function () {
  this.timeout(120000);
  let reg: TestRegistry;
  let proxy: TestServer;
  let work: string;
  let single: WrittenLayout;
  let multi: WrittenLayout;
  const TAGS = ['1.9', '1.10', 'latest', '2.0-alpine', 'beta'];

  before(async function () {
    requireBinaries(this, ['docker-registry', 'skopeo']);
    work = mkdtempSync(join(tmpdir(), 'lens-regtest-'));
    reg = await startRegistry();
    single = writeOciLayout(join(work, 'single'), [{ platform: { os: 'linux', architecture: 'amd64' }, layers: [20000, 5000, 300] }], false);
    multi = writeOciLayout(
      join(work, 'multi'),
      [
        { platform: { os: 'linux', architecture: 'amd64' }, layers: [10000] },
        { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' }, layers: [30000, 2000] },
        { platform: { os: 'linux', architecture: 'arm', variant: 'v7' }, layers: [4000] },
      ],
      true,
    );
    reg.push(single.dir, 'single:1');
    reg.push(single.dir, 'docker2:1', { format: 'v2s2' });
    reg.push(multi.dir, 'multi:1', { all: true });
    reg.push(multi.dir, 'dockerlist:1', { all: true, format: 'v2s2' });
    for (const t of TAGS) reg.push(single.dir, `tagged:${t}`);
    proxy = await startTokenProxy(reg.host);
  });

  after(async () => {
    await proxy?.stop();
    await reg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('manifest sizes', () => {
    it('an OCI manifest: the sum of its compressed layer sizes, exactly; the config apart', async () => {
      const r = await imageSize(ref(`${reg.host}/single:1`));
      assert.ok(r.ok, !r.ok ? r.error : '');
      const img = single.images[0];
      assert.equal(r.value.bytes, sum(img.layerSizes));
      assert.deepEqual(r.value.layers.map((l) => l.size), img.layerSizes);
      assert.equal(r.value.configBytes, img.configSize);
      assert.equal(r.value.mediaType, MEDIA_TYPES.ociManifest);
      assert.equal(r.value.digest, img.manifestDigest);
      assert.equal(r.value.platform, undefined);
    });

    it('a Docker manifest v2 (converted by skopeo): same layer sizes', async () => {
      const r = await imageSize(ref(`${reg.host}/docker2:1`));
      assert.ok(r.ok, !r.ok ? r.error : '');
      assert.equal(r.value.mediaType, MEDIA_TYPES.dockerManifest);
      assert.equal(r.value.bytes, sum(single.images[0].layerSizes));
    });

    it('an OCI index: linux/amd64 by default, --platform respected, variants normalised', async () => {
      const [amd64, arm64, armv7] = multi.images;
      const size = async (platform?: string) => {
        const r = await imageSize(ref(`${reg.host}/multi:1`), { platform });
        assert.ok(r.ok, !r.ok ? r.error : '');
        return r.value;
      };
      assert.deepEqual(await size(), { ...(await size('linux/amd64')) });
      const d = await size();
      assert.equal(d.bytes, sum(amd64.layerSizes));
      assert.equal(d.platform, 'linux/amd64');
      assert.equal(d.digest, amd64.manifestDigest);
      for (const p of ['linux/arm64', 'linux/arm64/v8', 'linux/aarch64']) {
        const a = await size(p);
        assert.equal(a.bytes, sum(arm64.layerSizes), p);
        assert.equal(a.platform, 'linux/arm64');
      }
      assert.equal((await size('linux/arm')).bytes, sum(armv7.layerSizes));
      assert.equal((await size('linux/arm/v8')).bytes, sum(armv7.layerSizes), 'arm/v8 runs arm/v7 images');
    });

    it('a platform the index lacks, a missing tag: not ok, with the reason', async () => {
      const none = await imageSize(ref(`${reg.host}/multi:1`), { platform: 'linux/s390x' });
      assert.deepEqual(none, { ok: false, error: 'no linux/s390x image in the index' });
      const v6 = await imageSize(ref(`${reg.host}/multi:1`), { platform: 'linux/arm/v6' });
      assert.equal(v6.ok, false, 'an arm/v6 machine cannot run arm/v7');
      const missing = await imageSize(ref(`${reg.host}/multi:nope`));
      assert.deepEqual(missing, { ok: false, error: 'not found in the registry' });
    });

    it('a Docker manifest list: platform picked the same way', async () => {
      const r = await imageSize(ref(`${reg.host}/dockerlist:1`), { platform: 'linux/arm64' });
      assert.ok(r.ok, !r.ok ? r.error : '');
      assert.equal(r.value.mediaType, MEDIA_TYPES.dockerManifest);
      assert.equal(r.value.bytes, sum(multi.images[1].layerSizes));
    });

    it('by digest', async () => {
      const r = await imageSize(ref(`${reg.host}/multi@${multi.images[2].manifestDigest}`));
      assert.ok(r.ok, !r.ok ? r.error : '');
      assert.equal(r.value.bytes, sum(multi.images[2].layerSizes));
    });
  });

  describe('anonymous bearer tokens', () => {
    it('401 challenge → token from the realm → retried with the token; the token is reused', async () => {
      const before = proxy.requests.length;
      const r = await imageSize(ref(`${proxy.host}/multi:1`), { platform: 'linux/arm64' });
      assert.ok(r.ok, !r.ok ? r.error : '');
      assert.equal(r.value.bytes, sum(multi.images[1].layerSizes));
      const seen = proxy.requests.slice(before);
      const tokenRequests = seen.filter((p) => p.startsWith('/token'));
      assert.equal(tokenRequests.length, 1);
      const q = new URL(tokenRequests[0], 'http://x').searchParams;
      assert.equal(q.get('service'), 'test-registry');
      assert.equal(q.get('scope'), 'repository:multi:pull');
      const again = proxy.requests.length;
      assert.ok((await imageSize(ref(`${proxy.host}/multi:1`))).ok);
      assert.equal(proxy.requests.slice(again).filter((p) => p.startsWith('/token')).length, 0);
    });
  });

  describe('redirects', () => {
    let front: RedirectingFront;
    before(async () => (front = await startRedirectingFront(reg.host)));
    after(async () => front?.stop());

    it('manifests redirected to a CDN on another origin: followed, the bearer token not sent there', async () => {
      const r = await imageSize(ref(`${front.host}/multi:1`), { platform: 'linux/arm64' });
      assert.ok(r.ok, !r.ok ? r.error : '');
      assert.equal(r.value.bytes, sum(multi.images[1].layerSizes));
      assert.equal(r.value.digest, multi.images[1].manifestDigest, 'headers read from the final response');
      assert.ok(front.cdn.length >= 4, 'index and manifest, two hops each');
      for (const c of front.cdn) {
        assert.equal(c.headers.authorization, undefined, c.url);
        assert.match(c.headers.accept ?? '', /application\/vnd\.oci\.image\.index\.v1\+json/, 'the manifest Accept header is kept');
      }
      assert.ok(front.front.some((f) => f.authorization === 'Bearer secret-token'), 'the registry itself got the token');
      const tags = await listRegistryTags(ref(`${front.host}/tagged`));
      assert.deepEqual(tags, { ok: true, value: ['latest', '2.0-alpine', '1.10', '1.9', 'beta'] });
    });

    it('a manifest over 4 MiB, a redirect loop: not ok, with the reason', async () => {
      assert.deepEqual(await imageSize(ref(`${front.host}/huge:1`)), { ok: false, error: `response too large (${(4 << 20) + 1} bytes)` });
      assert.deepEqual(await imageSize(ref(`${front.host}/loop:1`)), { ok: false, error: 'more than 5 redirects' });
    });
  });

  describe('tags', () => {
    it('listed newest first (version-aware), following Link pages, up to the cap', async () => {
      const all = await listRegistryTags(ref(`${proxy.host}/tagged`), { tagPageSize: 2 });
      assert.deepEqual(all, { ok: true, value: ['latest', '2.0-alpine', '1.10', '1.9', 'beta'] });
      const pages = new Set(proxy.requests.filter((p) => p.startsWith('/v2/tagged/tags/list')));
      assert.deepEqual([...pages], ['/v2/tagged/tags/list?n=2', '/v2/tagged/tags/list?last=1.9&n=2', '/v2/tagged/tags/list?last=beta&n=2']);
      const capped = await listRegistryTags(ref(`${reg.host}/tagged`), { tagPageSize: 2, tagLimit: 3 });
      assert.ok(capped.ok);
      assert.equal(capped.value.length, 3);
    });

    it('Docker Hub: the Hub API order (last updated) is kept, pages followed', async () => {
      const hub = await startFakeHub(['3.1', 'edge', '3.0', '2.9'], 3);
      try {
        const r = await listRegistryTags(ref('alpine'), { hubApi: `http://${hub.host}` });
        assert.deepEqual(r, { ok: true, value: ['3.1', 'edge', '3.0', '2.9'] });
        assert.match(hub.requests[0], /^\/v2\/repositories\/library\/alpine\/tags\?ordering=last_updated&page_size=100/);
        assert.equal(hub.requests.length, 2);
      } finally {
        await hub.stop();
      }
    });
  });

  describe('timeouts', () => {
    it('a server that never answers: not ok once the deadline passes, no hang', async () => {
      const silent = await startSilentServer();
      try {
        const r = await imageSize(ref(`${silent.host}/x:1`), { timeoutMs: 300 });
        assert.deepEqual(r, { ok: false, error: 'no answer within 0.3 s' });
        assert.equal((await listRegistryTags(ref(`${silent.host}/x`), { timeoutMs: 300 })).ok, false);
        const e = await resolveBaseSize(`${silent.host}/x:1`, { registry: true, timeoutMs: 300, cacheDir: join(work, 'cache-silent') });
        assert.equal(e.basis, 'unknown');
        assert.match(e.note, /registry: no answer within 0\.3 s/);
      } finally {
        await silent.stop();
      }
    });

    it('tag completion waits for a slow registry only briefly (null: the static list applies)', async () => {
      const silent = await startSilentServer();
      try {
        const text = `FROM ${silent.host}/x:\n`;
        const items = await tagCompletion(analyze('file:///w/Dockerfile', 1, text), { line: 0, character: text.length - 1 }, { registry: true, timeoutMs: 60000, cacheDir: join(work, 'cache-slow') });
        assert.equal(items, null);
      } finally {
        await silent.stop();
      }
    });

    it('nothing listening: a network error, not an exception', async () => {
      const gone = await startSilentServer();
      await gone.stop();
      assert.deepEqual(await imageSize(ref(`${gone.host}/x:1`)), { ok: false, error: 'network error (ECONNREFUSED)' });
    });
  });

  describe('resolveBaseSize and listTags', () => {
    it('registry figures (compressed, per-layer items), cached on disk', async () => {
      const cacheDir = join(work, 'cache-a');
      const image = `${proxy.host}/multi:1`;
      const before = proxy.requests.length;
      const e = await resolveBaseSize(image, { registry: true, platform: 'linux/arm64', cacheDir, docker: '/nonexistent/docker' });
      assert.equal(e.basis, 'registry');
      assert.equal(e.compressed, true);
      assert.equal(e.bytes, sum(multi.images[1].layerSizes));
      assert.deepEqual(e.items?.map((i) => i.bytes), multi.images[1].layerSizes);
      assert.match(e.note, /^Compressed size of the 2 layers of 127\.0\.0\.1:\d+\/multi:1 for linux\/arm64, from its registry manifest/);
      const asked = proxy.requests.length;
      assert.ok(asked > before);
      assert.deepEqual(await resolveBaseSize(image, { registry: true, platform: 'linux/arm64', cacheDir }), e);
      assert.equal(proxy.requests.length, asked, 'served from the cache');
    });

    it('registry off: the table or unknown, never a request', async () => {
      const before = proxy.requests.length;
      const e = await resolveBaseSize(`${proxy.host}/multi:1`, { registry: false, cacheDir: join(work, 'cache-b') });
      assert.equal(e.basis, 'unknown');
      assert.match(e.note, /registry lookups are off/);
      assert.deepEqual(await listTags(`${proxy.host}/tagged`, { registry: false }), []);
      assert.equal(proxy.requests.length, before);
    });

    it('listTags: newest first, cached', async () => {
      const cacheDir = join(work, 'cache-c');
      assert.deepEqual(await listTags(`${reg.host}/tagged:1.9`, { registry: true, cacheDir }), ['latest', '2.0-alpine', '1.10', '1.9', 'beta']);
    });
  });

  describe('with a real engine', () => {
    let engine: Awaited<ReturnType<typeof startDockerd>> | undefined;
    before(async function () {
      requireBinaries(this, ['dockerd']);
      engine = await startDockerd();
      // the same image in the engine (loaded from the OCI layout) and in the registry
      execFileSync('skopeo', ['copy', '--quiet', '--dest-daemon-host', engine.host, `oci:${single.dir}`, `docker-daemon:${reg.host}/single:1`]);
    });
    after(async () => engine?.stop());

    it('engine first (uncompressed: the sum of the file sizes), then the registry (compressed) when the engine lacks it', async () => {
      const opts = { docker: '/usr/bin/docker', dockerEnv: engine!.env, registry: true, cacheDir: join(work, 'cache-engine') };
      const local = await resolveBaseSize(`${reg.host}/single:1`, opts);
      assert.deepEqual(local, { bytes: 20000 + 5000 + 300, basis: 'engine', compressed: false, note: `Uncompressed size of the local image ${reg.host}/single:1 (docker image inspect, 3 layers).` });
      const remote = await resolveBaseSize(`${reg.host}/multi:1`, opts);
      assert.equal(remote.basis, 'registry');
      assert.equal(remote.bytes, sum(multi.images[0].layerSizes));
      assert.match(remote.note, /^Compressed size of the 1 layer of 127\.0\.0\.1:\d+\/multi:1 for linux\/amd64/);
    });
  });

  describe('tag completion in FROM', () => {
    const complete = async (text: string, line: number, character: number, registry = true) =>
      tagCompletion(analyze('file:///w/Dockerfile', 1, text), { line, character }, { registry, cacheDir: join(work, 'cache-d') });

    it('after `name:` the tags newest first, replacing the tag part', async () => {
      const text = `FROM ${reg.host}/tagged:\n`;
      const items = (await complete(text, 0, text.length - 1))!;
      assert.deepEqual(items.map((i) => i.label), ['latest', '2.0-alpine', '1.10', '1.9', 'beta']);
      assert.deepEqual(items.map((i) => i.sortText), ['0', '1', '2', '3', '4']);
      const col = text.length - 1;
      assert.deepEqual(items[2].textEdit, { range: { start: { line: 0, character: col }, end: { line: 0, character: col } }, newText: '1.10' });
      assert.equal(items[2].filterText, '1.10');
      assert.equal(items[0].detail, `tag of ${reg.host}/tagged`);
    });

    it('inside a tag, with --platform and AS: the whole tag is replaced', async () => {
      const text = `ARG X=1\nFROM --platform=linux/arm64 ${reg.host}/tagged:1.9 AS build\nRUN true\n`;
      const line = text.split('\n')[1];
      const tagStart = line.indexOf(':1.9') + 1;
      const items = (await complete(text, 1, tagStart + 2))!;
      assert.equal(items.length, 5);
      assert.deepEqual(items[0].textEdit, { range: { start: { line: 1, character: tagStart }, end: { line: 1, character: tagStart + 3 } }, newText: 'latest' });
    });

    it('null elsewhere: before the colon, in AS, on another instruction, a variable name, lookups off, an unknown repository', async () => {
      const text = `FROM ${reg.host}/tagged:1.9 AS build\nCOPY ${reg.host}/tagged:1 /\nFROM \${REG}/tagged:\n`;
      const line0 = text.split('\n')[0];
      assert.equal(await complete(text, 0, line0.indexOf(':1.9')), null);
      assert.equal(await complete(text, 0, line0.length), null);
      assert.equal(await complete(text, 1, text.split('\n')[1].indexOf(':1') + 1), null);
      assert.equal(await complete(text, 2, text.split('\n')[2].length), null);
      assert.equal(await complete(`FROM ${reg.host}/tagged:\n`, 0, 6 + reg.host.length + 7, false), null);
      assert.equal(await complete(`FROM ${reg.host}/nothing:\n`, 0, 6 + reg.host.length + 8), null);
    });
  });
});
