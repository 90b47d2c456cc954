/**
 * The pure parts of the base-image size lookup: reference normalisation,
 * platform matching, challenge and Link parsing, tag ordering, the disk cache
 * (a real temporary directory, an injected clock), the bundled table, the
 * engine client (a real executable standing in for docker), the order of
 * sources in `resolveBaseSize` when the registry is off, and the HTTP client
 * (images/http.ts) against local `node:http` servers.
 */
import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tagCompletion } from '../../server/src/features/tagCompletion';
import { resolveBaseSize } from '../../server/src/images/baseSize';
import { tableSize } from '../../server/src/images/baseTable';
import { JsonCache, defaultCacheDir } from '../../server/src/images/cache';
import { inspectImage } from '../../server/src/images/engine';
import { HttpError, httpRequest } from '../../server/src/images/http';
import { familiarName, nextLink, parseChallenge, parsePlatform, parseReference, selectManifest, sortTagsNewestFirst, type Descriptor, type ImageRef } from '../../server/src/images/registry';
import { analyze } from '../../server/src/model/document';

const work = mkdtempSync(join(tmpdir(), 'lens-images-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('image references (Docker normalisation)', () => {
  const cases: Array<[string, Partial<ImageRef>]> = [
    ['node', { domain: 'docker.io', host: 'registry-1.docker.io', path: 'library/node', tag: 'latest', digest: undefined, insecure: false }],
    ['node:20-alpine', { path: 'library/node', tag: '20-alpine' }],
    ['bitnami/redis:7', { domain: 'docker.io', path: 'bitnami/redis', tag: '7' }],
    ['docker.io/node', { domain: 'docker.io', path: 'library/node' }],
    ['index.docker.io/library/node:1', { domain: 'docker.io', host: 'registry-1.docker.io', path: 'library/node', tag: '1' }],
    ['ghcr.io/o/r/sub:v1', { domain: 'ghcr.io', host: 'ghcr.io', path: 'o/r/sub', tag: 'v1', insecure: false }],
    ['localhost/x', { domain: 'localhost', path: 'x', insecure: true }],
    ['localhost:5000/x:1', { domain: 'localhost:5000', host: 'localhost:5000', path: 'x', insecure: true }],
    ['127.0.0.1:5000/a/b', { domain: '127.0.0.1:5000', path: 'a/b', tag: 'latest', insecure: true }],
    ['127.10.0.3/a', { insecure: true }],
    ['[::1]:5000/x', { domain: '[::1]:5000', host: '[::1]:5000', path: 'x', insecure: true }],
    ['128.0.0.1:5000/x', { insecure: false }],
    ['Registry/x', { domain: 'Registry', path: 'x' }],
    [`alpine@sha256:${'a'.repeat(64)}`, { path: 'library/alpine', tag: undefined, digest: `sha256:${'a'.repeat(64)}` }],
    [`alpine:3.20@sha256:${'b'.repeat(64)}`, { tag: '3.20', digest: `sha256:${'b'.repeat(64)}` }],
  ];
  for (const [input, expected] of cases) {
    it(input, () => {
      const r = parseReference(input);
      assert.ok(r);
      for (const [k, v] of Object.entries(expected)) assert.equal(r[k as keyof typeof r], v, `${input}: ${k}`);
    });
  }

  it('rejects what Docker rejects', () => {
    for (const bad of ['', 'Node', 'a b', ':tag', 'node:', '-x', 'a'.repeat(64), 'node@sha256:abc', '$IMAGE']) assert.equal(parseReference(bad), undefined, bad);
  });

  it('familiar names', () => {
    assert.equal(familiarName(parseReference('node')!), 'node:latest');
    assert.equal(familiarName(parseReference('docker.io/bitnami/redis:7')!), 'bitnami/redis:7');
    assert.equal(familiarName(parseReference('localhost:5000/x')!), 'localhost:5000/x:latest');
  });
});

describe('platforms', () => {
  const d = (digest: string, os: string, architecture: string, variant?: string): Descriptor => ({ digest, size: 1, platform: { os, architecture, variant } });
  const index = [d('amd64', 'linux', 'amd64'), d('arm64', 'linux', 'arm64', 'v8'), d('armv6', 'linux', 'arm', 'v6'), d('att', 'unknown', 'unknown'), d('win', 'windows', 'amd64')];

  it('parses and normalises like containerd', () => {
    assert.deepEqual(parsePlatform(undefined), { os: 'linux', architecture: 'amd64', variant: '' });
    assert.deepEqual(parsePlatform('linux'), { os: 'linux', architecture: 'amd64', variant: '' });
    assert.deepEqual(parsePlatform('linux/aarch64'), { os: 'linux', architecture: 'arm64', variant: '' });
    assert.deepEqual(parsePlatform('linux/arm64/v8'), { os: 'linux', architecture: 'arm64', variant: '' });
    assert.deepEqual(parsePlatform('linux/arm'), { os: 'linux', architecture: 'arm', variant: 'v7' });
    assert.deepEqual(parsePlatform('linux/armhf'), { os: 'linux', architecture: 'arm', variant: 'v7' });
    assert.deepEqual(parsePlatform('Linux/X86_64'), { os: 'linux', architecture: 'amd64', variant: '' });
  });

  it('picks the exact platform, else an older variant, never an attestation', () => {
    assert.equal(selectManifest(index, parsePlatform('linux/amd64'))?.digest, 'amd64');
    assert.equal(selectManifest(index, parsePlatform('linux/amd64/v3'))?.digest, 'amd64');
    assert.equal(selectManifest(index, parsePlatform('linux/arm64'))?.digest, 'arm64');
    assert.equal(selectManifest(index, parsePlatform('linux/arm/v7'))?.digest, 'armv6');
    assert.equal(selectManifest(index, parsePlatform('linux/arm/v5')), undefined);
    assert.equal(selectManifest(index, parsePlatform('windows/amd64'))?.digest, 'win');
    assert.equal(selectManifest(index, parsePlatform('linux/riscv64')), undefined);
    assert.equal(selectManifest([d('v2', 'linux', 'amd64', 'v2'), d('v1', 'linux', 'amd64')], parsePlatform('linux/amd64/v3'))?.digest, 'v2');
  });
});

describe('HTTP details', () => {
  it('WWW-Authenticate challenges', () => {
    assert.deepEqual(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"'), {
      scheme: 'bearer',
      params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/node:pull' },
    });
    assert.deepEqual(parseChallenge('Bearer realm=https://x/t, Service="a\\"b"'), { scheme: 'bearer', params: { realm: 'https://x/t', service: 'a"b' } });
    assert.deepEqual(parseChallenge('Basic realm="Registry"'), { scheme: 'basic', params: { realm: 'Registry' } });
    assert.equal(parseChallenge(null), undefined);
  });

  it('Link rel="next"', () => {
    assert.equal(nextLink('</v2/x/tags/list?last=b&n=2>; rel="next"'), '/v2/x/tags/list?last=b&n=2');
    assert.equal(nextLink('<https://a/prev>; rel="prev", <https://a/next>; rel=next'), 'https://a/next');
    assert.equal(nextLink('</x>; rel="prev"'), undefined);
    assert.equal(nextLink(null), undefined);
  });

  it('tags newest first: latest, versions descending (numbers as numbers, a floating tag before its releases), then names', () => {
    assert.deepEqual(sortTagsNewestFirst(['1.9', 'edge', '1.10', 'latest', '2', 'v2.1', '1.10-alpine', 'alpine', '1.10.1']), ['latest', '2', 'v2.1', '1.10', '1.10.1', '1.10-alpine', '1.9', 'alpine', 'edge']);
  });
});

describe('JsonCache', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('keeps values until their TTL, on disk across instances', async () => {
    const dir = join(work, 'c1');
    const a = new JsonCache(dir, clock);
    await a.set('k', { n: 1 }, 1000);
    assert.deepEqual(await a.get('k'), { n: 1 });
    const b = new JsonCache(dir, clock);
    assert.deepEqual(await b.get('k'), { n: 1 }, 'read from disk');
    now += 999;
    assert.deepEqual(await new JsonCache(dir, clock).get('k'), { n: 1 });
    now += 1;
    assert.equal(await a.get('k'), undefined, 'expired in memory');
    assert.equal(await new JsonCache(dir, clock).get('k'), undefined, 'expired on disk');
    assert.deepEqual(readdirSync(dir), [], 'expired file removed');
  });

  it('writes atomically (no temporary file left) and tolerates corrupt or foreign files', async () => {
    const dir = join(work, 'c2');
    const a = new JsonCache(dir, clock);
    await a.set('k', 'v', 10_000);
    const [file] = readdirSync(dir);
    assert.match(file, /^[0-9a-f]{40}\.json$/);
    writeFileSync(join(dir, file), '{"key":"k","expires":');
    assert.equal(await new JsonCache(dir, clock).get('k'), undefined, 'corrupt');
    writeFileSync(join(dir, file), JSON.stringify({ key: 'other', expires: now + 10_000, value: 'x' }));
    assert.equal(await new JsonCache(dir, clock).get('k'), undefined, 'another key');
    await new JsonCache(dir, clock).set('k', 'v2', 10_000);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, file), 'utf8')).value, 'v2');
    assert.deepEqual(readdirSync(dir), [file]);
  });

  it('an unusable directory costs only the disk layer', async () => {
    const blocker = join(work, 'not-a-dir');
    writeFileSync(blocker, '');
    const c = new JsonCache(join(blocker, 'cache'), clock);
    await c.set('k', 1, 1000);
    assert.equal(await c.get('k'), 1);
  });

  it('getOrCompute: one computation for concurrent callers, TTL chosen by the value (short for failures)', async () => {
    const c = new JsonCache(join(work, 'c3'), clock);
    let calls = 0;
    const compute = async () => ({ ok: false, n: ++calls });
    const ttl = (v: { ok: boolean }) => (v.ok ? 100_000 : 10);
    const [x, y] = await Promise.all([c.getOrCompute('f', ttl, compute), c.getOrCompute('f', ttl, compute)]);
    assert.deepEqual([x, y, calls], [{ ok: false, n: 1 }, { ok: false, n: 1 }, 1]);
    now += 10;
    assert.deepEqual(await c.getOrCompute('f', ttl, compute), { ok: false, n: 2 });
  });

  it('default directory follows XDG_CACHE_HOME', () => {
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' }), '/x/cache/dockerfile-lens');
    assert.match(defaultCacheDir({}), /[/\\]\.cache[/\\]dockerfile-lens$/);
  });
});

describe('bundled table', () => {
  const size = (s: string) => tableSize(parseReference(s)!);
  it('variants by tag, unknown tags and repositories left out', () => {
    assert.equal(size('node:20-alpine')?.row, 'node:*-alpine');
    assert.equal(size('node:20-bookworm-slim')?.row, 'node:*-slim');
    assert.equal(size('node')?.row, 'node');
    assert.equal(size('debian:bookworm-slim')?.row, 'debian:*-slim');
    assert.equal(size('docker.io/library/alpine:3.20')?.row, 'alpine');
    assert.equal(size('gcr.io/distroless/static-debian12:nonroot')?.row, 'distroless/static-debian12');
    assert.equal(size('node:20-windowsservercore'), undefined);
    assert.equal(size('rust:alpine'), undefined);
    assert.equal(size('myorg/node:20'), undefined);
    assert.equal(size(`node@sha256:${'c'.repeat(64)}`), undefined);
    assert.ok(size('alpine')!.bytes < size('debian:bookworm-slim')!.bytes);
  });
});

describe('engine (a real executable standing in for docker)', () => {
  const fake = join(work, 'fake-docker');
  const argsFile = join(work, 'args');
  mkdirSync(work, { recursive: true });
  writeFileSync(fake, '#!/bin/sh\nprintf "%s\\n" "$@" > "$ARGS_FILE"\n[ -n "$INSPECT" ] || { echo "Error: No such image: $4" >&2; exit 1; }\nprintf "%s" "$INSPECT"\n');
  chmodSync(fake, 0o755);
  const inspect = (platform = { Os: 'linux', Architecture: 'amd64' }) =>
    JSON.stringify([{ Id: 'sha256:1', Size: 7_654_321, RootFS: { Type: 'layers', Layers: ['sha256:a', 'sha256:b'] }, Config: { Env: ['PATH=/usr/local/bin:/usr/bin', 'NODE_VERSION=20.1.0'] }, ...platform }]);
  const env = (extra: Record<string, string> = {}) => ({ ...process.env, ARGS_FILE: argsFile, ...extra });

  it('docker image inspect -- REF, with the given environment, no shell', async () => {
    const img = await inspectImage('node:20', { docker: fake, env: env({ INSPECT: inspect() }) });
    assert.deepEqual(img, { id: 'sha256:1', size: 7_654_321, layers: ['sha256:a', 'sha256:b'], platform: { os: 'linux', architecture: 'amd64', variant: '' }, env: ['PATH=/usr/local/bin:/usr/bin', 'NODE_VERSION=20.1.0'] });
    assert.deepEqual(readFileSync(argsFile, 'utf8').split('\n'), ['image', 'inspect', '--', 'node:20', '']);
  });

  it('undefined: image absent, docker missing, garbage output, invalid reference', async () => {
    assert.equal(await inspectImage('node:20', { docker: fake, env: env() }), undefined);
    assert.equal(await inspectImage('node:20', { docker: join(work, 'no-such-docker') }), undefined);
    assert.equal(await inspectImage('node:20', { docker: fake, env: env({ INSPECT: 'not json' }) }), undefined);
    assert.equal(await inspectImage('node:20;rm -rf /', { docker: fake, env: env({ INSPECT: inspect() }) }), undefined);
  });

  it('resolveBaseSize: engine first (uncompressed), platform respected, then the table', async () => {
    const e = await resolveBaseSize('node:20', { docker: fake, dockerEnv: env({ INSPECT: inspect() }), registry: false });
    assert.deepEqual(e, { bytes: 7_654_321, basis: 'engine', compressed: false, note: 'Uncompressed size of the local image node:20 (docker image inspect, 2 layers).' });
    const other = await resolveBaseSize('node:20', { docker: fake, dockerEnv: env({ INSPECT: inspect() }), registry: false, platform: 'linux/arm64' });
    assert.equal(other.basis, 'table');
    assert.match(other.note, /the local image is linux\/amd64, not linux\/arm64; registry lookups are off\.$/);
    const arm = await resolveBaseSize('node:20', { docker: fake, dockerEnv: env({ INSPECT: inspect({ Os: 'linux', Architecture: 'arm64', Variant: 'v8' } as never) }), registry: false, platform: 'linux/arm64' });
    assert.equal(arm.basis, 'engine');
  });
});

describe('resolveBaseSize without engine or registry', () => {
  const off = { registry: false };
  it('scratch is exactly 0', async () => {
    assert.deepEqual(await resolveBaseSize('scratch', off), { bytes: 0, basis: 'metadata', compressed: false, note: 'FROM scratch: an empty filesystem, nothing to download.' });
  });

  it('the bundled table: approximate, compressed, with a range and the reason', async () => {
    const e = await resolveBaseSize('node:20-alpine', off);
    assert.equal(e.basis, 'table');
    assert.equal(e.compressed, true);
    assert.ok(e.bytes! > 0 && e.low! < e.bytes! && e.high! > e.bytes!);
    assert.equal(e.note, 'Approximate compressed size of node:*-alpine for linux/amd64, bundled table (as of mid-2024); registry lookups are off.');
    assert.equal((await resolveBaseSize('node:20-alpine', { ...off, platform: 'windows/amd64' })).basis, 'unknown');
  });

  it('unknown, saying why: variables, invalid references, images not in the table', async () => {
    assert.deepEqual(await resolveBaseSize('${BASE}:1', off), { bytes: null, basis: 'unknown', note: 'The image name ${BASE}:1 has a variable without a value; its size cannot be looked up.' });
    assert.deepEqual(await resolveBaseSize('Node:20', off), { bytes: null, basis: 'unknown', note: 'Node:20 is not a valid image reference.' });
    assert.deepEqual(await resolveBaseSize('myorg/app:1', off), { bytes: null, basis: 'unknown', note: 'Size of myorg/app:1 unknown: registry lookups are off; not in the bundled table.' });
  });

  it('no tag completion when lookups are off', async () => {
    const doc = analyze('file:///w/Dockerfile', 1, 'FROM node:\n');
    assert.equal(await tagCompletion(doc, { line: 0, character: 10 }, off), null);
  });
});

describe('HTTP client (images/http.ts, local servers)', () => {
  interface Seen {
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    port: number;
  }
  let a: Server;
  let b: Server;
  let portA = 0;
  let portB = 0;
  const seen: Seen[] = [];
  const big = Buffer.alloc(300_000, 'x');
  const stalled: ServerResponse[] = [];

  const routes = (port: () => number) => (req: IncomingMessage, res: ServerResponse) => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, port: port() });
    const u = new URL(req.url!, 'http://x');
    const to = u.searchParams.get('to');
    switch (u.pathname) {
      case '/ok':
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.setHeader('Docker-Content-Digest', 'sha256:abc');
        res.setHeader('Link', ['</next?a=1>; rel="next"', '</prev>; rel="prev"']);
        res.setHeader('WWW-Authenticate', 'Bearer realm="http://x/token"');
        res.end('\ufeff{"hello":"world"}');
        return;
      case '/status':
        res.statusCode = Number(u.searchParams.get('code'));
        res.end('{"errors":[]}');
        return;
      case '/redirect':
        res.statusCode = Number(u.searchParams.get('code') ?? 302);
        if (to !== null) res.setHeader('Location', to);
        res.end('moved');
        return;
      case '/loop':
        res.statusCode = 302;
        res.setHeader('Location', `/loop?n=${Number(u.searchParams.get('n') ?? 0) + 1}`);
        res.end();
        return;
      case '/big':
        res.setHeader('Content-Length', big.length);
        res.end(req.method === 'HEAD' ? undefined : big);
        return;
      case '/chunked':
        for (let i = 0; i < 30; i++) res.write(big.subarray(0, 10_000));
        res.end();
        return;
      case '/gzip':
        res.setHeader('Content-Encoding', 'gzip');
        res.end(gzipSync(JSON.stringify({ tags: ['1', '2'] })));
        return;
      case '/partial':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"tags":[');
        stalled.push(res);
        return;
      case '/silent':
        stalled.push(res);
        return;
    }
    res.statusCode = 404;
    res.end();
  };

  const listen = (s: Server) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));
  const stop = (s: Server) => {
    s.closeAllConnections();
    return new Promise<void>((r) => s.close(() => r()));
  };
  const A = (path: string) => `http://127.0.0.1:${portA}${path}`;
  const since = (n: number) => seen.slice(n);

  before(async () => {
    a = createServer(routes(() => portA));
    b = createServer(routes(() => portB));
    portA = await listen(a);
    portB = await listen(b);
  });
  after(async () => {
    for (const r of stalled) r.destroy();
    await Promise.all([stop(a), stop(b)]);
  });

  it('status, headers by name in any case (repeated ones joined), JSON and text bodies (BOM dropped)', async () => {
    const n = seen.length;
    const res = await httpRequest(A('/ok'), { headers: { Accept: 'application/json', Authorization: 'Bearer t' } });
    assert.equal(res.status, 200);
    assert.equal(res.ok, true);
    assert.equal(res.url, A('/ok'));
    assert.equal(res.redirected, false);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(res.headers.get('Docker-Content-Digest'), 'sha256:abc');
    assert.equal(res.headers.get('link'), '</next?a=1>; rel="next", </prev>; rel="prev"');
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="http://x/token"');
    assert.equal(res.headers.get('content-length'), String(Buffer.byteLength('\ufeff{"hello":"world"}')));
    assert.equal(res.headers.get('x-missing'), null);
    assert.deepEqual(await res.json(), { hello: 'world' });
    await assert.rejects(res.text(), HttpError, 'a body is read once');
    const [req] = since(n);
    assert.equal(req.method, 'GET');
    assert.equal(req.headers.accept, 'application/json', 'the caller\'s Accept replaces the default');
    assert.equal(req.headers.authorization, 'Bearer t');
    assert.equal(req.headers['user-agent'], 'dockerfile-lens');
    assert.equal(req.headers['accept-encoding'], undefined, 'identity bodies');
    const missing = await httpRequest(A('/status?code=404'));
    assert.deepEqual([missing.status, missing.ok], [404, false]);
    missing.discard();
    assert.equal(await (await httpRequest(A('/ok'))).text(), '{"hello":"world"}');
    assert.equal(since(n)[2].headers.accept, '*/*');
  });

  it('gzip bodies are decoded', async () => {
    assert.deepEqual(await (await httpRequest(A('/gzip'))).json(), { tags: ['1', '2'] });
  });

  it('redirects: relative and absolute, the method kept, Authorization kept on the origin and dropped off it (host or port)', async () => {
    const n = seen.length;
    const auth = { Authorization: 'Bearer secret', Accept: 'application/json' };
    const same = await httpRequest(A('/redirect?code=307&to=/ok'), { headers: auth });
    assert.equal(same.status, 200);
    assert.equal(same.redirected, true);
    assert.equal(same.url, A('/ok'));
    same.discard();
    let hops = since(n);
    assert.deepEqual(hops.map((h) => [h.url, h.headers.authorization]), [['/redirect?code=307&to=/ok', 'Bearer secret'], ['/ok', 'Bearer secret']]);

    // another host name for the same server, then another port: another origin either way
    const m = seen.length;
    const otherHost = `http://localhost:${portA}/redirect?code=308&to=${encodeURIComponent(`http://127.0.0.1:${portB}/ok`)}`;
    const cross = await httpRequest(A(`/redirect?code=301&to=${encodeURIComponent(otherHost)}`), { headers: auth });
    assert.equal(cross.url, `http://127.0.0.1:${portB}/ok`);
    assert.deepEqual(await cross.json(), { hello: 'world' });
    hops = since(m);
    assert.deepEqual(hops.map((h) => [h.port, h.headers.host, h.headers.authorization, h.headers.accept]), [
      [portA, `127.0.0.1:${portA}`, 'Bearer secret', 'application/json'],
      [portA, `localhost:${portA}`, undefined, 'application/json'],
      [portB, `127.0.0.1:${portB}`, undefined, 'application/json'],
    ]);

    // a redirect back to the first origin does not bring the dropped header back
    const k = seen.length;
    const back = await httpRequest(A(`/redirect?to=${encodeURIComponent(`http://127.0.0.1:${portB}/redirect?to=${encodeURIComponent(A('/ok'))}`)}`), { headers: auth });
    back.discard();
    assert.deepEqual(since(k).map((h) => h.headers.authorization), ['Bearer secret', undefined, undefined]);

    const h = seen.length;
    const head = await httpRequest(A('/redirect?code=303&to=/big'), { method: 'HEAD' });
    assert.equal(head.headers.get('content-length'), String(big.length));
    assert.deepEqual(since(h).map((x) => x.method), ['HEAD', 'HEAD'], 'HEAD stays HEAD, even on a 303');
  });

  it('redirects: at most 5 by default, http(s) only; a 3xx without Location is the response', async () => {
    const n = seen.length;
    await assert.rejects(httpRequest(A('/loop')), (e: Error) => e instanceof HttpError && e.message === 'more than 5 redirects');
    assert.equal(since(n).length, 6);
    const m = seen.length;
    await assert.rejects(httpRequest(A('/loop'), { maxRedirects: 2 }), /more than 2 redirects/);
    assert.equal(since(m).length, 3);
    await assert.rejects(httpRequest(A('/redirect?to=ftp://example.com/x')), /unsupported URL scheme ftp:/);
    await assert.rejects(httpRequest('file:///etc/passwd'), /unsupported URL scheme file:/);
    const bare = await httpRequest(A('/redirect?code=302'));
    assert.equal(bare.status, 302);
    assert.equal(await bare.text(), 'moved');
  });

  it('bodies are capped: a declared length over the cap fails before reading, a longer stream as it passes the cap', async () => {
    await assert.rejects((await httpRequest(A('/big'))).text(100_000), (e: Error) => e instanceof HttpError && e.message === `response too large (${big.length} bytes)`);
    await assert.rejects((await httpRequest(A('/chunked'))).text(100_000), (e: Error) => e instanceof HttpError && e.message === 'response larger than 100000 bytes');
    assert.equal((await (await httpRequest(A('/chunked'))).text(300_000)).length, 300_000, 'exactly the cap is fine');
    assert.equal((await (await httpRequest(A('/big'))).text()).length, big.length, 'default cap: 4 MiB');
  });

  it('timeout and abort: while waiting for the head, while reading the body, before starting', async () => {
    const t0 = Date.now();
    await assert.rejects(httpRequest(A('/silent'), { timeoutMs: 200 }), (e: Error) => e.name === 'TimeoutError');
    const took = Date.now() - t0;
    assert.ok(took >= 190 && took < 2000, `${took} ms`);
    await assert.rejects(httpRequest(A('/silent'), { signal: AbortSignal.timeout(150) }), (e: Error) => e.name === 'TimeoutError');

    const c = new AbortController();
    const res = await httpRequest(A('/partial'), { signal: c.signal });
    assert.equal(res.status, 200);
    const body = res.text();
    setTimeout(() => c.abort(), 50);
    await assert.rejects(body, (e: Error) => e.name === 'AbortError');
    const slowBody = await httpRequest(A('/partial'), { timeoutMs: 200 });
    await assert.rejects(slowBody.text(), (e: Error) => e.name === 'TimeoutError', 'the timeout covers the body');

    const aborted = new AbortController();
    aborted.abort();
    const n = seen.length;
    await assert.rejects(httpRequest(A('/ok'), { signal: aborted.signal }), (e: Error) => e.name === 'AbortError');
    assert.equal(seen.length, n, 'no request sent');
  });

  it('network errors are Node\'s (code)', async () => {
    const s = createServer();
    const port = await listen(s);
    await stop(s);
    await assert.rejects(httpRequest(`http://127.0.0.1:${port}/`), (e: Error & { code?: string }) => e.code === 'ECONNREFUSED');
    await assert.rejects(httpRequest(A('/ok'), { headers: { 'X-Bad': 'a\nb' } }), (e: Error & { code?: string }) => e.code === 'ERR_INVALID_CHAR');
  });
});
