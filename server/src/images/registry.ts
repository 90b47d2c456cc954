/**
 * A small client of the OCI distribution API (the "registry v2" API) for the
 * size of a base image and the tags of a repository, over ./http.ts (`node:http`
 * and `node:https`; Node's `fetch` costs a fresh process 14 MB of RSS to load).
 *
 * What it relies on, and where Docker does the same:
 * - References are validated and normalised as distribution/reference's
 *   `ParseNormalizedNamed` does (the shared grammar, protocol/imageName.ts): the
 *   first path component is a registry only if it contains `.` or `:`, is
 *   `localhost` or has capitals; `index.docker.io` is `docker.io`; a one-component name on
 *   Docker Hub gets `library/`; no tag and no digest means `latest`; with both,
 *   the digest is what is pulled. Docker Hub's API host is `registry-1.docker.io`.
 * - Plain http for `localhost`, 127.0.0.0/8 and `[::1]`: Docker treats loopback
 *   registries as insecure by default (the daemon's default insecure CIDRs are
 *   127.0.0.0/8 and ::1/128) and containerd/BuildKit's `docker.MatchLocalhost`
 *   uses plain http for them; https for everything else.
 * - `GET /v2/<name>/manifests/<ref>` always with all four manifest types in
 *   `Accept` (OCI index, OCI manifest, Docker manifest list, Docker manifest v2):
 *   registries convert or refuse when a stored type is not accepted
 *   (../shared/notes/containers.md). An image index / manifest list is resolved
 *   to one platform as containerd's `platforms` package does: `--platform` or
 *   `linux/amd64`, architecture aliases and variants normalised (`aarch64` =
 *   `arm64`, `arm64/v8` = `arm64`, `arm` = `arm/v7`), and older variants accepted
 *   when no exact match exists (`arm/v7` runs `arm/v6`, `amd64/v3` runs `amd64/v2`).
 * - Size = the sum of `layers[].size`: the **compressed** blob sizes a pull
 *   downloads. The config blob (a few KB) is not counted; it is reported apart.
 * - Config = `GET /v2/<name>/blobs/<config.digest>` of the same manifest (what
 *   BuildKit's image resolver reads for `Env`, `WorkingDir`, …), checked
 *   against its digest (sha256) and size before it is parsed.
 * - Anonymous token auth as Docker Hub does it (distribution's token spec):
 *   `401` + `WWW-Authenticate: Bearer realm=…,service=…,scope=…` → `GET realm?
 *   service=…&scope=…` → `{token|access_token, expires_in}` → retry with
 *   `Authorization: Bearer`. Tokens are kept in memory until they expire.
 * - Tags: `GET /v2/<name>/tags/list?n=…`, following `Link: <…>; rel="next"` on
 *   the same origin, up to a cap. For Docker Hub the Hub API returns tags newest
 *   first (`/v2/repositories/<ns>/<repo>/tags?ordering=last_updated`); other
 *   registries list tags lexically, so they are sorted version-aware, newest first.
 * - Every lookup has one deadline (an `AbortSignal`, default 5 s) covering all its
 *   requests and bodies, and may be cancelled by the caller's signal; bodies are
 *   read up to a cap (manifests: distribution's 4 MiB).
 * - Redirects (a registry may send manifests to a CDN) are followed as fetch
 *   follows them, up to 5: `Authorization` is dropped when one leaves the origin.
 */
import { createHash } from 'node:crypto';
import { parseNormalizedNamed } from '../protocol/imageName';
import { HttpError, httpRequest, type HttpResponse } from './http';

export interface ImageRef {
  /** The registry as Docker names it: `docker.io`, `ghcr.io`, `localhost:5000`. */
  domain: string;
  /** Where its API is served (`registry-1.docker.io` for `docker.io`). */
  host: string;
  /** The repository path, e.g. `library/node`. */
  path: string;
  /** `latest` when neither tag nor digest is given. */
  tag: string | undefined;
  digest: string | undefined;
  /** Loopback registry: plain http. */
  insecure: boolean;
}

/** The normalised reference, or undefined when Docker would reject it. */
export function parseReference(ref: string): ImageRef | undefined {
  const parsed = parseNormalizedNamed(ref);
  if (!parsed.ok) return undefined;
  const { domain, path, digest, implicitTag } = parsed.ref;
  const tag = implicitTag ? 'latest' : parsed.ref.tag;
  const host = domain === 'docker.io' ? 'registry-1.docker.io' : domain;
  return { domain, host, path, tag, digest, insecure: isLoopback(domain) };
}

/** The reference as `docker` prints it: `node:20`, `localhost:5000/x:1`. */
export function familiarName(r: ImageRef): string {
  const name = r.domain === 'docker.io' ? r.path.replace(/^library\//, '') : `${r.domain}/${r.path}`;
  return name + (r.digest ? `@${r.digest}` : `:${r.tag}`);
}

function isLoopback(domain: string): boolean {
  const host = domain.startsWith('[') ? domain.slice(0, domain.indexOf(']') + 1) : domain.replace(/:\d+$/, '');
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

// ---------------------------------------------------------------- platforms

export interface Platform {
  os: string;
  architecture: string;
  variant: string;
}

/** `os/arch[/variant]` normalised as containerd's `platforms.Normalize`; `linux/amd64` when empty or malformed. */
export function parsePlatform(s: string | undefined): Platform {
  const [os, arch, variant] = (s ?? '').toLowerCase().split('/');
  if (!os || !arch) return { os: 'linux', architecture: 'amd64', variant: '' };
  return normalizePlatform({ os, architecture: arch, variant: variant ?? '' });
}

export function formatPlatform(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

function normalizePlatform(p: { os?: unknown; architecture?: unknown; variant?: unknown }): Platform {
  const os = String(p.os ?? '').toLowerCase();
  let arch = String(p.architecture ?? '').toLowerCase();
  let variant = String(p.variant ?? '').toLowerCase();
  switch (arch) {
    case 'i386':
      arch = '386';
      break;
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      arch = 'amd64';
      if (variant === 'v1') variant = '';
      break;
    case 'aarch64':
    case 'arm64':
      arch = 'arm64';
      if (['8', 'v8', 'v8.0'].includes(variant)) variant = '';
      break;
    case 'armhf':
      arch = 'arm';
      variant = 'v7';
      break;
    case 'armel':
      arch = 'arm';
      variant = 'v6';
      break;
    case 'arm':
      if (variant === '' || variant === '7') variant = 'v7';
      else if (/^[568]$/.test(variant)) variant = `v${variant}`;
      break;
  }
  return { os, architecture: arch, variant };
}

/** Variants a platform runs, best first (containerd's matcher fallbacks for arm and amd64 levels). */
function acceptedVariants(p: Platform): string[] {
  const level = p.variant === '' ? 1 : Number(/^v(\d)$/.exec(p.variant)?.[1]);
  if (p.architecture === 'arm' && level >= 5 && level <= 8) return ['v8', 'v7', 'v6', 'v5'].slice(8 - level);
  if (p.architecture === 'amd64' && level >= 1 && level <= 4) return ['v4', 'v3', 'v2', ''].slice(4 - level);
  return [p.variant];
}

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}

/** How well an image's platform suits the wanted one: 0 exact, 1… an older variant it runs, -1 not at all. */
export function platformRank(image: { os?: unknown; architecture?: unknown; variant?: unknown }, want: Platform): number {
  const p = normalizePlatform(image);
  if (p.os !== want.os || p.architecture !== want.architecture) return -1;
  return acceptedVariants(want).indexOf(p.variant);
}

/** The entry of an image index for a platform: exact match first, then an older variant it can run. */
export function selectManifest(manifests: readonly Descriptor[], want: Platform): Descriptor | undefined {
  let best: Descriptor | undefined;
  let bestRank = Infinity;
  for (const m of manifests) {
    if (!m.platform) continue;
    const rank = platformRank(m.platform, want);
    if (rank >= 0 && rank < bestRank) {
      best = m;
      bestRank = rank;
    }
  }
  return best;
}

// ---------------------------------------------------------------- HTTP

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
};
const MANIFEST_ACCEPT = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerList, MEDIA_TYPES.dockerManifest].join(', ');
/** distribution refuses manifests over 4 MiB. */
const MANIFEST_MAX = 4 << 20;
const JSON_MAX = 8 << 20;

class RegistryError extends Error {}

export interface RegistryOptions {
  /** Deadline for the whole lookup; default 5000 ms. */
  timeoutMs?: number;
  /** `os/arch[/variant]` for image indexes; default `linux/amd64`. */
  platform?: string;
  /** At most this many tags; default 500. */
  tagLimit?: number;
  /** `n` of a tags/list page; default 1000. */
  tagPageSize?: number;
  /** Docker Hub's web API; default `https://hub.docker.com` (tests point it at a local server). */
  hubApi?: string;
  /** Cancels the lookup (it then fails as cancelled). */
  signal?: AbortSignal;
}

export type Lookup<T> = { ok: true; value: T } | { ok: false; error: string };

interface Session {
  signal: AbortSignal;
  timeoutMs: number;
  /** The caller's signal, if any. */
  cancelled?: AbortSignal;
}

function session(opts: RegistryOptions): Session {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const timeout = AbortSignal.timeout(timeoutMs);
  return { signal: opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout, timeoutMs, cancelled: opts.signal };
}

async function run<T>(s: Session, f: () => Promise<T>): Promise<Lookup<T>> {
  try {
    return { ok: true, value: await f() };
  } catch (e) {
    if (s.cancelled?.aborted) return { ok: false, error: 'cancelled' };
    if (s.signal.aborted) return { ok: false, error: `no answer within ${s.timeoutMs / 1000} s` };
    const err = e as Error & { code?: unknown };
    if (err instanceof RegistryError || err instanceof HttpError) return { ok: false, error: err.message };
    // Node's network errors: ECONNREFUSED, ENOTFOUND, ECONNRESET, a TLS verification code…
    return { ok: false, error: typeof err.code === 'string' ? `network error (${err.code})` : err.message };
  }
}

function baseUrl(r: ImageRef): string {
  return `${r.insecure ? 'http' : 'https'}://${r.host}`;
}

/** The body as JSON, read up to `max` bytes (an HttpError beyond). */
async function readJson(res: HttpResponse, max = JSON_MAX): Promise<unknown> {
  const text = await res.text(max);
  try {
    return JSON.parse(text);
  } catch {
    throw new RegistryError(`${res.url}: not JSON`);
  }
}

/** `WWW-Authenticate: Scheme k="v",k2=v2` → scheme and lower-cased parameter names. */
export function parseChallenge(header: string | null): { scheme: string; params: Record<string, string> } | undefined {
  const m = /^\s*(\w+)\s*(.*)$/s.exec(header ?? '');
  if (!m) return undefined;
  return { scheme: m[1].toLowerCase(), params: challengeParams(m[2]) };
}

/** `k="v", k2=v2` (RFC 7235 auth-params; quoted strings with `\` escapes), scanned once from left to right. */
function challengeParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  let i = 0;
  const skip = (re: RegExp) => {
    while (i < text.length && re.test(text[i])) i++;
  };
  while (i < text.length) {
    skip(/[\s,]/);
    const nameStart = i;
    skip(/[\w-]/);
    const name = text.slice(nameStart, i);
    skip(/\s/);
    if (!name || text[i] !== '=') {
      i = Math.max(i, nameStart + 1); // not a parameter: move on
      continue;
    }
    i++;
    skip(/\s/);
    let value = '';
    if (text[i] === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) value += text[i] === '\\' && i + 1 < text.length ? text[++i] : text[i];
      i++;
    } else {
      const start = i;
      skip(/[^,\s]/);
      value = text.slice(start, i);
    }
    params[name.toLowerCase()] = value;
  }
  return params;
}

const tokens = new Map<string, { token: string; expires: number }>();

async function bearerToken(challenge: Record<string, string>, defaultScope: string, s: Session): Promise<string> {
  const realm = challenge.realm;
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw new RegistryError(`bad token realm ${JSON.stringify(realm)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RegistryError(`bad token realm ${realm}`);
  if (challenge.service) url.searchParams.set('service', challenge.service);
  url.searchParams.set('scope', challenge.scope || defaultScope);
  const key = url.href;
  const known = tokens.get(key);
  if (known && known.expires > Date.now()) return known.token;
  const res = await httpRequest(url, { signal: s.signal });
  if (!res.ok) {
    res.discard();
    throw new RegistryError(`token request refused (HTTP ${res.status})`);
  }
  const body = (await readJson(res, 1 << 20)) as { token?: unknown; access_token?: unknown; expires_in?: unknown };
  const token = typeof body?.token === 'string' ? body.token : typeof body?.access_token === 'string' ? body.access_token : undefined;
  if (!token) throw new RegistryError('the token endpoint returned no token');
  // the token spec's default lifetime is 60 s; keep a margin
  const ttl = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
  if (tokens.size >= 200) tokens.clear();
  tokens.set(key, { token, expires: Date.now() + Math.max(0, ttl - 10) * 1000 });
  return token;
}

/** GET with the anonymous token flow on a `401 Bearer` challenge. */
async function get(url: string, r: ImageRef, s: Session, accept?: string): Promise<HttpResponse> {
  const headers: Record<string, string> = accept ? { Accept: accept } : {};
  let res = await httpRequest(url, { headers, signal: s.signal });
  if (res.status === 401) {
    const challenge = parseChallenge(res.headers.get('www-authenticate'));
    res.discard();
    if (challenge?.scheme !== 'bearer' || !challenge.params.realm) throw new RegistryError('the registry needs credentials');
    const token = await bearerToken(challenge.params, `repository:${r.path}:pull`, s);
    res = await httpRequest(url, { headers: { ...headers, Authorization: `Bearer ${token}` }, signal: s.signal });
  }
  if (!res.ok) {
    res.discard();
    if (res.status === 401 || res.status === 403) throw new RegistryError(`access denied (HTTP ${res.status}): private image or credentials needed`);
    if (res.status === 404) throw new RegistryError('not found in the registry');
    throw new RegistryError(`HTTP ${res.status}`);
  }
  return res;
}

// ---------------------------------------------------------------- manifests

export interface ImageSize {
  /** Sum of the compressed layer sizes (the config blob not included). */
  bytes: number;
  layers: Array<{ digest: string; size: number }>;
  /** Size of the config blob, not included in `bytes`. */
  configBytes: number;
  /** The platform picked from an image index; undefined for a single-platform image. */
  platform: string | undefined;
  /** Digest of the image manifest that was measured. */
  digest: string | undefined;
  mediaType: string;
}

const isSize = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

interface ImageManifest {
  body: { layers: unknown[]; config?: { size?: unknown; digest?: unknown; mediaType?: unknown } };
  digest: string | undefined;
  mediaType: string;
  /** The platform picked from an image index; undefined for a single-platform image. */
  platform: string | undefined;
}

/** The image manifest of `r` for a platform (an image index resolved, at most two levels deep). */
async function imageManifest(r: ImageRef, want: Platform, s: Session): Promise<ImageManifest> {
  let reference = r.digest ?? r.tag ?? 'latest';
  let picked: string | undefined;
  // an index may point to another index: follow at most two levels
  for (let depth = 0; depth < 3; depth++) {
    const res = await get(`${baseUrl(r)}/v2/${r.path}/manifests/${reference}`, r, s, MANIFEST_ACCEPT);
    const digest = res.headers.get('docker-content-digest') ?? undefined;
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0].trim();
    const body = (await readJson(res, MANIFEST_MAX)) as { mediaType?: unknown; schemaVersion?: unknown; manifests?: unknown; layers?: unknown; config?: { size?: unknown; digest?: unknown } };
    if (!body || typeof body !== 'object') throw new RegistryError('malformed manifest');
    const mediaType = typeof body.mediaType === 'string' ? body.mediaType : contentType;
    if (body.schemaVersion !== 2) throw new RegistryError(`schema ${String(body.schemaVersion)} manifest (${mediaType}): sizes not listed`);
    if (Array.isArray(body.manifests)) {
      const entry = selectManifest(body.manifests.filter((m): m is Descriptor => typeof m?.digest === 'string'), want);
      if (!entry) throw new RegistryError(`no ${formatPlatform(want)} image in the index`);
      reference = entry.digest;
      picked = formatPlatform(normalizePlatform(entry.platform!));
      continue;
    }
    if (!Array.isArray(body.layers)) throw new RegistryError(`unexpected manifest type ${mediaType || '(none)'}`);
    return { body: body as ImageManifest['body'], digest, mediaType, platform: picked };
  }
  throw new RegistryError('image indexes nested too deeply');
}

/** The compressed size of an image for a platform, from its registry manifest. */
export async function imageSize(r: ImageRef, opts: RegistryOptions = {}): Promise<Lookup<ImageSize>> {
  const s = session(opts);
  const want = parsePlatform(opts.platform);
  return run(s, async () => {
    const { body, digest, mediaType, platform } = await imageManifest(r, want, s);
    const layers = body.layers.map((l) => ({ digest: String((l as { digest?: unknown })?.digest), size: (l as { size?: unknown })?.size }));
    if (!layers.every((l) => isSize(l.size))) throw new RegistryError('a layer of the manifest has no valid size');
    const sized = layers as Array<{ digest: string; size: number }>;
    return {
      bytes: sized.reduce((a, l) => a + l.size, 0),
      layers: sized,
      configBytes: isSize(body.config?.size) ? body.config.size : 0,
      platform,
      digest,
      mediaType,
    };
  });
}

export interface ImageConfig {
  /** `config.Env` (`KEY=VALUE`), [] when the config has none. */
  env: string[];
  /** Digest of the config blob. */
  configDigest: string;
  /** Digest of the image manifest it belongs to. */
  digest: string | undefined;
  /** The platform picked from an image index; undefined for a single-platform image. */
  platform: string | undefined;
}

/** distribution's limit for a config blob read as JSON here (configs are a few KB). */
const CONFIG_MAX = 4 << 20;

/** The image's config blob for a platform (its `Env`), read through the manifest and checked against its digest. */
export async function imageConfig(r: ImageRef, opts: RegistryOptions = {}): Promise<Lookup<ImageConfig>> {
  const s = session(opts);
  const want = parsePlatform(opts.platform);
  return run(s, async () => {
    const { body, digest, platform } = await imageManifest(r, want, s);
    const configDigest = body.config?.digest;
    if (typeof configDigest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(configDigest)) throw new RegistryError('the manifest names no sha256 config blob');
    const res = await get(`${baseUrl(r)}/v2/${r.path}/blobs/${configDigest}`, r, s);
    const text = await res.text(CONFIG_MAX);
    if (`sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}` !== configDigest) throw new RegistryError('the config blob does not match its digest');
    let config: { config?: { Env?: unknown } | null };
    try {
      config = JSON.parse(text) as typeof config;
    } catch {
      throw new RegistryError('the config blob is not JSON');
    }
    const env = config?.config?.Env;
    return { env: Array.isArray(env) ? env.filter((e): e is string => typeof e === 'string') : [], configDigest, digest, platform };
  });
}

export interface RegistryImage {
  /** The config blob's text, checked against its digest. */
  config: string;
  /** The manifest's layer descriptors, base first. */
  layers: Descriptor[];
  /**
   * Opens a layer blob as a stream (compressed as stored; not checked against its digest, which would
   * need the whole blob read twice or held). Its deadline is the caller's signal only: layers may be large.
   */
  blob(digest: string): Promise<Lookup<import('node:stream').Readable>>;
}

/** The image manifest, config and layer blobs of `r` for a platform (image analysis: ./imageSource.ts). */
export async function openRegistryImage(r: ImageRef, opts: RegistryOptions = {}): Promise<Lookup<RegistryImage>> {
  const s = session(opts);
  const want = parsePlatform(opts.platform);
  return run(s, async () => {
    const { body } = await imageManifest(r, want, s);
    const configDigest = body.config?.digest;
    if (typeof configDigest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(configDigest)) throw new RegistryError('the manifest names no sha256 config blob');
    const res = await get(`${baseUrl(r)}/v2/${r.path}/blobs/${configDigest}`, r, s);
    const config = await res.text(CONFIG_MAX);
    if (`sha256:${createHash('sha256').update(config, 'utf8').digest('hex')}` !== configDigest) throw new RegistryError('the config blob does not match its digest');
    const layers = body.layers.filter((l): l is Descriptor => typeof (l as Descriptor)?.digest === 'string' && /^sha256:[0-9a-f]{64}$/.test((l as Descriptor).digest));
    if (layers.length !== body.layers.length) throw new RegistryError('a layer of the manifest has no sha256 digest');
    const blob = (digest: string) => {
      const b: Session = { signal: opts.signal ?? new AbortController().signal, timeoutMs: Infinity, cancelled: opts.signal };
      return run(b, async () => (await get(`${baseUrl(r)}/v2/${r.path}/blobs/${digest}`, r, b)).stream());
    };
    return { config, layers, blob };
  });
}

// ---------------------------------------------------------------- tags

/** The `rel="next"` target of a `Link` header. */
export function nextLink(header: string | null): string | undefined {
  for (const part of (header ?? '').split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /(^|;)\s*rel="?next"?\s*(;|$)/i.test(m[2])) return m[1];
  }
  return undefined;
}

/** Newest first as far as the names tell: `latest`, then version-like tags descending (numbers compared as numbers), then the rest. */
export function sortTagsNewestFirst(tags: readonly string[]): string[] {
  const rank = (t: string) => (t === 'latest' ? 0 : /^v?\d/.test(t) ? 1 : 2);
  const chunks = (t: string) => t.match(/\d+|\D+/g) ?? [];
  const compare = (a: string, b: string): number => {
    const d = rank(a) - rank(b);
    if (d || rank(a) === 2) return d || (a < b ? -1 : a > b ? 1 : 0);
    const ca = chunks(a.replace(/^v/, ''));
    const cb = chunks(b.replace(/^v/, ''));
    for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
      const x = ca[i];
      const y = cb[i];
      if (x === y) continue;
      const nx = /^\d/.test(x);
      const ny = /^\d/.test(y);
      if (nx && ny) return Number(y) - Number(x) || (x < y ? -1 : 1);
      return x < y ? 1 : -1;
    }
    return ca.length - cb.length || (a < b ? -1 : a > b ? 1 : 0);
  };
  return [...tags].sort(compare);
}

/** Follows `next` links, which must stay on `origin`. */
function sameOrigin(link: string, base: string): string | undefined {
  const u = new URL(link, base);
  return u.origin === new URL(base).origin ? u.href : undefined;
}

async function registryTags(r: ImageRef, limit: number, pageSize: number, s: Session): Promise<string[]> {
  const tags: string[] = [];
  let url: string | undefined = `${baseUrl(r)}/v2/${r.path}/tags/list?n=${pageSize}`;
  while (url && tags.length < limit) {
    const res = await get(url, r, s, 'application/json');
    const body = (await readJson(res)) as { tags?: unknown };
    if (body?.tags !== null && !Array.isArray(body?.tags)) throw new RegistryError('malformed tags list');
    for (const t of (body.tags as unknown[] | null) ?? []) if (typeof t === 'string') tags.push(t);
    const next = nextLink(res.headers.get('link'));
    url = next ? sameOrigin(next, url) : undefined;
  }
  return sortTagsNewestFirst(tags).slice(0, limit);
}

async function hubTags(r: ImageRef, limit: number, hubApi: string, s: Session): Promise<string[]> {
  const tags: string[] = [];
  let url: string | undefined = `${hubApi}/v2/repositories/${r.path}/tags?ordering=last_updated&page_size=100`;
  while (url && tags.length < limit) {
    const res = await httpRequest(url, { headers: { Accept: 'application/json' }, signal: s.signal });
    if (!res.ok) {
      res.discard();
      throw new RegistryError(`Docker Hub: HTTP ${res.status}`);
    }
    const body = (await readJson(res)) as { results?: Array<{ name?: unknown }>; next?: unknown };
    if (!Array.isArray(body?.results)) throw new RegistryError('Docker Hub: malformed tag page');
    for (const t of body.results) if (typeof t?.name === 'string') tags.push(t.name);
    url = typeof body.next === 'string' ? sameOrigin(body.next, url) : undefined;
  }
  return tags.slice(0, limit);
}

/** The repository's tags, newest first, at most `tagLimit`. */
export async function listRegistryTags(r: ImageRef, opts: RegistryOptions = {}): Promise<Lookup<string[]>> {
  const limit = opts.tagLimit ?? 500;
  const s = session(opts);
  if (r.domain === 'docker.io') {
    const hub = await run(s, () => hubTags(r, limit, opts.hubApi ?? 'https://hub.docker.com', s));
    if (hub.ok || s.signal.aborted) return hub;
  }
  return run(s, () => registryTags(r, limit, opts.tagPageSize ?? 1000, s));
}
