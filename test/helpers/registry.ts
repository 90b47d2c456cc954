/**
 * A real registry for the integration tests: Debian's `docker-registry serve`
 * (distribution 2.8) on a free 127.0.0.1 port with a temporary storage
 * directory, images pushed with `skopeo copy` from OCI layouts written here by
 * hand (gzipped tar layers whose compressed sizes are known exactly, a config, a
 * manifest, optionally an image index of several platforms). Also small local
 * HTTP servers: a bearer-token front (401 challenge, token endpoint, /v2 proxied
 * to the registry), a server that never answers, and a fake Docker Hub tags API.
 * Recipes: ../shared/notes/containers.md.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Skips the test when a binary is missing, unless CI is set (then it fails). */
export function requireBinaries(ctx: Mocha.Context, names: string[]): void {
  const missing = names.filter((n) => {
    try {
      execFileSync('/bin/sh', ['-c', 'command -v "$1"', 'sh', n], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (!missing.length) return;
  if (process.env.CI) throw new Error(`missing ${missing.join(', ')} (install docker-registry and skopeo)`);
  ctx.skip();
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((r) => server.close(() => r()));
}

// ---------------------------------------------------------------- OCI layouts

const sha256 = (b: Buffer | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');

/** A one-file ustar archive. */
function tar(name: string, content: Buffer): Buffer {
  const h = Buffer.alloc(512);
  const field = (off: number, len: number, s: string) => h.write(s.padEnd(len, '\0').slice(0, len), off, 'latin1');
  field(0, 100, name);
  field(100, 8, '0000644\0');
  field(108, 8, '0000000\0');
  field(116, 8, '0000000\0');
  field(124, 12, content.length.toString(8).padStart(11, '0') + '\0');
  field(136, 12, '00000000000\0');
  field(148, 8, '        ');
  field(156, 1, '0');
  field(257, 8, 'ustar\u000000');
  let sum = 0;
  for (const b of h) sum += b;
  field(148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  const pad = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([h, content, pad, Buffer.alloc(1024)]);
}

export interface TestImage {
  platform: { os: string; architecture: string; variant?: string };
  /** Bytes of random (incompressible) content per layer. */
  layers: number[];
  /** The config's `Env` (none when absent). */
  env?: string[];
}

export interface WrittenImage {
  manifestDigest: string;
  layerSizes: number[];
  configSize: number;
}

export interface WrittenLayout {
  dir: string;
  images: WrittenImage[];
  indexDigest?: string;
}

/**
 * An OCI layout in `dir` holding one image, or an image index of several
 * platforms when `index` is set (index.json then points to that index, as
 * `skopeo copy --all oci:DIR` expects).
 */
export function writeOciLayout(dir: string, images: TestImage[], index: boolean): WrittenLayout {
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const blob = (b: Buffer | string) => {
    const d = sha256(b);
    writeFileSync(join(blobs, d.slice(7)), b);
    return { digest: d, size: Buffer.byteLength(b) };
  };
  const written: WrittenImage[] = [];
  const descriptors = images.map((img) => {
    const layers = img.layers.map((n, i) => {
      const raw = tar(`file${i}.bin`, randomBytes(n));
      return { diffId: sha256(raw), ...blob(gzipSync(raw)) };
    });
    const config = blob(JSON.stringify({ ...img.platform, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) }, config: img.env ? { Env: img.env } : {} }));
    const manifest = blob(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: l.digest, size: l.size })),
      }),
    );
    written.push({ manifestDigest: manifest.digest, layerSizes: layers.map((l) => l.size), configSize: config.size });
    return { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, platform: img.platform };
  });
  let top: object = descriptors[0];
  let indexDigest: string | undefined;
  if (index) {
    const idx = blob(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: descriptors }));
    indexDigest = idx.digest;
    top = { mediaType: 'application/vnd.oci.image.index.v1+json', ...idx };
  }
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [top] }));
  return { dir, images: written, indexDigest };
}

// ---------------------------------------------------------------- the registry

export interface TestRegistry {
  /** `127.0.0.1:PORT` */
  host: string;
  /** `skopeo copy [--all] oci:LAYOUT docker://HOST/NAME` (`format` v2s2 converts to Docker manifests). */
  push(layout: string, name: string, opts?: { all?: boolean; format?: 'v2s2' }): void;
  stop(): Promise<void>;
}

export async function startRegistry(): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'lens-reg-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: ${host}\n`,
  );
  const proc: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  for (let i = 0; ; i++) {
    const up = await fetch(`http://${host}/v2/`).then((r) => r.ok, () => false);
    if (up) break;
    if (i > 100 || proc.exitCode !== null) {
      proc.kill();
      throw new Error(`docker-registry did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    push(layout, name, opts = {}) {
      const args = ['copy', '--quiet', '--dest-tls-verify=false', ...(opts.all ? ['--all'] : []), ...(opts.format ? ['--format', opts.format] : []), `oci:${layout}`, `docker://${host}/${name}`];
      execFileSync('skopeo', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    },
    async stop() {
      proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- small HTTP servers

export interface TestServer {
  host: string;
  /** Paths (with query) requested so far. */
  requests: string[];
  stop(): Promise<void>;
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse, host: string) => void): Promise<TestServer> {
  const requests: string[] = [];
  let host = '';
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res, host);
  });
  host = `127.0.0.1:${await listen(server)}`;
  return { host, requests, stop: () => close(server) };
}

/**
 * Docker Hub's scheme in front of a registry: `/v2/…` without a valid bearer
 * token → 401 with a `WWW-Authenticate: Bearer realm=…,service=…,scope=…`
 * challenge; `/token` hands out a token for the requested scope; with the
 * token, requests are proxied to `upstream` (tag lists paged when `n` is given).
 */
export function startTokenProxy(upstream: string): Promise<TestServer> {
  const token = randomBytes(8).toString('hex');
  return serve((req, res, host) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname === '/token') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ token: `${token}|${url.searchParams.get('scope')}`, expires_in: 300 }));
      return;
    }
    const repo = /^\/v2\/(.+?)\/(?:manifests|tags|blobs)\//.exec(url.pathname)?.[1];
    const scope = `repository:${repo}:pull`;
    if (req.headers.authorization !== `Bearer ${token}|${scope}`) {
      res.statusCode = 401;
      res.setHeader('WWW-Authenticate', `Bearer realm="http://${host}/token",service="test-registry",scope="${scope}"`);
      res.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }
    const n = Number(url.searchParams.get('n'));
    if (url.pathname.endsWith('/tags/list') && n > 0) return paginateTags(upstream, url, n, res);
    const forward = request(`http://${upstream}${req.url}`, { method: req.method, headers: { accept: req.headers.accept ?? '*/*' } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    forward.on('error', () => res.destroy());
    forward.end();
  });
}

/**
 * `tags/list?n=N[&last=T]` as the distribution spec pages it (lexical order,
 * `Link: <…?last=…&n=N>; rel="next"` while more remain): Debian's
 * distribution 2.8 ignores `n` and always answers the whole list.
 */
async function paginateTags(upstream: string, url: URL, n: number, res: ServerResponse): Promise<void> {
  const all = ((await (await fetch(`http://${upstream}${url.pathname}`)).json()) as { name: string; tags: string[] });
  const last = url.searchParams.get('last');
  const rest = all.tags.sort().filter((t) => last === null || t > last);
  const page = rest.slice(0, n);
  if (rest.length > n) res.setHeader('Link', `<${url.pathname}?last=${encodeURIComponent(page[page.length - 1])}&n=${n}>; rel="next"`);
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ name: all.name, tags: page }));
}

/** Accepts connections and never answers. */
export function startSilentServer(): Promise<TestServer> {
  return serve(() => undefined);
}

/** Docker Hub's tag API (`/v2/repositories/NS/REPO/tags`) serving `tags` in the given order, `pageSize` a page. */
export function startFakeHub(tags: string[], pageSize: number): Promise<TestServer> {
  return serve((req, res, host) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const page = Number(url.searchParams.get('page') ?? '1');
    const results = tags.slice((page - 1) * pageSize, page * pageSize).map((name) => ({ name }));
    const next = page * pageSize < tags.length ? `http://${host}${url.pathname}?ordering=last_updated&page_size=${pageSize}&page=${page + 1}` : null;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ count: tags.length, next, results }));
  });
}
